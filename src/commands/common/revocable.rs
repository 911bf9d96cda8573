//! Revocable links: S3 cannot take back a presigned URL, so a revocable link points at a private
//! copy of the object under the bucket layout's revocable space (made server-side); `revoke`
//! deletes the copy, which takes the link back at once.

use anyhow::Result;

use crate::id::unique_id;
use crate::layout;
use crate::location::ObjectLocation;
use crate::s3::copy::{copy, CopyParts};
use crate::transfer::interrupt::Interrupt;

/// Makes the private copy of `from` (`size` bytes) a revocable link points at; same file name.
/// Ctrl-C stops it, leaving no parts of it behind.
pub async fn private_copy(
    client: &aws_sdk_s3::Client,
    from: &ObjectLocation,
    size: u64,
    parts: CopyParts,
) -> Result<ObjectLocation> {
    let interrupt = Interrupt::listen();
    let name = from.key.rsplit('/').next().unwrap_or(&from.key);
    let id = unique_id(&from.key, 4);
    let to = ObjectLocation::new(&from.bucket, format!("{}{id}/{name}", layout::REVOCABLE))?;
    copy(client, from, &to, size, parts, interrupt.wait()).await?;
    Ok(to)
}
