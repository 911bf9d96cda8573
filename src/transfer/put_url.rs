//! Uploading without credentials, one streamed request per file: to a presigned PUT link, or
//! through a POST policy (a file request page's form).

use std::path::Path;
use std::time::SystemTime;

use crate::transfer::progress::Bar;
use anyhow::Result;
use tokio_util::io::ReaderStream;

use crate::error::{ExitKind, Failure};
use crate::net::idle_timeout;
use crate::net::links as http;
use crate::presigned_url::PresignedUrl;
use crate::s3::diagnose::{diagnose, parse_http_date, Refusal};
use crate::transfer::progress;
use crate::transfer::retry::retried;
use crate::transfer::source::FILE_READ_BUFFER;
use crate::transfer::stall::{stalled, Watchdog};

/// Where a file goes and what goes with it.
pub enum Target<'a> {
    /// A presigned PUT link, with the headers (names in lower case) it may sign.
    Put {
        /// The link.
        url: &'a str,
        /// Content-Type, SSE: each must be what the link was signed for, if it signs it.
        headers: &'a [(String, String)],
    },
    /// A POST policy: a multipart form of these fields (in order), the file last.
    Post {
        /// The bucket's URL.
        url: &'a str,
        /// `key`, the policy's fields, `Content-Type`.
        fields: &'a [(String, String)],
        /// The file name the form gives the file part.
        file_name: &'a str,
    },
}

impl Target<'_> {
    fn url(&self) -> &str {
        match self {
            Target::Put { url, .. } | Target::Post { url, .. } => url,
        }
    }
}

/// PUTs the file at `path` (`size` bytes) to `url`, sending `headers` (names in lower case:
/// Content-Type, SSE; each must be what the link was signed for, if it signs it), and advancing
/// `bar` as the bytes go.
pub async fn put_file(
    url: &str,
    path: &Path,
    size: u64,
    headers: &[(String, String)],
    bar: &Bar,
) -> Result<()> {
    let response = send_file(&Target::Put { url, headers }, path, size, bar).await?;
    let Some(refused) = refusal(response).await else {
        return Ok(());
    };
    let sent: Vec<(&str, &str)> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let refusal = Refusal {
        sent: &sent,
        ..refused.as_refusal()
    };
    Err(diagnose(
        &refusal,
        PresignedUrl::parse(url).ok().as_ref(),
        SystemTime::now(),
    )
    .into())
}

/// Sends the file at `path` (`size` bytes) to `target`, trying again after a refused or dropped
/// connection or a 5xx answer (the file read anew); returns the server's answer.
pub async fn send_file(
    target: &Target<'_>,
    path: &Path,
    size: u64,
    bar: &Bar,
) -> Result<reqwest::Response> {
    send(target, Body::File(path), size, bar).await
}

/// Sends `bytes` (an encrypted request's chunk or manifest) as [`send_file`] sends a file.
pub async fn send_bytes(
    target: &Target<'_>,
    bytes: bytes::Bytes,
    bar: &Bar,
) -> Result<reqwest::Response> {
    let size = bytes.len() as u64;
    send(target, Body::Bytes(bytes), size, bar).await
}

/// What is sent: a file read anew at each attempt, or bytes in memory.
enum Body<'a> {
    File(&'a Path),
    Bytes(bytes::Bytes),
}

async fn send(
    target: &Target<'_>,
    source: Body<'_>,
    size: u64,
    bar: &Bar,
) -> Result<reqwest::Response> {
    let parsed = url::Url::parse(target.url()).map_err(|e| {
        Failure::usage(format!("not a valid URL: {e}"))
            .hint("pass the whole link, in single quotes")
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Failure::usage("the link must be an http:// or https:// one").into());
    }
    let client = http::client(None)?;
    let limit = idle_timeout();
    let (client, parsed, source) = (&client, &parsed, &source);
    // A PUT to a link and a POST of the same key are idempotent. A stall is not retried: it
    // already waited the idle limit; nor is a file that cannot be read.
    let outcome = retried(
        || async move {
            bar.set_position(0);
            let body = match source {
                Body::File(path) => {
                    let file = tokio::fs::File::open(path).await.map_err(|e| {
                        Failure::usage(format!("cannot read {}: {e}", path.display())).cause(e)
                    })?;
                    // reqwest's own `From<File>` reads 4 KiB at a time, each read a trip to the
                    // blocking thread pool.
                    reqwest::Body::wrap_stream(ReaderStream::with_capacity(file, FILE_READ_BUFFER))
                }
                // In pieces, as a file is read: one 64 MiB frame is more than some servers'
                // form parsers take at once (s3s answers 400 InvalidRequest).
                Body::Bytes(bytes) => {
                    let pieces: Vec<std::io::Result<bytes::Bytes>> = (0..bytes.len())
                        .step_by(FILE_READ_BUFFER)
                        .map(|at| Ok(bytes.slice(at..(at + FILE_READ_BUFFER).min(bytes.len()))))
                        .collect();
                    reqwest::Body::wrap_stream(futures_util::stream::iter(pieces))
                }
            };
            let watchdog = Watchdog::new(limit);
            let body = watchdog.track_reqwest(progress::counted_reqwest(body, bar));
            let request = match target {
                Target::Put { headers, .. } => {
                    let mut request = client
                        .put(parsed.clone())
                        .header(reqwest::header::CONTENT_LENGTH, size)
                        .body(body);
                    for (name, value) in *headers {
                        request = request.header(name.as_str(), value.as_str());
                    }
                    request
                }
                Target::Post {
                    fields, file_name, ..
                } => {
                    let form = fields
                        .iter()
                        .fold(reqwest::multipart::Form::new(), |form, (name, value)| {
                            form.text(name.clone(), value.clone())
                        })
                        .part(
                            "file",
                            reqwest::multipart::Part::stream_with_length(body, size)
                                .file_name(file_name.to_string()),
                        );
                    client.post(parsed.clone()).multipart(form)
                }
            };
            tokio::select! {
                sent = request.send() => Ok(sent),
                () = watchdog.expired() => Err(stalled("the upload stalled", watchdog.limit())),
            }
        },
        |outcome| match outcome {
            Ok(Ok(response)) => response.status().is_server_error(),
            // A refused redirect would only be refused again.
            Ok(Err(error)) => http::refused_redirect(error).is_none(),
            Err(_) => false,
        },
    )
    .await;
    Ok(outcome?.map_err(|e| {
        if let Some(refused) = http::refused_redirect(&e) {
            return refused;
        }
        Failure::new(
            ExitKind::Network,
            "could not upload: the server did not answer",
        )
        .hint("check your network and that the link's host is reachable, then try again")
        .cause(e.without_url())
    })?)
}

/// A refusal as read from the server's answer.
pub struct Refused {
    /// The HTTP status.
    pub status: u16,
    /// The error body (S3's XML).
    pub body: String,
    /// The server's `Date`.
    pub server_date: Option<SystemTime>,
}

impl Refused {
    /// The refusal, for diagnosis.
    pub fn as_refusal(&self) -> Refusal<'_> {
        Refusal {
            status: self.status,
            body: &self.body,
            server_date: self.server_date,
            sent: &[],
        }
    }
}

/// `None` for a 2xx answer, else what the server said.
pub async fn refusal(response: reqwest::Response) -> Option<Refused> {
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return None;
    }
    let server_date = response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(parse_http_date);
    let limit = idle_timeout();
    let body = tokio::time::timeout(limit, response.text())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    Some(Refused {
        status,
        body,
        server_date,
    })
}
