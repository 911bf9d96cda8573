//! `s3share request`: ask someone for files. Signs a POST policy for a prefix, writes an upload
//! page into the bucket (outside the prefix, so no upload can replace it) and prints one
//! presigned link to that page.

use anyhow::Result;
use serde_json::json;

use crate::cli::RequestArgs;
use crate::error::{ExitKind, Failure};
use crate::expiry::timestamp;
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::{LinkRecord, Output};
use crate::pages::{self, PostData, RequestData};
use crate::s3::errors::{classify, is_not_found};
use crate::s3::post_policy::{PostRules, MAX_POST_SIZE};
use crate::s3::presign::Presigner;
use crate::s3::S3Context;
use crate::settings::Settings;

use super::publish::publish;
use super::record::Recorder;
use crate::shell::quote;
use crate::terminal::escape;

/// Runs `request`.
pub async fn run(args: RequestArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let location = ObjectLocation::parse(&args.location, settings.default_bucket())?;
    check_prefix(&location)?;
    let context = S3Context::connect(&settings.connection()).await?;
    let presigner = Presigner::new(&context, settings.expiry(args.expiry.expires))?;
    super::lifetime::check(presigner.lifetime(), settings.strict, out)?;

    let rules = PostRules {
        bucket: location.bucket.clone(),
        prefix: location.key.clone(),
        max_size: args.max_size.unwrap_or(MAX_POST_SIZE),
        content_type: args.content_type.clone(),
    };
    check_bucket(&context.client, &location).await?;
    let form = presigner.post_form(&rules).await?;
    let data = RequestData {
        kind: "request".to_owned(),
        version: 1,
        bucket: rules.bucket.clone(),
        prefix: rules.prefix.clone(),
        expires_at: timestamp(form.expires_at),
        max_size: rules.max_size,
        content_type: rules.content_type.clone(),
        post: PostData {
            url: form.url.clone(),
            fields: form.fields.clone(),
        },
    };
    let (page, link) = publish(
        &context.client,
        &presigner,
        &location.bucket,
        layout::REQUESTS,
        pages::request_page(&data),
    )
    .await?;
    let mut record = LinkRecord::new(&link, &page);
    record.extra.insert("prefix", json!(rules.prefix));
    record.extra.insert("max_size", json!(rules.max_size));
    record
        .extra
        .insert("post", json!({ "url": form.url, "fields": form.fields }));
    out.link(&record)?;
    Recorder::new("request", settings, &context).link(&link, &page, None, out);
    if out.stderr_is_terminal() {
        out.note(&format!(
            "Anyone with the link can upload files of up to {} each under {} until {}.",
            pages::human_size(rules.max_size),
            ObjectLocation::new(&rules.bucket, &rules.prefix)?,
            data.expires_at
        ));
        out.note("A recipient in a terminal can use instead:");
        out.note(&format!("  s3share upload --to {} FILE…", quote(&link.url)));
        out.note(&format!(
            "  curl -F key={}NAME {} -F 'Content-Type=application/octet-stream' -F file=@NAME {}",
            quote(&rules.prefix),
            form.fields
                .iter()
                .map(|(k, v)| format!("-F {}", quote(&format!("{k}={v}"))))
                .collect::<Vec<_>>()
                .join(" "),
            quote(&form.url)
        ));
        out.note(&format!(
            "What arrives: s3share get {} -o DIR/ (or aws s3 ls --recursive).",
            ObjectLocation::new(&rules.bucket, &rules.prefix)?
        ));
    }
    Ok(())
}

/// The prefix must name a folder the page does not live in.
fn check_prefix(location: &ObjectLocation) -> Result<(), Failure> {
    let prefix = &location.key;
    if prefix.is_empty() {
        return Err(Failure::usage(format!(
            "uploads to the whole bucket '{}' would let anyone overwrite any key",
            location.bucket
        ))
        .hint("name a folder for them, e.g. s3://BUCKET/incoming/"));
    }
    if !prefix.ends_with('/') {
        return Err(Failure::usage(format!(
            "'{prefix}' has no trailing slash: uploads would be named like '{prefix}2026-11-27…/NAME'"
        ))
        .hint(format!("for a folder, add the slash: {prefix}/")));
    }
    if layout::is_own(prefix) {
        return Err(Failure::usage(format!(
            "{} holds s3share's own pages; uploads there could replace them",
            layout::OWN
        ))
        .hint("choose another folder, e.g. incoming/"));
    }
    Ok(())
}

/// The bucket must exist before a page invites uploads into it (some servers would create it).
async fn check_bucket(client: &aws_sdk_s3::Client, location: &ObjectLocation) -> Result<()> {
    let head = client.head_bucket().bucket(&location.bucket).send().await;
    match head {
        Ok(_) => Ok(()),
        Err(e) if is_not_found(&e) => Err(Failure::new(
            ExitKind::NotFound,
            format!("bucket '{}' does not exist", escape(&location.bucket)),
        )
        .hint("check the bucket name, the region (--region) and the endpoint")
        .into()),
        Err(e) => Err(classify(e, "look up the bucket of", location).into()),
    }
}
