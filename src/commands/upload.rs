//! `s3share upload`: upload files (or stdin) and print a download link for each, or upload one
//! file to a presigned PUT link.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use futures_util::StreamExt;

use crate::cli::UploadArgs;
use crate::error::{is_interrupted, ExitKind, Failure};
use crate::location::{join_prefix, split_s3_uri, ObjectLocation};
use crate::output::Output;
use crate::presigned_url::{is_link, PresignedUrl, Signing};
use crate::s3::presign::Presigner;
use crate::s3::S3Context;
use crate::settings::{flag_encryption, Settings};

use super::download_link::DownloadLink;
use super::record::Recorder;
use crate::terminal::escape;
use crate::transfer::existing::{self, Listing};
use crate::transfer::folder;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::multipart::{self, Multipart, Parts, MAX_OBJECT_SIZE};
use crate::transfer::progress::{self, Bar, FolderProgress};
use crate::transfer::put::{self, Body, ObjectOptions, Put};
use crate::transfer::put_url;
use crate::transfer::retry::transfer_client;
use crate::transfer::source::{hash_file, read_failure, PartReader, Stored};

/// Something to upload, checked before any request is made.
enum Source {
    /// A regular file, its size when checked, and its name (for the key and Content-Type).
    File {
        path: PathBuf,
        size: u64,
        name: String,
        /// Found under a directory given as FILE: refusals do not stop the others.
        in_folder: bool,
    },
    /// Standard input, streamed.
    Stdin,
}

/// Runs `upload`.
pub async fn run(args: UploadArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    if let Some(url) = &args.url {
        return upload_to_link(&args, url, out).await;
    }
    if let Some(page) = args.to.as_deref().filter(|to| is_link(to)) {
        if args.key.is_some() {
            return Err(Failure::usage(
                "--key does not go with a file request: the request names the keys",
            )
            .into());
        }
        return super::send::run(page, &args.files, args.content_type.as_deref(), out).await;
    }
    let (sources, skipped) = check_sources(&args)?;
    let locations = locate(&args, settings, &sources)?;
    let encryption = settings.encryption(&args.sse.flags())?;
    let context = S3Context::connect(&settings.connection()).await?;
    // Before any byte is sent: with --strict, links that would die early stop the upload here.
    let lifetime = Presigner::new(&context, settings.expiry(args.expiry.expires))?.lifetime();
    super::lifetime::check(lifetime, settings.strict, out)?;
    let client = transfer_client(&context.client)?;
    let interrupt = Interrupt::listen();
    let in_folder = |source: &Source| {
        matches!(
            source,
            Source::File {
                in_folder: true,
                ..
            }
        )
    };
    if sources.iter().any(in_folder) {
        if out.json() && !skipped.is_empty() {
            out.annotate("skipped", skipped.counts());
        }
        let folder = Folder {
            args: &args,
            skipped: &skipped,
            settings,
            client: &client,
            encryption: &encryption,
            interrupt: &interrupt,
        };
        let presigner = || Presigner::new(&context, settings.expiry(args.expiry.expires));
        return folder
            .run(&sources, &locations, &context, presigner, out)
            .await;
    }
    let recorder = Recorder::new("upload", settings, &context);
    for (source, location) in sources.iter().zip(&locations) {
        let options = ObjectOptions {
            content_type: content_type(&args, source, location),
            force: args.force,
            encryption: encryption.clone(),
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
        let presigner = Presigner::new(&context, settings.expiry(args.expiry.expires))?;
        let printer = DownloadLink::new(&presigner, &context, &recorder, args.revocable, settings);
        printer
            .print(location, Some(uploaded.size), Some(&uploaded.sha256), out)
            .await?;
    }
    Ok(())
}

/// The files found under directories given as FILE: several small ones at once (each in one
/// PUT), large ones one after the other (each in parallel parts), so at most `concurrency`
/// requests are in flight. A file already stored with the same bytes is skipped; one that
/// differs is refused unless `--force`, and the others go on.
struct Folder<'a> {
    args: &'a UploadArgs,
    /// What the walks of the directories left out, said at the end.
    skipped: &'a folder::Skipped,
    settings: &'a Settings,
    client: &'a aws_sdk_s3::Client,
    encryption: &'a Option<crate::s3::encryption::Encryption>,
    interrupt: &'a Interrupt,
}

