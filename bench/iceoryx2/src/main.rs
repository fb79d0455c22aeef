//! dmxp-bench-iceoryx2: Eclipse iceoryx2 (ipc::Service) publish/subscribe, same CLI and JSON
//! contract as the C++ programs in bench/ (see bench/README.md).
//!   latency     services ping and pong of [u8]; loan_slice_uninit -> 8-byte sequence -> send,
//!               then receive. busy = receive() in a spin_loop() (PAUSE) spin; block = after each
//!               send a Notifier on an event service wakes the peer's Listener::blocking_wait.
//!               Only the header is written: a loan hands over the sample, not a copy.
//!   throughput  all producers publish on one service that every consumer subscribes to, so each
//!               consumer receives every message ("broadcast"); lossless via
//!               enable_safe_overflow(false) + BackpressureStrategy::RetryUntilDelivered.
//!               No batch API (one loan, one send per message): batch > 1 is unsupported.
//! Workers are fork()ed children (the process is single-threaded until then); every iceoryx2
//! node is created after the fork, and a MAP_SHARED page created before it coordinates them.
use iceoryx2::port::update_connections::UpdateConnections;
use iceoryx2::prelude::*;
use std::hint::spin_loop;
use std::sync::atomic::{AtomicU64, Ordering::*};
use std::time::{Duration, Instant};

fn die(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

#[derive(Clone)]
struct Args {
    test: String,
    size: usize,
    samples: usize,
    mode: String,
    producers: usize,
    consumers: usize,
    batch: usize,
    seconds: f64,
    pin: bool,
}

fn parse_args() -> Args {
    let argv: Vec<String> = std::env::args().collect();
    if argv.len() < 2 {
        die("usage: dmxp-bench-iceoryx2 latency|throughput [--size B] [--samples N] [--mode busy|block] [--producers P] [--consumers C] [--batch B] [--seconds S] [--no-pin]");
    }
    let mut a = Args { test: argv[1].clone(), size: 64, samples: 10000, mode: "busy".into(),
                       producers: 1, consumers: 1, batch: 1, seconds: 1.0, pin: true };
    let mut i = 2;
    while i < argv.len() {
        let k = argv[i].as_str();
        if k == "--no-pin" { a.pin = false; i += 1; continue; }
        let v = argv.get(i + 1).unwrap_or_else(|| die(&format!("missing value for {k}")));
        let num = || v.parse::<usize>().unwrap_or_else(|_| die(&format!("bad value for {k}")));
        match k {
            "--size" => a.size = num(),
            "--samples" => a.samples = num(),
            "--mode" => a.mode = v.clone(),
            "--producers" => a.producers = num(),
            "--consumers" => a.consumers = num(),
            "--batch" => a.batch = num(),
            "--seconds" => a.seconds = v.parse().unwrap_or_else(|_| die("bad value for --seconds")),
            _ => die(&format!("unknown option {k}")),
        }
        i += 2;
    }
    a.size = a.size.max(8); // every message carries an 8-byte sequence header
    if a.samples == 0 || a.producers == 0 || a.consumers == 0 || a.batch == 0 || a.seconds <= 0.0 {
        die("counts and durations must be positive");
    }
    if a.producers > 32 || a.consumers > 32 { die("at most 32 producers and 32 consumers"); }
    if a.mode != "busy" && a.mode != "block" { die("--mode must be busy or block"); }
    a
}

fn unsupported(a: &Args, why: &str) -> ! {
    let shape = if a.test == "latency" { format!("\"mode\":\"{}\"", a.mode) } else {
        format!("\"producers\":{},\"consumers\":{},\"batch\":{}", a.producers, a.consumers, a.batch)
    };
    println!("{{\"peer\":\"iceoryx2\",\"test\":\"{}\",\"size\":{},{shape},\"unsupported\":\"{why}\"}}", a.test, a.size);
    std::process::exit(0)
}

fn pin_to(cpu: usize, enabled: bool) {
    if !enabled { return; }
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        let n = (libc::sysconf(libc::_SC_NPROCESSORS_ONLN) as usize).max(1);
        libc::CPU_SET(cpu % n, &mut set);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            die("sched_setaffinity failed");
        }
    }
}

