//! Whether a key already holds a local file, before uploading it: how a re-run of `upload DIR`
//! skips what is there without sending it.

use std::path::Path;

use anyhow::Result;
use md5::{Digest, Md5};

use crate::location::ObjectLocation;
use crate::s3::errors::{classify, is_not_found};
use crate::transfer::multipart::part_size;
use crate::transfer::put::{head, same, Contents, Identity};
use crate::transfer::source::{hash_file, hex, read_failure, FILE_READ_BUFFER};

/// What a key holds, compared with a local file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding {
    /// Nothing: the key is free.
    Nothing,
    /// Exactly the file's bytes.
    Same,
    /// Something else (or something s3share cannot tell apart from the file).
    Other,
}

/// Whether `location` already holds the file at `path` (`size` bytes), before uploading it: by
/// its SHA-256 or MD5 ETag below `threshold` (one PUT), by the ETag of its parts above.
pub async fn holds_file(
    client: &aws_sdk_s3::Client,
    location: &ObjectLocation,
    path: &Path,
    size: u64,
    threshold: u64,
) -> Result<Holding> {
    let head = match head(client, location).await {
        Ok(head) => head,
        Err(e) if is_not_found(&e) => return Ok(Holding::Nothing),
        Err(e) => return Err(classify(e, "look up", location).into()),
    };
    if head.content_length().and_then(|n| u64::try_from(n).ok()) != Some(size) {
        return Ok(Holding::Other);
    }
    let identical = if size < threshold {
        let stored = hash_file(path).await?;
        let contents = Contents::File(path);
        same(
            &head,
            size,
            Identity::Single {
                sha256: &stored.sha256,
                contents,
            },
        )
    } else {
        let path = path.to_owned();
        let etag = tokio::task::spawn_blocking(move || multipart_etag_of_file(&path, size))
            .await?
            .map_err(|e| read_failure(Path::new("file"), e))?;
        same(&head, size, Identity::MultipartEtag(&etag))
    };
    Ok(if identical {
        Holding::Same
    } else {
        Holding::Other
    })
}

/// The ETag S3 gives the file at `path` uploaded in s3share's parts: the MD5 of the parts'
/// MD5s, `-` and their number.
fn multipart_etag_of_file(path: &Path, size: u64) -> std::io::Result<String> {
    use std::io::Read;
    let part_size = part_size(Some(size));
    let mut file = std::fs::File::open(path)?;
    let mut digests = Vec::new();
    let mut buffer = vec![0; FILE_READ_BUFFER];
    let mut left = size;
    while left > 0 || digests.is_empty() {
        let mut part = Md5::new();
        let mut part_left = part_size.min(left);
        while part_left > 0 {
            let want = (part_left as usize).min(buffer.len());
            file.read_exact(&mut buffer[..want])?;
            part.update(&buffer[..want]);
            part_left -= want as u64;
        }
        left -= part_size.min(left);
        digests.extend_from_slice(&part.finalize());
    }
    let parts = digests.len() / 16;
    Ok(format!("{}-{parts}", hex(&Md5::digest(&digests))))
}
