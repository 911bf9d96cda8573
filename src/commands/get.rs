//! `s3share get`: download from a presigned URL or an s3:// location.
//!
//! Both go down one HTTP path ([`crate::transfer::download`]): a link is used as given, with no
//! credentials; an s3:// location is first presigned locally for a short while.

use std::time::Duration;

use anyhow::Result;
use indicatif::HumanBytes;
use url::Url;

use crate::cli::GetArgs;
use crate::error::Failure;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::s3::presign::Method;
use crate::s3::presign::{LinkOptions, Presigner};
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::transfer::download::{self, Destination, Options, Parallel, Source};

/// How long the link minted for an s3:// download lives; it only has to outlast the request.
const OWN_LINK_EXPIRY: Duration = Duration::from_secs(3600);

/// Runs `get`.
pub async fn run(args: GetArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let destination = Destination::from_output(args.output.as_deref())?;
    if let Destination::File(path) = &destination {
        // Before credentials or network: the answer does not depend on them.
        download::refuse_existing(path, args.force)?;
    }
    let source = source(&args.source, settings).await?;
    let options = Options {
        force: args.force,
        out,
        parallel: Parallel {
            threshold: settings.multipart_threshold.value,
            concurrency: settings.concurrency.value,
        },
    };
    let saved = download::download(&source, &destination, &options).await?;
    if let Some(path) = saved.path {
        let resumed = if saved.resumed_from > 0 {
            format!(", resumed at {}", HumanBytes(saved.resumed_from))
        } else {
            String::new()
        };
        out.note(&format!(
            "Saved {} ({}{resumed})",
            path.display(),
            HumanBytes(saved.size)
        ));
    }
    Ok(())
}

/// A link as given, or a fresh link for an s3:// location or bare key.
async fn source(input: &str, settings: &Settings) -> Result<Source> {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let url = Url::parse(input).map_err(|e| {
            Failure::usage(format!("invalid URL: {e}")).hint("put the link in single quotes")
        })?;
        return Ok(Source {
            url,
            location: None,
        });
    }
    if input.contains("://") && !input.starts_with("s3://") {
        let scheme = input.split("://").next().unwrap_or_default();
        return Err(
            Failure::usage(format!("cannot download from a {scheme}:// address"))
                .hint("give an http(s) link, s3://BUCKET/KEY, or a bare KEY in the default bucket")
                .into(),
        );
    }
    let location = ObjectLocation::parse(input, settings.default_bucket())?;
    let context = S3Context::connect(&settings.connection()).await?;
    let presigner = Presigner::new(&context, OWN_LINK_EXPIRY)?;
    let link = presigner
        .presign(Method::Get, &location, &LinkOptions::default())
        .await?;
    Ok(Source {
        url: Url::parse(&link.url)?,
        location: Some(location),
    })
}
