//! Progress bars on stderr for transfers (uploads and downloads share them).
//!
//! Whether to draw at all is decided by [`Output::show_progress`]; a hidden bar costs nothing, so
//! transfer code updates its bar unconditionally.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use crate::output::Output;
use crate::terminal::escape;
use crate::transfer::observed::Observed;

/// A byte-counting bar labelled `label`; `total` is `None` when the size is unknown (stdin), which
/// draws a spinner with the bytes so far and the rate instead.
pub fn bar(out: &Output, total: Option<u64>, label: &str) -> ProgressBar {
    if !out.show_progress() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {msg} {bytes} {binary_bytes_per_sec}",
        ),
    };
    let style = ProgressStyle::with_template(template)
        .expect("valid progress template")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(escape(label).into_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// `body`, advancing `bar` by every chunk the HTTP client takes from it. A retried request
/// rebuilds the body; the rebuild first takes back what the failed attempt had counted, so the bar
/// never counts a byte twice.
pub fn counted(
    body: aws_sdk_s3::primitives::ByteStream,
    bar: &ProgressBar,
) -> aws_sdk_s3::primitives::ByteStream {
    let bar = bar.clone();
    let sent = Arc::new(AtomicU64::new(0));
    let body = body.into_inner().map_preserve_contents(move |inner| {
        bar.dec(sent.swap(0, Ordering::Relaxed));
        aws_sdk_s3::primitives::SdkBody::from_body_1_x(Observed::new(inner, counter(&bar, &sent)))
    });
    aws_sdk_s3::primitives::ByteStream::new(body)
}

/// `body` for reqwest (one attempt, never rebuilt), advancing `bar` by every chunk sent.
pub fn counted_reqwest(body: reqwest::Body, bar: &ProgressBar) -> reqwest::Body {
    reqwest::Body::wrap(Observed::new(body, counter(bar, &Arc::default())))
}

/// Advances `bar` by each chunk, noting in `sent` what this attempt counted.
fn counter(bar: &ProgressBar, sent: &Arc<AtomicU64>) -> impl FnMut(u64) + Unpin {
    let (bar, sent) = (bar.clone(), sent.clone());
    move |len| {
        sent.fetch_add(len, Ordering::Relaxed);
        bar.inc(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_counted_body_advances_the_bar_once_per_byte_even_when_rebuilt() {
        let bar = ProgressBar::hidden();
        let body = counted(
            aws_sdk_s3::primitives::ByteStream::from(vec![7u8; 1000]),
            &bar,
        );
        // The SDK keeps the body as a checkpoint and sends a copy of it on every attempt.
        let checkpoint = body.into_inner();
        let attempt = || {
            let body = checkpoint
                .try_clone()
                .expect("in-memory bodies are retryable");
            aws_sdk_s3::primitives::ByteStream::new(body).collect()
        };
        let first = attempt().await.unwrap();
        assert_eq!(first.into_bytes().len(), 1000);
        assert_eq!(bar.position(), 1000);
        let second = attempt().await.unwrap();
        assert_eq!(second.into_bytes().len(), 1000);
        assert_eq!(bar.position(), 1000);
    }
}
