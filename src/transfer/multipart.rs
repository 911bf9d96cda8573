//! Parallel multipart uploads with bounded memory, aborted on any failure or Ctrl-C so no parts
//! are left behind (S3 would keep, and bill, them until a lifecycle rule cleans up).
//!
//! At most `concurrency` parts are in flight at once. A file's parts are streamed from disk, each
//! request reading its own byte range, so memory stays small and flat whatever the file size;
//! a stream (stdin) cannot be read twice, so its parts are held in memory while they are sent.

use std::path::Path;

use crate::transfer::progress::Bar;
use anyhow::Result;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart};
use tokio::task::JoinSet;

use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::s3::errors::classify;
use crate::s3::etag::base64_of;
use crate::s3::etag::etag_of_part_md5s;
use crate::shell;
use crate::transfer::existing::{holds, Identity};
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress;
use crate::transfer::put::{write_failure, ObjectOptions};
use crate::transfer::retry::{body_request_override, idle_limit};

use crate::transfer::source::{
    part_size, read_failure, FileDigest, Fingerprint, PartReader, Stored, FILE_READ_BUFFER,
    MAX_PARTS,
};
use crate::transfer::stall::{stalled, Watchdog};

/// One multipart upload: where to, how, and how many parts at once.
pub struct Multipart<'a> {
    /// The client (with transfer retries).
    pub client: &'a aws_sdk_s3::Client,
    /// The object to create.
    pub location: &'a ObjectLocation,
    /// Content-Type, encryption and overwrite policy.
    pub options: &'a ObjectOptions,
    /// Parts in flight at once.
    pub concurrency: usize,
    /// Advanced as parts are stored.
    pub progress: &'a Bar,
    /// Ctrl-C.
    pub interrupt: &'a Interrupt,
    /// Where notes and warnings go.
    pub out: &'a Output,
}

/// Where the parts of a multipart upload come from.
pub enum Parts<'a> {
    /// A file of this size; each part is read from disk by the request that sends it, after the
    /// digest pass has read it for the checksums.
    File {
        /// The file.
        path: &'a Path,
        /// Its size when the upload started.
        size: u64,
        /// The pass over it for the SHA-256 and the parts' CRC32C.
        digest: FileDigest,
    },
    /// A stream read into memory part by part, starting with `first`, a part already read.
    Stream {
        /// The rest of the stream.
        reader: &'a mut PartReader,
        /// The first part.
        first: Vec<u8>,
    },
}

impl<'a> Parts<'a> {
    /// The parts of the file at `path`, of `size` bytes.
    pub fn file(path: &'a Path, size: u64) -> Result<Parts<'a>, Failure> {
        Ok(Parts::File {
            path,
            size,
            digest: FileDigest::open(path)?,
        })
    }
}

/// What one part request sends, and the CRC32C of it.
struct Part {
    body: PartBody,
    crc32c: u32,
}

/// The bytes of a part.
enum PartBody {
    /// A byte range of a file: offset and length.
    Range(std::path::PathBuf, u64, u64),
    /// Bytes in memory.
    Bytes(Vec<u8>),
}

impl PartBody {
    fn len(&self) -> u64 {
        match self {
            PartBody::Range(_, _, len) => *len,
            PartBody::Bytes(bytes) => bytes.len() as u64,
        }
    }

