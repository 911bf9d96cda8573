//! Pages s3share writes into a bucket and serves through a presigned link (README, "Folders" and
//! "Asking someone for files"): a file request page (upload through a POST policy) and a folder
//! page (one link per file). One
//! module renders both from the templates beside it (`page.html`, `style.css`, `request.js`,
//! `folder.js`), and reads back the data a page carries, for `upload --to` and `get`.
//!
//! Each page is one self-contained file: inline CSS and JS allowed by their SHA-256 in a
//! Content-Security-Policy that permits no other script, style or request except to the bucket's
//! origin. Everything from keys and file names is escaped; the data block is JSON with `<`
//! escaped, so no name can close the script element.

mod html;
pub mod publish;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use html::Html;

const PAGE: &str = include_str!("page.html");
const STYLE: &str = include_str!("style.css");
const REQUEST_SCRIPT: &str = include_str!("request.js");
/// The folder page's script: the zip layout it shares with its worker, then its own code.
const FOLDER_SCRIPT: &str = concat!(include_str!("zip.js"), include_str!("folder.js"));
const COMMON_SCRIPT: &str = include_str!("common.js");
const REQUEST_HEAD: &str = include_str!("request-head.html");
const FOLDER_HEAD: &str = include_str!("folder-head.html");
/// The page script of an encrypted share: its own code, then the decryption it shares with its
/// worker, in the one function scope `e2e.js` opens.
const E2E_SCRIPT: &str = concat!(
    include_str!("e2e.js"),
    include_str!("aes128gcm.js"),
    "}());\n"
);
const E2E_HEAD: &str = include_str!("e2e-head.html");

/// The service worker of an encrypted share (stored beside its page as `sw.js`, served as
/// JavaScript): it fetches and decrypts the data itself and answers a download link in its
/// scope, for browsers without a save dialog.
pub const E2E_WORKER_SCRIPT: &str = concat!(
    include_str!("e2e-worker.js"),
    include_str!("aes128gcm.js"),
    "}());\n"
);

/// The service worker of a folder page (stored beside it as `sw.js`, served as JavaScript): it
/// answers "Download all" with one zip streamed from the files' links, the same bytes as
/// `get LINK --zip`.
pub const FOLDER_WORKER_SCRIPT: &str =
    concat!(include_str!("zip.js"), include_str!("folder-worker.js"));

/// The id of the element that holds a page's data.
const DATA_ID: &str = "s3share-data";

/// What a file request page carries: everything its script (or `upload --to`) needs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RequestData {
    /// Always `request`.
    pub kind: String,
    /// The format of this block.
    pub version: u32,
    /// The bucket uploads go to.
    pub bucket: String,
    /// The prefix every upload's key starts with.
    pub prefix: String,
    /// When the policy (and the page's link) expires, RFC 3339.
    pub expires_at: String,
    /// The largest file accepted, in bytes.
    pub max_size: u64,
    /// The Content-Type allowed (`image/*` is a prefix), or any.
    pub content_type: Option<String>,
    /// Who the page is for (`request --for NAME`), whose folder `prefix` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Where and what to POST.
    pub post: PostData,
}

/// The POST of a file request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PostData {
    /// The bucket's URL.
    pub url: String,
    /// The signed form fields.
    pub fields: crate::redacted::FormFields,
}

/// What a folder page carries: one presigned link per file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FolderData {
    /// Always `folder`.
    pub kind: String,
    /// The format of this block.
    pub version: u32,
    /// The bucket the files are in.
    pub bucket: String,
    /// The shared prefix; each file's `path` is relative to it.
    pub prefix: String,
    /// When every link expires, RFC 3339.
    pub expires_at: String,
    /// The files, in key order.
    pub files: Vec<FolderFile>,
    /// The link to the page's service worker, `sw.js` beside it, which streams "Download all".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<crate::redacted::SignedUrl>,
}

/// One file of a folder page.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FolderFile {
    /// The key below the prefix (`sub/dir/name.jpg`).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Last modified, RFC 3339, where known.
    pub modified: Option<String>,
    /// The presigned GET link. Version 2 pages kept it only in the file's row, not in the data
    /// block; [`read_data`] puts it back.
    #[serde(default)]
    pub url: crate::redacted::SignedUrl,
    /// The CRC-32 of its bytes where known without reading them again (computed while
    /// uploading, or stored by the server for the whole object): its zip entry needs no data
    /// descriptor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc32: Option<u32>,
}

