//! Downloads over HTTP: one path for presigned links and for s3:// locations (which `get` presigns
//! first), so both behave exactly alike.
//!
//! Bytes go to a hidden partial file next to the target (`.NAME.s3share-partial`), which is renamed
//! into place only when the body is complete and verified. A small sidecar
//! (`.NAME.s3share-partial.json`) remembers which object version the partial belongs to, so the
//! next run can resume with a `Range` request; a network failure mid-body keeps both, any other
//! failure removes them.
//!
//! Objects of at least the multipart threshold arrive as parallel ranged GETs instead
//! ([`parallel`]), which record finished chunks in the same sidecar.

mod parallel;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use indicatif::{HumanBytes, ProgressBar};
use md5::{Digest, Md5};
use reqwest::header::{self, HeaderMap};
use reqwest::{Response, StatusCode};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

use crate::diagnose::{diagnose, parse_http_date, tag, Refusal};
use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::presigned_url::PresignedUrl;
use crate::s3::errors::from_refusal;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress;
use crate::transfer::retry::{backoff, HTTP_ATTEMPTS};

/// Error bodies longer than this are not read (S3's are a few hundred bytes).
const MAX_ERROR_BODY: usize = 64 * 1024;
/// Name used when neither the server nor the URL suggests one.
const FALLBACK_NAME: &str = "download";
/// Suffix of the partial file; the sidecar adds `.json`.
const PARTIAL_SUFFIX: &str = ".s3share-partial";

/// What to download.
#[derive(Clone)]
pub struct Source {
    /// The URL to GET, signature included (never printed whole).
    pub url: Url,
    /// The object, when the user named it as s3:// (errors are then worded in S3 terms).
    pub location: Option<ObjectLocation>,
}

/// Where the bytes go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (`-o -`).
    Stdout,
    /// Exactly this file.
    File(PathBuf),
    /// A file in this directory, named by the server's Content-Disposition or the key.
    Dir(PathBuf),
}

impl Destination {
    /// The destination `-o` asks for: `-`, a directory, or a file (the current directory if none).
    pub fn from_output(output: Option<&Path>) -> Result<Destination, Failure> {
        let Some(path) = output else {
            return Ok(Destination::Dir(PathBuf::new()));
        };
        if path.as_os_str() == "-" {
            return Ok(Destination::Stdout);
        }
        let names_dir = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
        if path.is_dir() {
            return Ok(Destination::Dir(path.to_owned()));
        }
        let dir = if names_dir {
            path
        } else {
            path.parent().unwrap_or(Path::new(""))
        };
        if !dir.as_os_str().is_empty() && !dir.is_dir() {
            return Err(Failure::new(
                ExitKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            )
            .hint("create it first, or choose another place with -o"));
        }
        Ok(Destination::File(path.to_owned()))
    }
}

/// Choices the caller made.
pub struct Options<'a> {
    /// Replace an existing file.
    pub force: bool,
    /// Where progress bars go (and whether to draw them).
    pub out: &'a Output,
    /// When and how wide to download in parallel chunks.
    pub parallel: Parallel,
}

/// Parallel ranged downloads of large objects.
#[derive(Clone, Copy, Debug)]
pub struct Parallel {
    /// Objects of at least this many bytes are fetched in chunks (when going to a file).
    pub threshold: u64,
    /// How many chunks are fetched at once.
    pub concurrency: usize,
}

/// What was downloaded.
pub struct Saved {
    /// The file written, `None` for stdout.
    pub path: Option<PathBuf>,
    /// The object's size in bytes.
    pub size: u64,
    /// Bytes that were already there from an interrupted run.
    pub resumed_from: u64,
}

/// Fails if `path` exists and may not be replaced.
pub fn refuse_existing(path: &Path, force: bool) -> Result<(), Failure> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

fn exists(path: &Path) -> Failure {
    Failure::new(
        ExitKind::Failure,
        format!("{} already exists", path.display()),
    )
    .hint("use --force to replace it, or -o to choose another name")
}

/// Downloads `source` to `destination`.
pub async fn download(
    source: &Source,
    destination: &Destination,
    options: &Options<'_>,
) -> Result<Saved> {
    if let Destination::File(path) = destination {
        refuse_existing(path, options.force)?;
    }
    let client = client()?;
    let response = send(&client, source, None).await?;
    let object = ObjectInfo::from_response(&response, 0)?;
    match destination {
        Destination::Stdout => to_stdout(response, &object, source, options).await,
        Destination::File(path) => to_file(&client, response, object, source, path, options).await,
        Destination::Dir(dir) => {
            let name = object
                .file_name
                .clone()
                .or_else(|| url_file_name(source))
                .unwrap_or_else(|| FALLBACK_NAME.to_owned());
            let path = dir.join(name);
            refuse_existing(&path, options.force)?;
            to_file(&client, response, object, source, &path, options).await
        }
    }
}

