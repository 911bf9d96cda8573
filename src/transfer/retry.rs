//! The client used for transfers: the command's client with more patient retries and with
//! timeouts, so a dead connection ends in an error instead of a hang.

use std::future::Future;
use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;

use crate::error::Failure;
use crate::net::{idle_timeout, CONNECT_TIMEOUT};

/// Attempts per request for transfers (the SDK's standard retry: 5xx, throttling, timeouts,
/// with jittered backoff). A long upload should ride out a server hiccup rather than restart.
const TRANSFER_ATTEMPTS: u32 = 5;

/// Attempts for a request sent with reqwest (downloads, uploads to a link) that failed before it
/// got an answer it can use: refused or dropped connections and 5xx answers.
const HTTP_ATTEMPTS: u32 = 4;

/// The wait after failed attempt `attempt` (from 1): 250 ms, 750 ms, 2.25 s.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 * 3u64.pow(attempt.saturating_sub(1)))
}

/// The one retry policy for requests s3share sends itself (downloads, their chunks, uploads to
/// links): runs `attempt` up to [`HTTP_ATTEMPTS`] times, waiting [`backoff`] between attempts,
/// while `worth_retrying` says its outcome is one another attempt could fix. Returns the last
/// outcome, so the caller reports the real answer when the attempts run out.
pub async fn retried<T, Attempt: Future<Output = T>>(
    mut attempt: impl FnMut() -> Attempt,
    worth_retrying: impl Fn(&T) -> bool,
) -> T {
    let mut tries = 1;
    loop {
        let outcome = attempt().await;
        if tries == HTTP_ATTEMPTS || !worth_retrying(&outcome) {
            return outcome;
        }
        tokio::time::sleep(backoff(tries)).await;
        tries += 1;
    }
}

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
        .read_timeout(idle_timeout())
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
        .unwrap_or_else(idle_timeout)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn retries_only_what_is_worth_it_and_returns_the_last_outcome() {
        let mut calls = 0;
        let last = retried(
            || {
                calls += 1;
                std::future::ready(Err::<(), u32>(calls))
            },
            |_| true,
        )
        .await;
        assert_eq!((calls, last), (HTTP_ATTEMPTS, Err(HTTP_ATTEMPTS)));

        let mut calls = 0;
        let first = retried(
            || {
                calls += 1;
                std::future::ready(Err::<(), &str>("refused"))
            },
            |_| false,
        )
        .await;
        assert_eq!((calls, first), (1, Err("refused")));

        let mut calls = 0;
        let later = retried(
            || {
                calls += 1;
                std::future::ready(if calls < 3 { Err("dropped") } else { Ok(calls) })
            },
            Result::is_err,
        )
        .await;
        assert_eq!(later, Ok(3));
    }

    #[test]
    fn backoff_grows_threefold_from_a_quarter_second() {
        let waits: Vec<_> = (1..HTTP_ATTEMPTS).map(backoff).collect();
        assert_eq!(waits, [250, 750, 2250].map(Duration::from_millis));
    }
}
