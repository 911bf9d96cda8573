//! One stream: the whole body (or the rest of it, resuming) in a single GET, to stdout or into
//! the partial file. Large objects go to [`parallel`](super::parallel) instead.

use std::path::Path;

use anyhow::Result;
use reqwest::{Response, StatusCode};
use tokio::io::AsyncWriteExt;

use super::job::{progress_bar, Options, Saved, Source};
use super::parallel;
use super::partial::{source_id, Partial, PartialMeta};
use super::response::{broken, send, ObjectInfo};
use super::verify::{check_size, place, write_failure, BodyHash};
use crate::error::{ExitKind, Failure};
use crate::transfer::interrupt::Interrupt;

/// Streams the body to standard output.
pub(super) async fn to_stdout(
    mut response: Response,
    object: &ObjectInfo,
    source: &Source,
    options: &Options<'_>,
) -> Result<Saved> {
    let bar = progress_bar(options, object.size, 0, "stdout");
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
    bar.finish();
    check_size(received, object.size)?;
    Ok(Saved {
        path: None,
        size: received,
        resumed_from: 0,
    })
}

/// Streams the body into the partial file (resuming one of the same object version, or handing
/// a large object to parallel chunks), then verifies and places it. Each phase hands its result
/// to the next: [`start`] decides what to fetch and brings the response, [`write_body`] writes
/// it, [`verify_and_place`] checks it and renames it into place.
pub(super) async fn to_file(
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
        size: 0,
        etag: None,
        last_modified: None,
        chunks: None,
    };
    describe(&mut meta, &object);
    let streaming = match start(
        client,
        response,
        object,
        source,
        &mut partial,
        &mut meta,
        options,
    )
    .await?
    {
        Start::Done(saved) => return Ok(saved),
        Start::Stream(streaming) => *streaming,
    };
    let written = write_body(streaming, source, &mut partial, &meta, target, options).await?;
    verify_and_place(written, &mut partial, target, options)
}

/// Where a download to a file starts.
enum Start {
    /// Parallel chunks did it all.
    Done(Saved),
    /// One stream brings the body from `offset` on.
    Stream(Box<Streaming>),
}

/// A response whose body is to be written from `offset` on.
struct Streaming {
    response: Response,
    object: ObjectInfo,
    offset: u64,
}

/// What was written, for the checks.
struct Written {
    received: u64,
    hasher: Option<BodyHash>,
    object: ObjectInfo,
    offset: u64,
}

/// The sidecar's description of `object`'s version.
fn describe(meta: &mut PartialMeta, object: &ObjectInfo) {
    meta.size = object.size;
    meta.etag = object.etag.clone();
    meta.last_modified = object.last_modified.clone();
}

/// Decides how the body comes: the rest of a partial file of the same version (a ranged GET),
/// parallel chunks for a large object (which may finish the download), or the whole body of
/// `response`.
async fn start(
    client: &reqwest::Client,
    response: Response,
    object: ObjectInfo,
    source: &Source,
    partial: &mut Partial,
    meta: &mut PartialMeta,
    options: &Options<'_>,
) -> Result<Start> {
    // A sequential partial is finished sequentially, even if the object would be fetched in
    // parallel now.
    if let Some(have) = partial.resumable(meta) {
        // Only the headers were needed: dropping the response cancels its body.
        drop(response);
        let streaming = resume(client, source, have, object, meta).await?;
        describe(meta, &streaming.object);
        return Ok(Start::Stream(Box::new(streaming)));
    }
    if !parallel::eligible(&object, options.parallel) {
        return Ok(Start::Stream(Box::new(Streaming {
            response,
            object,
            offset: 0,
        })));
    }
    drop(response);
    let target = partial.target();
    if let Some(saved) =
        parallel::download(client, source, &object, partial, meta, &target, options).await?
    {
        return Ok(Start::Done(saved));
    }
    // The server ignores ranges: one plain GET after all.
    let response = send(client, source, None).await?;
    let object = ObjectInfo::from_response(&response, 0)?;
    describe(meta, &object);
    Ok(Start::Stream(Box::new(Streaming {
        response,
        object,
        offset: 0,
    })))
}

