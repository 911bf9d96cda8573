//! Effective settings: flag > environment > config file > built-in default (README, "Settings").
//!
//! Every value remembers where it came from, so `s3share config` can say so and error messages
//! can name the place to fix. The rest of the program never reads flags or the environment.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cdn::CdnConfig;
use crate::error::Failure;
use crate::expiry::{parse_expiry, DEFAULT_EXPIRY};
use crate::location::DefaultBucket;
use crate::s3::client::Connection;
use crate::s3::copy::CopyParts;
use crate::s3::sse::{Sse, SseSetting};
use table::{config_keys, env_of, CONFIG_VAR};

mod aws_profile;
pub mod table;

/// Multipart uploads start at this size unless configured otherwise.
pub const DEFAULT_MULTIPART_THRESHOLD: u64 = 64 * 1024 * 1024;
/// Parts or ranges in flight at once unless configured otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// S3 rejects multipart parts smaller than this (except the last).
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env(&'static str),
    /// The config file.
    File,
    /// Derived from other settings (path-style for a localhost endpoint).
    Auto,
    /// The AWS config file, for what the SDK reads from the profile (`endpoint_url`,
    /// `s3 = addressing_style`): which profile, in which file.
    AwsProfile(String),
    /// The built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("flag"),
            Source::Env(name) => write!(f, "env {name}"),
            Source::File => f.write_str("config file"),
            Source::Auto => f.write_str("automatic for IP and localhost endpoints"),
            Source::AwsProfile(label) => f.write_str(label),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A decided value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value in force.
    pub value: T,
    /// Where it was set.
    pub source: Source,
}

/// The global flags that take part in settings, as the command line gave them.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--path-style`.
    pub path_style: bool,
    /// `--strict`.
    pub strict: bool,
}

/// A command's `--sse` and `--sse-kms-key-id`, as the command line gave them.
#[derive(Clone, Debug, Default)]
pub struct SseFlags {
    /// `--sse`.
    pub sse: Option<Sse>,
    /// `--sse-kms-key-id`.
    pub sse_kms_key_id: Option<String>,
}

/// All settings, decided before any command runs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The config file consulted (it may not exist).
    pub config_path: Option<PathBuf>,
    /// Whether that file existed and was read.
    pub config_loaded: bool,
    /// Default bucket for bare keys.
    pub bucket: Option<Setting<String>>,
    /// Prefix put before bare keys and uploaded file names.
    pub prefix: Option<Setting<String>>,
    /// Link lifetime when a command gets no `--expires`.
    pub expires: Setting<Duration>,
    /// AWS profile; `None` lets aws-config use its default.
    pub profile: Option<Setting<String>>,
    /// Signing region; `None` lets the AWS profile decide, else us-east-1.
    pub region: Option<Setting<String>>,
    /// S3-compatible endpoint; `None` for AWS itself.
    pub endpoint_url: Option<Setting<String>>,
    /// Path-style addressing (`endpoint/bucket/key`) instead of virtual-hosted.
    pub path_style: Setting<bool>,
    /// Files at least this large are uploaded in parts.
    pub multipart_threshold: Setting<u64>,
    /// Parts or ranges transferred at once.
    pub concurrency: Setting<usize>,
    /// Server-side encryption for uploads and PUT links when a command gets no `--sse`
    /// (for buckets whose policy requires it).
    pub sse: Option<Setting<Sse>>,
    /// The KMS key for `aws:kms` when a command gets no `--sse-kms-key-id`.
    pub sse_kms_key_id: Option<Setting<String>>,
    /// Refuse links that temporary credentials would cut short (`--strict`; flag only).
    pub strict: bool,
    /// How long a transfer may make no progress before it fails (exit 6).
    pub timeout: Setting<Duration>,
    /// Record printed links in the local history (`s3share links`): on, except in CI (`CI`
    /// set), with `history = false` or `S3SHARE_HISTORY=off`.
    pub history: Setting<bool>,
    /// `[cdn] url`: the CloudFront distribution download links go through.
    pub cdn_url: Option<Setting<String>>,
    /// `[cdn] key_id`: the CloudFront public key's id.
    pub cdn_key_id: Option<Setting<String>>,
    /// `[cdn] private_key`: the PEM file of the key that signs CDN links (read when used).
    pub cdn_private_key: Option<Setting<String>>,
}

