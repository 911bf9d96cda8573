//! Uploading to a presigned PUT link: no credentials, one streamed request.

use std::path::Path;
use std::time::SystemTime;

use anyhow::Result;

use crate::diagnose::{diagnose, parse_http_date, Refusal};
use crate::error::{ExitKind, Failure};
use crate::presigned_url::PresignedUrl;

/// PUTs the file at `path` (`size` bytes) to `url`, sending `content_type` if given (it must be
/// the one the link was signed for, if any).
pub async fn put_file(url: &str, path: &Path, size: u64, content_type: Option<&str>) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| {
        Failure::usage(format!("--url is not a valid URL: {e}"))
            .hint("pass the whole presigned link, in single quotes")
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Failure::usage("--url must be an http:// or https:// link").into());
    }
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())).cause(e))?;
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| Failure::new(ExitKind::Failure, "could not start the HTTP client").cause(e))?;
    let mut request = client
        .put(parsed)
        .header(reqwest::header::CONTENT_LENGTH, size)
        .body(reqwest::Body::from(file));
    if let Some(content_type) = content_type {
        request = request.header(reqwest::header::CONTENT_TYPE, content_type);
    }
    let response = request.send().await.map_err(|e| {
        Failure::new(
            ExitKind::Network,
            "could not upload: the server did not answer",
        )
        .hint("check your network and that the link's host is reachable, then try again")
        .cause(e)
    })?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(());
    }
    let server_date = response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(parse_http_date);
    let body = response.text().await.unwrap_or_default();
    let sent: Vec<(&str, &str)> = content_type
        .map(|ct| ("content-type", ct))
        .into_iter()
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
