//! The client used for transfers: the command's client with more patient retries and with
//! timeouts, so a dead connection ends in an error instead of a hang.

use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;

use crate::error::Failure;
use crate::transfer::stall::idle_timeout;

/// Attempts per request for transfers (the SDK's standard retry: 5xx, throttling, timeouts,
/// with jittered backoff). A long upload should ride out a server hiccup rather than restart.
const TRANSFER_ATTEMPTS: u32 = 5;

/// Attempts for a request sent with reqwest (downloads, uploads to a link) that failed before it
/// got an answer it can use: refused or dropped connections and 5xx answers.
pub const HTTP_ATTEMPTS: u32 = 4;

/// The wait after failed attempt `attempt` (from 1): 250 ms, 750 ms, 2.25 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 * 3u64.pow(attempt.saturating_sub(1)))
}

/// How long to wait for a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `client` with [`TRANSFER_ATTEMPTS`] attempts, unless the user chose a count
/// (`AWS_MAX_ATTEMPTS` or `max_attempts` in the AWS config), which wins; and with a read timeout
/// of the idle limit ([`idle_timeout`]) for requests without a body. Requests with a body turn
/// that off ([`body_request_override`]) and use a [`crate::transfer::stall::Watchdog`] instead.
pub fn transfer_client(client: &aws_sdk_s3::Client) -> Result<aws_sdk_s3::Client, Failure> {
    let config = client.config();
    let sdk_default = RetryConfig::standard().max_attempts();
    let mut builder = config.to_builder();
    if config
        .retry_config()
        .is_none_or(|r| r.max_attempts() == sdk_default)
    {
        builder =
            builder.retry_config(RetryConfig::standard().with_max_attempts(TRANSFER_ATTEMPTS));
    }
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(idle_timeout()?)
        .build();
    Ok(aws_sdk_s3::Client::from_conf(
        builder.timeout_config(timeouts).build(),
    ))
}

/// The idle limit `client` (from [`transfer_client`]) was built with.
pub fn idle_limit(client: &aws_sdk_s3::Client) -> Duration {
    client
        .config()
        .timeout_config()
        .and_then(TimeoutConfig::read_timeout)
        .or_else(|| idle_timeout().ok())
        .unwrap_or(Duration::from_secs(60))
}

/// For a request with a body: no read timeout, which would count the time spent sending the
/// body and so cut off large uploads over slow links.
pub fn body_request_override() -> aws_sdk_s3::config::Builder {
    aws_sdk_s3::config::Builder::default().timeout_config(
        TimeoutConfig::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .disable_read_timeout()
            .build(),
    )
}
