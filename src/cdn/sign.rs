//! Signing CloudFront links offline (CloudFront Developer Guide, "Create a signed URL using a
//! canned policy" and "… a custom policy"): the policy is JSON without whitespace, signed with
//! SHA-256 (`Hash-Algorithm=SHA256`), and the signature (and a custom policy) travel in
//! CloudFront's base64, where `+`, `=` and `/` become `-`, `_` and `~`.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::key::SigningKey;

/// Bytes kept as they are in a resource path: RFC 3986's unreserved characters and `/`. Everything
/// else (spaces, `+`, `%`, quotes, parentheses, `*`, `?`, non-ASCII) is percent-encoded, so the
/// URL a viewer requests is exactly the policy's resource, and `*` or `?` in a key never act as
/// a policy's wildcards.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Query values: unreserved characters only.
const QUERY: &AsciiSet = &PATH.add(b'/');

/// The query parameters CloudFront reads, which a resource must not carry itself.
pub const SIGNING_PARAMETERS: [&str; 5] = [
    "Expires",
    "Policy",
    "Signature",
    "Key-Pair-Id",
    "Hash-Algorithm",
];

/// Signs links to one distribution with one key, all expiring at the same second.
#[derive(Debug)]
pub struct CdnSigner {
    base: String,
    key_id: String,
    key: SigningKey,
    expires: u64,
}

/// A signed CloudFront link.
#[derive(Clone, Debug)]
pub struct CdnLink {
    /// The URL to hand out, signature included.
    pub url: String,
    /// When CloudFront stops serving it.
    pub expires_at: SystemTime,
}

impl CdnSigner {
    /// A signer for the distribution at `base` (`https://d111.cloudfront.net`, no trailing `/`),
    /// whose key group holds the public key `key_id`, for links living `expires_in` from `now`.
    pub fn new(
        base: &str,
        key_id: &str,
        key: SigningKey,
        now: SystemTime,
        expires_in: Duration,
    ) -> Self {
        let end = now + expires_in;
        CdnSigner {
            base: base.trim_end_matches('/').to_owned(),
            key_id: key_id.to_owned(),
            key,
            expires: end.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs(),
        }
    }

    /// When links from this signer expire (to the second, as signed).
    pub fn expires_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.expires)
    }

    /// The URL a viewer requests for `key` (with `query`, pairs of unencoded names and values):
    /// the resource a canned policy names.
    pub fn resource(&self, key: &str, query: &[(&str, &str)]) -> String {
        let mut url = format!("{}/{}", self.base, encode_key(key));
        for (i, (name, value)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            let _ = write!(
                url,
                "{}={}",
                utf8_percent_encode(name, QUERY),
                utf8_percent_encode(value, QUERY)
            );
        }
        url
    }

    /// A link for `key` signed with a canned policy: `Expires`, `Signature`, `Key-Pair-Id`.
    pub fn canned(&self, key: &str, query: &[(&str, &str)]) -> CdnLink {
        let resource = self.resource(key, query);
        let policy = policy(&resource, self.expires);
        let signature = cloudfront_base64(&self.key.sign(policy.as_bytes()));
        let url = format!(
            "{resource}{}Expires={}&Signature={signature}&Key-Pair-Id={}&Hash-Algorithm=SHA256",
            separator(&resource),
            self.expires,
            self.key_id
        );
        self.link(url)
    }

    fn link(&self, url: String) -> CdnLink {
        CdnLink {
            url,
            expires_at: self.expires_at(),
        }
    }
}

/// `?`, or `&` when `url` has a query already.
fn separator(url: &str) -> char {
    if url.contains('?') {
        '&'
    } else {
        '?'
    }
}

/// The policy CloudFront verifies for `resource` until `expires` (seconds since the epoch), as
/// botocore's `CloudFrontSigner.build_policy` writes it: a canned policy is this same statement.
/// The resource is ASCII (percent-encoded), so it needs no JSON escaping but `"` and `\`, which
/// encoding has removed.
pub fn policy(resource: &str, expires: u64) -> String {
    format!(
        r#"{{"Statement":[{{"Resource":"{resource}","Condition":{{"DateLessThan":{{"AWS:EpochTime":{expires}}}}}}}]}}"#
    )
}

/// An S3 key as a URL path: UTF-8 bytes percent-encoded (upper-case hex) except unreserved
/// characters and `/`; NFC and NFD forms stay as given (they are different keys).
pub fn encode_key(key: &str) -> String {
    utf8_percent_encode(key, PATH).to_string()
}

/// Base64 as CloudFront takes it in URLs: `+` → `-`, `=` → `_`, `/` → `~`.
pub fn cloudfront_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(bytes)
        .chars()
        .map(|c| match c {
            '+' => '-',
            '=' => '_',
            '/' => '~',
            c => c,
        })
        .collect()
}

/// The bytes of CloudFront's base64, `None` when it is not.
pub fn decode_cloudfront_base64(text: &str) -> Option<Vec<u8>> {
    let standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '=',
            '~' => '/',
            c => c,
        })
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(standard)
        .ok()
}

/// Checks a distribution URL: `https://HOST[/PATH]`, or `http://` to this machine only (a test
/// edge); the URL without a trailing `/`, or why not.
pub fn check_url(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text).map_err(|e| format!("'{text}' is not a URL ({e})"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(format!("'{text}' has no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(format!(
                "'{text}' is not https: CloudFront links must be https (http only for this machine)"
            ))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "'{text}' has a query or fragment: give the distribution's base URL"
        ));
    }
    Ok(text.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_encoded_as_s3_needs() {
        assert_eq!(encode_key("a b+c%d~e/f"), "a%20b%2Bc%25d~e/f");
        assert_eq!(encode_key("q\"'()*?#&="), "q%22%27%28%29%2A%3F%23%26%3D");
        assert_eq!(encode_key("caf\u{e9}"), "caf%C3%A9");
        assert_eq!(encode_key("cafe\u{301}"), "cafe%CC%81");
    }

    #[test]
    fn base64_uses_cloudfront_s_alphabet() {
        assert_eq!(cloudfront_base64(&[0xfb, 0xff]), "-~8_");
        assert_eq!(decode_cloudfront_base64("-~8_").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn the_policy_is_compact_json() {
        let text = policy("https://d.example/a%20b", 1_900_000_000);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed["Statement"][0]["Condition"]["DateLessThan"]["AWS:EpochTime"],
            1_900_000_000
        );
        assert!(!text.contains(' '));
    }

    #[test]
    fn only_https_or_loopback_http() {
        assert_eq!(
            check_url("https://d1.cloudfront.net/").unwrap(),
            "https://d1.cloudfront.net"
        );
        assert!(check_url("http://127.0.0.1:8080").is_ok());
        assert!(check_url("http://d1.cloudfront.net").is_err());
        assert!(check_url("ftp://localhost").is_err());
    }
}
