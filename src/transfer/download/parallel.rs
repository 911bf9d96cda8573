//! Large objects as parallel ranged GETs: `concurrency` workers take chunks (`Range: bytes=a-b`)
//! from a shared list and write each at its offset into the preallocated partial file. Memory
//! stays at about `concurrency` × [`WRITE_BUFFER`], whatever the object's size.
//!
//! Every chunk answer must be a 206 with exactly the asked-for `Content-Range` and the ETag of the
//! first response; a server that ignores ranges sends the caller back to one plain GET. Finished
//! chunks are listed in the sidecar, so an interrupted download fetches only the missing ones
//! next time. A chunk whose connection fails is tried again a few times; after that the partial
//! file and sidecar stay for a resume.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use reqwest::{header, StatusCode};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::job::{progress_bar, Options, Parallel, Saved, Source};
use super::partial::{Chunks, Partial, PartialMeta};
use super::response::{
    header_str, http_failure, network_failure, parse_content_range, root_cause, ObjectInfo,
};
use super::sealed::{refused, Opened};
use md5::{Digest, Md5};

use super::verify::{check_crc64nvme, check_md5, crc64nvme, place, write_failure};
use crate::error::{ExitKind, Failure};
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress::FileProgress;
use crate::transfer::retry::retried;

/// Chunks are at least this large (and a multiple of it) ...
const MIN_CHUNK: u64 = 1024 * 1024;
/// ... and at most this large, unless the object would need more than [`MAX_CHUNKS`].
const MAX_CHUNK: u64 = 8 * 1024 * 1024;
/// The most chunks one object is split into.
const MAX_CHUNKS: u64 = 10_000;
/// How many bytes a worker collects before writing them out.
const WRITE_BUFFER: usize = 1024 * 1024;

/// Whether `object` should be fetched in parallel chunks.
pub(super) fn eligible(object: &ObjectInfo, parallel: Parallel) -> bool {
    // Without an ETag there is no way to tell that all chunks come from one object version.
    parallel.concurrency > 1
        && object.size > 0
        && object.size >= parallel.threshold
        && object.etag.is_some()
}

/// The chunk size for an object of `size` bytes: spread over all workers, whole MiB, between
/// [`MIN_CHUNK`] and [`MAX_CHUNK`], grown so that there are at most [`MAX_CHUNKS`].
fn chunk_size(size: u64, concurrency: usize) -> u64 {
    let spread = size.div_ceil(concurrency.max(1) as u64).div_ceil(MIN_CHUNK) * MIN_CHUNK;
    spread
        .clamp(MIN_CHUNK, MAX_CHUNK)
        .max(size.div_ceil(MAX_CHUNKS))
}

/// Why one chunk could not be fetched.
enum ChunkError {
    /// The server answered a ranged GET with the whole object.
    NoRanges,
    Failed(Failure),
}

/// How an object's bytes are cut in chunks, and how large the file they make is.
#[derive(Clone, Copy, Debug)]
struct Span {
    /// The first byte fetched in chunks: 0, or past an encrypted body's header.
    start: u64,
    /// The object's size, where the last chunk ends.
    end: u64,
    /// Bytes per chunk (the last may be shorter).
    chunk_size: u64,
    /// The complete file's size: the object's, or its plaintext's.
    file_len: u64,
}

impl Span {
    /// How many chunks there are.
    fn count(&self) -> u64 {
        (self.end - self.start).div_ceil(self.chunk_size)
    }

    /// The inclusive byte range of chunk `index`.
    fn range(&self, index: u64) -> (u64, u64) {
        let start = self.start + index * self.chunk_size;
        (start, (start + self.chunk_size).min(self.end) - 1)
    }
}

/// What all workers share.
struct Job {
    client: reqwest::Client,
    source: Source,
    file: std::fs::File,
    path: PathBuf,
    size: u64,
    span: Span,
    /// For an encrypted share's data: how to decrypt each chunk into place.
    opened: Option<Arc<Opened>>,
    etag: String,
    bar: FileProgress,
    /// Chunks nobody has taken yet, the next one last.
    pending: Mutex<Vec<u64>>,
    /// Where finished chunks are reported.
    done: mpsc::UnboundedSender<u64>,
    /// When the object's CRC64NVME is checked: the CRC64NVME of each chunk fetched in this run,
    /// by index, computed by its worker as the bytes arrive.
    chunk_crcs: Option<Mutex<HashMap<u64, u64>>>,
}

