//! The skeleton every page shares (`page.html`, `style.css`, `common.js`), filled with a page's
//! head, data block and script, under a Content-Security-Policy that allows exactly those
//! inline assets by their SHA-256 and no origin but the ones a page names.

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::html::{self, Html};

const PAGE: &str = include_str!("page.html");
pub(super) const STYLE: &str = include_str!("style.css");
pub(super) const COMMON_SCRIPT: &str = include_str!("common.js");

/// The id of the element that holds a page's data.
pub(super) const DATA_ID: &str = "s3share-data";

/// Fills the page skeleton. `connect` is the only origin scripts may send to ("" for none).
pub(super) fn render(
    title: &str,
    body: &Html,
    data: &impl Serialize,
    script: &'static str,
    connect: &str,
) -> String {
    render_with(
        title,
        body,
        data,
        script,
        Sources {
            connect,
            worker: "",
        },
    )
}

/// The origins a page's scripts may reach ("" for none).
pub(super) struct Sources<'a> {
    /// Where they may send requests and forms.
    pub connect: &'a str,
    /// Where a worker may come from.
    pub worker: &'a str,
}

/// Fills the page skeleton, with the origins in `sources` as the only ones scripts may reach.
pub(super) fn render_with(
    title: &str,
    body: &Html,
    data: &impl Serialize,
    script: &'static str,
    sources: Sources<'_>,
) -> String {
    let or_none = |origin: &str| {
        if origin.is_empty() {
            "'none'".to_owned()
        } else {
            origin.to_owned()
        }
    };
    let csp = Html::trusted(format!(
        "default-src 'none'; style-src '{}'; script-src '{}' '{}'; img-src data:; \
         connect-src {connect}; worker-src {worker}; form-action {connect}; base-uri 'none'",
        sha256_source(STYLE),
        sha256_source(COMMON_SCRIPT),
        sha256_source(script),
        connect = or_none(sources.connect),
        worker = or_none(sources.worker),
    ));
    let (style, common, script) = (
        Html::asset(STYLE),
        Html::asset(COMMON_SCRIPT),
        Html::asset(script),
    );
    let data = json_block(data);
    html::fill(
        PAGE,
        &[
            ("CSP", (&csp).into()),
            ("TITLE", title.into()),
            ("STYLE", (&style).into()),
            ("BODY", body.into()),
            ("DATA", (&data).into()),
            ("COMMON", (&common).into()),
            ("SCRIPT", (&script).into()),
        ],
    )
    .into_string()
}

/// A CSP source allowing exactly `text` as an inline script or style.
fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The scheme, host and port of `url`, as CSP names an origin.
pub(super) fn origin(url: &str) -> String {
    url::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|_| "'none'".to_owned())
}

/// JSON for a `<script type="application/json">` element: nothing in it can end the element.
/// Escaped as it is written, so a page of 10,000 links is built once, not copied per character.
fn json_block(data: &impl Serialize) -> Html {
    let mut block = EscapedJson(Vec::new());
    serde_json::to_writer(&mut block, data).expect("page data serializes");
    Html::trusted(String::from_utf8(block.0).expect("JSON is UTF-8"))
}

/// A writer of JSON with `<`, `>` and `&` as `\u003c`, `\u003e` and `\u0026` (they only occur
/// inside strings, where the escapes mean the same).
struct EscapedJson(Vec<u8>);

impl std::io::Write for EscapedJson {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for &byte in bytes {
            match byte {
                b'<' => self.0.extend_from_slice(b"\\u003c"),
                b'>' => self.0.extend_from_slice(b"\\u003e"),
                b'&' => self.0.extend_from_slice(b"\\u0026"),
                _ => self.0.push(byte),
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `2026-11-29T14:05:12Z` as `2026-11-29 14:05 UTC`.
pub(super) fn human_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(minutes) if rfc3339.ends_with('Z') => format!("{} UTC", minutes.replace('T', " ")),
        _ => rfc3339.to_owned(),
    }
}
