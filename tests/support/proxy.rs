//! A loopback TCP proxy in front of the S3 server that can misbehave on purpose: cut a response
//! after some bytes of its body, flip a byte of the body, or answer 503 itself. Bytes are
//! forwarded unchanged otherwise, so signed `Host` headers still match.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// How the proxy treats the responses it forwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Forward everything.
    None,
    /// Close both connections after this many bytes of the response body.
    CutAfter(u64),
    /// Send this many bytes of the response body, then nothing more (connection held open).
    StallAfter(u64),
    /// Flip the bits of the first body byte.
    Corrupt,
    /// Answer every request with 503 without asking the server.
    Unavailable,
}

#[derive(Default)]
struct State {
    mode: AtomicU8,
    cut_after: AtomicU64,
    body_sent: AtomicU64,
    requests: Mutex<Vec<String>>,
}

/// A running proxy; its threads end with the test process.
pub struct Proxy {
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
    state: Arc<State>,
}

impl Proxy {
    /// Starts a proxy forwarding to `upstream`.
    pub fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(State::default());
        let shared = state.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let state = shared.clone();
                thread::spawn(move || {
                    let _ = serve(client, upstream, state);
                });
            }
        });
        Proxy { endpoint, state }
    }

    /// Changes how later responses are treated.
    pub fn set_fault(&self, fault: Fault) {
        let (mode, n) = match fault {
            Fault::None => (0, 0),
            Fault::CutAfter(n) => (1, n),
            Fault::Corrupt => (2, 0),
            Fault::Unavailable => (3, 0),
            Fault::StallAfter(n) => (4, n),
        };
        self.state.cut_after.store(n, Ordering::SeqCst);
        self.state.mode.store(mode, Ordering::SeqCst);
    }

    /// Response body bytes passed to clients so far.
    pub fn body_bytes_sent(&self) -> u64 {
        self.state.body_sent.load(Ordering::SeqCst)
    }

    /// The request heads seen so far (lower-cased), oldest first.
    pub fn requests(&self) -> Vec<String> {
        self.state.requests.lock().unwrap().clone()
    }
}

fn serve(mut client: TcpStream, upstream: SocketAddr, state: Arc<State>) -> std::io::Result<()> {
    let mode = state.mode.load(Ordering::SeqCst);
    let cut_after = state.cut_after.load(Ordering::SeqCst);
    let mut server = TcpStream::connect(upstream)?;

    // Client to server: forward as is, remembering each request head.
    let mut from_client = client.try_clone()?;
    let mut to_server = server.try_clone()?;
    let requests = Arc::new(Mutex::new(Vec::<u8>::new()));
    let seen = requests.clone();
    let unavailable = mode == 3;
    let mut reply = client.try_clone()?;
    let log = state.clone();
    thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        loop {
            let n = match from_client.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut seen = seen.lock().unwrap();
            seen.extend_from_slice(&buffer[..n]);
            if let Some(end) = find(&seen, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
                seen.clear();
                log.requests.lock().unwrap().push(head);
                if unavailable {
                    let body = "<Error><Code>SlowDown</Code></Error>";
                    let _ = write!(
                        reply,
                        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    continue;
                }
            }
            if unavailable {
                continue;
            }
            if to_server.write_all(&buffer[..n]).is_err() {
                break;
            }
        }
        let _ = to_server.shutdown(Shutdown::Write);
    });
    if unavailable {
        // Keep the connection open until the client is done.
        let mut sink = [0u8; 1024];
        while server.read(&mut sink).unwrap_or(0) > 0 {}
        return Ok(());
    }

    // Server to client: find where the body starts, then apply the fault.
    let mut head = Vec::new();
    let mut body_seen: u64 = 0;
    let mut in_body = false;
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let n = server.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        let mut chunk = buffer[..n].to_vec();
        let mut body_start = 0;
        if !in_body {
            head.extend_from_slice(&chunk);
            if let Some(end) = find(&head, b"\r\n\r\n") {
                in_body = true;
                body_start = chunk.len() - (head.len() - end - 4);
            }
        }
        if in_body {
            let body_len = (chunk.len() - body_start) as u64;
            if mode == 2 && body_seen == 0 && body_len > 0 {
                chunk[body_start] ^= 0xff;
            }
            if matches!(mode, 1 | 4) && body_seen + body_len >= cut_after {
                let keep = body_start + (cut_after - body_seen) as usize;
                client.write_all(&chunk[..keep])?;
                client.flush()?;
                state
                    .body_sent
                    .fetch_add((keep - body_start) as u64, Ordering::SeqCst);
                if mode == 4 {
                    // Hold the connection until the client gives up on it.
                    let mut sink = [0u8; 1];
                    let _ = client.read(&mut sink);
                }
                let _ = client.shutdown(Shutdown::Both);
                let _ = server.shutdown(Shutdown::Both);
                return Ok(());
            }
            body_seen += body_len;
        }
        client.write_all(&chunk)?;
        if in_body {
            let body_len = (chunk.len() - body_start) as u64;
            state.body_sent.fetch_add(body_len, Ordering::SeqCst);
        }
    }
    let _ = client.shutdown(Shutdown::Write);
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