impl Settings {
    /// Where bare keys go.
    pub fn default_bucket(&self) -> DefaultBucket<'_> {
        DefaultBucket {
            bucket: self.bucket.as_ref().map(|s| s.value.as_str()),
            prefix: self.prefix.as_ref().map(|s| s.value.as_str()),
        }
    }

    /// The lifetime for a link: the command's `--expires` if given, else the setting.
    pub fn expiry(&self, flag: Option<Duration>) -> Duration {
        flag.unwrap_or(self.expires.value)
    }

    /// The server-side encryption (SSE) for an upload or PUT link: the command's `--sse`/`--sse-kms-key-id` over
    /// the settings. A key id only goes with `aws:kms`; one from a less specific place than an
    /// `--sse AES256` (a configured KMS key, say) gives way to it.
    pub fn sse(&self, flags: &SseFlags) -> Result<Option<SseSetting>, Failure> {
        let (sse, key) = sse_flags(flags);
        let sse = sse.or_else(|| self.sse.clone());
        let key = key.or_else(|| self.sse_kms_key_id.clone());
        resolve_sse(sse.as_ref(), key.as_ref(), self.config_path.as_deref())
    }

    /// The CloudFront distribution to sign download links for; `None` when none is configured,
    /// an error when only some of `[cdn]`'s settings are set.
    pub fn cdn(&self) -> Result<Option<CdnConfig>, Failure> {
        match (&self.cdn_url, &self.cdn_key_id, &self.cdn_private_key) {
            (None, None, None) => Ok(None),
            (Some(url), Some(key_id), Some(key)) => Ok(Some(CdnConfig {
                url: url.value.clone(),
                key_id: key_id.value.clone(),
                private_key: PathBuf::from(&key.value),
            })),
            _ => Err(Failure::usage(
                "CloudFront links need all of [cdn] url, key_id and private_key; some are missing",
            )
            .hint("set them in the config file or S3SHARE_CDN_URL, S3SHARE_CDN_KEY_ID and S3SHARE_CDN_PRIVATE_KEY")),
        }
    }

    /// How server-side copies go in parts: from the multipart threshold, `concurrency` at once.
    pub fn copy_parts(&self) -> CopyParts {
        CopyParts {
            threshold: self.multipart_threshold.value,
            concurrency: self.concurrency.value,
        }
    }

    /// What the S3 client needs to connect: profile, region and endpoint.
    pub fn connection(&self) -> Connection {
        Connection {
            profile: self.profile.as_ref().map(|p| p.value.clone()),
            region: self.region.as_ref().map(|r| r.value.clone()),
            endpoint_url: self.endpoint_url.as_ref().map(|e| e.value.clone()),
            path_style: self.path_style.value,
        }
    }

    /// Resolves settings from flags, the process environment and the config file.
    pub fn resolve(flags: &Flags) -> Result<Settings, Failure> {
        Settings::resolve_with(flags, &|name| std::env::var(name).ok())
    }

    /// Like [`Settings::resolve`] for `s3share init`, which writes the config file: a file that
    /// `S3SHARE_CONFIG` names need not exist yet.
    pub fn resolve_for_init(flags: &Flags) -> Result<Settings, Failure> {
        Settings::resolve_from(flags, &|name| std::env::var(name).ok(), false)
    }

    /// Like [`Settings::resolve`], with the environment given as a lookup function.
    pub fn resolve_with(
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, Failure> {
        Settings::resolve_from(flags, env, true)
    }

    /// Resolves settings; `named_file_must_exist` makes a missing `S3SHARE_CONFIG` file an error.
    /// Each setting is looked up by its row in the settings table ([`table`]): its flag, then its
    /// variables in order, then its key in the file, then its default.
    fn resolve_from(
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
        named_file_must_exist: bool,
    ) -> Result<Settings, Failure> {
        let env = |name: &str| env(name).filter(|v| !v.is_empty());
        let config_path = match env(CONFIG_VAR) {
            Some(path) => Some(PathBuf::from(path)),
            None => default_config_path(env("XDG_CONFIG_HOME")),
        };
        let required = named_file_must_exist && env(CONFIG_VAR).is_some();
        let file = match &config_path {
            Some(path) => load_file(path, required)?,
            None => None,
        };
        let config_loaded = file.is_some();
        let from = Places {
            env: &env,
            file: file.unwrap_or_default(),
            path: config_path.as_deref(),
        };

        let text = |v: &str| Ok(v.to_owned());
        let bucket = from.get("bucket", None, text)?;
        let prefix = from.get("prefix", None, text)?;
        let profile = from.get("profile", flags.profile.clone(), text)?;
        let region = from.get("region", flags.region.clone(), text)?;
        let endpoint_url = from
            .get("endpoint_url", flags.endpoint_url.clone(), text)?
            .map(|mut endpoint| {
                endpoint.value = endpoint.value.trim_end_matches('/').to_owned();
                endpoint
            });
        // What the SDK would take from the AWS profile, after what s3share itself is told.
        let (aws, aws_label) = aws_profile::load(&env, profile.as_ref().map(|p| p.value.as_str()));
        let endpoint_url = endpoint_url.or_else(|| {
            aws.endpoint_url.as_ref().map(|e| Setting {
                value: e.trim_end_matches('/').to_owned(),
                source: Source::AwsProfile(aws_label.clone()),
            })
        });
        if let Some(endpoint) = &endpoint_url {
            check_endpoint(endpoint)?;
        }
        let cdn_url = from.get("cdn.url", None, check_cdn_url)?;
        let cdn_key_id = from.get("cdn.key_id", None, text)?;
        let cdn_private_key = from.get("cdn.private_key", None, text)?;
        let expires = from.or("expires", None, parse_expiry, DEFAULT_EXPIRY)?;
        let timeout = from.or(
            "timeout",
            None,
            parse_timeout,
            crate::net::DEFAULT_IDLE_TIMEOUT,
        )?;
        let local = endpoint_url
            .as_ref()
            .is_some_and(|e| is_local_endpoint(&e.value));
        let path_style = from
            .get("path_style", flags.path_style.then_some(true), parse_switch)?
            .or_else(|| {
                aws.path_style.map(|value| Setting {
                    value,
                    source: Source::AwsProfile(aws_label.clone()),
                })
            })
            .unwrap_or(Setting {
                value: local,
                source: if endpoint_url.is_some() {
                    Source::Auto
                } else {
                    Source::Default
                },
            });
        let sse = from.get("sse", None, parse_sse)?;
        let sse_kms_key_id = from.get("sse_kms_key_id", None, text)?;
        // A default that can never be used is a mistake worth reporting before anything runs.
        resolve_sse(sse.as_ref(), sse_kms_key_id.as_ref(), from.path)?;
        let multipart_threshold = from.or(
            "multipart_threshold",
            None,
            |v| parse_size(v).and_then(check_part_size),
            DEFAULT_MULTIPART_THRESHOLD,
        )?;
        let concurrency = from.or("concurrency", None, parse_concurrency, DEFAULT_CONCURRENCY)?;
        // CI never records, unless the history variable itself says so.
        let history = match from.get_env("history", parse_switch)? {
            Some(history) => history,
            None if crate::output::ci(&env) => Setting {
                value: false,
                source: Source::Env("CI"),
            },
            None => from.or("history", None, parse_switch, true)?,
        };

        Ok(Settings {
            timeout,
            history,
            config_path,
            config_loaded,
            bucket,
            prefix,
            expires,
            profile,
            region,
            endpoint_url,
            path_style,
            multipart_threshold,
            concurrency,
            sse,
            sse_kms_key_id,
            strict: flags.strict,
            cdn_url,
            cdn_key_id,
            cdn_private_key,
        })
    }
}

