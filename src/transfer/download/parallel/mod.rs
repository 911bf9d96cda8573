//! Large objects as parallel ranged GETs: `concurrency` workers take chunks (`Range: bytes=a-b`)
//! from a shared list and write each at its offset into the preallocated partial file. Memory
//! stays at about `concurrency` × 1 MiB (a write buffer each), whatever the object's size.
//!
//! Every chunk answer must be a 206 with exactly the asked-for `Content-Range` and the ETag of the
//! first response; a server that ignores ranges sends the caller back to one plain GET. Finished
//! chunks are listed in the sidecar, so an interrupted download fetches only the missing ones
//! next time. A chunk whose connection fails is tried again a few times; after that the partial
//! file and sidecar stay for a resume.

mod check;
mod chunk;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::decrypt::Opened;
use super::job::{progress_bar, Options, Parallel, Saved, Source};
use super::partial::{Chunks, Partial, PartialMeta};
use super::response::ObjectInfo;
use super::verify::{place, write_failure};
use crate::error::{ExitKind, Failure};
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress::FileProgress;
use check::{check_whole, PrefixHasher};
use chunk::{worker, ChunkError, Job, Span};

/// Chunks are at least this large (and a multiple of it) ...
const MIN_CHUNK: u64 = 1024 * 1024;
/// ... and at most this large, unless the object would need more than [`MAX_CHUNKS`].
const MAX_CHUNK: u64 = 8 * 1024 * 1024;
/// The most chunks one object is split into.
const MAX_CHUNKS: u64 = 10_000;
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
    let spread = size
        .div_ceil(concurrency.max(1) as u64)
        .div_ceil(MIN_CHUNK)
        .saturating_mul(MIN_CHUNK);
    spread
        .clamp(MIN_CHUNK, MAX_CHUNK)
        .max(size.div_ceil(MAX_CHUNKS))
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
    fn a_size_as_large_as_a_u64_holds_is_cut_without_overflow() {
        for concurrency in [1, 2, 8] {
            let span = Span {
                start: 21,
                end: u64::MAX,
                chunk_size: chunk_size(u64::MAX, concurrency),
                file_len: u64::MAX,
            };
            let last = span.count() - 1;
            assert_eq!(span.range(last).1, u64::MAX - 1, "{concurrency}");
            assert!(span.count() <= MAX_CHUNKS + 1);
        }
    }

    #[test]
    fn old_sidecars_without_chunks_still_load() {
        let meta: PartialMeta =
            serde_json::from_str(r#"{"source":"s","size":1,"etag":null,"last_modified":null}"#)
                .unwrap();
        assert_eq!(meta.chunks, None);
    }
}
