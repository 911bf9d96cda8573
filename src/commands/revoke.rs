//! Revocable links and `s3share revoke`. S3 cannot take back a presigned URL, so a revocable
//! link points at a private copy of the object under `.s3share/revocable/<id>/<name>` (made
//! server-side); deleting the copy takes the link back at once. An encrypted share
//! (`.s3share/e2e/<id>/`) is revoked by deleting its page, worker and data. A link through
//! CloudFront is also invalidated there (`…/<id>/*`), or edges would serve it until their TTL.

use std::time::SystemTime;

use anyhow::Result;

use crate::cli::RevokeArgs;
use crate::cloudfront::CloudFront;
use crate::error::{ExitKind, Failure};
use crate::history::{History, Recorded};
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::presigned_url::PresignedUrl;
use crate::s3::errors::{classify, is_not_found};
use crate::s3::versioning::{versioning, Versioning};
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::terminal::escape;

/// Runs `revoke`.
pub async fn run(args: RevokeArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let history = History::open_default();
    let entries = match &history {
        Some(history) => history.read()?.0,
        None => Vec::new(),
    };
    let entry = chosen(&args, &entries, out)?;
    let target = args.target.as_deref().unwrap_or_default();
    let doomed = match entry.map(|r| &r.entry) {
        Some(entry) if entry.encrypted => recorded_share(&entry.location)?,
        Some(entry) if entry.revocable.is_some() => Doomed::Copy(recorded_copy(
            entry.revocable.as_deref().unwrap_or_default(),
        )?),
        _ => from_link(target, entry, settings)?,
    };
    // The endpoint, region and profile the link was made with, not today's settings.
    let mut connection = settings.connection();
    if let Some(entry) = entry.map(|r| &r.entry) {
        connection.profile = entry.profile.clone().or(connection.profile);
        connection.endpoint_url = entry.endpoint.clone().or(connection.endpoint_url);
        connection.region = entry.region.clone().or(connection.region);
    }
    let context = S3Context::connect(&connection).await?;
    let already_gone = delete(&context, &doomed).await?;
    if let (Some(history), Some(entry)) = (&history, entry) {
        let marked = history.mark_revoked(
            &entry.entry.id,
            SystemTime::now(),
            &super::common::record::waiting_note(out),
        );
        if let Err(failure) = marked {
            out.warn(&format!(
                "the history could not record it: {}",
                failure.message
            ));
        }
    }
    report(&doomed, already_gone, &context, out).await;
    let through = entry
        .and_then(|r| r.entry.cdn.clone())
        .or_else(|| cdn_origin_of(target));
    if let Some(origin) = through {
        invalidate(&doomed, &origin, &context, &connection, out).await?;
    }
    Ok(())
}

/// The distribution a CloudFront link given on the command line goes through.
fn cdn_origin_of(link: &str) -> Option<String> {
    crate::cdn::link::CloudFrontUrl::parse(link)?.ok()?;
    Some(url::Url::parse(link).ok()?.origin().ascii_serialization())
}

/// Asks every CloudFront edge to forget what `doomed` was, which they would otherwise serve
/// from their caches until its TTL: one invalidation of the revoked folder (`…/<id>/*`).
async fn invalidate(
    doomed: &Doomed,
    origin: &str,
    context: &S3Context,
    connection: &crate::s3::client::Connection,
    out: &Output,
) -> Result<()> {
    let path = format!("/{}*", doomed.folder());
    let cloudfront = CloudFront::connect(connection.profile.as_deref(), &context.credentials).await;
    let by_hand = |id: &str| {
        format!(
            "deleted at the origin, but edges may serve cached copies until their TTL: \
             aws cloudfront create-invalidation --distribution-id {id} --paths '{path}'"
        )
    };
    let distribution = cloudfront
        .serving(origin)
        .await
        .map_err(|failure| failure.hint(by_hand("ID")))?;
    let reference = format!("s3share-revoke-{}", crate::id::unique_id(&path, 8));
    match cloudfront
        .invalidate(&distribution.id, std::slice::from_ref(&path), &reference)
        .await
    {
        Ok(id) => {
            out.note(&format!(
                "Invalidated {} at CloudFront distribution {} (invalidation {}): its edges stop \
                 serving cached copies within minutes.",
                escape(&path),
                escape(&distribution.id),
                escape(&id)
            ));
            Ok(())
        }
        Err(failure) => Err(failure.hint(by_hand(&distribution.id)).into()),
    }
}

