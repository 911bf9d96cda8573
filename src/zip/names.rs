//! Entry names from a folder's relative paths: NFC, relative, unique, and extractable on Windows.
//! What had to change is said, so the command (or the page) can tell people.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

/// Why a name was changed or left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// It climbs out of the folder (a `..` part): left out.
    Escapes,
    /// It is absolute (a leading `/`, a drive letter): made relative.
    Absolute,
    /// A part Windows cannot hold (a reserved name such as `CON`, one of `<>:"|?*\`, a control
    /// character, a trailing dot or space): those characters replaced by `_`, a `_` after a
    /// reserved name.
    Windows,
    /// The same name as an earlier entry once in NFC: a ` (2)` added.
    Duplicate,
    /// Nothing left of it: left out.
    Empty,
}

impl Why {
    /// The reason in words.
    pub fn describe(self) -> &'static str {
        match self {
            Why::Escapes => "it climbs out of the folder (..)",
            Why::Absolute => "it is an absolute path",
            Why::Windows => "Windows cannot hold it",
            Why::Duplicate => "an earlier entry has the same name",
            Why::Empty => "it is empty",
        }
    }
}

/// What happened to a name that could not stay as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// In the archive under another name.
    Renamed { from: String, to: String, why: Why },
    /// Not in the archive.
    Refused { name: String, why: Why },
}

/// Names Windows reserves for devices, with any extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// One part made safe for Windows; `true` if it had to change.
fn windows_part(part: &str) -> (String, bool) {
    let mut out: String = part
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"|?*\\".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let keep = out.trim_end_matches(['.', ' ']).len();
    let trailing = out.len() - keep;
    out.truncate(keep);
    out.extend(std::iter::repeat_n('_', trailing));
    let stem_len = out.find('.').unwrap_or(out.len());
    if RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(&out[..stem_len]))
    {
        out.insert(stem_len, '_');
    }
    let changed = out != part;
    (out, changed)
}

/// A path made relative and safe, with the first reason it changed; `Err` when it cannot be.
fn clean(path: &str) -> Result<(String, Option<Why>), Why> {
    let dir = path.ends_with('/');
    let mut why = None;
    if path.starts_with('/') || path.starts_with('\\') {
        why = Some(Why::Absolute);
    }
    let bytes = path.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        why = why.or(Some(Why::Absolute));
    }
    let mut parts = Vec::new();
    // A backslash is a separator to Windows readers: a `..` between backslashes escapes too.
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(Why::Escapes),
            part => parts.push(part),
        }
    }
    if path.contains('\\') {
        why = why.or(Some(Why::Windows));
    }
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        let (part, changed) = windows_part(part);
        if changed {
            why = why.or(Some(Why::Windows));
        }
        out.push(part);
    }
    if out.is_empty() {
        return Err(Why::Empty);
    }
    let mut name = out.join("/");
    if dir {
        name.push('/');
    }
    Ok((name, why))
}

/// `name (n).ext` for a file name, `name (n)/` for a folder's.
fn numbered(name: &str, n: u32) -> String {
    let (body, slash) = match name.strip_suffix('/') {
        Some(body) => (body, "/"),
        None => (name, ""),
    };
    let last = body.rfind('/').map_or(0, |i| i + 1);
    let dot = body[last..]
        .rfind('.')
        .filter(|&i| i > 0)
        .map_or(body.len(), |i| last + i);
    format!("{} ({n}){}{slash}", &body[..dot], &body[dot..])
}

