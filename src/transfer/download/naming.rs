//! The name a download is saved under: from `Content-Disposition` or the key, made safe by the
//! one rule for names from outside (`file_name.rs`).

use super::job::Source;
use crate::file_name::safe_file_name;

/// The file name in a `Content-Disposition` value: `filename*` (RFC 5987) over `filename`.
pub(super) fn disposition_file_name(value: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for param in split_params(value).into_iter().skip(1) {
        let Some((name, raw)) = param.split_once('=') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "filename*" => extended = decode_ext_value(raw.trim()),
            "filename" => plain = Some(unquote(raw.trim())),
            _ => {}
        }
    }
    extended.or(plain)
}

/// Splits at `;` outside quoted strings.
fn split_params(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            c
        });
    }
    out
}

/// `UTF-8''na%C3%AFve.txt` → `naïve.txt` (ISO-8859-1 is decoded too; other charsets are not).
fn decode_ext_value(value: &str) -> Option<String> {
    let mut parts = value.splitn(3, '\'');
    let charset = parts.next()?.to_ascii_lowercase();
    let _language = parts.next()?;
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(parts.next()?).collect();
    match charset.as_str() {
        "utf-8" => String::from_utf8(bytes).ok(),
        "iso-8859-1" => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        _ => None,
    }
}

/// The key's last segment, from the s3:// location or the URL's path.
pub(super) fn url_file_name(source: &Source) -> Option<String> {
    let last = match &source.location {
        Some(location) => location.key.rsplit('/').next()?.to_owned(),
        None => {
            let segment = source.url.path_segments()?.next_back()?;
            percent_encoding::percent_decode_str(segment)
                .decode_utf8_lossy()
                .into_owned()
        }
    };
    safe_file_name(&last)
}