/// The version of the folder page's data block this build writes: 3 holds every link in the data
/// block, and the page's script builds the rows from it. Version 1 pages (links in the block and
/// the rows) and version 2 pages (links in the rows only) are still read.
pub const FOLDER_VERSION: u32 = 3;

/// The version of the encrypted share pages s3share writes (format and data block).
pub const E2E_VERSION: u32 = 1;

/// What an encrypted share's page carries. Nothing in it names the file: its name, size, type
/// and time are in `metadata`, sealed under the key in the link's fragment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct E2eData {
    /// Always "e2e".
    pub kind: String,
    /// [`E2E_VERSION`] when written; a reader refuses versions it does not know.
    pub version: u32,
    /// The encoding of `data`: "aes128gcm" (RFC 8188).
    pub encoding: String,
    /// The record size of `data` (65536).
    pub record_size: u32,
    /// The bucket.
    pub bucket: String,
    /// When the links stop working (RFC 3339, UTC).
    pub expires_at: String,
    /// Bytes of the encrypted object `data`.
    pub size: u64,
    /// The sealed [`E2eMetadata`] (`ece::seal_metadata`, base64url).
    pub metadata: String,
    /// The link to the encrypted object.
    pub data: crate::redacted::SignedUrl,
    /// The link to the share's service worker, `sw.js`, served as JavaScript.
    pub worker: crate::redacted::SignedUrl,
    /// Whether the links are path-style (`host/bucket/key`): every bucket on the host then
    /// shares one origin.
    pub path_style: bool,
}

/// What is sealed in an encrypted share's page: the file as its sender had it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct E2eMetadata {
    /// The file's name (no folders).
    pub name: String,
    /// Its size in bytes, before encryption.
    pub size: u64,
    /// Its media type.
    #[serde(rename = "type")]
    pub content_type: String,
    /// When it was last changed (RFC 3339), if known.
    pub modified: Option<String>,
}

/// Either kind of page's data, as read back from a page.
#[derive(Clone, Debug, PartialEq)]
pub enum PageData {
    /// A file request.
    Request(RequestData),
    /// A shared folder.
    Folder(FolderData),
    /// An end-to-end encrypted share.
    E2e(E2eData),
}

/// The file request page for `data`; its script may send only to the origin of `data.post.url`.
pub fn request_page(data: &RequestData) -> String {
    let recipient = data
        .recipient
        .as_deref()
        .map(|r| Html::text(&format!(" for {r}")))
        .unwrap_or_default();
    let content_type = data
        .content_type
        .as_deref()
        .map(|t| Html::text(&format!(", of type {t}")))
        .unwrap_or_default();
    let max_size = crate::human::size(data.max_size);
    let expires = human_time(&data.expires_at);
    let body = html::fill(
        REQUEST_HEAD,
        &[
            ("FOR", (&recipient).into()),
            ("BUCKET", (&data.bucket).into()),
            ("PREFIX", (&data.prefix).into()),
            ("EXPIRES_AT", (&data.expires_at).into()),
            ("EXPIRES", (&expires).into()),
            ("MAX_SIZE", (&max_size).into()),
            ("TYPE", (&content_type).into()),
        ],
    );
    render(
        "Send files",
        &body,
        data,
        REQUEST_SCRIPT,
        &origin(&data.post.url),
    )
}

