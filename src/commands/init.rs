//! `s3share init`: first-run setup. Asks for an AWS profile, a bucket, a prefix and a default
//! link lifetime, and writes them into the config file.
//!
//! Prompts go to stderr and nothing to stdout. An existing file is updated in place (comments,
//! order and other keys such as `endpoint_url` stay), after the user agrees. Without a terminal
//! it asks nothing and says how to configure s3share instead.

use std::io::{self, IsTerminal, Write as _};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_types::os_shim_internal::{Env, Fs};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, Select};

use crate::error::{ExitKind, Failure};
use crate::expiry::parse_expiry;
use crate::location::check_bucket;
use crate::output::Output;
use crate::s3::client::S3Context;
use crate::settings::{Setting, Settings, Source};
use crate::terminal::escape;
use crate::transfer::interrupt::Interrupt;

/// The profile item that means "no profile": the standard credential chain decides.
const DEFAULT_CHAIN: &str = "(default chain)";
/// The bucket item that asks for a name instead.
const TYPE_ANOTHER: &str = "type another…";
/// How long listing buckets may take before init asks for a name instead.
const LIST_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs `init`.
pub async fn run(settings: &Settings, out: &mut Output) -> Result<()> {
    let path = settings.config_path.clone().ok_or_else(|| {
        Failure::config("no config directory to write the config file to")
            .hint("set S3SHARE_CONFIG to the file s3share should use")
    })?;
    if let Some(why) = not_interactive() {
        return Err(needs_terminal(&path, why).into());
    }
    // From here Ctrl-C is noticed: at a prompt through the prompt, while listing buckets here.
    let interrupt = Interrupt::listen();
    let existing = std::fs::read_to_string(&path).ok();
    let mut document = parse_existing(&path, existing.as_deref())?;
    let current = |key: &str| {
        document
            .get(key)
            .and_then(|item| item.as_str())
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };

    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if out.color() { &colorful } else { &SimpleTheme };

    let profile = choose_profile(theme, out, current("profile")).await?;
    let mut connection = settings.clone();
    connection.profile = profile.clone().map(|value| Setting {
        value,
        source: Source::Flag,
    });
    let bucket = choose_bucket(theme, out, &connection, current("bucket"), &interrupt).await?;
    let prefix: String = ask(Input::with_theme(theme)
        .with_prompt("Prefix for uploads and bare keys (empty for none)")
        .with_initial_text(current("prefix").unwrap_or_default())
        .allow_empty(true)
        .interact_text())?;
    let expires: String = ask(Input::with_theme(theme)
        .with_prompt("Default link lifetime (90s, 15m, 1h, 7d; at most 7d)")
        .default(current("expires").unwrap_or_else(|| "1h".to_owned()))
        .validate_with(|text: &String| parse_expiry(text.trim()).map(|_| ()))
        .interact_text())?;

    let values = [
        ("bucket", Some(bucket)),
        ("prefix", Some(prefix.trim().to_owned())),
        ("expires", Some(expires.trim().to_owned())),
        ("profile", profile),
    ];
    for (key, value) in values {
        match value.filter(|v| !v.is_empty()) {
            Some(value) => document[key] = toml_edit::value(value),
            None => {
                document.remove(key);
            }
        }
    }

    if existing.is_some() {
        let update = ask(Confirm::with_theme(theme)
            .with_prompt(format!(
                "Update {}? (other settings in it are kept)",
                path.display()
            ))
            .default(true)
            .interact())?;
        if !update {
            out.note(&format!("Left {} unchanged.", path.display()));
            return Ok(());
        }
    }
    write_atomically(&path, document.to_string().as_bytes())
        .with_context(|| format!("could not write the config file {}", path.display()))?;
    out.note(&format!("Wrote {}.", path.display()));
    warn_overridden(settings, out);
    out.note("`s3share config` shows the settings in force and where each comes from.");
    out.note(&format!(
        "Encrypted requests (`request --encrypt`) use a key kept beside it, {}: only that key opens \
         what people send you, so losing it loses those files. Back it up with \
         `s3share key export FILE`.",
        crate::request_key::path_beside(&path).display()
    ));
    Ok(())
}

/// The config file as it is, for editing in place (comments and other keys kept).
pub fn parse_existing(
    path: &Path,
    existing: Option<&str>,
) -> Result<toml_edit::DocumentMut, Failure> {
    match existing {
        Some(text) => text.parse::<toml_edit::DocumentMut>().map_err(|e| {
            Failure::config(format!(
                "invalid config file {}: {}",
                path.display(),
                e.message()
            ))
            .hint("fix it or move it away, then run `s3share init` again")
        }),
        None => Ok(toml_edit::DocumentMut::new()),
    }
}

