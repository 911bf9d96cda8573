//! The local history of links s3share printed (README, "What you shared"): one JSON object per
//! line in the platform's data directory (`~/.local/share/s3share/history.jsonl` on Linux),
//! readable only by the user (0600; a file others can read is refused, not used), appended under an exclusive
//! lock so concurrent runs lose nothing. A damaged line is skipped with a warning.
//!
//! Revoking a link appends a line that marks its entry; `--prune` rewrites the file without
//! expired entries.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::error::{ExitKind, Failure};

/// One printed link.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// A short id, for `revoke ID`.
    pub id: String,
    /// When it was printed, RFC 3339.
    pub at: String,
    /// The command that printed it: `share`, `upload`, `presign`, `request`, `share-folder`.
    pub command: String,
    /// The HTTP method of the link.
    pub method: String,
    /// What it points at, `s3://bucket/key` (for a batch: the first of `count`).
    pub location: String,
    /// The link itself; none for a batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<crate::redacted::SignedUrl>,
    /// Its expiry as signed, RFC 3339.
    pub expires_at: String,
    /// When it really stops working (temporary credentials), RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_expires_at: Option<String>,
    /// The AWS profile that signed it, where one was named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The S3-compatible endpoint it was made with, where one was set (`revoke` uses it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The region it was signed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Signed with temporary credentials.
    pub temporary: bool,
    /// The private copy a revocable link points at, `s3://bucket/.s3share/revocable/…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocable: Option<String>,
    /// How many links a batch printed (presign of many keys records one entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// What a page's link stands for, `s3://bucket/prefix/`: the folder a request page sends
    /// files into, or the folder a folder page shares (`location` is the page itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<String>,
    /// An end-to-end encrypted share (`upload --encrypt`): `url` is its page without the key,
    /// which is never kept, and `revoke` deletes the share's objects.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
    /// The CloudFront distribution a link goes through (`https://d111.cloudfront.net`), for a
    /// CDN link: `revoke` invalidates its path there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdn: Option<String>,
}

impl Entry {
    /// When the link stops working: the earlier of its own and its credentials' expiry.
    pub fn ends_at(&self) -> Option<SystemTime> {
        let own = humantime::parse_rfc3339(&self.expires_at).ok();
        let effective = self
            .effective_expires_at
            .as_deref()
            .and_then(|t| humantime::parse_rfc3339(t).ok());
        match (own, effective) {
            (Some(own), Some(effective)) => Some(own.min(effective)),
            (own, effective) => own.or(effective),
        }
    }
}

/// A line of the file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Line {
    /// An entry was revoked.
    Revoked {
        /// The entry's id.
        revoked: String,
        /// When, RFC 3339.
        at: String,
    },
    Entry(Box<Entry>),
}

/// An entry as read back, with what later lines said of it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The entry.
    pub entry: Entry,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// The history file.
pub struct History {
    path: PathBuf,
}

impl History {
    /// The history in the platform's local data directory, if there is one. On Windows that is
    /// `%LOCALAPPDATA%`, not the roaming `%APPDATA%`: working links stay on this machine instead
    /// of travelling with a roaming profile, and the profile's ACL (the user, SYSTEM and
    /// Administrators) is what keeps other users out; Unix gets mode 0600 as well.
    pub fn open_default() -> Option<History> {
        dirs::data_local_dir().map(|dir| History {
            path: dir.join("s3share").join("history.jsonl"),
        })
    }

    /// Where the file is.
    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `entry`. `waiting` is called once when another s3share has held the file's lock
    /// for a second, so the caller can say what it waits for.
    pub fn append(&self, entry: Entry, waiting: &dyn Fn(&Path)) -> Result<(), Failure> {
        self.append_line(&Line::Entry(Box::new(entry)), waiting)
    }

    /// Marks the entry `id` revoked.
    pub fn mark_revoked(
        &self,
        id: &str,
        at: SystemTime,
        waiting: &dyn Fn(&Path),
    ) -> Result<(), Failure> {
        self.append_line(
            &Line::Revoked {
                revoked: id.to_owned(),
                at: humantime::format_rfc3339_seconds(at).to_string(),
            },
            waiting,
        )
    }

    fn append_line(&self, line: &Line, waiting: &dyn Fn(&Path)) -> Result<(), Failure> {
        if let Some(dir) = self.path.parent() {
            create_private_dir(dir).map_err(|e| self.failure("create the folder of", e))?;
        }
        let mut text = serde_json::to_string(line).expect("history lines serialize");
        text.push('\n');
        // Bounded, in case something keeps replacing the file.
        for _ in 0..100 {
            let file = open_private(&self.path, true).map_err(|e| self.failure("write", e))?;
            self.check_private(&file)?;
            let _lock = Lock::exclusive(&file, &|| waiting(&self.path))
                .map_err(|e| self.failure("lock", e))?;
            // A prune that held the lock may have renamed a new file over the one opened here;
            // a line written to the old one would be lost, so open the new one.
            if !is_at(&file, &self.path) {
                continue;
            }
            // One write of the whole line, in append mode, under the lock.
            return (&file)
                .write_all(text.as_bytes())
                .map_err(|e| self.failure("write", e));
        }
        Err(self.failure(
            "write",
            std::io::Error::other("it was replaced each time it was opened"),
        ))
    }

