//! What a link shows about itself before anything is sent: whether it is the kind of link the
//! task needs (a download link given to `upload --url`, an upload link or a file request page
//! given to `get`), and whether its signature is whole. The server would refuse such a link
//! with a cause that points elsewhere (a signature mismatch, access denied, HTTP 400), so these
//! are said first, in the words of the task, as usage errors.

use crate::error::Failure;
use crate::presigned_url::{LinkKind, PresignedUrl, COPY_AGAIN};
use crate::terminal::escape;

/// What the user is doing with a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// `get`: download what it points at.
    Download,
    /// `upload --url`: send a file to it.
    Upload,
}

/// Refuses `text` for `task` when the link itself shows it cannot work; returns the link read,
/// when it is a signed one (`None`: a plain URL, which is used as it is).
pub fn check(text: &str, task: Task) -> Result<Option<PresignedUrl>, Failure> {
    let Some(link) = PresignedUrl::read_signed(text)? else {
        return Ok(None);
    };
    if let Some(failure) = wrong_kind(&link, task) {
        return Err(failure);
    }
    if let Some(problem) = link.signature_problem() {
        return Err(Failure::usage(problem).hint(COPY_AGAIN));
    }
    Ok(Some(link))
}

/// The object a link names, for people (`s3://BUCKET/KEY` when it does not say).
fn object(link: &PresignedUrl) -> String {
    format!(
        "s3://{}/{}",
        escape(link.bucket.as_deref().unwrap_or("BUCKET")),
        escape(link.key.as_deref().unwrap_or("KEY"))
    )
}

