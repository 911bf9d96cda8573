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

fn row<T: Serialize>(
    name: &'static str,
    setting: Option<&Setting<T>>,
    show: impl Fn(&T) -> String,
    unset: &'static str,
) -> Row {
    Row {
        name,
        text: setting.map(|s| show(&s.value)),
        json: setting.map_or(Value::Null, |s| json!(s.value)),
        source: setting.map(|s| s.source.to_string()),
        unset,
    }
}

fn rows(s: &Settings) -> Vec<Row> {
    let text = |v: &String| v.clone();
    let mut expires = row("expires", Some(&s.expires), |d| format_duration(*d), "");
    // JSON gets the duration as people write it too, so it can be pasted back into --expires.
    expires.json = json!(format_duration(s.expires.value));
    let sse = s.sse.as_ref().map(|sse| Setting {
        value: sse.value.as_header().to_owned(),
        source: sse.source.clone(),
    });
    vec![
        row(
            "bucket",
            s.bucket.as_ref(),
            text,
            "bare keys need s3://BUCKET/KEY",
        ),
        row("prefix", s.prefix.as_ref(), text, "keys are used as given"),
        expires,
        row(
            "profile",
            s.profile.as_ref(),
            text,
            "the AWS default profile",
        ),
        row(
            "region",
            s.region.as_ref(),
            text,
            "from the AWS profile, else us-east-1",
        ),
        row(
            "endpoint_url",
            s.endpoint_url.as_ref(),
            text,
            "AWS S3, unless the AWS profile names one",
        ),
        row("path_style", Some(&s.path_style), bool::to_string, ""),
        row(
            "multipart_threshold",
            Some(&s.multipart_threshold),
            |n| format_size(*n),
            "",
        ),
        row("concurrency", Some(&s.concurrency), usize::to_string, ""),
        row(
            "sse",
            sse.as_ref(),
            text,
            "objects get the bucket's default encryption",
        ),
        row(
            "sse_kms_key_id",
            s.sse_kms_key_id.as_ref(),
            text,
            "aws:kms uses the AWS managed key aws/s3",
        ),
        row(
            "timeout",
            Some(&s.timeout)
                .map(|t| Setting {
                    value: format_duration(t.value),
                    source: t.source.clone(),
                })
                .as_ref(),
            text,
            "",
        ),
        row("history", Some(&s.history), bool::to_string, ""),
    ]
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
    fn odd_values_are_quoted() {
        assert_eq!(display_value("team/"), "team/");
        assert_eq!(display_value(" x"), "\" x\"");
    }
}
