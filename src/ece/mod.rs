//! Encrypted Content-Encoding, RFC 8188 `aes128gcm` (as Firefox Send used it): the format of an
//! end-to-end encrypted share. A browser decrypts it with nothing but WebCrypto.
//!
//! The secret (16 random bytes) travels only in a link's fragment. The body is a header (salt,
//! record size, key id) and records: record `i` is AES-128-GCM of its plaintext, a delimiter
//! (1, or 2 for the last record) and no padding, under a key and nonce base derived from the
//! secret and the salt with HKDF-SHA256; its nonce is the base XOR `i`. Each record decrypts on
//! its own, so downloads keep their parallel ranged chunks and resume.
//!
//! Crypto is aws-lc-rs, the provider rustls already uses: no second crypto stack.

mod format;
mod stream;

pub use format::*;
pub use stream::{RecordOpener, SealingReader};
