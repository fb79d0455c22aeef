//! The Rust calculation engine of the microservices example: takes requests from the queue
//! channel `ms.requests` and publishes results on `ms.results` (wire format: ../wire.md).
//! For the front end's baseline it also answers the same calculation over HTTP/1.1 on
//! 127.0.0.1:<--http-port> (keep-alive, one thread per connection, std only).
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use dmxp::{ChannelOptions, Consumer, ConsumerOptions, ErrorKind, Mode, Producer};

static STOP: AtomicBool = AtomicBool::new(false);

fn calculate(request: &[u8]) -> Option<[u8; 16]> {
    let field = |i: usize| request.get(i * 8..i * 8 + 8).map(|b| u64::from_le_bytes(b.try_into().unwrap()));
    let (id, a, b) = (field(0)?, f64::from_bits(field(1)?), f64::from_bits(field(2)?));
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&id.to_le_bytes());
    out[8..].copy_from_slice(&(a * a + b * b).to_le_bytes());
    Some(out)
}

fn serve_http(port: u16) {
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|e| {
        eprintln!("engine: cannot listen on 127.0.0.1:{port}: {e}");
        std::process::exit(1)
    });
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let _ = http_connection(stream);
        });
    }
}

/// Answers POSTs with a body of one request until the client closes the connection.
fn http_connection(stream: TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let mut length = 0;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let answer = calculate(&body).unwrap_or([0; 16]);
        write!(writer, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 16\r\n\r\n")?;
        writer.write_all(&answer)?;
    }
}

fn main() -> dmxp::Result<()> {
    let mut port = 18080u16;
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--http-port") {
        port = args.get(i + 1).and_then(|p| p.parse().ok()).unwrap_or(port);
    }
    std::thread::spawn(move || serve_http(port));
    // SIGINT/SIGTERM from the launcher end the loop below through the receive timeout.
    unsafe {
        signal(2, on_signal);
        signal(15, on_signal);
    }
    let requests = Consumer::open("ms.requests", &ChannelOptions::new().mode(Mode::Queue), &ConsumerOptions::new())?;
    let results = Producer::open("ms.results", &ChannelOptions::new())?;
    eprintln!("engine: serving ms.requests and http://127.0.0.1:{port}");
    let mut served = 0u64;
    while !STOP.load(Ordering::Relaxed) {
        let msg = match requests.receive_timeout(Some(Duration::from_millis(100))) {
            Ok(m) => m,
            Err(e) if e.kind() == ErrorKind::Timeout || e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(answer) = calculate(&msg) {
            drop(msg);
            results.send(&answer)?;
            served += 1;
        }
    }
    eprintln!("engine: served {served} requests");
    Ok(())
}

extern "C" fn on_signal(_: i32) {
    STOP.store(true, Ordering::Relaxed);
}

extern "C" {
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
}