/// The history entry the arguments name: the N-th newest (said aloud), or the one whose id or
/// link is given (none when the link is not in the history).
fn chosen<'a>(
    args: &RevokeArgs,
    entries: &'a [Recorded],
    out: &Output,
) -> Result<Option<&'a Recorded>, Failure> {
    Ok(match (args.nth, args.target.as_deref()) {
        (Some(n), _) => {
            let entry = nth_newest(entries, n)?;
            out.note(&format!(
                "Revoking link {n}: {} ({} at {}, id {})",
                escape(&entry.entry.location),
                entry.entry.command,
                entry.entry.at,
                entry.entry.id
            ));
            Some(entry)
        }
        (None, Some(target)) => find(entries, target),
        (None, None) => unreachable!("clap requires LINK|ID or --nth"),
    })
}

/// Deletes every object `doomed` names, page first, whether or not the others are still there
/// (DeleteObject of a missing key succeeds): a share whose page is gone still loses its worker
/// and data. Returns whether none of them existed. If a delete fails, the error names what
/// remains, and nothing is marked revoked.
async fn delete(context: &S3Context, doomed: &Doomed) -> Result<bool> {
    let mut existed = false;
    let mut remaining = Vec::new();
    let mut first_failure = None;
    for object in doomed.objects_in(&context.client).await? {
        let there = context
            .client
            .head_object()
            .bucket(&object.bucket)
            .key(&object.key)
            .send()
            .await;
        // Unknown (the look-up failed) counts as there: "already gone" only when known.
        existed |= !matches!(&there, Err(e) if is_not_found(e));
        let deleted = context
            .client
            .delete_object()
            .bucket(&object.bucket)
            .key(&object.key)
            .send()
            .await;
        if let Err(e) = deleted {
            first_failure.get_or_insert_with(|| classify(e, "delete", &object));
            remaining.push(object);
        }
    }
    match first_failure {
        None => Ok(!existed),
        Some(mut failure) => {
            let names: Vec<String> = remaining
                .iter()
                .map(|o| escape(&o.key).into_owned())
                .collect();
            failure.message = format!(
                "{} is not revoked: {} remain{} ({})",
                doomed.describe(),
                names.join(", "),
                if names.len() == 1 { "s" } else { "" },
                failure.message
            );
            Err(failure.into())
        }
    }
}

/// Says what was revoked; for an encrypted share in a bucket that keeps versions, that its old
/// versions remain.
async fn report(doomed: &Doomed, already_gone: bool, context: &S3Context, out: &Output) {
    let what = doomed.describe();
    if already_gone {
        out.note(&format!(
            "{what} was already gone, so the link already answered 404 Not Found; marked revoked."
        ));
    } else {
        out.note(&format!(
            "Revoked: {what} is deleted, so the link now answers 404 Not Found."
        ));
    }
    if let Doomed::Share { bucket, .. } = doomed {
        let kept = versioning(&context.client, bucket).await;
        if kept == Versioning::Enabled || kept == Versioning::Suspended {
            out.note(
                "The bucket keeps old versions: the share's objects stay as noncurrent versions \
                 (unreadable without the key); a lifecycle rule for noncurrent versions, or \
                 `aws s3api delete-object --version-id`, removes them.",
            );
        }
    }
}

/// What `revoke` deletes.
enum Doomed {
    /// A revocable link's private copy.
    Copy(ObjectLocation),
    /// An encrypted share: its page (first, so the link stops at once), worker and data.
    Share {
        bucket: String,
        id: String,
        objects: Vec<ObjectLocation>,
    },
}

