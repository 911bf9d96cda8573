//! One chunk of a parallel download: what the workers share, and each worker's loop of ranged
//! GETs, every answer checked to be exactly the asked-for bytes of the same object version and
//! written (decrypted, for an encrypted share) at its place in the partial file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use reqwest::{header, StatusCode};
use tokio::sync::mpsc;

use crate::error::{ExitKind, Failure};
use crate::transfer::download::decrypt::{refused, Opened};
use crate::transfer::download::job::Source;
use crate::transfer::download::response::{
    header_str, http_failure, network_failure, parse_content_range, root_cause,
};
use crate::transfer::download::verify::{crc64nvme, write_failure};
use crate::transfer::progress::FileProgress;
use crate::transfer::retry::retried;

/// How many bytes a worker collects before writing them out.
const WRITE_BUFFER: usize = 1024 * 1024;

/// Why one chunk could not be fetched.
pub(super) enum ChunkError {
    /// The server answered a ranged GET with the whole object.
    NoRanges,
    Failed(Failure),
}

/// How an object's bytes are cut in chunks, and how large the file they make is.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    /// The first byte fetched in chunks: 0, or past an encrypted body's header.
    pub(super) start: u64,
    /// The object's size, where the last chunk ends.
    pub(super) end: u64,
    /// Bytes per chunk (the last may be shorter).
    pub(super) chunk_size: u64,
    /// The complete file's size: the object's, or its plaintext's.
    pub(super) file_len: u64,
}

impl Span {
    /// How many chunks there are.
    pub(super) fn count(&self) -> u64 {
        (self.end - self.start).div_ceil(self.chunk_size)
    }

    /// The inclusive byte range of chunk `index` (of [`Span::count`]), without overflow for any
    /// size a server may announce.
    pub(super) fn range(&self, index: u64) -> (u64, u64) {
        let start = self.start + index * self.chunk_size;
        (
            start,
            start.saturating_add(self.chunk_size).min(self.end) - 1,
        )
    }
}

/// What all workers share.
pub(super) struct Job {
    pub(super) client: reqwest::Client,
    pub(super) source: Source,
    pub(super) file: std::fs::File,
    pub(super) path: PathBuf,
    pub(super) size: u64,
    pub(super) span: Span,
    /// For an encrypted share's data: how to decrypt each chunk into place.
    pub(super) opened: Option<Arc<Opened>>,
    pub(super) etag: String,
    pub(super) bar: FileProgress,
    /// Chunks nobody has taken yet, the next one last.
    pub(super) pending: Mutex<Vec<u64>>,
    /// Where finished chunks are reported.
    pub(super) done: mpsc::UnboundedSender<u64>,
    /// When the object's CRC64NVME is checked: the CRC64NVME of each chunk fetched in this run,
    /// by index, computed by its worker as the bytes arrive.
    pub(super) chunk_crcs: Option<Mutex<HashMap<u64, u64>>>,
}

/// Takes chunks until none are left.
pub(super) async fn worker(job: Arc<Job>) -> Result<(), ChunkError> {
    loop {
        let Some(index) = job.pending.lock().expect("not poisoned").pop() else {
            return Ok(());
        };
        fetch(&job, index).await?;
        let _ = job.done.send(index);
    }
}

/// Fetches one chunk, trying again after network failures and 5xx answers.
async fn fetch(job: &Arc<Job>, index: u64) -> Result<(), ChunkError> {
    let (start, end) = job.span.range(index);
    retried(
        || async move {
            let mut got = 0;
            let outcome = fetch_once(job, start, end, &mut got).await;
            if outcome.is_err() {
                // What this attempt counted comes again with the next one.
                job.bar.dec(got);
            }
            outcome
        },
        |outcome| {
            matches!(outcome, Err(ChunkError::Failed(failure)) if failure.kind == ExitKind::Network)
        },
    )
    .await
}

/// One GET of bytes `start..=end`, written at `start`; `got` counts what arrived.
async fn fetch_once(job: &Arc<Job>, start: u64, end: u64, got: &mut u64) -> Result<(), ChunkError> {
    let response = request_chunk(job, start, end).await?;
    receive_chunk(job, response, start, end, got).await
}

/// Asks for bytes `start..=end` and checks the answer is exactly those bytes of the same version.
async fn request_chunk(
    job: &Arc<Job>,
    start: u64,
    end: u64,
) -> Result<reqwest::Response, ChunkError> {
    let request = job
        .source
        .get(&job.client)
        .await
        .map_err(ChunkError::Failed)?;
    let response = request
        .header(header::RANGE, format!("bytes={start}-{end}"))
        .send()
        .await
        .map_err(|e| ChunkError::Failed(network_failure(e, &job.source)))?;
    let status = response.status();
    if status.is_success() && status != StatusCode::PARTIAL_CONTENT {
        return Err(ChunkError::NoRanges);
    }
    if !status.is_success() {
        return Err(ChunkError::Failed(
            http_failure(response, &job.source).await,
        ));
    }
    let range = header_str(response.headers(), header::CONTENT_RANGE).unwrap_or_default();
    if parse_content_range(range) != Some((start, end, job.size)) {
        return Err(ChunkError::Failed(Failure::new(
            ExitKind::Integrity,
            format!("the server sent '{range}' when asked for bytes {start}-{end}"),
        )));
    }
    if header_str(response.headers(), header::ETAG) != Some(job.etag.as_str()) {
        return Err(ChunkError::Failed(
            Failure::new(
                ExitKind::Integrity,
                "the object changed during the download",
            )
            .hint("run the same command again to download it from the start"),
        ));
    }
    Ok(response)
}