/// The rest of `object` from byte `have` on (valid only for the version the partial holds), or
/// the whole body when the object changed, the server ignores ranges, or the partial does not
/// fit.
async fn resume(
    client: &reqwest::Client,
    source: &Source,
    have: u64,
    object: ObjectInfo,
    meta: &PartialMeta,
) -> Result<Streaming> {
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
        return Ok(Streaming {
            response: ranged,
            object,
            offset: have,
        });
    }
    if ranged.status().is_success() {
        // The object changed (If-Range failed) or the server ignores ranges: start over.
        let object = ObjectInfo::from_response(&ranged, 0)?;
        return Ok(Streaming {
            response: ranged,
            object,
            offset: 0,
        });
    }
    // 416: the partial does not fit the object; start over.
    let response = send(client, source, None).await?;
    let object = ObjectInfo::from_response(&response, 0)?;
    Ok(Streaming {
        response,
        object,
        offset: 0,
    })
}

/// Writes the body into the partial file (appending from `offset`), hashing it where the server
/// said what its bytes are (a CRC64NVME, or an ETag that is an MD5). A broken connection or Ctrl-C keeps what arrived, with its sidecar, for a resume.
async fn write_body(
    streaming: Streaming,
    source: &Source,
    partial: &mut Partial,
    meta: &PartialMeta,
    target: &Path,
    options: &Options<'_>,
) -> Result<Written> {
    let Streaming {
        mut response,
        object,
        offset,
    } = streaming;
    partial.armed = true;
    let file = if offset > 0 {
        tokio::fs::OpenOptions::new()
            .append(true)
            .open(&partial.data)
            .await
    } else {
        // No sidecar yet: a download that completes (most) never needs one; one that stops
        // writes it then, so the next run resumes.
        partial.create_data().map(tokio::fs::File::from_std)
    }
    .map_err(|e| write_failure(&partial.data, e))?;

    let mut hasher = BodyHash::for_object(&object);
    if let Some(hasher) = &mut hasher {
        hasher.feed_prefix(&partial.data, offset).await?;
    }
    let label = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bar = progress_bar(options, object.size, offset, &label);
    let mut writer = tokio::io::BufWriter::with_capacity(256 * 1024, file);
    let mut received = offset;
    let interrupt = Interrupt::listen();
    loop {
        let next = tokio::select! {
            next = response.chunk() => next,
            () = interrupt.wait() => {
                // Like a broken connection: keep what arrived so the next run resumes.
                bar.abandon();
                let kept = keep_what_arrived(&mut writer, received, partial, meta).await;
                let failure = Interrupt::failure(format!(
                    "{} of {} downloaded",
                    crate::human::size(received),
                    crate::human::size(object.size)
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
                let kept = keep_what_arrived(&mut writer, received, partial, meta).await;
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
    finish_file(writer.into_inner(), &partial.data, options).await?;
    bar.finish();
    Ok(Written {
        received,
        hasher,
        object,
        offset,
    })
}

/// After a stop, keeps the `received` bytes written so far with their sidecar, so the next run
/// resumes; whether they were kept (nothing arrived, or they could not be flushed: not kept).
async fn keep_what_arrived(
    writer: &mut tokio::io::BufWriter<tokio::fs::File>,
    received: u64,
    partial: &mut Partial,
    meta: &PartialMeta,
) -> bool {
    let kept = writer.flush().await.is_ok() && received > 0 && partial.write_meta(meta).is_ok();
    partial.armed = !kept;
    kept
}

/// Checks what was written (size, and its checksum where the server gave one) and renames it
/// into place.
fn verify_and_place(
    written: Written,
    partial: &mut Partial,
    target: &Path,
    options: &Options<'_>,
) -> Result<Saved> {
    check_size(written.received, written.object.size)?;
    if let Some(hasher) = written.hasher {
        hasher.check()?;
    }
    place(&partial.data, target, options.force)?;
    partial.placed();
    Ok(Saved {
        path: Some(target.to_owned()),
        size: written.received,
        resumed_from: written.offset,
    })
}

/// The last touches to a complete file before it is renamed into place: its time, and (unless
/// the caller syncs a whole folder later) its bytes on disk.
pub(super) async fn finish_file(
    file: tokio::fs::File,
    path: &Path,
    options: &Options<'_>,
) -> Result<(), Failure> {
    let file = file.into_std().await;
    let (sync_each, modified) = (options.sync_each, options.modified);
    let path_owned = path.to_owned();
    tokio::task::spawn_blocking(move || {
        if let Some(modified) = modified {
            // Best effort: without it a re-run only fetches the file again.
            let _ = file.set_modified(modified);
        }
        if sync_each {
            file.sync_all()?;
        }
        Ok::<(), std::io::Error>(())
    })
    .await
    .map_err(|e| write_failure(&path_owned, std::io::Error::other(e)))?
    .map_err(|e| write_failure(path, e))
}