/// Downloads `object` in parallel chunks into `target`, resuming a parallel partial of the same
/// version; for an encrypted share's data (`opened`), chunks are whole records, each decrypted
/// into its place. `Ok(None)`: the server does not do ranges (nothing is left behind); fetch it
/// whole.
#[allow(clippy::too_many_arguments)]
pub(super) async fn download(
    client: &reqwest::Client,
    source: &Source,
    object: &ObjectInfo,
    partial: &mut Partial,
    meta: &PartialMeta,
    target: &Path,
    options: &Options<'_>,
    opened: Option<&Arc<Opened>>,
) -> Result<Option<Saved>> {
    let size = object.size;
    let etag = object.etag.clone().unwrap_or_default();
    let cut = Cut::of(size, opened);
    let (file, mut meta) = open_partial(partial, meta, size, cut, options.parallel.concurrency)?;
    let chunks = meta.chunks.clone().expect("set above");
    let span = Span {
        start: cut.start,
        end: size,
        chunk_size: chunks.chunk_size,
        file_len: cut.file_len,
    };
    let count = span.count();
    let mut done: BTreeSet<u64> = chunks.done.iter().copied().collect();
    let pending: Vec<u64> = (0..count).rev().filter(|i| !done.contains(i)).collect();
    let workers = options.parallel.concurrency.min(pending.len());
    let label = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let resumed_from = bytes_in(&done, span);
    let bar = progress_bar(options, size, resumed_from, &label);
    let (tx, rx) = mpsc::unbounded_channel();
    let job = Arc::new(Job {
        client: client.clone(),
        source: source.clone(),
        file,
        path: partial.data.clone(),
        size,
        span,
        opened: opened.cloned(),
        etag,
        bar: bar.clone(),
        pending: Mutex::new(pending),
        done: tx,
        chunk_crcs: object.crc64nvme.map(|_| Mutex::default()),
    });

    // The object's CRC64NVME combines the chunks' own; without it, an MD5 ETag is hashed in
    // order as the chunks land. Multipart ETags (with a '-') are no MD5 of the bytes: then the
    // sizes are all there is.
    let hasher = match (object.crc64nvme, &object.md5) {
        (None, Some(_)) => Some(PrefixHasher::start(&partial.data)?),
        _ => None,
    };
    let failure = run_workers(
        &job,
        workers,
        rx,
        partial,
        &mut meta,
        &mut done,
        hasher.as_ref(),
    )
    .await?;

    if let Some(failure) = failure {
        return stopped(failure, &bar, partial, &done, span, source, target);
    }
    if done.len() as u64 != count {
        return Err(Failure::new(
            ExitKind::Integrity,
            format!("only {} of {count} chunks arrived", done.len()),
        )
        .hint("run the same command again")
        .into());
    }
    finish_file(&job, partial, options).await?;
    bar.finish();
    check_whole(&job, object, hasher).await?;
    place(&partial.data, target, options.force)?;
    partial.placed();
    Ok(Some(Saved {
        path: Some(target.to_owned()),
        size: span.file_len,
        resumed_from,
    }))
}

/// After the workers stopped early: `Ok(None)` when the server ignores ranges (nothing is left),
/// else the failure, with the chunks on disk kept for a resume unless they proved wrong.
fn stopped(
    failure: ChunkError,
    bar: &FileProgress,
    partial: &mut Partial,
    done: &BTreeSet<u64>,
    span: Span,
    source: &Source,
    target: &Path,
) -> Result<Option<Saved>> {
    let failure = match failure {
        ChunkError::NoRanges => {
            bar.finish();
            partial.remove();
            return Ok(None);
        }
        ChunkError::Failed(failure) => failure,
    };
    bar.abandon();
    // Only bytes that proved wrong are thrown away: a refusal (an expired link, say) or a broken
    // connection says nothing against the chunks already on disk.
    let keep = failure.kind != ExitKind::Integrity && !done.is_empty();
    partial.armed = !keep;
    if !keep {
        return Err(failure.into());
    }
    let kept = bytes_in(done, span);
    Err(resumable(failure, source, kept, span.end, target).into())
}