/// Says which of the values just written the environment overrides.
fn warn_overridden(settings: &Settings, out: &Output) {
    for (setting, name) in [
        (&settings.bucket, "bucket"),
        (&settings.prefix, "prefix"),
        (&settings.profile, "profile"),
    ] {
        if let Some(Setting {
            source: Source::Env(var),
            ..
        }) = setting
        {
            out.warn(&format!(
                "{var} is set and overrides the {name} in the file"
            ));
        }
    }
    if let Source::Env(var) = settings.expires.source {
        out.warn(&format!(
            "{var} is set and overrides the expires in the file"
        ));
    }
}

/// Why prompting is not possible here, if it is not.
fn not_interactive() -> Option<&'static str> {
    if !io::stdin().is_terminal() {
        Some("stdin is not a terminal")
    } else if !io::stderr().is_terminal() {
        Some("stderr is not a terminal")
    } else if crate::output::in_ci() {
        Some("CI is set")
    } else {
        None
    }
}

/// The refusal without a terminal, naming the ways to configure s3share without prompts.
fn needs_terminal(path: &Path, why: &str) -> Failure {
    Failure::usage(format!("s3share init needs a terminal ({why})")).hint(format!(
        "without one, set S3SHARE_BUCKET=… S3SHARE_PREFIX=… S3SHARE_EXPIRES=… in the \
         environment, or write bucket = \"…\" (and prefix, expires, profile) into {}",
        path.display()
    ))
}

/// A prompt's answer; Ctrl-C ends init. The prompt reads keys with the terminal raw, so Ctrl-C
/// reaches it as a key: it raises SIGINT itself (which the [`Interrupt`] listener takes in) and
/// returns `Interrupted`, leaving the cursor hidden if it was a list.
fn ask<T>(answer: dialoguer::Result<T>) -> Result<T, Failure> {
    answer.map_err(|dialoguer::Error::IO(e)| {
        if e.kind() == io::ErrorKind::Interrupted {
            // Show the cursor again, and end the prompt's line.
            let _ = writeln!(io::stderr(), "\x1b[?25h");
            return interrupted();
        }
        Failure::new(ExitKind::Failure, format!("could not prompt: {e}")).cause(e)
    })
}

/// The failure for Ctrl-C during init: nothing needs undoing, since the file is written at the
/// very end, in one step.
fn interrupted() -> Failure {
    Interrupt::failure("nothing written")
}

/// Asks for the AWS profile; `None` is the default credential chain.
async fn choose_profile(
    theme: &dyn Theme,
    out: &Output,
    current: Option<String>,
) -> Result<Option<String>, Failure> {
    let profiles = match profile_names(&Fs::real(), &Env::real()).await {
        Ok(profiles) => profiles,
        Err(why) => {
            out.warn(&format!("could not read the AWS config files: {why}"));
            Vec::new()
        }
    };
    if profiles.is_empty() {
        out.note(
            "No AWS profiles in ~/.aws/config or ~/.aws/credentials (or the files \
             AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name): using the default \
             credential chain (environment, SSO, …).",
        );
        return Ok(None);
    }
    let mut items = vec![DEFAULT_CHAIN.to_owned()];
    items.extend(profiles);
    let selected = current
        .and_then(|name| items.iter().position(|item| *item == name))
        .unwrap_or(0);
    let shown: Vec<String> = items.iter().map(|p| escape(p).into_owned()).collect();
    let index = ask(Select::with_theme(theme)
        .with_prompt("AWS profile")
        .items(&shown)
        .default(selected)
        .max_length(15)
        .interact())?;
    Ok((index > 0).then(|| items[index].clone()))
}

/// Asks for the bucket: from the ones the profile can list, or typed.
async fn choose_bucket(
    theme: &dyn Theme,
    out: &Output,
    settings: &Settings,
    current: Option<String>,
    interrupt: &Interrupt,
) -> Result<String, Failure> {
    out.note("Listing buckets…");
    let listed = tokio::select! {
        listed = list_buckets(settings) => listed,
        () = interrupt.wait() => return Err(interrupted()),
    };
    let buckets = match listed {
        Ok(buckets) if buckets.is_empty() => {
            out.note("No buckets visible to these credentials.");
            Vec::new()
        }
        Ok(buckets) => buckets,
        Err(reason) => {
            out.note(&format!("Could not list buckets: {reason}."));
            Vec::new()
        }
    };
    if !buckets.is_empty() {
        let mut items = buckets;
        items.push(TYPE_ANOTHER.to_owned());
        let selected = current
            .as_ref()
            .and_then(|name| items.iter().position(|item| item == name))
            .unwrap_or(0);
        // Bucket names come from the server: shown escaped, chosen by position.
        let shown: Vec<String> = items.iter().map(|b| escape(b).into_owned()).collect();
        let index = ask(Select::with_theme(theme)
            .with_prompt("Default bucket")
            .items(&shown)
            .default(selected)
            .max_length(15)
            .interact())?;
        if index + 1 < items.len() {
            return Ok(items.swap_remove(index));
        }
    }
    let typed: String = ask(Input::with_theme(theme)
        .with_prompt("Default bucket")
        .with_initial_text(current.unwrap_or_default())
        .validate_with(|text: &String| bucket_name(text).map(|_| ()))
        .interact_text())?;
    Ok(bucket_name(&typed).expect("validated"))
}

