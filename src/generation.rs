//! Shell completions and the man page, generated from the same clap definition that parses the
//! command line, so they cannot drift from it. The checked-in `completions/` and `man/` are this
//! output; `tests/generated.rs` keeps them equal and `scripts/generate-docs.sh` refreshes them.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The program name completions and the man page are generated for.
const NAME: &str = "s3share";

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
bucket, prefix, expires, profile, region, endpoint_url, path_style, multipart_threshold and \
concurrency. Precedence: flag > environment > config file > built-in default. \
`s3share config` shows the effective settings and where each came from; `s3share init` writes \
the file.";

/// The documented exit codes (DESIGN.md §5).
pub const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    ("1", "Any other error."),
    ("2", "Usage error: a bad flag, argument or value."),
    (
        "3",
        "Configuration or credentials missing or unusable (also --strict refusing a link).",
    ),
    ("4", "Not found: the object, bucket or file does not exist."),
    ("5", "Access denied, link expired or signature rejected."),
    ("6", "Network failure or timeout."),
    ("7", "Integrity check failed."),
    ("130", "Interrupted (Ctrl-C)."),
];

/// The `--help` epilogue: exit codes, environment and config file, as plain text.
pub fn long_help_epilogue() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in EXIT_STATUS {
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

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, NAME, &mut script);
    script
}

/// The man page (roff): the top-level page, a section per command with its options and examples,
/// then ENVIRONMENT, FILES and EXIT STATUS.
pub fn man_page() -> io::Result<Vec<u8>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    // No date: the page must be byte-for-byte reproducible for the checked-in copy.
    let man = clap_mangen::Man::new(command.clone()).date("");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;

    writeln!(page, ".SH COMMANDS")?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{NAME} {}", sub.get_name());
        writeln!(page, ".SS \"{}\"", roff_escape(&name))?;
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            paragraph(&mut page, &about.to_string())?;
        }
        // The command's own arguments only: the global options are documented once, above.
        let own = clap::Command::new("command")
            .bin_name(&name)
            .disable_help_flag(true)
            .disable_version_flag(true)
            .args(
                sub.get_arguments()
                    .filter(|a| {
                        !a.is_global_set() && !matches!(a.get_id().as_str(), "help" | "version")
                    })
                    .cloned(),
            );
        // clap_mangen renders synopsis and options under their own .SH headings; drop those so
        // each command's stay inside its .SS.
        let sub_man = clap_mangen::Man::new(own);
        let mut parts = Vec::new();
        sub_man.render_synopsis_section(&mut parts)?;
        writeln!(parts, ".PP")?;
        sub_man.render_options_section(&mut parts)?;
        writeln!(page, ".PP")?;
        for line in String::from_utf8_lossy(&parts).lines() {
            if !line.starts_with(".SH") {
                writeln!(page, "{line}")?;
            }
        }
        if let Some(examples) = sub.get_after_long_help() {
            writeln!(page, ".PP")?;
            preformatted(&mut page, &examples.to_string())?;
        }
    }

    writeln!(page, ".SH ENVIRONMENT")?;
    for (name, meaning) in ENVIRONMENT {
        writeln!(page, ".TP\n\\fB{}\\fR", roff_escape(name))?;
        writeln!(page, "{}", roff_text(meaning))?;
    }
    writeln!(page, ".SH FILES")?;
    writeln!(page, ".TP\n\\fB{}\\fR", roff_escape(CONFIG_PATH))?;
    writeln!(page, "{}", roff_text(CONFIG_FILE))?;
    writeln!(page, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in EXIT_STATUS {
        writeln!(page, ".TP\n\\fB{code}\\fR\n{}", roff_text(meaning))?;
    }
    man.render_version_section(&mut page)?;
    Ok(without_repeated_preamble(&page))
}

/// clap_mangen starts every section it renders with the same two lines defining `\*(Aq`; once
/// at the top is enough.
fn without_repeated_preamble(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if !preamble || seen.insert(line.to_owned()) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

fn paragraph(page: &mut Vec<u8>, text: &str) -> io::Result<()> {
    writeln!(page, ".PP")?;
    writeln!(page, "{}", roff_text(text))
}

/// Text kept line for line, as in the examples.
fn preformatted(page: &mut Vec<u8>, text: &str) -> io::Result<()> {
    writeln!(page, ".nf")?;
    for line in text.lines() {
        writeln!(page, "{}", roff_text(line))?;
    }
    writeln!(page, ".fi")
}

/// Escapes text for roff: backslashes, hyphens (so they stay ASCII in copy-paste), and lines
/// that would start with a control character.
fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// Like [`roff_escape`], and guards a leading `.` or `'` that roff would read as a request.
fn roff_text(text: &str) -> String {
    let escaped = roff_escape(text);
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_page_documents_exit_codes_environment_and_config_file() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        for needle in [
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            "S3SHARE_BUCKET",
            "config.toml",
            ".SS \"s3share presign\"",
            "\\-\\-expires",
        ] {
            assert!(page.contains(needle), "{needle} missing from the man page");
        }
        assert_eq!(page.matches(".SH OPTIONS").count(), 1);
    }

    #[test]
    fn every_shell_gets_a_script() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let script = String::from_utf8(completions(shell)).unwrap();
            assert!(script.contains("presign"), "{shell}");
        }
    }
}
