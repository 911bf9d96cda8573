//! Secrets that cannot leak by accident (after xh's `redacted.rs`): the parts of a signed URL
//! that make it work, found in one place, so `::add-mask::` in CI and every `{:?}` of a link
//! hide the same thing.

use std::fmt;

/// The parts of `url` to mask, exactly as they appear in it (still percent-encoded): the
/// `X-Amz-Signature` value and any `X-Amz-Security-Token`; for a URL signed some other way (SigV2
/// `Signature=`, or anything unknown), the whole query string.
pub fn secrets_in(url: &str) -> Vec<&str> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    let query = query.split('#').next().unwrap_or(query);
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
/// working link.
#[derive(Clone, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
