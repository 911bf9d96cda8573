//! What a download is: its source, its destination, the caller's choices and the result.

use std::path::{Path, PathBuf};

use crate::transfer::progress::Bar;
use url::Url;

use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::transfer::progress::FileProgress;

/// Name used when neither the server nor the URL suggests one.
pub(super) const FALLBACK_NAME: &str = "download";

/// What to download.
#[derive(Clone)]
pub struct Source {
    /// The URL to GET, signature included (never printed whole).
    pub url: Url,
    /// The object, when the user named it as s3:// (errors are then worded in S3 terms).
    pub location: Option<ObjectLocation>,
}

/// Where the bytes go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (`-o -`).
    Stdout,
    /// Exactly this file.
    File(PathBuf),
    /// A file in this directory, named by the server's Content-Disposition or the key.
    Dir(PathBuf),
}

impl Destination {
    /// The destination `-o` asks for: `-`, a directory, or a file (the current directory if none).
    pub fn from_output(output: Option<&Path>) -> Result<Destination, Failure> {
        let Some(path) = output else {
            return Ok(Destination::Dir(PathBuf::new()));
        };
        if path.as_os_str() == "-" {
            return Ok(Destination::Stdout);
        }
        let names_dir = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
        if path.is_dir() {
            return Ok(Destination::Dir(path.to_owned()));
        }
        let dir = if names_dir {
            path
        } else {
            path.parent().unwrap_or(Path::new(""))
        };
        if !dir.as_os_str().is_empty() && !dir.is_dir() {
            return Err(Failure::new(
                ExitKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            )
            .hint("create it first, or choose another place with -o"));
        }
        Ok(Destination::File(path.to_owned()))
    }
}

/// Choices the caller made.
pub struct Options<'a> {
    /// Replace an existing file.
    pub force: bool,
    /// Where progress bars go (and whether to draw them).
    pub out: &'a Output,
    /// When and how wide to download in parallel chunks.
    pub parallel: Parallel,
    /// A folder's bar to count on, instead of a bar of the download's own.
    pub folder: Option<&'a Bar>,
}

/// Parallel ranged downloads of large objects.
#[derive(Clone, Copy, Debug)]
pub struct Parallel {
    /// Objects of at least this many bytes are fetched in chunks (when going to a file).
    pub threshold: u64,
    /// How many chunks are fetched at once.
    pub concurrency: usize,
}

/// What was downloaded.
pub struct Saved {
    /// The file written, `None` for stdout.
    pub path: Option<PathBuf>,
    /// The object's size in bytes.
    pub size: u64,
    /// Bytes that were already there from an interrupted run.
    pub resumed_from: u64,
}

/// Fails if `path` exists and may not be replaced.
pub fn refuse_existing(path: &Path, force: bool) -> Result<(), Failure> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

pub(super) fn exists(path: &Path) -> Failure {
    Failure::new(
        ExitKind::Failure,
        format!("{} already exists", path.display()),
    )
    .hint("use --force to replace it, or -o to choose another name")
}

/// The progress of a download of `size` bytes, `position` of them already there: a bar of its
/// own, or its share of the folder's.
pub(super) fn progress_bar(
    options: &Options<'_>,
    size: u64,
    position: u64,
    label: &str,
) -> FileProgress {
    FileProgress::new(options.out, options.folder, size, position, label)
}
