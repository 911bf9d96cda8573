//! The last steps of a download: the size and checksum checks, and the rename into place that
//! never replaces a file without `--force`.

use std::path::Path;

use anyhow::Result;
use md5::{Digest, Md5};
use tokio::io::AsyncReadExt;

use super::job::{exists, refuse_existing};
use crate::error::{ExitKind, Failure};

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
    let actual = hex::encode(hasher.finalize());
    if actual == expected {
        return Ok(());
    }
    Err(Failure::new(
        ExitKind::Integrity,
        format!("the downloaded bytes do not match the object's MD5 ({expected})"),
    )
    .hint("run the same command again; if it keeps failing, something between here and the server alters the data"))
}

/// An MD5 hasher fed with the first `len` bytes already in `path`.
pub(super) async fn hash_prefix(path: &Path, len: u64) -> Result<Md5> {
    let mut hasher = Md5::new();
    if len == 0 {
        return Ok(hasher);
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
        hasher.update(&buffer[..n]);
    }
    Ok(hasher)
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
