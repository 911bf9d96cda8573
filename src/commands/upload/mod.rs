//! `s3share upload`: upload files (or stdin) and print a download link for each ([`folder`] for
//! directories), upload one file to a presigned PUT link ([`to_link`]), or send files through
//! a file request page ([`to_request`]). [`mode`] tells these apart, and refuses `--encrypt` where it
//! cannot be honoured.

mod encrypted;
mod encrypted_folder;
mod folder;
mod mode;
mod object;
mod to_link;
mod to_request;

use std::collections::HashSet;
use std::path::Path;

use anyhow::Result;

use crate::cli::UploadArgs;
use crate::error::{ExitKind, Failure};
use crate::location::{join_prefix, split_s3_uri, ObjectLocation};
use crate::output::Output;
use crate::s3::download_signer::DownloadSigner;
use crate::s3::presign::Presigner;
use crate::s3::S3Context;
use crate::settings::Settings;

use super::common::download_link::DownloadLink;
use super::common::record::Recorder;
use super::common::via;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::put::ObjectOptions;
use crate::transfer::retry::transfer_client;
use crate::transfer::walk as tree;
use folder::Folder;
use mode::Mode;
use object::{check_file, content_type, Job, Source};

/// Runs `share --encrypt s3://BUCKET/PREFIX/`: the folder stored again as an encrypted folder,
/// as `upload --encrypt DIR` stores a local one.
pub async fn share_encrypted(
    args: &crate::cli::ShareArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<()> {
    encrypted_folder::share_prefix(args, settings, out).await
}

/// Runs `upload`.
pub async fn run(args: UploadArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    // Before any byte is read or sent: a mode that cannot encrypt refuses --encrypt.
    let mode = Mode::of(&args);
    mode.check_encrypt(args.encrypt)?;
    match mode {
        Mode::ToLink(url) => return to_link::run(&args, url, out).await,
        Mode::ToRequest(page) => {
            if args.key.is_some() {
                return Err(Failure::usage(
                    "--key does not go with a file request: the request names the keys",
                )
                .into());
            }
            to_request::refuse_unused(&args)?;
            return to_request::run(
                page,
                &args.files,
                args.content_type.as_deref(),
                args.encrypt,
                out,
            )
            .await;
        }
        Mode::Files if args.encrypt => return encrypted::run(&args, settings, out).await,
        Mode::Folder(dir) if args.encrypt => {
            if args.files.len() != 1 {
                return Err(Failure::usage(
                    "--encrypt with a directory makes one encrypted folder: give that directory \
                     alone",
                )
                .hint("run s3share upload --encrypt once per directory or file")
                .into());
            }
            let walked = walk_dir(dir, &args)?;
            return encrypted_folder::run(&args, walked, settings, out).await;
        }
        Mode::Files | Mode::Stdin | Mode::Folder(_) => {}
    }
    let (sources, skipped) = check_sources(&args)?;
    let in_folder = |source: &Source| {
        matches!(
            source,
            Source::File {
                in_folder: true,
                ..
            }
        )
    };
    let locations = locate(&args, settings, &sources)?;
    let sse = settings.sse(&args.sse.flags())?;
    // Before any byte is sent: a CDN link's key is read and checked here.
    let expires = settings.expiry(args.expiry.expires);
    let cdn = match locations.first() {
        Some(first) => via::cdn_signer(args.via.via, settings, Some(&first.bucket), expires)?,
        None => None,
    };
    let context = S3Context::connect(&settings.connection()).await?;
    // Before any byte is sent: with --strict, links that would die early stop the upload here.
    via::presigner(&context, expires, cdn.is_some(), settings, out)?;
    let client = transfer_client(&context.client)?;
    let interrupt = Interrupt::listen();
    if sources.iter().any(in_folder) {
        if out.json() && !skipped.is_empty() {
            out.annotate("skipped", skipped.counts());
        }
        let folder = Folder {
            args: &args,
            skipped: &skipped,
            settings,
            client: &client,
            sse: &sse,
            interrupt: &interrupt,
            cdn: cdn.as_ref(),
        };
        let presigner = || Presigner::new(&context, via::s3_lifetime(expires, cdn.is_some()));
        return folder
            .run(&sources, &locations, &context, presigner, out)
            .await;
    }
    let recorder = Recorder::new("upload", settings, &context);
    for (source, location) in sources.iter().zip(&locations) {
        let options = ObjectOptions {
            content_type: content_type(&args, source, location),
            force: args.force,
            sse: sse.clone(),
        };
        let job = Job {
            client: &client,
            location,
            options: &options,
            settings,
            interrupt: &interrupt,
            out,
            folder: None,
            key_checked: false,
        };
        let uploaded = match source {
            Source::File {
                path, size, name, ..
            } => job.file(path, *size, name).await?.0,
            Source::Stdin => job.stdin().await?,
        };
        // Signed after the upload, so a long upload does not eat into the link's lifetime.
        let presigner = Presigner::new(&context, via::s3_lifetime(expires, cdn.is_some()))?;
        let signer = DownloadSigner::new(&presigner, cdn.as_ref());
        let printer = DownloadLink::new(signer, &context, &recorder, args.revocable, settings);
        printer
            .print(location, Some(uploaded.size), Some(&uploaded.sha256), out)
            .await?;
    }
    Ok(())
}

/// Checks every FILE (and the flags that go with stdin) before anything is sent; walks the
/// directories among them, and says what their walks skipped.
fn check_sources(args: &UploadArgs) -> Result<(Vec<Source>, tree::Skipped), Failure> {
    let stdin = args.files.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.files.len() > 1 {
        return Err(Failure::usage("`-` (stdin) must be the only FILE"));
    }
    if stdin && args.key.is_none() {
        return Err(
            Failure::usage("uploading stdin needs --key to name the object")
                .hint("e.g. tar cz dir | s3share upload - --key backups/dir.tar.gz"),
        );
    }
    if args.key.is_some() && args.files.len() > 1 {
        return Err(Failure::usage(format!(
            "--key names one object, but {} files were given",
            args.files.len()
        ))
        .hint("use --to s3://BUCKET/PREFIX/ to upload several files under one prefix"));
    }
    if stdin {
        return Ok((vec![Source::Stdin], tree::Skipped::default()));
    }
    let mut sources = Vec::new();
    let mut skipped = tree::Skipped::default();
    for path in &args.files {
        if !path.is_dir() {
            sources.push(file_source(args, path)?);
            continue;
        }
        if args.key.is_some() {
            return Err(Failure::usage(format!(
                "--key names one object, but {} is a directory",
                path.display()
            ))
            .hint("use --to s3://BUCKET/PREFIX/ for a folder"));
        }
        let walked = walk_dir(path, args)?;
        skipped.extend(walked.skipped);
        sources.extend(walked.files.into_iter().map(|file| Source::File {
            path: file.path,
            size: file.size,
            name: file.name,
            in_folder: true,
        }));
    }
    Ok((sources, skipped))
}

/// What a walk of a directory leaves out, from the flags.
fn walk_rules(args: &UploadArgs) -> tree::WalkRules {
    tree::WalkRules {
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        exclude: args.exclude.clone(),
    }
}

/// The files under `dir`, refusing a directory that cannot be read whole or holds nothing to
/// upload (saying what the walk skipped).
fn walk_dir(dir: &Path, args: &UploadArgs) -> Result<tree::Walked, Failure> {
    let walked = tree::walk(dir, &walk_rules(args))?;
    if let Some(problem) = walked.problems.first() {
        return Err(Failure::new(
            ExitKind::Failure,
            format!("cannot read all of {}: {problem}", dir.display()),
        )
        .hint("fix the permissions or the symlink loop, or leave it out with --exclude"));
    }
    if walked.files.is_empty() {
        let mut failure = Failure::usage(format!(
            "{} has no files to upload{}",
            dir.display(),
            if args.exclude.is_empty() {
                ""
            } else {
                " (after --exclude)"
            }
        ));
        if let Some(summary) = walked.skipped.summary() {
            failure = failure.hint(summary);
        }
        return Err(failure);
    }
    Ok(walked)
}

/// One FILE given on the command line.
fn file_source(args: &UploadArgs, path: &Path) -> Result<Source, Failure> {
    {
        {
            let size = check_file(path)?;
            // With --key the name only guesses the Content-Type, so any name will do.
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_owned)
                .or_else(|| {
                    let name = path.file_name()?.to_string_lossy().into_owned();
                    args.key.is_some().then_some(name)
                })
                .ok_or_else(|| {
                    Failure::usage(format!("{} has no usable file name", path.display()))
                        .hint("name the object with --key")
                })?;
            Ok(Source::File {
                path: path.to_owned(),
                size,
                name,
                in_folder: false,
            })
        }
    }
}

