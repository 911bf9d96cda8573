//! Reading a presigned URL back: what it points at, who signed it, and until when.
//!
//! Understands SigV4 query signing (`X-Amz-*`) and legacy SigV2 (`AWSAccessKeyId`, `Expires`,
//! `Signature`), path-style and virtual-hosted addresses. The signature itself is never kept,
//! only whether it has the shape every signature of its scheme has ([`SignatureShape`]).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use percent_encoding::percent_decode_str;

use crate::error::Failure;
use crate::layout;

/// Who signed a link, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signing {
    /// AWS Signature Version 4.
    V4 {
        /// The region in the credential scope.
        region: String,
        /// The service in the credential scope (`s3`).
        service: String,
        /// When it was signed.
        signed_at: SystemTime,
        /// How long it is valid from `signed_at`.
        expires_in: Duration,
        /// Headers covered by the signature (lower case, `host` included).
        signed_headers: Vec<String>,
    },
    /// Legacy Signature Version 2.
    V2,
}

/// Whether a link's signature looks like one (the signature itself is not kept): a link cut
/// off or wrapped by a mail program loses its end, where the signature is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureShape {
    /// The shape of every signature of its scheme: 64 lower-case hex digits for SigV4, the
    /// base64 of an HMAC-SHA1 or HMAC-SHA256 for SigV2.
    Whole,
    /// No signature parameter, or an empty one.
    Missing,
    /// Another shape; `chars`: how long it is.
    Malformed {
        /// The signature's length in characters.
        chars: usize,
    },
}

/// What a link is for: one of s3share's own pages (known by its key), else what the SDK's
/// `x-id` marker says it was signed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A file request page (`s3share request`): it takes files through its form.
    RequestPage,
    /// A folder page (`s3share share s3://bucket/prefix/`): links to download.
    FolderPage,
    /// The page of an end-to-end encrypted share (`s3share upload --encrypt`).
    EncryptedShare,
    /// A download link (GetObject).
    Download,
    /// An upload link (PutObject).
    Upload,
    /// A link that deletes its object (DeleteObject).
    Delete,
    /// The link does not say (no `x-id`: a HEAD link, or one made by another tool).
    Unknown,
}

/// A presigned URL taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresignedUrl {
    /// `scheme://host[:port]`.
    pub endpoint: String,
    /// The bucket, when the address names one.
    pub bucket: Option<String>,
    /// The decoded key, when the address names one.
    pub key: Option<String>,
    /// The access key id that signed it (not a secret).
    pub access_key_id: String,
    /// Whether it carries a session token (temporary credentials).
    pub session_token: bool,
    /// When it stops working, as signed.
    pub expires_at: SystemTime,
    /// The method the SDK marked it for (`x-id`), when it says.
    pub method: Option<&'static str>,
    /// The signature scheme and its details.
    pub signing: Signing,
    /// Whether the signature looks whole.
    pub signature: SignatureShape,
}

/// Whether `text` is an http(s) link (any case) rather than an s3:// location or a bare key.
pub fn is_link(text: &str) -> bool {
    let scheme = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    scheme.starts_with("http://") || scheme.starts_with("https://")
}

impl PresignedUrl {
    /// Whether `other` points into the same bucket on the same endpoint as this link: the only
    /// links a page read through this one may make s3share follow (a hostile page could name
    /// hosts on the recipient's network, or a cloud's metadata address).
    pub fn same_bucket(&self, other: &PresignedUrl) -> bool {
        self.endpoint.eq_ignore_ascii_case(&other.endpoint)
            && self.bucket.is_some()
            && self.bucket == other.bucket
    }

    /// Parses `text`; anything that is not a presigned S3 URL is a usage error. A link whose
    /// signature is missing or malformed is read all the same (see `signature`).
    pub fn parse(text: &str) -> Result<PresignedUrl, Failure> {
        let url = url::Url::parse(text.trim()).map_err(|e| not_presigned(&e.to_string()))?;
        Self::read(&url).map_err(|why| not_presigned(&why))
    }

    /// Reads `text` as a link someone signed: `Ok(None)` when nothing in it says it was signed
    /// (a plain URL, used as it is), a usage error naming what is missing or malformed when its
    /// parameters say it was signed but cannot be read (a link cut off when it was copied).
    pub fn read_signed(text: &str) -> Result<Option<PresignedUrl>, Failure> {
        let Ok(url) = url::Url::parse(text.trim()) else {
            return Ok(None);
        };
        let signed = url.query_pairs().any(|(name, _)| {
            ["X-Amz-Algorithm", "X-Amz-Credential", "AWSAccessKeyId"]
                .iter()
                .any(|marker| name.eq_ignore_ascii_case(marker))
        });
        if !signed {
            return Ok(None);
        }
        Self::read(&url).map(Some).map_err(|why| {
            Failure::usage(format!("the link is incomplete or damaged: {why}")).hint(COPY_AGAIN)
        })
    }

