//! Publishing a page: store it under `.s3share/` (never replacing one) and mint the link that
//! serves it as HTML (presigned, or through the CDN with the links the page holds). Shared by `request`, the folder `share` and `upload --encrypt`
//! (whose share's worker is published the same way, served as JavaScript).

use anyhow::Result;

use crate::id::unique_id;
use crate::location::ObjectLocation;
use crate::s3::download_signer::DownloadSigner;
use crate::s3::errors::classify;
use crate::s3::presign::{LinkOptions, PresignedLink, Presigner};

/// How pages are served: as HTML, whatever a client guesses from the key.
pub const PAGE_CONTENT_TYPE: &str = "text/html; charset=utf-8";

/// Stores `html` as `<dir><id>/index.html` in `bucket` (`dir` is `.s3share/requests/` or
/// `.s3share/shares/`; the id comes from the page, which holds signatures, and the time) and
/// returns where it went and the link to it.
pub async fn publish(
    client: &aws_sdk_s3::Client,
    presigner: &Presigner<'_>,
    bucket: &str,
    dir: &str,
    html: String,
) -> Result<(ObjectLocation, PresignedLink)> {
    let page = ObjectLocation::new(bucket, format!("{dir}{}/index.html", unique_id(&html, 8)))?;
    let served = Served {
        body: html.into_bytes(),
        content_type: PAGE_CONTENT_TYPE,
        what: "the page",
    };
    let link = publish_at(client, DownloadSigner::S3(presigner), &page, served).await?;
    Ok((page, link))
}

/// What is published: its bytes, the type it is stored and served as, and what it is (for
/// errors).
pub struct Served<'a> {
    /// The bytes.
    pub body: Vec<u8>,
    /// The Content-Type it is stored with and served as, whatever a client guesses from the key.
    pub content_type: &'a str,
    /// What it is, as errors name it: "the page".
    pub what: &'a str,
}

/// Stores `served` at `location` (never replacing an object there) and returns the link that
/// serves it as its type, signed by `signer`.
pub async fn publish_at(
    client: &aws_sdk_s3::Client,
    signer: DownloadSigner<'_>,
    location: &ObjectLocation,
    served: Served<'_>,
) -> Result<PresignedLink> {
    client
        .put_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .content_type(served.content_type)
        // A clash of ids would be a bug, not an update.
        .if_none_match("*")
        .body(served.body.into())
        .send()
        .await
        .map_err(|e| classify(e, &format!("write {}", served.what), location))?;
    let options = LinkOptions {
        response_content_type: Some(served.content_type.to_owned()),
        ..LinkOptions::default()
    };
    signer.sign(location, &options).await
}