/// The folder page for `data`: a heading and a table its script fills from the data block (one
/// link per file, held once), rows built as they scroll into view, so a page of 10,000 files
/// shows at once and filters as fast as one types.
pub fn folder_page(data: &FolderData) -> String {
    let name = data
        .prefix
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(&data.bucket);
    let count = data.files.len();
    let count = format!("{count} file{}", if count == 1 { "" } else { "s" });
    let total = crate::human::size(data.files.iter().map(|f| f.size).sum());
    let expires = human_time(&data.expires_at);
    let body = html::fill(
        FOLDER_HEAD,
        &[
            ("NAME", name.into()),
            ("COUNT", (&count).into()),
            ("TOTAL", (&total).into()),
            ("BUCKET", (&data.bucket).into()),
            ("PREFIX", (&data.prefix).into()),
            ("EXPIRES_AT", (&data.expires_at).into()),
            ("EXPIRES", (&expires).into()),
        ],
    );
    // Written as it is (no copy: at 10,000 files the data is megabytes); its caller made it.
    debug_assert_eq!(data.version, FOLDER_VERSION);
    let worker = data.worker.as_deref().map(origin).unwrap_or_default();
    render_with(
        &format!("{name} (shared folder)"),
        &body,
        data,
        FOLDER_SCRIPT,
        Sources {
            // "Save into a folder..." fetches the files from the page (their origin is the
            // worker's); a page without a worker fetches nothing.
            connect: &worker,
            worker: &worker,
        },
    )
}

/// The page of an encrypted share. It says nothing of the file until its script has opened the
/// metadata with the key from the link's fragment; it may fetch and register a worker only from
/// the origin of `data.data`.
pub fn e2e_page(data: &E2eData) -> String {
    let expires = human_time(&data.expires_at);
    let body = html::fill(
        E2E_HEAD,
        &[
            ("EXPIRES_AT", (&data.expires_at).into()),
            ("EXPIRES", (&expires).into()),
        ],
    );
    let origin = origin(&data.data);
    render_with(
        "Encrypted file",
        &body,
        data,
        E2E_SCRIPT,
        Sources {
            connect: &origin,
            worker: &origin,
        },
    )
}

/// The link of each file row of a version 2 folder page (written by s3share 0.1 builds of
/// 2026-11-27 to 2026-11-28, which kept links in the rows only), by the file's index in its data
/// block. Frozen: later versions keep every link in the data block, and markup changes need not
/// touch this.
fn version_2_row_links(page: &str) -> std::collections::HashMap<usize, String> {
    const ROW: &str = "<tr class=\"file\" data-i=\"";
    const LINK: &str = "<a href=\"";
    let mut links = std::collections::HashMap::new();
    for row in page.split(ROW).skip(1) {
        let Some((index, rest)) = row.split_once('"') else {
            continue;
        };
        let Some(href) = rest
            .split_once(LINK)
            .and_then(|(_, after)| after.split_once('"'))
            .map(|(href, _)| href)
        else {
            continue;
        };
        if let (Ok(index), Ok(url)) = (index.parse(), quick_xml::escape::unescape(href)) {
            links.insert(index, url.into_owned());
        }
    }
    links
}

/// Reads the data a page carries, from its data block only (never its markup or script), for
/// every version s3share has written.
pub fn read_data(page: &str) -> Option<PageData> {
    let open = format!("<script type=\"application/json\" id=\"{DATA_ID}\">");
    let start = page.find(&open)? + open.len();
    let end = start + page[start..].find("</script>")?;
    let value: serde_json::Value = serde_json::from_str(&page[start..end]).ok()?;
    match value.get("kind")?.as_str()? {
        "request" => serde_json::from_value(value).ok().map(PageData::Request),
        "e2e" => serde_json::from_value(value).ok().map(PageData::E2e),
        "folder" => {
            let mut data: FolderData = serde_json::from_value(value).ok()?;
            if data.version == 2 {
                let mut links = version_2_row_links(page);
                for (index, file) in data.files.iter_mut().enumerate() {
                    file.url = crate::redacted::SignedUrl(links.remove(&index)?);
                }
            }
            if data.files.iter().any(|f| f.url.is_empty()) {
                return None;
            }
            Some(PageData::Folder(data))
        }
        _ => None,
    }
}

/// Fills the page skeleton. `connect` is the only origin scripts may send to ("" for none).
fn render(
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
struct Sources<'a> {
    /// Where they may send requests and forms.
    connect: &'a str,
    /// Where a worker may come from.
    worker: &'a str,
}

/// Fills the page skeleton, with the origins in `sources` as the only ones scripts may reach.
fn render_with(
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
fn origin(url: &str) -> String {
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
fn human_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(minutes) if rfc3339.ends_with('Z') => format!("{} UTC", minutes.replace('T', " ")),
        _ => rfc3339.to_owned(),
    }
}

