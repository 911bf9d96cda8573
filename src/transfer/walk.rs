//! Walking a local tree for upload, as fd and ripgrep walk one: what goes up, and what was left
//! out (hidden, ignored, not UTF-8) and why.

use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::terminal::escape;

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
