//! Server-side copies: no byte goes through the client. One CopyObject below the multipart
//! threshold (and never above 5 GiB, S3's limit for it); above, a multipart copy whose parts
//! (UploadPartCopy of ranges) go several at once.

use anyhow::Result;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use futures_util::{StreamExt, TryStreamExt};

use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::s3::errors::classify;

/// The largest object one CopyObject takes.
const MAX_SINGLE_COPY: u64 = 5 * 1024 * 1024 * 1024;
/// The smallest part S3 takes (all but the last).
const MIN_PART: u64 = 5 * 1024 * 1024;
/// The most parts a multipart upload may have.
const MAX_PARTS: u64 = 10_000;

/// When a copy goes in parts, and how many at once.
#[derive(Clone, Copy, Debug)]
pub struct CopyParts {
    /// Objects of at least this many bytes are copied in parts of this size (or larger, to stay
    /// within 10,000 parts).
    pub threshold: u64,
    /// Parts copied at once.
    pub concurrency: usize,
}

impl CopyParts {
    /// The size of each part for an object of `size` bytes.
    fn part_size(self, size: u64) -> u64 {
        self.threshold
            .max(MIN_PART)
            .max(size.div_ceil(MAX_PARTS))
            .min(MAX_SINGLE_COPY)
    }

    fn in_parts(self, size: u64) -> bool {
        size > MAX_SINGLE_COPY || (size >= self.threshold && size > MIN_PART)
    }
}

/// Copies `from` (`size` bytes) to `to` in the same account, server-side. Content-Type and the
/// other headers the object is served with, and its user metadata, come along either way.
/// When `cancelled` resolves first (Ctrl-C), a multipart copy is aborted, so no parts are left,
/// and the copy fails with [`ExitKind::Interrupted`].
pub async fn copy(
    client: &aws_sdk_s3::Client,
    from: &ObjectLocation,
    to: &ObjectLocation,
    size: u64,
    parts: CopyParts,
    cancelled: impl std::future::Future<Output = ()>,
) -> Result<()> {
    if !parts.in_parts(size) {
        let copied = client
            .copy_object()
            .bucket(&to.bucket)
            .key(&to.key)
            .copy_source(copy_source(from))
            .send();
        tokio::select! {
            copied = copied => copied.map_err(|e| classify(e, "copy", from))?,
            () = cancelled => return Err(interrupted(from).into()),
        };
        return Ok(());
    }
    copy_in_parts(client, from, to, size, parts, cancelled).await
}

/// A multipart copy of `from` (`size` bytes) in ranges of [`CopyParts::part_size`], `concurrency`
/// at once, each pinned to the version looked up first; aborted, leaving no parts, on failure or
/// when `cancelled` resolves.
async fn copy_in_parts(
    client: &aws_sdk_s3::Client,
    from: &ObjectLocation,
    to: &ObjectLocation,
    size: u64,
    parts: CopyParts,
    cancelled: impl std::future::Future<Output = ()>,
) -> Result<()> {
    let source = copy_source(from);
    let (upload_id, version) = start_upload(client, from, to).await?;
    let part_size = parts.part_size(size);
    let ranges: Vec<(i32, u64, u64)> = (0..size.div_ceil(part_size))
        .map(|i| {
            let start = i * part_size;
            let number = i32::try_from(i + 1).expect("at most 10,000 parts");
            (number, start, (start + part_size).min(size) - 1)
        })
        .collect();
    let work = async {
        let copy_part = |(number, start, end): (i32, u64, u64)| {
            let (upload_id, source, version) = (&upload_id, &source, &version);
            async move {
                let part = client
                    .upload_part_copy()
                    .bucket(&to.bucket)
                    .key(&to.key)
                    .upload_id(upload_id)
                    .part_number(number)
                    .copy_source(source)
                    .copy_source_range(format!("bytes={start}-{end}"))
                    .set_copy_source_if_match(version.clone())
                    .send()
                    .await
                    .map_err(|e| classify(e, "copy", from))?;
                anyhow::Ok(
                    CompletedPart::builder()
                        .part_number(number)
                        .set_e_tag(
                            part.copy_part_result()
                                .and_then(|r| r.e_tag())
                                .map(str::to_owned),
                        )
                        .build(),
                )
            }
        };
        let mut completed: Vec<CompletedPart> = futures_util::stream::iter(ranges)
            .map(copy_part)
            .buffer_unordered(parts.concurrency.max(1))
            .try_collect()
            .await?;
        completed.sort_by_key(|part| part.part_number());
        client
            .complete_multipart_upload()
            .bucket(&to.bucket)
            .key(&to.key)
            .upload_id(&upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(completed))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify(e, "complete the copy to", to))?;
        anyhow::Ok(())
    };
    let result = tokio::select! {
        result = work => result,
        () = cancelled => Err(interrupted(from).into()),
    };
    if result.is_err() {
        let _ = client
            .abort_multipart_upload()
            .bucket(&to.bucket)
            .key(&to.key)
            .upload_id(&upload_id)
            .send()
            .await;
    }
    result
}