/// The name a file sent through a file request is stored under, from the name it has on the
/// sender's machine: its last segment (after `/` or `\\`), without control and bidi characters,
/// with `<>:"|?*` as `_`, without leading blanks and dots; `file` when nothing is left. The same
/// on every OS, and the same rule as `safeName` in `request.js`, so a file gets one key whether
/// it is sent from the page or with `upload --to`.
pub fn upload_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|&c| !crate::terminal::is_bidi_or_control(c))
        .map(|c| if "<>:\"|?*".contains(c) { '_' } else { c })
        .collect();
    let cleaned = cleaned
        .trim_start_matches(|c: char| c.is_whitespace() || c == '.')
        .trim();
    if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_follow_the_pages_rule_on_every_os() {
        for (given, stored) in [
            ("report.pdf", "report.pdf"),
            ("C:\\Users\\me\\scan 1.png", "scan 1.png"),
            ("dir/sub/a.txt", "a.txt"),
            ("..hidden", "hidden"),
            ("  . x", "x"),
            ("a<b>c:d\"e|f?g*h", "a_b_c_d_e_f_g_h"),
            ("invoice\u{202e}fdp.exe", "invoicefdp.exe"),
            ("tab\tname", "tabname"),
            ("...", "file"),
            ("", "file"),
        ] {
            assert_eq!(upload_name(given), stored, "{given:?}");
        }
    }

    fn request() -> RequestData {
        RequestData {
            kind: "request".into(),
            version: 1,
            bucket: "bkt".into(),
            prefix: "in/<b>&{{SCRIPT}}".into(),
            expires_at: "2026-11-29T14:05:12Z".into(),
            max_size: 1024,
            content_type: None,
            recipient: None,
            post: PostData {
                url: "http://127.0.0.1:9000/bkt/".into(),
                fields: [("policy".to_owned(), "</script><script>alert(1)".to_owned())]
                    .into_iter()
                    .collect(),
            },
        }
    }

    #[test]
    fn a_request_page_round_trips_its_data_and_escapes_everything() {
        let page = request_page(&request());
        assert!(!page.contains("<b>&"), "raw prefix in the page");
        assert_eq!(
            page.matches("use strict").count(),
            1,
            "the script once, in its element"
        );
        assert!(
            !page.contains("</script><script>alert"),
            "data can close the script"
        );
        assert_eq!(read_data(&page), Some(PageData::Request(request())));
        assert!(
            page.contains("connect-src http://127.0.0.1:9000;"),
            "{page}"
        );
        for filled in [
            "\"{{CSP}}\"",
            "<title>{{",
            "<style>{{",
            "\">{{DATA}}",
            "<script>{{",
        ] {
            assert!(!page.contains(filled), "{filled} left");
        }
        assert!(
            page.contains("in/&lt;b&gt;&amp;{{SCRIPT}}"),
            "a key stays text"
        );
    }

    #[test]
    fn a_folder_page_lists_files_under_their_folders() {
        let data = FolderData {
            kind: "folder".into(),
            version: FOLDER_VERSION,
            bucket: "bkt".into(),
            prefix: "photos/".into(),
            expires_at: "2026-11-29T14:05:12Z".into(),
            files: vec![
                FolderFile {
                    path: "a.jpg".into(),
                    size: 1,
                    modified: None,
                    url: "https://x/a?b=1&c=2".into(),
                    crc32: Some(0xCBF4_3926),
                },
                FolderFile {
                    path: "sub/<x>.jpg".into(),
                    size: 2048,
                    modified: Some("2026-11-23T14:05:00Z".into()),
                    url: "https://x/b".into(),
                    crc32: None,
                },
            ],
            worker: Some("https://x/.s3share/shares/1/sw.js?X-Amz-Signature=2".into()),
        };
        let page = folder_page(&data);
        assert_eq!(
            page.matches("https://x/a").count(),
            1,
            "each link once, in the data block: {page}"
        );
        assert!(page.contains("https://x/a?b=1\\u0026c=2"), "{page}");
        assert!(page.contains("sub/\\u003cx\\u003e.jpg"), "{page}");
        assert!(!page.contains("<x>"), "{page}");
        assert!(
            page.contains("<p class=\"lead\">2 files, 2 KiB, in"),
            "{page}"
        );
        assert_eq!(
            read_data(&page),
            Some(PageData::Folder(FolderData {
                version: FOLDER_VERSION,
                ..data
            }))
        );
        assert!(
            page.contains("connect-src https://x; worker-src https://x;"),
            "{page}"
        );
        assert!(page.contains("\"crc32\":3421780262"), "{page}");
    }

    #[test]
    fn a_version_1_folder_page_with_links_in_its_data_block_is_still_read() {
        let block = r#"{"kind":"folder","version":1,"bucket":"bkt","prefix":"p/","expires_at":"2026-11-29T14:05:12Z","files":[{"path":"a.txt","size":1,"modified":null,"url":"https://x/a?b=1&c=2"}]}"#;
        let page = format!("<script type=\"application/json\" id=\"{DATA_ID}\">{block}</script>");
        let Some(PageData::Folder(data)) = read_data(&page) else {
            panic!("not read: {page}");
        };
        assert_eq!(&*data.files[0].url, "https://x/a?b=1&c=2");
    }

    #[test]
    fn page_assets_are_ascii_and_cannot_end_their_element() {
        for (name, asset) in [
            ("style.css", STYLE),
            ("common.js", COMMON_SCRIPT),
            ("request.js", REQUEST_SCRIPT),
            ("folder.js", FOLDER_SCRIPT),
            ("folder-worker.js", FOLDER_WORKER_SCRIPT),
            ("e2e.js", E2E_SCRIPT),
            ("e2e-worker.js", E2E_WORKER_SCRIPT),
            ("aes128gcm.js", include_str!("aes128gcm.js")),
        ] {
            assert!(asset.is_ascii(), "{name} is not ASCII");
            for bad in ["{{", "</script", "</style", "<!--"] {
                assert!(!asset.contains(bad), "{name} contains {bad}");
            }
        }
    }

    #[test]
    fn an_encrypted_page_may_reach_only_its_buckets_origin() {
        let data = E2eData {
            kind: "e2e".into(),
            version: E2E_VERSION,
            encoding: "aes128gcm".into(),
            record_size: 65536,
            bucket: "bkt".into(),
            expires_at: "2026-11-29T14:05:12Z".into(),
            size: 38,
            metadata: "sealed".into(),
            data: "https://bkt.s3.example.com/.s3share/e2e/k3x9/data?X-Amz-Signature=1&a=<b>"
                .into(),
            worker: "https://bkt.s3.example.com/.s3share/e2e/k3x9/sw.js?X-Amz-Signature=2".into(),
            path_style: false,
        };
        let page = e2e_page(&data);
        assert!(
            page.contains(
                "connect-src https://bkt.s3.example.com; worker-src https://bkt.s3.example.com;"
            ),
            "{page}"
        );
        assert!(!page.contains("a=<b>"), "{page}");
        assert!(page.contains("2026-11-29 14:05 UTC"), "{page}");
        assert_eq!(read_data(&page), Some(PageData::E2e(data)));
    }

    /// A version 2 page as s3share wrote it: links only in the rows.
    fn version_2_page(index: usize) -> String {
        let block = r#"{"kind":"folder","version":2,"bucket":"bkt","prefix":"p/","expires_at":"2026-11-29T14:05:12Z","files":[{"path":"a.txt","size":1,"modified":null}]}"#;
        format!(
            "<table><tbody><tr class=\"file\" data-i=\"{index}\" data-path=\"a.txt\"><td>\
             <a href=\"https://x/a?b=1&amp;c=2\" download>a.txt</a></td></tr></tbody></table>\
             <script type=\"application/json\" id=\"{DATA_ID}\">{block}</script>"
        )
    }

    #[test]
    fn a_version_2_folder_page_with_links_in_its_rows_is_still_read() {
        let Some(PageData::Folder(data)) = read_data(&version_2_page(0)) else {
            panic!("not read");
        };
        assert_eq!(&*data.files[0].url, "https://x/a?b=1&c=2");
        // A row that lost its link: the page is not read.
        assert_eq!(read_data(&version_2_page(7)), None);
    }
}