    /// Every entry, oldest first, and a warning for each damaged line.
    pub fn read(&self) -> Result<(Vec<Recorded>, Vec<String>), Failure> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            Err(e) => return Err(self.failure("read", e)),
        };
        self.check_private(&file)?;
        let mut entries: Vec<Recorded> = Vec::new();
        let mut warnings = Vec::new();
        for (number, line) in BufReader::new(file).lines().enumerate() {
            let Ok(line) = line else {
                warnings.push(format!(
                    "{} line {}: unreadable",
                    self.path.display(),
                    number + 1
                ));
                continue;
            };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Line>(&line) {
                Ok(Line::Entry(entry)) => entries.push(Recorded {
                    entry: *entry,
                    revoked_at: None,
                }),
                Ok(Line::Revoked { revoked, at }) => {
                    for recorded in entries.iter_mut().filter(|r| r.entry.id == revoked) {
                        recorded.revoked_at = Some(at.clone());
                    }
                }
                Err(_) => warnings.push(format!(
                    "{} line {} is damaged and was skipped",
                    self.path.display(),
                    number + 1
                )),
            }
        }
        Ok((entries, warnings))
    }

    /// Rewrites the file with only the entries `keep` accepts (and their revocations); returns
    /// how many were dropped.
    pub fn retain(
        &self,
        keep: impl Fn(&Recorded) -> bool,
        waiting: &dyn Fn(&Path),
    ) -> Result<usize, Failure> {
        // As for appends: the lock must be on the file at the path, not on one another prune
        // replaced meanwhile, or a line appended to the new file would be lost in the rewrite.
        for _ in 0..100 {
            let file = open_private(&self.path, false).map_err(|e| self.failure("open", e))?;
            let _lock = Lock::exclusive(&file, &|| waiting(&self.path))
                .map_err(|e| self.failure("lock", e))?;
            if is_at(&file, &self.path) {
                return self.rewrite(&keep);
            }
        }
        Err(self.failure(
            "rewrite",
            std::io::Error::other("it was replaced each time it was opened"),
        ))
    }

    /// The rewrite of [`History::retain`], under the lock.
    fn rewrite(&self, keep: &impl Fn(&Recorded) -> bool) -> Result<usize, Failure> {
        let (entries, _) = self.read()?;
        let before = entries.len();
        let mut text = String::new();
        let mut kept = 0;
        for recorded in entries.into_iter().filter(|r| keep(r)) {
            kept += 1;
            let id = recorded.entry.id.clone();
            text.push_str(
                &serde_json::to_string(&Line::Entry(Box::new(recorded.entry))).expect("serializes"),
            );
            text.push('\n');
            if let Some(at) = recorded.revoked_at {
                text.push_str(
                    &serde_json::to_string(&Line::Revoked { revoked: id, at }).expect("serializes"),
                );
                text.push('\n');
            }
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut temp =
            tempfile::NamedTempFile::new_in(dir).map_err(|e| self.failure("rewrite", e))?;
        temp.write_all(text.as_bytes())
            .map_err(|e| self.failure("rewrite", e))?;
        set_private(temp.as_file()).map_err(|e| self.failure("rewrite", e))?;
        temp.persist(&self.path)
            .map_err(|e| self.failure("rewrite", e.error))?;
        Ok(before - kept)
    }

    fn failure(&self, doing: &str, error: std::io::Error) -> Failure {
        Failure::new(
            ExitKind::Failure,
            format!(
                "cannot {doing} the history {}: {error}",
                self.path.display()
            ),
        )
        .hint(
            "check the permissions of the folder, or turn the history off with S3SHARE_HISTORY=off",
        )
        .cause(error)
    }

    /// Refuses a file others can read or write: it holds working links.
    fn check_private(&self, file: &File) -> Result<(), Failure> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = file
                .metadata()
                .map_err(|e| self.failure("read", e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(Failure::new(
                    ExitKind::Config,
                    format!(
                        "the history {} can be read by others (mode {:o}); it holds working links",
                        self.path.display(),
                        mode & 0o777
                    ),
                )
                .hint(format!("chmod 600 {}", self.path.display())));
            }
        }
        let _ = file;
        Ok(())
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

fn open_private(path: &Path, append: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).create(true);
    if append {
        options.append(true);
    } else {
        options.write(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn set_private(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    let _ = file;
    Ok(())
}

/// Whether `file` is still the file at `path` (a rename may have put another there).
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => (open.dev(), open.ino()) == (named.dev(), named.ino()),
        _ => false,
    }
}

/// Whether `file` is still the file at `path`; without inode numbers, assumed.
#[cfg(not(unix))]
fn is_at(_file: &File, _path: &Path) -> bool {
    true
}

/// An exclusive advisory lock on the file, released when dropped.
struct Lock<'a>(&'a File);

