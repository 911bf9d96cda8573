//! Folders on disk and under a prefix: the one function that maps a key to a local path (and
//! refuses what would escape the target directory), and walking a local tree for upload.

use std::path::{Component, Path, PathBuf};

use crate::error::Failure;
use crate::terminal::escape;

/// The path under `root` for `relative` (a key below the shared prefix, `/`-separated), or why
/// it cannot be written: `..`, an absolute path, NUL or other control characters, empty
/// segments, and names this platform cannot hold are refused, never written.
pub fn local_path(root: &Path, relative: &str) -> Result<PathBuf, String> {
    if relative.is_empty() {
        return Err("an empty name".to_owned());
    }
    if relative.starts_with('/') || relative.starts_with('\\') {
        return Err("an absolute path".to_owned());
    }
    let mut path = root.to_path_buf();
    for segment in relative.split('/') {
        match segment {
            "" => return Err("an empty path segment (`//`)".to_owned()),
            "." | ".." => return Err(format!("a `{segment}` segment")),
            _ => {}
        }
        if segment.chars().any(crate::terminal::is_bidi_or_control) {
            return Err("control characters".to_owned());
        }
        if !platform_allows(segment) {
            return Err(format!(
                "a name this system cannot hold ({})",
                escape(segment)
            ));
        }
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(_)), None) => path.push(segment),
            _ => {
                return Err(format!(
                    "a name that is not one path segment ({})",
                    escape(segment)
                ))
            }
        }
    }
    Ok(path)
}

