//! The last steps of a download: the size and checksum checks (the object's CRC64NVME where the
//! server gives it, else the MD5 an ETag stands for), and the rename into place that
//! never replaces a file without `--force`.

use std::path::Path;

use crate::md5_digest::Md5;
use anyhow::Result;
use tokio::io::AsyncReadExt;

use super::job::{exists, refuse_existing};
use super::response::ObjectInfo;
use crate::error::{ExitKind, Failure};
use crate::s3::etag::base64_of;

/// Fails unless exactly the announced `size` bytes arrived.
pub(super) fn check_size(received: u64, size: u64) -> Result<(), Failure> {
    if received == size {
        return Ok(());
    }
    Err(Failure::new(
        ExitKind::Integrity,
        format!("received {received} bytes but the server announced {size}"),
    )
    .hint("run the same command again; if it keeps failing, something between here and the server alters the data"))
}

/// Fails unless `hasher` arrived at `expected` (lower-case hex).
pub(super) fn check_md5(hasher: Md5, expected: &str) -> Result<(), Failure> {
    if hex::encode(hasher.finalize()) == expected {
        return Ok(());
    }
    Err(mismatch(format!("the object's MD5 ({expected})")))
}

/// Fails unless the bytes' CRC64NVME, `actual`, is the object's, `expected`.
pub(super) fn check_crc64nvme(actual: u64, expected: u64) -> Result<(), Failure> {
    if actual == expected {
        return Ok(());
    }
    Err(mismatch(format!(
        "the object's CRC64NVME checksum ({})",
        base64_of(&expected.to_be_bytes())
    )))
}

/// What the whole body of `object` is checked against, for `-v`: servers that keep no
/// CRC64NVME (or do not return it, as Ceph RGW) leave the MD5 of a single-part ETag, and a
/// multipart or KMS-encrypted object only its size.
pub(super) fn whole_check(object: &ObjectInfo) -> &'static str {
    if object.crc64nvme.is_some() {
        "checking its size and the object's CRC64NVME checksum"
    } else if object.md5.is_some() {
        "checking its size and the MD5 its ETag stands for (the server sent no CRC64NVME checksum)"
    } else {
        "checking its size only (the server sent no CRC64NVME checksum, and the ETag of a multipart or encrypted object is no MD5)"
    }
}

/// The failure of bytes that do not match `what` the server said they are.
fn mismatch(what: String) -> Failure {
    Failure::new(
        ExitKind::Integrity,
        format!("the downloaded bytes do not match {what}"),
    )
    .hint("run the same command again; if it keeps failing, something between here and the server alters the data")
}

/// A new CRC64NVME (CRC-64/NVME, as S3 computes it) to feed.
pub(super) fn crc64nvme() -> crc_fast::Digest {
    crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc64Nvme)
}

/// How the body of one stream is checked, fed as it arrives: against the object's full
/// CRC64NVME where the server gave it (a fraction of the MD5's CPU), else against the MD5 the
/// ETag stands for.
pub(super) enum BodyHash {
    Crc64Nvme {
        digest: crc_fast::Digest,
        expected: u64,
    },
    Md5 {
        hasher: Md5,
        expected: String,
    },
}

impl BodyHash {
    /// The check for `object`, if the server said what its bytes are.
    pub(super) fn for_object(object: &ObjectInfo) -> Option<BodyHash> {
        if let Some(expected) = object.crc64nvme {
            return Some(BodyHash::Crc64Nvme {
                digest: crc64nvme(),
                expected,
            });
        }
        object.md5.clone().map(|expected| BodyHash::Md5 {
            hasher: Md5::new(),
            expected,
        })
    }

    /// Feeds the next bytes of the body.
    pub(super) fn update(&mut self, bytes: &[u8]) {
        match self {
            BodyHash::Crc64Nvme { digest, .. } => digest.update(bytes),
            BodyHash::Md5 { hasher, .. } => hasher.update(bytes),
        }
    }

    /// Fails unless all the bytes fed are what the server said.
    pub(super) fn check(self) -> Result<(), Failure> {
        match self {
            BodyHash::Crc64Nvme { digest, expected } => {
                check_crc64nvme(digest.finalize(), expected)
            }
            BodyHash::Md5 { hasher, expected } => check_md5(hasher, &expected),
        }
    }

    /// Feeds the first `len` bytes already in `path` (a partial file being resumed).
    pub(super) async fn feed_prefix(&mut self, path: &Path, len: u64) -> Result<()> {
        if len == 0 {
            return Ok(());
        }
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| write_failure(path, e))?;
        let mut reader = tokio::io::BufReader::with_capacity(256 * 1024, file).take(len);
        let mut buffer = vec![0; 256 * 1024];
        loop {
            let n = reader.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            self.update(&buffer[..n]);
        }
        Ok(())
    }
}

/// Moves the finished partial file to `target`; without `force` never replaces a file that
/// appeared in the meantime (a hard link fails if the name is taken; a rename would not).
/// The partial file is gone afterwards either way.
pub(super) fn place(partial: &Path, target: &Path, force: bool) -> Result<(), Failure> {
    if !force {
        match std::fs::hard_link(partial, target) {
            Ok(()) => {
                let _ = std::fs::remove_file(partial);
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists(target)),
            // File systems without hard links: check, then rename.
            Err(_) => refuse_existing(target, false)?,
        }
    }
    std::fs::rename(partial, target).map_err(|e| write_failure(target, e))
}

/// A failure to write `path`, with the fix that fits the error.
pub(super) fn write_failure(path: &Path, error: std::io::Error) -> Failure {
    let hint = match error.kind() {
        std::io::ErrorKind::StorageFull => "free some space, or save elsewhere with -o",
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            "choose a writable place with -o"
        }
        _ => "choose another place with -o",
    };
    Failure::new(
        ExitKind::Failure,
        format!("cannot write {}: {error}", path.display()),
    )
    .hint(hint)
    .cause(error)
}