/// How one file of a folder went.
enum Landed {
    Uploaded(Stored),
    AlreadyThere(u64),
}

impl Folder<'_> {
    async fn run<'c>(
        &self,
        sources: &[Source],
        locations: &[ObjectLocation],
        context: &'c S3Context,
        presigner: impl Fn() -> Result<Presigner<'c>>,
        out: &mut Output,
    ) -> Result<()> {
        let threshold = self.settings.multipart_threshold.value;
        let concurrency = self.settings.concurrency.value.max(1);
        let size_of = |source: &Source| match source {
            Source::File { size, .. } => *size,
            Source::Stdin => 0,
        };
        let jobs: Vec<(usize, &Source, &ObjectLocation)> = sources
            .iter()
            .zip(locations)
            .enumerate()
            .map(|(i, (source, location))| (i, source, location))
            .collect();
        let (small, large): (Vec<_>, Vec<_>) = jobs
            .into_iter()
            .partition(|(_, s, _)| size_of(s) < threshold);
        // One listing of each destination folder instead of a HEAD per file.
        let listing = if self.args.force {
            Listing::default()
        } else {
            Listing::of(self.client, &folder_prefixes(sources, locations), locations).await
        };
        let listing = &listing;
        let progress = FolderProgress::new(
            out,
            sources.len(),
            sources.iter().map(size_of).sum(),
            &folder_label(sources),
        );
        let progress = &progress;
        let shared: &Output = out;
        let one = |source, location| async move {
            let landed = self
                .one(source, location, listing, progress.bar(), shared)
                .await;
            // A file already there sent no bytes; count them now, as the folder is that much
            // done.
            let unsent = match &landed {
                Ok(Landed::AlreadyThere(size)) => *size,
                _ => 0,
            };
            progress.file_done(unsent);
            landed
        };
        let mut results: Vec<(usize, Result<Landed>)> = futures_util::stream::iter(small)
            .map(|(i, source, location)| async move { (i, one(source, location).await) })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        for (i, source, location) in large {
            let result = one(source, location).await;
            let interrupted = matches!(&result, Err(e) if is_interrupted(e));
            results.push((i, result));
            if interrupted {
                break;
            }
        }
        progress.finish();
        results.sort_by_key(|(i, _)| *i);
        if let Some((_, Err(error))) = results
            .iter_mut()
            .find(|(_, r)| matches!(r, Err(e) if is_interrupted(e)))
        {
            return Err(std::mem::replace(error, anyhow::anyhow!("interrupted")));
        }

        let presigner = presigner()?;
        let recorder = Recorder::new("upload", self.settings, context);
        let mut printer = DownloadLink::new(
            &presigner,
            context,
            &recorder,
            self.args.revocable,
            self.settings,
        );
        // One history entry for the folder, not one a file, so its links do not bury every
        // other; revocable links keep theirs, which `revoke` needs.
        if !self.args.revocable {
            printer.recorder = None;
        }
        let mut first_link = None;
        let mut printed = 0;
        let (mut uploaded, mut there, mut problems) = (0, 0, Vec::new());
        for (i, result) in results {
            let location = &locations[i];
            match result {
                Ok(Landed::Uploaded(stored)) => {
                    uploaded += 1;
                    if !self.args.share_folder {
                        let link = printer
                            .print(location, Some(stored.size), Some(&stored.sha256), out)
                            .await?;
                        first_link.get_or_insert(link);
                        printed += 1;
                    }
                }
                Ok(Landed::AlreadyThere(size)) => {
                    there += 1;
                    if !self.args.share_folder {
                        let link = printer.print(location, Some(size), None, out).await?;
                        first_link.get_or_insert(link);
                        printed += 1;
                    }
                }
                Err(error) => {
                    out.warn(&format!("{location}: {}", message(&error)));
                    problems.push(location.to_string());
                }
            }
        }
        out.note(&format!(
            "{uploaded} uploaded, {there} already there{}.",
            if problems.is_empty() {
                String::new()
            } else {
                format!(", {} not uploaded", problems.len())
            }
        ));
        if let Some(summary) = self.skipped.summary() {
            out.note(&summary);
        }
        let folder = folder_prefixes(sources, locations).into_iter().next();
        if let (Some(first), Some(folder), false) = (&first_link, &folder, self.args.revocable) {
            recorder.batch(first, folder, printed, out);
        }
        if self.args.share_folder && problems.is_empty() {
            for prefix in folder_prefixes(sources, locations) {
                let recorder = Recorder::new("share-folder", self.settings, context);
                super::share_folder::run(&prefix, context, &presigner, &recorder, out).await?;
            }
        }
        if !problems.is_empty() {
            return Err(Failure::files_not("uploaded", &problems, locations.len())
                .hint("the warnings above say why; --force replaces objects that differ")
                .into());
        }
        Ok(())
    }

    /// One file: skipped when the key holds the same bytes, refused when it holds others
    /// (unless `--force`), uploaded otherwise.
    async fn one(
        &self,
        source: &Source,
        location: &ObjectLocation,
        listing: &Listing,
        folder: &Bar,
        out: &Output,
    ) -> Result<Landed> {
        let Source::File {
            path, size, name, ..
        } = source
        else {
            unreachable!("stdin is never part of a folder")
        };
        let options = ObjectOptions {
            content_type: content_type(self.args, source, location),
            force: self.args.force,
            encryption: self.encryption.clone(),
        };
        if !self.args.force {
            match existing::holds_file(
                self.client,
                location,
                path,
                *size,
                self.settings.multipart_threshold.value,
                listing,
            )
            .await?
            {
                existing::Holding::Same => return Ok(Landed::AlreadyThere(*size)),
                existing::Holding::Other => return Err(put::already_exists(location).into()),
                existing::Holding::Nothing => {}
            }
        }
        let job = Job {
            client: self.client,
            location,
            options: &options,
            settings: self.settings,
            interrupt: self.interrupt,
            out,
            folder: Some(folder),
            // `holds_file` above found the key free (or `--force` makes it not matter).
            key_checked: true,
        };
        // A retried PUT can find its own first attempt stored: the file is counted where it
        // ended, once.
        Ok(match job.file(path, *size, name).await? {
            (stored, Put::Written) => Landed::Uploaded(stored),
            (stored, Put::AlreadyThere) => Landed::AlreadyThere(stored.size),
        })
    }
}