/// What the response says about the object.
#[derive(Clone, Debug)]
struct ObjectInfo {
    /// Size of the whole object.
    size: u64,
    /// The ETag, quotes included.
    etag: Option<String>,
    /// `Last-Modified`, as sent.
    last_modified: Option<String>,
    /// The MD5 the body must have, when the ETag is one.
    md5: Option<String>,
    /// A safe file name from `Content-Disposition`.
    file_name: Option<String>,
}

impl ObjectInfo {
    /// Reads a 200 response, or a 206 answering `bytes=offset-`.
    fn from_response(response: &Response, offset: u64) -> Result<ObjectInfo, Failure> {
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
        let encryption = header_str(headers, "x-amz-server-side-encryption");
        // A single-part object's ETag is the MD5 of its bytes, except under SSE-KMS and SSE-C.
        let md5 = etag
            .as_deref()
            .map(|e| e.trim_matches('"').to_ascii_lowercase())
            .filter(|e| e.len() == 32 && e.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| matches!(encryption, None | Some("AES256")))
            .filter(|_| !headers.contains_key("x-amz-server-side-encryption-customer-algorithm"));
        Ok(ObjectInfo {
            size,
            etag,
            last_modified: header_str(headers, header::LAST_MODIFIED).map(str::to_owned),
            md5,
            file_name: header_str(headers, header::CONTENT_DISPOSITION)
                .and_then(disposition_file_name)
                .and_then(|name| safe_file_name(&name)),
        })
    }
}

fn header_str(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("s3share/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(crate::transfer::stall::idle_timeout()?)
        .build()
        .context("cannot set up the HTTP client")
}

/// Sends the GET (from `range.0` on, if given, valid only for the object version `range.1`),
/// retrying what a retry can fix, and turns error statuses into failures.
async fn send(
    client: &reqwest::Client,
    source: &Source,
    range: Option<(u64, &str)>,
) -> Result<Response, Failure> {
    let mut attempt = 1;
    loop {
        let mut request = client.get(source.url.clone());
        if let Some((offset, validator)) = range {
            request = request
                .header(header::RANGE, format!("bytes={offset}-"))
                .header(header::IF_RANGE, validator);
        }
        let failure = match request.send().await {
            Ok(response) if response.status().is_success() => return Ok(response),
            Ok(response) if range.is_some() && response.status() == 416 => return Ok(response),
            Ok(response) => http_failure(response, source).await,
            Err(error) => network_failure(error, source),
        };
        if failure.kind != ExitKind::Network || attempt == HTTP_ATTEMPTS {
            return Err(failure);
        }
        tokio::time::sleep(backoff(attempt)).await;
        attempt += 1;
    }
}

fn network_failure(error: reqwest::Error, source: &Source) -> Failure {
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

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Names the cause of an error status from S3's error body and the link itself.
async fn http_failure(response: Response, source: &Source) -> Failure {
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

/// The file name in a `Content-Disposition` value: `filename*` (RFC 5987) over `filename`.
fn disposition_file_name(value: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for param in split_params(value).into_iter().skip(1) {
        let Some((name, raw)) = param.split_once('=') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "filename*" => extended = decode_ext_value(raw.trim()),
            "filename" => plain = Some(unquote(raw.trim())),
            _ => {}
        }
    }
    extended.or(plain)
}

/// Splits at `;` outside quoted strings.
fn split_params(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            c
        });
    }
    out
}

/// `UTF-8''na%C3%AFve.txt` → `naïve.txt` (ISO-8859-1 is decoded too; other charsets are not).
fn decode_ext_value(value: &str) -> Option<String> {
    let mut parts = value.splitn(3, '\'');
    let charset = parts.next()?.to_ascii_lowercase();
    let _language = parts.next()?;
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(parts.next()?).collect();
    match charset.as_str() {
        "utf-8" => String::from_utf8(bytes).ok(),
        "iso-8859-1" => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        _ => None,
    }
}

/// A name that is safe to create inside the target directory: no separators, no `..`, no leading
/// dot (no hidden or relative names), no control characters, no reserved device names.
fn safe_file_name(name: &str) -> Option<String> {
    let cleaned = sanitize_filename::sanitize(name);
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
}