/// Where a setting can come from besides its flag: the environment and the config file.
struct Places<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    /// The config file's values, as text (numbers and booleans written out).
    file: BTreeMap<String, String>,
    path: Option<&'a Path>,
}

impl Places<'_> {
    /// The first of `flag`, the setting's variables (in the table's order) and its value in the
    /// file, parsing text with `parse`; `None` when none is set.
    fn get<T>(
        &self,
        key: &'static str,
        flag: Option<T>,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<Setting<T>>, Failure> {
        if let Some(value) = flag {
            return Ok(Some(Setting {
                value,
                source: Source::Flag,
            }));
        }
        if let Some(setting) = self.get_env(key, &parse)? {
            return Ok(Some(setting));
        }
        self.file
            .get(key)
            .map(|text| {
                let value = parse(text).map_err(|e| file_error(self.path, key, &e))?;
                Ok(Setting {
                    value,
                    source: Source::File,
                })
            })
            .transpose()
    }

    /// Like [`Places::get`], with `default` when nothing sets it.
    fn or<T>(
        &self,
        key: &'static str,
        flag: Option<T>,
        parse: impl Fn(&str) -> Result<T, String>,
        default: T,
    ) -> Result<Setting<T>, Failure> {
        Ok(self.get(key, flag, parse)?.unwrap_or(Setting {
            value: default,
            source: Source::Default,
        }))
    }

    /// The first of the setting's variables that is set, parsed.
    fn get_env<T>(
        &self,
        key: &'static str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<Setting<T>>, Failure> {
        for &var in env_of(key) {
            if let Some(text) = (self.env)(var) {
                let value = parse(&text).map_err(|e| Failure::usage(format!("{var}: {e}")))?;
                return Ok(Some(Setting {
                    value,
                    source: Source::Env(var),
                }));
            }
        }
        Ok(None)
    }
}