/// The failure's own message (keys in it are escaped already), else the error's.
fn message(error: &anyhow::Error) -> String {
    match crate::error::find_failure(error) {
        Some(failure) => failure.message.clone(),
        None => escape(&format!("{error:#}")).into_owned(),
    }
}

/// What a folder upload's bar says it uploads: the directories given, by name.
fn folder_label(sources: &[Source]) -> String {
    let mut dirs: Vec<&str> = Vec::new();
    for source in sources {
        if let Source::File {
            name,
            in_folder: true,
            ..
        } = source
        {
            let dir = name.split('/').next().unwrap_or_default();
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }
    if dirs.is_empty() {
        "upload".to_owned()
    } else {
        dirs.join(", ")
    }
}

/// The prefix each uploaded directory went to (`to/DIR-name/`), once each.
fn folder_prefixes(sources: &[Source], locations: &[ObjectLocation]) -> Vec<ObjectLocation> {
    let mut prefixes: Vec<ObjectLocation> = Vec::new();
    for (source, location) in sources.iter().zip(locations) {
        let Source::File {
            name,
            in_folder: true,
            ..
        } = source
        else {
            continue;
        };
        let dir = name.split('/').next().unwrap_or_default();
        let cut = location.key.len() - name.len() + dir.len() + 1;
        let prefix = ObjectLocation::parse_prefix(
            &format!("s3://{}/{}", location.bucket, &location.key[..cut]),
            crate::location::DefaultBucket::default(),
        );
        if let Ok(prefix) = prefix {
            if !prefixes.contains(&prefix) {
                prefixes.push(prefix);
            }
        }
    }
    prefixes
}

/// One object's upload.
struct Job<'a> {
    client: &'a aws_sdk_s3::Client,
    location: &'a ObjectLocation,
    options: &'a ObjectOptions,
    settings: &'a Settings,
    interrupt: &'a Interrupt,
    out: &'a Output,
    /// The folder's bar to count on, instead of a bar of the object's own.
    folder: Option<&'a Bar>,
    /// The key was just found free, so a multipart upload need not look it up again first.
    key_checked: bool,
}

