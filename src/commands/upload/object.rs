//! One object's upload (a file or stdin), and what every mode of `upload` checks about it.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::UploadArgs;
use crate::error::Failure;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::settings::Settings;
use crate::transfer::existing;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::multipart::{Multipart, Parts};
use crate::transfer::progress::{self, Bar};
use crate::transfer::put::{self, Body, ObjectOptions, Put};
use crate::transfer::source::{
    hash_file, part_size, read_failure, PartReader, Stored, MAX_OBJECT_SIZE,
};

/// Something to upload, checked before any request is made.
pub(super) enum Source {
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

/// One object's upload.
pub(super) struct Job<'a> {
    pub(super) client: &'a aws_sdk_s3::Client,
    pub(super) location: &'a ObjectLocation,
    pub(super) options: &'a ObjectOptions,
    pub(super) settings: &'a Settings,
    pub(super) interrupt: &'a Interrupt,
    pub(super) out: &'a Output,
    /// The folder's bar to count on, instead of a bar of the object's own.
    pub(super) folder: Option<&'a Bar>,
    /// The key was just found free, so a multipart upload need not look it up again first.
    pub(super) key_checked: bool,
}

impl Job<'_> {
    /// A file: one PUT below the multipart threshold, parallel parts from it on; and whether it
    /// was written or found already there.
    pub(super) async fn file(&self, path: &Path, size: u64, name: &str) -> Result<(Stored, Put)> {
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
    pub(super) async fn stdin(&self) -> Result<Stored> {
        self.stream(Box::new(std::io::stdin()), "stdin", None).await
    }

    /// A stream of `size` bytes, if known (stdin, or a file as it is encrypted): read one part;
    /// if that was all, one PUT, else a multipart upload of the stream. `label` names it in
    /// progress and errors.
    pub(super) async fn stream(
        &self,
        source: Box<dyn std::io::Read + Send>,
        label: &str,
        size: Option<u64>,
    ) -> Result<Stored> {
        self.refuse_existing().await?;
        let bar = match self.folder {
            Some(folder) => folder.clone(),
            None => progress::bar(self.out, size, label),
        };
        let mut reader = PartReader::new(source, part_size(size));
        let first = tokio::select! {
            part = reader.next_part() => part.map_err(|e| read_failure(Path::new(label), e))?,
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
        if self.folder.is_none() {
            bar.finish_and_clear();
        }
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
        existing::refuse_existing(self.client, self.location).await
    }

    fn nothing_stored(&self) -> Failure {
        Interrupt::failure(format!("nothing was stored at {}", self.location))
    }
}

/// A readable regular file within S3's size limit; returns its size.
pub(super) fn check_file(path: &Path) -> Result<u64, Failure> {
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

/// `--content-type`, else a guess from the file name (or the key, for stdin).
pub(super) fn content_type(
    args: &UploadArgs,
    source: &Source,
    location: &ObjectLocation,
) -> Option<String> {
    let name = match source {
        Source::File { name, .. } => name.as_str(),
        Source::Stdin => location.key.as_str(),
    };
    named_type(args, name)
}

/// `--content-type`, else a guess from `name`.
pub(super) fn named_type(args: &UploadArgs, name: &str) -> Option<String> {
    type_of(args.content_type.as_deref(), name)
}

/// `given`, else a guess from `name`.
pub(super) fn type_of(given: Option<&str>, name: &str) -> Option<String> {
    given
        .map(str::to_owned)
        .or_else(|| mime_guess::from_path(name).first().map(|m| m.to_string()))
}
