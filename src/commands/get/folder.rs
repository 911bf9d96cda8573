//! `s3share get s3://bucket/prefix/ -o DIR/` and `s3share get '<folder page link>' -o DIR/`:
//! every object under a prefix (listed, paginated) or in a folder page's manifest, each with the
//! guarantees of a single `get` (atomic, resumable, verified), several at once.
//!
//! A re-run fetches only what is missing or changed: a finished file gets the object's
//! Last-Modified as its own, and a file of the same size and time is left alone (never the size
//! alone: an object without a time is fetched again when s3share left its file). The same promise
//! as a single `get`: a local file s3share did not leave as it is (edited since, or there before)
//! is kept unless `--force`; a symlink is replaced, never written through, and a symlinked
//! folder is never entered; on a case-insensitive disk, keys that differ only in case are
//! refused rather than written to one file. A key that would land outside DIR is refused and
//! reported, never written; the others go on, and the command ends non-zero naming what was
//! refused, kept or failed.

use std::path::Path;
use std::time::SystemTime;

use anyhow::Result;
use futures_util::StreamExt;

use crate::error::{is_interrupted, ExitKind, Failure};
use crate::output::Output;
use crate::settings::Settings;
use crate::terminal::escape;
use crate::transfer::download::{self, Destination, Options, Parallel, Source};
use crate::transfer::durable::sync_folder;
use crate::transfer::folder_record::{FolderRecord, Found};
use crate::transfer::interrupt::Interrupt;
use crate::transfer::local_path::{
    case_collisions, case_insensitive, local_path, symlink_in_the_way,
};
use crate::transfer::progress::{Bar, FolderProgress};
use crate::transfer::small_files_in_flight;

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
    /// Its CRC-32, where a folder page gives it (for `--zip`).
    pub crc32: Option<u32>,
}

/// How one file went.
enum Outcome {
    /// Downloaded: its size, and the time it was left with.
    Fetched(u64, Option<SystemTime>),
    AlreadyThere,
    /// A local file s3share did not leave that way, kept (no `--force`).
    Kept,
    Refused(String),
    Failed(anyhow::Error),
    /// Not started, or stopped, because of Ctrl-C.
    Interrupted,
}

/// The folder a folder download goes to without `-o`: the last segment of `bucket/prefix/`
/// (the bucket's name for a whole bucket), made safe as a file name (a page may say anything).
pub fn default_name(bucket_and_prefix: &str) -> String {
    let last = bucket_and_prefix
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    crate::file_name::safe_file_name(last).unwrap_or_else(|| "download".to_owned())
}

/// Makes the folder a download goes to (and those above it).
pub fn create_dir(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::new(
            ExitKind::Failure,
            format!("cannot create {}: {e}", dir.display()),
        )
        .hint("choose a writable place with -o")
    })
}

/// Downloads `items` into `dir`; `force` replaces local files s3share did not leave.
pub async fn run(
    items: Vec<Item>,
    dir: &Path,
    force: bool,
    settings: &Settings,
    out: &Output,
) -> Result<()> {
    create_dir(dir)?;
    let total = items.len();
    let mut left = FolderRecord::load(dir);
    let outcomes = fetch_all(items, dir, force, &left, settings, out).await;
    report(outcomes, total, dir, &mut left, out).await
}

