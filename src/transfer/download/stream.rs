//! One stream: the whole body (or the rest of it, resuming) in a single GET, to stdout or into
//! the partial file. Large objects go to [`parallel`](super::parallel) instead.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use reqwest::{Response, StatusCode};
use tokio::io::AsyncWriteExt;

use super::decrypt::{self, Decrypting, Opened};
use super::job::{progress_bar, Options, Saved, Source};
use super::parallel;
use super::partial::{source_id, Partial, PartialMeta};
use super::response::{broken, send, ObjectInfo};
use super::verify::{check_size, place, write_failure, BodyHash};
use crate::error::{ExitKind, Failure};
use crate::output::stdout::StdoutWriter;
use crate::transfer::interrupt::Interrupt;

/// A response to a GET of the whole object, what it says of the object, and for an encrypted
/// share's data, how to decrypt it (its header already read).
pub(super) struct Body {
    pub(super) response: Response,
    pub(super) object: ObjectInfo,
    pub(super) decrypting: Option<(Arc<Opened>, Decrypting)>,
}

/// Streams the body to standard output (decrypted, in order, for an encrypted share).
pub(super) async fn to_stdout(body: Body, source: &Source, options: &Options<'_>) -> Result<Saved> {
    let Body {
        mut response,
        object,
        decrypting,
    } = body;
    let bar = progress_bar(options, object.size, 0, "stdout");
    let mut stdout = StdoutWriter::new(tokio::io::stdout());
    let (mut decrypting, mut received, size) = match decrypting {
        Some((opened, decrypting)) => {
            let read = decrypting.read_ahead();
            (Some(decrypting), read, opened.plaintext_len)
        }
        None => (None, 0, object.size),
    };
    if let Some(decrypting) = &mut decrypting {
        // What came with the header.
        stdout.write_all(decrypting.push(&[])?).await?;
    }
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(error) => {
                bar.abandon();
                return Err(broken(error, source, received, object.size, false).into());
            }
        };
        let bytes = match &mut decrypting {
            Some(decrypting) => decrypting.push(&chunk)?,
            None => &chunk[..],
        };
        stdout.write_all(bytes).await?;
        received += chunk.len() as u64;
        bar.set_position(received);
    }
    if let Some(decrypting) = decrypting {
        decrypting.finish()?;
    }
    stdout.flush().await?;
    bar.finish();
    check_size(received, object.size)?;
    Ok(Saved {
        path: None,
        size,
        resumed_from: 0,
    })
}

