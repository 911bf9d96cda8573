//! The bucket layout: where s3share keeps its own objects in a bucket, and the one test for
//! "is this key ours". Everything that writes, lists, shares or deletes asks this module.
//!
//! `.s3share/` at the bucket's root is s3share's own space. It holds objects that must not be
//! handed out by accident: request pages carry live POST policies (upload rights), folder pages
//! carry links, and revocable copies are the private objects behind revocable links. Folder
//! shares, folder pages, `get PREFIX` and the listings of `upload DIR` leave it out.

/// s3share's own space in a bucket, at its root.
pub const OWN: &str = ".s3share/";

/// File request pages: `<this><id>/index.html`, written by `request`.
pub const REQUESTS: &str = ".s3share/requests/";

/// Folder pages: `<this><id>/index.html`, written by `share s3://bucket/prefix/`.
pub const SHARES: &str = ".s3share/shares/";

/// The private copies behind revocable links: `<this><id>/<name>`.
pub const REVOCABLE: &str = ".s3share/revocable/";

/// End-to-end encrypted shares: `<this><id>/{index.html, sw.js, data}`, written by
/// `upload --encrypt`. Only ciphertext and the page (whose file name and size are sealed) are
/// stored; the key is in the link's fragment only.
pub const ENCRYPTED: &str = ".s3share/e2e/";

/// The objects of one encrypted share, by name under `<ENCRYPTED><id>/`.
pub const ENCRYPTED_PAGE: &str = "index.html";
/// The service worker that decrypts in browsers without a save dialog.
pub const ENCRYPTED_WORKER: &str = "sw.js";
/// The encrypted file.
pub const ENCRYPTED_DATA: &str = "data";

/// Whether `key` is in s3share's own space.
pub fn is_own(key: &str) -> bool {
    key.starts_with(OWN)
}

/// Whether `key` is a folder page.
pub fn is_folder_page(key: &str) -> bool {
    key.starts_with(SHARES)
}

/// Whether `key` is a file request page.
pub fn is_request_page(key: &str) -> bool {
    key.starts_with(REQUESTS)
}

/// Whether `key` is one of an encrypted share's objects (its page, worker or data).
pub fn is_encrypted_share_object(key: &str) -> bool {
    key.strip_prefix(ENCRYPTED)
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(id, name)| !id.is_empty() && !name.is_empty())
}

/// The id of the encrypted share whose page `key` is, if it is one.
pub fn encrypted_page_id(key: &str) -> Option<&str> {
    let id = key
        .strip_prefix(ENCRYPTED)?
        .strip_suffix(ENCRYPTED_PAGE)?
        .strip_suffix('/')?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// The keys of the encrypted share `id`: its page, worker and data.
pub fn encrypted_share_objects(id: &str) -> [String; 3] {
    [ENCRYPTED_PAGE, ENCRYPTED_WORKER, ENCRYPTED_DATA].map(|name| format!("{ENCRYPTED}{id}/{name}"))
}

/// Whether `key` is a revocable copy, the only kind of object `revoke` may delete.
pub fn is_revocable_copy(key: &str) -> bool {
    key.strip_prefix(REVOCABLE)
        .is_some_and(|rest| matches!(rest.split_once('/'), Some((id, name)) if !id.is_empty() && !name.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_space_is_inside_our_own() {
        for space in [REQUESTS, SHARES, REVOCABLE, ENCRYPTED] {
            assert!(is_own(space), "{space}");
        }
        assert!(!is_own("photos/.s3share/x"));
        assert!(!is_own(".s3sharex/y"));
    }

    #[test]
    fn an_encrypted_share_is_known_by_its_page() {
        assert_eq!(
            encrypted_page_id(".s3share/e2e/k3x9/index.html"),
            Some("k3x9")
        );
        for key in [
            ".s3share/e2e/index.html",
            ".s3share/e2e//index.html",
            ".s3share/e2e/a/b/index.html",
            ".s3share/e2e/k3x9/data",
            ".s3share/shares/k3x9/index.html",
        ] {
            assert_eq!(encrypted_page_id(key), None, "{key}");
        }
        assert_eq!(encrypted_share_objects("k3x9")[2], ".s3share/e2e/k3x9/data");
    }

    #[test]
    fn only_a_copy_under_an_id_is_revocable() {
        assert!(is_revocable_copy(".s3share/revocable/ab12/report.pdf"));
        for key in [
            ".s3share/revocable/",
            ".s3share/revocable/ab12",
            ".s3share/revocable/ab12/",
            ".s3share/revocable//x",
            ".s3share/requests/ab12/index.html",
            "photos/a.jpg",
        ] {
            assert!(!is_revocable_copy(key), "{key}");
        }
    }
}
