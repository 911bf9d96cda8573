//! A loopback TCP proxy in front of the S3 server that can misbehave on purpose: cut a response
//! after some bytes of its body, flip a byte of the body, answer 503 itself, cut or stall a
//! request on its way in, answer chosen requests with an error status or a redirect, or hold
//! chosen requests until the test releases them. Bytes are forwarded
//! unchanged otherwise, so signed `Host` headers still match.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex};
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
    /// Close both connections once this many bytes of one request (head and body) arrived.
    CutRequestAfter(u64),
    /// Forward this many bytes of one request, then stop reading from the client (connection
    /// held open).
    StallRequestAfter(u64),
}

#[derive(Default)]
struct State {
    mode: AtomicU8,
    cut_after: AtomicU64,
    /// Connections the fault still applies to (`u64::MAX`: all).
    fault_connections: AtomicU64,
    body_sent: AtomicU64,
    requests: Mutex<Vec<String>>,
    /// Requests to answer with an error status instead of forwarding them.
    failing: Mutex<Failing>,
    /// Requests whose head contains this wait before they are forwarded.
    held: Mutex<Option<String>>,
    /// Requests whose head contains this reach the server but for their body's last byte,
    /// which waits.
    tail_held: Mutex<Option<String>>,
    released: Condvar,
    /// The next request whose head contains this reaches the server, but its answer is lost.
    lose: Mutex<Option<String>>,
    /// A header (lower-case name) removed from every response head.
    strip: Mutex<Option<String>>,
    /// Requests signed longer ago than this are refused as S3 refuses an expired link.
    expire_after: Mutex<Option<std::time::Duration>>,
    /// Every request waits this long before it is handled.
    delay: Mutex<std::time::Duration>,
    /// Requests whose head contains the first are answered `302 Found` to the second.
    redirect: Mutex<Option<(String, String)>>,
}

