//! Giving up on a transfer that stopped moving: an idle timeout, not a total one, so a large
//! upload over a slow link is never cut off while bytes still flow.
//!
//! Downloads use reqwest's per-read timeout. Uploads need more: the time to the first byte of a
//! response includes sending the whole body, so a request-wide timeout would either fire on slow
//! links or be uselessly long. A [`Watchdog`] instead notes every chunk the HTTP client takes from
//! the body; once nothing was taken (and no answer came) for the idle limit, the transfer fails.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{ExitKind, Failure};
use crate::net::TIMEOUT_ENV;
use crate::transfer::observed::Observed;

/// The failure reported when a transfer stalls.
pub fn stalled(what: &str, limit: Duration) -> Failure {
    Failure::new(
        ExitKind::Network,
        format!(
            "{what}: no progress for {}",
            humantime::format_duration(limit)
        ),
    )
    .hint(format!(
        "check your network, then run the same command again (set {TIMEOUT_ENV} to wait longer)"
    ))
}

/// Watches one request for progress.
#[derive(Clone)]
pub struct Watchdog {
    start: Instant,
    /// Milliseconds after `start` of the last progress.
    last: Arc<AtomicU64>,
    limit: Duration,
}

impl Watchdog {
    /// A watchdog whose clock starts now.
    pub fn new(limit: Duration) -> Watchdog {
        Watchdog {
            start: Instant::now(),
            last: Arc::new(AtomicU64::new(0)),
            limit,
        }
    }

    /// The idle limit.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    fn touch(&self) {
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(now, Ordering::Relaxed);
    }

    /// Resolves once nothing happened for the idle limit.
    pub async fn expired(&self) {
        loop {
            let last = Duration::from_millis(self.last.load(Ordering::Relaxed));
            let deadline = self.start + last + self.limit;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline).await;
        }
    }

    /// `body`, noting progress on the way; retried requests rebuild it and stay watched.
    pub fn track_sdk(
        &self,
        body: aws_sdk_s3::primitives::ByteStream,
    ) -> aws_sdk_s3::primitives::ByteStream {
        let watchdog = self.clone();
        let body = body.into_inner().map_preserve_contents(move |inner| {
            aws_sdk_s3::primitives::SdkBody::from_body_1_x(Observed::new(inner, watchdog.toucher()))
        });
        aws_sdk_s3::primitives::ByteStream::new(body)
    }

    /// `body` for reqwest, noting progress on the way.
    pub fn track_reqwest(&self, body: reqwest::Body) -> reqwest::Body {
        reqwest::Body::wrap(Observed::new(body, self.toucher()))
    }

    /// Notes progress whenever a body yields a chunk (or ends).
    fn toucher(&self) -> impl FnMut(u64) + Unpin {
        let watchdog = self.clone();
        move |_| watchdog.touch()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_watchdog_fires_only_after_the_idle_limit() {
        let watchdog = Watchdog::new(Duration::from_millis(50));
        let started = Instant::now();
        watchdog.expired().await;
        assert!(started.elapsed() >= Duration::from_millis(50));
    }

    #[tokio::test]
    async fn progress_pushes_the_deadline_back() {
        let watchdog = Watchdog::new(Duration::from_millis(100));
        let started = Instant::now();
        tokio::time::sleep(Duration::from_millis(60)).await;
        watchdog.touch();
        watchdog.expired().await;
        assert!(started.elapsed() >= Duration::from_millis(160));
    }

    #[test]
    fn the_timeout_setting_must_be_a_positive_duration() {
        assert_eq!(crate::net::DEFAULT_IDLE_TIMEOUT, Duration::from_secs(60));
        assert!(stalled("x", Duration::from_secs(2))
            .message
            .ends_with("no progress for 2s"));
    }
}
