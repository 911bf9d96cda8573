//! Publishing a page: store it under `.s3share/` (never replacing one) and mint the presigned
//! link that serves it as HTML. Shared by `request` and the folder `share`.

use anyhow::Result;

use crate::id::unique_id;
use crate::location::ObjectLocation;
use crate::s3::errors::classify;
use crate::s3::presign::{LinkOptions, Method, PresignedLink, Presigner};

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
    let link = publish_at(client, presigner, &page, html).await?;
    Ok((page, link))
}

/// Stores `html` at `page` (never replacing an object there) and returns the link that serves
/// it as HTML.
pub async fn publish_at(
    client: &aws_sdk_s3::Client,
    presigner: &Presigner<'_>,
    page: &ObjectLocation,
    html: String,
) -> Result<PresignedLink> {
    client
        .put_object()
        .bucket(&page.bucket)
        .key(&page.key)
        .content_type(PAGE_CONTENT_TYPE)
        // A clash of ids would be a bug, not an update.
        .if_none_match("*")
        .body(html.into_bytes().into())
        .send()
        .await
        .map_err(|e| classify(e, "write the page", page))?;
    let options = LinkOptions {
        response_content_type: Some(PAGE_CONTENT_TYPE.to_owned()),
        ..LinkOptions::default()
    };
    presigner.presign(Method::Get, page, &options).await
}
