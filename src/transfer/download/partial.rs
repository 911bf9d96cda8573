//! The resume sidecar: a hidden partial file next to the target and a small JSON file naming the
//! object version it holds (and, for parallel downloads, which chunks are done).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

use super::job::FALLBACK_NAME;
use super::verify::write_failure;
use crate::error::Failure;
use crate::transfer::durable::replace;

/// Suffix of the partial file; the sidecar adds `.json`.
const PARTIAL_SUFFIX: &str = ".s3share-partial";

/// Whether `name` is that of a partial file or its sidecar (`.NAME.s3share-partial[.json]`).
pub fn is_partial_name(name: &str) -> bool {
    name.starts_with('.')
        && (name.ends_with(PARTIAL_SUFFIX) || name.ends_with(&format!("{PARTIAL_SUFFIX}.json")))
}

/// The partial file and its sidecar for one target.
pub(super) struct Partial {
    /// The hidden file the bytes go to.
    pub(super) data: PathBuf,
    /// The sidecar naming the object version.
    pub(super) meta: PathBuf,
    /// The file the partial becomes.
    target: PathBuf,
    /// Remove both files when dropped (unset once they are meant to stay or are gone).
    pub(super) armed: bool,
    /// Whether the sidecar was written (no unlink of one that never was).
    pub(super) meta_written: bool,
}

/// Which object version a partial file holds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct PartialMeta {
    /// The URL without its query (which holds the signature).
    pub(super) source: String,
    pub(super) size: u64,
    pub(super) etag: Option<String>,
    pub(super) last_modified: Option<String>,
    /// Set for a parallel download: which chunks are complete (absent in older sidecars and in
    /// sequential ones, whose progress is the file's length).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) chunks: Option<Chunks>,
}

impl PartialMeta {
    /// Whether both describe the same object version (whatever the progress).
    pub(super) fn same_object(&self, other: &PartialMeta) -> bool {
        self.source == other.source
            && self.size == other.size
            && self.etag == other.etag
            && self.last_modified == other.last_modified
    }
}

impl Partial {
    /// The sidecar on disk, if it is readable. (A partial file comes first: with none, there
    /// is no sidecar worth a read.)
    pub(super) fn saved(&self) -> Option<PartialMeta> {
        // Only a regular file is resumed: a symlink planted there is never written through.
        if !std::fs::symlink_metadata(&self.data).is_ok_and(|m| m.file_type().is_file()) {
            return None;
        }
        serde_json::from_slice(&std::fs::read(&self.meta).ok()?).ok()
    }

    /// Writes the sidecar whole or not at all, replacing (never writing through) a symlink
    /// planted at its name.
    pub(super) fn write_meta(&mut self, meta: &PartialMeta) -> Result<(), Failure> {
        let json = serde_json::to_vec(meta).expect("the sidecar serializes");
        self.meta_written = true;
        replace(&self.meta, &json).map_err(|e| write_failure(&self.meta, e))
    }

    /// Creates the partial file afresh. Whatever was at its path is removed first, so a symlink
    /// planted there is replaced, never written through.
    pub(super) fn create_data(&self) -> std::io::Result<std::fs::File> {
        match std::fs::symlink_metadata(&self.data) {
            Ok(meta) if !meta.file_type().is_file() => std::fs::remove_file(&self.data)?,
            _ => {}
        }
        std::fs::File::create(&self.data)
    }

    /// The file this partial becomes.
    pub(super) fn target(&self) -> PathBuf {
        self.target.clone()
    }

    pub(super) fn for_target(target: &Path) -> Partial {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| FALLBACK_NAME.to_owned());
        // Stay within the usual 255-byte name limit with the dot and suffixes added.
        let mut cut = name.len().min(200);
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let data = target.with_file_name(format!(".{}{PARTIAL_SUFFIX}", &name[..cut]));
        let meta = target.with_file_name(format!(".{}{PARTIAL_SUFFIX}.json", &name[..cut]));
        Partial {
            data,
            meta,
            target: target.to_owned(),
            armed: false,
            meta_written: false,
        }
    }

    /// How many bytes of `meta`'s object version are already on disk, if that is worth resuming.
    pub(super) fn resumable(&mut self, meta: &PartialMeta) -> Option<u64> {
        let saved = self.saved()?;
        // A sidecar on disk, of this object or an older one, goes with the partial file.
        self.meta_written = true;
        if saved != *meta || (meta.etag.is_none() && meta.last_modified.is_none()) {
            return None;
        }
        let len = std::fs::metadata(&self.data).ok()?.len();
        (len > 0 && len < meta.size).then_some(len)
    }

    pub(super) fn remove(&mut self) {
        let _ = std::fs::remove_file(&self.data);
        self.placed();
    }

    /// The data file was renamed into place: only the sidecar, if any, is left to remove.
    pub(super) fn placed(&mut self) {
        if self.meta_written {
            let _ = std::fs::remove_file(&self.meta);
            self.meta_written = false;
        }
        self.armed = false;
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.armed {
            self.remove();
        }
    }
}

/// The URL without its query (which holds the signature) and fragment.
pub(super) fn source_id(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// The chunking of a parallel download and its progress, as kept in the sidecar.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct Chunks {
    /// Bytes per chunk (the last one may be shorter).
    pub(super) chunk_size: u64,
    /// Indexes of the chunks that are on disk, ascending.
    pub(super) done: Vec<u64>,
}
