//! The one way s3share builds an HTTP client for links (downloads, uploads to links and through
//! file requests, `inspect --check`): the same User-Agent, connect timeout and TLS set-up, and an
//! optional idle limit per read.

use std::time::Duration;

use crate::error::{ExitKind, Failure};
use crate::transfer::retry::CONNECT_TIMEOUT;

/// The User-Agent every request for a link carries.
pub const USER_AGENT: &str = concat!("s3share/", env!("CARGO_PKG_VERSION"));

/// An HTTP client; `read_timeout` fails a response that sends nothing for that long.
pub fn client(read_timeout: Option<Duration>) -> Result<reqwest::Client, Failure> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(CONNECT_TIMEOUT);
    if let Some(limit) = read_timeout {
        builder = builder.read_timeout(limit);
    }
    builder
        .build()
        .map_err(|e| Failure::new(ExitKind::Failure, "could not set up the HTTP client").cause(e))
}