/// Which requests the proxy answers itself with an error status.
#[derive(Default)]
struct Failing {
    status: u16,
    /// Only requests whose (lower-cased) head contains this.
    matching: String,
    /// How many more requests to fail.
    remaining: u64,
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
            Fault::CutRequestAfter(n) => (5, n),
            Fault::StallRequestAfter(n) => (6, n),
        };
        self.state.cut_after.store(n, Ordering::SeqCst);
        self.state
            .fault_connections
            .store(u64::MAX, Ordering::SeqCst);
        self.state.mode.store(mode, Ordering::SeqCst);
    }

    /// Applies `fault` `times` times only, then forwards normally: to that many connections for
    /// faults of responses, to that many requests large enough to trigger it for faults of
    /// requests.
    pub fn set_fault_times(&self, fault: Fault, times: u64) {
        self.set_fault(fault);
        self.state.fault_connections.store(times, Ordering::SeqCst);
    }

    /// Answers the next `times` requests whose lower-cased head contains `matching` (e.g.
    /// `"partnumber="`, `"put "`, or `""` for any) with `status` and closes their connection,
    /// without passing them to the server. Request bodies are read in full first, so the client
    /// sees the answer rather than a reset. `u64::MAX` times: for ever.
    pub fn fail_requests(&self, status: u16, matching: &str, times: u64) {
        *self.state.failing.lock().unwrap() = Failing {
            status,
            matching: matching.to_ascii_lowercase(),
            remaining: times,
        };
    }

    /// Holds every request whose lower-cased head contains `matching` before it reaches the
    /// server, until [`Proxy::release`]; its head shows in [`Proxy::requests`] at once.
    pub fn hold_requests(&self, matching: &str) {
        *self.state.held.lock().unwrap() = Some(matching.to_ascii_lowercase());
    }

    /// Refuses every request signed more than `limit` ago (by its `X-Amz-Date`, in the query or
    /// a header) with 403 "Request has expired", as S3 refuses a link past its expiry: the
    /// links and signatures s3share makes then live only `limit`.
    pub fn expire_links_after(&self, limit: std::time::Duration) {
        *self.state.expire_after.lock().unwrap() = Some(limit);
    }

    /// Makes every request wait `delay` before it is handled (then checked, forwarded or failed).
    pub fn delay_requests(&self, delay: std::time::Duration) {
        *self.state.delay.lock().unwrap() = delay;
    }

    /// Answers every request whose lower-cased head contains `matching` with `302 Found` and
    /// `Location: location`, without passing it to the server.
    pub fn redirect_requests(&self, matching: &str, location: &str) {
        *self.state.redirect.lock().unwrap() =
            Some((matching.to_ascii_lowercase(), location.to_owned()));
    }

    /// Lets the next request whose lower-cased head contains `matching` reach the server, then
    /// closes its connection without passing on a byte of the answer: the client cannot tell
    /// whether the request took effect (it did).
    pub fn lose_answer_to(&self, matching: &str) {
        *self.state.lose.lock().unwrap() = Some(matching.to_ascii_lowercase());
    }

    /// Removes the header `name` from every response, as a server that does not keep it would
    /// answer (e.g. `x-amz-checksum-sha256`).
    pub fn strip_response_header(&self, name: &str) {
        *self.state.strip.lock().unwrap() = Some(format!("\r\n{}:", name.to_ascii_lowercase()));
    }

    /// Lets held requests go on, and holds no more.
    pub fn release(&self) {
        *self.state.held.lock().unwrap() = None;
        *self.state.tail_held.lock().unwrap() = None;
        self.state.released.notify_all();
    }

    /// Passes every request whose lower-cased head contains `matching` to the server but for
    /// the last byte of its body, which waits until [`Proxy::release`] and then goes on even if
    /// the client has given up meanwhile: the server is in the middle of the request, and
    /// finishes it whatever the client does, as a real server with the body in its buffers.
    pub fn hold_body_tails(&self, matching: &str) {
        *self.state.tail_held.lock().unwrap() = Some(matching.to_ascii_lowercase());
    }

    /// How many requests were answered by [`Proxy::fail_requests`] so far is not tracked; this
    /// says how many of the planned failures are still to come.
    pub fn failures_left(&self) -> u64 {
        self.state.failing.lock().unwrap().remaining
    }

    /// Response body bytes passed to clients so far.
    pub fn body_bytes_sent(&self) -> u64 {
        self.state.body_sent.load(Ordering::SeqCst)
    }

    /// Waits until at least `bytes` of response bodies have been sent to the client.
    pub fn wait_for_body_bytes(&self, bytes: u64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.body_bytes_sent() < bytes {
            assert!(std::time::Instant::now() < deadline, "nothing sent");
            thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// How many requests so far used `method` (lower-case, e.g. `"put"`).
    pub fn count(&self, method: &str) -> usize {
        let start = format!("{method} ");
        self.requests()
            .iter()
            .filter(|r| r.starts_with(&start))
            .count()
    }

    /// The request heads seen so far (lower-cased), oldest first.
    pub fn requests(&self) -> Vec<String> {
        self.state.requests.lock().unwrap().clone()
    }
}

fn serve(mut client: TcpStream, upstream: SocketAddr, state: Arc<State>) -> std::io::Result<()> {
    let mode = state.mode.load(Ordering::SeqCst);
    let per_request = matches!(mode, 5 | 6);
    let limited = state
        .fault_connections
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| match n {
            _ if per_request => None,
            0 | u64::MAX => None,
            n => Some(n - 1),
        });
    let faulty = match limited {
        Ok(_) => true,
        Err(n) => n == u64::MAX || per_request,
    };
    let mode = if faulty { mode } else { 0 };
    let cut_after = state.cut_after.load(Ordering::SeqCst);
    let mut server = TcpStream::connect(upstream)?;

    // Client to server: request by request, so single requests can be failed and the request
    // stream can be cut or stalled.
    let lose_answer = Arc::new(AtomicBool::new(false));
    let requests = RequestSide {
        lose_answer: lose_answer.clone(),
        from_client: client.try_clone()?,
        buffer: Vec::new(),
        to_server: server.try_clone()?,
        reply: client.try_clone()?,
        state: state.clone(),
        mode,
        limit: cut_after,
        forwarded: 0,
    };
    thread::spawn(move || requests.run());
    let unavailable = mode == 3;
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
        if lose_answer.swap(false, Ordering::SeqCst) {
            // The server has answered, so the request took effect; the client never hears.
            let _ = client.shutdown(Shutdown::Both);
            let _ = server.shutdown(Shutdown::Both);
            return Ok(());
        }
        let mut chunk = buffer[..n].to_vec();
        let mut body_start = 0;
        if !in_body {
            head.extend_from_slice(&chunk);
            if let Some(end) = find(&head, b"\r\n\r\n") {
                in_body = true;
                body_start = chunk.len() - (head.len() - end - 4);
                let strip = state.strip.lock().unwrap().clone();
                if let Some(name) = strip {
                    // Send the whole head rewritten, then the body bytes of this read.
                    let text = String::from_utf8_lossy(&head[..end]).into_owned();
                    let mut kept = String::new();
                    for (i, line) in text.split("\r\n").enumerate() {
                        let lower = format!("\r\n{}", line.to_ascii_lowercase());
                        if i == 0 || !lower.starts_with(&name) {
                            kept.push_str(line);
                            kept.push_str("\r\n");
                        }
                    }
                    kept.push_str("\r\n");
                    let mut rewritten = kept.into_bytes();
                    rewritten.extend_from_slice(&chunk[body_start..]);
                    body_start = rewritten.len() - (chunk.len() - body_start);
                    chunk = rewritten;
                }
            } else if state.strip.lock().unwrap().is_some() {
                // Hold back a partial head until it is complete.
                continue;
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

/// The client-to-server half of one connection.
struct RequestSide {
    from_client: TcpStream,
    /// Bytes read from the client and not yet handled.
    buffer: Vec<u8>,
    to_server: TcpStream,
    reply: TcpStream,
    state: Arc<State>,
    mode: u8,
    limit: u64,
    /// Bytes of the current request passed to the server so far.
    forwarded: u64,
    /// Set when the answer to the request being forwarded is to be lost.
    lose_answer: Arc<AtomicBool>,
}

/// How a request body ends.
enum Framing {
    Length(u64),
    Chunked,
}

impl RequestSide {
    fn run(mut self) {
        let _ = self.requests();
        let _ = self.to_server.shutdown(Shutdown::Write);
    }

    fn requests(&mut self) -> std::io::Result<()> {
        loop {
            let end = loop {
                if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                    break end + 4;
                }
                if !self.fill()? {
                    return Ok(());
                }
            };
            let head: Vec<u8> = self.buffer.drain(..end).collect();
            let lower = String::from_utf8_lossy(&head[..end - 4]).to_ascii_lowercase();
            self.state.requests.lock().unwrap().push(lower.clone());
            self.wait_while_held(&lower);
            let delay = *self.state.delay.lock().unwrap();
            thread::sleep(delay);
            let expire_after = *self.state.expire_after.lock().unwrap();
            if expire_after.is_some_and(|limit| signed_age(&lower).is_some_and(|age| age > limit)) {
                self.body(&framing(&lower), false)?;
                let body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";
                return self.answer_and_close("403 Forbidden", body);
            }
            let mut lose = self.state.lose.lock().unwrap();
            if lose.as_deref().is_some_and(|m| lower.contains(m)) {
                *lose = None;
                self.lose_answer.store(true, Ordering::SeqCst);
            }
            drop(lose);
            self.forwarded = 0;
            let framing = framing(&lower);
            if self.mode == 3 {
                self.body(&framing, false)?;
                let body = "<Error><Code>SlowDown</Code></Error>";
                write!(
                    self.reply,
                    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                )?;
                continue;
            }
            let fail = {
                let mut failing = self.state.failing.lock().unwrap();
                if failing.remaining > 0 && lower.contains(&failing.matching) {
                    if failing.remaining != u64::MAX {
                        failing.remaining -= 1;
                    }
                    Some(failing.status)
                } else {
                    None
                }
            };
            let redirect = self.state.redirect.lock().unwrap().clone();
            if let Some((_, location)) = redirect.filter(|(m, _)| lower.contains(m.as_str())) {
                self.body(&framing, false)?;
                write!(
                    self.reply,
                    "HTTP/1.1 302 Found\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                )?;
                self.reply.flush()?;
                let _ = self.reply.shutdown(Shutdown::Both);
                let _ = self.to_server.shutdown(Shutdown::Both);
                return Ok(());
            }
            if let Some(status) = fail {
                self.body(&framing, false)?;
                let body =
                    format!(
                    "<Error><Code>{}</Code><Message>injected by the test proxy</Message></Error>",
                    if status == 503 { "SlowDown" } else { "InternalError" }
                );
                return self.answer_and_close(&format!("{status} Injected"), &body);
            }
            self.forward(&head)?;
            let tail_held = self
                .state
                .tail_held
                .lock()
                .unwrap()
                .as_deref()
                .is_some_and(|m| lower.contains(m));
            match framing {
                Framing::Length(n) if tail_held && n > 0 => {
                    self.take(n - 1, true)?;
                    let mut held = self.state.tail_held.lock().unwrap();
                    while held.as_deref().is_some_and(|m| lower.contains(m)) {
                        held = self.state.released.wait(held).unwrap();
                    }
                    drop(held);
                    self.take(1, true)?;
                }
                _ => self.body(&framing, true)?,
            }
        }
    }

    /// Answers the request itself with `status` and an XML `body`, and closes both connections.
    fn answer_and_close(&mut self, status: &str, body: &str) -> std::io::Result<()> {
        write!(
            self.reply,
            "HTTP/1.1 {status}\r\ncontent-type: application/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )?;
        self.reply.flush()?;
        let _ = self.reply.shutdown(Shutdown::Both);
        let _ = self.to_server.shutdown(Shutdown::Both);
        Ok(())
    }

    fn wait_while_held(&self, head: &str) {
        let mut held = self.state.held.lock().unwrap();
        while held.as_deref().is_some_and(|m| head.contains(m)) {
            held = self.state.released.wait(held).unwrap();
        }
    }

    /// Reads more from the client; false at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.from_client.read(&mut chunk)?;
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }

    /// Takes exactly `n` bytes, forwarding them or not.
    fn take(&mut self, mut n: u64, forward: bool) -> std::io::Result<()> {
        while n > 0 {
            if self.buffer.is_empty() && !self.fill()? {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let len = self
                .buffer
                .len()
                .min(usize::try_from(n).unwrap_or(usize::MAX));
            let bytes: Vec<u8> = self.buffer.drain(..len).collect();
            if forward {
                self.forward(&bytes)?;
            }
            n -= len as u64;
        }
        Ok(())
    }

    /// Takes one CRLF-terminated line.
    fn line(&mut self, forward: bool) -> std::io::Result<String> {
        let end = loop {
            if let Some(end) = find(&self.buffer, b"\r\n") {
                break end + 2;
            }
            if !self.fill()? {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        };
        let line = String::from_utf8_lossy(&self.buffer[..end - 2]).into_owned();
        self.take(end as u64, forward)?;
        Ok(line)
    }

    fn body(&mut self, framing: &Framing, forward: bool) -> std::io::Result<()> {
        match framing {
            Framing::Length(n) => self.take(*n, forward),
            Framing::Chunked => loop {
                let line = self.line(forward)?;
                let size = u64::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                    .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidData))?;
                if size == 0 {
                    while !self.line(forward)?.is_empty() {}
                    return Ok(());
                }
                self.take(size + 2, forward)?;
            },
        }
    }

    /// Passes bytes on to the server, cutting or stalling where the fault says.
    fn forward(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if matches!(self.mode, 5 | 6)
            && self.forwarded + bytes.len() as u64 >= self.limit
            && self
                .state
                .fault_connections
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| match n {
                    0 => None,
                    u64::MAX => Some(n),
                    n => Some(n - 1),
                })
                .is_ok()
        {
            let keep = (self.limit - self.forwarded.min(self.limit)) as usize;
            self.to_server.write_all(&bytes[..keep])?;
            self.forwarded = self.limit;
            if self.mode == 6 {
                // Read nothing more: the client's writes back up until it gives up.
                thread::sleep(std::time::Duration::from_secs(120));
            }
            let _ = self.reply.shutdown(Shutdown::Both);
            let _ = self.to_server.shutdown(Shutdown::Both);
            return Err(std::io::ErrorKind::ConnectionAborted.into());
        }
        self.forwarded += bytes.len() as u64;
        self.to_server.write_all(bytes)
    }
}

/// The body framing a request head announces.
fn framing(head: &str) -> Framing {
    let mut length = 0;
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim() {
            "transfer-encoding" if value.contains("chunked") => return Framing::Chunked,
            "content-length" => length = value.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    Framing::Length(length)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// How long ago a request (its lower-cased head) was signed, from its `X-Amz-Date`.
fn signed_age(head: &str) -> Option<std::time::Duration> {
    let at = head
        .find("x-amz-date=")
        .map(|i| i + "x-amz-date=".len())
        .or_else(|| {
            head.find("\r\nx-amz-date:")
                .map(|i| i + "\r\nx-amz-date:".len())
        })?;
    let stamp: String = head[at..]
        .trim_start()
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_uppercase();
    // 20261128T071421Z
    let number = |range: std::ops::Range<usize>| stamp.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let signed = std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(
            (days * 86_400 + hour * 3600 + minute * 60 + second) as u64,
        );
    std::time::SystemTime::now().duration_since(signed).ok()
}
