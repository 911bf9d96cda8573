//! Help text that both `--help` and the man page carry: exit codes, environment, config file.
//! A leaf: the CLI definition and the generated docs both read it, and it reads neither.

use crate::error::ExitKind;
use crate::settings::table::{config_keys_sentence, ROWS};

/// Environment variables that are not settings: the AWS credential chain's, and those that
/// describe where s3share runs.
const OTHER_ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, ...",
        "Credentials and everything else the standard AWS credential chain reads.",
    ),
    (
        "GITHUB_ACTIONS",
        "When \"true\", each link's signature is masked in the job log with ::add-mask:: \
         (turn off with --no-mask).",
    ),
    ("CI", "Set: no progress bars, no prompts and no history."),
    (
        "NO_COLOR",
        "Set and not empty: no colour on stderr (as --color never).",
    ),
];

/// Every environment variable s3share reads, with what it does: the settings' (from
/// [`ROWS`], naming their config key and flag), then the others.
pub fn environment() -> Vec<(String, String)> {
    let settings = ROWS.iter().filter(|k| !k.env.is_empty()).map(|row| {
        let also: Vec<String> = row
            .key
            .map(|key| format!("config: {key}"))
            .into_iter()
            .chain(row.flag.map(|flag| format!("as {flag}")))
            .collect();
        let meaning = if also.is_empty() {
            row.meaning.to_owned()
        } else {
            format!(
                "{} ({}).",
                row.meaning.trim_end_matches('.'),
                also.join("; ")
            )
        };
        (row.env.join(", "), meaning)
    });
    let others = OTHER_ENVIRONMENT
        .iter()
        .map(|(name, meaning)| ((*name).to_owned(), (*meaning).to_owned()));
    settings.chain(others).collect()
}

/// Where the config file is.
pub const CONFIG_PATH: &str = "$XDG_CONFIG_HOME/s3share/config.toml";

/// What the config file is and which keys it takes.
pub fn config_file() -> String {
    format!(
        "On Linux usually ~/.config/s3share/config.toml, the platform's config directory \
         elsewhere, or the file S3SHARE_CONFIG names. TOML with the keys {}. Precedence: flag > \
         environment > config file > built-in default. `s3share config` shows the effective \
         settings and where each came from; `s3share init` writes the file.",
        config_keys_sentence()
    )
}

/// Each config key and what it does, for the man page's FILES section.
pub fn config_keys() -> impl Iterator<Item = (&'static str, &'static str)> {
    ROWS.iter()
        .filter_map(|row| row.key.map(|key| (key, row.meaning)))
}

/// The documented exit codes (README, "Output and exit codes"), from [`ExitKind`]: code and
/// meaning.
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
    for (name, meaning) in environment() {
        text.push_str(&format!("  {name}\n      {meaning}\n"));
    }
    text.push_str(&format!(
        "\nConfig file:\n  {CONFIG_PATH}\n      {}",
        config_file()
    ));
    text
}
