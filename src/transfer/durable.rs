//! Putting downloads on disk safely: a small file s3share keeps for itself (the folder record, a
//! partial's sidecar) replaced whole, and a folder download made durable in one step: instead of
//! an fsync per file on the way (which dominated folders of small files), every file goes to
//! disk once at the end, and the command reports success only after that.

#[cfg(not(target_os = "linux"))]
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, renamed over it. A
/// symlink planted at `path` is replaced by the file, never written through.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Puts `files` (downloaded under `dir`) and the folders holding them on disk: one `syncfs` of
/// the file system on Linux, elsewhere an fsync of each file and of each folder.
pub async fn sync_folder(dir: &Path, files: Vec<PathBuf>) -> std::io::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || sync_blocking(&dir, &files))
        .await
        .map_err(std::io::Error::other)?
}

#[cfg(target_os = "linux")]
fn sync_blocking(dir: &Path, _files: &[PathBuf]) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let handle = std::fs::File::open(dir)?;
    // SAFETY: syncfs takes an open descriptor, which `handle` keeps open for the call.
    let done = unsafe { libc::syncfs(handle.as_raw_fd()) };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn sync_blocking(dir: &Path, files: &[PathBuf]) -> std::io::Result<()> {
    let mut folders = BTreeSet::new();
    for file in files {
        std::fs::File::options()
            .write(true)
            .open(file)?
            .sync_all()?;
        if let Some(parent) = file.parent() {
            folders.insert(parent.to_owned());
        }
    }
    folders.insert(dir.to_owned());
    sync_folders(&folders)
}

#[cfg(all(unix, not(target_os = "linux")))]
fn sync_folders(folders: &BTreeSet<PathBuf>) -> std::io::Result<()> {
    for folder in folders {
        std::fs::File::open(folder)?.sync_all()?;
    }
    Ok(())
}

/// Windows makes a rename durable with the file; folders cannot be opened for a flush.
#[cfg(windows)]
fn sync_folders(_folders: &BTreeSet<PathBuf>) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn a_planted_symlink_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"must not change").unwrap();
        let planted = dir.path().join(".x.s3share-partial.json");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        super::replace(&planted, b"{}").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"must not change");
        assert!(std::fs::symlink_metadata(&planted).unwrap().is_file());
        assert_eq!(std::fs::read(&planted).unwrap(), b"{}");
    }
}
