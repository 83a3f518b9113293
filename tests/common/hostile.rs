//! Hostile servers on 127.0.0.1 speaking raw TCP: endless or oversized bodies, plain HTTP on a
//! port the client thinks is TLS. Every connection handler stops by itself (bounded in bytes and
//! time), so a test never leaves a thread spinning.
//!
//! Used with `#[path = "common/hostile.rs"] mod hostile;` by the test files that need it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Never write more than this to one connection, nor for longer than `MAX_TIME`.
const MAX_BYTES: usize = 256 << 20;
const MAX_TIME: Duration = Duration::from_secs(20);

pub struct RawServer {
    pub addr: SocketAddr,
    /// Connections accepted so far (a retry is a second connection).
    pub connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RawServer {
    /// `handler` gets each accepted connection, on its own thread.
    pub fn start(handler: impl Fn(TcpStream) + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handler = Arc::new(handler);
        let (count, stopping) = (Arc::clone(&connections), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let handler = Arc::clone(&handler);
                std::thread::spawn(move || handler(stream));
            }
        });
        RawServer { addr, connections, stop, thread: Some(thread) }
    }

    pub fn http_url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees `stop`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Read the request line and headers (bounded); the body, if any, is left unread.
pub fn read_head(stream: &mut TcpStream) -> Vec<u8> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while head.len() < 64 << 10 && !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    head
}

/// Answer 200 with `headers`, then `prefix`, then filler for as long as the client reads
/// (bounded by `MAX_BYTES` and `MAX_TIME`).
pub fn endless(mut stream: TcpStream, headers: &str, prefix: &[u8]) {
    read_head(&mut stream);
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let head =
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{headers}Connection: close\r\n\r\n");
    if stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(prefix)).is_err() {
        return;
    }
    let chunk = vec![b'a'; 64 << 10];
    let (started, mut sent) = (Instant::now(), 0);
    while sent < MAX_BYTES && started.elapsed() < MAX_TIME {
        if stream.write_all(&chunk).is_err() {
            return;
        }
        sent += chunk.len();
    }
}

/// A plain-HTTP server as nginx behaves when a TLS ClientHello arrives: 400, then close.
pub fn plain_http_400(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = [0u8; 4096];
    let _ = stream.read(&mut buf);
    let _ = stream.write_all(
        b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
}

/// A plain-HTTP server that waits for a request line a TLS ClientHello never completes
/// (as tiny_http does): it reads and never answers, for at most `MAX_TIME`.
pub fn silent(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(MAX_TIME));
    let mut buf = [0u8; 4096];
    let started = Instant::now();
    while started.elapsed() < MAX_TIME {
        match stream.read(&mut buf) {
            Ok(n) if n > 0 => {}
            _ => return,
        }
    }
}

/// A TLS server that refuses every handshake: a fatal handshake_failure alert record in answer
/// to the ClientHello (RFC 8446 §6), as one with no cipher suite in common does.
pub fn tls_alert(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = [0u8; 4096];
    let _ = stream.read(&mut buf);
    // Record type 21 (alert), TLS 1.2 record version, length 2, level fatal (2), handshake_failure (40).
    let _ = stream.write_all(&[21, 3, 3, 0, 2, 2, 40]);
}
