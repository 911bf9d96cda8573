//! The HTTP side of a download: one client, the GET with its retries, what a response says
//! about the object, and failures worded from S3's error body and the link.

use std::time::SystemTime;

use anyhow::Result;
use reqwest::header::{self, HeaderMap};
use reqwest::{Response, StatusCode};

use super::job::Source;
use super::naming::disposition_file_name;
use crate::error::{ExitKind, Failure};
use crate::file_name::safe_file_name;
use crate::net::{self, links as http};
use crate::presigned_url::PresignedUrl;
use crate::s3::diagnose::{diagnose, parse_http_date, tag, Refusal};
use crate::s3::errors::from_refusal;
use crate::s3::etag::{full_object_crc64nvme, single_part_md5};
use crate::transfer::retry::retried;

/// Error bodies longer than this are not read (S3's are a few hundred bytes).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// What the response says about the object.
#[derive(Clone, Debug)]
pub(super) struct ObjectInfo {
    /// Size of the whole object.
    pub(super) size: u64,
    /// The ETag, quotes included.
    pub(super) etag: Option<String>,
    /// `Last-Modified`, as sent.
    pub(super) last_modified: Option<String>,
    /// The MD5 the body must have, when the ETag is one.
    pub(super) md5: Option<String>,
    /// The CRC64NVME of the whole object, when the server gave it (S3 does, asked with
    /// `x-amz-checksum-mode`, for objects stored since 2025 or uploaded with one).
    pub(super) crc64nvme: Option<u64>,
    /// A safe file name from `Content-Disposition`.
    pub(super) file_name: Option<String>,
}

impl ObjectInfo {
    /// Reads a 200 response, or a 206 answering `bytes=offset-`.
    pub(super) fn from_response(response: &Response, offset: u64) -> Result<ObjectInfo, Failure> {
        let headers = response.headers();
        let size = if response.status() == StatusCode::PARTIAL_CONTENT {
            let range = header_str(headers, header::CONTENT_RANGE).unwrap_or_default();
            let (start, end, total) = parse_content_range(range).ok_or_else(|| {
                Failure::new(
                    ExitKind::Integrity,
                    format!("the server sent an unusable Content-Range '{range}'"),
                )
            })?;
            if start != offset || end + 1 != total {
                return Err(Failure::new(
                    ExitKind::Integrity,
                    format!(
                        "the server sent bytes {start}-{end} of {total} when asked for {offset}-"
                    ),
                ));
            }
            total
        } else {
            response.content_length().ok_or_else(|| {
                Failure::new(
                    ExitKind::Failure,
                    "the server did not say how large the download is (no Content-Length)",
                )
            })?
        };
        let etag = header_str(headers, header::ETAG).map(str::to_owned);
        let md5 = single_part_md5(
            etag.as_deref(),
            header_str(headers, "x-amz-server-side-encryption"),
            headers.contains_key("x-amz-server-side-encryption-customer-algorithm"),
        );
        Ok(ObjectInfo {
            size,
            etag,
            last_modified: header_str(headers, header::LAST_MODIFIED).map(str::to_owned),
            md5,
            crc64nvme: full_object_crc64nvme(
                header_str(headers, "x-amz-checksum-crc64nvme"),
                header_str(headers, "x-amz-checksum-type"),
            ),
            file_name: header_str(headers, header::CONTENT_DISPOSITION)
                .and_then(disposition_file_name)
                .and_then(|name| safe_file_name(&name)),
        })
    }
}

/// A header's value, if it is text.
pub(super) fn header_str(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The HTTP client for downloads.
pub(super) fn client() -> Result<reqwest::Client> {
    Ok(http::client(Some(net::idle_timeout()))?)
}

/// Sends the GET (from `range.0` on, if given, valid only for the object version `range.1`),
/// retrying what a retry can fix, and turns error statuses into failures.
pub(super) async fn send(
    client: &reqwest::Client,
    source: &Source,
    range: Option<(u64, &str)>,
) -> Result<Response, Failure> {
    retried(
        || async move {
            let mut request = source.get(client).await?;
            if let Some((offset, validator)) = range {
                request = request
                    .header(header::RANGE, format!("bytes={offset}-"))
                    .header(header::IF_RANGE, validator);
            }
            match request.send().await {
                Ok(response) if response.status().is_success() => Ok(response),
                Ok(response) if range.is_some() && response.status() == 416 => Ok(response),
                Ok(response) => Err(http_failure(response, source).await),
                Err(error) => Err(network_failure(error, source)),
            }
        },
        |outcome| matches!(outcome, Err(failure) if failure.kind == ExitKind::Network),
    )
    .await
}

/// A request that got no answer.
pub(super) fn network_failure(error: reqwest::Error, source: &Source) -> Failure {
    if let Some(refused) = http::refused_redirect(&error) {
        return refused;
    }
    let host = source.url.host_str().unwrap_or("the server").to_owned();
    let what = if error.is_timeout() {
        format!("{host} did not answer in time")
    } else if error.is_connect() {
        format!("could not connect to {host}")
    } else {
        format!("the request to {host} failed")
    };
    Failure::new(
        ExitKind::Network,
        format!("{what} ({})", root_cause(&error)),
    )
    .hint("check your network and the link's host, then run the same command again")
    .cause(error.without_url())
}

/// The innermost error's text.
pub(super) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Names the cause of an error status from S3's error body and the link itself.
pub(super) async fn http_failure(response: Response, source: &Source) -> Failure {
    let status = response.status().as_u16();
    let server_date = header_str(response.headers(), header::DATE).and_then(parse_http_date);
    let body = read_error_body(response).await;
    let refusal = Refusal {
        status,
        body: &body,
        server_date,
        sent: &[],
    };
    if let Some(location) = &source.location {
        let code = tag(&body, "Code").unwrap_or_default();
        return from_refusal(&refusal, &code, "download", location);
    }
    diagnose(
        &refusal,
        PresignedUrl::parse(source.url.as_str()).ok().as_ref(),
        SystemTime::now(),
    )
}

async fn read_error_body(mut response: Response) -> String {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_ERROR_BODY {
            break;
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

/// Parses `bytes START-END/TOTAL` strictly.
pub(super) fn parse_content_range(value: &str) -> Option<(u64, u64, u64)> {
    let rest = value.trim().strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let (start, end, total) = (number(start)?, number(end)?, number(total)?);
    (start <= end && end < total).then_some((start, end, total))
}

/// A connection that broke mid-body.
pub(super) fn broken(
    error: reqwest::Error,
    source: &Source,
    got: u64,
    size: u64,
    kept: bool,
) -> Failure {
    let host = source.url.host_str().unwrap_or("the server").to_owned();
    let hint = if kept {
        "run the same command again to resume"
    } else {
        "run the same command again"
    };
    Failure::new(
        ExitKind::Network,
        format!(
            "the connection to {host} broke after {} of {} ({})",
            crate::human::size(got),
            crate::human::size(size),
            root_cause(&error)
        ),
    )
    .hint(hint)
    .cause(error.without_url())
}