    /// The request body; a file range is re-read from disk if the SDK retries the request.
    async fn stream(self) -> Result<ByteStream, Failure> {
        match self {
            PartBody::Range(path, offset, len) => ByteStream::read_from()
                .path(&path)
                .offset(offset)
                .length(aws_sdk_s3::primitives::Length::Exact(len))
                .buffer_size(FILE_READ_BUFFER)
                .build()
                .await
                .map_err(|e| {
                    Failure::new(
                        ExitKind::Failure,
                        format!("could not read {}: {e}", path.display()),
                    )
                    .cause(e)
                }),
            PartBody::Bytes(bytes) => Ok(ByteStream::from(bytes)),
        }
    }
}

impl Multipart<'_> {
    /// Uploads every part and completes the upload; on any failure or Ctrl-C before completion
    /// the upload is aborted, and that no part remains is checked, not assumed.
    /// Returns what was stored: the size and SHA-256 of the bytes sent.
    ///
    /// Completing is the commit point: once CompleteMultipartUpload is sent, a first Ctrl-C no
    /// longer drops it (the server may already be assembling the object); s3share waits for the
    /// answer and reports what is true. A second Ctrl-C ends at once, saying the state is unknown.
    pub async fn run(&self, parts: Parts<'_>) -> Result<Stored> {
        let location = self.location;
        let created = self
            .client
            .create_multipart_upload()
            .bucket(&location.bucket)
            .key(&location.key)
            .set_content_type(self.options.content_type.clone())
            .set_server_side_encryption(self.options.server_side_encryption())
            .set_ssekms_key_id(self.options.kms_key_id())
            .checksum_algorithm(ChecksumAlgorithm::Crc32C)
            .send()
            .await
            .map_err(|e| classify(e, "start the upload to", location))?;
        let upload_id = created
            .upload_id()
            .ok_or_else(|| {
                Failure::new(
                    ExitKind::Failure,
                    format!("the server started no upload for {location}"),
                )
            })?
            .to_owned();
        // From here on, a second Ctrl-C is answered with the state it leaves.
        self.interrupt.handle_second();

        let mut tasks = JoinSet::new();
        let sent = tokio::select! {
            sent = self.send(parts, &upload_id, &mut tasks) => sent.map_err(Stop::Failed),
            () = self.interrupt.wait() => Err(Stop::Interrupted),
        };
        // Nothing may still be writing a part when the upload is aborted.
        self.settle(&mut tasks).await;
        let (parts, stored) = match sent {
            Ok(sent) => sent,
            Err(stop) => return Err(self.abandon(&upload_id, stop).await),
        };
        match self.finish(parts, &upload_id, stored.size).await {
            Ok(()) => Ok(stored),
            Err(stop) => Err(self.abandon(&upload_id, stop).await),
        }
    }

    /// Lets the parts still in flight end, answered or refused, for at most [`IN_FLIGHT_GRACE`]
    /// (a second Ctrl-C stops waiting), then cancels the rest and waits until they are gone: a
    /// part that lands after the abort could survive it (S3 says so, and a server that refuses
    /// a second abort keeps it), so none may still be on its way when the abort is sent.
    async fn settle(&self, tasks: &mut JoinSet<Result<CompletedPart, Failure>>) {
        if !tasks.is_empty() {
            let drained = async { while tasks.join_next().await.is_some() {} };
            tokio::select! {
                () = drained => {}
                () = tokio::time::sleep(IN_FLIGHT_GRACE) => {}
                () = self.interrupt.wait_again() => {}
            }
        }
        tasks.shutdown().await;
    }

    /// Sends every part; returns them and what was sent, unless the file changed meanwhile.
    async fn send(
        &self,
        mut source: Parts<'_>,
        upload_id: &str,
        tasks: &mut JoinSet<Result<CompletedPart, Failure>>,
    ) -> Result<(Vec<CompletedPart>, Stored)> {
        let before = match &source {
            Parts::File { path, .. } => Some(Fingerprint::of(path)?),
            Parts::Stream { .. } => None,
        };
        let parts = self.send_parts(&mut source, upload_id, tasks).await?;
        let stored = match source {
            Parts::File { path, size, digest } => {
                let stored = digest.stored();
                if stored.size != size || Fingerprint::of(path)? != before.expect("a file") {
                    return Err(self.changed_while_sent().into());
                }
                stored
            }
            Parts::Stream { reader, .. } => reader.stored(),
        };
        Ok((parts, stored))
    }

    /// Completes the upload, riding out a first Ctrl-C: the request is not dropped, and the
    /// answer decides. A second Ctrl-C ends at once with the state unknown.
    async fn finish(
        &self,
        parts: Vec<CompletedPart>,
        upload_id: &str,
        size: u64,
    ) -> Result<(), Stop> {
        let complete = self.complete(parts, upload_id, size);
        tokio::pin!(complete);
        let interrupted = tokio::select! {
            result = &mut complete => return result.map_err(Stop::Failed),
            () = self.interrupt.wait() => true,
        };
        self.out.note(&format!(
            "Finishing the upload of {}: waiting for the server to confirm (Ctrl-C again quits at once).",
            self.location
        ));
        let result = tokio::select! {
            result = &mut complete => result,
            () = self.interrupt.wait_again() => return Err(Stop::Unknown),
        };
        match result {
            Ok(()) if interrupted => {
                self.out.note(&format!(
                    "The upload of {} completed despite the interrupt; the object is stored.",
                    self.location
                ));
                Ok(())
            }
            Ok(()) => Ok(()),
            Err(_) if interrupted => Err(Stop::Interrupted),
            Err(error) => Err(Stop::Failed(error)),
        }
    }

