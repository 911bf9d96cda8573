//! `s3share get s3://bucket/prefix/ -o DIR/` and `s3share get '<folder page link>' -o DIR/`:
//! every object under a prefix (listed, paginated) or in a folder page's manifest, each with the
//! guarantees of a single `get` (atomic, resumable, verified), several at once.
//!
//! A re-run fetches only what is missing or changed: a finished file gets the object's
//! Last-Modified as its own, and a file of the same size and time is left alone. A key that
//! would land outside DIR is refused and reported, never written; the others go on, and the
//! command ends non-zero naming what was refused or failed.

use std::path::Path;
use std::time::SystemTime;

use anyhow::Result;
use futures_util::StreamExt;

use crate::error::{is_interrupted, ExitKind, Failure};
use crate::output::Output;
use crate::settings::Settings;
use crate::terminal::escape;
use crate::transfer::download::{self, Destination, Options, Parallel, Source};
use crate::transfer::folder::local_path;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress::{Bar, FolderProgress};

/// One file of the folder.
pub struct Item {
    /// Where to fetch it.
    pub source: Source,
    /// Its key below the prefix, `/`-separated.
    pub relative: String,
    /// Its size.
    pub size: u64,
    /// Its Last-Modified, where known.
    pub modified: Option<SystemTime>,
}

/// How one file went.
enum Outcome {
    Fetched(u64),
    AlreadyThere,
    Refused(String),
    Failed(anyhow::Error),
    /// Not started, or stopped, because of Ctrl-C.
    Interrupted,
}

/// Downloads `items` into `dir`.
pub async fn run(items: Vec<Item>, dir: &Path, settings: &Settings, out: &Output) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::new(
            ExitKind::Failure,
            format!("cannot create {}: {e}", dir.display()),
        )
        .hint("choose a writable place with -o")
    })?;
    let total = items.len();
    let threshold = settings.multipart_threshold.value;
    let concurrency = settings.concurrency.value.max(1);
    // Small files go several at once, each in one stream; large ones one after the other, each
    // in parallel chunks: at most `concurrency` requests in flight either way.
    let (small, large): (Vec<Item>, Vec<Item>) =
        items.into_iter().partition(|i| i.size < threshold);
    let progress = FolderProgress::new(
        out,
        total,
        small.iter().chain(&large).map(|i| i.size).sum(),
        &dir.display().to_string(),
    );
    let progress = &progress;
    // Held for the whole folder: after a Ctrl-C, files not yet started are left alone.
    let interrupt = &Interrupt::listen();
    let one = |item: Item, chunks: usize| async move {
        if interrupt.pressed() {
            return (item.relative, Outcome::Interrupted);
        }
        let size = item.size;
        let (relative, outcome) = fetch(item, dir, threshold, chunks, out, progress.bar()).await;
        let outcome = match outcome {
            Outcome::Failed(error) if is_interrupted(&error) => Outcome::Interrupted,
            other => other,
        };
        // A file already there moved no bytes; count them now, as the folder is that much done.
        let moved = !matches!(outcome, Outcome::AlreadyThere);
        progress.file_done(if moved { 0 } else { size });
        (relative, outcome)
    };
    let mut outcomes: Vec<(String, Outcome)> = futures_util::stream::iter(small)
        .map(|item| one(item, 1))
        .buffer_unordered(concurrency)
        .collect()
        .await;
    for item in large {
        outcomes.push(one(item, concurrency).await);
    }
    progress.finish();

    let (mut fetched, mut bytes, mut there, mut interrupted) = (0, 0, 0, false);
    let mut problems = Vec::new();
    for (relative, outcome) in outcomes {
        match outcome {
            Outcome::Interrupted => interrupted = true,
            Outcome::Fetched(size) => {
                fetched += 1;
                bytes += size;
            }
            Outcome::AlreadyThere => there += 1,
            Outcome::Refused(why) => {
                out.warn(&format!("refused {}: {why}", escape(&relative)));
                problems.push(relative);
            }
            Outcome::Failed(error) => {
                out.warn(&format!(
                    "could not download {}: {error:#}",
                    escape(&relative)
                ));
                problems.push(relative);
            }
        }
    }
    out.note(&format!(
        "{fetched} of {total} file{} downloaded ({}) into {}{}{}.",
        if total == 1 { "" } else { "s" },
        crate::human::size(bytes),
        dir.display(),
        if there > 0 {
            format!(", {there} already there")
        } else {
            String::new()
        },
        if problems.is_empty() {
            String::new()
        } else {
            format!(", {} not", problems.len())
        }
    ));
    if interrupted {
        return Err(
            Interrupt::failure(format!("{fetched} of {total} files downloaded"))
                .hint("run the same command again to fetch the rest (partial files resume)")
                .into(),
        );
    }
    if !problems.is_empty() {
        let shown: Vec<String> = problems.iter().map(|p| escape(p).into_owned()).collect();
        return Err(Failure::files_not("downloaded", &shown, total)
            .hint("the warnings above say why; run the same command again to retry what failed")
            .into());
    }
    Ok(())
}

async fn fetch(
    item: Item,
    dir: &Path,
    threshold: u64,
    chunks: usize,
    out: &Output,
    folder: &Bar,
) -> (String, Outcome) {
    let path = match local_path(dir, &item.relative) {
        Ok(path) => path,
        Err(why) => return (item.relative, Outcome::Refused(why)),
    };
    if unchanged(&path, item.size, item.modified) {
        return (item.relative, Outcome::AlreadyThere);
    }
    let result = async {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::new(
                    ExitKind::Failure,
                    format!("cannot create {}: {e}", parent.display()),
                )
            })?;
        }
        let options = Options {
            // A file here from an earlier run of another version of the object is replaced.
            force: true,
            out,
            parallel: Parallel {
                threshold,
                concurrency: chunks,
            },
            folder: Some(folder),
        };
        let saved =
            download::download(&item.source, &Destination::File(path.clone()), &options).await?;
        if let Some(modified) = item.modified {
            let _ = std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(modified));
        }
        anyhow::Ok(saved.size)
    }
    .await;
    match result {
        Ok(size) => (item.relative, Outcome::Fetched(size)),
        Err(error) => (item.relative, Outcome::Failed(error)),
    }
}

/// Whether `path` already holds this object: same size and, where known, same time.
fn unchanged(path: &Path, size: u64, modified: Option<SystemTime>) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let same_time = match (modified, meta.modified()) {
        (Some(object), Ok(file)) => {
            let secs = |t: SystemTime| {
                t.duration_since(SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .ok()
            };
            secs(object) == secs(file)
        }
        (None, _) => true,
        (Some(_), Err(_)) => false,
    };
    meta.is_file() && meta.len() == size && same_time
}
