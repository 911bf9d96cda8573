//! The settings table: every setting s3share has, once — its config key, the environment
//! variables and the flag that set it, what it does, and what happens when nothing sets it.
//!
//! `Settings` (in `settings/mod.rs`) resolves each setting by its row (the variables to read, the key to take
//! from the config file, which takes no other keys), `help.rs` writes the ENVIRONMENT and
//! config-file text of `--help` and the man page from it, and `s3share config` lists the rows in
//! this order. A setting added here shows up in all of them; one missing here cannot be read from
//! the environment or the file, and the tests that compare this table with `s3share config` and
//! the README catch the rest.

/// One setting.
#[derive(Debug)]
pub struct Row {
    /// Its key in the config file; `None` for what only the environment sets.
    pub key: Option<&'static str>,
    /// The environment variables that set it, the one that wins first.
    pub env: &'static [&'static str],
    /// The flag that sets it, if any.
    pub flag: Option<&'static str>,
    /// What it does, one sentence for `--help` and the man page.
    pub meaning: &'static str,
    /// What happens when it is not set, for `s3share config`; empty when it has a default.
    pub unset: &'static str,
}

/// The variable that names the config file.
pub const CONFIG_VAR: &str = "S3SHARE_CONFIG";

/// Every setting, in the order `s3share config` shows them.
pub const ROWS: &[Row] = &[
    Row {
        key: Some("bucket"),
        env: &["S3SHARE_BUCKET"],
        flag: None,
        meaning: "Default bucket for bare keys.",
        unset: "bare keys need s3://BUCKET/KEY",
    },
    Row {
        key: Some("prefix"),
        env: &["S3SHARE_PREFIX"],
        flag: None,
        meaning: "Prefix put before bare keys and uploaded file names.",
        unset: "keys are used as given",
    },
    Row {
        key: Some("expires"),
        env: &["S3SHARE_EXPIRES"],
        flag: Some("--expires"),
        meaning: "Default link lifetime, e.g. 1h or 7d (default 1h, at most 7d).",
        unset: "",
    },
    Row {
        key: Some("profile"),
        env: &["AWS_PROFILE"],
        flag: Some("--profile"),
        meaning: "AWS profile for credentials, region and endpoint.",
        unset: "the AWS default profile",
    },
    Row {
        key: Some("region"),
        env: &["AWS_REGION", "AWS_DEFAULT_REGION"],
        flag: Some("--region"),
        meaning: "Signing region.",
        unset: "from the AWS profile, else us-east-1",
    },
    Row {
        key: Some("endpoint_url"),
        env: &["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"],
        flag: Some("--endpoint-url"),
        meaning: "S3-compatible endpoint (MinIO, R2, a local server).",
        unset: "AWS S3",
    },
    Row {
        key: Some("path_style"),
        env: &[],
        flag: Some("--path-style"),
        meaning: "Path-style addressing (endpoint/bucket/key); automatic for IP and localhost \
                  endpoints.",
        unset: "",
    },
    Row {
        key: Some("multipart_threshold"),
        env: &[],
        flag: None,
        meaning: "Files at least this large are uploaded in parallel parts (default 64MiB, at \
                  least 5MiB).",
        unset: "",
    },
    Row {
        key: Some("concurrency"),
        env: &[],
        flag: None,
        meaning: "Parts, ranges or files transferred at once (default 8).",
        unset: "",
    },
    Row {
        key: Some("sse"),
        env: &["S3SHARE_SSE"],
        flag: Some("--sse"),
        meaning: "Server-side encryption for uploads and PUT links: AES256 or aws:kms.",
        unset: "objects get the bucket's default encryption",
    },
    Row {
        key: Some("sse_kms_key_id"),
        env: &["S3SHARE_SSE_KMS_KEY_ID"],
        flag: Some("--sse-kms-key-id"),
        meaning: "The KMS key for aws:kms.",
        unset: "aws:kms uses the AWS managed key aws/s3",
    },
    Row {
        key: Some("timeout"),
        env: &["S3SHARE_TIMEOUT"],
        flag: None,
        meaning: "How long a transfer may make no progress before it fails, e.g. 2m (default \
                  60s).",
        unset: "",
    },
    Row {
        key: Some("cdn.url"),
        env: &["S3SHARE_CDN_URL"],
        flag: None,
        meaning: "CloudFront distribution download links go through, e.g. \
                  https://d111111abcdef8.cloudfront.net ([cdn] url in the file).",
        unset: "download links are presigned S3 links",
    },
    Row {
        key: Some("cdn.key_id"),
        env: &["S3SHARE_CDN_KEY_ID"],
        flag: None,
        meaning: "Id of the CloudFront public key whose private key signs CDN links.",
        unset: "no CloudFront links",
    },
    Row {
        key: Some("cdn.private_key"),
        env: &["S3SHARE_CDN_PRIVATE_KEY"],
        flag: None,
        meaning: "PEM file of the private key that signs CDN links (ECDSA P-256 or RSA-2048); \
                  read only when one is signed.",
        unset: "no CloudFront links",
    },
    Row {
        key: Some("history"),
        env: &["S3SHARE_HISTORY"],
        flag: None,
        meaning: "Whether printed links are recorded in the local history (s3share links): on \
                  by default, off with S3SHARE_HISTORY=off or history = false. CI never records.",
        unset: "",
    },
    Row {
        key: None,
        env: &[CONFIG_VAR],
        flag: None,
        meaning: "Path of the config file; it must exist when set.",
        unset: "",
    },
];

/// The setting with config key `key`.
///
/// # Panics
/// When there is none: the callers name keys in the source, and the tests run every one.
pub fn row(key: &str) -> &'static Row {
    ROWS.iter()
        .find(|k| k.key == Some(key))
        .unwrap_or_else(|| panic!("no setting {key} in the settings table"))
}

/// The environment variables that set the setting with config key `key`.
pub fn env_of(key: &str) -> &'static [&'static str] {
    row(key).env
}

/// The config file's keys, in order.
pub fn config_keys() -> impl Iterator<Item = &'static str> {
    ROWS.iter().filter_map(|k| k.key)
}

/// The config file's keys as a list for people: `a, b and c`.
pub fn config_keys_sentence() -> String {
    let keys: Vec<&str> = config_keys().collect();
    match keys.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_variables_are_unique() {
        let keys: Vec<_> = config_keys().collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(keys.len(), unique.len());
        let vars: Vec<_> = ROWS.iter().flat_map(|k| k.env).collect();
        let mut unique = vars.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(vars.len(), unique.len());
    }

    #[test]
    fn the_sentence_lists_every_key() {
        let sentence = config_keys_sentence();
        assert!(
            sentence.starts_with("bucket, prefix, expires"),
            "{sentence}"
        );
        assert!(sentence.ends_with(" and history"), "{sentence}");
        assert_eq!(sentence.matches(", ").count() + 2, config_keys().count());
    }
}