    /// Sends every part, at most `concurrency` at once.
    async fn send_parts(
        &self,
        source: &mut Parts<'_>,
        upload_id: &str,
        tasks: &mut JoinSet<Result<CompletedPart, Failure>>,
    ) -> Result<Vec<CompletedPart>> {
        let mut parts = Vec::new();
        let mut number: i32 = 0;
        loop {
            // Wait for a free slot before reading, so memory stays at concurrency × part size.
            while tasks.len() >= self.concurrency {
                parts.push(joined(tasks.join_next().await)?);
            }
            let Some((part, last)) = self.next_part(source, number).await? else {
                break;
            };
            number += 1;
            if u64::try_from(number)? > MAX_PARTS {
                return Err(Failure::new(
                    ExitKind::Failure,
                    format!("{} needs more than {MAX_PARTS} parts", self.location),
                )
                .hint("S3 allows 10,000 parts; upload a file instead of stdin so the part size can fit its size")
                .into());
            }
            tasks.spawn(upload_part(
                self.client.clone(),
                self.location.clone(),
                upload_id.to_owned(),
                number,
                part,
                self.progress.clone(),
            ));
            if last {
                break;
            }
        }
        while let Some(joined_part) = tasks.join_next().await {
            parts.push(joined(Some(joined_part))?);
        }
        Ok(parts)
    }

    fn changed_while_sent(&self) -> Failure {
        Failure::new(
            ExitKind::Integrity,
            format!(
                "the file changed while it was uploaded to {}; the upload was abandoned",
                self.location
            ),
        )
        .hint("upload it again once nothing is writing to it")
    }

