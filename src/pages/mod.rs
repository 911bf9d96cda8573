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

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const PAGE: &str = include_str!("page.html");
const STYLE: &str = include_str!("style.css");
const REQUEST_SCRIPT: &str = include_str!("request.js");
const FOLDER_SCRIPT: &str = include_str!("folder.js");

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
    /// The presigned GET link. Pages of version 2 on keep it only in the file's row (the link
    /// people click), not a second time in the data block; [`read_data`] puts it back.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub url: crate::redacted::SignedUrl,
}

/// The version of the folder page's data block this build writes: 2 holds each link once, in
/// its row. Version 1 pages (links in the data block too) are still read.
pub const FOLDER_VERSION: u32 = 2;

/// Either kind of page's data, as read back from a page.
#[derive(Clone, Debug, PartialEq)]
pub enum PageData {
    /// A file request.
    Request(RequestData),
    /// A shared folder.
    Folder(FolderData),
}

/// The file request page for `data`; its script may send only to the origin of `data.post.url`.
pub fn request_page(data: &RequestData) -> String {
    let expires = human_time(&data.expires_at);
    let body = format!(
        "<header class=\"head\"><h1>Send files{}</h1>\
         <p class=\"lead\">Files you add here are uploaded to <code>{}/{}</code>.</p>\
         <p class=\"expiry\" id=\"expiry\">This link works until <time datetime=\"{}\">{}</time>.</p>\
         <p class=\"limit\">Up to {} per file{}.</p>\
         <p class=\"who\">Anyone who has this link can add files there until then, and can replace \
         files sent through it; it cannot be withdrawn before. Nothing here can be listed or read.</p></header>\n\
         <section id=\"app\" class=\"app\"></section>\n\
         <noscript><p class=\"warn\">This page needs JavaScript to upload files.</p></noscript>",
        data.recipient
            .as_deref()
            .map(|r| format!(" for {}", html(r)))
            .unwrap_or_default(),
        html(&data.bucket),
        html(&data.prefix),
        html(&data.expires_at),
        html(&expires),
        crate::human::size(data.max_size),
        data.content_type
            .as_deref()
            .map(|t| format!(", of type {}", html(t)))
            .unwrap_or_default(),
    );
    render(
        "Send files",
        &body,
        &json_block(data),
        REQUEST_SCRIPT,
        &origin(&data.post.url),
    )
}

/// The folder page for `data`: a table of files under sub-folder headings, each a link.
pub fn folder_page(data: &FolderData) -> String {
    let name = data
        .prefix
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(&data.bucket);
    let total: u64 = data.files.iter().map(|f| f.size).sum();
    let count = data.files.len();
    let mut body = format!(
        "<header class=\"head\"><h1>{}</h1>\
         <p class=\"lead\">{count} file{}, {}, in <code>{}/{}</code></p>\
         <p class=\"expiry\" id=\"expiry\">Links work until <time datetime=\"{}\">{}</time>.</p></header>\n\
         <div class=\"tools\" id=\"tools\"></div>\n\
         <table class=\"files\" id=\"files\"><thead><tr><th scope=\"col\">Name</th>\
         <th scope=\"col\" class=\"num\">Size</th><th scope=\"col\">Modified</th></tr></thead><tbody>\n",
        html(name),
        if count == 1 { "" } else { "s" },
        crate::human::size(total),
        html(&data.bucket),
        html(&data.prefix),
        html(&data.expires_at),
        html(&human_time(&data.expires_at)),
    );
    // Files at the top first, then each folder's together under its heading.
    let split = |path: &str| match path.rsplit_once('/') {
        Some((dir, name)) => (dir.to_owned(), name.to_owned()),
        None => (String::new(), path.to_owned()),
    };
    let mut files: Vec<(usize, &FolderFile)> = data.files.iter().enumerate().collect();
    files.sort_by_cached_key(|(_, f)| split(&f.path));
    let mut folder = String::new();
    for (index, file) in files {
        let (dir, file_name) = split(&file.path);
        if dir != folder {
            body.push_str(&format!(
                "<tr class=\"dir\"><td colspan=\"3\"><span class=\"dir-name\">{}/</span></td></tr>\n",
                html(&dir)
            ));
            folder = dir;
        }
        let modified = file
            .modified
            .as_deref()
            .map(|m| {
                format!(
                    "<time datetime=\"{}\">{}</time>",
                    html(m),
                    html(&human_time(m))
                )
            })
            .unwrap_or_default();
        body.push_str(&format!(
            "<tr class=\"file\" data-i=\"{index}\" data-path=\"{}\"><td><a href=\"{}\" download>{}</a></td>\
             <td class=\"num\">{}</td><td>{modified}</td></tr>\n",
            html(&file.path),
            html(&file.url),
            html(&file_name),
            crate::human::size(file.size),
        ));
    }
    body.push_str("</tbody></table>");
    // Each link once: the rows above have them.
    let mut block = data.clone();
    block.version = FOLDER_VERSION;
    for file in &mut block.files {
        file.url.0.clear();
    }
    render(
        &format!("{name} (shared folder)"),
        &body,
        &json_block(&block),
        FOLDER_SCRIPT,
        "",
    )
}