/// Writes the bytes of `response` (decrypted, for an encrypted share) into their place;
/// `got` counts what arrived.
async fn receive_chunk(
    job: &Arc<Job>,
    mut response: reqwest::Response,
    start: u64,
    end: u64,
    got: &mut u64,
) -> Result<(), ChunkError> {
    let len = end - start + 1;
    let mut crc = job.chunk_crcs.as_ref().map(|_| crc64nvme());
    let mut buffer = Vec::with_capacity(WRITE_BUFFER);
    // An encrypted chunk is whole records: each is decrypted into its place in the file.
    let (mut opener, mut offset) = match &job.opened {
        Some(opened) => {
            let first = opened.record_at(start);
            (Some(opened.opener(first)), opened.plaintext_offset(first))
        }
        None => (None, start),
    };
    let mut plaintext = Vec::new();
    loop {
        let bytes = match response.chunk().await {
            Ok(Some(bytes)) => bytes,
            Ok(None) => break,
            Err(error) => return Err(ChunkError::Failed(broken_chunk(error, &job.source))),
        };
        if *got + bytes.len() as u64 > len {
            return Err(ChunkError::Failed(Failure::new(
                ExitKind::Integrity,
                format!("the server sent more than bytes {start}-{end}"),
            )));
        }
        *got += bytes.len() as u64;
        job.bar.inc(bytes.len() as u64);
        let bytes = match &mut opener {
            Some(opener) => {
                plaintext.clear();
                opener
                    .push(&bytes, &mut plaintext)
                    .map_err(|e| ChunkError::Failed(refused(e)))?;
                &plaintext[..]
            }
            None => &bytes[..],
        };
        // Written out before it would overflow: a buffer that grew past its capacity would be
        // reallocated at twice the size, and every worker would hold 2 MiB instead of 1.
        if buffer.len() + bytes.len() > WRITE_BUFFER {
            (offset, buffer) = write(job, buffer, offset).await?;
        }
        if let Some(crc) = &mut crc {
            crc.update(bytes);
        }
        buffer.extend_from_slice(bytes);
    }
    if let (Some(opener), Some(opened)) = (opener, &job.opened) {
        if *got == len {
            opener
                .finish(opened.record_at(end + 1))
                .map_err(|e| ChunkError::Failed(refused(e)))?;
        }
    }
    write(job, buffer, offset).await?;
    if *got != len {
        return Err(ChunkError::Failed(Failure::new(
            ExitKind::Network,
            format!("the server sent {got} bytes of bytes {start}-{end}"),
        )));
    }
    if let (Some(crcs), Some(crc)) = (&job.chunk_crcs, crc) {
        let index = (start - job.span.start) / job.span.chunk_size;
        crcs.lock()
            .expect("not poisoned")
            .insert(index, crc.finalize());
    }
    Ok(())
}

/// Writes `buffer` at `offset` of the partial file; returns the offset after it and the buffer,
/// emptied, to fill again (instead of an allocation and its page faults per megabyte).
async fn write(
    job: &Arc<Job>,
    mut buffer: Vec<u8>,
    offset: u64,
) -> Result<(u64, Vec<u8>), ChunkError> {
    if buffer.is_empty() {
        return Ok((offset, buffer));
    }
    let len = buffer.len() as u64;
    let shared = job.clone();
    let (written, returned) = tokio::task::spawn_blocking(move || {
        let written = write_at(&shared.file, &buffer, offset);
        buffer.clear();
        (written, buffer)
    })
    .await
    .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    written.map_err(|e| ChunkError::Failed(write_failure(&job.path, e)))?;
    Ok((offset + len, returned))
}

#[cfg(unix)]
fn write_at(file: &std::fs::File, buffer: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buffer, offset)?;
    start_writeback(file, offset, buffer.len() as u64);
    Ok(())
}

/// Asks the kernel to start writing `len` bytes at `offset` to disk now, without waiting, so
/// the `fsync` before the rename has little left to do: on a 1 GiB download it took 1.9 s of
/// a 6.3 s run when all the writing was left to it. Only a hint; errors surface at the fsync.
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else {
        return;
    };
    // SAFETY: sync_file_range only reads its integer arguments; the descriptor is open for as
    // long as `file` is borrowed.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
fn start_writeback(_file: &std::fs::File, _offset: u64, _len: u64) {}

#[cfg(windows)]
fn write_at(file: &std::fs::File, mut buffer: &[u8], mut offset: u64) -> std::io::Result<()> {
    while !buffer.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, buffer, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        buffer = &buffer[n..];
        offset += n as u64;
    }
    Ok(())
}

/// A connection that broke in the middle of a chunk.
fn broken_chunk(error: reqwest::Error, source: &Source) -> Failure {
    let host = source.url.host_str().unwrap_or("the server").to_owned();
    Failure::new(
        ExitKind::Network,
        format!("the connection to {host} broke ({})", root_cause(&error)),
    )
    .hint("run the same command again")
    .cause(error.without_url())
}
