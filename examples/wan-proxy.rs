//! A transparent TCP proxy that emulates a wide-area link in user space, for benchmarks on kernels
//! without `sch_netem` (see `bench/transfer.sh`, `WAN=1`).
//!
//! `cargo run --release --example wan-proxy -- UPSTREAM [--delay-ms 20] [--link-mbit 200]
//! [--flow-mbit 25]` listens on a random loopback port, prints `http://127.0.0.1:PORT` on stdout,
//! then relays every connection to `UPSTREAM` (`host:port`, an `http://` prefix is accepted) until
//! stdin closes or the process is killed. Bytes are forwarded unchanged, so the `Host` header and
//! request signatures stay those of the proxy's address.
//!
//! The model, per direction of every connection:
//!
//! - **Delay**: a reader thread stamps each chunk when it has been read (and paid for, below); a
//!   writer thread delivers it no earlier than stamp + `--delay-ms`. It is a delay line, so many
//!   chunks are in flight at once and throughput is not capped at chunk / delay. End of stream
//!   travels the same way: the far side gets `shutdown(Write)` once everything before it arrived.
//!   A new connection waits one round trip (2 × delay) before relaying, for the TCP handshake.
//! - **Window**: at most 4 MiB per direction is buffered; when full the reader stops reading, so
//!   the sender is held back by TCP flow control as a real receive window would.
//! - **Per-flow rate** (`--flow-mbit`, 0 = none): stands in for what packet loss does to a single
//!   TCP flow, which this proxy does not emulate (the loopback under it never drops). The Mathis
//!   formula, rate ≈ MSS / RTT × 1.22 / √p, gives about 11 Mbit/s for Reno with 1460-byte segments
//!   at 40 ms RTT and 0.1% loss; CUBIC recovers faster and does better, hence a default of 25.
//! - **Link rate** (`--link-mbit`, 0 = none): one token bucket per direction shared by all
//!   connections, like the bottleneck of a 200 Mbit/s access link.
//!
//! Not modelled: slow start (every flow starts at its cap), loss-induced stalls and retransmission
//! timeouts, queueing delay beyond the window, and resets (a read error ends the stream like EOF).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Largest single read: small enough that the rate limits pace smoothly.
const CHUNK: usize = 16 * 1024;
/// Bytes buffered per direction before the reader stops reading.
const WINDOW: usize = 4 * 1024 * 1024;
/// Token bucket depth: how far a flow or the link may burst above its rate.
const BURST: f64 = 64.0 * 1024.0;

/// Link parameters, from the command line.
#[derive(Clone, Copy)]
struct Model {
    delay: Duration,
    flow_bytes_per_sec: f64,
    link_bytes_per_sec: f64,
}

/// A token bucket that lets takers go into debt and sleep it off, so concurrent takers share the
/// rate in arrival order. A rate of 0 means unlimited.
struct Bucket {
    rate: f64,
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    fn new(bytes_per_sec: f64) -> Bucket {
        Bucket {
            rate: bytes_per_sec,
            state: Mutex::new((BURST, Instant::now())),
        }
    }

    /// Takes `n` bytes' worth of tokens; returns how long to wait before they may be sent.
    fn reserve(&self, n: usize) -> Duration {
        if self.rate <= 0.0 {
            return Duration::ZERO;
        }
        let mut state = self.state.lock().unwrap();
        let (tokens, last) = &mut *state;
        let now = Instant::now();
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(BURST);
        *last = now;
        *tokens -= n as f64;
        if *tokens < 0.0 {
            Duration::from_secs_f64(-*tokens / self.rate)
        } else {
            Duration::ZERO
        }
    }
}

/// Bytes in flight in one direction, bounded by [`WINDOW`]; `closed` once the writer has gone.
struct Window {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

impl Window {
    /// Waits until a full chunk fits; false if the writer has gone.
    fn wait_for_room(&self) -> bool {
        let mut state = self.state.lock().unwrap();
        while state.0 + CHUNK > WINDOW && !state.1 {
            state = self.changed.wait(state).unwrap();
        }
        !state.1
    }

    fn add(&self, n: usize) {
        self.state.lock().unwrap().0 += n;
    }

    fn release(&self, n: usize) {
        self.state.lock().unwrap().0 -= n;
        self.changed.notify_all();
    }

