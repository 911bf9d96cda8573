//! The network, in one place: the HTTP client the SDK sends through ([`sdk`]), the client for
//! links ([`links`]), how long s3share waits to connect and for a stalled transfer, and the
//! User-Agent it sends. Both clients use the one TLS set-up (rustls with aws-lc-rs and the system
//! roots); `transfer` and `s3` ask here instead of choosing numbers of their own.

pub mod links;
pub mod sdk;

use std::sync::OnceLock;
use std::time::Duration;

/// The User-Agent every request for a link carries.
pub const USER_AGENT: &str = concat!("s3share/", env!("CARGO_PKG_VERSION"));

/// How long to wait for a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a transfer may move nothing before it fails, unless the settings say otherwise
/// (`timeout`, `S3SHARE_TIMEOUT`).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The variable that changes the idle limit, named in hints.
pub const TIMEOUT_ENV: &str = "S3SHARE_TIMEOUT";

/// The idle limit the settings decided ([`set_idle_timeout`]), set once before any transfer.
static IDLE_TIMEOUT: OnceLock<Duration> = OnceLock::new();

/// Sets the idle limit for this run (from `Settings::timeout`).
pub fn set_idle_timeout(limit: Duration) {
    let _ = IDLE_TIMEOUT.set(limit);
}

/// The idle limit: what the settings decided, else [`DEFAULT_IDLE_TIMEOUT`] (commands that
/// resolve no settings).
pub fn idle_timeout() -> Duration {
    IDLE_TIMEOUT.get().copied().unwrap_or(DEFAULT_IDLE_TIMEOUT)
}
