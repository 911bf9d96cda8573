//! Revocable links and `s3share revoke`. S3 cannot take back a presigned URL, so a revocable
//! link points at a private copy of the object under `.s3share/revocable/<id>/<name>` (made
//! server-side); deleting the copy takes the link back at once.

use std::time::SystemTime;

use anyhow::Result;

use crate::cli::RevokeArgs;
use crate::error::{ExitKind, Failure};
use crate::history::{History, Recorded};
use crate::id::unique_id;
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::presigned_url::PresignedUrl;
use crate::s3::copy::{copy, CopyParts};
use crate::s3::errors::classify;
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::transfer::interrupt::Interrupt;

/// Makes the private copy of `from` (`size` bytes) a revocable link points at; same file name.
/// Ctrl-C stops it, leaving no parts of it behind.
pub async fn private_copy(
    client: &aws_sdk_s3::Client,
    from: &ObjectLocation,
    size: u64,
    parts: CopyParts,
) -> Result<ObjectLocation> {
    let interrupt = Interrupt::listen();
    let name = from.key.rsplit('/').next().unwrap_or(&from.key);
    let id = unique_id(&from.key, 4);
    let to = ObjectLocation::new(&from.bucket, format!("{}{id}/{name}", layout::REVOCABLE))?;
    copy(client, from, &to, size, parts, interrupt.wait()).await?;
    Ok(to)
}

/// Runs `revoke`.
pub async fn run(args: RevokeArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let history = History::open_default();
    let entries = match &history {
        Some(history) => history.read()?.0,
        None => Vec::new(),
    };
    let entry = find(&entries, &args.target);
    let copy = match entry.and_then(|r| r.entry.revocable.as_deref()) {
        Some(uri) => ObjectLocation::parse(uri, settings.default_bucket())?,
        None => from_link(&args.target, entry)?,
    };
    let context = S3Context::connect(&settings.connection()).await?;
    context
        .client
        .delete_object()
        .bucket(&copy.bucket)
        .key(&copy.key)
        .send()
        .await
        .map_err(|e| classify(e, "delete the copy", &copy))?;
    if let (Some(history), Some(entry)) = (&history, entry) {
        if let Err(failure) = history.mark_revoked(&entry.entry.id, SystemTime::now()) {
            out.warn(&format!(
                "the history could not record it: {}",
                failure.message
            ));
        }
    }
    out.note(&format!(
        "Revoked: {copy} is deleted, so the link now answers 404 Not Found."
    ));
    Ok(())
}

/// The entry `target` names: an id, a number (1 is the newest), or the link itself.
fn find<'a>(entries: &'a [Recorded], target: &str) -> Option<&'a Recorded> {
    if let Ok(number) = target.parse::<usize>() {
        return entries.iter().rev().nth(number.checked_sub(1)?);
    }
    entries
        .iter()
        .find(|r| r.entry.id == target || r.entry.url.as_deref() == Some(target))
}

/// The private copy a revocable link points at, from the link itself.
fn from_link(target: &str, entry: Option<&Recorded>) -> Result<ObjectLocation> {
    let url = entry.and_then(|r| r.entry.url.as_deref()).unwrap_or(target);
    let link = PresignedUrl::parse(url).map_err(|_| {
        Failure::usage(format!(
            "'{}' is no link, id or number in the history",
            crate::terminal::escape(target)
        ))
        .hint("see `s3share links` for the ids and numbers")
    })?;
    match (link.bucket, link.key) {
        (Some(bucket), Some(key)) if layout::is_revocable_copy(&key) => {
            Ok(ObjectLocation::new(bucket, key)?)
        }
        _ => Err(Failure::new(
            ExitKind::Usage,
            "that link was not made with --revocable: it points at the object itself, and S3 \
             cannot take back a presigned link",
        )
        .hint(format!(
            "it stops working at {}; to end every link an access key signed, deactivate the key",
            crate::expiry::timestamp(link.expires_at)
        ))
        .into()),
    }
}
