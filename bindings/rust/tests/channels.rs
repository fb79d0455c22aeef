//! The binding against real channels: order and checksums across threads, zero-copy loans and
//! their drop behaviour, the one-view rule, batches, queue mode and errors.
mod common;

use std::collections::HashSet;
use std::thread;
use std::time::Duration;

use common::TestDomain;
use dmxp::{ChannelOptions, Consumer, ConsumerOptions, ErrorKind, Mode, Producer};

fn payload(i: u32) -> Vec<u8> {
    let len = 8 + (i as usize * 7) % 200;
    (0..len).map(|j| (i as usize * 31 + j) as u8).collect()
}

#[test]
fn every_message_arrives_once_in_order_across_threads() {
    let d = TestDomain::new();
    let opts = d.options().capacity(64);
    let recv = Consumer::open("order", &opts, &ConsumerOptions::new()).unwrap();
    const N: u32 = 5000;
    let producer_opts = opts.clone();
    let sender = thread::spawn(move || {
        let prod = Producer::open("order", &producer_opts).unwrap();
        for i in 0..N {
            prod.send(&payload(i)).unwrap(); // a full ring (64 slots) makes it wait
        }
    });
    let mut last_key = 0;
    for i in 0..N {
        let msg = recv.receive_timeout(Some(Duration::from_secs(10))).unwrap();
        assert_eq!(&*msg, payload(i).as_slice(), "message {i}");
        assert!(msg.key() > last_key);
        last_key = msg.key();
    }
    sender.join().unwrap();
    assert_eq!(recv.try_receive().unwrap_err().kind(), ErrorKind::WouldBlock);
}

#[test]
fn a_second_receive_while_a_message_is_held_is_refused() {
    let d = TestDomain::new();
    let prod = Producer::open("held", &d.options()).unwrap();
    prod.send(b"one").unwrap();
    prod.send(b"two").unwrap();
    let recv = Consumer::open("held", &d.options(), &ConsumerOptions::new()).unwrap();
    let first = recv.receive().unwrap();
    let err = recv.try_receive().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Busy);
    assert_eq!(
        err.to_string(),
        "a received message is still held: drop it (or call release) before the next receive"
    );
    assert_eq!(&*first, b"one"); // still intact
    first.release().unwrap();
    assert_eq!(&*recv.receive().unwrap(), b"two");
}

#[test]
fn loans_commit_in_place_and_abort_when_dropped() {
    let d = TestDomain::new();
    let mut prod = Producer::open("loan", &d.options()).unwrap();
    let recv = Consumer::open("loan", &d.options(), &ConsumerOptions::new()).unwrap();
    {
        let mut loan = prod.loan(64).unwrap();
        loan[..5].copy_from_slice(b"first");
        loan.commit(5).unwrap();
    }
    {
        let mut dropped = prod.loan(64).unwrap();
        dropped[..7].copy_from_slice(b"aborted");
    } // dropped uncommitted: aborted, never delivered
    let mut loan = prod.loan(16).unwrap();
    loan.copy_from_slice(b"sixteen bytes!!!");
    let key = loan.commit_all().unwrap();
    assert_eq!(&*recv.receive().unwrap(), b"first");
    let msg = recv.receive().unwrap();
    assert_eq!(&*msg, b"sixteen bytes!!!");
    assert_eq!(msg.key(), key);
    drop(msg);
    assert_eq!(recv.try_receive().unwrap_err().kind(), ErrorKind::WouldBlock);
    let err = prod.loan(8).unwrap().commit(9).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert_eq!(err.to_string(), "commit of 9 bytes exceeds the loan of 8 bytes");
}

#[test]
fn batches_arrive_whole() {
    let d = TestDomain::new();
    let prod = Producer::open("batch", &d.options()).unwrap();
    let recv = Consumer::open("batch", &d.options(), &ConsumerOptions::new()).unwrap();
    let first = prod.send_batch(&[b"a", b"bb", b"ccc"]).unwrap();
    for (i, want) in [&b"a"[..], b"bb", b"ccc"].iter().enumerate() {
        let msg = recv.receive().unwrap();
        assert_eq!(&*msg, *want);
        assert_eq!(msg.batch(), (i as u32, 3));
        assert_eq!(msg.key(), first + i as u64);
    }
}

#[test]
fn queue_mode_gives_each_message_to_exactly_one_consumer() {
    let d = TestDomain::new();
    let opts = d.options().mode(Mode::Queue).capacity(256);
    const N: u32 = 3000;
    let prod = Producer::open("queue", &opts).unwrap();
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let opts = opts.clone();
            thread::spawn(move || {
                let recv = Consumer::open("queue", &opts, &ConsumerOptions::new()).unwrap();
                let mut got = Vec::new();
                loop {
                    let msg = match recv.receive_timeout(Some(Duration::from_secs(10))) {
                        Ok(m) => m,
                        Err(e) => panic!("worker after {} messages: {e}", got.len()),
                    };
                    if msg.is_empty() {
                        return got; // one empty message per worker ends the run
                    }
                    got.push(u32::from_le_bytes(msg[..4].try_into().unwrap()));
                }
            })
        })
        .collect();
    // Bounded waits: if a worker died, the test fails instead of waiting for a reader forever.
    let wait = Some(Duration::from_secs(10));
    for i in 0..N {
        prod.send_timeout(&i.to_le_bytes(), wait).unwrap();
    }
    for _ in 0..3 {
        prod.send_timeout(b"", wait).unwrap();
    }
    let mut seen = HashSet::new();
    for w in workers {
        let got = w.join().unwrap();
        assert!(got.windows(2).all(|p| p[0] < p[1]), "each worker sees its share in order");
        for i in got {
            assert!(seen.insert(i), "message {i} delivered twice");
        }
    }
    assert_eq!(seen.len(), N as usize);
}

#[test]
fn errors_carry_the_core_message_and_work_with_question_mark() {
    let d = TestDomain::new();
    let err = Consumer::open("missing", &d.options().must_exist(), &ConsumerOptions::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("missing"), "{err}");
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(!boxed.to_string().is_empty());

    let err = Producer::open("bad/name", &d.options()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = ChannelOptions::new().domain("a\0b").unwrap_err();
    assert_eq!(err.to_string(), "domain \"a\\0b\" contains a NUL byte");

    let prod = Producer::open("small", &d.options().slot_size(64)).unwrap();
    assert_eq!(prod.max_message_size(), 64);
    let recv = Consumer::open("small", &d.options(), &ConsumerOptions::new()).unwrap();
    assert_eq!(prod.send(&[0u8; 65]).unwrap_err().kind(), ErrorKind::TooLarge);
    let err = recv.receive_timeout(Some(Duration::from_millis(20))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.to_string(), "timed out", "no detail, and not the TooLarge message before it");
    assert_eq!(prod.send(&[0u8; 65]).unwrap_err().kind(), ErrorKind::TooLarge);
    assert_eq!(recv.try_receive().unwrap_err().to_string(), "would block");
}

#[test]
fn handles_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<Producer>();
    assert_send::<Consumer>();
    let d = TestDomain::new();
    let prod = Producer::open("moved", &d.options()).unwrap();
    let recv = Consumer::open("moved", &d.options(), &ConsumerOptions::new()).unwrap();
    thread::spawn(move || prod.send(b"from another thread").unwrap()).join().unwrap();
    let recv = thread::spawn(move || {
        assert_eq!(&*recv.receive().unwrap(), b"from another thread");
        recv
    })
    .join()
    .unwrap();
    drop(recv);
}
