//! `s3share get FOLDER --zip OUT.zip`: a folder (a folder page's link, or s3://bucket/prefix/)
//! as one store-only zip ([`crate::zip`]), or `--zip -` to standard output.
//!
//! Each file comes down the download path a single `get` takes (retries, parallel chunks,
//! verification against the server's checksums) into a private scratch folder, and is copied into
//! the archive in the listing's order as soon as it is complete, while the next ones download;
//! its scratch copy goes at once. The archive is written to a hidden file next to OUT.zip and
//! renamed into place only when complete: a failure or Ctrl-C leaves nothing half-written. Its
//! times are the listing's Last-Modified (UTC), so the same folder gives the same bytes.

use std::path::Path;
use std::time::SystemTime;

use anyhow::{Context, Result};
use futures_util::StreamExt;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, BufWriter};

use crate::error::{ExitKind, Failure};
use crate::output::stdout::StdoutWriter;
use crate::output::Output;
use crate::settings::Settings;
use crate::terminal::escape;
use crate::transfer::download::{self, Destination, Options, Parallel};
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress::FolderProgress;
use crate::zip::{self, AsyncZipWriter, Change, Entry, ZipError};

use super::folder::Item;

/// The time of an entry whose listing gave none: 1980-01-01, the first a zip can hold.
const NO_TIME: i64 = 315_532_800;

/// Writes `items` as one zip to `target` (`-`: standard output); `refused` are files of a page
/// that were left out already, reported with the names the archive could not hold.
pub async fn run(
    items: Vec<Item>,
    mut refused: Vec<String>,
    target: &Path,
    force: bool,
    settings: &Settings,
    out: &Output,
) -> Result<()> {
    let total = items.len() + refused.len();
    let (items, entries) = plan(items, &mut refused, out);
    let length = zip::predicted_len(&entries);
    let count = entries.len();
    let to_stdout = target.as_os_str() == "-";
    if to_stdout {
        let scratch = tempfile::tempdir().context("cannot create a scratch folder")?;
        let stdout = BufWriter::with_capacity(1 << 20, StdoutWriter::new(tokio::io::stdout()));
        write(items, entries, stdout, scratch.path(), settings, out).await?;
    } else {
        download::refuse_existing(target, force)?;
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let unwritable = |e: std::io::Error| {
            Failure::new(
                ExitKind::Failure,
                format!("cannot write in {}: {e}", dir.display()),
            )
            .hint("choose a writable place for --zip")
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".s3share-zip-").suffix(".partial");
        // The mode any new file gets (0644 under the usual umask), not a temporary file's 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let partial = builder.tempfile_in(dir).map_err(unwritable)?;
        let scratch = tempfile::Builder::new()
            .prefix(".s3share-zip-")
            .tempdir_in(dir)
            .map_err(unwritable)?;
        let file = tokio::fs::File::from_std(partial.reopen()?);
        let file = BufWriter::with_capacity(1 << 20, file);
        let file = write(items, entries, file, scratch.path(), settings, out).await?;
        file.into_inner().sync_all().await?;
        let written = std::fs::metadata(partial.path())?.len();
        if written != length {
            return Err(Failure::new(
                ExitKind::Integrity,
                format!("the archive has {written} bytes where {length} were predicted"),
            )
            .into());
        }
        let placed = if force {
            partial.persist(target)
        } else {
            partial.persist_noclobber(target)
        };
        placed.map_err(|e| {
            Failure::new(
                ExitKind::Failure,
                format!("cannot save {}: {}", target.display(), e.error),
            )
        })?;
        out.note(&format!(
            "Saved {} ({}, {} files)",
            target.display(),
            crate::human::size(length),
            count
        ));
    }
    if !refused.is_empty() {
        return Err(Failure::files_not("put in the archive", &refused, total)
            .hint("their names cannot be extracted safely, or their links lead out of the page's bucket")
            .into());
    }
    Ok(())
}