/// The first part of `relative`'s way under `root` that is a symlink, if any: writing through it
/// would put the file elsewhere (`conf -> /etc`, `keys -> ~/.ssh`). The file itself may be one;
/// it is replaced, not written through.
pub fn symlink_in_the_way(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    let mut parts = relative.split('/').peekable();
    while let Some(part) = parts.next() {
        // The last part is the file itself.
        parts.peek()?;
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(path),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// Whether names in `dir` that differ only in case name one file there (macOS and Windows by
/// default): found out by creating a file and asking for it in other case.
pub fn case_insensitive(dir: &Path) -> bool {
    let Ok(probe) = tempfile::Builder::new()
        .prefix(".s3share-case-probe-")
        .tempfile_in(dir)
    else {
        return cfg!(any(windows, target_os = "macos"));
    };
    let name = probe
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().to_uppercase())
        .unwrap_or_default();
    dir.join(name).exists()
}

/// Small files in flight at most, whatever their size.
const SMALL_FILES_IN_FLIGHT: usize = 64;
/// Bytes of small files in flight, about: many tiny files at once, fewer larger ones.
const SMALL_BYTES_IN_FLIGHT: u64 = 64 * 1024 * 1024;

/// How many small files (each sent or fetched in one request) of a folder go at once: what fits
/// in [`SMALL_BYTES_IN_FLIGHT`] at their average size, between `concurrency` and
/// [`SMALL_FILES_IN_FLIGHT`]. Each is a short request on a shared connection pool, so many more
/// than the parallel parts of one large file; per-file latency, not bandwidth, bounds them.
pub fn small_files_in_flight(sizes: impl Iterator<Item = u64>, concurrency: usize) -> usize {
    let (count, bytes) = sizes.fold((0u64, 0u64), |(n, b), size| (n + 1, b + size));
    let average = (bytes / count.max(1)).max(1);
    let fit = usize::try_from(SMALL_BYTES_IN_FLIGHT / average).unwrap_or(usize::MAX);
    fit.clamp(concurrency, SMALL_FILES_IN_FLIGHT.max(concurrency))
}

/// For a case-insensitive disk, each path of `relatives` that would land on the same file as
/// one before it, with that one (by index): `Photo.jpg` and `photo.jpg` are one file there.
pub fn case_collisions(relatives: &[&str]) -> Vec<(usize, usize)> {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut collisions = Vec::new();
    for (index, relative) in relatives.iter().enumerate() {
        match first.entry(relative.to_lowercase()) {
            std::collections::hash_map::Entry::Occupied(taken) => {
                collisions.push((index, *taken.get()));
            }
            std::collections::hash_map::Entry::Vacant(free) => {
                free.insert(index);
            }
        }
    }
    collisions
}

#[cfg(windows)]
fn platform_allows(segment: &str) -> bool {
    windows_allows(segment)
}

#[cfg(not(windows))]
fn platform_allows(segment: &str) -> bool {
    segment.len() <= 255 && !segment.contains('\\')
}

/// Whether Windows can hold `segment` as a file or folder name. It refuses the device names
/// (`CON`, `aux.txt`, `com1.log`, `CONIN$`: the part before the first dot, any case, trailing
/// spaces ignored), `< > : " / \\ | ? *` (a `:` would write an NTFS alternate data stream),
/// control characters, a trailing dot or space (Windows drops them, so two keys would meet in
/// one file), and names over 255 UTF-16 units. Compiled everywhere so its tests run everywhere.
#[cfg_attr(not(windows), allow(dead_code))]
fn windows_allows(segment: &str) -> bool {
    const DEVICES: [&str; 6] = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"];
    let stem = segment
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(' ');
    let upper = stem.to_uppercase();
    let numbered = ["COM", "LPT"].iter().any(|device| {
        upper.strip_prefix(device).is_some_and(|n| {
            let mut digits = n.chars();
            matches!(
                (digits.next(), digits.next()),
                (Some('0'..='9' | '\u{b9}' | '\u{b2}' | '\u{b3}'), None)
            )
        })
    });
    !segment.is_empty()
        && !DEVICES.contains(&upper.as_str())
        && !numbered
        && !segment.ends_with(['.', ' '])
        && !segment
            .chars()
            .any(|c| c < ' ' || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*'))
        && segment.encode_utf16().count() <= 255
}

#[cfg(test)]
mod windows_names {
    use super::windows_allows;

    #[test]
    fn names_windows_refuses() {
        for refused in [
            "CON",
            "con",
            "Aux.txt",
            "nul.tar.gz",
            "COM1",
            "lpt9.log",
            "com\u{b9}",
            "CONIN$",
            "conout$.txt",
            "NUL .txt",
            "a:b",
            "report.pdf:secret",
            "what?",
            "a*b",
            "x<y>",
            "pipe|d",
            "quote\"d",
            "back\\slash",
            "trailing.",
            "trailing ",
            "tab\there",
        ] {
            assert!(!windows_allows(refused), "{refused:?} accepted");
        }
        assert!(!windows_allows(&"é".repeat(256)));
    }

    #[test]
    fn ordinary_names_windows_keeps() {
        for kept in [
            "report.pdf",
            "CONFIG",
            "console.log",
            "auxiliary",
            "com10",
            "LPT",
            "nul-byte.txt",
            ".hidden",
            "ü ñ 日本.txt",
            "a.b.c",
            "COM1x",
        ] {
            assert!(windows_allows(kept), "{kept:?} refused");
        }
        assert!(windows_allows(&"é".repeat(255)));
    }
}

/// A file found under a directory being uploaded.
#[derive(Clone, Debug)]
pub struct TreeFile {
    /// Where it is.
    pub path: PathBuf,
    /// `DIR-name/sub/file`, `/`-separated: the key below the upload prefix.
    pub name: String,
    /// Its size.
    pub size: u64,
}

/// What a walk leaves out besides `--exclude`, as fd and ripgrep do: hidden files and folders,
/// and what `.gitignore`, `.ignore` and the global git excludes name.
#[derive(Clone, Debug, Default)]
pub struct WalkRules {
    /// `-H/--hidden`: include hidden files and folders.
    pub hidden: bool,
    /// `-I/--no-ignore`: include what ignore files name.
    pub no_ignore: bool,
    /// `--exclude GLOB`: leave out (and never enter) what matches, gitignore-style.
    pub exclude: Vec<String>,
}

/// What a walk found, and what it left out and why.
#[derive(Debug, Default)]
pub struct Walked {
    /// The files to upload, in name order.
    pub files: Vec<TreeFile>,
    /// What could not be read (permissions, symlink loops).
    pub problems: Vec<String>,
    /// What was skipped.
    pub skipped: Skipped,
}

/// What a walk skipped, counted where the skipping happened: a skipped folder is one entry,
/// whatever it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Hidden files and folders (names starting with `.`), as `DIR-name/sub/.env`.
    pub hidden: Vec<String>,
    /// Files and folders an ignore file names, as `DIR-name/build/`.
    pub ignored: Vec<String>,
    /// Files whose path is not UTF-8 (S3 keys are), escaped for display.
    pub not_utf8: Vec<String>,
}

impl Skipped {
    /// Whether nothing was skipped.
    pub fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.ignored.is_empty() && self.not_utf8.is_empty()
    }

    /// Adds what another walk skipped.
    pub fn extend(&mut self, other: Skipped) {
        self.hidden.extend(other.hidden);
        self.ignored.extend(other.ignored);
        self.not_utf8.extend(other.not_utf8);
    }

    /// The counts, for `--json`.
    pub fn counts(&self) -> serde_json::Value {
        serde_json::json!({
            "hidden": self.hidden.len(),
            "ignored": self.ignored.len(),
            "not_utf8": self.not_utf8.len(),
        })
    }

    /// One line for people: what was skipped (the first few named) and how to include it, or
    /// `None` when nothing was.
    pub fn summary(&self) -> Option<String> {
        let named = |entries: &[String], what: &str| {
            let mut shown: Vec<String> = entries
                .iter()
                .take(3)
                .map(|e| escape(e).into_owned())
                .collect();
            if entries.len() > 3 {
                shown.push(format!("{} more", entries.len() - 3));
            }
            format!("{} {what} ({})", entries.len(), shown.join(", "))
        };
        let mut parts = Vec::new();
        let mut flags = Vec::new();
        if !self.hidden.is_empty() {
            parts.push(named(&self.hidden, "hidden"));
            flags.push("--hidden");
        }
        if !self.ignored.is_empty() {
            parts.push(named(&self.ignored, "git-ignored"));
            flags.push("--no-ignore");
        }
        let mut line = String::new();
        if !parts.is_empty() {
            line = format!(
                "skipped {} files or folders ({} to include them)",
                parts.join(" and "),
                flags.join(", ")
            );
        }
        if !self.not_utf8.is_empty() {
            if !line.is_empty() {
                line.push_str("; ");
            }
            line.push_str(&format!(
                "{}{} whose name is not UTF-8, which an S3 key must be (rename to upload): {}",
                if parts.is_empty() { "skipped " } else { "and " },
                plural(self.not_utf8.len(), "file"),
                self.not_utf8
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        (!line.is_empty()).then_some(line)
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Every file under `dir` that `rules` keep (symlinks followed, as `aws s3 cp --recursive`
/// does; a loop is reported, not followed), what could not be read, and what was skipped.
pub fn walk(dir: &Path, rules: &WalkRules) -> Result<Walked, Failure> {
    let base = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "folder".to_owned());
    let overrides = excludes(dir, &rules.exclude)?;
    let mut walker = ignore::WalkBuilder::new(dir);
    walker
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .overrides(overrides.clone())
        .hidden(!rules.hidden)
        .ignore(!rules.no_ignore)
        .git_ignore(!rules.no_ignore)
        .git_global(!rules.no_ignore)
        .git_exclude(!rules.no_ignore)
        .parents(!rules.no_ignore)
        // A .gitignore says what its author does not want shared, in a repository or not.
        .require_git(false);
    let mut walked = Walked::default();
    let mut not_utf8 = Vec::new();
    let mut entered = std::collections::HashSet::new();
    let mut kept = std::collections::HashSet::new();
    for entry in walker.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walked.problems.push(e.to_string());
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            entered.insert(entry.path().to_owned());
            continue;
        }
        kept.insert(entry.path().to_owned());
        if !file_type.is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let Some(relative) = slash_path(relative) else {
            not_utf8.push(format!("{base}/{}", display_bytes(relative.as_os_str())));
            continue;
        };
        match entry.metadata() {
            Ok(meta) => walked.files.push(TreeFile {
                path: entry.path().to_owned(),
                name: format!("{base}/{relative}"),
                size: meta.len(),
            }),
            Err(e) => walked.problems.push(e.to_string()),
        }
    }
    if !rules.hidden || !rules.no_ignore {
        walked.skipped = skipped(dir, &base, &entered, &kept, &overrides);
    }
    walked.skipped.not_utf8 = not_utf8;
    Ok(walked)
}

/// What the walk did not take in the folders it entered, other than what `--exclude` names:
/// each such entry is hidden (its name starts with `.`) or named by an ignore file.
fn skipped(
    dir: &Path,
    base: &str,
    entered: &std::collections::HashSet<PathBuf>,
    kept: &std::collections::HashSet<PathBuf>,
    overrides: &ignore::overrides::Override,
) -> Skipped {
    let mut skipped = Skipped::default();
    let mut folders: Vec<&PathBuf> = entered.iter().collect();
    folders.sort();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut names: Vec<(PathBuf, bool)> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let path = e.path();
                // Followed like the walk follows it; what is neither file nor folder is no file.
                let meta = std::fs::metadata(&path).ok()?;
                (meta.is_file() || meta.is_dir()).then_some((path, meta.is_dir()))
            })
            .collect();
        names.sort();
        for (path, is_dir) in names {
            if kept.contains(&path)
                || entered.contains(&path)
                || overrides.matched(&path, is_dir).is_ignore()
            {
                continue;
            }
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            let shown = format!(
                "{base}/{}{}",
                slash_path(relative).unwrap_or_else(|| display_bytes(relative.as_os_str())),
                if is_dir { "/" } else { "" }
            );
            let hidden = path
                .file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
            if hidden {
                skipped.hidden.push(shown);
            } else {
                skipped.ignored.push(shown);
            }
        }
    }
    skipped
}

