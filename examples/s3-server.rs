//! A standalone embedded S3 server (s3s-fs, signatures checked) for benchmarks and manual tries.
//!
//! `cargo run --release --example s3-server -- BUCKET...` creates the buckets, prints the endpoint
//! on stdout (`http://127.0.0.1:PORT`), then serves until stdin closes or the process is killed.
//! Credentials: the test key pair in `tests/it/support/server.rs` (printed on stderr).

#[path = "../tests/it/support/server.rs"]
mod server;

use std::io::{Read, Write};

fn main() {
    let server = server::S3Server::start();
    for bucket in std::env::args().skip(1) {
        server.create_bucket(&bucket);
    }
    eprintln!(
        "s3s-fs at {} (root {}); AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY={}",
        server.endpoint,
        server.root().display(),
        server::ACCESS_KEY,
        server::SECRET_KEY
    );
    println!("{}", server.endpoint);
    std::io::stdout().flush().unwrap();
    // Serve until whoever started us closes our stdin (or kills us).
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}
