//! The one rule for a file name that comes from outside (a key, a `Content-Disposition`, a name
//! a sender's machine gave, a name opened from an encrypted share): the name it is saved or
//! stored under. The pages apply the same rule (`s3shareSafeName` in `pages/common.js`), so a
//! file gets one name whether it is sent or saved from a page or from the command line; both are
//! tested on the same table of names, `tests/data/file-names.json`.
//!
//! A folder download does not rename: it refuses keys that are no safe path
//! (`transfer::local_path`), so the tree on disk is the tree that was shared.

use crate::terminal::is_bidi_or_control;

/// Characters some system cannot hold in a name: replaced by `_`.
const INVALID: &str = "<>:\"|?*";

/// The names Windows keeps for devices, with any extension (`CON`, `nul.txt`): prefixed by `_`.
const DEVICE_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The longest name, in UTF-8 bytes, that every common file system holds.
const MAX_BYTES: usize = 255;

/// The longest extension, in UTF-8 bytes, kept whole when a long name is cut.
const MAX_EXTENSION_BYTES: usize = 32;

/// `name` made safe to create in a directory, or `None` when nothing is left of it: its last
/// segment (after `/` or `\`), without control and bidi characters, with `<>:"|?*` as `_`,
/// without leading or trailing blanks and dots (no hidden name, nothing Windows would drop), a
/// Windows device name prefixed by `_`, and cut to 255 UTF-8 bytes keeping its extension.
pub fn safe_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let visible: String = last
        .chars()
        .filter(|&c| !is_bidi_or_control(c))
        .map(|c| if INVALID.contains(c) { '_' } else { c })
        .collect();
    let trimmed = visible.trim_matches(|c: char| is_blank(c) || c == '.');
    if trimmed.is_empty() {
        return None;
    }
    let stem = trimmed
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(is_blank);
    let named = if DEVICE_NAMES.iter().any(|d| d.eq_ignore_ascii_case(stem)) {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    };
    Some(cut(named))
}

/// Whitespace as both Rust and JavaScript (`\s`) see it.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `name` cut to [`MAX_BYTES`] at a character boundary, its extension kept when short.
fn cut(name: String) -> String {
    if name.len() <= MAX_BYTES {
        return name;
    }
    let extension = match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= MAX_EXTENSION_BYTES => &name[dot..],
        _ => "",
    };
    let mut stem = name[..name.len() - extension.len()].to_owned();
    while stem.len() + extension.len() > MAX_BYTES {
        stem.pop();
    }
    let stem = stem.trim_end_matches(|c: char| is_blank(c) || c == '.');
    format!("{stem}{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table the page script is tested on too (tests/it/browser.rs): `[given, saved]`, with
    /// `file` where nothing is left (what the pages fall back to).
    #[test]
    fn names_follow_the_table_the_pages_share() {
        let table: Vec<(String, String)> =
            serde_json::from_str(include_str!("../tests/data/file-names.json")).unwrap();
        assert!(table.len() > 20);
        for (given, saved) in table {
            let name = safe_file_name(&given).unwrap_or_else(|| "file".to_owned());
            assert_eq!(name, saved, "{given:?}");
        }
    }

    #[test]
    fn no_name_leaves_the_directory_or_hides() {
        for hostile in [
            "../../etc/passwd",
            "/abs/passwd",
            "C:\\Windows\\passwd",
            ".passwd",
        ] {
            assert_eq!(
                safe_file_name(hostile).as_deref(),
                Some("passwd"),
                "{hostile}"
            );
        }
        for nothing in ["", "..", "/", "a/", "\u{7}", " . "] {
            assert_eq!(safe_file_name(nothing), None, "{nothing:?}");
        }
    }
}