/// Fetches every item (small ones many at once, large ones one after the other in parallel
/// chunks), except what is refused, kept or already there; each file's outcome by its path.
async fn fetch_all(
    items: Vec<Item>,
    dir: &Path,
    force: bool,
    known: &FolderRecord,
    settings: &Settings,
    out: &Output,
) -> Vec<(String, Outcome)> {
    let total = items.len();
    let folders = &Folders::default();
    let (items, mut outcomes) = refuse_case_collisions(items, dir);
    let threshold = settings.multipart_threshold.value;
    let concurrency = settings.concurrency.value.max(1);
    // Small files go many at once, each in one stream; large ones one after the other, each in
    // `concurrency` parallel chunks.
    let (small, large): (Vec<Item>, Vec<Item>) =
        items.into_iter().partition(|i| i.size < threshold);
    let small_in_flight = small_files_in_flight(small.iter().map(|i| i.size), concurrency);
    let progress = FolderProgress::new(
        out,
        total,
        // A page's sizes are whatever its writer put there: summed without overflow.
        small
            .iter()
            .chain(&large)
            .fold(0u64, |sum, i| sum.saturating_add(i.size)),
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
        let place = Place {
            dir,
            left: known,
            force,
            folders,
        };
        let (relative, outcome) = fetch(item, &place, threshold, chunks, out, progress.bar()).await;
        let outcome = match outcome {
            Outcome::Failed(error) if is_interrupted(&error) => Outcome::Interrupted,
            other => other,
        };
        // A file already there moved no bytes; count them now, as the folder is that much done.
        let moved = !matches!(outcome, Outcome::AlreadyThere);
        progress.file_done(if moved { 0 } else { size });
        (relative, outcome)
    };
    let fetched: Vec<(String, Outcome)> = futures_util::stream::iter(small)
        .map(|item| one(item, 1))
        .buffer_unordered(small_in_flight)
        .collect()
        .await;
    outcomes.extend(fetched);
    for item in large {
        outcomes.push(one(item, concurrency).await);
    }
    progress.finish();
    outcomes
}