/// The SSE the command's flags alone ask for, with no configured default: for
/// `upload --url`, where the link decides what must be sent.
pub fn flag_sse(flags: &SseFlags) -> Result<Option<SseSetting>, Failure> {
    let (sse, key) = sse_flags(flags);
    resolve_sse(sse.as_ref(), key.as_ref(), None)
}

/// `--sse` and `--sse-kms-key-id` as settings from a flag.
fn sse_flags(flags: &SseFlags) -> (Option<Setting<Sse>>, Option<Setting<String>>) {
    fn flag<T>(value: T) -> Setting<T> {
        Setting {
            value,
            source: Source::Flag,
        }
    }
    (flags.sse.map(flag), flags.sse_kms_key_id.clone().map(flag))
}

/// Parses `AES256` or `aws:kms` (any case), as `--sse` does.
fn parse_sse(text: &str) -> Result<Sse, String> {
    Sse::parse(text.trim())
        .ok_or_else(|| format!("invalid server-side encryption '{text}': use AES256 or aws:kms"))
}

/// Combines an algorithm and a KMS key id, each from wherever it was set.
fn resolve_sse(
    sse: Option<&Setting<Sse>>,
    key: Option<&Setting<String>>,
    path: Option<&Path>,
) -> Result<Option<SseSetting>, Failure> {
    let Some(key) = key else {
        return Ok(sse.map(|sse| SseSetting::new(sse.value, None)));
    };
    match sse {
        Some(sse) if sse.value == Sse::Kms => {
            Ok(Some(SseSetting::new(Sse::Kms, Some(key.value.clone()))))
        }
        Some(sse) if rank(&key.source) < rank(&sse.source) => {
            Ok(Some(SseSetting::new(sse.value, None)))
        }
        _ => {
            let in_force = sse
                .filter(|s| s.source != Source::Flag)
                .map(|s| {
                    format!(
                        " (the encryption in force is {}, from {})",
                        s.value.as_header(),
                        s.source
                    )
                })
                .unwrap_or_default();
            Err(match key.source {
                Source::File => file_error(
                    path,
                    "sse_kms_key_id",
                    &format!("only applies with `sse = \"aws:kms\"`{in_force}"),
                ),
                Source::Env(var) => Failure::usage(format!(
                    "{var} only applies with S3SHARE_SSE=aws:kms{in_force}"
                )),
                _ => Failure::usage(format!(
                    "--sse-kms-key-id only applies with --sse aws:kms{in_force}"
                ))
                .hint("add --sse aws:kms"),
            })
        }
    }
}

/// How specific a source is: a flag beats the environment beats the config file.
fn rank(source: &Source) -> u8 {
    match source {
        Source::Flag => 3,
        Source::Env(_) => 2,
        Source::File => 1,
        Source::Auto | Source::AwsProfile(_) | Source::Default => 0,
    }
}

/// The config file's location when `S3SHARE_CONFIG` does not say.
fn default_config_path(xdg_config_home: Option<String>) -> Option<PathBuf> {
    let base = xdg_config_home
        .map(PathBuf::from)
        .or_else(dirs::config_dir)?;
    Some(base.join("s3share").join("config.toml"))
}

/// Endpoints on this machine or an IP address cannot do virtual-hosted buckets.
fn is_local_endpoint(endpoint: &str) -> bool {
    let Ok(url) = url::Url::parse(endpoint) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => true,
        Some(url::Host::Domain(name)) => name == "localhost" || name.ends_with(".localhost"),
        None => false,
    }
}

