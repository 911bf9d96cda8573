//! Short ids for what s3share names itself: history entries, pages, private copies. Not secrets
//! (a page's link carries the signature), only unlikely to repeat: a hash of something of the
//! thing named, the time and the process.

use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// `bytes` bytes (as hex) of the SHA-256 of `seed`, the time and the process id.
pub fn unique_id(seed: &str, bytes: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    hasher.update(format!("{:?}{}", SystemTime::now(), std::process::id()));
    hex::encode(&hasher.finalize()[..bytes])
}