/// Same idle policy as bench/common/bench_common.hpp: spin with PAUSE, then yield, because
/// 4->4 puts four processes on each vCPU.
struct Backoff(u32);
impl Backoff {
    fn idle(&mut self) {
        self.0 += 1;
        if self.0 < 128 { spin_loop() } else { self.0 = 0; unsafe { libc::sched_yield(); } }
    }
}

#[repr(C, align(64))]
struct Counter(AtomicU64);

const RUN: i32 = 1;
const STOP: i32 = 2;
const DONE: i32 = 3;

/// Lives in a MAP_SHARED|MAP_ANONYMOUS page made before fork(); all-zero bytes are a valid
/// initial state for every field.
#[repr(C)]
struct Control {
    phase: Counter,   // 0 = setup, then RUN, STOP, DONE
    ready: Counter,   // workers that finished their setup
    created: Counter, // 1 once the parent has created the services
    finished: Counter, // producers that stopped sending (and keep their publisher open)
    sent: [Counter; 32],
    recvd: [Counter; 32],
}

impl Control {
    fn new() -> &'static Control {
        let p = unsafe {
            libc::mmap(std::ptr::null_mut(), std::mem::size_of::<Control>(), libc::PROT_READ | libc::PROT_WRITE,
                       libc::MAP_SHARED | libc::MAP_ANONYMOUS, -1, 0)
        };
        if p == libc::MAP_FAILED { die("mmap failed"); }
        unsafe { &*(p as *const Control) }
    }
    fn phase(&self) -> i32 { self.phase.0.load(Acquire) as i32 }
    fn set_phase(&self, p: i32) { self.phase.0.store(p as u64, Release) }
    fn wait_created(&self) { while self.created.0.load(Acquire) == 0 { std::thread::sleep(Duration::from_micros(200)); } }
    fn arrive_and_wait(&self) {
        self.ready.0.fetch_add(1, AcqRel);
        while self.phase() < RUN { std::thread::sleep(Duration::from_micros(200)); }
    }
}

/// Runs `f` in a forked child pinned to `cpu`; its return value is the exit status.
fn spawn(cpu: usize, pin: bool, f: impl FnOnce() -> i32) -> libc::pid_t {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let pid = unsafe { libc::fork() };
    if pid < 0 { die("fork failed"); }
    if pid == 0 {
        unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) }; // never outlive a killed run
        pin_to(cpu, pin);
        let rc = f();
        let _ = std::io::stdout().flush();
        unsafe { libc::_exit(rc) }
    }
    pid
}

fn reap(pid: libc::pid_t, what: &str) -> bool {
    let mut st = 0;
    unsafe { libc::waitpid(pid, &mut st, 0) };
    let ok = libc::WIFEXITED(st) && libc::WEXITSTATUS(st) == 0;
    if !ok { eprintln!("error: {what} (pid {pid}) failed with status {st}"); }
    ok
}

fn node() -> Node<ipc::Service> {
    NodeBuilder::new().create::<ipc::Service>().unwrap_or_else(|e| die(&format!("iceoryx2 node: {e:?}")))
}

fn name(owner: u32, what: &str) -> ServiceName {
    ServiceName::new(&format!("dmxp-bench/{owner}/{what}")).unwrap()
}

type PubSub = iceoryx2::service::port_factory::publish_subscribe::PortFactory<ipc::Service, [u8], ()>;
type Event = iceoryx2::service::port_factory::event::PortFactory<ipc::Service>;