fn check_endpoint(endpoint: &Setting<String>) -> Result<(), Failure> {
    let ok = url::Url::parse(&endpoint.value)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(Failure::usage(format!(
            "invalid endpoint URL '{}' (from {})",
            endpoint.value, endpoint.source
        ))
        .hint("write it as http://HOST:PORT or https://HOST"))
    }
}

fn file_error(path: Option<&Path>, key: &str, problem: &str) -> Failure {
    let path = path.map(|p| p.display().to_string()).unwrap_or_default();
    Failure::config(format!("config file {path}: `{key}` {problem}"))
}

/// Reads the config file as text values by key; a missing file is `None` unless the user named
/// it. Only the keys of the settings table are taken (a typo is an error that lists them);
/// numbers and booleans are written out, so the file's values parse as the environment's do, and
/// an empty string means "not set", as an empty variable does.
fn load_file(path: &Path, required: bool) -> Result<Option<BTreeMap<String, String>>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => {
            return Err(
                Failure::config(format!("cannot read config file {}: {e}", path.display()))
                    .hint("fix S3SHARE_CONFIG or create the file with `s3share init`"),
            )
        }
    };
    let keys_hint = || format!("keys: {}", config_keys().collect::<Vec<_>>().join(", "));
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|span| format!(" (line {})", text[..span.start].lines().count().max(1)))
            .unwrap_or_default();
        Failure::config(format!(
            "invalid config file {}{line}: {}",
            path.display(),
            e.message().trim()
        ))
        .hint(keys_hint())
    })?;
    let mut values = BTreeMap::new();
    for (key, value) in flatten_tables(table) {
        if !config_keys().any(|known| known == key) {
            return Err(file_error(Some(path), &key, "is not a setting").hint(keys_hint()));
        }
        let text = match value {
            toml::Value::String(text) => text,
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => {
                return Err(file_error(
                    Some(path),
                    &key,
                    "must be a string, a number or true/false",
                ))
            }
        };
        if !text.is_empty() {
            values.insert(key, text);
        }
    }
    Ok(Some(values))
}

/// The file's values with those of a table (`[cdn]`) under dotted keys (`cdn.url`).
fn flatten_tables(table: toml::Table) -> Vec<(String, toml::Value)> {
    let mut flat = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) => {
                flat.extend(inner.into_iter().map(|(k, v)| (format!("{key}.{k}"), v)));
            }
            value => flat.push((key, value)),
        }
    }
    flat
}

/// A CloudFront distribution URL: https, or http to this machine.
fn check_cdn_url(text: &str) -> Result<String, String> {
    crate::cdn::sign::check_url(text.trim())
}

/// At least 1, for `concurrency`.
fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "invalid count '{text}': use a whole number, e.g. 8"
        )),
    }
}

/// A positive humantime duration, for `S3SHARE_TIMEOUT` and `timeout`.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text.trim()) {
        Ok(limit) if !limit.is_zero() => Ok(limit),
        _ => Err(format!(
            "'{text}' is not a positive duration: e.g. 2m, or unset it for the default of 60s"
        )),
    }
}

/// `on`/`off` (also `true`/`false`, `1`/`0`, `yes`/`no`).
fn parse_switch(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" | "yes" => Ok(true),
        "off" | "false" | "0" | "no" => Ok(false),
        _ => Err(format!("invalid value '{text}': use on or off")),
    }
}

/// Parses `5242880`, `64MiB`, `64M`, `100MB`, `1GiB`. Single letters are binary units, as in
/// s5cmd and rclone.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("invalid size '{text}': use bytes or a size like 64MiB, 100MB, 1G"))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => {
            return Err(format!(
                "invalid size unit in '{text}': use B, KiB, MiB, GiB, KB, MB or GB"
            ))
        }
    };
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("size '{text}' is too large"))
}