/// The key's last segment, from the s3:// location or the URL's path.
fn url_file_name(source: &Source) -> Option<String> {
    let last = match &source.location {
        Some(location) => location.key.rsplit('/').next()?.to_owned(),
        None => {
            let segment = source.url.path_segments()?.next_back()?;
            percent_encoding::percent_decode_str(segment)
                .decode_utf8_lossy()
                .into_owned()
        }
    };
    safe_file_name(&last)
}

/// Parses `bytes START-END/TOTAL` strictly.
fn parse_content_range(value: &str) -> Option<(u64, u64, u64)> {
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

fn progress_bar(out: &Output, size: u64, position: u64, label: &str) -> ProgressBar {
    let bar = progress::bar(out, Some(size), label);
    bar.set_position(position);
    bar
}

async fn to_stdout(
    mut response: Response,
    object: &ObjectInfo,
    source: &Source,
    options: &Options<'_>,
) -> Result<Saved> {
    let bar = progress_bar(options.out, object.size, 0, "stdout");
    let mut stdout = tokio::io::stdout();
    let mut received = 0u64;
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(error) => {
                bar.abandon();
                return Err(broken(error, source, received, object.size, false).into());
            }
        };
        stdout.write_all(&chunk).await?;
        received += chunk.len() as u64;
        bar.set_position(received);
    }
    stdout.flush().await?;
    bar.finish_and_clear();
    check_size(received, object.size)?;
    Ok(Saved {
        path: None,
        size: received,
        resumed_from: 0,
    })
}

/// A connection that broke mid-body.
fn broken(error: reqwest::Error, source: &Source, got: u64, size: u64, kept: bool) -> Failure {
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
            HumanBytes(got),
            HumanBytes(size),
            root_cause(&error)
        ),
    )
    .hint(hint)
    .cause(error.without_url())
}

fn check_size(received: u64, size: u64) -> Result<(), Failure> {
    if received == size {
        return Ok(());
    }
    Err(Failure::new(
        ExitKind::Integrity,
        format!("received {received} bytes but the server announced {size}"),
    )
    .hint("run the same command again; if it keeps failing, something between here and the server alters the data"))
}

/// The partial file and its sidecar for one target.
struct Partial {
    data: PathBuf,
    meta: PathBuf,
    /// Remove both files when dropped (unset once they are meant to stay or are gone).
    armed: bool,
}

/// Which object version a partial file holds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
struct PartialMeta {
    /// The URL without its query (which holds the signature).
    source: String,
    size: u64,
    etag: Option<String>,
    last_modified: Option<String>,
    /// Set for a parallel download: which chunks are complete (absent in older sidecars and in
    /// sequential ones, whose progress is the file's length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chunks: Option<parallel::Chunks>,
}

impl PartialMeta {
    /// Whether both describe the same object version (whatever the progress).
    fn same_object(&self, other: &PartialMeta) -> bool {
        self.source == other.source
            && self.size == other.size
            && self.etag == other.etag
            && self.last_modified == other.last_modified
    }
}

impl Partial {
    /// The sidecar on disk, if it is readable.
    fn saved(&self) -> Option<PartialMeta> {
        serde_json::from_slice(&std::fs::read(&self.meta).ok()?).ok()
    }

    fn write_meta(&self, meta: &PartialMeta) -> Result<(), Failure> {
        let json = serde_json::to_vec(meta).expect("the sidecar serializes");
        std::fs::write(&self.meta, json).map_err(|e| write_failure(&self.meta, e))
    }

    fn for_target(target: &Path) -> Partial {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| FALLBACK_NAME.to_owned());
        // Stay within the usual 255-byte name limit with the dot and suffixes added.
        let mut cut = name.len().min(200);
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let data = target.with_file_name(format!(".{}{PARTIAL_SUFFIX}", &name[..cut]));
        let meta = target.with_file_name(format!(".{}{PARTIAL_SUFFIX}.json", &name[..cut]));
        Partial {
            data,
            meta,
            armed: false,
        }
    }

    /// How many bytes of `meta`'s object version are already on disk, if that is worth resuming.
    fn resumable(&self, meta: &PartialMeta) -> Option<u64> {
        let saved = self.saved()?;
        if saved != *meta || (meta.etag.is_none() && meta.last_modified.is_none()) {
            return None;
        }
        let len = std::fs::metadata(&self.data).ok()?.len();
        (len > 0 && len < meta.size).then_some(len)
    }

    fn remove(&mut self) {
        let _ = std::fs::remove_file(&self.data);
        let _ = std::fs::remove_file(&self.meta);
        self.armed = false;
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.armed {
            self.remove();
        }
    }
}

