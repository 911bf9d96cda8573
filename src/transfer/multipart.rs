//! Parallel multipart uploads with bounded memory, aborted on any failure or Ctrl-C so no parts
//! are left behind (S3 would keep, and bill, them until a lifecycle rule cleans up).
//!
//! Parts are read in order (hashing the whole stream with SHA-256 on the way) and at most
//! `concurrency` of them are held in memory and in flight at once.

use anyhow::Result;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart};
use indicatif::ProgressBar;
use tokio::task::JoinSet;

use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::s3::errors::classify;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::put::{already_exists, write_failure, ObjectOptions};
use crate::transfer::retry::{body_request_override, idle_limit};
use crate::transfer::source::PartReader;
use crate::transfer::stall::{stalled, Watchdog};

/// Part size when nothing forces a larger one.
pub const DEFAULT_PART_SIZE: u64 = 8 * 1024 * 1024;
/// S3's limit on parts per upload.
pub const MAX_PARTS: u64 = 10_000;
/// S3's limit on the size of one object.
pub const MAX_OBJECT_SIZE: u64 = 5 * 1024 * 1024 * 1024 * 1024;

/// The part size for a source of `size` bytes (unknown for stdin): 8 MiB, or larger when the
/// file would otherwise need more than 10,000 parts.
pub fn part_size(size: Option<u64>) -> u64 {
    size.map_or(DEFAULT_PART_SIZE, |size| {
        DEFAULT_PART_SIZE.max(size.div_ceil(MAX_PARTS))
    })
}

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
    /// The source's size if known; a different number of bytes read is an error.
    pub expected_size: Option<u64>,
    /// Advanced as parts are stored.
    pub progress: &'a ProgressBar,
    /// Ctrl-C.
    pub interrupt: &'a Interrupt,
}

impl Multipart<'_> {
    /// Uploads everything `reader` yields (starting with `first`, a part already read), and
    /// aborts the upload if anything fails or the user presses Ctrl-C.
    pub async fn run(&self, reader: &mut PartReader, first: Option<Vec<u8>>) -> Result<()> {
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

        let mut tasks = JoinSet::new();
        let result = tokio::select! {
            result = self.send(reader, first, &upload_id, &mut tasks) => result,
            () = self.interrupt.wait() => Err(Interrupt::failure(format!(
                "the upload of {location} was cancelled and its parts removed"
            )).into()),
        };
        // Nothing may still be writing a part when the upload is aborted.
        tasks.shutdown().await;
        if result.is_err() {
            self.abort(&upload_id).await;
        }
        result
    }

    /// Reads and sends every part, then completes the upload.
    async fn send(
        &self,
        reader: &mut PartReader,
        mut first: Option<Vec<u8>>,
        upload_id: &str,
        tasks: &mut JoinSet<Result<CompletedPart, Failure>>,
    ) -> Result<()> {
        let mut parts = Vec::new();
        let mut number: i32 = 0;
        loop {
            // Wait for a free slot before reading, so memory stays at concurrency × part size.
            while tasks.len() >= self.concurrency {
                parts.push(joined(tasks.join_next().await)?);
            }
            let part = match first.take() {
                Some(part) => part,
                None => reader.next_part().await.map_err(|e| {
                    Failure::new(
                        ExitKind::Failure,
                        format!("could not read the data for {}: {e}", self.location),
                    )
                    .cause(e)
                })?,
            };
            let last = part.len() < reader.part_size();
            if part.is_empty() && number > 0 {
                break;
            }
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
        if let Some(expected) = self.expected_size {
            if reader.bytes_read() != expected {
                return Err(Failure::new(
                    ExitKind::Integrity,
                    format!(
                        "the file changed while it was uploaded to {}: expected {expected} bytes, read {}",
                        self.location,
                        reader.bytes_read()
                    ),
                )
                .hint("upload it again once nothing is writing to it")
                .into());
            }
        }
        parts.sort_by_key(|p| p.part_number());
        self.client
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
            .await
            .map_err(|e| write_failure(e, self.location))?;
        Ok(())
    }

    /// Removes the upload and its parts; a failure here is reported but not fatal.
    async fn abort(&self, upload_id: &str) {
        let aborted = self
            .client
            .abort_multipart_upload()
            .bucket(&self.location.bucket)
            .key(&self.location.key)
            .upload_id(upload_id)
            .send()
            .await;
        if let Err(e) = aborted {
            let failure = classify(e, "abort the upload to", self.location);
            eprintln!(
                "warning: {}; parts of upload {upload_id} may remain on the server \
                 (remove them with `aws s3api abort-multipart-upload`)",
                failure.message
            );
        }
    }
}

/// Sends one part, with its CRC32C for the server to check.
async fn upload_part(
    client: aws_sdk_s3::Client,
    location: ObjectLocation,
    upload_id: String,
    number: i32,
    data: Vec<u8>,
    progress: ProgressBar,
) -> Result<CompletedPart, Failure> {
    let len = data.len() as u64;
    let watchdog = Watchdog::new(idle_limit(&client));
    let request = client
        .upload_part()
        .bucket(&location.bucket)
        .key(&location.key)
        .upload_id(upload_id)
        .part_number(number)
        .checksum_algorithm(ChecksumAlgorithm::Crc32C)
        .content_length(len as i64)
        .body(watchdog.track_sdk(ByteStream::from(data)))
        .customize()
        .config_override(body_request_override())
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
    progress.inc(len);
    Ok(CompletedPart::builder()
        .part_number(number)
        .set_e_tag(output.e_tag().map(str::to_owned))
        .set_checksum_crc32_c(output.checksum_crc32_c().map(str::to_owned))
        .build())
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

/// A HEAD before a large upload, so an existing object is refused before gigabytes are sent.
/// Only "exists" stops the upload; anything else (e.g. no permission to HEAD) is left to the
/// conditional write at the end.
pub async fn refuse_existing(client: &aws_sdk_s3::Client, location: &ObjectLocation) -> Result<()> {
    let head = client
        .head_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .send()
        .await;
    match head {
        Ok(_) => Err(already_exists(location).into()),
        Err(e) => {
            let status = e.raw_response().map(|r| r.status().as_u16());
            match status {
                Some(404 | 403) => Ok(()),
                _ if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(()),
                _ => Err(classify(e, "look up", location).into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