/// Checks the whole file against the object's CRC64NVME (combined from the chunks') or MD5 (hashed
/// as the chunks landed), where the server gave one.
async fn check_whole(
    job: &Arc<Job>,
    object: &ObjectInfo,
    hasher: Option<PrefixHasher>,
) -> Result<()> {
    if let Some(expected) = object.crc64nvme {
        check_crc64nvme(whole_crc64nvme(job, job.span.count()).await?, expected)?;
    }
    if let (Some(hasher), Some(expected)) = (hasher, &object.md5) {
        hasher.landed(object.size);
        check_md5(hasher.finish().await?, expected)?;
    }
    Ok(())
}

/// Runs `workers` workers on `job` until every chunk is done, one fails, or Ctrl-C; notes each
/// finished chunk in `done` and the sidecar, and feeds the contiguous prefix to `hasher`.
/// Returns why it stopped early, if it did.
async fn run_workers(
    job: &Arc<Job>,
    workers: usize,
    mut finished: mpsc::UnboundedReceiver<u64>,
    partial: &mut Partial,
    meta: &mut PartialMeta,
    done: &mut BTreeSet<u64>,
    hasher: Option<&PrefixHasher>,
) -> Result<Option<ChunkError>> {
    let mut set = JoinSet::new();
    for _ in 0..workers {
        set.spawn(worker(job.clone()));
    }
    let mut contiguous = 0u64;
    let mut landed = |done: &BTreeSet<u64>| {
        while done.contains(&contiguous) {
            contiguous += 1;
        }
        (contiguous * job.span.chunk_size).min(job.size)
    };
    if let Some(hasher) = hasher {
        hasher.landed(landed(done));
    }
    let interrupt = Interrupt::listen();
    let mut failure = None;
    loop {
        tokio::select! {
            Some(index) = finished.recv() => {
                done.insert(index);
                record(partial, meta, done)?;
                if let Some(hasher) = hasher {
                    hasher.landed(landed(done));
                }
            }
            joined = set.join_next() => match joined {
                None => break,
                Some(Ok(Ok(()))) => {}
                Some(Ok(Err(error))) => {
                    failure = Some(error);
                    break;
                }
                Some(Err(error)) => std::panic::resume_unwind(error.into_panic()),
            },
            () = interrupt.wait() => {
                failure = Some(ChunkError::Failed(Interrupt::failure(format!(
                    "{} of {} downloaded",
                    crate::human::size(job.bar.position()),
                    crate::human::size(job.size)
                ))));
                break;
            }
        }
    }
    set.abort_all();
    while let Ok(index) = finished.try_recv() {
        done.insert(index);
    }
    record(partial, meta, done)?;
    Ok(failure)
}

/// Bytes of the object in the chunks `done`.
fn bytes_in(done: &BTreeSet<u64>, span: Span) -> u64 {
    done.iter()
        .map(|&i| {
            let (start, end) = span.range(i);
            end - start + 1
        })
        .sum()
}

/// Where chunks may start and how large the file is: chunks start at `start` and are a
/// multiple of `align` (an encrypted body's records).
#[derive(Clone, Copy, Debug)]
struct Cut {
    start: u64,
    align: u64,
    file_len: u64,
}

impl Cut {
    /// The cut of an object of `size` bytes: whole, or an encrypted body's records.
    fn of(size: u64, opened: Option<&Arc<Opened>>) -> Cut {
        match opened {
            Some(opened) => Cut {
                start: opened.records_start,
                align: opened.record_size(),
                file_len: opened.plaintext_len,
            },
            None => Cut {
                start: 0,
                align: 1,
                file_len: size,
            },
        }
    }
}