fn source_id(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

async fn to_file(
    client: &reqwest::Client,
    response: Response,
    object: ObjectInfo,
    source: &Source,
    target: &Path,
    options: &Options<'_>,
) -> Result<Saved> {
    let mut partial = Partial::for_target(target);
    let mut meta = PartialMeta {
        source: source_id(&source.url),
        size: object.size,
        etag: object.etag.clone(),
        last_modified: object.last_modified.clone(),
        chunks: None,
    };
    let (mut response, mut object, mut offset) = (response, object, 0);
    // A sequential partial is finished sequentially, even if the object would be fetched in
    // parallel now.
    let resumable = partial.resumable(&meta);
    if resumable.is_none() && parallel::eligible(&object, options.parallel) {
        // Only the headers were needed: dropping the response cancels its body.
        drop(response);
        if let Some(saved) = parallel::download(
            client,
            source,
            &object,
            &mut partial,
            &meta,
            target,
            options,
        )
        .await?
        {
            return Ok(saved);
        }
        // The server ignores ranges: one plain GET after all.
        response = send(client, source, None).await?;
        object = ObjectInfo::from_response(&response, 0)?;
        meta.size = object.size;
        meta.etag = object.etag.clone();
        meta.last_modified = object.last_modified.clone();
    }
    if let Some(have) = resumable {
        drop(response);
        let validator = meta.etag.clone().or(meta.last_modified.clone());
        let ranged = send(
            client,
            source,
            Some((have, validator.as_deref().unwrap_or(""))),
        )
        .await?;
        if ranged.status() == StatusCode::PARTIAL_CONTENT {
            let info = ObjectInfo::from_response(&ranged, have)?;
            if info.size != object.size || (info.etag.is_some() && info.etag != object.etag) {
                return Err(Failure::new(
                    ExitKind::Integrity,
                    "the object changed while resuming the download",
                )
                .hint("run the same command again to download it from the start")
                .into());
            }
            response = ranged;
            offset = have;
        } else if ranged.status().is_success() {
            // The object changed (If-Range failed) or the server ignores ranges: start over.
            object = ObjectInfo::from_response(&ranged, 0)?;
            response = ranged;
        } else {
            // 416: the partial does not fit the object; start over.
            response = send(client, source, None).await?;
            object = ObjectInfo::from_response(&response, 0)?;
        }
        meta.size = object.size;
        meta.etag = object.etag.clone();
        meta.last_modified = object.last_modified.clone();
    }

    partial.armed = true;
    let file = if offset > 0 {
        tokio::fs::OpenOptions::new()
            .append(true)
            .open(&partial.data)
            .await
    } else {
        partial.write_meta(&meta)?;
        tokio::fs::File::create(&partial.data).await
    }
    .map_err(|e| write_failure(&partial.data, e))?;

    let mut hasher = match &object.md5 {
        Some(_) => Some(hash_prefix(&partial.data, offset).await?),
        None => None,
    };
    let label = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bar = progress_bar(options.out, object.size, offset, &label);
    let mut writer = tokio::io::BufWriter::with_capacity(256 * 1024, file);
    let mut received = offset;
    let interrupt = Interrupt::listen();
    loop {
        let next = tokio::select! {
            next = response.chunk() => next,
            () = interrupt.wait() => {
                // Like a broken connection: keep what arrived so the next run resumes.
                bar.abandon();
                let kept = writer.flush().await.is_ok() && received > 0;
                partial.armed = !kept;
                let failure = Interrupt::failure(format!(
                    "{} of {} downloaded",
                    HumanBytes(received),
                    HumanBytes(object.size)
                ));
                return Err(if kept {
                    failure.hint("run the same command again to resume")
                } else {
                    failure
                }
                .into());
            }
        };
        let chunk = match next {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(error) => {
                bar.abandon();
                let kept = writer.flush().await.is_ok() && received > 0;
                partial.armed = !kept;
                return Err(broken(error, source, received, object.size, kept).into());
            }
        };
        writer
            .write_all(&chunk)
            .await
            .map_err(|e| write_failure(&partial.data, e))?;
        if let Some(hasher) = &mut hasher {
            hasher.update(&chunk);
        }
        received += chunk.len() as u64;
        bar.set_position(received);
    }
    writer
        .flush()
        .await
        .map_err(|e| write_failure(&partial.data, e))?;
    let file = writer.into_inner();
    file.sync_all()
        .await
        .map_err(|e| write_failure(&partial.data, e))?;
    drop(file);
    bar.finish_and_clear();

    check_size(received, object.size)?;
    if let (Some(hasher), Some(expected)) = (hasher, &object.md5) {
        check_md5(hasher, expected)?;
    }
    place(&partial.data, target, options.force)?;
    partial.remove();
    Ok(Saved {
        path: Some(target.to_owned()),
        size: received,
        resumed_from: offset,
    })
}

/// Fails unless `hasher` arrived at `expected` (lower-case hex).
fn check_md5(hasher: Md5, expected: &str) -> Result<(), Failure> {
    let actual: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if actual == expected {
        return Ok(());
    }
    Err(Failure::new(
        ExitKind::Integrity,
        format!("the downloaded bytes do not match the object's MD5 ({expected})"),
    )
    .hint("run the same command again; if it keeps failing, something between here and the server alters the data"))
}

/// An MD5 hasher fed with the first `len` bytes already in `path`.
async fn hash_prefix(path: &Path, len: u64) -> Result<Md5> {
    let mut hasher = Md5::new();
    if len == 0 {
        return Ok(hasher);
    }
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| write_failure(path, e))?;
    let mut reader = tokio::io::BufReader::with_capacity(256 * 1024, file).take(len);
    let mut buffer = vec![0; 256 * 1024];
    loop {
        let n = reader.read(&mut buffer).await?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher)
}