/// Streams the body into the partial file (resuming one of the same object version, or handing
/// a large object to parallel chunks), then verifies and places it. Each phase hands its result
/// to the next: [`start`] decides what to fetch and brings the response, [`write_body`] writes
/// it, [`verify_and_place`] checks it and renames it into place.
pub(super) async fn to_file(
    client: &reqwest::Client,
    body: Body,
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
    describe(&mut meta, &body.object);
    let streaming = match start(client, body, source, &mut partial, &mut meta, options).await? {
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

/// A response whose body is to be written from `offset` on (decrypted, for an encrypted share).
struct Streaming {
    response: Response,
    object: ObjectInfo,
    offset: u64,
    decrypting: Option<(Arc<Opened>, Decrypting)>,
}

/// What was written, for the checks.
struct Written {
    received: u64,
    hasher: Option<BodyHash>,
    object: ObjectInfo,
    offset: u64,
    /// Bytes in the file (fewer than received for an encrypted share).
    saved: u64,
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
    body: Body,
    source: &Source,
    partial: &mut Partial,
    meta: &mut PartialMeta,
    options: &Options<'_>,
) -> Result<Start> {
    let Body {
        response,
        object,
        decrypting,
    } = body;
    // A sequential partial is finished sequentially, even if the object would be fetched in
    // parallel now. (Encrypted data never leaves one: it resumes by chunks.)
    if let Some(have) = partial.resumable(meta).filter(|_| decrypting.is_none()) {
        // Only the headers were needed: dropping the response cancels its body.
        drop(response);
        let streaming = resume(client, source, have, object, meta).await?;
        describe(meta, &streaming.object);
        return Ok(Start::Stream(Box::new(streaming)));
    }
    // Encrypted data from the parallel threshold on goes by record-aligned chunks, even when
    // one chunk holds it: that is how it resumes. A smaller one streams from this response, as
    // a small plain file does (a cut one starts again), which spares a folder of small
    // encrypted files a second request and a sidecar each.
    let eligible = match &decrypting {
        Some(_) => object.etag.is_some() && object.size >= options.parallel.threshold,
        None => parallel::eligible(&object, options.parallel),
    };
    if !eligible {
        return Ok(Start::Stream(Box::new(Streaming {
            response,
            object,
            offset: 0,
            decrypting,
        })));
    }
    drop(response);
    let target = partial.target();
    let opened = decrypting.map(|(opened, _)| opened);
    if let Some(saved) = parallel::download(
        client,
        source,
        &object,
        partial,
        meta,
        &target,
        options,
        opened.as_ref(),
    )
    .await?
    {
        return Ok(Start::Done(saved));
    }
    // The server ignores ranges: one plain GET after all.
    let mut response = send(client, source, None).await?;
    let mut object = ObjectInfo::from_response(&response, 0)?;
    describe(meta, &object);
    let decrypting = match &source.decryption {
        Some(decryption) => {
            decrypt::records_instead_of_hashes(&mut object);
            Some(decrypt::open(&mut response, decryption, object.size, source).await?)
        }
        None => None,
    };
    Ok(Start::Stream(Box::new(Streaming {
        response,
        object,
        offset: 0,
        decrypting,
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
            decrypting: None,
        });
    }
    if ranged.status().is_success() {
        // The object changed (If-Range failed) or the server ignores ranges: start over.
        let object = ObjectInfo::from_response(&ranged, 0)?;
        return Ok(Streaming {
            response: ranged,
            object,
            offset: 0,
            decrypting: None,
        });
    }
    // 416: the partial does not fit the object; start over.
    let response = send(client, source, None).await?;
    let object = ObjectInfo::from_response(&response, 0)?;
    Ok(Streaming {
        response,
        object,
        offset: 0,
        decrypting: None,
    })
}

/// Writes the body into the partial file (appending from `offset`), hashing it where the server
/// said what its bytes are (a CRC64NVME, or an ETag that is an MD5), decrypting it for an
/// encrypted share. A broken connection or Ctrl-C keeps what arrived, with its sidecar, for a
/// resume.
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
        decrypting,
    } = streaming;
    // Decrypted data is kept only in whole chunks (see `parallel`), never as a stream's prefix.
    let resumable = decrypting.is_none();
    let mut sink = Sink::open(partial, &object, offset, decrypting.map(|(_, d)| d)).await?;
    let label = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bar = progress_bar(options, object.size, sink.received, &label);
    let interrupt = Interrupt::listen();
    loop {
        let next = tokio::select! {
            next = response.chunk() => next,
            () = interrupt.wait() => {
                // Like a broken connection: keep what arrived so the next run resumes.
                bar.abandon();
                let kept = resumable && sink.keep(partial, meta).await;
                let failure = Interrupt::failure(format!(
                    "{} of {} downloaded",
                    crate::human::size(sink.received),
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
        match next {
            Ok(Some(chunk)) => {
                sink.take(&chunk).await?;
                bar.set_position(sink.received);
            }
            Ok(None) => break,
            Err(error) => {
                bar.abandon();
                let kept = resumable && sink.keep(partial, meta).await;
                return Err(broken(error, source, sink.received, object.size, kept).into());
            }
        }
    }
    let (file, hasher, received, saved) = sink.finish().await?;
    finish_file(file, &partial.data, options).await?;
    bar.finish();
    Ok(Written {
        received,
        hasher,
        object,
        offset,
        saved,
    })
}

/// Where a stream's bytes go: decrypted if they are an encrypted share's, hashed where they can
/// be checked, and written to the partial file; with how many arrived and how many were written.
struct Sink {
    writer: tokio::io::BufWriter<tokio::fs::File>,
    path: std::path::PathBuf,
    decrypting: Option<Decrypting>,
    hasher: Option<BodyHash>,
    /// Bytes of the body that arrived (those of an earlier run included).
    received: u64,
    /// Bytes in the file.
    saved: u64,
}

impl Sink {
    /// The partial file, appended to from `offset` or made afresh, with the hash of what it
    /// already holds and the plaintext of what came with an encrypted body's header.
    async fn open(
        partial: &mut Partial,
        object: &ObjectInfo,
        offset: u64,
        decrypting: Option<Decrypting>,
    ) -> Result<Sink> {
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
        let mut hasher = BodyHash::for_object(object);
        if let Some(hasher) = &mut hasher {
            hasher.feed_prefix(&partial.data, offset).await?;
        }
        let received = decrypting.as_ref().map_or(offset, Decrypting::read_ahead);
        let mut sink = Sink {
            writer: tokio::io::BufWriter::with_capacity(256 * 1024, file),
            path: partial.data.clone(),
            decrypting,
            hasher,
            received,
            saved: offset,
        };
        // What came with the header.
        sink.take(&[]).await?;
        Ok(sink)
    }

    /// Takes `chunk` of the body.
    async fn take(&mut self, chunk: &[u8]) -> Result<(), Failure> {
        let bytes = match &mut self.decrypting {
            Some(decrypting) => decrypting.push(chunk)?,
            None => chunk,
        };
        self.writer
            .write_all(bytes)
            .await
            .map_err(|e| write_failure(&self.path, e))?;
        if let Some(hasher) = &mut self.hasher {
            hasher.update(bytes);
        }
        self.saved += bytes.len() as u64;
        self.received += chunk.len() as u64;
        Ok(())
    }

    /// After a stop, keeps what was written with its sidecar, so the next run resumes; whether
    /// it was kept (nothing arrived, or it could not be flushed: not kept).
    async fn keep(&mut self, partial: &mut Partial, meta: &PartialMeta) -> bool {
        let kept = self.writer.flush().await.is_ok()
            && self.received > 0
            && partial.write_meta(meta).is_ok();
        partial.armed = !kept;
        kept
    }

    /// The whole body arrived: the file, the hash, the bytes received and written.
    async fn finish(mut self) -> Result<(tokio::fs::File, Option<BodyHash>, u64, u64)> {
        if let Some(decrypting) = self.decrypting.take() {
            decrypting.finish()?;
        }
        self.writer
            .flush()
            .await
            .map_err(|e| write_failure(&self.path, e))?;
        Ok((
            self.writer.into_inner(),
            self.hasher,
            self.received,
            self.saved,
        ))
    }
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
        size: written.saved,
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