/// Where each source goes. `--key` is a key like any other location argument (s3://BUCKET/KEY,
/// or a bare key in the default bucket under its prefix), or relative to `--to` when both are
/// given; without it, each file goes under the prefix (of `--to`, else the configured one).
fn locate(
    args: &UploadArgs,
    settings: &Settings,
    sources: &[Source],
) -> Result<Vec<ObjectLocation>, Failure> {
    let to = args.to.as_deref().map(target).transpose()?;
    let default = settings.default_bucket();
    let in_default_bucket = |key: String| {
        let bucket = default.bucket.ok_or_else(|| {
            Failure::config("no bucket given and no default bucket is set").hint(
                "use --to s3://BUCKET/PREFIX/, set S3SHARE_BUCKET, or put `bucket = \"...\"` \
                 in the config file (s3share init)",
            )
        })?;
        ObjectLocation::new(bucket, key)
    };
    let mut locations = Vec::with_capacity(sources.len());
    for source in sources {
        let location = match (&args.key, &to, source) {
            (Some(key), Some((bucket, prefix)), _) => {
                if split_s3_uri(key)?.is_some() {
                    return Err(Failure::usage("give the bucket once: in --to or in --key"));
                }
                let key = join_prefix(prefix, key);
                match bucket {
                    Some(bucket) => ObjectLocation::new(*bucket, key)?,
                    None => in_default_bucket(key)?,
                }
            }
            (Some(key), None, _) => ObjectLocation::parse(key, default)?,
            (None, to, Source::File { name, .. }) => {
                let (bucket, prefix) = match to {
                    Some((bucket, prefix)) => (*bucket, *prefix),
                    None => (None, default.prefix.unwrap_or("")),
                };
                let key = join_prefix(prefix, name);
                match bucket {
                    Some(bucket) => ObjectLocation::new(bucket, key)?,
                    None => in_default_bucket(key)?,
                }
            }
            (None, _, Source::Stdin) => unreachable!("stdin without --key is refused earlier"),
        };
        locations.push(location);
    }
    if let Some(own) = locations.iter().find(|l| crate::layout::is_own(&l.key)) {
        return Err(Failure::usage(format!(
            "{own} is in {}, s3share's own space (pages with upload rights, revocable copies)",
            crate::layout::OWN
        ))
        .hint("upload somewhere else, e.g. --to s3://BUCKET/files/"));
    }
    let mut seen = HashSet::new();
    for location in &locations {
        if !seen.insert(location.to_string()) {
            return Err(
                Failure::usage(format!("two files would both be uploaded as {location}"))
                    .hint("upload them separately with --key, or to different --to prefixes"),
            );
        }
    }
    Ok(locations)
}

/// `--to`: `s3://BUCKET/PREFIX` or a bare prefix in the default bucket.
fn target(to: &str) -> Result<(Option<&str>, &str), Failure> {
    Ok(match split_s3_uri(to)? {
        Some((bucket, prefix)) => (Some(bucket), prefix),
        None => (None, to),
    })
}