impl Job<'_> {
    /// A file: one PUT below the multipart threshold, parallel parts from it on; and whether it
    /// was written or found already there.
    async fn file(&self, path: &Path, size: u64, name: &str) -> Result<(Stored, Put)> {
        let bar = match self.folder {
            Some(folder) => folder.clone(),
            None => progress::bar(self.out, Some(size), name),
        };
        let result = if size < self.settings.multipart_threshold.value {
            self.small_file(path, &bar).await
        } else {
            self.large_file(path, size, &bar).await
        };
        if self.folder.is_none() {
            bar.finish_and_clear();
        }
        result
    }

    async fn small_file(&self, path: &Path, bar: &Bar) -> Result<(Stored, Put)> {
        let work = async {
            let stored = hash_file(path).await?;
            let put = put::put_object(
                self.client,
                self.location,
                self.options,
                Body::File(path, stored.size),
                &stored.sha256,
                bar,
            )
            .await?;
            self.report(put);
            Ok((stored, put))
        };
        tokio::select! {
            result = work => result,
            () = self.interrupt.wait() => Err(self.nothing_stored().into()),
        }
    }

    async fn large_file(&self, path: &Path, size: u64, bar: &Bar) -> Result<(Stored, Put)> {
        self.refuse_existing().await?;
        let stored = self.multipart(bar).run(Parts::file(path, size)?).await?;
        Ok((stored, Put::Written))
    }

    /// Stdin: read one part; if that was all, one PUT, else a multipart upload of the stream.
    async fn stdin(&self) -> Result<Stored> {
        self.refuse_existing().await?;
        let bar = progress::bar(self.out, None, "stdin");
        let mut reader = PartReader::new(Box::new(std::io::stdin()), multipart::part_size(None));
        let first = tokio::select! {
            part = reader.next_part() => part.map_err(|e| read_failure(Path::new("stdin"), e))?,
            () = self.interrupt.wait() => return Err(self.nothing_stored().into()),
        };
        let result = if first.len() < reader.part_size() {
            let stored = reader.stored();
            let put = put::put_object(
                self.client,
                self.location,
                self.options,
                Body::Bytes(first),
                &stored.sha256,
                &bar,
            );
            let put = tokio::select! {
                result = put => result,
                () = self.interrupt.wait() => Err(self.nothing_stored().into()),
            };
            put.map(|put| {
                self.report(put);
                stored
            })
        } else {
            self.multipart(&bar)
                .run(Parts::Stream {
                    reader: &mut reader,
                    first,
                })
                .await
        };
        bar.finish_and_clear();
        result
    }

    /// Says so when the object was already there with the same bytes, so nothing was written
    /// (in a folder, the closing count says it).
    fn report(&self, put: Put) {
        if put == Put::AlreadyThere && self.folder.is_none() {
            self.out.note(&format!(
                "{} already holds exactly these bytes (same size and SHA-256); left it as it is",
                self.location
            ));
        }
    }

    fn multipart<'b>(&'b self, progress: &'b Bar) -> Multipart<'b> {
        Multipart {
            client: self.client,
            location: self.location,
            options: self.options,
            concurrency: self.settings.concurrency.value,
            progress,
            interrupt: self.interrupt,
            out: self.out,
        }
    }

    /// Before a multipart upload, refuse an existing object unless `--force` (the conditional
    /// write at the end still guards against a race).
    async fn refuse_existing(&self) -> Result<()> {
        if self.options.force || self.key_checked {
            return Ok(());
        }
        multipart::refuse_existing(self.client, self.location).await
    }

    fn nothing_stored(&self) -> Failure {
        Interrupt::failure(format!("nothing was stored at {}", self.location))
    }
}

