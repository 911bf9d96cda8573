//! `s3share request --watch`: stays after the link is printed and reports each file as it
//! arrives, until the request expires, Ctrl-C, or `--count` files.
//!
//! Arrivals are seen by listing the prefix, with backoff while nothing comes (2 s, doubling to
//! 30 s; back to 2 s after each arrival): every S3-compatible store can list, and no lock or
//! long request is held. s3share's own space is never listed as an arrival. With `--into`, each
//! arrival is downloaded the way `get s3://…/ -o DIR/` downloads a folder (verified, atomic,
//! resumable, names made safe); a file already saved (same size and time as its object, on
//! disk) is not fetched again, so a restarted watch decides from the disk, not from memory.
//! The files one listing finds are told to the desktop in one notification (`output::notify`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use crate::cli::WatchArgs;
use crate::commands::common::encrypted_request;
use crate::commands::get::folder::{self, unchanged, Item};
use crate::error::{find_failure, is_interrupted, ExitKind, Failure};
use crate::expiry::timestamp;
use crate::location::ObjectLocation;
use crate::output::notify::Notifier;
use crate::output::Output;
use crate::s3::list::{self, Listed};
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::terminal::escape;
use crate::transfer::download::Signer;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::local_path::local_path;

use super::arrival::{notice, Arrival, Reporter};
use super::watched::{relative, Baseline, Watched};

/// The first wait between two listings, and the wait after each arrival.
const FIRST_WAIT: Duration = Duration::from_secs(2);
/// How much longer than the first wait the longest one is (30 s for 2 s).
const LONGEST_FACTOR: u32 = 15;
/// An upload that started before the request expired may still be completing: the last listing
/// is made this long after the expiry.
const LAST_LOOK_AFTER: Duration = Duration::from_secs(2);

