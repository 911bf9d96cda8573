//! `s3share request --watch ID|LINK`: the request made earlier that a watch comes back to, found
//! by its id or link in the history (or by its link alone), and read from its own page.

use std::time::Duration;

use anyhow::Result;

use crate::error::{ExitKind, Failure};
use crate::history::History;
use crate::layout;
use crate::location::{split_s3_uri, ObjectLocation};
use crate::pages::{read_data, PageData};
use crate::presigned_url::{is_link, PresignedUrl};
use crate::s3::presign::{LinkOptions, Method, Presigner};
use crate::s3::S3Context;
use crate::terminal::escape;
use crate::transfer::download::fetch_page;

use super::watched::{Baseline, Watched};

/// Clocks of the machine and of the server may differ this much: a file stored this long before
/// the request was recorded still counts as having arrived through it.
const CLOCK_SLACK: Duration = Duration::from_secs(60);

/// The page of the request `target` names, and since when files count as arrivals.
pub fn locate(target: &str) -> Result<(ObjectLocation, Baseline), Failure> {
    let recorded = History::open_default()
        .and_then(|history| history.read().ok())
        .map(|(entries, _)| entries)
        .unwrap_or_default();
    let link = target.split('#').next().unwrap_or(target);
    let entry = recorded
        .iter()
        .rev()
        .find(|r| r.entry.id == target || r.entry.url.as_deref() == Some(link));
    if let Some(found) = entry {
        let entry = &found.entry;
        if entry.command != "request" {
            return Err(not_a_request(
                target,
                &format!("a link `{}` printed", entry.command),
            ));
        }
        let (bucket, key) = split_s3_uri(&entry.location)?.ok_or_else(|| {
            Failure::new(
                ExitKind::Failure,
                format!("the history names no page for {}", escape(target)),
            )
        })?;
        let page = ObjectLocation::new(bucket, key)?;
        let since = humantime::parse_rfc3339(&entry.at)
            .map(|at| Baseline::Since(at - CLOCK_SLACK))
            .unwrap_or(Baseline::Everything);
        return Ok((check_page(page, target)?, since));
    }
    if is_link(target) {
        let parsed = PresignedUrl::parse(target)?;
        let (Some(bucket), Some(key)) = (parsed.bucket, parsed.key) else {
            return Err(not_a_request(target, "a link to no object"));
        };
        let page = ObjectLocation::new(bucket, key)?;
        return Ok((check_page(page, target)?, Baseline::Everything));
    }
    Err(Failure::new(
        ExitKind::NotFound,
        format!(
            "'{}' is neither the id nor the link of a request in the history",
            escape(target)
        ),
    )
    .hint(
        "`s3share links` lists the requests you made; to make one and watch it: \
         s3share request PREFIX/ --watch",
    ))
}

/// Reads what the request's page says: where files go and until when.
pub async fn read(page: &ObjectLocation, context: &S3Context, since: Baseline) -> Result<Watched> {
    let presigner = Presigner::new(context, Duration::from_secs(60))?;
    let link = presigner
        .presign(Method::Get, page, &LinkOptions::default())
        .await?;
    let text = fetch_page(&url::Url::parse(&link.url.0)?).await?;
    let Some(PageData::Request(data)) = read_data(&text) else {
        return Err(not_a_request(&page.to_string(), "another kind of page").into());
    };
    let expires_at = humantime::parse_rfc3339(&data.expires_at).map_err(|_| {
        Failure::new(
            ExitKind::Failure,
            format!("the request page {page} carries no expiry s3share can read"),
        )
    })?;
    // A request made `--for` a name watches that name's folder and saves into a folder named
    // after it, as a watch of all the names does.
    let base = match &data.recipient {
        Some(name) => data
            .prefix
            .strip_suffix(&format!("{name}/"))
            .unwrap_or(&data.prefix)
            .to_owned(),
        None => data.prefix.clone(),
    };
    Ok(Watched {
        bucket: data.bucket,
        listed: data.prefix,
        base,
        expires_at,
        baseline: since,
        by_name: data.recipient.is_some(),
        resume: None,
        encrypted_to: data.encrypted.map(|e| e.fingerprint),
    })
}

/// A page must be one of s3share's request pages, whatever the history or the link says.
fn check_page(page: ObjectLocation, target: &str) -> Result<ObjectLocation, Failure> {
    if page.key.starts_with(layout::REQUESTS) {
        Ok(page)
    } else {
        Err(not_a_request(target, "no request page"))
    }
}

fn not_a_request(target: &str, what: &str) -> Failure {
    Failure::usage(format!(
        "'{}' is not a file request ({what}): only a request's id or page link can be watched",
        escape(target)
    ))
    .hint("to make a request and watch it: s3share request PREFIX/ --watch")
}