/// `--url`: one file to a presigned PUT link, without credentials.
async fn upload_to_link(args: &UploadArgs, url: &str, out: &Output) -> Result<()> {
    let [path] = args.files.as_slice() else {
        return Err(Failure::usage("--url takes exactly one FILE").into());
    };
    if path.as_os_str() == "-" {
        return Err(Failure::usage(
            "--url needs a file: a presigned PUT cannot take a stream of unknown length",
        )
        .hint(
            "save the data to a file first, or upload with credentials: s3share upload - --key KEY",
        )
        .into());
    }
    let size = check_file(path)?;
    // The x-amz-* headers the link may have been signed for are sent only when the user names
    // them, since an unsigned one would make S3 refuse the link. A Content-Type is always sent.
    let mut headers: Vec<(String, String)> =
        link_content_type(url, path, args.content_type.as_deref())
            .map(|content_type| ("content-type".to_owned(), content_type))
            .into_iter()
            .collect();
    if let Some(encryption) = flag_encryption(&args.sse.flags())? {
        headers.extend(encryption.headers());
    }
    let interrupt = Interrupt::listen();
    let name = path.display().to_string();
    let bar = progress::bar(out, Some(size), &name);
    let result = tokio::select! {
        result = put_url::put_file(url, path, size, &headers, &bar) => result,
        () = interrupt.wait() => Err(Interrupt::failure("the upload was cancelled").into()),
    };
    bar.finish_and_clear();
    result?;
    out.note(&format!("Stored {name} ({size} bytes)."));
    Ok(())
}

/// The Content-Type for `upload --url`: `--content-type`, else, when the link signs one, the type
/// the sharer's side guesses from the key in the link (the likeliest to match), else the type
/// guessed from the file's name. None for a SigV2 link, whose signature always covers the
/// Content-Type: there only what the user names is sent.
fn link_content_type(url: &str, path: &Path, given: Option<&str>) -> Option<String> {
    if let Some(given) = given {
        return Some(given.to_owned());
    }
    let link = PresignedUrl::parse(url).ok();
    let guess = match link.as_ref().map(|link| &link.signing) {
        Some(Signing::V2) => return None,
        Some(Signing::V4 { signed_headers, .. })
            if signed_headers.iter().any(|h| h == "content-type") =>
        {
            mime_guess::from_path(link.as_ref()?.key.as_deref()?)
        }
        _ => mime_guess::from_path(path),
    };
    Some(guess.first_or_octet_stream().to_string())
}

/// Checks every FILE (and the flags that go with stdin) before anything is sent; walks the
/// directories among them, and says what their walks skipped.
fn check_sources(args: &UploadArgs) -> Result<(Vec<Source>, folder::Skipped), Failure> {
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
        return Ok((vec![Source::Stdin], folder::Skipped::default()));
    }
    let rules = folder::WalkRules {
        hidden: args.hidden,
        no_ignore: args.no_ignore,
        exclude: args.exclude.clone(),
    };
    let mut sources = Vec::new();
    let mut skipped = folder::Skipped::default();
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
        let walked = folder::walk(path, &rules)?;
        if let Some(problem) = walked.problems.first() {
            return Err(Failure::new(
                ExitKind::Failure,
                format!("cannot read all of {}: {problem}", path.display()),
            )
            .hint("fix the permissions or the symlink loop, or leave it out with --exclude"));
        }
        if walked.files.is_empty() {
            let mut failure = Failure::usage(format!(
                "{} has no files to upload{}",
                path.display(),
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

/// A readable regular file within S3's size limit; returns its size.
fn check_file(path: &Path) -> Result<u64, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| read_failure(path, e))?;
    std::fs::File::open(path).map_err(|e| read_failure(path, e))?;
    if meta.len() > MAX_OBJECT_SIZE {
        return Err(Failure::usage(format!(
            "{} is {} bytes; S3 objects are at most 5 TiB",
            path.display(),
            meta.len()
        )));
    }
    Ok(meta.len())
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

/// `--content-type`, else a guess from the file name (or the key, for stdin).
fn content_type(args: &UploadArgs, source: &Source, location: &ObjectLocation) -> Option<String> {
    if let Some(content_type) = &args.content_type {
        return Some(content_type.clone());
    }
    let name = match source {
        Source::File { name, .. } => name.as_str(),
        Source::Stdin => location.key.as_str(),
    };
    mime_guess::from_path(name).first().map(|m| m.to_string())
}