/// A link of a kind that cannot do `task`, said with what to do instead.
fn wrong_kind(link: &PresignedUrl, task: Task) -> Option<Failure> {
    let object = object(link);
    let failure = match (task, link.kind()) {
        (Task::Download, LinkKind::Upload) => Failure::usage(format!(
            "this is an upload link (it takes a file for {object}); to download you need a download link"
        ))
        .hint(format!(
            "to send a file to it: s3share upload --url 'LINK' FILE; to download, ask whoever shared it for a download link (s3share share {object})"
        )),
        (Task::Download, LinkKind::RequestPage) => Failure::usage(
            "this is a file request page (s3share request): it takes files, it has nothing to download",
        )
        .hint("send files through it with: s3share upload --to 'LINK' FILE…, or open the link in a browser"),
        (Task::Upload, LinkKind::Download) => Failure::usage(format!(
            "this is a download link (for {object}); to send a file you need an upload link"
        ))
        .hint(format!(
            "ask whoever shared it for an upload link (s3share share --upload {object}); to download with this one: s3share get 'LINK'"
        )),
        (Task::Upload, LinkKind::RequestPage) => Failure::usage(
            "this is a file request page, not an upload link: it takes files through its form",
        )
        .hint("send files through it with: s3share upload --to 'LINK' FILE…"),
        (Task::Upload, LinkKind::FolderPage) => Failure::usage(
            "this is a folder page (s3share share s3://BUCKET/PREFIX/): it is for downloading files, not for sending one",
        )
        .hint("download them with: s3share get 'LINK' -o DIR/; to send a file you need an upload link (s3share share --upload s3://BUCKET/KEY)"),
        (Task::Upload, LinkKind::EncryptedShare) => Failure::usage(
            "this is the link to an encrypted share: it is for downloading a file, not for sending one",
        )
        .hint("download and decrypt it with: s3share get 'LINK'; to send a file you need an upload link (s3share share --upload s3://BUCKET/KEY)"),
        (_, LinkKind::Delete) => Failure::usage(format!(
            "this is a delete link: it removes {object}; it neither downloads nor takes a file"
        ))
        .hint(format!(
            "ask for a download link (s3share share {object}) or an upload link (s3share share --upload {object})"
        )),
        _ => return None,
    };
    Some(failure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitKind;

    const SIGNATURE: &str = "f948dd17a227c35d0257d27901472ceafbcae0b3e9b36b25953bed806799ce19";

    fn link(key: &str, id: &str, signature: &str) -> String {
        format!(
            "http://127.0.0.1:9000/bkt/{key}?x-id={id}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261206T024438Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature={signature}"
        )
    }

    #[test]
    fn links_of_the_right_kind_and_plain_urls_pass() {
        assert!(check(&link("a.txt", "GetObject", SIGNATURE), Task::Download).is_ok());
        assert!(check(&link("a.txt", "PutObject", SIGNATURE), Task::Upload).is_ok());
        let folder = link(".s3share/shares/ab12/index.html", "GetObject", SIGNATURE);
        assert!(check(&folder, Task::Download).is_ok());
        for plain in [
            "https://example.com/file.txt",
            "http://127.0.0.1:9/bkt/x.txt?X-Amz-Signature=abc",
        ] {
            assert!(matches!(check(plain, Task::Download), Ok(None)), "{plain}");
        }
    }

    #[test]
    fn the_wrong_kind_of_link_is_named_in_the_words_of_the_task() {
        let get = link("a.txt", "GetObject", SIGNATURE);
        let failure = check(&get, Task::Upload).unwrap_err();
        assert_eq!(failure.kind, ExitKind::Usage);
        assert!(failure.message.starts_with("this is a download link"));
        assert!(failure
            .hint
            .unwrap()
            .contains("s3share share --upload s3://bkt/a.txt"));
        let put = link("a.txt", "PutObject", SIGNATURE);
        let failure = check(&put, Task::Download).unwrap_err();
        assert!(failure.message.starts_with("this is an upload link"));
        assert!(failure.hint.unwrap().contains("s3share upload --url"));
        let request = link(".s3share/requests/ab12/index.html", "GetObject", SIGNATURE);
        let failure = check(&request, Task::Download).unwrap_err();
        assert!(failure.hint.unwrap().contains("s3share upload --to 'LINK'"));
        let delete = link("a.txt", "DeleteObject", SIGNATURE);
        assert!(check(&delete, Task::Download).is_err());
    }

    #[test]
    fn a_missing_or_malformed_signature_is_refused_without_showing_it() {
        let whole = link("a.txt", "GetObject", SIGNATURE);
        let cut = whole.split("&X-Amz-Signature").next().unwrap();
        let failure = check(cut, Task::Download).unwrap_err();
        assert_eq!(failure.kind, ExitKind::Usage);
        assert!(failure.message.contains("missing"), "{}", failure.message);
        for (bad, chars) in [
            (format!("{whole}ab"), "66"),
            (whole[..whole.len() - 10].to_owned(), "54"),
            (whole.replace(SIGNATURE, &SIGNATURE.to_uppercase()), "64"),
        ] {
            let failure = check(&bad, Task::Download).unwrap_err();
            assert!(
                failure.message.ends_with(&format!("this one has {chars}")),
                "{}",
                failure.message
            );
            assert!(!failure.message.contains(&SIGNATURE[..10]));
        }
        let no_expiry = whole.replace("&X-Amz-Expires=3600", "");
        let failure = check(&no_expiry, Task::Download).unwrap_err();
        assert!(
            failure.message.contains("X-Amz-Expires"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn sigv2_signatures_are_checked_too() {
        let v2 = |signature: &str| {
            format!("https://bkt.s3.amazonaws.com/a.txt?AWSAccessKeyId=AKID&Expires=1700000000&Signature={signature}")
        };
        assert!(check(&v2("vjbyPxybdZaNmGa%2ByT272YEAiv4%3D"), Task::Download).is_ok());
        assert!(check(&v2("vjbyPxybdZaNmGa+yT272YEAiv4%3D"), Task::Download).is_ok());
        for bad in [v2("vjbyPxybdZaNmGa%2ByT272YE"), v2("")] {
            let failure = check(&bad, Task::Download).unwrap_err();
            assert!(failure.message.contains("signature"), "{}", failure.message);
        }
        let cut = "https://bkt.s3.amazonaws.com/a.txt?AWSAccessKeyId=AKID&Expires=1700000000";
        assert!(check(cut, Task::Upload).is_err());
    }
}