/// Moves the finished partial file to `target`; without `force` never replaces a file that
/// appeared in the meantime (a hard link fails if the name is taken; a rename would not).
fn place(partial: &Path, target: &Path, force: bool) -> Result<(), Failure> {
    if !force {
        match std::fs::hard_link(partial, target) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists(target)),
            // File systems without hard links: check, then rename.
            Err(_) => refuse_existing(target, false)?,
        }
    }
    std::fs::rename(partial, target).map_err(|e| write_failure(target, e))
}

fn write_failure(path: &Path, error: std::io::Error) -> Failure {
    let hint = match error.kind() {
        std::io::ErrorKind::StorageFull => "free some space, or save elsewhere with -o",
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            "choose a writable place with -o"
        }
        _ => "choose another place with -o",
    };
    Failure::new(
        ExitKind::Failure,
        format!("cannot write {}: {error}", path.display()),
    )
    .hint(hint)
    .cause(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_is_parsed_strictly() {
        assert_eq!(parse_content_range("bytes 0-9/10"), Some((0, 9, 10)));
        assert_eq!(parse_content_range("bytes 5-9/10"), Some((5, 9, 10)));
        for bad in [
            "bytes 5-9/*",
            "bytes */10",
            "bytes 9-5/10",
            "bytes 0-10/10",
            "bytes -1-9/10",
            "bytes 0-9/10x",
            "items 0-9/10",
            "bytes +0-9/10",
        ] {
            assert_eq!(parse_content_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn disposition_prefers_the_extended_name() {
        assert_eq!(
            disposition_file_name(
                "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"
            )
            .as_deref(),
            Some("résumé.pdf")
        );
        assert_eq!(
            disposition_file_name("attachment; filename=\"a \\\"b\\\"; c.txt\"").as_deref(),
            Some("a \"b\"; c.txt")
        );
        assert_eq!(
            disposition_file_name("attachment; filename=plain.txt").as_deref(),
            Some("plain.txt")
        );
        assert_eq!(disposition_file_name("inline"), None);
    }

    #[test]
    fn hostile_names_stay_inside_the_directory() {
        for (hostile, safe) in [
            ("../../etc/passwd", Some("etcpasswd")),
            ("..", None),
            (".bashrc", Some("bashrc")),
            ("/abs/path", Some("abspath")),
            ("a\u{7}b\nc", Some("abc")),
            ("C:\\Windows\\x", Some("CWindowsx")),
            ("report.pdf", Some("report.pdf")),
        ] {
            assert_eq!(safe_file_name(hostile).as_deref(), safe, "{hostile:?}");
        }
    }

    #[test]
    fn partial_files_sit_hidden_next_to_the_target() {
        let partial = Partial::for_target(Path::new("dir/report.pdf"));
        assert_eq!(partial.data, Path::new("dir/.report.pdf.s3share-partial"));
        assert_eq!(
            partial.meta,
            Path::new("dir/.report.pdf.s3share-partial.json")
        );
    }
}
