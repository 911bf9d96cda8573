//! `s3share config`: the effective settings and where each came from.
//!
//! Prints no credentials at all: which keys the AWS credential chain would pick is the business of
//! `aws configure list`, and printing even part of them here would put secrets one typo away.

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::output::Output;
use crate::request_key;
use crate::settings::table::ROWS;
use crate::settings::{Setting, Settings};

/// Runs `config`.
pub fn run(settings: &Settings, out: &mut Output) -> Result<()> {
    let rows = rows(settings);
    if out.json() {
        let mut object = Map::new();
        object.insert(
            "config_file".to_owned(),
            json!({
                "value": settings.config_path.as_ref().map(|p| p.display().to_string()),
                "exists": settings.config_loaded,
            }),
        );
        object.insert("request_key".to_owned(), request_key_json(settings));
        for row in rows {
            object.insert(
                row.name.to_owned(),
                json!({ "value": row.json, "source": row.source }),
            );
        }
        out.json_line(&Value::Object(object))?;
    } else {
        out.result(text(settings, &rows).as_bytes())?;
    }
    Ok(())
}

/// One setting as shown: its name, its value for people and for JSON, and its source.
struct Row {
    name: &'static str,
    /// `Some(text)` when set; `None` prints `(not set; <unset>)`.
    text: Option<String>,
    json: Value,
    source: Option<String>,
    /// What happens when the setting is not set.
    unset: &'static str,
}

/// A row for every key of the config file, in the order of [`ROWS`].
fn rows(s: &Settings) -> Vec<Row> {
    ROWS.iter()
        .filter_map(|row| {
            let name = row.key?;
            let (text, json, source) = match value(s, name) {
                Some(shown) => (Some(shown.text), shown.json, Some(shown.source)),
                None => (None, Value::Null, None),
            };
            Some(Row {
                name,
                text,
                json,
                source,
                unset: row.unset,
            })
        })
        .collect()
}

/// A set value: for people, for JSON, and where it came from.
struct Shown {
    text: String,
    json: Value,
    source: String,
}

fn shown<T: Serialize>(setting: Option<&Setting<T>>, show: impl Fn(&T) -> String) -> Option<Shown> {
    setting.map(|s| Shown {
        text: show(&s.value),
        json: json!(s.value),
        source: s.source.to_string(),
    })
}

/// A duration as people write it, in JSON too, so it can be pasted back into a flag or the file.
fn duration(setting: &Setting<Duration>) -> Option<Shown> {
    let text = format_duration(setting.value);
    Some(Shown {
        json: json!(text),
        text,
        source: setting.source.to_string(),
    })
}

/// The value of the setting with config key `key`, `None` when it is not set.
fn value(s: &Settings, key: &str) -> Option<Shown> {
    let text = |v: &String| v.clone();
    match key {
        "bucket" => shown(s.bucket.as_ref(), text),
        "prefix" => shown(s.prefix.as_ref(), text),
        "expires" => duration(&s.expires),
        "profile" => shown(s.profile.as_ref(), text),
        "region" => shown(s.region.as_ref(), text),
        "endpoint_url" => shown(s.endpoint_url.as_ref(), text),
        "path_style" => shown(Some(&s.path_style), bool::to_string),
        "multipart_threshold" => shown(Some(&s.multipart_threshold), |n| format_size(*n)),
        "concurrency" => shown(Some(&s.concurrency), usize::to_string),
        "sse" => s.sse.as_ref().map(|sse| Shown {
            text: sse.value.as_header().to_owned(),
            json: json!(sse.value.as_header()),
            source: sse.source.to_string(),
        }),
        "sse_kms_key_id" => shown(s.sse_kms_key_id.as_ref(), text),
        "timeout" => duration(&s.timeout),
        "history" => shown(Some(&s.history), bool::to_string),
        "cdn.url" => shown(s.cdn_url.as_ref(), text),
        "cdn.key_id" => shown(s.cdn_key_id.as_ref(), text),
        "cdn.private_key" => shown(s.cdn_private_key.as_ref(), text),
        other => unreachable!("the setting {other} in ROWS has no value in Settings"),
    }
}