/// The entries for `items`, names made safe (what changed is said), times from the listing;
/// the items left, in the same order.
fn plan(items: Vec<Item>, refused: &mut Vec<String>, out: &Output) -> (Vec<Item>, Vec<Entry>) {
    let (names, changes) = zip::plan(
        &items
            .iter()
            .map(|i| i.relative.as_str())
            .collect::<Vec<_>>(),
    );
    for change in changes {
        match change {
            Change::Renamed { from, to, why } => out.warn(&format!(
                "{} is {} in the archive: {}",
                escape(&from),
                escape(&to),
                why.describe()
            )),
            Change::Refused { name, why } => {
                out.warn(&format!(
                    "left {} out of the archive: {}",
                    escape(&name),
                    why.describe()
                ));
                refused.push(escape(&name).into_owned());
            }
        }
    }
    items
        .into_iter()
        .zip(names)
        .filter_map(|(item, name)| {
            let modified = item.modified.map_or(NO_TIME, unix_seconds);
            // A key ending in `/` (a folder marker) is an empty folder.
            let name = name?;
            let entry = match name.ends_with('/') {
                true => Entry::dir(name, modified),
                false => Entry::file(name, modified, item.size, item.crc32),
            };
            Some((item, entry))
        })
        .unzip()
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

/// Downloads `items` into `scratch` (several at once, in order) and copies each into the archive
/// written to `output`, which it gives back flushed.
async fn write<W: AsyncWrite + Unpin>(
    items: Vec<Item>,
    entries: Vec<Entry>,
    output: W,
    scratch: &Path,
    settings: &Settings,
    out: &Output,
) -> Result<W> {
    let concurrency = settings.concurrency.value.max(1);
    let progress = FolderProgress::new(out, items.len(), items.iter().map(|i| i.size).sum(), "zip");
    let options = Options {
        force: true,
        out,
        parallel: Parallel {
            threshold: settings.multipart_threshold.value,
            concurrency,
        },
        folder: Some(progress.bar()),
        sync_each: false,
        modified: None,
    };
    let interrupt = Interrupt::listen();
    let options = &options;
    let fetched = futures_util::stream::iter(items.into_iter().enumerate())
        .map(|(index, item)| async move {
            let path = scratch.join(index.to_string());
            let saved = download::download(&item.source, &Destination::File(path.clone()), options)
                .await
                .with_context(|| format!("{}", escape(&item.relative)))?;
            anyhow::Ok((path, saved.size))
        })
        .buffered(concurrency);
    futures_util::pin_mut!(fetched);
    let mut zip = AsyncZipWriter::new(output);
    for entry in entries {
        let (path, _) = fetched.next().await.expect("one download per entry")?;
        if interrupt.pressed() {
            return Err(Interrupt::failure("the archive was not written").into());
        }
        let name = entry.name.clone();
        zip.begin(entry).await.map_err(zip_failure)?;
        let file = tokio::fs::File::open(&path).await?;
        copy(file, &mut zip)
            .await
            .map_err(|e| zip_failure(e).context(escape(&name).into_owned()))?;
        zip.end().await.map_err(zip_failure)?;
        tokio::fs::remove_file(&path).await?;
        progress.file_done(0);
    }
    progress.finish();
    zip.finish().await.map_err(zip_failure)
}

/// Copies a file's bytes into the open entry.
async fn copy<W: AsyncWrite + Unpin>(
    mut file: impl AsyncRead + Unpin,
    zip: &mut AsyncZipWriter<W>,
) -> Result<(), ZipError> {
    let mut buffer = vec![0; 1 << 20];
    loop {
        let n = file.read(&mut buffer).await?;
        if n == 0 {
            return Ok(());
        }
        zip.data(&buffer[..n]).await?;
    }
}

/// A writer's error as the command reports it: a file that changed size or content since it was
/// listed is an integrity failure.
fn zip_failure(error: ZipError) -> anyhow::Error {
    match error {
        ZipError::Size { .. } | ZipError::Crc { .. } => {
            Failure::new(ExitKind::Integrity, error.to_string())
                .hint("the folder changed while it was read; run the same command again")
                .into()
        }
        ZipError::Io(e) => anyhow::Error::new(e).context("cannot write the archive"),
        other => other.into(),
    }
}
