//! Browser-based uploads: an S3 POST policy signed with SigV4, offline.
//!
//! A POST policy lets anyone holding it upload with an HTML form (`multipart/form-data`, the
//! file last) under conditions S3 enforces: keys under one prefix, a size range, a Content-Type,
//! an expiry. Every form field must be covered by a condition, so the policy names all of them.
//! See "Browser-Based Uploads Using POST (AWS Signature Version 4)" in the S3 documentation.

use std::collections::BTreeMap;
use std::time::SystemTime;

use anyhow::Result;
use aws_sigv4::sign::v4::{calculate_signature, generate_signing_key};
use base64::Engine as _;
use serde_json::{json, Value};

use crate::s3::presign::Presigner;

/// S3's limit on one POST upload: 5 GiB.
pub const MAX_POST_SIZE: u64 = 5 * 1024 * 1024 * 1024;

/// The Content-Disposition every upload through a file request is stored with.
pub const STORED_DISPOSITION: &str = "attachment";

/// Types a browser runs as a page, with scripts, when it opens them.
const ACTIVE_TYPES: &[&str] = &[
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
];

/// A type the `--content-type` pattern `allowed` admits that a browser would run as a page, if
/// any: `image/*` admits `image/svg+xml`.
pub fn admits_active_content(allowed: &str) -> Option<&'static str> {
    ACTIVE_TYPES
        .iter()
        .copied()
        .find(|active| content_type_allowed(Some(allowed), active))
}

/// What a POST policy allows.
#[derive(Clone, Debug)]
pub struct PostRules {
    /// The bucket.
    pub bucket: String,
    /// Every key must start with this.
    pub prefix: String,
    /// The largest file, in bytes.
    pub max_size: u64,
    /// The Content-Type allowed: exactly this, or any starting with `type/` for `type/*`; any
    /// when `None`.
    pub content_type: Option<String>,
}

/// A signed policy: where to POST and the form fields to send (besides `key`, `Content-Type`
/// and, last, `file`).
#[derive(Clone, Debug)]
pub struct PostForm {
    /// The URL to POST to: the bucket's endpoint, as links to it are made.
    pub url: String,
    /// The form fields, signature included.
    pub fields: crate::redacted::FormFields,
    /// When the policy expires.
    pub expires_at: SystemTime,
}

impl Presigner<'_> {
    /// Signs a POST policy for `rules`, expiring with this presigner's links.
    pub async fn post_form(&self, rules: &PostRules) -> Result<PostForm> {
        let (start, region, credentials) = self.signer();
        let date = humantime::format_rfc3339_seconds(start).to_string();
        // 2026-11-27T10:00:00Z -> 20261127T100000Z
        let amz_date: String = date.chars().filter(|c| !matches!(c, '-' | ':')).collect();
        let day = &amz_date[..8];
        let credential = format!(
            "{}/{day}/{region}/s3/aws4_request",
            credentials.access_key_id()
        );
        let expires_at = self.expires_at();
        let expiration = humantime::format_rfc3339_millis(expires_at).to_string();

        let mut fields = BTreeMap::new();
        fields.insert("bucket".to_owned(), rules.bucket.clone());
        // Stored with the object, so a browser saves what arrives instead of showing it on the
        // bucket's origin, the origin of s3share's pages.
        fields.insert(
            "Content-Disposition".to_owned(),
            STORED_DISPOSITION.to_owned(),
        );
        fields.insert("success_action_status".to_owned(), "201".to_owned());
        fields.insert("x-amz-algorithm".to_owned(), "AWS4-HMAC-SHA256".to_owned());
        fields.insert("x-amz-credential".to_owned(), credential);
        fields.insert("x-amz-date".to_owned(), amz_date.clone());
        if let Some(token) = credentials.session_token() {
            fields.insert("x-amz-security-token".to_owned(), token.to_owned());
        }
        let mut conditions: Vec<Value> = fields
            .iter()
            .map(|(name, value)| json!({ name: value }))
            .collect();
        conditions.push(json!(["starts-with", "$key", rules.prefix]));
        // Empty files are refused: an accident, or a way to wipe out a file sent before.
        conditions.push(json!(["content-length-range", 1, rules.max_size]));
        conditions.push(content_type_condition(rules.content_type.as_deref()));
        let policy = json!({ "expiration": expiration, "conditions": conditions });
        let policy = base64::engine::general_purpose::STANDARD.encode(policy.to_string());

        let key = generate_signing_key(credentials.secret_access_key(), start, region, "s3");
        let signature = calculate_signature(key, policy.as_bytes());
        fields.insert("policy".to_owned(), policy);
        fields.insert("x-amz-signature".to_owned(), signature);
        Ok(PostForm {
            url: format!("{}/", self.bucket_url(&rules.bucket).await?),
            fields: crate::redacted::FormFields(fields),
            expires_at,
        })
    }
}

/// The condition on the `Content-Type` field the form always sends.
fn content_type_condition(allowed: Option<&str>) -> Value {
    match allowed {
        None => json!(["starts-with", "$Content-Type", ""]),
        Some(pattern) => match pattern.strip_suffix('*') {
            Some(prefix) => json!(["starts-with", "$Content-Type", prefix]),
            None => json!({ "Content-Type": pattern }),
        },
    }
}

/// Whether `content_type` is one `allowed` lets through (the page and the CLI check before
/// sending, so the refusal is explained rather than met).
pub fn content_type_allowed(allowed: Option<&str>, content_type: &str) -> bool {
    match allowed {
        None => true,
        Some(pattern) => match pattern.strip_suffix('*') {
            Some(prefix) => content_type.starts_with(prefix),
            None => content_type == pattern,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_patterns() {
        assert_eq!(
            content_type_condition(Some("image/*")),
            json!(["starts-with", "$Content-Type", "image/"])
        );
        assert_eq!(
            content_type_condition(Some("application/pdf")),
            json!({"Content-Type": "application/pdf"})
        );
        assert!(content_type_allowed(Some("image/*"), "image/png"));
        assert!(!content_type_allowed(Some("image/*"), "text/plain"));
        assert!(content_type_allowed(None, "anything/at-all"));
    }

    #[test]
    fn patterns_that_admit_pages_are_found() {
        assert_eq!(admits_active_content("image/*"), Some("image/svg+xml"));
        assert_eq!(admits_active_content("text/*"), Some("text/html"));
        assert_eq!(admits_active_content("*"), Some("text/html"));
        assert_eq!(admits_active_content("text/html"), Some("text/html"));
        for safe in [
            "image/png",
            "application/pdf",
            "audio/*",
            "video/*",
            "text/plain",
        ] {
            assert_eq!(admits_active_content(safe), None, "{safe}");
        }
    }
}