/// The human-readable listing: the config file first, then `name = value  (source)` lines.
fn text(settings: &Settings, rows: &[Row]) -> String {
    let mut text = String::new();
    match &settings.config_path {
        Some(path) if settings.config_loaded => {
            let _ = writeln!(text, "config file: {} (exists)", path.display());
        }
        Some(path) => {
            let _ = writeln!(
                text,
                "config file: {} (does not exist; `s3share init` writes it)",
                path.display()
            );
        }
        None => {
            let _ = writeln!(
                text,
                "config file: none (no config directory; set S3SHARE_CONFIG)"
            );
        }
    }
    if let Some(path) = settings
        .config_path
        .as_deref()
        .map(request_key::path_beside)
    {
        let state = match request_key::load(&path) {
            Ok(Some(key)) => format!("fingerprint {}", key.public_key().fingerprint()),
            Ok(None) => "not made yet; `request --encrypt` makes it".to_owned(),
            Err(_) => "unreadable".to_owned(),
        };
        let _ = writeln!(text, "request key: {} ({state})", path.display());
    }
    for row in rows {
        match (&row.text, &row.source) {
            (Some(value), Some(source)) => {
                let _ = writeln!(text, "{} = {}  ({source})", row.name, display_value(value));
            }
            _ => {
                let _ = writeln!(text, "{} = (not set; {})", row.name, row.unset);
            }
        }
    }
    text
}

/// The request key's path and fingerprint (never the key), for `--json`.
fn request_key_json(settings: &Settings) -> Value {
    let Some(path) = settings
        .config_path
        .as_deref()
        .map(request_key::path_beside)
    else {
        return Value::Null;
    };
    let key = request_key::load(&path).ok().flatten();
    json!({
        "path": path.display().to_string(),
        "exists": key.is_some(),
        "fingerprint": key.map(|k| k.public_key().fingerprint()),
    })
}

/// Values that would be misread bare (empty, or with spaces at the ends) are quoted.
fn display_value(value: &str) -> String {
    if value.is_empty() || value.trim() != value {
        format!("{value:?}")
    } else {
        value.to_owned()
    }
}

/// `1h`, `30m`, `1h 30m`: the duration as `--expires` accepts it.
fn format_duration(duration: Duration) -> String {
    humantime::format_duration(duration).to_string()
}

/// A byte count in the largest binary unit that divides it exactly (`64MiB`), else bytes.
fn format_size(bytes: u64) -> String {
    for (unit, size) in [
        ("TiB", 1u64 << 40),
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
    ] {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{}{unit}", bytes / size);
        }
    }
    format!("{bytes}B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_like_the_config_file() {
        assert_eq!(format_size(64 << 20), "64MiB");
        assert_eq!(format_size(5 * (1 << 30)), "5GiB");
        assert_eq!(format_size(1000), "1000B");
        assert_eq!(format_duration(Duration::from_secs(5400)), "1h 30m");
        assert_eq!(format_duration(Duration::from_secs(3600)), "1h");
    }

    #[test]
    fn every_key_of_the_config_file_is_listed() {
        let settings = Settings::resolve_with(&Default::default(), &|name| {
            (name == crate::settings::table::CONFIG_VAR).then(|| "/dev/null".to_owned())
        })
        .unwrap();
        let listed = text(&settings, &rows(&settings));
        for key in crate::settings::table::config_keys() {
            assert!(
                listed.contains(&format!("\n{key} = ")),
                "{key} missing:\n{listed}"
            );
        }
    }

    #[test]
    fn odd_values_are_quoted() {
        assert_eq!(display_value("team/"), "team/");
        assert_eq!(display_value(" x"), "\" x\"");
    }
}
