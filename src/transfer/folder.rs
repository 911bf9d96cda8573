//! Folders on disk and under a prefix: the one function that maps a key to a local path (and
//! refuses what would escape the target directory), and walking a local tree for upload.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

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
        if segment.chars().any(crate::terminal::is_control) {
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

/// Every file under `dir` (symlinks followed, as `aws s3 cp --recursive` does; a loop is
/// reported, not followed), except those matching `exclude`; and what could not be read.
pub fn walk(dir: &Path, exclude: &GlobSet) -> (Vec<TreeFile>, Vec<String>) {
    let base = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "folder".to_owned());
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let relative: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let relative = relative.join("/");
        if exclude.is_match(&relative) || exclude.is_match(entry.file_name()) {
            continue;
        }
        match entry.metadata() {
            Ok(meta) => files.push(TreeFile {
                path: entry.path().to_owned(),
                name: format!("{base}/{relative}"),
                size: meta.len(),
            }),
            Err(e) => problems.push(e.to_string()),
        }
    }
    (files, problems)
}

/// The `--exclude` patterns as one matcher.
pub fn excludes(patterns: &[String]) -> Result<GlobSet, Failure> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern)
            .map_err(|e| Failure::usage(format!("--exclude '{pattern}': {e}")))?;
        set.add(glob);
    }
    set.build()
        .map_err(|e| Failure::usage(format!("--exclude: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
