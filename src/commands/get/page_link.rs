//! The link to a page (a folder's, an encrypted share's) as `get` reads it, and the only links
//! a page read through it may make s3share follow: into the same bucket on the same endpoint for
//! a presigned S3 link, to the same distribution for a CloudFront link (a distribution serves
//! one bucket). A hostile page could otherwise name hosts on the recipient's network, or a
//! cloud's metadata address.

use crate::cdn::link::CloudFrontUrl;
use crate::presigned_url::PresignedUrl;

/// A page's link: where it points, and what it lets the page lead to.
pub(super) struct PageLink {
    /// The page's object key.
    pub(super) key: String,
    scope: Scope,
}

/// Where the links a page holds may lead.
enum Scope {
    /// The same bucket on the same S3 endpoint.
    Bucket(Box<PresignedUrl>),
    /// The same CloudFront distribution (`scheme://host[:port]`).
    Distribution(String),
}

impl PageLink {
    /// Reads `url` as a presigned S3 link or a CloudFront signed URL; `None` for anything else.
    pub(super) fn parse(url: &str) -> Option<PageLink> {
        if let Some(cdn) = CloudFrontUrl::parse(url) {
            let cdn = cdn.ok()?;
            return Some(PageLink {
                key: cdn.key()?,
                scope: Scope::Distribution(cdn.host),
            });
        }
        let link = PresignedUrl::parse(url).ok()?;
        Some(PageLink {
            key: link.key.clone()?,
            scope: Scope::Bucket(Box::new(link)),
        })
    }

    /// Whether the page may make s3share follow `other`.
    pub(super) fn admits(&self, other: &str) -> bool {
        match &self.scope {
            Scope::Bucket(page) => {
                CloudFrontUrl::parse(other).is_none()
                    && PresignedUrl::parse(other).is_ok_and(|link| page.same_bucket(&link))
            }
            Scope::Distribution(host) => CloudFrontUrl::parse(other)
                .and_then(Result::ok)
                .is_some_and(|link| link.host.eq_ignore_ascii_case(host)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S3_PAGE: &str = "https://bkt.s3.us-east-1.amazonaws.com/.s3share/shares/abc/index.html?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261207%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261207T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn cdn(host: &str, path: &str) -> String {
        format!("{host}{path}?Expires=1893456000&Signature=c2ln&Key-Pair-Id=K2EXAMPLE&Hash-Algorithm=SHA256")
    }

    #[test]
    fn a_cdn_page_admits_its_own_distribution_only() {
        let page = PageLink::parse(&cdn(
            "https://d1.cloudfront.net",
            "/.s3share/shares/abc/index.html",
        ))
        .unwrap();
        assert_eq!(page.key, ".s3share/shares/abc/index.html");
        assert!(page.admits(&cdn("https://d1.cloudfront.net", "/photos/a%20b.txt")));
        assert!(!page.admits(&cdn("https://d2.cloudfront.net", "/photos/a.txt")));
        assert!(!page.admits(&cdn("http://169.254.169.254", "/latest/meta-data")));
        // A presigned S3 link is not the distribution, whatever bucket it names.
        assert!(!page.admits(S3_PAGE));
        assert!(!page.admits("https://d1.cloudfront.net/photos/a.txt"));
    }

    #[test]
    fn an_s3_page_admits_its_own_bucket_only() {
        let page = PageLink::parse(S3_PAGE).unwrap();
        assert_eq!(page.key, ".s3share/shares/abc/index.html");
        assert!(page.admits(S3_PAGE));
        assert!(!page.admits(&cdn("https://d1.cloudfront.net", "/x")));
    }

    #[test]
    fn a_cdn_page_keys_are_decoded() {
        let page =
            PageLink::parse(&cdn("https://d1.cloudfront.net", "/a%20b/caf%C3%A9.html")).unwrap();
        assert_eq!(page.key, "a b/café.html");
    }
}
