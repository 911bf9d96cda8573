//! Who signs the download (GET) links of one command run: SigV4 presigning, or the CloudFront
//! distribution's key when the links go through the CDN (`--via`, `[cdn]`). Pages (a folder's,
//! an encrypted share's) take their links, and their own, from the same signer, so a page and
//! everything it fetches share one origin.

use std::time::SystemTime;

use anyhow::Result;

use crate::cdn::sign::CdnSigner;
use crate::location::ObjectLocation;
use crate::redacted::SignedUrl;
use crate::s3::presign::{LinkOptions, Method, PresignedLink, Presigner};

/// Signs download links, through S3 or the CDN.
#[derive(Clone, Copy)]
pub enum DownloadSigner<'a> {
    /// Presigned S3 links.
    S3(&'a Presigner<'a>),
    /// CloudFront signed URLs with a canned policy.
    Cdn(&'a CdnSigner),
}

impl<'a> DownloadSigner<'a> {
    /// The CDN's signer when there is one, otherwise `presigner`.
    pub fn new(presigner: &'a Presigner<'a>, cdn: Option<&'a CdnSigner>) -> Self {
        cdn.map_or(DownloadSigner::S3(presigner), DownloadSigner::Cdn)
    }

    /// A GET link to `location`, served as `options` say.
    pub async fn sign(
        &self,
        location: &ObjectLocation,
        options: &LinkOptions,
    ) -> Result<PresignedLink> {
        match self {
            DownloadSigner::S3(presigner) => {
                presigner.presign(Method::Get, location, options).await
            }
            DownloadSigner::Cdn(cdn) => Ok(cdn_link(cdn, location, options)),
        }
    }

    /// When the links it signs expire.
    pub fn expires_at(&self) -> SystemTime {
        match self {
            DownloadSigner::S3(presigner) => presigner.expires_at(),
            DownloadSigner::Cdn(cdn) => cdn.expires_at(),
        }
    }
}

/// A CloudFront link to `location` with a canned policy; a disposition travels in its query,
/// signed into the resource. (A Content-Type does not: the distribution serves the one the
/// object was stored with.)
pub fn cdn_link(
    cdn: &CdnSigner,
    location: &ObjectLocation,
    options: &LinkOptions,
) -> PresignedLink {
    let query: Vec<(&str, &str)> = options
        .content_disposition
        .as_deref()
        .map(|d| ("response-content-disposition", d))
        .into_iter()
        .collect();
    let link = cdn.canned(&location.key, &query);
    PresignedLink {
        url: SignedUrl(link.url),
        method: Method::Get,
        headers: Vec::new(),
        expires_at: link.expires_at,
        effective_expires_at: None,
    }
}
