//! `s3share get`: download from a presigned URL or an s3:// location.
//!
//! Both go down one HTTP path ([`crate::transfer::download`]): a link is used as given, with no
//! credentials; for an s3:// location each request is signed when it is sent.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use url::Url;

use crate::cli::GetArgs;
use crate::error::Failure;
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::pages::{self, PageData};
use crate::presigned_url::is_link;
use crate::s3::errors;
use crate::s3::list;
use crate::s3::preflight::{self, Task};
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::terminal::escape;
use crate::transfer::download::{self, fetch_page, Destination, Options, Parallel, Signer, Source};

use super::common::encrypted_request;
use folder::Item;
use page_link::PageLink;

mod encrypted;
pub mod folder;
mod page_link;
mod zip;

/// Runs `get`.
pub async fn run(args: GetArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    if is_link(&args.source) {
        // Before anything is sent: what the link shows about itself (the wrong kind of link, a
        // signature cut off) the server would answer with a misleading cause.
        preflight::check(&args.source, Task::Download)?;
    }
    let folder = if is_encrypted_share(&args.source) {
        let link = parse_link(&args.source)?;
        match encrypted::open(&args, link).await? {
            encrypted::Opened::File(..) if args.zip.is_some() => {
                return Err(Failure::usage(
                    "--zip writes a folder, and that link is one encrypted file",
                )
                .hint("get it with -o DIR/")
                .into())
            }
            encrypted::Opened::File(source, destination, modified) => {
                let detail = ", decrypted and verified";
                return fetch_one(
                    &source,
                    &destination,
                    args.force,
                    settings,
                    out,
                    modified,
                    detail,
                )
                .await;
            }
            encrypted::Opened::Folder(items, name) => Some((items, Vec::new(), name, None)),
        }
    } else {
        folder_items(&args.source, settings, out).await?
    };
    if let Some(target) = args.zip.as_deref() {
        let Some((items, refused, _, sealed)) = folder else {
            return Err(Failure::usage("--zip writes a folder")
                .hint("give a folder page's link, or s3://BUCKET/PREFIX/ ending in /")
                .into());
        };
        if sealed.is_some() {
            // A zip of the rest would leave them out without a word.
            return Err(Failure::usage(
                "the prefix holds encrypted uploads, which --zip does not open",
            )
            .hint("get them into a folder: s3share get s3://BUCKET/PREFIX/ -o DIR/")
            .into());
        }
        return zip::run(items, refused, target, args.force, settings, out).await;
    }
    if let Some((items, refused, name, sealed)) = folder {
        let dir = match args.output.as_deref() {
            Some(path) if path.as_os_str() == "-" => {
                return Err(Failure::usage("a folder cannot go to standard output")
                    .hint("name a directory with -o DIR/")
                    .into())
            }
            Some(path) => path.to_owned(),
            // As `scp -r` and `gsutil cp -r` do: a folder named after the share, in here.
            None => PathBuf::from(folder::default_name(&name)),
        };
        let total = items.len() + refused.len();
        let opened = match sealed {
            Some(sealed) => Some(open_encrypted(sealed, &dir, settings, out).await?),
            None => None,
        };
        if !items.is_empty() || opened.is_none() {
            folder::run(items, &dir, args.force, settings, out).await?;
        }
        if let Some(failure) = opened.and_then(|o| o.failure()) {
            return Err(failure.into());
        }
        if !refused.is_empty() {
            return Err(Failure::files_not("downloaded", &refused, total)
                .hint("the page links to other hosts or buckets; s3share follows only links into the bucket that serves the page")
                .into());
        }
        return Ok(());
    }
    let destination = Destination::from_output(args.output.as_deref())?;
    if let Destination::File(path) = &destination {
        // Before credentials or network: the answer does not depend on them.
        download::refuse_existing(path, args.force)?;
    }
    let (source, context) = source(&args.source, settings).await?;
    let fetched = fetch_one(&source, &destination, args.force, settings, out, None, "").await;
    match (fetched, context, &source.location) {
        // Some servers answer NoSuchKey for a missing bucket: ask which one is missing.
        (Err(e), Some(context), Some(location)) if e.is::<Failure>() => {
            let failure = e.downcast::<Failure>().expect("checked");
            Err(errors::which_is_missing(&context.client, location, failure)
                .await
                .into())
        }
        (fetched, ..) => fetched,
    }
}

/// Downloads one object (`modified`: the time the file gets) and says where it was saved, with
/// `detail` after its size.
async fn fetch_one(
    source: &Source,
    destination: &Destination,
    force: bool,
    settings: &Settings,
    out: &mut Output,
    modified: Option<std::time::SystemTime>,
    detail: &str,
) -> Result<()> {
    let options = Options {
        force,
        out,
        parallel: Parallel {
            threshold: settings.multipart_threshold.value,
            concurrency: settings.concurrency.value,
        },
        folder: None,
        sync_each: true,
        modified,
    };
    let saved = download::download(source, destination, &options).await?;
    if let Some(path) = saved.path {
        let resumed = if saved.resumed_from > 0 {
            format!(", resumed at {}", crate::human::size(saved.resumed_from))
        } else {
            String::new()
        };
        out.note(&format!(
            "Saved {} ({}{detail}{resumed})",
            path.display(),
            crate::human::size(saved.size)
        ));
    }
    Ok(())
}