/// The parent creates every service (so that two processes never race to create one) with
/// exactly as many ports as will exist: iceoryx2 preallocates samples per possible subscriber,
/// which matters at 24 MiB.
fn pubsub(node: &Node<ipc::Service>, n: &ServiceName, create: bool, pubs: usize, subs: usize, buf: usize) -> PubSub {
    let b = node.service_builder(n).publish_subscribe::<[u8]>();
    let r = if create {
        b.max_publishers(pubs).max_subscribers(subs).subscriber_max_buffer_size(buf)
            .history_size(0).enable_safe_overflow(false).create().map_err(|e| format!("{e:?}"))
    } else {
        b.open().map_err(|e| format!("{e:?}"))
    };
    r.unwrap_or_else(|e| die(&format!("iceoryx2 service {n}: {e}")))
}

fn event(node: &Node<ipc::Service>, n: &ServiceName, create: bool) -> Event {
    let b = node.service_builder(n).event();
    let r = if create { b.create().map_err(|e| format!("{e:?}")) } else { b.open().map_err(|e| format!("{e:?}")) };
    r.unwrap_or_else(|e| die(&format!("iceoryx2 event {n}: {e}")))
}

type Publisher = iceoryx2::port::publisher::Publisher<ipc::Service, [u8], ()>;
type Subscriber = iceoryx2::port::subscriber::Subscriber<ipc::Service, [u8], ()>;

fn send(publisher: &Publisher, size: usize, seq: u64) {
    let mut bo = Backoff(0);
    let mut s = loop {
        match publisher.loan_slice_uninit(size) {
            Ok(s) => break s,
            Err(_) => bo.idle(), // all samples in flight: wait for subscribers to release one
        }
    };
    for (d, b) in s.payload_mut()[..8].iter_mut().zip(seq.to_le_bytes()) { d.write(b); }
    // Only the header is written, as for every zero-copy peer here; the rest of the sample is
    // shared memory that the OS zero-filled or an earlier message wrote, never read.
    let s = unsafe { s.assume_init() };
    s.send().unwrap_or_else(|e| die(&format!("iceoryx2 send: {e:?}")));
}

fn try_receive(sub: &Subscriber) -> Option<u64> {
    let s = sub.receive().unwrap_or_else(|e| die(&format!("iceoryx2 receive: {e:?}")))?;
    Some(u64::from_le_bytes(s.payload()[..8].try_into().unwrap()))
}

fn wait_until(mut f: impl FnMut() -> bool) {
    while !f() { std::thread::sleep(Duration::from_millis(1)); }
}

/// One end of the ping-pong: publishes on `out`, receives on `inp`, and in block mode pairs
/// each send with a notify and each empty receive with a blocking wait.
struct End {
    publisher: Publisher,
    subscriber: Subscriber,
    notifier: Option<iceoryx2::port::notifier::Notifier<ipc::Service>>,
    listener: Option<iceoryx2::port::listener::Listener<ipc::Service>>,
    size: usize,
}

impl End {
    fn new(node: &Node<ipc::Service>, owner: u32, out: &str, inp: &str, a: &Args) -> (End, PubSub, PubSub) {
        let out_s = pubsub(node, &name(owner, out), false, 1, 1, 2);
        let in_s = pubsub(node, &name(owner, inp), false, 1, 1, 2);
        let publisher = out_s.publisher_builder().initial_max_slice_len(a.size).create()
            .unwrap_or_else(|e| die(&format!("iceoryx2 publisher: {e:?}")));
        let subscriber = in_s.subscriber_builder().create().unwrap_or_else(|e| die(&format!("iceoryx2 subscriber: {e:?}")));
        let (mut notifier, mut listener) = (None, None);
        if a.mode == "block" {
            notifier = Some(event(node, &name(owner, &format!("{out}-ev")), false).notifier_builder().create().unwrap());
            listener = Some(event(node, &name(owner, &format!("{inp}-ev")), false).listener_builder().create().unwrap());
        }
        (End { publisher, subscriber, notifier, listener, size: a.size }, out_s, in_s)
    }
    fn send(&self, seq: u64) {
        send(&self.publisher, self.size, seq);
        if let Some(n) = &self.notifier { n.notify().unwrap_or_else(|e| die(&format!("notify: {e:?}"))); }
    }
    fn receive(&self) -> u64 {
        loop {
            if let Some(seq) = try_receive(&self.subscriber) { return seq; }
            match &self.listener {
                None => spin_loop(),
                Some(l) => { l.blocking_wait(|_| {}).unwrap_or_else(|e| die(&format!("wait: {e:?}"))); }
            }
        }
    }
}