/// The complete file's time, and (unless a folder syncs itself later) its bytes on disk.
async fn finish_file(job: &Arc<Job>, partial: &Partial, options: &Options<'_>) -> Result<()> {
    let shared = job.clone();
    let (sync_each, modified) = (options.sync_each, options.modified);
    tokio::task::spawn_blocking(move || {
        if let Some(modified) = modified {
            let _ = shared.file.set_modified(modified);
        }
        if sync_each {
            shared.file.sync_all()?;
        }
        Ok::<(), std::io::Error>(())
    })
    .await?
    .map_err(|e| write_failure(&partial.data, e))?;
    Ok(())
}

/// The CRC64NVME of the whole file: the chunks' own combined in order, those fetched in this run
/// as their workers computed them, those an earlier run left read back from the file.
async fn whole_crc64nvme(job: &Arc<Job>, count: u64) -> Result<u64> {
    let shared = job.clone();
    let whole = tokio::task::spawn_blocking(move || {
        let fetched = shared
            .chunk_crcs
            .as_ref()
            .map(|crcs| std::mem::take(&mut *crcs.lock().expect("not poisoned")))
            .unwrap_or_default();
        let mut whole = 0;
        for index in 0..count {
            let (start, end) = shared.span.range(index);
            let len = end - start + 1;
            let crc = match fetched.get(&index) {
                Some(&crc) => crc,
                None => crc64nvme_at(&shared.path, start, len)?,
            };
            whole = match index {
                0 => crc,
                _ => crc_fast::checksum_combine(crc_fast::CrcAlgorithm::Crc64Nvme, whole, crc, len),
            };
        }
        Ok::<u64, std::io::Error>(whole)
    })
    .await?;
    Ok(whole.map_err(|e| write_failure(&job.path, e))?)
}

/// The CRC64NVME of `len` bytes of the file at `path` from `offset` on.
fn crc64nvme_at(path: &Path, offset: u64, len: u64) -> std::io::Result<u64> {
    let file = std::fs::File::open(path)?;
    let mut digest = crc64nvme();
    let mut buffer = vec![0; usize::try_from(len).map_or(HASH_BUFFER, |len| len.min(HASH_BUFFER))];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(HASH_BUFFER as u64) as usize;
        read_at(&file, &mut buffer[..n], offset + done)?;
        digest.update(&buffer[..n]);
        done += n as u64;
    }
    Ok(digest.finalize())
}

/// The partial file to write chunks into, and the sidecar describing it: a parallel partial of
/// the same object version is taken up with the chunks it has; otherwise a new one of the
/// object's size is made, its sidecar written first (it must never claim chunks of an older
/// file).
fn open_partial(
    partial: &mut Partial,
    meta: &PartialMeta,
    size: u64,
    cut: Cut,
    concurrency: usize,
) -> Result<(std::fs::File, PartialMeta), Failure> {
    let chunked = size - cut.start;
    let resumed = partial
        .saved()
        .filter(|saved| saved.same_object(meta))
        .and_then(|saved| saved.chunks)
        .filter(|chunks| usable(chunks, chunked) && chunks.chunk_size % cut.align == 0)
        .filter(|_| std::fs::metadata(&partial.data).is_ok_and(|m| m.len() == cut.file_len));
    let mut meta = PartialMeta {
        chunks: Some(Chunks {
            chunk_size: chunk_size(chunked, concurrency).next_multiple_of(cut.align),
            done: Vec::new(),
        }),
        ..meta.clone()
    };
    partial.armed = true;
    let file = match resumed {
        Some(chunks) => {
            meta.chunks = Some(chunks);
            std::fs::OpenOptions::new().write(true).open(&partial.data)
        }
        None => {
            partial.write_meta(&meta)?;
            partial
                .create_data()
                .and_then(|f| f.set_len(cut.file_len).map(|()| f))
        }
    }
    .map_err(|e| write_failure(&partial.data, e))?;
    Ok((file, meta))
}

/// The MD5 of the partial file, computed on a thread of its own as a contiguous prefix of the
/// chunks lands, so that verifying costs the download no wall time: the bytes are read back
/// from the page cache while later chunks are still arriving.
struct PrefixHasher {
    /// How many leading bytes of the file are complete.
    landed: std::sync::mpsc::Sender<u64>,
    thread: tokio::task::JoinHandle<std::io::Result<Md5>>,
}

