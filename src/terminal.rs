//! Text from outside shown to a person: keys, bucket names, file names, server messages and
//! header values are chosen by whoever made a link or uploaded a file. Written raw, an escape
//! sequence in them could recolour or clear the screen, retitle the window or (OSC 52) fill the
//! clipboard, and a bidi override could make `invoice\u{202e}fdp.exe` read as `invoiceexe.pdf`.
//!
//! Every human-readable line passes such text through [`escape`]; the sinks (`output`, `report`)
//! pass whole messages through [`escape_message`] as a second guard. Data stays exact: URLs are
//! percent-encoded and `--json` escapes by itself.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character escaped: C0 (newline and tab included), DEL, C1, and
/// the Unicode bidi controls. `\e`, `\n`, `\r`, `\t` by name, the rest as `\x07` or `\u{202e}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_except(text, &[])
}

/// Like [`escape`] for a whole message s3share wrote, keeping its own line breaks and tabs.
pub fn escape_message(text: &str) -> Cow<'_, str> {
    escape_except(text, &['\n', '\t'])
}

fn escape_except<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    if !text.chars().any(|c| is_control(c) && !keep.contains(&c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_control(c) || keep.contains(&c) {
            out.push(c);
            continue;
        }
        let _ = match c {
            '\x1b' => write!(out, "\\e"),
            '\n' => write!(out, "\\n"),
            '\r' => write!(out, "\\r"),
            '\t' => write!(out, "\\t"),
            c if (c as u32) < 0x80 => write!(out, "\\x{:02x}", c as u32),
            c => write!(out, "\\u{{{:x}}}", c as u32),
        };
    }
    Cow::Owned(out)
}

/// C0 and C1 controls, DEL, and the characters that reorder or hide text (fd's `sanitize.rs`
/// list): zero-width spaces, joiners and marks (U+200B–U+200F), line and paragraph separators
/// and the bidi embeddings and overrides (U+2028–U+202E), word joiners, invisible operators and
/// bidi isolates (U+2060–U+206F), the byte order mark (U+FEFF), the Arabic letter mark (U+061C)
/// and the tag characters (U+E0000–U+E007F).
pub fn is_control(c: char) -> bool {
    is_bidi_or_control(c)
        || matches!(
            c,
            '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{061c}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// C0 and C1 controls, DEL, and the characters that reorder text (the bidi embeddings,
/// overrides and isolates, U+200E, U+200F, U+061C): what a file name written to disk must never
/// hold. Narrower than [`is_control`], so names with emoji (joined by U+200D) can still be saved.
pub fn is_bidi_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(escape("reports/q3 résumé.pdf"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(escape("esc\x1b[31mRED"), "esc\\e[31mRED");
        assert_eq!(escape("a\x1b]52;c;aGk=\x07b"), "a\\e]52;c;aGk=\\x07b");
        assert_eq!(escape("line\nbreak\ttab\r"), "line\\nbreak\\ttab\\r");
        assert_eq!(escape("del\x7f c1\u{9b}"), "del\\x7f c1\\u{9b}");
        assert_eq!(escape("invoice\u{202e}fdp.exe"), "invoice\\u{202e}fdp.exe");
        assert_eq!(escape("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        for hidden in [
            '\u{200b}',
            '\u{2028}',
            '\u{2060}',
            '\u{feff}',
            '\u{e0041}',
            '\u{e007f}',
        ] {
            assert!(is_control(hidden), "{hidden:?} passes unescaped");
        }
        assert!(!is_control('é') && !is_control('\u{2010}'));
    }

    #[test]
    fn messages_keep_their_own_line_breaks() {
        assert_eq!(escape_message("a\nb\t\x1bc"), "a\nb\t\\ec");
    }
}
