//! `s3share presign`: offline links for one location or thousands read from stdin.

use std::io::BufRead;

use anyhow::{Context, Result};

use crate::cdn::sign::CdnSigner;
use crate::cdn::Via;
use crate::cli::PresignArgs;
use crate::error::Failure;
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::{LinkRecord, Output};
use crate::s3::download_signer::cdn_link;
use crate::s3::presign::Method;
use crate::s3::presign::{content_disposition, LinkOptions, PresignedLink, Presigner};
use crate::s3::S3Context;
use crate::settings::Settings;

use super::common::record::Recorder;
use super::common::via;

/// Runs `presign`.
pub async fn run(args: PresignArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    check_options(&args)?;
    // The configured encryption is for PUT links; GET, HEAD and DELETE links sign none.
    let sse = match args.method {
        Method::Put => settings.sse(&args.sse.flags())?,
        _ => None,
    };
    let default = settings.default_bucket();
    // Parse every argument before resolving credentials: a typo fails fast and offline.
    let mut locations = Vec::new();
    let mut read_stdin = false;
    for arg in &args.locations {
        if arg == "-" {
            if read_stdin {
                return Err(Failure::usage("`-` (read stdin) given twice").into());
            }
            read_stdin = true;
            locations.push(None);
        } else {
            let location = ObjectLocation::parse(arg, default)?;
            check_own_space(&args, &location)?;
            locations.push(Some(location));
        }
    }

    let expires = settings.expiry(args.expiry.expires);
    let cdn = cdn_signer(&args, settings, &locations, expires)?;
    let context = S3Context::connect(&settings.connection()).await?;
    let presigner = via::presigner(&context, expires, cdn.is_some(), settings, out)?;
    let options = LinkOptions {
        content_type: args.content_type.clone(),
        content_disposition: content_disposition(
            args.disposition.filename.as_deref(),
            args.disposition.inline,
        ),
        sse,
        ..LinkOptions::default()
    };
    let recorder = Recorder::new("presign", settings, &context);
    let (mut first, mut signed) = (None, 0);
    for location in locations {
        match location {
            Some(location) => {
                let link = sign_one(
                    &presigner,
                    cdn.as_ref(),
                    args.method,
                    &location,
                    &options,
                    out,
                )
                .await?;
                signed += 1;
                first.get_or_insert((link, location));
            }
            None => {
                let stdin = std::io::stdin().lock();
                let mut count = 0usize;
                for (number, line) in stdin.lines().enumerate() {
                    let line = line.context("cannot read locations from stdin")?;
                    let line = line.trim_end_matches('\r');
                    if line.trim().is_empty() {
                        continue;
                    }
                    let location = ObjectLocation::parse(line, default)
                        .and_then(|location| {
                            check_own_space(&args, &location)?;
                            Ok(location)
                        })
                        .map_err(|mut e| {
                            e.message = format!("stdin line {}: {}", number + 1, e.message);
                            e
                        })?;
                    let link = sign_one(
                        &presigner,
                        cdn.as_ref(),
                        args.method,
                        &location,
                        &options,
                        out,
                    )
                    .await?;
                    signed += 1;
                    first.get_or_insert((link, location));
                    count += 1;
                }
                if count == 0 {
                    return Err(Failure::usage("no locations on stdin (`-` was given)")
                        .hint("pipe one s3://BUCKET/KEY or KEY per line into s3share presign -")
                        .into());
                }
            }
        }
    }
    if let Some((link, location)) = &first {
        recorder.batch(link, location, signed, out);
    }
    Ok(())
}

async fn sign_one(
    presigner: &Presigner<'_>,
    cdn: Option<&CdnSigner>,
    method: Method,
    location: &ObjectLocation,
    options: &LinkOptions,
    out: &mut Output,
) -> Result<PresignedLink> {
    let link = match cdn {
        Some(cdn) => cdn_link(cdn, location, options),
        None => presigner.presign(method, location, options).await?,
    };
    out.link(&LinkRecord::new(&link, location))?;
    Ok(link)
}

/// A PUT or DELETE link into s3share's own space is refused unless `--allow-own-space`: there
/// the pages of encrypted shares and file requests live, and whoever replaces an encrypted
/// share's page or worker reads the key of its next visitor.
fn check_own_space(args: &PresignArgs, location: &ObjectLocation) -> Result<(), Failure> {
    let writes = matches!(args.method, Method::Put | Method::Delete);
    if !writes || args.allow_own_space || !layout::is_own(&location.key) {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "refusing to sign a {} link to {location}, in {}, s3share's own space: a link that \
         replaces an encrypted share's page or worker (index.html, sw.js) lets its holder read \
         the key of the share's next visitor",
        args.method.as_http(),
        layout::OWN
    ))
    .hint("if that is what you want, add --allow-own-space"))
}

/// The CDN signer for GET links (`--via`; the first location's bucket decides for a batch),
/// `None` for S3 links; `--via cdn` on another method is refused.
fn cdn_signer(
    args: &PresignArgs,
    settings: &Settings,
    locations: &[Option<ObjectLocation>],
    expires: std::time::Duration,
) -> Result<Option<CdnSigner>, Failure> {
    if args.method != Method::Get {
        return match args.via.via {
            Some(Via::Cdn) => Err(Failure::usage("--via cdn only applies to GET links")),
            _ => Ok(None),
        };
    }
    let bucket = locations.iter().flatten().next().map(|l| l.bucket.as_str());
    via::cdn_signer(args.via.via, settings, bucket, expires)
}

/// Options that only make sense for some methods are refused for the others.
fn check_options(args: &PresignArgs) -> Result<(), Failure> {
    if args.content_type.is_some() && args.method != Method::Put {
        return Err(
            Failure::usage("--content-type only applies to PUT links").hint("add --method put")
        );
    }
    if (args.sse.sse.is_some() || args.sse.sse_kms_key_id.is_some()) && args.method != Method::Put {
        return Err(
            Failure::usage("--sse and --sse-kms-key-id only apply to PUT links")
                .hint("add --method put"),
        );
    }
    let disposition = args.disposition.filename.is_some() || args.disposition.inline;
    if disposition && args.method != Method::Get {
        return Err(Failure::usage(
            "--filename and --inline only apply to GET links",
        ));
    }
    Ok(())
}
