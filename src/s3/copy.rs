//! Server-side copies: no byte goes through the client. One CopyObject up to 5 GiB (S3's
//! limit for it), a multipart copy (UploadPartCopy of ranges) above.

use anyhow::Result;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};

use crate::location::ObjectLocation;
use crate::s3::errors::classify;

/// The largest object one CopyObject takes.
const MAX_SINGLE_COPY: u64 = 5 * 1024 * 1024 * 1024;
/// The range each part of a multipart copy takes.
const COPY_PART: u64 = 512 * 1024 * 1024;

/// Copies `from` (`size` bytes) to `to` in the same account, server-side.
pub async fn copy(
    client: &aws_sdk_s3::Client,
    from: &ObjectLocation,
    to: &ObjectLocation,
    size: u64,
) -> Result<()> {
    let source = copy_source(from);
    if size <= MAX_SINGLE_COPY {
        client
            .copy_object()
            .bucket(&to.bucket)
            .key(&to.key)
            .copy_source(source)
            .send()
            .await
            .map_err(|e| classify(e, "copy", from))?;
        return Ok(());
    }
    let created = client
        .create_multipart_upload()
        .bucket(&to.bucket)
        .key(&to.key)
        .send()
        .await
        .map_err(|e| classify(e, "start the copy to", to))?;
    let upload_id = created.upload_id().unwrap_or_default().to_owned();
    let result = async {
        let mut parts = Vec::new();
        let mut start = 0;
        let mut number = 1;
        while start < size {
            let end = (start + COPY_PART).min(size) - 1;
            let part = client
                .upload_part_copy()
                .bucket(&to.bucket)
                .key(&to.key)
                .upload_id(&upload_id)
                .part_number(number)
                .copy_source(&source)
                .copy_source_range(format!("bytes={start}-{end}"))
                .send()
                .await
                .map_err(|e| classify(e, "copy", from))?;
            parts.push(
                CompletedPart::builder()
                    .part_number(number)
                    .set_e_tag(
                        part.copy_part_result()
                            .and_then(|r| r.e_tag())
                            .map(str::to_owned),
                    )
                    .build(),
            );
            start = end + 1;
            number += 1;
        }
        client
            .complete_multipart_upload()
            .bucket(&to.bucket)
            .key(&to.key)
            .upload_id(&upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify(e, "complete the copy to", to))?;
        anyhow::Ok(())
    }
    .await;
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