    fn read(url: &url::Url) -> Result<PresignedUrl, String> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err("it is not an http(s) URL".to_owned());
        }
        let host = url.host_str().ok_or("it has no host")?.to_owned();
        let query = Query(
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        );
        let endpoint = match url.port() {
            Some(port) => format!("{}://{host}:{port}", url.scheme()),
            None => format!("{}://{host}", url.scheme()),
        };
        let (bucket, key) = locate(&host, url.path());
        let method = match query.get("x-id") {
            Some("GetObject") => Some("GET"),
            Some("PutObject") => Some("PUT"),
            Some("DeleteObject") => Some("DELETE"),
            _ => None,
        };
        let signed = match query.get("X-Amz-Algorithm") {
            Some(algorithm) => signed_v4(&query, algorithm)?,
            None => signed_v2(&query)?,
        };
        Ok(PresignedUrl {
            endpoint,
            bucket,
            key,
            access_key_id: signed.access_key_id,
            session_token: signed.session_token,
            expires_at: signed.expires_at,
            method,
            signing: signed.signing,
            signature: signed.signature,
        })
    }

    /// What the link is for.
    pub fn kind(&self) -> LinkKind {
        let key = self.key.as_deref().unwrap_or_default();
        if layout::is_request_page(key) {
            LinkKind::RequestPage
        } else if layout::is_folder_page(key) {
            LinkKind::FolderPage
        } else if layout::encrypted_page_id(key).is_some() {
            LinkKind::EncryptedShare
        } else {
            match self.method {
                Some("GET") => LinkKind::Download,
                Some("PUT") => LinkKind::Upload,
                Some("DELETE") => LinkKind::Delete,
                _ => LinkKind::Unknown,
            }
        }
    }

    /// What is wrong with the link's signature, in words, when it does not look whole.
    pub fn signature_problem(&self) -> Option<String> {
        let (name, shape) = match self.signing {
            Signing::V4 { .. } => (
                "X-Amz-Signature",
                "a SigV4 signature is 64 lower-case hexadecimal characters",
            ),
            Signing::V2 => (
                "Signature",
                "a SigV2 signature is the base64 of 20 or 32 bytes (28 or 44 characters)",
            ),
        };
        match self.signature {
            SignatureShape::Whole => None,
            SignatureShape::Missing => Some(format!(
                "the link's signature ({name}) is missing: the link was cut off"
            )),
            SignatureShape::Malformed { chars } => Some(format!(
                "the link's signature is damaged: {shape}, this one has {chars}"
            )),
        }
    }

    /// The headers the user must send besides `Host` (SigV4 only).
    pub fn required_headers(&self) -> Vec<&str> {
        match &self.signing {
            Signing::V4 { signed_headers, .. } => signed_headers
                .iter()
                .map(String::as_str)
                .filter(|h| *h != "host")
                .collect(),
            Signing::V2 => Vec::new(),
        }
    }

    /// Whether the link has expired at `now`.
    pub fn is_expired(&self, now: SystemTime) -> bool {
        now >= self.expires_at
    }
}

/// A link's query parameters, looked up by name regardless of case.
struct Query(Vec<(String, String)>);

impl Query {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Who signed a link, how, and until when.
struct Signed {
    access_key_id: String,
    session_token: bool,
    expires_at: SystemTime,
    signing: Signing,
    signature: SignatureShape,
}

/// The hint for a link that lost part of itself on the way.
pub const COPY_AGAIN: &str = "copy the whole link again, up to its end, exactly as it was sent \
     (mail programs cut and wrap long links); in a shell, put it in single quotes";

/// Why `text` is no presigned URL, as a usage error.
fn not_presigned(why: &str) -> Failure {
    Failure::usage(format!("not a presigned URL: {why}"))
        .hint("pass the whole link, quoted: s3share inspect 'https://…?X-Amz-Signature=…'")
}

/// The shape of a signature parameter's value, `whole` saying what a whole one looks like.
fn shape(value: Option<&str>, whole: impl Fn(&str) -> bool) -> SignatureShape {
    match value {
        None | Some("") => SignatureShape::Missing,
        Some(value) if whole(value) => SignatureShape::Whole,
        Some(value) => SignatureShape::Malformed {
            chars: value.chars().count(),
        },
    }
}

/// Whether `value` is a SigV4 signature: a hex SHA-256 HMAC, as S3 writes it.
fn is_v4_signature(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether `value` is a SigV2 signature: the base64 of an HMAC-SHA1 or HMAC-SHA256. A `+`
/// left unencoded in the link reads as a space.
fn is_v2_signature(value: &str) -> bool {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(value.replace(' ', "+"))
        .is_ok_and(|mac| matches!(mac.len(), 20 | 32))
}

/// The SigV4 parameters (`X-Amz-Algorithm` was `algorithm`).
fn signed_v4(query: &Query, algorithm: &str) -> Result<Signed, String> {
    if algorithm != "AWS4-HMAC-SHA256" {
        return Err(format!("unsupported algorithm {algorithm}"));
    }
    let credential = query
        .get("X-Amz-Credential")
        .ok_or("X-Amz-Credential is missing")?;
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key_id, _date, region, service, "aws4_request"] = parts[..] else {
        return Err("X-Amz-Credential is malformed".to_owned());
    };
    let signed_at = query
        .get("X-Amz-Date")
        .and_then(parse_amz_date)
        .ok_or("X-Amz-Date is missing or malformed")?;
    let expires_in = query
        .get("X-Amz-Expires")
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_secs)
        .ok_or("X-Amz-Expires is missing or malformed")?;
    let signed_headers = query
        .get("X-Amz-SignedHeaders")
        .unwrap_or("host")
        .split(';')
        .map(str::to_owned)
        .collect();
    Ok(Signed {
        access_key_id: access_key_id.to_owned(),
        session_token: query.get("X-Amz-Security-Token").is_some(),
        expires_at: signed_at + expires_in,
        signature: shape(query.get("X-Amz-Signature"), is_v4_signature),
        signing: Signing::V4 {
            region: region.to_owned(),
            service: service.to_owned(),
            signed_at,
            expires_in,
            signed_headers,
        },
    })
}

