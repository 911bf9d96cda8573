//! Secrets that cannot leak by accident (after xh's `redacted.rs`): the parts of a signed URL
//! that make it work, found in one place, so `::add-mask::` in CI and every `{:?}` of a link
//! hide the same thing.

use std::collections::BTreeMap;
use std::fmt;

/// The parts of `url` to mask, exactly as they appear in it (still percent-encoded): the
/// `X-Amz-Signature` value and any `X-Amz-Security-Token`; for a URL signed some other way (SigV2
/// `Signature=`, or anything unknown), the whole query string; and the fragment, which holds the
/// key of an encrypted share.
pub fn secrets_in(url: &str) -> Vec<&str> {
    let (url, fragment) = match url.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment).filter(|f| !f.is_empty())),
        None => (url, None),
    };
    let mut secrets = query_secrets(url);
    secrets.extend(fragment);
    secrets
}

/// The secrets in the query of `url` (which has no fragment).
fn query_secrets(url: &str) -> Vec<&str> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    let value = |name: &str| {
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key.eq_ignore_ascii_case(name) && !value.is_empty()).then_some(value)
        })
    };
    match value("X-Amz-Signature") {
        Some(signature) => std::iter::once(signature)
            .chain(value("X-Amz-Security-Token"))
            .collect(),
        None if query.is_empty() => Vec::new(),
        None => vec![query],
    }
}

/// `url` with its secrets (see [`secrets_in`]) replaced by `(redacted)`.
pub fn redact_url(url: &str) -> String {
    secrets_in(url)
        .into_iter()
        .fold(url.to_owned(), |url, secret| {
            url.replace(secret, "(redacted)")
        })
}

/// A signed URL whose `Debug` hides the signature, so a log line or a panic never prints a
/// working link. Serialized as the plain string.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SignedUrl(pub String);

impl fmt::Debug for SignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", redact_url(&self.0))
    }
}

impl std::ops::Deref for SignedUrl {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SignedUrl {
    fn from(url: &str) -> Self {
        SignedUrl(url.to_owned())
    }
}

/// The fields of a signed POST form whose `Debug` hides what grants the upload rights: the
/// policy, its signature and any session token. Serialized as the plain map.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct FormFields(pub BTreeMap<String, String>);

/// Form fields whose values are secrets, or grant what a secret does.
const SECRET_FIELDS: &[&str] = &[
    "policy",
    "x-amz-signature",
    "x-amz-security-token",
    "signature",
];

impl fmt::Debug for FormFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| {
                let secret = SECRET_FIELDS.iter().any(|s| name.eq_ignore_ascii_case(s));
                (name, if secret { "(redacted)" } else { value.as_str() })
            }))
            .finish()
    }
}

impl FromIterator<(String, String)> for FormFields {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(fields: I) -> Self {
        FormFields(fields.into_iter().collect())
    }
}

impl std::ops::Deref for FormFields {
    type Target = BTreeMap<String, String>;

    fn deref(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

impl std::ops::DerefMut for FormFields {
    fn deref_mut(&mut self) -> &mut BTreeMap<String, String> {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secrets_of_a_link_are_its_sigv4_signature_and_session_token() {
        let url = "https://b.s3.amazonaws.com/k?x-id=GetObject&X-Amz-Algorithm=AWS4-HMAC-SHA256\
                   &X-Amz-Security-Token=tok%2Fen&X-Amz-Signature=abc123&X-Amz-SignedHeaders=host";
        assert_eq!(secrets_in(url), ["abc123", "tok%2Fen"]);
        let url = "https://b.s3.amazonaws.com/k?X-Amz-Signature=abc123";
        assert_eq!(secrets_in(url), ["abc123"]);
    }

    #[test]
    fn the_secret_of_another_link_is_its_whole_query() {
        let url = "https://b.s3.amazonaws.com/k?AWSAccessKeyId=AK&Expires=1&Signature=x%2By";
        assert_eq!(
            secrets_in(url),
            ["AWSAccessKeyId=AK&Expires=1&Signature=x%2By"]
        );
        assert!(secrets_in("https://b.s3.amazonaws.com/k").is_empty());
        assert!(secrets_in("https://b.s3.amazonaws.com/k?").is_empty());
    }

    #[test]
    fn debug_of_a_signed_url_hides_signature_and_token() {
        let url = SignedUrl(
            "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=tok&X-Amz-Signature=abc123".into(),
        );
        let shown = format!("{url:?}");
        assert!(
            !shown.contains("abc123") && !shown.contains("tok&"),
            "{shown}"
        );
        assert!(shown.contains("X-Amz-Signature=(redacted)"), "{shown}");
        assert_eq!(&*url, url.0.as_str());
    }

    /// Every type that can hold a working link or upload rights, formatted with `{:?}` as a log
    /// line or a panic would: no signature, no policy, no token.
    #[test]
    fn no_type_that_holds_a_link_shows_its_secrets_in_debug() {
        const SIGNATURE: &str = "5ec7e75167a7a7";
        const TOKEN: &str = "T0KENs3cr3t";
        const POLICY: &str = "eyJleHBpcmF0aW9uIjoi";
        let url = SignedUrl(format!(
            "https://b.s3.amazonaws.com/k?X-Amz-Security-Token={TOKEN}&X-Amz-Signature={SIGNATURE}"
        ));
        let fields = FormFields(
            [
                ("policy", POLICY),
                ("x-amz-signature", SIGNATURE),
                ("x-amz-security-token", TOKEN),
                ("key", "incoming/"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        );
        let record = crate::output::LinkRecord {
            url: &url,
            method: "GET",
            bucket: "b",
            key: "k",
            expires_at: String::new(),
            effective_expires_at: None,
            headers: BTreeMap::new(),
            size: None,
            sha256: None,
            extra: BTreeMap::new(),
        };
        let entry = crate::history::Entry {
            id: "ab12".into(),
            at: String::new(),
            command: "share".into(),
            method: "GET".into(),
            location: "s3://b/k".into(),
            url: Some(url.clone()),
            expires_at: String::new(),
            effective_expires_at: None,
            profile: None,
            endpoint: None,
            region: None,
            temporary: true,
            revocable: None,
            count: None,
            shared: None,
            encrypted: false,
            cdn: None,
        };
        let post = crate::pages::PostData {
            url: "https://b.s3.amazonaws.com/".into(),
            fields: fields.clone(),
        };
        let request = crate::pages::RequestData {
            kind: "request".into(),
            version: 1,
            bucket: "b".into(),
            prefix: "incoming/".into(),
            expires_at: String::new(),
            max_size: 1,
            content_type: None,
            recipient: None,
            post: post.clone(),
            encrypted: None,
        };
        let file = crate::pages::FolderFile {
            path: "k".into(),
            size: 1,
            modified: None,
            url: url.clone(),
            crc32: None,
        };
        let form = crate::s3::post_policy::PostForm {
            url: "https://b.s3.amazonaws.com/".into(),
            fields,
            expires_at: std::time::SystemTime::UNIX_EPOCH,
        };
        for shown in [
            format!("{record:?}"),
            format!("{entry:?}"),
            format!("{post:?}"),
            format!("{request:?}"),
            format!("{file:?}"),
            format!("{form:?}"),
        ] {
            for secret in [SIGNATURE, TOKEN, POLICY] {
                assert!(!shown.contains(secret), "{secret} in {shown}");
            }
            assert!(shown.contains("(redacted)"), "{shown}");
        }
    }
}