/// Starts the multipart upload of a copy of `from` to `to`, telling it the source's headers,
/// encryption, storage class and tags (CopyObject carries them over by itself; a multipart copy
/// is a new upload); returns its id and the source's ETag, which every range is pinned to.
async fn start_upload(
    client: &aws_sdk_s3::Client,
    from: &ObjectLocation,
    to: &ObjectLocation,
) -> Result<(String, Option<String>)> {
    let head = client
        .head_object()
        .bucket(&from.bucket)
        .key(&from.key)
        .send()
        .await
        .map_err(|e| classify(e, "look up", from))?;
    let created = client
        .create_multipart_upload()
        .bucket(&to.bucket)
        .key(&to.key)
        .set_content_type(head.content_type().map(str::to_owned))
        .set_content_disposition(head.content_disposition().map(str::to_owned))
        .set_content_encoding(head.content_encoding().map(str::to_owned))
        .set_content_language(head.content_language().map(str::to_owned))
        .set_cache_control(head.cache_control().map(str::to_owned))
        .set_metadata(head.metadata().cloned())
        // What else CopyObject would keep: the encryption (with its KMS key), the storage
        // class and the tags.
        .set_server_side_encryption(head.server_side_encryption().cloned())
        .set_ssekms_key_id(head.ssekms_key_id().map(str::to_owned))
        .set_storage_class(head.storage_class().cloned())
        .set_tagging(tags(client, from).await?)
        .send()
        .await
        .map_err(|e| classify(e, "start the copy to", to))?;
    let upload_id = created.upload_id().unwrap_or_default().to_owned();
    // Every range from the one version that was looked up: an object replaced during the copy
    // fails it (412) instead of splicing two versions into one.
    let version = head.e_tag().map(str::to_owned);
    Ok((upload_id, version))
}

/// The failure of a copy cancelled by Ctrl-C.
fn interrupted(from: &ObjectLocation) -> Failure {
    Failure::new(
        ExitKind::Interrupted,
        format!("interrupted: the copy of {from} was cancelled"),
    )
}

/// `bucket/key` with the key percent-encoded, as `x-amz-copy-source` takes it.
fn copy_source(from: &ObjectLocation) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    format!(
        "{}/{}",
        from.bucket,
        percent_encoding::utf8_percent_encode(&from.key, KEEP)
    )
}

/// The object's tags as a `Tagging` header value (`a=1&b=2`), or `None` when it has none or the
/// server keeps none (a server without GetObjectTagging is not asked again).
async fn tags(client: &aws_sdk_s3::Client, from: &ObjectLocation) -> Result<Option<String>> {
    let Ok(tagging) = client
        .get_object_tagging()
        .bucket(&from.bucket)
        .key(&from.key)
        .send()
        .await
    else {
        return Ok(None);
    };
    let encode = |text: &str| {
        percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let pairs: Vec<String> = tagging
        .tag_set()
        .iter()
        .map(|tag| format!("{}={}", encode(tag.key()), encode(tag.value())))
        .collect();
    Ok((!pairs.is_empty()).then(|| pairs.join("&")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn copies_go_in_parts_from_the_threshold_and_always_above_5_gib() {
        let parts = CopyParts {
            threshold: 64 * MIB,
            concurrency: 8,
        };
        assert!(!parts.in_parts(64 * MIB - 1));
        assert!(parts.in_parts(64 * MIB));
        assert_eq!(parts.part_size(1024 * MIB), 64 * MIB);
        // 10,000 parts at the most: 5 TiB goes in parts of 525 MiB and a bit.
        assert_eq!(parts.part_size(5 << 40), (5u64 << 40).div_ceil(10_000));
        let huge = CopyParts {
            threshold: u64::MAX,
            concurrency: 8,
        };
        assert!(!huge.in_parts(MAX_SINGLE_COPY));
        assert!(huge.in_parts(MAX_SINGLE_COPY + 1));
        assert_eq!(huge.part_size(MAX_SINGLE_COPY + 1), MAX_SINGLE_COPY);
    }
}
