//! The folder record: what s3share itself left in a folder it downloaded into, so that a later
//! `get` of the same folder updates only those files: a file someone edited since, or one that
//! was there before, is never replaced without `--force`.
//!
//! A hidden `.s3share-folder.json` in the folder lists each file s3share finished with the size
//! and modification time it left it with (the object's Last-Modified). A file whose size and time
//! still match is s3share's to replace when its object changed; anything else is the user's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The record's file name, in the folder's root.
pub const RECORD_NAME: &str = ".s3share-folder.json";

/// How one file was left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Left {
    size: u64,
    /// Seconds since the epoch.
    modified: u64,
    /// And nanoseconds (absent in older records: 0, as a time set from a Last-Modified has), so
    /// that an edit in the same second as the download, keeping the size, still shows.
    #[serde(default)]
    nanos: u32,
}

impl Left {
    fn new(size: u64, modified: SystemTime) -> Left {
        let since = modified.duration_since(UNIX_EPOCH).unwrap_or_default();
        Left {
            size,
            modified: since.as_secs(),
            nanos: since.subsec_nanos(),
        }
    }
}

/// The files s3share left in one folder, by their `/`-separated path in it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FolderRecord {
    #[serde(default)]
    files: BTreeMap<String, Left>,
    #[serde(skip)]
    path: PathBuf,
    #[serde(skip)]
    changed: bool,
}

/// What is at a file's place before it is downloaded.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// Nothing: download it.
    Nothing,
    /// A symlink: replaced by the file, never written through.
    Symlink,
    /// What s3share left there, untouched since: replace it.
    LeftByUs,
    /// Something s3share did not leave that way (edited, or there before): keep it.
    Theirs,
}

impl FolderRecord {
    /// The record of `dir`; empty when there is none or it cannot be read.
    pub fn load(dir: &Path) -> FolderRecord {
        let path = dir.join(RECORD_NAME);
        let mut record: FolderRecord = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        record.path = path;
        record
    }

    /// What is at `path` (the file `relative` of the folder) now.
    pub fn found(&self, relative: &str, path: &Path) -> Found {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return Found::Nothing;
        };
        if meta.file_type().is_symlink() {
            return Found::Symlink;
        }
        let now = meta.modified().map(|time| Left::new(meta.len(), time));
        match (self.files.get(relative), now) {
            (Some(left), Ok(now)) if meta.is_file() && *left == now => Found::LeftByUs,
            _ => Found::Theirs,
        }
    }

    /// Notes that s3share finished `relative` with `size` bytes and time `modified`.
    pub fn finished(&mut self, relative: &str, size: u64, modified: SystemTime) {
        self.files
            .insert(relative.to_owned(), Left::new(size, modified));
        self.changed = true;
    }

    /// Writes the record back if anything was noted: whole or not at all (a temporary file
    /// renamed over it). A record that cannot be written only costs the next run its
    /// knowledge, so the reason is returned for a warning, not as a failure.
    pub fn save(&self) -> Result<(), String> {
        if !self.changed {
            return Ok(());
        }
        let json = serde_json::to_vec(self).expect("the record serializes");
        super::durable::replace(&self.path, &json)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_left_as_it_was_is_ours() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let mut record = FolderRecord::load(dir.path());
        assert_eq!(record.found("a.txt", &path), Found::Nothing);

        std::fs::write(&path, b"object").unwrap();
        assert_eq!(record.found("a.txt", &path), Found::Theirs, "there before");

        let modified = UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        record.finished("a.txt", 6, modified);
        record.save().unwrap();
        let record = FolderRecord::load(dir.path());
        assert_eq!(record.found("a.txt", &path), Found::LeftByUs);

        std::fs::write(&path, b"edited").unwrap();
        assert_eq!(record.found("a.txt", &path), Found::Theirs, "edited since");

        // Left with a time of its own (no Last-Modified), then edited in the same second.
        let left_at = modified + std::time::Duration::from_nanos(250);
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(left_at).unwrap();
        let mut record = FolderRecord::load(dir.path());
        record.finished("a.txt", 6, left_at);
        assert_eq!(record.found("a.txt", &path), Found::LeftByUs);
        file.set_modified(modified + std::time::Duration::from_nanos(500))
            .unwrap();
        assert_eq!(record.found("a.txt", &path), Found::Theirs, "same second");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("link");
        std::os::unix::fs::symlink("/etc/hostname", &path).unwrap();
        assert_eq!(
            FolderRecord::load(dir.path()).found("link", &path),
            Found::Symlink
        );
    }
}