/// Puts what arrived on disk, notes it for the next run, and says what happened: one line of
/// counts, one for files kept, a warning per refusal or failure; fails naming what did not
/// arrive.
async fn report(
    outcomes: Vec<(String, Outcome)>,
    total: usize,
    dir: &Path,
    left: &mut FolderRecord,
    out: &Output,
) -> Result<()> {
    let (mut fetched, mut bytes, mut there, mut interrupted) = (0, 0, 0, false);
    let (mut problems, mut kept, mut written) = (Vec::new(), Vec::new(), Vec::new());
    for (relative, outcome) in outcomes {
        match outcome {
            Outcome::Interrupted => interrupted = true,
            Outcome::Fetched(size, modified) => {
                fetched += 1;
                bytes = size.saturating_add(bytes);
                written.extend(local_path(dir, &relative).ok());
                if let Some(modified) = modified {
                    left.finished(&relative, size, modified);
                }
            }
            Outcome::AlreadyThere => there += 1,
            Outcome::Kept => kept.push(escape(&relative).into_owned()),
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
    // Every file on disk before anything is reported as downloaded.
    sync_folder(dir, written).await.map_err(|e| {
        Failure::new(
            ExitKind::Failure,
            format!("cannot put the downloaded files on disk: {e}"),
        )
        .hint("check the disk, then run the same command again")
    })?;
    if let Err(why) = left.save() {
        out.warn(&format!(
            "{why}; the next run will keep those files rather than update them"
        ));
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
    if !kept.is_empty() {
        out.warn(&format!(
            "kept {} local file{} that differ{} from the bucket and that s3share did not leave \
             that way (edited, or there before): {}",
            kept.len(),
            if kept.len() == 1 { "" } else { "s" },
            if kept.len() == 1 { "s" } else { "" },
            first_five(&kept)
        ));
    }
    if !problems.is_empty() || !kept.is_empty() {
        let mut shown: Vec<String> = problems.iter().map(|p| escape(p).into_owned()).collect();
        shown.extend(kept.iter().cloned());
        if problems.is_empty() {
            return Err(Failure::files_not("downloaded", &shown, total)
                .hint("those files were kept; --force replaces them with the bucket's")
                .into());
        }
        return Err(Failure::files_not("downloaded", &shown, total)
            .hint("the warnings above say why; run the same command again to retry what failed")
            .into());
    }
    Ok(())
}

/// Where the files go, and what may be replaced there.
struct Place<'a> {
    dir: &'a Path,
    left: &'a FolderRecord,
    force: bool,
    folders: &'a Folders,
}

/// The folders created so far: each is created once, not once a file.
#[derive(Default)]
struct Folders(std::sync::Mutex<std::collections::HashSet<std::path::PathBuf>>);

impl Folders {
    fn create(&self, folder: &Path) -> Result<(), Failure> {
        let mut created = self.0.lock().expect("not poisoned");
        if created.contains(folder) {
            return Ok(());
        }
        std::fs::create_dir_all(folder).map_err(|e| {
            Failure::new(
                ExitKind::Failure,
                format!("cannot create {}: {e}", folder.display()),
            )
        })?;
        created.insert(folder.to_owned());
        Ok(())
    }
}

async fn fetch(
    item: Item,
    place: &Place<'_>,
    threshold: u64,
    chunks: usize,
    out: &Output,
    folder: &Bar,
) -> (String, Outcome) {
    let path = match local_path(place.dir, &item.relative) {
        Ok(path) => path,
        Err(why) => return (item.relative, Outcome::Refused(why)),
    };
    if let Some(link) = symlink_in_the_way(place.dir, &item.relative) {
        let why = format!(
            "{} is a symlink; s3share does not write through it",
            link.display()
        );
        return (item.relative, Outcome::Refused(why));
    }
    if unchanged(&path, item.size, item.modified) {
        return (item.relative, Outcome::AlreadyThere);
    }
    if place.left.found(&item.relative, &path) == Found::Theirs && !place.force {
        return (item.relative, Outcome::Kept);
    }
    let result = async {
        if let Some(parent) = path.parent() {
            place.folders.create(parent)?;
        }
        let options = Options {
            // Decided above: nothing there, a symlink, a file s3share left, or --force.
            force: true,
            out,
            parallel: Parallel {
                threshold,
                concurrency: chunks,
            },
            folder: Some(folder),
            // The whole folder goes to disk at the end, in one step.
            sync_each: false,
            modified: item.modified,
        };
        let saved =
            download::download(&item.source, &Destination::File(path.clone()), &options).await?;
        // The time as the disk keeps it (a coarse file system rounds the object's), or, without
        // the object's, the file's own: what the record remembers it by.
        let left_at = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .or(item.modified);
        anyhow::Ok((saved.size, left_at))
    }
    .await;
    match result {
        Ok((size, left_at)) => (item.relative, Outcome::Fetched(size, left_at)),
        Err(error) => (item.relative, Outcome::Failed(error)),
    }
}

/// On a case-insensitive disk, the items whose path differs only in case from an earlier one's
/// are refused before anything starts (they would share one file, and one partial file).
fn refuse_case_collisions(items: Vec<Item>, dir: &Path) -> (Vec<Item>, Vec<(String, Outcome)>) {
    if !case_insensitive(dir) {
        return (items, Vec::new());
    }
    let relatives: Vec<&str> = items.iter().map(|i| i.relative.as_str()).collect();
    let collisions = case_collisions(&relatives);
    let refused: std::collections::HashMap<usize, String> = collisions
        .into_iter()
        .map(|(index, first)| {
            let why = format!(
                "this disk cannot tell it from {}, which differs only in case",
                escape(&items[first].relative)
            );
            (index, why)
        })
        .collect();
    let mut kept = Vec::with_capacity(items.len());
    let mut outcomes = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        match refused.get(&index) {
            Some(why) => outcomes.push((item.relative, Outcome::Refused(why.clone()))),
            None => kept.push(item),
        }
    }
    (kept, outcomes)
}

/// The first five of `names`, and how many more.
fn first_five(names: &[String]) -> String {
    let mut shown = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        shown.push_str(&format!(" and {} more", names.len() - 5));
    }
    shown
}

/// Whether `path` already holds this object: a file (not a symlink) of the same size and the
/// same time. Without the object's time nothing is known: the same size is no proof (an edit
/// may keep it), so the file is fetched again if s3share left it, and kept if not.
pub fn unchanged(path: &Path, size: u64, modified: Option<SystemTime>) -> bool {
    let (Some(object), Ok(meta)) = (modified, std::fs::symlink_metadata(path)) else {
        return false;
    };
    // Exactly: the time set from a Last-Modified has no fraction of a second, an edit has.
    meta.is_file() && meta.len() == size && meta.modified().is_ok_and(|file| file == object)
}