impl Doomed {
    /// The encrypted share `id` in `bucket`.
    fn share(bucket: &str, id: &str) -> Result<Doomed> {
        let objects = layout::encrypted_share_objects(id)
            .into_iter()
            .map(|key| ObjectLocation::new(bucket, key))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Doomed::Share {
            bucket: bucket.to_owned(),
            id: id.to_owned(),
            objects,
        })
    }

    /// Every object to delete, in order: for a share, its page, worker and data, then whatever
    /// else is in its folder (an encrypted folder's files and manifest).
    async fn objects_in(&self, client: &aws_sdk_s3::Client) -> Result<Vec<ObjectLocation>> {
        match self {
            Doomed::Copy(copy) => Ok(vec![copy.clone()]),
            Doomed::Share {
                bucket, objects, ..
            } => {
                let mut all = objects.clone();
                let folder = ObjectLocation::new(bucket, self.folder())?;
                // Credentials without s3:ListBucket still delete a file's share; what an
                // encrypted folder leaves then cannot be read without the key.
                let listed = crate::s3::list::list_up_to(client, &folder, usize::MAX)
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                for object in listed {
                    if !all.iter().any(|o| o.key == object.key) {
                        all.push(ObjectLocation::new(bucket, object.key)?);
                    }
                }
                Ok(all)
            }
        }
    }

    /// The folder every object of it is in, `.s3share/revocable/<id>/` or `.s3share/e2e/<id>/`.
    fn folder(&self) -> String {
        match self {
            Doomed::Copy(copy) => {
                let rest = copy
                    .key
                    .strip_prefix(layout::REVOCABLE)
                    .unwrap_or(&copy.key);
                let id = rest.split('/').next().unwrap_or(rest);
                format!("{}{id}/", layout::REVOCABLE)
            }
            Doomed::Share { id, .. } => format!("{}{id}/", layout::ENCRYPTED),
        }
    }

    fn describe(&self) -> String {
        match self {
            Doomed::Copy(copy) => copy.to_string(),
            Doomed::Share { bucket, id, .. } => format!(
                "the encrypted share s3://{bucket}/{}{id}/ (its page, worker and encrypted data)",
                layout::ENCRYPTED
            ),
        }
    }
}

/// The encrypted share a history entry names by its page, which must be one of s3share's:
/// whatever the history file says, nothing else is deleted.
fn recorded_share(uri: &str) -> Result<Doomed> {
    let share = crate::location::split_s3_uri(uri)
        .ok()
        .flatten()
        .and_then(|(bucket, key)| Some((bucket, layout::encrypted_page_id(key)?)));
    match share {
        Some((bucket, id)) => Doomed::share(bucket, id),
        None => Err(Failure::usage(format!(
            "the history names {} as an encrypted share, which is not one of s3share's ({}); \
             refusing to delete it",
            escape(uri),
            layout::ENCRYPTED
        ))
        .hint("the history file was changed; check it, or revoke by the link itself")
        .into()),
    }
}

/// The N-th newest entry (1 is the newest).
fn nth_newest(entries: &[Recorded], n: usize) -> Result<&Recorded, Failure> {
    n.checked_sub(1)
        .and_then(|i| entries.iter().rev().nth(i))
        .ok_or_else(|| {
            Failure::new(ExitKind::NotFound, format!("there is no link number {n}"))
                .hint("see `s3share links` for the numbers")
        })
}

/// The entry `target` names: its id or the link itself. Never a position: an id can be all
/// digits, and positions move as links are recorded (`--nth` takes those).
fn find<'a>(entries: &'a [Recorded], target: &str) -> Option<&'a Recorded> {
    // An encrypted share's link is recorded without its key.
    let link = target.split('#').next().unwrap_or(target);
    entries
        .iter()
        .find(|r| r.entry.id == target || r.entry.url.as_deref() == Some(link))
}