fn latency(a: &Args) -> i32 {
    let ctl = Control::new();
    let owner = std::process::id();
    let warmup = (a.samples / 10).clamp(10, 2000);
    let total = warmup + a.samples;
    let child = spawn(1, a.pin, || {
        ctl.wait_created();
        let node = node();
        let (e, _o, _i) = End::new(&node, owner, "pong", "ping", a);
        ctl.ready.0.fetch_add(1, AcqRel);
        for _ in 0..total { e.send(e.receive()); }
        wait_until(|| ctl.phase() == DONE); // keep our subscriber until the last pong is taken
        0
    });
    pin_to(0, a.pin);
    let node = node();
    let (mut keep_ps, mut keep_ev) = (vec![], vec![]); // services live as long as a handle does
    for s in ["ping", "pong"] {
        keep_ps.push(pubsub(&node, &name(owner, s), true, 1, 1, 2));
        if a.mode == "block" { keep_ev.push(event(&node, &name(owner, &format!("{s}-ev")), true)); }
    }
    ctl.created.0.store(1, Release);
    let (e, ping, pong) = End::new(&node, owner, "ping", "pong", a);
    wait_until(|| ctl.ready.0.load(Acquire) == 1 && ping.dynamic_config().number_of_subscribers() == 1
                  && pong.dynamic_config().number_of_publishers() == 1);
    let _ = e.publisher.update_connections();
    let mut rtt = Vec::with_capacity(a.samples);
    for i in 0..total as u64 {
        let t0 = Instant::now();
        e.send(i);
        let seq = e.receive();
        let dt = t0.elapsed().as_nanos() as u64;
        if seq != i { die(&format!("echo {seq} out of sequence (expected {i})")); }
        if i as usize >= warmup { rtt.push(dt / 2); }
    }
    ctl.set_phase(DONE);
    if !reap(child, "echo") { die("echo child failed"); }
    rtt.sort_unstable();
    let pct = |p: f64| rtt[((p * rtt.len() as f64) as usize).min(rtt.len() - 1)];
    println!("{{\"peer\":\"iceoryx2\",\"test\":\"latency\",\"size\":{},\"mode\":\"{}\",\"samples\":{},\"p50_ns\":{},\"p99_ns\":{},\"p999_ns\":{},\"max_ns\":{}}}",
             a.size, a.mode, rtt.len(), pct(0.5), pct(0.99), pct(0.999), rtt[rtt.len() - 1]);
    0
}