/// The link of each file row of a folder page, by the file's index in its data block.
fn row_links(page: &str) -> std::collections::HashMap<usize, String> {
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

/// Reads the data a page carries.
pub fn read_data(page: &str) -> Option<PageData> {
    let open = format!("<script type=\"application/json\" id=\"{DATA_ID}\">");
    let start = page.find(&open)? + open.len();
    let end = start + page[start..].find("</script>")?;
    let value: serde_json::Value = serde_json::from_str(&page[start..end]).ok()?;
    match value.get("kind")?.as_str()? {
        "request" => serde_json::from_value(value).ok().map(PageData::Request),
        "folder" => {
            let mut data: FolderData = serde_json::from_value(value).ok()?;
            if data.files.iter().any(|f| f.url.is_empty()) {
                let mut links = row_links(page);
                for (index, file) in data.files.iter_mut().enumerate() {
                    if file.url.is_empty() {
                        file.url = crate::redacted::SignedUrl(links.remove(&index)?);
                    }
                }
            }
            Some(PageData::Folder(data))
        }
        _ => None,
    }
}

/// Fills the page template. `connect` is the only origin scripts may send to ("" for none).
fn render(title: &str, body: &str, data: &str, script: &str, connect: &str) -> String {
    let csp = format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src data:; \
         connect-src {connect_or_none}; form-action {connect_or_none}; base-uri 'none'",
        sha256_source(STYLE),
        sha256_source(script),
        connect_or_none = if connect.is_empty() {
            "'none'"
        } else {
            connect
        },
    );
    fill(
        PAGE,
        &[
            // Our own text: hashes, keywords and an origin as the URL parser serialises it.
            ("CSP", &csp),
            ("TITLE", &html(title)),
            ("STYLE", STYLE),
            ("BODY", body),
            ("DATA", data),
            ("SCRIPT", script),
        ],
    )
}

/// Replaces each `{{NAME}}` of `template` in one pass: what is inserted is never scanned again,
/// so a key that reads `{{SCRIPT}}` stays text.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}").map(|e| start + e) else {
            break;
        };
        let name = &rest[start + 2..end];
        out.push_str(&rest[..start]);
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..end + 2]),
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
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
fn json_block(data: &impl Serialize) -> String {
    serde_json::to_string(data)
        .expect("page data serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Escapes text for HTML content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::terminal::is_control(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
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
                },
                FolderFile {
                    path: "sub/<x>.jpg".into(),
                    size: 2048,
                    modified: Some("2026-11-23T14:05:00Z".into()),
                    url: "https://x/b".into(),
                },
            ],
        };
        let page = folder_page(&data);
        assert!(page.contains("href=\"https://x/a?b=1&amp;c=2\""), "{page}");
        assert_eq!(
            page.matches("https://x/a").count(),
            1,
            "each link once: {page}"
        );
        assert!(
            page.contains("<span class=\"dir-name\">sub/</span>"),
            "{page}"
        );
        assert!(page.contains("&lt;x&gt;.jpg"), "{page}");
        assert_eq!(read_data(&page), Some(PageData::Folder(data)));
        assert!(page.contains("connect-src 'none'"));
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
    fn a_folder_page_whose_row_lost_its_link_is_not_read() {
        let data = FolderData {
            kind: "folder".into(),
            version: FOLDER_VERSION,
            bucket: "bkt".into(),
            prefix: "p/".into(),
            expires_at: "2026-11-29T14:05:12Z".into(),
            files: vec![FolderFile {
                path: "a.txt".into(),
                size: 1,
                modified: None,
                url: "https://x/a".into(),
            }],
        };
        let page = folder_page(&data).replace("data-i=\"0\"", "data-i=\"7\"");
        assert_eq!(read_data(&page), None);
    }
}