/// The buckets these settings' credentials can list, or one line saying why not.
async fn list_buckets(settings: &Settings) -> Result<Vec<String>, String> {
    let context = S3Context::connect(&settings.connection())
        .await
        .map_err(|e| {
            crate::error::find_failure(&e).map_or_else(|| e.to_string(), |f| f.message.clone())
        })?;
    let response = tokio::time::timeout(LIST_TIMEOUT, context.client.list_buckets().send())
        .await
        .map_err(|_| format!("no answer within {}s", LIST_TIMEOUT.as_secs()))?
        .map_err(|e| match &e {
            SdkError::ServiceError(_) => match (e.code(), e.message()) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(code), None) => code.to_owned(),
                _ => "the server refused".to_owned(),
            },
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
                match &settings.endpoint_url {
                    Some(endpoint) => format!("{} did not answer", endpoint.value),
                    None => "S3 did not answer".to_owned(),
                }
            }
            _ => e.to_string(),
        })?;
    Ok(response
        .buckets()
        .iter()
        .filter_map(|b| b.name().map(str::to_owned))
        .collect())
}

/// A typed bucket name, forgiving an `s3://` in front and a `/` behind.
fn bucket_name(text: &str) -> Result<String, String> {
    let text = text.trim();
    let name = text.strip_prefix("s3://").unwrap_or(text);
    let name = name.strip_suffix('/').unwrap_or(name);
    if name.contains('/') {
        return Err("just the bucket name; the prefix comes next".to_owned());
    }
    check_bucket(name).map_err(|f| f.message)?;
    Ok(name.to_owned())
}

/// Replaces the file in one step, so an interrupted write leaves the old file whole.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The profile names in the shared config and credentials files, read by aws-config itself, so
/// the list holds exactly the profiles `--profile` accepts (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE` and `~` honoured; `[sso-session …]` and `[services …]` are not
/// profiles). `default` first, then by name.
async fn profile_names(fs: &Fs, env: &Env) -> Result<Vec<String>, String> {
    let files = EnvConfigFiles::default();
    let set = aws_config::profile::load(fs, env, &files, None)
        .await
        .map_err(|e| e.to_string())?;
    let mut names: Vec<String> = set.profiles().map(str::to_owned).collect();
    names.sort_by(|a, b| (a != "default", a).cmp(&(b != "default", b)));
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn profiles_come_from_both_files_as_aws_config_reads_them() {
        let config = "\
[default]
region = eu-west-1

[profile work]  # the team account
sso_session = corp
[sso-session corp]
sso_region = eu-west-1
[services local]
[profile zeta]
region = us-east-1
";
        let credentials = "[default]\naws_access_key_id = x\n[ci]\naws_access_key_id = y\n";
        let fs = Fs::from_slice(&[("/c/config", config), ("/c/credentials", credentials)]);
        let env = Env::from_slice(&[
            ("AWS_CONFIG_FILE", "/c/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/c/credentials"),
        ]);
        assert_eq!(
            profile_names(&fs, &env).await.unwrap(),
            ["default", "ci", "work", "zeta"]
        );
        let nothing = Env::from_slice(&[
            ("AWS_CONFIG_FILE", "/none/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/none/credentials"),
        ]);
        assert!(profile_names(&fs, &nothing).await.unwrap().is_empty());
    }

    #[test]
    fn typed_bucket_names_forgive_the_uri_form() {
        assert_eq!(bucket_name(" s3://my-bucket/ ").unwrap(), "my-bucket");
        assert_eq!(bucket_name("my-bucket").unwrap(), "my-bucket");
        assert!(bucket_name("my-bucket/team")
            .unwrap_err()
            .contains("prefix"));
        assert!(bucket_name("x").is_err());
        assert!(bucket_name("").is_err());
    }

    #[test]
    fn the_refusal_names_the_environment_and_the_file() {
        let failure = needs_terminal(
            Path::new("/home/u/.config/s3share/config.toml"),
            "CI is set",
        );
        assert_eq!(failure.kind, ExitKind::Usage);
        let hint = failure.hint.unwrap();
        assert!(hint.contains("S3SHARE_BUCKET=…"), "{hint}");
        assert!(
            hint.contains("/home/u/.config/s3share/config.toml"),
            "{hint}"
        );
    }
}
