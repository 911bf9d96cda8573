//! Uploading to a presigned PUT link: no credentials, one streamed request.

use std::path::Path;
use std::time::SystemTime;

use anyhow::Result;
use indicatif::ProgressBar;
use tokio_util::io::ReaderStream;

use crate::error::{ExitKind, Failure};
use crate::presigned_url::PresignedUrl;
use crate::s3::diagnose::{diagnose, parse_http_date, Refusal};
use crate::transfer::progress;
use crate::transfer::retry::{backoff, CONNECT_TIMEOUT, HTTP_ATTEMPTS};
use crate::transfer::source::FILE_READ_BUFFER;
use crate::transfer::stall::{idle_timeout, stalled, Watchdog};

/// PUTs the file at `path` (`size` bytes) to `url`, sending `headers` (names in lower case:
/// Content-Type, SSE; each must be what the link was signed for, if it signs it), and advancing
/// `bar` as the bytes go.
pub async fn put_file(
    url: &str,
    path: &Path,
    size: u64,
    headers: &[(String, String)],
    bar: &ProgressBar,
) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| {
        Failure::usage(format!("--url is not a valid URL: {e}"))
            .hint("pass the whole presigned link, in single quotes")
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Failure::usage("--url must be an http:// or https:// link").into());
    }
    let client = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(|e| Failure::new(ExitKind::Failure, "could not start the HTTP client").cause(e))?;
    let limit = idle_timeout()?;
    // A refused or dropped connection or a 5xx answer is tried again, the file read anew; a PUT
    // to a link is idempotent. A stall is not: it already waited the idle limit.
    let mut attempt = 1;
    let response = loop {
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())).cause(e))?;
        let watchdog = Watchdog::new(limit);
        let mut request = client
            .put(parsed.clone())
            .header(reqwest::header::CONTENT_LENGTH, size)
            .body(watchdog.track_reqwest(progress::counted_reqwest(
                // reqwest's own `From<File>` reads 4 KiB at a time, each read a trip to the
                // blocking thread pool.
                reqwest::Body::wrap_stream(ReaderStream::with_capacity(file, FILE_READ_BUFFER)),
                bar,
            )));
        for (name, value) in headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let sent = tokio::select! {
            sent = request.send() => sent,
            () = watchdog.expired() => {
                return Err(stalled("the upload stalled", watchdog.limit()).into());
            }
        };
        let retry = match &sent {
            Ok(response) => response.status().is_server_error(),
            Err(_) => true,
        };
        if !retry || attempt == HTTP_ATTEMPTS {
            break sent.map_err(|e| {
                Failure::new(
                    ExitKind::Network,
                    "could not upload: the server did not answer",
                )
                .hint("check your network and that the link's host is reachable, then try again")
                .cause(e.without_url())
            })?;
        }
        bar.set_position(0);
        tokio::time::sleep(backoff(attempt)).await;
        attempt += 1;
    };
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(());
    }
    let server_date = response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(parse_http_date);
    let body = tokio::time::timeout(limit, response.text())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    let sent: Vec<(&str, &str)> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let refusal = Refusal {
        status,
        body: &body,
        server_date,
        sent: &sent,
    };
    Err(diagnose(
        &refusal,
        PresignedUrl::parse(url).ok().as_ref(),
        SystemTime::now(),
    )
    .into())
}