fn throughput(a: &Args) -> i32 {
    if a.batch > 1 { unsupported(a, "no batch API: one loan and one send per message"); }
    let ctl = Control::new();
    let owner = std::process::id();
    let (p, c, size) = (a.producers, a.consumers, a.size);
    let mut cons = vec![];
    let mut prod = vec![];
    for i in 0..c {
        cons.push(spawn(1, a.pin, move || {
            ctl.wait_created();
            let node = node();
            let svc = pubsub(&node, &name(owner, "data"), false, p, c, 256);
            let sub = svc.subscriber_builder().buffer_size(256).create().unwrap_or_else(|e| die(&format!("subscriber: {e:?}")));
            wait_until(|| svc.dynamic_config().number_of_publishers() == p);
            // Attach to the publishers now: one that fills our buffer before we are attached
            // drops the sample (NoConnectedReceiverAndBufferIsFull) despite the backpressure.
            sub.update_connections().unwrap_or_else(|e| die(&format!("subscriber connect: {e:?}")));
            ctl.arrive_and_wait();
            let (mut n, mut bo) = (0u64, Backoff(0));
            while ctl.phase() != DONE {
                match try_receive(&sub) {
                    Some(_) => { n += 1; ctl.recvd[i].0.store(n, Relaxed); bo.0 = 0; }
                    None => bo.idle(),
                }
            }
            0
        }));
    }
    for i in 0..p {
        prod.push(spawn(0, a.pin, move || {
            ctl.wait_created();
            let node = node();
            let svc = pubsub(&node, &name(owner, "data"), false, p, c, 256);
            let publisher = svc.publisher_builder().initial_max_slice_len(size)
                .backpressure_strategy(BackpressureStrategy::RetryUntilDelivered).create()
                .unwrap_or_else(|e| die(&format!("publisher: {e:?}")));
            wait_until(|| svc.dynamic_config().number_of_subscribers() == c);
            let _ = publisher.update_connections();
            ctl.arrive_and_wait();
            let mut n = 0u64;
            while ctl.phase() == RUN {
                send(&publisher, size, n); // blocks while a subscriber buffer is full
                n += 1;
                ctl.sent[i].0.store(n, Relaxed);
            }
            // Stay connected until the consumers have drained: samples still queued from a
            // publisher that went away are not delivered.
            ctl.finished.0.fetch_add(1, AcqRel);
            wait_until(|| ctl.phase() == DONE);
            0
        }));
    }
    let node = node();
    let _svc = pubsub(&node, &name(owner, "data"), true, p, c, 256);
    ctl.created.0.store(1, Release);

    let total = || (0..c).map(|i| ctl.recvd[i].0.load(Relaxed)).sum::<u64>();
    let t_setup = Instant::now();
    while ctl.ready.0.load(Acquire) < (p + c) as u64 {
        if t_setup.elapsed() > Duration::from_secs(30) { die("workers not ready after 30 s"); }
        std::thread::sleep(Duration::from_millis(1));
    }
    ctl.set_phase(RUN);
    std::thread::sleep(Duration::from_secs_f64((a.seconds / 4.0).min(0.2))); // warm-up
    let (c0, t0) = (total(), Instant::now());
    std::thread::sleep(Duration::from_secs_f64(a.seconds));
    let (c1, secs) = (total(), t0.elapsed().as_secs_f64());
    ctl.set_phase(STOP);
    let t_stop = Instant::now();
    while ctl.finished.0.load(Acquire) < p as u64 {
        let mut st = 0;
        if unsafe { libc::waitpid(-1, &mut st, libc::WNOHANG) } > 0 || t_stop.elapsed() > Duration::from_secs(30) {
            die("a producer died or hung at the end of the run");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let sent: u64 = (0..p).map(|i| ctl.sent[i].0.load(Relaxed)).sum();
    // Drain: every consumer must see every message; give up after 5 s without progress.
    let (mut last, mut last_t) = (total(), Instant::now());
    while (0..c).any(|i| ctl.recvd[i].0.load(Relaxed) < sent) && last_t.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(1));
        if total() != last { last = total(); last_t = Instant::now(); }
    }
    let got = total();
    ctl.set_phase(DONE);
    let ok = prod.iter().chain(cons.iter()).all(|&pid| reap(pid, "worker"));
    if !ok { die("a worker failed"); }
    if got != sent * c as u64 { die(&format!("not lossless: consumers got {got} of {}", sent * c as u64)); }
    println!("{{\"peer\":\"iceoryx2\",\"test\":\"throughput\",\"size\":{},\"producers\":{p},\"consumers\":{c},\"batch\":{},\"msgs_per_s\":{},\"messages\":{},\"seconds\":{secs:.6},\"semantics\":\"broadcast\",\"sent_total\":{sent}}}",
             a.size, a.batch, ((c1 - c0) as f64 / secs) as u64, c1 - c0);
    0
}

fn main() {
    set_log_level(LogLevel::Error);
    let a = parse_args();
    let rc = match a.test.as_str() {
        "latency" => latency(&a),
        "throughput" => throughput(&a),
        _ => unsupported(&a, "unknown test"),
    };
    std::process::exit(rc)
}