impl PrefixHasher {
    fn start(path: &Path) -> Result<PrefixHasher, Failure> {
        let file = std::fs::File::open(path).map_err(|e| write_failure(path, e))?;
        let (landed, ends) = std::sync::mpsc::channel::<u64>();
        let thread = tokio::task::spawn_blocking(move || {
            let mut hasher = Md5::new();
            let mut buffer = vec![0; HASH_BUFFER];
            let mut hashed = 0u64;
            // Ends when the sender is gone: finished, or the download was abandoned.
            for end in ends {
                while hashed < end {
                    let len = (end - hashed).min(HASH_BUFFER as u64) as usize;
                    read_at(&file, &mut buffer[..len], hashed)?;
                    hasher.update(&buffer[..len]);
                    hashed += len as u64;
                }
            }
            Ok(hasher)
        });
        Ok(PrefixHasher { landed, thread })
    }

    /// The first `end` bytes of the file are final.
    fn landed(&self, end: u64) {
        let _ = self.landed.send(end);
    }

    /// The MD5 of everything that landed.
    async fn finish(self) -> Result<Md5> {
        drop(self.landed);
        Ok(self.thread.await??)
    }
}

/// Bytes the prefix hasher reads at once.
const HASH_BUFFER: usize = 1024 * 1024;

#[cfg(unix)]
fn read_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut buffer: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// The failure of a download whose chunks stay on disk, with how to go on: the same command for
/// a broken connection or an s3:// source (which signs each request anew), a fresh link to the
/// same object for a link that expired on the way.
fn resumable(failure: Failure, source: &Source, kept: u64, size: u64, target: &Path) -> Failure {
    let expired = source.signer.is_none()
        && failure.kind == ExitKind::Denied
        && crate::presigned_url::PresignedUrl::parse(source.url.as_str())
            .is_ok_and(|link| link.is_expired(std::time::SystemTime::now()));
    if !expired {
        return failure.hint("run the same command again to resume");
    }
    Failure::new(
        ExitKind::Denied,
        format!(
            "the link expired after {} of {}",
            crate::human::size(kept),
            crate::human::size(size)
        ),
    )
    .hint(format!(
        "the {} downloaded are kept: ask for a fresh link to the same object, and \
         `s3share get 'NEW LINK' -o {}` resumes where this stopped",
        crate::human::size(kept),
        crate::shell::quote(&target.display().to_string())
    ))
}

/// Whether chunk progress from a sidecar fits an object of `size` bytes.
fn usable(chunks: &Chunks, size: u64) -> bool {
    chunks.chunk_size > 0
        && size.div_ceil(chunks.chunk_size) <= MAX_CHUNKS + 1
        && chunks
            .done
            .iter()
            .all(|&i| i < size.div_ceil(chunks.chunk_size))
}

/// Notes the finished chunks in the sidecar.
fn record(
    partial: &mut Partial,
    meta: &mut PartialMeta,
    done: &BTreeSet<u64>,
) -> Result<(), Failure> {
    if let Some(chunks) = &mut meta.chunks {
        if chunks.done.len() == done.len() {
            return Ok(());
        }
        chunks.done = done.iter().copied().collect();
    }
    partial.write_meta(meta)
}

/// Takes chunks until none are left.
async fn worker(job: Arc<Job>) -> Result<(), ChunkError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_spread_over_the_workers_within_limits() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(chunk_size(13 * MIB, 4), 4 * MIB);
        assert_eq!(chunk_size(5 * MIB, 8), MIB);
        assert_eq!(chunk_size(10 * 1024 * MIB, 8), 8 * MIB);
        let huge = 5 * 1024 * 1024 * MIB;
        assert!(huge.div_ceil(chunk_size(huge, 8)) <= MAX_CHUNKS);
    }

    #[test]
    fn old_sidecars_without_chunks_still_load() {
        let meta: PartialMeta =
            serde_json::from_str(r#"{"source":"s","size":1,"etag":null,"last_modified":null}"#)
                .unwrap();
        assert_eq!(meta.chunks, None);
    }
}