/// The private copy a history entry names, which must be one of s3share's revocable copies:
/// whatever the history file says, nothing else is deleted.
fn recorded_copy(uri: &str) -> Result<ObjectLocation> {
    let copy = crate::location::split_s3_uri(uri)
        .ok()
        .flatten()
        .filter(|(_, key)| layout::is_revocable_copy(key))
        .map(|(bucket, key)| ObjectLocation::new(bucket, key));
    match copy {
        Some(copy) => Ok(copy?),
        None => Err(Failure::usage(format!(
            "the history names {} as the copy to delete, which is not one of s3share's \
             revocable copies ({}); refusing to delete it",
            escape(uri),
            layout::REVOCABLE
        ))
        .hint("the history file was changed; check it, or revoke by the link itself")
        .into()),
    }
}

/// The private copy a revocable link points at, from the link itself.
fn from_link(target: &str, entry: Option<&Recorded>, settings: &Settings) -> Result<Doomed> {
    let url = entry.and_then(|r| r.entry.url.as_deref()).unwrap_or(target);
    if let Some(Ok(link)) = crate::cdn::link::CloudFrontUrl::parse(url) {
        return from_cdn_link(&link, settings);
    }
    let link = PresignedUrl::parse(url).map_err(|_| {
        // Whatever was given may be a link with its signature or key: never echoed whole.
        Failure::usage(format!(
            "'{}' is no link or id in the history",
            escape(&crate::redacted::redact_url(target))
        ))
        .hint("see `s3share links` for the ids; --nth N revokes the N-th newest")
    })?;
    if let (Some(bucket), Some(key)) = (&link.bucket, &link.key) {
        if let Some(doomed) = doomed_at(bucket, key)? {
            return Ok(doomed);
        }
    }
    Err(Failure::new(
        ExitKind::Usage,
        "that link was not made with --revocable: it points at the object itself, and S3 \
         cannot take back a presigned link",
    )
    .hint(format!(
        "it stops working at {}; to end every link an access key signed, deactivate the key",
        crate::expiry::timestamp(link.expires_at)
    ))
    .into())
}

/// What revoking a CloudFront link not in the history deletes: the configured distribution
/// serves the default bucket, so the link's path is a key there.
fn from_cdn_link(link: &crate::cdn::link::CloudFrontUrl, settings: &Settings) -> Result<Doomed> {
    let served = settings.cdn()?.filter(|config| {
        config
            .url
            .trim_end_matches('/')
            .eq_ignore_ascii_case(&link.host)
    });
    let bucket = settings.default_bucket().bucket;
    let (Some(_), Some(bucket), Some(key)) = (served, bucket, link.key()) else {
        return Err(Failure::usage(format!(
            "that link goes through {}, which is not the CloudFront distribution configured \
             here for a default bucket",
            escape(&link.host)
        ))
        .hint("revoke it where it was made (its id is in that machine's `s3share links`), or set [cdn] url and bucket")
        .into());
    };
    if let Some(doomed) = doomed_at(bucket, &key)? {
        return Ok(doomed);
    }
    Err(Failure::new(
        ExitKind::Usage,
        "that link was not made with --revocable: it points at the object itself, and a \
         CloudFront link cannot be taken back one by one",
    )
    .hint(format!(
        "it stops working at {}; `s3share cdn rotate --grace 0s` ends every link the key signed",
        crate::expiry::timestamp(link.expires_at)
    ))
    .into())
}

/// What revoking the link to `key` in `bucket` deletes: its revocable copy, or the encrypted
/// share it is the page of; `None` for anything else.
fn doomed_at(bucket: &str, key: &str) -> Result<Option<Doomed>> {
    if layout::is_revocable_copy(key) {
        return Ok(Some(Doomed::Copy(ObjectLocation::new(bucket, key)?)));
    }
    match layout::encrypted_page_id(key) {
        Some(id) => Ok(Some(Doomed::share(bucket, id)?)),
        None => Ok(None),
    }
}
