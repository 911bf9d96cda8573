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
use crate::history::{Entry, History, Recorded};
use crate::layout;
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
    if let Some(number) = args.number.or(args.nth) {
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
            let entry = &recorded.entry;
            let mut value = serde_json::to_value(entry)?;
            value["number"] = json!(i + 1);
            value["state"] = json!(state);
            value["revoked_at"] = json!(recorded.revoked_at);
            value["kind"] = json!(kind(entry));
            value["what"] = json!(what(entry));
            value["revocable"] = json!(revocable(recorded));
            out.json_line(&value)?;
        }
        return Ok(());
    }
    out.result(table(&newest_first, &states, out.stdout_is_terminal()).as_bytes())?;
    Ok(())
}

/// The listing: one line per link in fixed columns, what was shared last (it has any width);
/// with a header when a person reads it.
fn table(newest_first: &[&Recorded], states: &[&str], header: bool) -> String {
    let mut text = String::new();
    if header && !newest_first.is_empty() {
        text.push_str(&row(
            "#",
            "STATE",
            "EXPIRES (UTC)",
            "KIND",
            "REVOKE",
            "ID",
            "WHAT",
        ));
    }
    for (i, (recorded, state)) in newest_first.iter().zip(states).enumerate() {
        let entry = &recorded.entry;
        let ends = entry
            .ends_at()
            .map(crate::expiry::timestamp)
            .unwrap_or_default();
        let ends = ends.get(..16).unwrap_or(&ends).replace('T', " ");
        let can = if revocable(recorded) { "yes" } else { "no" };
        text.push_str(&row(
            &(i + 1).to_string(),
            state,
            &ends,
            kind(entry),
            can,
            &entry.id,
            &escape(&what_and_how(entry)),
        ));
    }
    text
}

/// One line of the table.
fn row(n: &str, state: &str, ends: &str, kind: &str, can: &str, id: &str, what: &str) -> String {
    format!("{n:>3}  {state:<7}  {ends:<16}  {kind:<9}  {can:<6}  {id:<8}  {what}\n")
}

/// What kind of link an entry is, for a person: `download`, `upload` (a PUT link), `folder`
/// (a folder page), `request` (a file request page), `encrypted` (an encrypted share's page),
/// `batch` (many links, one entry), or the method of another presigned link (`head`, `delete`).
fn kind(entry: &Entry) -> &'static str {
    let key = entry.location.split_once("://").map_or("", |(_, rest)| {
        rest.split_once('/').map_or("", |(_, key)| key)
    });
    if entry.encrypted || layout::encrypted_page_id(key).is_some() {
        "encrypted"
    } else if entry.command == "request" || key.starts_with(layout::REQUESTS) {
        "request"
    } else if entry.command == "share-folder" || layout::is_folder_page(key) {
        "folder"
    } else if entry.count.is_some() {
        "batch"
    } else {
        match entry.method.as_str() {
            "PUT" => "upload",
            "HEAD" => "head",
            "DELETE" => "delete",
            _ => "download",
        }
    }
}

/// What was shared: the folder behind a page, the object behind a link (not the private copy
/// or the page s3share made for it).
fn what(entry: &Entry) -> String {
    let bucket = entry
        .location
        .strip_prefix("s3://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default();
    match (kind(entry), &entry.shared, entry.count) {
        (_, Some(shared), _) => shared.clone(),
        ("encrypted", None, _) => format!("a file in s3://{bucket}/ (name encrypted)"),
        ("request" | "folder", None, _) => format!("a page in s3://{bucket}/"),
        (_, None, Some(count)) => format!("{} and {} more", entry.location, count - 1),
        _ => entry.location.clone(),
    }
}

/// What was shared, and `(via CDN)` for a link through the CloudFront distribution.
fn what_and_how(entry: &Entry) -> String {
    match entry.cdn {
        Some(_) => format!("{} (via CDN)", what(entry)),
        None => what(entry),
    }
}

/// Whether `s3share revoke` can still take the link back: a revocable copy or an encrypted
/// share, not yet revoked.
fn revocable(recorded: &Recorded) -> bool {
    let entry = &recorded.entry;
    recorded.revoked_at.is_none() && (entry.revocable.is_some() || entry.encrypted)
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
