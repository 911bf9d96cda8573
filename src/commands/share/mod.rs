//! `s3share share`: a download link for an object that exists, or an upload link.

pub mod folder;
mod suggest;

use anyhow::Result;

use crate::cli::ShareArgs;
use crate::error::Failure;
use crate::location::ObjectLocation;
use crate::output::{LinkRecord, Output};
use crate::s3::download_signer::DownloadSigner;
use crate::s3::errors::classify_head;
use crate::s3::presign::Method;
use crate::s3::presign::{content_disposition, LinkOptions, Presigner};
use crate::s3::sse::SseSetting;
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::shell::{curl_command, quote};

use super::common::download_link::DownloadLink;
use super::common::record::Recorder;
use super::common::via;

/// Runs `share`.
pub async fn run(args: ShareArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    if args.encrypt {
        if !args.location.ends_with('/') {
            return Err(Failure::usage(
                "share --encrypt takes a folder, s3://BUCKET/PREFIX/ ending in /",
            )
            .hint("for one file: s3share get s3://BUCKET/KEY -o FILE, then s3share upload --encrypt FILE")
            .into());
        }
        return super::upload::share_encrypted(&args, settings, out).await;
    }
    if args.location.ends_with('/') && !args.upload {
        // A trailing `/` means a folder: one link to a page of links.
        folder::refuse_unused(&args)?;
        let prefix = ObjectLocation::parse_prefix(&args.location, settings.default_bucket())?;
        let expires = settings.expiry(args.expiry.expires);
        let cdn = via::cdn_signer(args.via.via, settings, Some(&prefix.bucket), expires)?;
        let context = S3Context::connect(&settings.connection()).await?;
        let presigner = via::presigner(&context, expires, cdn.is_some(), settings, out)?;
        let recorder = Recorder::new("share-folder", settings, &context);
        return folder::run(
            &prefix,
            &context,
            DownloadSigner::new(&presigner, cdn.as_ref()),
            &recorder,
            &Default::default(),
            out,
        )
        .await;
    }
    let location = ObjectLocation::parse(&args.location, settings.default_bucket())?;
    if args.upload && crate::layout::is_own(&location.key) {
        // Pages with upload rights and encrypted shares live there: a PUT link could replace
        // one, and a replaced encrypted share's page reads its next visitor's key.
        return Err(Failure::usage(format!(
            "{location} is in {}, s3share's own space: an upload link there could replace \
             s3share's pages (an encrypted share's page or worker, and with it the key of its \
             next visitor)",
            crate::layout::OWN
        ))
        .hint("hand out an upload link somewhere else, e.g. s3://BUCKET/incoming/NAME")
        .into());
    }
    let sse = if args.upload {
        settings.sse(&args.sse.flags())?
    } else if args.sse.sse.is_some() || args.sse.sse_kms_key_id.is_some() {
        return Err(
            Failure::usage("--sse and --sse-kms-key-id only apply to upload links")
                .hint("add --upload")
                .into(),
        );
    } else {
        None
    };
    let expires = settings.expiry(args.expiry.expires);
    let cdn = match args.upload {
        true => None,
        false => via::cdn_signer(args.via.via, settings, Some(&location.bucket), expires)?,
    };
    let context = S3Context::connect(&settings.connection()).await?;
    let presigner = via::presigner(&context, expires, cdn.is_some(), settings, out)?;
    let recorder = Recorder::new("share", settings, &context);
    if args.upload {
        share_upload(&args, &location, sse, &presigner, &recorder, out).await
    } else {
        let signer = DownloadSigner::new(&presigner, cdn.as_ref());
        let link = DownloadLink::new(signer, &context, &recorder, args.revocable, settings);
        share_download(&args, &location, &context, link, out).await
    }
}

/// HEADs the object first, so nobody hands out a link to something missing or forbidden.
async fn share_download(
    args: &ShareArgs,
    location: &ObjectLocation,
    context: &S3Context,
    link: DownloadLink<'_>,
    out: &mut Output,
) -> Result<()> {
    let head = context
        .client
        .head_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .send()
        .await;
    let head = match head {
        Ok(head) => head,
        Err(e) => {
            let failure = classify_head(&context.client, e, "look up", location).await;
            let input = &args.location;
            let failure = suggest::better_hint(failure, input, location, &context.client).await;
            return Err(failure.into());
        }
    };
    let options = LinkOptions {
        content_disposition: content_disposition(
            args.disposition.filename.as_deref(),
            args.disposition.inline,
        ),
        ..LinkOptions::default()
    };
    let size = head.content_length().and_then(|n| u64::try_from(n).ok());
    let link = DownloadLink { options, ..link };
    link.print(location, size, None, out).await?;
    Ok(())
}

/// Prints a PUT link, and (unless in CI) the commands a recipient can run.
async fn share_upload(
    args: &ShareArgs,
    location: &ObjectLocation,
    sse: Option<SseSetting>,
    presigner: &Presigner<'_>,
    recorder: &Recorder,
    out: &mut Output,
) -> Result<()> {
    // A Content-Type only when asked for: one signed into the link that the recipient cannot see
    // is the most common cause of refused uploads, and without one any client's PUT is accepted.
    let content_type = args.content_type.clone();
    let sse_flags = sse
        .as_ref()
        .map(|e| format!(" {}", e.flags()))
        .unwrap_or_default();
    let options = LinkOptions {
        content_type: content_type.clone(),
        sse,
        ..LinkOptions::default()
    };
    let link = presigner.presign(Method::Put, location, &options).await?;
    out.link(&LinkRecord::new(&link, location))?;
    recorder.link(&link, location, None, out);
    if out.recipes() {
        let file = location
            .key
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("FILE");
        out.note("The recipient can upload with:");
        out.note(&format!(
            "  {}",
            curl_command("PUT", &link.url, &link.headers, Some(file))
        ));
        let content_type_flag = content_type
            .map(|ct| format!(" --content-type {}", quote(&ct)))
            .unwrap_or_default();
        out.note(&format!(
            "  s3share upload --url {}{content_type_flag}{sse_flags} {}",
            quote(&link.url),
            quote(file)
        ));
    }
    Ok(())
}
