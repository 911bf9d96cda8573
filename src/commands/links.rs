//! `s3share links`: the links printed before, newest first, with their state; `N` prints one
//! again (`--copy` copies it), `--check` asks whether each object is still there, `--prune`
//! forgets expired ones.

use std::collections::BTreeMap;
use std::time::SystemTime;

use anyhow::Result;
use futures_util::StreamExt;
use serde_json::json;

use crate::cli::LinksArgs;
use crate::error::{ExitKind, Failure};
use crate::history::{History, Recorded};
use crate::location::ObjectLocation;
use crate::output::{LinkRecord, Output};
use crate::s3::errors::is_not_found;
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::terminal::escape;

/// Runs `links`.
pub async fn run(args: LinksArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let history = History::open_default()
        .ok_or_else(|| Failure::config("this platform has no data directory for the history"))?;
    if args.prune {
        let now = SystemTime::now();
        let dropped = history.retain(
            |r| r.entry.ends_at().is_none_or(|t| t > now),
            &super::common::record::waiting_note(out),
        )?;
        out.note(&format!(
            "Forgot {dropped} expired link{}.",
            if dropped == 1 { "" } else { "s" }
        ));
        return Ok(());
    }
    let (entries, warnings) = history.read()?;
    for warning in warnings {
        out.warn(&warning);
    }
    if entries.is_empty() && !settings.history.value {
        out.note(&format!(
            "No links recorded: the history is off ({}).",
            settings.history.source
        ));
    }
    let newest_first: Vec<&Recorded> = entries.iter().rev().collect();
    if let Some(number) = args.number {
        let recorded = number
            .checked_sub(1)
            .and_then(|i| newest_first.get(i))
            .ok_or_else(|| {
                Failure::new(
                    ExitKind::NotFound,
                    format!("there is no link number {number}"),
                )
                .hint("see `s3share links` for the numbers")
            })?;
        return print_again(recorded, out);
    }
    let now = SystemTime::now();
    let mut states: Vec<&'static str> = newest_first.iter().map(|r| state(r, now)).collect();
    if args.check {
        mark_gone(&newest_first, &mut states, settings).await?;
    }
    if out.json() {
        for (i, (recorded, state)) in newest_first.iter().zip(&states).enumerate() {
            let mut value = serde_json::to_value(&recorded.entry)?;
            value["number"] = json!(i + 1);
            value["state"] = json!(state);
            value["revoked_at"] = json!(recorded.revoked_at);
            out.json_line(&value)?;
        }
        return Ok(());
    }
    let mut text = String::new();
    for (i, (recorded, state)) in newest_first.iter().zip(&states).enumerate() {
        let entry = &recorded.entry;
        let ends = entry
            .ends_at()
            .map(crate::expiry::timestamp)
            .unwrap_or_default();
        let what = match entry.count {
            Some(count) => format!("{} and {} more", entry.location, count - 1),
            None if entry.encrypted => format!("{} (encrypted; key not kept)", entry.location),
            None => entry.location.clone(),
        };
        text.push_str(&format!(
            "{:>3}  {state:<7}  {}  {:<6}  {:<12}  {}  (id {})\n",
            i + 1,
            ends.get(..16).unwrap_or(&ends).replace('T', " "),
            entry.method,
            entry.command,
            escape(&what),
            entry.id
        ));
    }
    out.result(text.as_bytes())?;
    Ok(())
}

/// Marks `gone` each live link whose object is no longer there (HEADs, several at once).
async fn mark_gone(
    newest_first: &[&Recorded],
    states: &mut [&'static str],
    settings: &Settings,
) -> Result<()> {
    let context = S3Context::connect(&settings.connection()).await?;
    let checks = newest_first
        .iter()
        .enumerate()
        .filter(|(i, _)| states[*i] == "live")
        .map(|(i, r)| {
            let client = &context.client;
            async move { (i, still_there(client, r).await) }
        });
    let checked: Vec<(usize, Option<bool>)> = futures_util::stream::iter(checks)
        .buffer_unordered(settings.concurrency.value.max(1))
        .collect()
        .await;
    for (i, there) in checked {
        if there == Some(false) {
            states[i] = "gone";
        }
    }
    Ok(())
}

/// `live`, `expired` or `revoked`.
fn state(recorded: &Recorded, now: SystemTime) -> &'static str {
    if recorded.revoked_at.is_some() {
        "revoked"
    } else if recorded.entry.ends_at().is_some_and(|t| t <= now) {
        "expired"
    } else {
        "live"
    }
}

/// Whether the object a link points at is still there; `None` when the server would not say.
async fn still_there(client: &aws_sdk_s3::Client, recorded: &Recorded) -> Option<bool> {
    let uri = recorded
        .entry
        .revocable
        .as_deref()
        .unwrap_or(&recorded.entry.location);
    let location = ObjectLocation::parse(uri, Default::default()).ok()?;
    match client
        .head_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .send()
        .await
    {
        Ok(_) => Some(true),
        Err(e) if is_not_found(&e) => Some(false),
        Err(_) => None,
    }
}

/// Prints one recorded link again, if it still works.
fn print_again(recorded: &Recorded, out: &mut Output) -> Result<()> {
    let entry = &recorded.entry;
    let Some(url) = &entry.url else {
        return Err(Failure::usage("that entry is a batch of links; it keeps none of them").into());
    };
    let now = SystemTime::now();
    match state(recorded, now) {
        "live" => {}
        state => {
            return Err(
                Failure::new(ExitKind::Denied, format!("that link is {state}"))
                    .hint("make a new one with s3share share")
                    .into(),
            )
        }
    }
    let location = ObjectLocation::parse(&entry.location, Default::default())?;
    out.link(&LinkRecord {
        url,
        method: match entry.method.as_str() {
            "PUT" => "PUT",
            "HEAD" => "HEAD",
            "DELETE" => "DELETE",
            _ => "GET",
        },
        bucket: &location.bucket,
        key: &location.key,
        expires_at: entry.expires_at.clone(),
        effective_expires_at: entry.effective_expires_at.clone(),
        headers: BTreeMap::new(),
        size: None,
        sha256: None,
        extra: BTreeMap::new(),
    })?;
    Ok(())
}