/// A multipart threshold below S3's minimum part size would produce parts S3 rejects.
fn check_part_size(bytes: u64) -> Result<u64, String> {
    if bytes < MIN_PART_SIZE {
        Err(format!(
            "must be at least 5MiB (S3's smallest multipart part), got {bytes} bytes"
        ))
    } else {
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn flags() -> Flags {
        Flags::default()
    }

    #[test]
    fn the_config_file_takes_exactly_the_keys_of_the_settings_table() {
        for key in config_keys() {
            let file = config_file(&format!("{key} = \"\""));
            let vars = [(CONFIG_VAR, file.path().to_str().unwrap())];
            assert!(resolve(&flags(), &vars).is_ok(), "{key} is refused");
        }
        let file = config_file("no_such_key = 1");
        let err = resolve(&flags(), &[(CONFIG_VAR, file.path().to_str().unwrap())]).unwrap_err();
        assert!(
            err.message.contains("`no_such_key` is not a setting"),
            "{}",
            err.message
        );
        let hint = err.hint.unwrap_or_default();
        assert!(config_keys().all(|key| hint.contains(key)), "{hint}");
    }

    fn resolve(flags: &Flags, vars: &[(&str, &str)]) -> Result<Settings, Failure> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::resolve_with(flags, &|name| vars.get(name).cloned())
    }

    fn config_file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let dir = tempfile::tempdir().unwrap();
        let s = resolve(
            &flags(),
            &[("XDG_CONFIG_HOME", dir.path().to_str().unwrap())],
        )
        .unwrap();
        assert!(!s.config_loaded);
        assert_eq!(s.expires.value, DEFAULT_EXPIRY);
        assert_eq!(s.expires.source, Source::Default);
        assert_eq!(s.multipart_threshold.value, DEFAULT_MULTIPART_THRESHOLD);
        assert!(s.bucket.is_none() && s.endpoint_url.is_none());
        assert!(!s.path_style.value);
    }

    #[test]
    fn flag_beats_env_beats_file() {
        let file =
            config_file("region = \"eu-west-1\"\nbucket = \"from-file\"\nexpires = \"2h\"\n");
        let path = file.path().to_str().unwrap();
        let s = resolve(&flags(), &[("S3SHARE_CONFIG", path)]).unwrap();
        assert_eq!(s.region.unwrap().source, Source::File);
        assert_eq!(s.expires.value, Duration::from_secs(7200));

        let env = [
            ("S3SHARE_CONFIG", path),
            ("AWS_REGION", "us-west-2"),
            ("S3SHARE_BUCKET", "from-env"),
        ];
        let s = resolve(&flags(), &env).unwrap();
        assert_eq!(s.region.as_ref().unwrap().value, "us-west-2");
        assert_eq!(s.region.unwrap().source, Source::Env("AWS_REGION"));
        assert_eq!(s.bucket.unwrap().value, "from-env");

        let mut f = flags();
        f.region = Some("ap-south-1".into());
        let s = resolve(&f, &env).unwrap();
        assert_eq!(
            s.region.unwrap(),
            Setting {
                value: "ap-south-1".into(),
                source: Source::Flag
            }
        );
    }

    #[test]
    fn local_endpoints_get_path_style_automatically() {
        let mut f = flags();
        for (endpoint, expected) in [
            ("http://127.0.0.1:9000", true),
            ("http://localhost:9000/", true),
            ("http://[::1]:9000", true),
            ("https://s3.example.com", false),
        ] {
            f.endpoint_url = Some(endpoint.into());
            let s = resolve(&f, &[("S3SHARE_CONFIG", "/nonexistent/x")]).err();
            assert!(s.is_some(), "named config file must exist");
            let s = resolve(&f, &[]).unwrap();
            assert_eq!(s.path_style.value, expected, "{endpoint}");
            assert!(!s.endpoint_url.unwrap().value.ends_with('/'));
        }
    }

    #[test]
    fn bad_values_name_their_source() {
        let err = resolve(&flags(), &[("S3SHARE_EXPIRES", "8d")]).unwrap_err();
        assert!(
            err.message.starts_with("S3SHARE_EXPIRES:"),
            "{}",
            err.message
        );
        let file = config_file("expires = \"abc\"\n");
        let err = resolve(
            &flags(),
            &[("S3SHARE_CONFIG", file.path().to_str().unwrap())],
        )
        .unwrap_err();
        assert!(err.message.contains("`expires`"), "{}", err.message);
        let file = config_file("bukcet = \"typo\"\n");
        let err = resolve(
            &flags(),
            &[("S3SHARE_CONFIG", file.path().to_str().unwrap())],
        )
        .unwrap_err();
        assert!(err.message.contains("bukcet"), "{}", err.message);
        let file = config_file("multipart_threshold = \"1MiB\"\n");
        let err = resolve(
            &flags(),
            &[("S3SHARE_CONFIG", file.path().to_str().unwrap())],
        )
        .unwrap_err();
        assert!(err.message.contains("5MiB"), "{}", err.message);
        let mut f = flags();
        f.endpoint_url = Some("localhost:9000".into());
        assert!(resolve(&f, &[]).is_err());
    }

    fn sse_flags(sse: Option<Sse>, key: Option<&str>) -> SseFlags {
        SseFlags {
            sse,
            sse_kms_key_id: key.map(str::to_owned),
        }
    }

    #[test]
    fn encryption_flag_beats_env_beats_file() {
        let file = config_file("sse = \"aws:kms\"\nsse_kms_key_id = \"alias/file\"\n");
        let path = file.path().to_str().unwrap();
        let s = resolve(&flags(), &[("S3SHARE_CONFIG", path)]).unwrap();
        assert_eq!(s.sse.as_ref().unwrap().source, Source::File);
        let kms = |key: &str| {
            Some(SseSetting::Kms {
                key_id: Some(key.into()),
            })
        };
        assert_eq!(s.sse(&sse_flags(None, None)).unwrap(), kms("alias/file"));
        assert_eq!(
            s.sse(&sse_flags(None, Some("alias/flag"))).unwrap(),
            kms("alias/flag")
        );
        // A configured KMS key gives way to an explicit --sse AES256.
        assert_eq!(
            s.sse(&sse_flags(Some(Sse::Aes256), None)).unwrap(),
            Some(SseSetting::Aes256)
        );

        let env = [
            ("S3SHARE_CONFIG", path),
            ("S3SHARE_SSE", "aes256"),
            ("S3SHARE_SSE_KMS_KEY_ID", ""),
        ];
        let s = resolve(&flags(), &env).unwrap();
        assert_eq!(s.sse.as_ref().unwrap().source, Source::Env("S3SHARE_SSE"));
        assert_eq!(
            s.sse(&sse_flags(None, None)).unwrap(),
            Some(SseSetting::Aes256)
        );
        let err = s.sse(&sse_flags(None, Some("alias/flag"))).unwrap_err();
        assert_eq!(err.kind, crate::error::ExitKind::Usage);
        assert!(
            err.message
                .contains("--sse-kms-key-id only applies with --sse aws:kms (the encryption in force is AES256, from env S3SHARE_SSE)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_kms_key_without_kms_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let xdg = ("XDG_CONFIG_HOME", dir.path().to_str().unwrap());
        let s = resolve(&flags(), &[xdg]).unwrap();
        assert_eq!(s.sse(&sse_flags(None, None)).unwrap(), None);
        let err = s.sse(&sse_flags(None, Some("k"))).unwrap_err();
        assert_eq!(
            err.message,
            "--sse-kms-key-id only applies with --sse aws:kms"
        );
        assert!(s.sse(&sse_flags(Some(Sse::Aes256), Some("k"))).is_err());

        let err = resolve(&flags(), &[xdg, ("S3SHARE_SSE_KMS_KEY_ID", "k")]).unwrap_err();
        assert!(
            err.message
                .starts_with("S3SHARE_SSE_KMS_KEY_ID only applies"),
            "{}",
            err.message
        );
        let file = config_file("sse = \"AES256\"\nsse_kms_key_id = \"k\"\n");
        let err = resolve(
            &flags(),
            &[("S3SHARE_CONFIG", file.path().to_str().unwrap())],
        )
        .unwrap_err();
        assert_eq!(err.kind, crate::error::ExitKind::Config);
        assert!(err.message.contains("`sse_kms_key_id`"), "{}", err.message);
        let file = config_file("sse = \"des\"\n");
        let err = resolve(
            &flags(),
            &[("S3SHARE_CONFIG", file.path().to_str().unwrap())],
        )
        .unwrap_err();
        assert!(err.message.contains("AES256 or aws:kms"), "{}", err.message);
    }

    #[test]
    fn sizes_parse_with_binary_and_decimal_units() {
        assert_eq!(parse_size("5242880"), Ok(5 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("100MB"), Ok(100_000_000));
        assert_eq!(parse_size("1 GiB"), Ok(1 << 30));
        assert!(parse_size("1.5G").is_err());
        assert!(parse_size("12 parsecs").is_err());
    }
}
