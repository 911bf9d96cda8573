//! Short ids for what s3share names itself: history entries, pages, private copies. Not secrets
//! (a page's link carries the signature), only unlikely to repeat: a hash of something of the
//! thing named, the time and the process.

use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// `bytes` random bytes, as hex: for what must not be derived from anything (the folder of an
/// encrypted share, whose name must say nothing about the file).
pub fn random_id(bytes: usize) -> String {
    let mut random = vec![0u8; bytes];
    aws_lc_rs::rand::fill(&mut random).expect("the system's random source");
    hex::encode(random)
}

/// `bytes` bytes (as hex) of the SHA-256 of `seed`, the time and the process id.
pub fn unique_id(seed: &str, bytes: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    hasher.update(format!("{:?}{}", SystemTime::now(), std::process::id()));
    hex::encode(&hasher.finalize()[..bytes])
}