    /// Asks the server to assemble `parts` (`size` bytes in all) into the object, conditionally
    /// unless `--force`.
    ///
    /// When the answer is lost after the server assembled the object, the SDK asks again and
    /// hears that the upload is gone (S3: `NoSuchUpload`; s3s-fs: `AccessDenied`) or that the
    /// key exists (412). So after any refusal the object is looked at: an ETag made from exactly
    /// these parts, at this size, means it was this upload.
    async fn complete(
        &self,
        mut parts: Vec<CompletedPart>,
        upload_id: &str,
        size: u64,
    ) -> Result<()> {
        parts.sort_by_key(|p| p.part_number());
        let expected_etag = multipart_etag(&parts);
        let completed = self
            .client
            .complete_multipart_upload()
            .bucket(&self.location.bucket)
            .key(&self.location.key)
            .upload_id(upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .set_if_none_match(self.options.if_none_match())
            .send()
            .await;
        let Err(error) = completed else {
            return Ok(());
        };
        let ours = match (&error, expected_etag.as_deref()) {
            (SdkError::ServiceError(_), Some(etag)) => {
                let identity = Identity::MultipartEtag(etag);
                holds(self.client, self.location, size, identity).await
            }
            _ => false,
        };
        if ours {
            Ok(())
        } else {
            Err(write_failure(error, self.location).into())
        }
    }

    /// The part after the first `sent` ones, and whether it is the last; `None` when a stream
    /// ended exactly at a part boundary. A file always has at least one part, even when empty.
    async fn next_part(
        &self,
        source: &mut Parts<'_>,
        sent: i32,
    ) -> Result<Option<(Part, bool)>, Failure> {
        match source {
            Parts::File { path, size, digest } => {
                let part_size = part_size(Some(*size));
                let offset = u64::try_from(sent).unwrap_or(0) * part_size;
                let len = part_size.min(size.saturating_sub(offset));
                let last = offset + len >= *size;
                let crc32c = digest.next_part(len).await.map_err(|e| {
                    if e.kind() == std::io::ErrorKind::UnexpectedEof {
                        self.changed_while_sent().cause(e)
                    } else {
                        read_failure(path, e)
                    }
                })?;
                let body = PartBody::Range(path.to_path_buf(), offset, len);
                Ok(Some((Part { body, crc32c }, last)))
            }
            Parts::Stream { reader, first } => {
                let part = if sent == 0 {
                    std::mem::take(first)
                } else {
                    reader.next_part().await.map_err(|e| {
                        Failure::new(
                            ExitKind::Failure,
                            format!("could not read the data for {}: {e}", self.location),
                        )
                        .cause(e)
                    })?
                };
                if part.is_empty() && sent > 0 {
                    return Ok(None);
                }
                let last = part.len() < reader.part_size();
                let crc32c = crc32c::crc32c(&part);
                Ok(Some((
                    Part {
                        body: PartBody::Bytes(part),
                        crc32c,
                    },
                    last,
                )))
            }
        }
    }

    /// Aborts the upload after `stop`, and turns `stop` into the error to report: one that says
    /// the parts were removed only when no part is listed any more, and otherwise names the
    /// upload and the command that removes it.
    async fn abandon(&self, upload_id: &str, stop: Stop) -> anyhow::Error {
        let location = self.location;
        let removal = match stop {
            Stop::Unknown => Err("interrupted again before the server answered".to_owned()),
            _ => tokio::select! {
                removed = self.abort_until_gone(upload_id) => removed,
                () = self.interrupt.wait_again() => {
                    Err("interrupted again while removing the parts".to_owned())
                }
            },
        };
        let leftover = |reason: &str| {
            format!(
                "parts of upload {upload_id} may remain on the server ({reason}); remove them with \
                 `aws s3api abort-multipart-upload --bucket {} --key {} --upload-id {upload_id}`",
                shell::quote(&location.bucket),
                shell::quote(&location.key),
            )
        };
        match (stop, removal) {
            (Stop::Unknown, _) => Interrupt::failure(format!(
                "the upload of {location} may or may not have completed; the server had not answered"
            ))
            .hint(format!(
                "check with `s3share share {location}`; if it is not there, {}",
                leftover("interrupted again")
            ))
            .into(),
            (Stop::Interrupted, Ok(())) => Interrupt::failure(format!(
                "the upload of {location} was cancelled and its parts removed"
            ))
            .into(),
            (Stop::Interrupted, Err(reason)) => {
                Interrupt::failure(format!("the upload of {location} was cancelled"))
                    .hint(leftover(&reason))
                    .into()
            }
            (Stop::Failed(error), Ok(())) => error,
            (Stop::Failed(error), Err(reason)) => {
                self.out.warn(&leftover(&reason));
                error
            }
        }
    }

    /// Aborts the upload until listing its parts shows none: S3 documents that parts still in
    /// flight during an abort may be stored after it, so one abort is not proof.
    async fn abort_until_gone(&self, upload_id: &str) -> Result<(), String> {
        let location = self.location;
        let mut refused = None;
        for attempt in 1..=ABORT_ATTEMPTS {
            let aborted = self
                .client
                .abort_multipart_upload()
                .bucket(&location.bucket)
                .key(&location.key)
                .upload_id(upload_id)
                .send()
                .await;
            if let Err(e) = aborted {
                if e.as_service_error().and_then(|s| s.code()) != Some("NoSuchUpload") {
                    refused = Some(classify(e, "abort the upload to", location).message);
                }
            }
            let listed = self
                .client
                .list_parts()
                .bucket(&location.bucket)
                .key(&location.key)
                .upload_id(upload_id)
                .send()
                .await;
            match listed {
                Ok(listed) if listed.parts().is_empty() => return Ok(()),
                Ok(_) => {}
                // Ceph RGW 16 says NoSuchKey for the parts of an upload that is gone.
                Err(e)
                    if matches!(
                        e.as_service_error().and_then(|s| s.code()),
                        Some("NoSuchUpload" | "NoSuchKey")
                    ) =>
                {
                    return Ok(())
                }
                Err(e) => {
                    let why = classify(e, "list the parts of the upload to", location).message;
                    return Err(refused.unwrap_or(why));
                }
            }
            if attempt < ABORT_ATTEMPTS {
                tokio::time::sleep(ABORT_PAUSE * attempt).await;
            }
        }
        Err(refused
            .unwrap_or_else(|| format!("parts were still listed after {ABORT_ATTEMPTS} aborts")))
    }
}

/// Why an upload stops before it is complete.
enum Stop {
    /// Ctrl-C before completion was sent, or completion failed after it.
    Interrupted,
    /// Ctrl-C twice while completing: the server had not answered.
    Unknown,
    /// Any other failure.
    Failed(anyhow::Error),
}

/// How long parts in flight may take to end after a failure or Ctrl-C before they are cancelled.
const IN_FLIGHT_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// How many times an upload is aborted before its leftover parts are reported.
const ABORT_ATTEMPTS: u32 = 4;
/// The pause after the n-th abort that still left parts listed is n times this: parts in flight
/// land within moments.
const ABORT_PAUSE: std::time::Duration = std::time::Duration::from_millis(200);

/// Sends one part, with its CRC32C for the server to check.
async fn upload_part(
    client: aws_sdk_s3::Client,
    location: ObjectLocation,
    upload_id: String,
    number: i32,
    part: Part,
    bar: Bar,
) -> Result<CompletedPart, Failure> {
    let len = part.body.len();
    let body = part.body.stream().await?;
    let watchdog = Watchdog::new(idle_limit(&client));
    let request = client
        .upload_part()
        .bucket(&location.bucket)
        .key(&location.key)
        .upload_id(upload_id)
        .part_number(number)
        .checksum_crc32_c(base64_of(&part.crc32c.to_be_bytes()))
        .content_length(len as i64)
        .body(watchdog.track_sdk(progress::counted(body, &bar)))
        .customize()
        .config_override(body_request_override())
        // The CRC32C header protects the bytes. Given in advance, it also keeps the SDK from
        // computing one in an aws-chunked trailer, which on plain-HTTP endpoints it signs chunk
        // by chunk: a SHA-256 of everything on both ends.
        .disable_payload_signing()
        .send();
    let output = tokio::select! {
        sent = request => sent.map_err(|e| write_failure(e, &location))?,
        () = watchdog.expired() => {
            return Err(stalled(
                &format!("part {number} of the upload to {location} stalled"),
                watchdog.limit(),
            ));
        }
    };
    Ok(CompletedPart::builder()
        .part_number(number)
        .set_e_tag(output.e_tag().map(str::to_owned))
        .set_checksum_crc32_c(output.checksum_crc32_c().map(str::to_owned))
        .build())
}

/// The ETag S3 gives an object assembled from `parts`: see [`etag_of_part_md5s`]. `None` when a
/// part's ETag is not a plain MD5 (SSE-KMS, SSE-C).
fn multipart_etag(parts: &[CompletedPart]) -> Option<String> {
    let mut md5s = Vec::with_capacity(parts.len());
    for part in parts {
        let etag = part.e_tag()?.trim_matches('"');
        if etag.len() != 32 {
            return None;
        }
        let mut md5 = [0u8; 16];
        for (byte, pair) in md5.iter_mut().zip(etag.as_bytes().chunks(2)) {
            *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        md5s.push(md5);
    }
    Some(etag_of_part_md5s(&md5s))
}

/// The result of a finished part task.
fn joined(
    joined: Option<Result<Result<CompletedPart, Failure>, tokio::task::JoinError>>,
) -> Result<CompletedPart> {
    match joined {
        Some(Ok(part)) => Ok(part?),
        Some(Err(e)) => Err(anyhow::Error::new(e).context("a part upload stopped")),
        None => unreachable!("joined only while tasks are running"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::source::{DEFAULT_PART_SIZE, MAX_OBJECT_SIZE};

    #[test]
    fn the_multipart_etag_is_the_md5_of_the_part_md5s() {
        let part = |etag: &str| CompletedPart::builder().e_tag(etag).build();
        // Parts "a" and "b" (ETags are their MD5s, quoted or not); the object's ETag is the MD5
        // of the two 16-byte digests one after the other.
        let parts = [
            part("\"0cc175b9c0f1b6a831c399e269772661\""),
            part("92eb5ffee6ae2fec3ad71c777531578f"),
        ];
        assert_eq!(
            multipart_etag(&parts).as_deref(),
            Some("96e024ba2074fe77e8e965ba43a704be-2")
        );
        assert_eq!(multipart_etag(&[part("not-an-md5")]), None);
    }

    #[test]
    fn parts_are_8_mib_until_a_file_needs_more_than_10000() {
        assert_eq!(part_size(None), DEFAULT_PART_SIZE);
        assert_eq!(part_size(Some(1)), DEFAULT_PART_SIZE);
        assert_eq!(
            part_size(Some(DEFAULT_PART_SIZE * MAX_PARTS)),
            DEFAULT_PART_SIZE
        );
        let huge = MAX_OBJECT_SIZE;
        assert!(part_size(Some(huge)) * MAX_PARTS >= huge);
    }
}
