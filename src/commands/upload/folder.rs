//! `upload DIR`: the files found under directories, several small ones at once.

use anyhow::Result;
use futures_util::StreamExt;

use crate::cli::UploadArgs;
use crate::error::{is_interrupted, Failure};
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::s3::presign::Presigner;
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::terminal::escape;
use crate::transfer::existing::{self, Listing};
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress::{Bar, FolderProgress};
use crate::transfer::put::{ObjectOptions, Put};
use crate::transfer::source::Stored;
use crate::transfer::walk;

use super::object::{content_type, Job, Source};
use crate::cdn::sign::CdnSigner;
use crate::commands::common::download_link::DownloadLink;
use crate::commands::common::record::Recorder;
use crate::s3::download_signer::DownloadSigner;

/// The files found under directories given as FILE: several small ones at once (each in one
/// PUT), large ones one after the other (each in parallel parts), so at most `concurrency`
/// requests are in flight. A file already stored with the same bytes is skipped; one that
/// differs is refused unless `--force`, and the others go on.
pub(super) struct Folder<'a> {
    pub(super) args: &'a UploadArgs,
    /// What the walks of the directories left out, said at the end.
    pub(super) skipped: &'a walk::Skipped,
    pub(super) settings: &'a Settings,
    pub(super) client: &'a aws_sdk_s3::Client,
    pub(super) sse: &'a Option<crate::s3::sse::SseSetting>,
    pub(super) interrupt: &'a Interrupt,
    /// Signs the links for the CloudFront distribution instead, when they go through it.
    pub(super) cdn: Option<&'a CdnSigner>,
}

/// How one file of a folder went.
enum Landed {
    Uploaded(Stored),
    AlreadyThere(u64),
}

impl Folder<'_> {
    /// Uploads every file, then prints their links (or the folder page's) and the summary.
    pub(super) async fn run<'c>(
        &self,
        sources: &[Source],
        locations: &[ObjectLocation],
        context: &'c S3Context,
        presigner: impl Fn() -> Result<Presigner<'c>>,
        out: &mut Output,
    ) -> Result<()> {
        let results = self.send_all(sources, locations, out).await?;
        // Signed after the uploads, so a long folder does not eat into the links' lifetime.
        let presigner = presigner()?;
        self.report(results, sources, locations, context, &presigner, out)
            .await
    }

    /// Sends every file: small ones many at once, large ones one after the other (each in
    /// parallel parts); each file's result by its index. A Ctrl-C ends it with the interruption.
    async fn send_all(
        &self,
        sources: &[Source],
        locations: &[ObjectLocation],
        out: &Output,
    ) -> Result<Vec<(usize, Result<Landed>)>> {
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
        let small_in_flight = crate::transfer::small_files_in_flight(
            small.iter().map(|(_, s, _)| size_of(s)),
            concurrency,
        );
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
        let one = |source, location| async move {
            let landed = self
                .one(source, location, listing, progress.bar(), out)
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
            .buffer_unordered(small_in_flight)
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
        Ok(results)
    }

    /// Prints a link for each file that landed (or the folder page's link), records the folder
    /// in the history, says what was skipped or refused, and fails naming what was not uploaded.
    async fn report(
        &self,
        results: Vec<(usize, Result<Landed>)>,
        sources: &[Source],
        locations: &[ObjectLocation],
        context: &S3Context,
        presigner: &Presigner<'_>,
        out: &mut Output,
    ) -> Result<()> {
        let recorder = Recorder::new("upload", self.settings, context);
        let signer = DownloadSigner::new(presigner, self.cdn);
        let mut printer = DownloadLink::new(
            signer,
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
        // The CRC-32 of each file uploaded, for the folder page (its zip needs no descriptors).
        let mut crc32s = std::collections::HashMap::new();
        for (i, result) in results {
            let location = &locations[i];
            match result {
                Ok(Landed::Uploaded(stored)) => {
                    uploaded += 1;
                    crc32s.insert(location.key.clone(), stored.crc32);
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
        let prefixes = folder_prefixes(sources, locations);
        if let (Some(first), Some(folder), false) =
            (&first_link, prefixes.first(), self.args.revocable)
        {
            recorder.batch(first, folder, printed, out);
        }
        if self.args.share_folder && problems.is_empty() {
            for prefix in prefixes {
                let recorder = Recorder::new("share-folder", self.settings, context);
                crate::commands::share::folder::run(
                    &prefix, context, signer, &recorder, &crc32s, out,
                )
                .await?;
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
            sse: self.sse.clone(),
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
                existing::Holding::Other => return Err(existing::already_exists(location).into()),
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