/// Before anything is made: `--into DIR` must be a folder s3share can write into.
pub fn check_into(args: &WatchArgs) -> Result<(), Failure> {
    let Some(dir) = &args.into else {
        return Ok(());
    };
    let cannot = |e: std::io::Error| {
        Failure::new(
            ExitKind::Failure,
            format!("cannot save arrivals into {}: {e}", dir.display()),
        )
        .hint("give --into a folder you can write to")
    };
    std::fs::create_dir_all(dir).map_err(cannot)?;
    let probe = dir.join(format!(".s3share-watch-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(cannot)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Watches `watched` until it expires, Ctrl-C (exit 130) or `--count` files.
pub async fn watch(
    watched: &Watched,
    args: &WatchArgs,
    context: Arc<S3Context>,
    settings: &Settings,
    out: &mut Output,
) -> Result<()> {
    let prefix = ObjectLocation::new(&watched.bucket, &watched.listed)?;
    let signer = Arc::new(Signer::new(context.clone()));
    let interrupt = Interrupt::listen();
    let mut backoff = Backoff::new(args.watch_interval.unwrap_or(FIRST_WAIT));
    let status = Status::new(out.show_progress());
    let mut reporter = Reporter::new(args.exec.clone());
    let mut notifier = Notifier::new(!args.no_notify, out);
    let mut seen: HashSet<(String, Option<String>)> = HashSet::new();
    let mut first = true;
    let mut already = 0;
    let mut network_warned = false;
    out.flush()?;
    out.note(&format!(
        "Watching {prefix} for files until {}{} (Ctrl-C stops; come back with: {}).",
        timestamp(watched.expires_at),
        match &args.into {
            Some(dir) => format!(", saving them into {}", dir.display()),
            None => String::new(),
        },
        watched.resume_command()
    ));
    loop {
        let expired = SystemTime::now() >= watched.expires_at;
        let listed = match list::folder(&context.client, &prefix).await {
            Ok(folder) => {
                network_warned = false;
                folder.objects
            }
            Err(error) => {
                status.clear();
                transient(error, watched, &context, &mut network_warned, out)?;
                pause(backoff.idle(), watched, &interrupt, &status, &reporter).await?;
                continue;
            }
        };
        // An encrypted upload arrives when its manifest does; its chunks are not arrivals.
        let (parts, mut listed) = encrypted_request::split(listed);
        listed.extend(
            parts
                .iter()
                .filter(|o| encrypted_request::is_manifest(o))
                .cloned(),
        );
        let mut new: Vec<Listed> = Vec::new();
        for object in listed {
            if seen.contains(&(object.key.clone(), object.etag.clone())) {
                continue;
            }
            let counts = match watched.baseline {
                Baseline::FirstListing => !first,
                Baseline::Since(since) => object.modified.is_none_or(|m| m >= since),
                Baseline::Everything => true,
            };
            if !counts {
                seen.insert((object.key.clone(), object.etag.clone()));
                continue;
            }
            if let Some(dir) = &args.into {
                if already_saved(&object, dir, watched) {
                    seen.insert((object.key.clone(), object.etag.clone()));
                    already += 1;
                    continue;
                }
            }
            new.push(object);
        }
        first = false;
        if already > 0 {
            out.note(&format!(
                "{already} file{} already saved in {}; not fetched again.",
                if already == 1 { " was" } else { "s were" },
                args.into.as_deref().unwrap_or(Path::new(".")).display()
            ));
            already = 0;
        }
        new.sort_by(|a, b| (a.modified, &a.key).cmp(&(b.modified, &b.key)));
        if let Some(count) = args.count {
            new.truncate(usize::try_from(count - reporter.files.min(count)).unwrap_or(usize::MAX));
        }
        if new.is_empty() {
            backoff.idle();
        } else {
            status.clear();
            backoff.arrived();
            seen.extend(new.iter().map(|o| (o.key.clone(), o.etag.clone())));
            let saved = match &args.into {
                Some(dir) => {
                    save(
                        &new,
                        &parts,
                        dir,
                        args.force,
                        watched,
                        (&signer, &context),
                        settings,
                        out,
                    )
                    .await?
                }
                None => new.iter().map(|_| None).collect(),
            };
            let mut arrivals = Vec::with_capacity(new.len());
            for (object, saved) in new.into_iter().zip(saved) {
                let encrypted = encrypted_request::is_manifest(&object);
                let object = match encrypted {
                    // Its size is its ciphertext's: what the bucket shows of it.
                    true => Listed {
                        size: encrypted_request::parts_of(&object, &parts)
                            .iter()
                            .filter(|o| !encrypted_request::is_manifest(o))
                            .map(|o| o.size)
                            .sum(),
                        ..object
                    },
                    false => object,
                };
                let mut arrival = Arrival::new(object, watched, saved);
                if encrypted {
                    arrival.name = match &arrival.saved {
                        Some(path) => path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        None => "an encrypted upload".to_owned(),
                    };
                }
                arrivals.push(arrival);
            }
            for arrival in &arrivals {
                reporter.report(arrival, args.into.is_some(), out).await?;
            }
            if let Some(notice) = notice(&arrivals) {
                notifier.show(&notice, out).await;
            }
        }
        if args.count.is_some_and(|count| reporter.files >= count) {
            status.clear();
            out.note(&format!("{} arrived: done (--count).", reporter.summary()));
            return Ok(());
        }
        if expired {
            status.clear();
            out.note(&format!(
                "The request expired at {}: nothing more can arrive. {} arrived while watching.",
                timestamp(watched.expires_at),
                reporter.summary()
            ));
            return Ok(());
        }
        let wait = backoff.next.min(
            (watched.expires_at + LAST_LOOK_AFTER)
                .duration_since(SystemTime::now())
                .unwrap_or_default(),
        );
        pause(wait, watched, &interrupt, &status, &reporter).await?;
    }
}

/// Whether an earlier watch (or `get`) saved `object` in `dir` already: a file of its size and
/// time where it would be saved. Decided from the disk, so a restarted watch fetches nothing
/// twice.
fn already_saved(object: &Listed, dir: &Path, watched: &Watched) -> bool {
    local_path(dir, relative(object, watched))
        .is_ok_and(|path| unchanged(&path, object.size, object.modified))
}

/// Downloads the arrivals into `dir` as `get` downloads a folder; where each was saved, in
/// order (none when it could not be: the warnings said why).
#[allow(clippy::too_many_arguments)] // Each is one fact of the watch.
async fn save(
    new: &[Listed],
    parts: &[Listed],
    dir: &Path,
    force: bool,
    watched: &Watched,
    (signer, context): (&Arc<Signer>, &S3Context),
    settings: &Settings,
    out: &Output,
) -> Result<Vec<Option<PathBuf>>> {
    let opened = open_encrypted(new, parts, dir, watched, context, settings, out).await?;
    let mut items = Vec::with_capacity(new.len());
    for object in new.iter().filter(|o| !encrypted_request::is_manifest(o)) {
        items.push(Item {
            source: signer
                .source(ObjectLocation::new(&watched.bucket, &object.key)?)
                .await?,
            relative: relative(object, watched).to_owned(),
            size: object.size,
            modified: object.modified,
            crc32: None,
        });
    }
    if !items.is_empty() {
        if let Err(error) = folder::run(items, dir, force, settings, out).await {
            if is_interrupted(&error) {
                return Err(error);
            }
            out.warn(&format!("{error}; the watch goes on"));
        }
    }
    Ok(new
        .iter()
        .map(|object| match encrypted_request::is_manifest(object) {
            true => opened
                .iter()
                .find(|(key, _)| *key == object.key)
                .map(|(_, p)| p.clone()),
            false => local_path(dir, relative(object, watched))
                .ok()
                .filter(|path| unchanged(path, object.size, object.modified)),
        })
        .collect())
}

/// Opens the encrypted uploads among `new` (their manifests) into `dir`: where each was saved,
/// by its manifest's key. What could not be opened is warned about, and the watch goes on.
async fn open_encrypted(
    new: &[Listed],
    parts: &[Listed],
    dir: &Path,
    watched: &Watched,
    context: &S3Context,
    settings: &Settings,
    out: &Output,
) -> Result<Vec<(String, PathBuf)>> {
    let manifests: Vec<&Listed> = new
        .iter()
        .filter(|o| encrypted_request::is_manifest(o))
        .collect();
    if manifests.is_empty() {
        return Ok(Vec::new());
    }
    let key = match crate::commands::key::key_path(settings)
        .and_then(|path| encrypted_request::local_key(&path))
    {
        Ok(key) => key,
        Err(failure) => {
            out.warn(&format!("{}; the watch goes on", failure.message));
            return Ok(Vec::new());
        }
    };
    let mut saved = Vec::new();
    for manifest in manifests {
        let these = encrypted_request::parts_of(manifest, parts);
        let opened =
            encrypted_request::open_all(&context.client, &watched.bucket, these, dir, &key, out)
                .await?;
        saved.extend(
            opened
                .saved
                .into_iter()
                .chain(opened.present)
                .map(|(_, path)| (manifest.key.clone(), path)),
        );
    }
    Ok(saved)
}

/// A listing that failed: the network is tried again (said once); a refusal, or credentials
/// that cannot be renewed, end the watch with the fix and how to come back to it.
fn transient(
    error: anyhow::Error,
    watched: &Watched,
    context: &S3Context,
    warned: &mut bool,
    out: &Output,
) -> Result<()> {
    let Some(failure) = find_failure(&error) else {
        return Err(error);
    };
    match failure.kind {
        ExitKind::Network => {
            if !*warned {
                out.warn(&format!(
                    "{}; the watch tries again",
                    escape(&failure.message)
                ));
                *warned = true;
            }
            Ok(())
        }
        ExitKind::Denied => {
            let expired = context.credentials.expiry();
            if let Some(at) = expired.filter(|at| *at <= SystemTime::now()) {
                return Err(Failure::new(
                    ExitKind::Denied,
                    format!(
                        "your credentials expired at {}: the watch cannot list the bucket any more",
                        timestamp(at)
                    ),
                )
                .hint(format!(
                    "renew them (e.g. aws sso login), then come back: {}",
                    watched.resume_command()
                ))
                .into());
            }
            Err(stopped(
                failure,
                "if your credentials expired, renew them (e.g. aws sso login)",
                watched,
            ))
        }
        // The credentials could not be renewed (an SSO session ended).
        ExitKind::Config => Err(stopped(
            failure,
            "renew your credentials (e.g. aws sso login)",
            watched,
        )),
        _ => Err(error),
    }
}

/// `failure` ending the watch: its fix (or `fix`), then the way back.
fn stopped(failure: &Failure, fix: &str, watched: &Watched) -> anyhow::Error {
    Failure::new(
        failure.kind,
        format!("{}: the watch stopped", failure.message),
    )
    .hint(format!(
        "{}; then come back: {}",
        failure.hint.as_deref().unwrap_or(fix),
        watched.resume_command()
    ))
    .into()
}

/// Waits `wait`, showing the status; Ctrl-C ends the watch (exit 130).
async fn pause(
    wait: Duration,
    watched: &Watched,
    interrupt: &Interrupt,
    status: &Status,
    reporter: &Reporter,
) -> Result<()> {
    let until = Instant::now() + wait;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        status.show(reporter, left);
        tokio::select! {
            () = interrupt.wait() => {
                status.clear();
                return Err(Interrupt::failure(format!(
                    "the watch stopped; {} arrived",
                    reporter.summary()
                ))
                .hint(format!("come back to it: {}", watched.resume_command()))
                .into());
            }
            () = tokio::time::sleep(left.min(Duration::from_secs(1))) => {}
        }
    }
}

/// The wait before the next listing: the first after an arrival, doubling while idle.
struct Backoff {
    first: Duration,
    longest: Duration,
    next: Duration,
}

impl Backoff {
    fn new(first: Duration) -> Backoff {
        Backoff {
            first,
            longest: first * LONGEST_FACTOR,
            next: first,
        }
    }

    /// Nothing new: wait longer next time. Returns the wait before the next listing.
    fn idle(&mut self) -> Duration {
        let wait = self.next;
        self.next = (self.next * 2).min(self.longest);
        wait
    }

    /// Something arrived: look again soon.
    fn arrived(&mut self) {
        self.next = self.first;
    }
}

/// The live status line on stderr, for a person at a terminal only.
struct Status {
    on: bool,
    since: SystemTime,
}

impl Status {
    fn new(on: bool) -> Status {
        Status {
            on,
            since: SystemTime::now(),
        }
    }

    fn show(&self, reporter: &Reporter, next: Duration) {
        if !self.on {
            return;
        }
        eprint!(
            "\r\x1b[KWaiting since {} · {} · next look in {} s",
            timestamp(self.since),
            reporter.summary(),
            next.as_secs_f64().ceil()
        );
    }

    fn clear(&self) {
        if self.on {
            eprint!("\r\x1b[K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_thirty_seconds_and_starts_over_after_an_arrival() {
        let mut backoff = Backoff::new(FIRST_WAIT);
        let waits: Vec<u64> = (0..6).map(|_| backoff.idle().as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30]);
        backoff.arrived();
        assert_eq!(backoff.idle().as_secs(), 2);
    }
}
