//! Help text that both `--help` and the man page carry: exit codes, environment, config file.
//! A leaf: the CLI definition and the generated docs both read it, and it reads neither.

use crate::error::ExitKind;

/// Environment variables s3share reads itself, and the AWS ones it passes on to aws-config.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "S3SHARE_BUCKET",
        "Default bucket for bare keys (config: bucket).",
    ),
    (
        "S3SHARE_PREFIX",
        "Prefix put before bare keys and uploaded file names (config: prefix).",
    ),
    (
        "S3SHARE_EXPIRES",
        "Default link lifetime, e.g. 1h or 7d (config: expires).",
    ),
    (
        "S3SHARE_SSE, S3SHARE_SSE_KMS_KEY_ID",
        "Server-side encryption for uploads and PUT links, as --sse and --sse-kms-key-id \
         (config: sse, sse_kms_key_id).",
    ),
    (
        "S3SHARE_TIMEOUT",
        "How long a transfer may make no progress before it fails, e.g. 2m (config: timeout; \
         default 60s).",
    ),
    (
        "S3SHARE_HISTORY",
        "off keeps printed links out of the local history (config: history); CI never records.",
    ),
    (
        "S3SHARE_CONFIG",
        "Path of the config file; it must exist when set.",
    ),
    ("AWS_PROFILE", "AWS profile, as --profile."),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "Signing region, as --region.",
    ),
    (
        "AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL",
        "S3-compatible endpoint, as --endpoint-url.",
    ),
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ...",
        "Credentials and everything else the standard AWS credential chain reads.",
    ),
    (
        "GITHUB_ACTIONS",
        "When \"true\", each link's signature is masked in the job log with ::add-mask:: \
         (turn off with --no-mask).",
    ),
    ("CI", "Set: no progress bars and no prompts."),
    (
        "NO_COLOR",
        "Set and not empty: no colour on stderr (as --color never).",
    ),
];

/// Where the config file is.
pub const CONFIG_PATH: &str = "$XDG_CONFIG_HOME/s3share/config.toml";

/// What the config file is and which keys it takes.
pub const CONFIG_FILE: &str = "\
On Linux usually ~/.config/s3share/config.toml, the platform's config directory elsewhere, or \
the file S3SHARE_CONFIG names. TOML with the keys \
bucket, prefix, expires, profile, region, endpoint_url, path_style, multipart_threshold, \
concurrency, sse, sse_kms_key_id, timeout and history. Precedence: flag > environment > config file > built-in default. \
`s3share config` shows the effective settings and where each came from; `s3share init` writes \
the file.";

/// The documented exit codes (DESIGN.md §5), from [`ExitKind`]: code and meaning.
pub fn exit_status() -> Vec<(String, &'static str)> {
    std::iter::once(("0".to_owned(), "Success."))
        .chain(
            ExitKind::ALL
                .iter()
                .map(|k| (k.code().to_string(), k.meaning())),
        )
        .collect()
}

/// The `--help` epilogue: exit codes, environment and config file, as plain text.
pub fn long_help_epilogue() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in exit_status() {
        text.push_str(&format!("  {code:>3}  {meaning}\n"));
    }
    text.push_str("\nEnvironment:\n");
    for (name, meaning) in ENVIRONMENT {
        text.push_str(&format!("  {name}\n      {meaning}\n"));
    }
    text.push_str(&format!(
        "\nConfig file:\n  {CONFIG_PATH}\n      {CONFIG_FILE}"
    ));
    text
}
