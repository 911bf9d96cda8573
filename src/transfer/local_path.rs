//! Where a folder download puts each file: the one function that maps a key to a local path (and
//! refuses what would escape the target directory), and what else stands in the way on this disk
//! (symlinks, names that differ only in case).

use std::path::{Component, Path, PathBuf};

use super::download::is_partial_name;
use super::folder_record::RECORD_NAME;
use crate::terminal::escape;

/// The path under `root` for `relative` (a key below the shared prefix, `/`-separated), or why
/// it cannot be written: `..`, an absolute path, NUL or other control characters, empty
/// segments, names this platform cannot hold and names s3share keeps for itself ([`reserved`])
/// are refused, never written.
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
        if reserved(segment) {
            return Err(format!(
                "{} is a name s3share keeps for itself in a download folder",
                escape(segment)
            ));
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

/// Whether s3share keeps `name` for itself in a folder it downloads into: the folder record
/// ([`RECORD_NAME`]) and a download's partial file and its sidecar. A key of that name would
/// overwrite the record (which decides what counts as s3share's to replace) or meet a partial;
/// any case, as a case-insensitive disk would.
pub fn reserved(name: &str) -> bool {
    let name = name.to_lowercase();
    name == RECORD_NAME || is_partial_name(&name)
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

#[cfg(test)]
mod tests {
    use super::*;

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
            ".s3share-folder.json",
            "sub/.S3share-Folder.json",
            ".a.txt.s3share-partial",
            ".a.txt.s3share-partial.json",
            ".x.s3share-partial/inside.txt",
        ] {
            assert!(local_path(root, hostile).is_err(), "{hostile:?} accepted");
        }
        for kept in [
            "s3share-folder.json",
            "a.s3share-partial",
            ".a.txt.s3share-partial.bak",
        ] {
            assert!(local_path(root, kept).is_ok(), "{kept:?} refused");
        }
    }
}