/// Whether `input` is the link to an encrypted share's page.
fn is_encrypted_share(input: &str) -> bool {
    is_link(input)
        && PageLink::parse(input).is_some_and(|page| layout::encrypted_page_id(&page.key).is_some())
}

/// The files of a folder, when `input` names one: an s3:// prefix (or bare key) ending in `/`,
/// or the link to a folder page (`s3share share s3://bucket/prefix/`); the files of a page
/// that were refused, because their links lead out of the page's bucket; and the folder as
/// `s3://bucket/prefix/`, whose last segment names the download folder by default.
async fn folder_items(
    input: &str,
    settings: &Settings,
    out: &Output,
) -> Result<Option<(Vec<Item>, Vec<String>, String, Option<Sealed>)>> {
    if is_link(input) {
        let page = PageLink::parse(input).filter(|page| layout::is_folder_page(&page.key));
        let Some(page) = page else {
            return Ok(None);
        };
        let url = Url::parse(input)?;
        let Some(PageData::Folder(data)) = pages::read_data(&fetch_page(&url).await?) else {
            return Err(Failure::usage("that link is not an s3share folder page").into());
        };
        let mut refused = Vec::new();
        let files = data.files.into_iter().filter(|file| {
            let inside = page.admits(&file.url);
            if !inside {
                let host = Url::parse(&file.url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_else(|| "no host".to_owned());
                out.warn(&format!(
                    "refused {}: its link leads to {}, outside the bucket that serves the page",
                    escape(&file.path),
                    escape(&host)
                ));
                refused.push(escape(&file.path).into_owned());
            }
            inside
        });
        let items = files
            .map(|file| {
                Ok(Item {
                    source: Source::link(Url::parse(&file.url)?),
                    relative: file.path,
                    size: file.size,
                    modified: file
                        .modified
                        .as_deref()
                        .and_then(|m| humantime::parse_rfc3339(m).ok()),
                    crc32: file.crc32,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let name = format!("{}/{}", data.bucket, data.prefix);
        return Ok(Some((items, refused, name, None)));
    }
    if input.contains("://") && !input.starts_with("s3://") || !input.ends_with('/') {
        return Ok(None);
    }
    let prefix = ObjectLocation::parse_prefix(input, settings.default_bucket())?;
    let context = S3Context::connect(&settings.connection()).await?;
    let folder = list::folder(&context.client, &prefix).await?;
    if folder.objects.is_empty() {
        return Err(super::share::folder::nothing_under(&prefix, folder.own_left_out).into());
    }
    if folder.own_left_out > 0 {
        out.note(&super::share::folder::own_left_out(folder.own_left_out));
    }
    let (parts, listed) = encrypted_request::split(folder.objects);
    // Each request is signed when it is sent: a folder may take as long as it needs.
    let context = Arc::new(context);
    let signer = Arc::new(Signer::new(context.clone()));
    let mut items = Vec::with_capacity(listed.len());
    for object in listed {
        let location = ObjectLocation::new(&prefix.bucket, &object.key)?;
        items.push(Item {
            source: signer.source(location).await?,
            relative: object.key[prefix.key.len()..].to_owned(),
            size: object.size,
            modified: object.modified,
            crc32: None,
        });
    }
    let name = format!("{}/{}", prefix.bucket, prefix.key);
    let sealed = (!parts.is_empty()).then(|| Sealed {
        context,
        bucket: prefix.bucket.clone(),
        parts,
    });
    Ok(Some((items, Vec::new(), name, sealed)))
}

/// The objects of encrypted uploads found under a prefix, and the connection to fetch them.
struct Sealed {
    context: Arc<S3Context>,
    bucket: String,
    parts: Vec<crate::s3::list::Listed>,
}

/// Opens the encrypted uploads under a prefix into `dir` with this machine's request key.
async fn open_encrypted(
    sealed: Sealed,
    dir: &std::path::Path,
    settings: &Settings,
    out: &Output,
) -> Result<encrypted_request::Opened> {
    let key = encrypted_request::local_key(&super::key::key_path(settings)?)?;
    folder::create_dir(dir)?;
    encrypted_request::open_all(
        &sealed.context.client,
        &sealed.bucket,
        sealed.parts,
        dir,
        &key,
        out,
    )
    .await
}

/// A link given on the command line.
fn parse_link(input: &str) -> Result<Url, Failure> {
    Url::parse(input).map_err(|e| {
        Failure::usage(format!("invalid URL: {e}")).hint("put the link in single quotes")
    })
}

/// A link as given, or a fresh link for an s3:// location or bare key (with the connection
/// that signs it).
async fn source(input: &str, settings: &Settings) -> Result<(Source, Option<Arc<S3Context>>)> {
    if is_link(input) {
        return Ok((Source::link(parse_link(input)?), None));
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
    let context = Arc::new(S3Context::connect(&settings.connection()).await?);
    // Each request is signed when it is sent: the download may take as long as it needs.
    let source = Arc::new(Signer::new(context.clone()))
        .source(location)
        .await?;
    Ok((source, Some(context)))
}
