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

mod data;
mod html;
pub mod publish;
mod read;
mod render;

pub use data::{
    EncryptedFileMetadata, EncryptedFolderData, EncryptedPageData, EncryptedRequestData,
    FolderData, FolderFile, PageData, PostData, RequestData, ENCRYPTED_FOLDER_VERSION,
    ENCRYPTED_VERSION, FOLDER_VERSION,
};
pub use read::read_data;

use html::Html;
use render::{human_time, origin, render, render_with, Sources};

/// The request page's script, in the one function scope `request.js` opens.
const REQUEST_SCRIPT: &str = concat!(include_str!("request.js"), "}());\n");
/// An encrypted request's page script: the same, with HPKE sealing and the encrypted upload in
/// its scope (`hpke.js`, `encrypted-request.js`).
const ENCRYPTED_REQUEST_SCRIPT: &str = concat!(
    include_str!("request.js"),
    include_str!("hpke.js"),
    include_str!("encrypted-request.js"),
    "}());\n"
);
/// The folder page's script: the zip layout it shares with its worker, then its own code, in
/// the one function scope `folder.js` opens.
const FOLDER_SCRIPT: &str = concat!(include_str!("zip.js"), include_str!("folder.js"), "}());\n");
/// An encrypted folder's page script: the same, with the RFC 8188 decryption in its scope
/// (`aes128gcm.js`), which opens the manifest.
const ENCRYPTED_FOLDER_SCRIPT: &str = concat!(
    include_str!("zip.js"),
    include_str!("folder.js"),
    include_str!("aes128gcm.js"),
    "}());\n"
);
const REQUEST_HEAD: &str = include_str!("request-head.html");
const FOLDER_HEAD: &str = include_str!("folder-head.html");
const ENCRYPTED_FOLDER_HEAD: &str = include_str!("encrypted-folder-head.html");
/// The page script of an encrypted share: its own code, then the decryption it shares with its
/// worker, in the one function scope `encrypted.js` opens.
const ENCRYPTED_SCRIPT: &str = concat!(
    include_str!("encrypted.js"),
    include_str!("aes128gcm.js"),
    "}());\n"
);
const ENCRYPTED_HEAD: &str = include_str!("encrypted-head.html");

/// The service worker of an encrypted share (stored beside its page as `sw.js`, served as
/// JavaScript): it fetches and decrypts the data itself and answers a download link in its
/// scope, for browsers without a save dialog.
pub const ENCRYPTED_WORKER_SCRIPT: &str = concat!(
    include_str!("worker-jobs.js"),
    include_str!("encrypted-worker.js"),
    include_str!("aes128gcm.js"),
    "}());\n"
);

/// The service worker of a folder page, plain or encrypted (stored beside it as `sw.js`, served
/// as JavaScript): it answers "Download all" with one zip streamed from the files' links, the
/// same bytes as `get LINK --zip`, decrypting an encrypted folder's files on the way (and, for
/// an encrypted folder, one file alone).
pub const FOLDER_WORKER_SCRIPT: &str = concat!(
    include_str!("worker-jobs.js"),
    include_str!("zip.js"),
    include_str!("folder-worker.js"),
    include_str!("aes128gcm.js"),
    "}());\n"
);

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
    // Files of an encrypted request go under random names, which nobody can list or guess.
    let who = match data.encrypted {
        Some(_) => {
            "Anyone who has this link can add files there until then; each is encrypted in this \
             browser before it leaves, and only the requester's key opens it. The link cannot be \
             withdrawn before then. Nothing here can be listed or read."
        }
        None => {
            "Anyone who has this link can add files there until then, and can replace files sent \
             through it; it cannot be withdrawn before. Nothing here can be listed or read."
        }
    };
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
            ("WHO", who.into()),
        ],
    );
    render(
        "Send files",
        &body,
        data,
        match data.encrypted {
            Some(_) => ENCRYPTED_REQUEST_SCRIPT,
            None => REQUEST_SCRIPT,
        },
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
pub fn encrypted_page(data: &EncryptedPageData) -> String {
    let expires = human_time(&data.expires_at);
    let body = html::fill(
        ENCRYPTED_HEAD,
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
        ENCRYPTED_SCRIPT,
        Sources {
            connect: &origin,
            worker: &origin,
        },
    )
}

/// The page of an encrypted folder. It names no file until its script has opened the manifest
/// with the key from the link's fragment; it may fetch and register a worker only from the
/// origin of the manifest's link, which is every file's.
pub fn encrypted_folder_page(data: &EncryptedFolderData) -> String {
    let expires = human_time(&data.expires_at);
    let body = html::fill(
        ENCRYPTED_FOLDER_HEAD,
        &[
            ("EXPIRES_AT", (&data.expires_at).into()),
            ("EXPIRES", (&expires).into()),
        ],
    );
    let origin = origin(&data.manifest);
    render_with(
        "Encrypted folder",
        &body,
        data,
        ENCRYPTED_FOLDER_SCRIPT,
        Sources {
            connect: &origin,
            worker: &origin,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use render::{COMMON_SCRIPT, DATA_ID, STYLE};

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
            encrypted: None,
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
            ("encrypted request", ENCRYPTED_REQUEST_SCRIPT),
            ("folder.js", FOLDER_SCRIPT),
            ("encrypted folder", ENCRYPTED_FOLDER_SCRIPT),
            ("folder-worker.js", FOLDER_WORKER_SCRIPT),
            ("worker-jobs.js", include_str!("worker-jobs.js")),
            ("encrypted.js", ENCRYPTED_SCRIPT),
            ("encrypted-worker.js", ENCRYPTED_WORKER_SCRIPT),
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
        let data = EncryptedPageData {
            kind: "e2e".into(),
            version: ENCRYPTED_VERSION,
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
        let page = encrypted_page(&data);
        assert!(
            page.contains(
                "connect-src https://bkt.s3.example.com; worker-src https://bkt.s3.example.com;"
            ),
            "{page}"
        );
        assert!(!page.contains("a=<b>"), "{page}");
        assert!(page.contains("2026-11-29 14:05 UTC"), "{page}");
        assert_eq!(read_data(&page), Some(PageData::Encrypted(data)));
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