    fn close(&self) {
        self.state.lock().unwrap().1 = true;
        self.changed.notify_all();
    }
}

/// A chunk and the instant it entered the delay line; empty data marks end of stream.
type Stamped = (Instant, Vec<u8>);

/// Relays `from` → `to` through the model (the calling thread reads, a spawned one writes);
/// returns once the stream has ended and been delivered, or either socket failed.
fn relay(from: TcpStream, to: TcpStream, model: Model, link: Arc<Bucket>) {
    let window = Arc::new(Window {
        state: Mutex::new((0, false)),
        changed: Condvar::new(),
    });
    let (tx, rx) = mpsc::channel::<Stamped>();
    let writer = {
        let (window, from) = (window.clone(), from.try_clone().expect("clone socket"));
        thread::spawn(move || deliver(rx, to, from, model.delay, &window))
    };
    let flow = Bucket::new(model.flow_bytes_per_sec);
    let mut from = from;
    loop {
        if !window.wait_for_room() {
            break;
        }
        let mut buf = vec![0; CHUNK];
        let n = from.read(&mut buf).unwrap_or(0);
        if n > 0 {
            thread::sleep(flow.reserve(n).max(link.reserve(n)));
        }
        buf.truncate(n);
        window.add(n);
        if tx.send((Instant::now(), buf)).is_err() || n == 0 {
            break;
        }
    }
    drop(tx);
    let _ = writer.join();
}

/// The writer half of [`relay`]: delivers each chunk once its delay has passed; at end of stream
/// half-closes `to`. If `to` fails, shuts both sockets so the reader and the peer notice.
fn deliver(
    rx: mpsc::Receiver<Stamped>,
    mut to: TcpStream,
    from: TcpStream,
    delay: Duration,
    window: &Window,
) {
    for (stamp, data) in rx {
        if let Some(wait) = (stamp + delay).checked_duration_since(Instant::now()) {
            thread::sleep(wait);
        }
        if data.is_empty() {
            let _ = to.shutdown(Shutdown::Write);
            break;
        }
        if to.write_all(&data).is_err() {
            let _ = to.shutdown(Shutdown::Both);
            let _ = from.shutdown(Shutdown::Both);
            break;
        }
        window.release(data.len());
    }
    window.close();
}

/// Serves one client connection: connects upstream, waits a handshake's round trip, relays both
/// directions.
fn serve(client: TcpStream, upstream: &str, model: Model, up: Arc<Bucket>, down: Arc<Bucket>) {
    let Ok(server) = TcpStream::connect(upstream) else {
        eprintln!("wan-proxy: cannot connect to {upstream}");
        return;
    };
    let _ = (client.set_nodelay(true), server.set_nodelay(true));
    thread::sleep(2 * model.delay);
    let (client2, server2) = match (client.try_clone(), server.try_clone()) {
        (Ok(c), Ok(s)) => (c, s),
        _ => return,
    };
    let upload = thread::spawn(move || relay(client2, server2, model, up));
    relay(server, client, model, down);
    let _ = upload.join();
}

fn usage() -> ! {
    eprintln!(
        "usage: wan-proxy <upstream host:port> [--delay-ms 20] [--link-mbit 200] [--flow-mbit 25]"
    );
    std::process::exit(2);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut upstream = None;
    let (mut delay_ms, mut link_mbit, mut flow_mbit) = (20.0, 200.0, 25.0);
    while let Some(arg) = args.next() {
        let target = match arg.as_str() {
            "--delay-ms" => &mut delay_ms,
            "--link-mbit" => &mut link_mbit,
            "--flow-mbit" => &mut flow_mbit,
            _ if upstream.is_none() && !arg.starts_with('-') => {
                upstream = Some(
                    arg.trim_start_matches("http://")
                        .trim_end_matches('/')
                        .to_owned(),
                );
                continue;
            }
            _ => usage(),
        };
        match args.next().and_then(|v| v.parse::<f64>().ok()) {
            Some(v) if v >= 0.0 => *target = v,
            _ => usage(),
        }
    }
    let upstream = upstream.unwrap_or_else(|| usage());
    let model = Model {
        delay: Duration::from_secs_f64(delay_ms / 1000.0),
        flow_bytes_per_sec: flow_mbit * 1e6 / 8.0,
        link_bytes_per_sec: link_mbit * 1e6 / 8.0,
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("listener address");
    eprintln!(
        "wan-proxy {addr} -> {upstream}: {delay_ms} ms each way, link {link_mbit} Mbit/s per direction, \
         {flow_mbit} Mbit/s per connection and direction"
    );
    println!("http://{addr}");
    std::io::stdout().flush().unwrap();

    let (up, down) = (
        Arc::new(Bucket::new(model.link_bytes_per_sec)),
        Arc::new(Bucket::new(model.link_bytes_per_sec)),
    );
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let (upstream, up, down) = (upstream.clone(), up.clone(), down.clone());
            thread::spawn(move || serve(client, &upstream, model, up, down));
        }
    });
    // Serve until whoever started us closes our stdin (or kills us).
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}