/// `relative` as a `/`-separated key, or `None` when a component is not UTF-8.
fn slash_path(relative: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

/// A path that is not UTF-8, shown with each invalid byte as `\xNN` (never as U+FFFD, which
/// would name another file).
fn display_bytes(path: &std::ffi::OsStr) -> String {
    let mut shown = String::new();
    for chunk in path.as_encoded_bytes().utf8_chunks() {
        shown.push_str(&escape(chunk.valid()));
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02x}"));
        }
    }
    shown
}

/// The `--exclude` patterns as overrides that leave out (and prune) what they match, as fd's
/// `--exclude`: gitignore-style globs relative to `dir`.
pub fn excludes(dir: &Path, patterns: &[String]) -> Result<ignore::overrides::Override, Failure> {
    let mut builder = ignore::overrides::OverrideBuilder::new(dir);
    for pattern in patterns {
        builder
            .add(&format!("!{pattern}"))
            .map_err(|e| Failure::usage(format!("--exclude '{pattern}': {e}")))?;
    }
    builder
        .build()
        .map_err(|e| Failure::usage(format!("--exclude: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_small_files_go_at_once_and_fewer_larger_ones() {
        assert_eq!(small_files_in_flight([1024; 100].into_iter(), 8), 64);
        assert_eq!(small_files_in_flight([4 << 20; 10].into_iter(), 8), 16);
        assert_eq!(small_files_in_flight([60 << 20; 10].into_iter(), 8), 8);
        assert_eq!(small_files_in_flight([1024; 10].into_iter(), 100), 100);
        assert_eq!(small_files_in_flight(std::iter::empty(), 8), 64);
    }

    #[test]
    fn names_that_differ_only_in_case_collide() {
        let paths = ["Photo.jpg", "a/b.txt", "photo.jpg", "A/B.TXT", "other.jpg"];
        assert_eq!(case_collisions(&paths), [(2, 0), (3, 1)]);
    }

    #[test]
    fn this_disk_is_probed_for_case() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            case_insensitive(dir.path()),
            cfg!(any(windows, target_os = "macos"))
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the probe is gone"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_in_the_way_is_found() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("real")).unwrap();
        std::os::unix::fs::symlink("/etc", root.path().join("conf")).unwrap();
        assert_eq!(symlink_in_the_way(root.path(), "real/x.txt"), None);
        assert_eq!(symlink_in_the_way(root.path(), "new/dir/x.txt"), None);
        assert_eq!(
            symlink_in_the_way(root.path(), "conf/passwd"),
            Some(root.path().join("conf"))
        );
        // The file itself may be a link: it is replaced, not written through.
        assert_eq!(symlink_in_the_way(root.path(), "conf"), None);
    }

    #[test]
    fn keys_that_would_escape_are_refused() {
        let root = Path::new("/dl");
        assert_eq!(
            local_path(root, "a/b c/ü.txt").unwrap(),
            Path::new("/dl/a/b c/ü.txt")
        );
        for hostile in [
            "../x",
            "/etc/x",
            "a/../../x",
            "a//b",
            "a/./b",
            "",
            "nul\0byte",
            "esc\x1b[2J",
            "a\\..\\x",
        ] {
            assert!(local_path(root, hostile).is_err(), "{hostile:?} accepted");
        }
    }
}