/// How long another holder of the lock is waited for before `waiting` is told.
const LOCK_NOTICE_AFTER: std::time::Duration = std::time::Duration::from_secs(1);
/// How long another holder of the lock is waited for at most.
const LOCK_GIVE_UP_AFTER: std::time::Duration = std::time::Duration::from_secs(30);

impl<'a> Lock<'a> {
    /// Takes the lock, trying again while another process holds it: `waiting` is called once
    /// after [`LOCK_NOTICE_AFTER`], and after [`LOCK_GIVE_UP_AFTER`] it fails.
    fn exclusive(file: &'a File, waiting: &dyn Fn()) -> std::io::Result<Lock<'a>> {
        let start = std::time::Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock(file)),
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            if !told && start.elapsed() >= LOCK_NOTICE_AFTER {
                waiting();
                told = true;
            }
            if start.elapsed() >= LOCK_GIVE_UP_AFTER {
                return Err(std::io::Error::other(format!(
                    "another s3share has held its lock for {} s",
                    LOCK_GIVE_UP_AFTER.as_secs()
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Lock<'_> {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, expires_at: &str) -> Entry {
        Entry {
            id: id.into(),
            at: "2026-11-27T10:00:00Z".into(),
            command: "share".into(),
            method: "GET".into(),
            location: "s3://bkt/k".into(),
            url: Some("https://x/k?X-Amz-Signature=s".into()),
            expires_at: expires_at.into(),
            effective_expires_at: None,
            profile: None,
            endpoint: None,
            region: None,
            temporary: false,
            revocable: None,
            count: None,
            shared: None,
            encrypted: false,
            cdn: None,
        }
    }

    #[test]
    fn entries_round_trip_with_revocations_and_damaged_lines_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let history = History {
            path: dir.path().join("s3share/history.jsonl"),
        };
        history
            .append(entry("a", "2099-01-01T00:00:00Z"), &|_| {})
            .unwrap();
        history
            .append(entry("b", "2000-01-01T00:00:00Z"), &|_| {})
            .unwrap();
        history
            .mark_revoked("a", SystemTime::now(), &|_| {})
            .unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(history.path())
            .unwrap()
            .write_all(b"{not json\n")
            .unwrap();
        let (entries, warnings) = history.read().unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries[0].revoked_at.is_some());
        assert_eq!(warnings.len(), 1);
        let dropped = history
            .retain(
                |r| r.entry.ends_at().is_some_and(|t| t > SystemTime::now()),
                &|_| {},
            )
            .unwrap();
        assert_eq!(dropped, 1);
        let (entries, _) = history.read().unwrap();
        assert_eq!(entries.len(), 1);
        assert!(entries[0].revoked_at.is_some(), "the revocation is kept");
    }

    #[test]
    fn appends_during_a_prune_are_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let history = std::sync::Arc::new(History {
            path: dir.path().join("s3share/history.jsonl"),
        });
        history
            .append(entry("first", "2099-01-01T00:00:00Z"), &|_| {})
            .unwrap();
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let history = std::sync::Arc::clone(&history);
                std::thread::spawn(move || {
                    for n in 0..50 {
                        let id = format!("{w}-{n}");
                        history
                            .append(entry(&id, "2099-01-01T00:00:00Z"), &|_| {})
                            .unwrap();
                    }
                })
            })
            .collect();
        // Two pruners that keep everything, each prune a rewrite and a rename, while the
        // writers append.
        let pruners: Vec<_> = (0..2)
            .map(|_| {
                let history = std::sync::Arc::clone(&history);
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        history.retain(|_| true, &|_| {}).unwrap();
                    }
                })
            })
            .collect();
        for thread in writers.into_iter().chain(pruners) {
            thread.join().unwrap();
        }
        let (entries, warnings) = history.read().unwrap();
        assert_eq!((entries.len(), warnings.len()), (201, 0));
    }

    #[test]
    fn a_held_lock_is_waited_for_and_said_after_a_second() {
        let dir = tempfile::tempdir().unwrap();
        let history = History {
            path: dir.path().join("s3share/history.jsonl"),
        };
        history
            .append(entry("a", "2099-01-01T00:00:00Z"), &|_| {})
            .unwrap();
        let holder = open_private(&history.path, false).unwrap();
        holder.lock().unwrap();
        let said = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let appending = scope.spawn(|| {
                history.append(entry("b", "2099-01-01T00:00:00Z"), &|_| {
                    said.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                })
            });
            while said.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            holder.unlock().unwrap();
            appending.join().unwrap().unwrap();
        });
        assert_eq!(said.into_inner(), 1, "said once");
        assert_eq!(history.read().unwrap().0.len(), 2);
    }
}