/// Entry names for `paths` (relative to the folder, `/`-separated, a folder's ending with `/`),
/// in the same order: `None` where a path is left out. Names are NFC; paths that escape are left
/// out; absolute ones made relative; parts Windows cannot hold renamed; duplicates numbered; a
/// folder named again dropped silently. The changes are listed in order.
pub fn plan<S: AsRef<str>>(paths: &[S]) -> (Vec<Option<String>>, Vec<Change>) {
    let mut changes = Vec::new();
    let cleaned: Vec<Option<(String, Option<Why>)>> = paths
        .iter()
        .map(|path| {
            let nfc: String = path.as_ref().nfc().collect();
            match clean(&nfc) {
                Ok(cleaned) => Some(cleaned),
                Err(why) => {
                    changes.push(Change::Refused {
                        name: path.as_ref().to_owned(),
                        why,
                    });
                    None
                }
            }
        })
        .collect();
    // Every folder some entry lives in: a file may not take one of their names.
    let mut folders = HashSet::new();
    for (name, _) in cleaned.iter().flatten() {
        for (i, _) in name.match_indices('/') {
            folders.insert(name[..=i].to_owned());
        }
    }
    let mut used = HashSet::new();
    let mut names = Vec::with_capacity(paths.len());
    for (path, cleaned) in paths.iter().zip(cleaned) {
        let Some((mut name, mut why)) = cleaned else {
            names.push(None);
            continue;
        };
        if name.ends_with('/') {
            names.push(used.insert(name.clone()).then_some(name));
            continue;
        }
        let taken = |name: &str, used: &HashSet<String>| {
            used.contains(name) || folders.contains(&format!("{name}/"))
        };
        if taken(&name, &used) {
            let base = name.clone();
            name = (2..)
                .map(|n| numbered(&base, n))
                .find(|n| !taken(n, &used))
                .unwrap();
            why = why.or(Some(Why::Duplicate));
        }
        used.insert(name.clone());
        // NFD becoming NFC alone is not a change worth saying: readers expect NFC.
        if let Some(why) = why {
            changes.push(Change::Renamed {
                from: path.as_ref().to_owned(),
                to: name.clone(),
                why,
            });
        }
        names.push(Some(name));
    }
    (names, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[&str]) -> Vec<Option<String>> {
        plan(paths).0
    }

    #[test]
    fn plain_names_stay_and_nfd_becomes_nfc() {
        let nfd = "cafe\u{301}.txt";
        let (names, changes) = plan(&["a/b.txt", nfd, "d/"]);
        assert_eq!(
            names,
            [
                Some("a/b.txt".into()),
                Some("caf\u{e9}.txt".into()),
                Some("d/".into())
            ]
        );
        assert!(changes.is_empty());
    }

    #[test]
    fn escaping_names_are_refused_and_absolute_ones_made_relative() {
        let (names, changes) = plan(&[
            "../x",
            "a/../../x",
            "a\\..\\..\\x",
            "/etc/passwd",
            "C:/x",
            "",
            "./",
        ]);
        assert_eq!(
            names,
            [
                None,
                None,
                None,
                Some("etc/passwd".into()),
                Some("C_/x".into()),
                None,
                None
            ]
        );
        assert_eq!(
            changes[0],
            Change::Refused {
                name: "../x".into(),
                why: Why::Escapes
            }
        );
        assert!(changes.contains(&Change::Renamed {
            from: "C:/x".into(),
            to: "C_/x".into(),
            why: Why::Absolute
        }));
    }

    #[test]
    fn windows_names_are_renamed() {
        assert_eq!(
            names(&[
                "con",
                "aux.tar.gz",
                "a/COM1",
                "what?.txt",
                "dots.",
                "tab\there",
                "a\\b",
                "icon"
            ]),
            [
                Some("con_".into()),
                Some("aux_.tar.gz".into()),
                Some("a/COM1_".into()),
                Some("what_.txt".into()),
                Some("dots_".into()),
                Some("tab_here".into()),
                Some("a/b".into()),
                Some("icon".into()),
            ]
        );
    }

    #[test]
    fn duplicates_after_nfc_are_numbered() {
        let (names, changes) = plan(&[
            "caf\u{e9}.txt",
            "cafe\u{301}.txt",
            "x",
            "x/y",
            "d/",
            "d/",
            "cafe\u{301}.txt",
        ]);
        assert_eq!(
            names,
            [
                Some("caf\u{e9}.txt".into()),
                Some("caf\u{e9} (2).txt".into()),
                Some("x (2)".into()),
                Some("x/y".into()),
                Some("d/".into()),
                None,
                Some("caf\u{e9} (3).txt".into()),
            ]
        );
        assert_eq!(changes.len(), 3);
        assert_eq!(numbered(".bashrc", 2), ".bashrc (2)");
        assert_eq!(numbered("a.b/c", 2), "a.b/c (2)");
    }
}
