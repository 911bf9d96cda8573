//! CloudFront signed URLs: links that a key the user holds signs offline, for any lifetime, not
//! bounded by SigV4's 7 days or the session's credentials (README, "Links that last a year").
//! `key.rs` reads the key, `sign.rs` writes canned and custom policies and the links, `link.rs`
//! reads a link back for `inspect`.

pub mod key;
pub mod link;
pub mod sign;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::error::Failure;

/// Where a command's download links point (`--via`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// A presigned S3 link (at most 7 days, cut short by temporary credentials).
    S3,
    /// A CloudFront signed URL through the configured distribution (any lifetime).
    Cdn,
}

/// The `[cdn]` settings: where the distribution is and which key signs for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CdnConfig {
    /// The distribution's base URL (checked: https, or http to this machine).
    pub url: String,
    /// The CloudFront public key's id (`K2JCJMDEHXQW5F`), `Key-Pair-Id` in links.
    pub key_id: String,
    /// The PEM file of the private key, read only when a CDN link is signed.
    pub private_key: PathBuf,
}

impl CdnConfig {
    /// Reads the key and returns a signer for links living `expires_in` from now.
    pub fn signer(&self, expires_in: Duration) -> Result<sign::CdnSigner, Failure> {
        if expires_in < Duration::from_secs(1) {
            return Err(Failure::usage(
                "a CloudFront link must live at least 1s: CloudFront expiries are whole seconds",
            ));
        }
        let key = key::SigningKey::load(&self.private_key)?;
        Ok(sign::CdnSigner::new(
            &self.url,
            &self.key_id,
            key,
            SystemTime::now(),
            expires_in,
        ))
    }
}
