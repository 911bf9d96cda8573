//! Downloads over HTTP: one path for presigned links and for s3:// locations (which `get` presigns
//! first), so both behave exactly alike.
//!
//! Bytes go to a hidden partial file next to the target (`.NAME.s3share-partial`), which is renamed
//! into place only when the body is complete and verified. A small sidecar
//! (`.NAME.s3share-partial.json`) remembers which object version the partial belongs to, so the
//! next run can resume with a `Range` request; a network failure mid-body keeps both, any other
//! failure removes them.
//!
//! Objects of at least the multipart threshold arrive as parallel ranged GETs instead
//! ([`parallel`]), which record finished chunks in the same sidecar.

mod decrypt;
mod job;
mod naming;
mod parallel;
mod partial;
mod response;
mod stream;
mod verify;

use anyhow::Result;

pub use job::FALLBACK_NAME;
pub use job::{refuse_existing, Decryption, Destination, Options, Parallel, Saved, Signer, Source};
use naming::url_file_name;
pub use partial::is_partial_name;
use response::{client, send, ObjectInfo};

/// The text of a page s3share wrote (a file request or folder page), fetched with the same
/// retries and the same diagnosis of refusals as a download.
pub async fn fetch_page(url: &url::Url) -> Result<String> {
    let source = Source::link(url.clone());
    let response = send(&client()?, &source, None).await?;
    let text = response
        .text()
        .await
        .map_err(|e| broke(e, "the connection broke while reading the page"))?;
    Ok(text)
}

/// A body cut off while it was read whole.
fn broke(error: reqwest::Error, what: &str) -> crate::error::Failure {
    crate::error::Failure::new(crate::error::ExitKind::Network, what)
        .hint("run the same command again")
        .cause(error.without_url())
}

/// The whole of a small object behind a link (an encrypted folder's manifest), refused past
/// `limit` bytes.
pub async fn fetch_small(url: &url::Url, limit: u64) -> Result<Vec<u8>> {
    let source = Source::link(url.clone());
    let response = send(&client()?, &source, None).await?;
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(crate::error::Failure::new(
            crate::error::ExitKind::Integrity,
            format!("the object is larger than the {limit} bytes it may be"),
        )
        .into());
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| broke(e, "the connection broke while reading it"))?;
    Ok(bytes.to_vec())
}

/// Downloads `source` to `destination`.
pub async fn download(
    source: &Source,
    destination: &Destination,
    options: &Options<'_>,
) -> Result<Saved> {
    if let Destination::File(path) = destination {
        refuse_existing(path, options.force)?;
    }
    let client = client()?;
    let mut response = send(&client, source, None).await?;
    let mut object = ObjectInfo::from_response(&response, 0)?;
    let check = match source.decryption {
        Some(_) => "authenticating each record as it is decrypted",
        None => verify::whole_check(&object),
    };
    let shown = source.location.as_ref().map(ToString::to_string);
    let shown = shown.or_else(|| url_file_name(source));
    options.out.verbose(&format!(
        "{}: {check}",
        shown.as_deref().unwrap_or(FALLBACK_NAME)
    ));
    let decrypting = match &source.decryption {
        Some(decryption) => {
            decrypt::records_instead_of_hashes(&mut object);
            Some(decrypt::open(&mut response, decryption, object.size, source).await?)
        }
        None => None,
    };
    let body = stream::Body {
        response,
        object,
        decrypting,
    };
    match destination {
        Destination::Stdout => stream::to_stdout(body, source, options).await,
        Destination::File(path) => stream::to_file(&client, body, source, path, options).await,
        Destination::Dir(dir) => {
            let name = body
                .object
                .file_name
                .clone()
                .or_else(|| url_file_name(source))
                .unwrap_or_else(|| FALLBACK_NAME.to_owned());
            let path = dir.join(name);
            refuse_existing(&path, options.force)?;
            stream::to_file(&client, body, source, &path, options).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::naming::disposition_file_name;
    use super::partial::Partial;
    use super::response::parse_content_range;
    use std::path::Path;

    #[test]
    fn content_range_is_parsed_strictly() {
        assert_eq!(parse_content_range("bytes 0-9/10"), Some((0, 9, 10)));
        assert_eq!(parse_content_range("bytes 5-9/10"), Some((5, 9, 10)));
        // Absurd sizes: the last byte a u64 can count is taken, nothing past it (so `end + 1`,
        // the size a 206 gives, cannot overflow).
        let max = u64::MAX;
        assert_eq!(
            parse_content_range(&format!("bytes {}-{}/{max}", max - 1, max - 1)),
            Some((max - 1, max - 1, max))
        );
        for absurd in [
            format!("bytes 0-{max}/{max}"),
            format!("bytes {max}-{max}/{max}"),
            "bytes 0-1/18446744073709551616".to_owned(),
            "bytes 0-99999999999999999999/5".to_owned(),
        ] {
            assert_eq!(parse_content_range(&absurd), None, "{absurd}");
        }
        for bad in [
            "bytes 5-9/*",
            "bytes */10",
            "bytes 9-5/10",
            "bytes 0-10/10",
            "bytes -1-9/10",
            "bytes 0-9/10x",
            "items 0-9/10",
            "bytes +0-9/10",
        ] {
            assert_eq!(parse_content_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn disposition_prefers_the_extended_name() {
        assert_eq!(
            disposition_file_name(
                "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"
            )
            .as_deref(),
            Some("résumé.pdf")
        );
        assert_eq!(
            disposition_file_name("attachment; filename=\"a \\\"b\\\"; c.txt\"").as_deref(),
            Some("a \"b\"; c.txt")
        );
        assert_eq!(
            disposition_file_name("attachment; filename=plain.txt").as_deref(),
            Some("plain.txt")
        );
        assert_eq!(disposition_file_name("inline"), None);
    }

    #[test]
    fn partial_files_sit_hidden_next_to_the_target() {
        let partial = Partial::for_target(Path::new("dir/report.pdf"));
        assert_eq!(partial.data, Path::new("dir/.report.pdf.s3share-partial"));
        assert_eq!(
            partial.meta,
            Path::new("dir/.report.pdf.s3share-partial.json")
        );
    }
}