/// The legacy SigV2 parameters, or why there are none.
fn signed_v2(query: &Query) -> Result<Signed, String> {
    let (Some(access_key_id), Some(expires)) = (query.get("AWSAccessKeyId"), query.get("Expires"))
    else {
        return Err("it has no X-Amz-Signature (SigV4) or Signature (SigV2) parameters".to_owned());
    };
    let expires_at = expires
        .parse::<u64>()
        .map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
        .map_err(|_| "Expires is not a Unix time")?;
    Ok(Signed {
        access_key_id: access_key_id.to_owned(),
        session_token: query.get("x-amz-security-token").is_some(),
        expires_at,
        signing: Signing::V2,
        signature: shape(query.get("Signature"), is_v2_signature),
    })
}

/// Splits an address into bucket and key: virtual-hosted on AWS hosts (`bkt.s3.…amazonaws.com`),
/// path-style everywhere else.
fn locate(host: &str, path: &str) -> (Option<String>, Option<String>) {
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let path = path.strip_prefix('/').unwrap_or(path);
    let virtual_bucket = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
        .and_then(|h| h.rsplit_once(".s3").map(|(bucket, _)| bucket))
        .filter(|b| !b.is_empty());
    let (bucket, key) = match virtual_bucket {
        Some(bucket) => (Some(bucket.to_owned()), path.to_owned()),
        None => {
            let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
            (
                Some(decode(bucket)).filter(|b| !b.is_empty()),
                key.to_owned(),
            )
        }
    };
    (bucket, Some(decode(&key)).filter(|k| !k.is_empty()))
}

/// Parses `20261123T161155Z`.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    if text.len() != 16 || !text.is_ascii() {
        return None;
    }
    let rfc3339 = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &text[0..4],
        &text[4..6],
        &text[6..8],
        &text[9..11],
        &text[11..13],
        &text[13..15]
    );
    humantime::parse_rfc3339(&rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const V4: &str = "https://bkt.s3.eu-west-1.amazonaws.com/dir/a%20b%2Bc.txt?x-id=PutObject&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261123%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20261123T161155Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=abcdef&X-Amz-Security-Token=tok";

    #[test]
    fn parses_a_virtual_hosted_sigv4_link() {
        let link = PresignedUrl::parse(V4).unwrap();
        assert_eq!(link.bucket.as_deref(), Some("bkt"));
        assert_eq!(link.key.as_deref(), Some("dir/a b+c.txt"));
        assert_eq!(link.access_key_id, "AKIDEXAMPLE");
        assert!(link.session_token);
        assert_eq!(link.method, Some("PUT"));
        assert_eq!(link.required_headers(), ["content-type"]);
        assert_eq!(
            humantime::format_rfc3339(link.expires_at).to_string(),
            "2026-11-23T17:11:55Z"
        );
        let Signing::V4 {
            region, expires_in, ..
        } = &link.signing
        else {
            panic!()
        };
        assert_eq!((region.as_str(), expires_in.as_secs()), ("eu-west-1", 3600));
    }

    #[test]
    fn parses_path_style_and_sigv2_links() {
        let link = PresignedUrl::parse(
            "http://127.0.0.1:9000/bkt/a//b?AWSAccessKeyId=AKID&Expires=1700000000&Signature=xyz%3D",
        )
        .unwrap();
        assert_eq!(link.endpoint, "http://127.0.0.1:9000");
        assert_eq!(
            (link.bucket.as_deref(), link.key.as_deref()),
            (Some("bkt"), Some("a//b"))
        );
        assert_eq!(link.signing, Signing::V2);
        assert!(link.is_expired(SystemTime::now()));
    }

    #[test]
    fn rejects_what_is_not_a_presigned_url() {
        for bad in [
            "s3://bkt/key",
            "https://example.com/file.txt",
            "not a url",
            "https://bkt.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=bad",
        ] {
            assert!(PresignedUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
