//! What a download is: its source, its destination, the caller's choices and the result.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use url::Url;

use crate::ece::Secret;
use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::s3::presign::{LinkOptions, Method, Presigner};
use crate::s3::S3Context;
use crate::transfer::progress::Bar;
use crate::transfer::progress::FileProgress;

/// Name used when neither the server nor the URL suggests one.
pub const FALLBACK_NAME: &str = "download";

/// What to download.
#[derive(Clone)]
pub struct Source {
    /// The URL to GET, signature included (never printed whole): the link as given, or for an
    /// s3:// location, the path its requests go to (each is signed when sent, see `signer`).
    pub url: Url,
    /// The object, when the user named it as s3:// (errors are then worded in S3 terms).
    pub location: Option<ObjectLocation>,
    /// For an s3:// location: signs each request as it is sent, so a transfer can take as long
    /// as it needs; `None` for a link someone gave, which is used as it is.
    pub signer: Option<Arc<Signer>>,
    /// For an encrypted share's data: the key and size to decrypt it with.
    pub decryption: Option<Arc<Decryption>>,
}

/// What decrypting a share's data needs: the key from the link, and the plaintext size the
/// share's sealed metadata gives.
pub struct Decryption {
    /// The key, from the link's fragment.
    pub secret: Secret,
    /// The file's size, from the share's metadata.
    pub plaintext_len: u64,
}

/// Signs a fresh link for each request of an s3:// download.
pub struct Signer {
    context: Arc<S3Context>,
}

/// How long a request signed by s3share lives: it only has to outlast the request's start
/// (S3 checks a signature when a request arrives, not while the body flows).
const REQUEST_LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

impl Signer {
    /// A signer with `context`'s credentials.
    pub fn new(context: Arc<S3Context>) -> Signer {
        Signer { context }
    }

    /// A download source for `location`, whose every request is signed when sent.
    pub async fn source(self: &Arc<Self>, location: ObjectLocation) -> Result<Source> {
        let (url, _) = self.sign(&location).await?;
        Ok(Source {
            url,
            location: Some(location),
            signer: Some(self.clone()),
            decryption: None,
        })
    }

    /// A GET of `location` signed now: its URL and the headers to send, the signature's
    /// included. It asks for the object's stored checksums (`x-amz-checksum-mode`), so that a
    /// full-object CRC64NVME can be checked instead of the slower MD5.
    async fn sign(&self, location: &ObjectLocation) -> Result<(Url, Vec<(String, String)>)> {
        let presigner = Presigner::new(&self.context, REQUEST_LINK_LIFETIME)?;
        let options = LinkOptions {
            checksum_mode: true,
            ..LinkOptions::default()
        };
        let request = presigner
            .sign_request(Method::Get, location, &options)
            .await?;
        Ok((Url::parse(&request.url)?, request.headers))
    }
}

impl Source {
    /// A link someone gave, used as it is.
    pub fn link(url: Url) -> Source {
        Source {
            url,
            location: None,
            signer: None,
            decryption: None,
        }
    }

    /// The link to an encrypted share's data, decrypted on the way with `decryption`.
    pub fn encrypted_link(url: Url, decryption: Decryption) -> Source {
        Source {
            decryption: Some(Arc::new(decryption)),
            ..Source::link(url)
        }
    }

    /// The next GET of the object: the link as given, or one signed now with the headers it
    /// signs in.
    pub(super) async fn get(
        &self,
        client: &reqwest::Client,
    ) -> Result<reqwest::RequestBuilder, Failure> {
        let (Some(signer), Some(location)) = (&self.signer, &self.location) else {
            return Ok(client.get(self.url.clone()));
        };
        let (url, headers) = signer.sign(location).await.map_err(|e| {
            Failure::new(
                ExitKind::Config,
                format!("could not sign the request for {location}: {e:#}"),
            )
        })?;
        Ok(headers
            .into_iter()
            .fold(client.get(url), |request, (name, value)| {
                request.header(name, value)
            }))
    }
}

/// Where the bytes go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (`-o -`).
    Stdout,
    /// Exactly this file.
    File(PathBuf),
    /// A file in this directory, named by the server's Content-Disposition or the key.
    Dir(PathBuf),
}

impl Destination {
    /// The destination `-o` asks for: `-`, a directory, or a file (the current directory if none).
    pub fn from_output(output: Option<&Path>) -> Result<Destination, Failure> {
        let Some(path) = output else {
            return Ok(Destination::Dir(PathBuf::new()));
        };
        if path.as_os_str() == "-" {
            return Ok(Destination::Stdout);
        }
        let names_dir = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
        if path.is_dir() {
            return Ok(Destination::Dir(path.to_owned()));
        }
        let dir = if names_dir {
            path
        } else {
            path.parent().unwrap_or(Path::new(""))
        };
        if !dir.as_os_str().is_empty() && !dir.is_dir() {
            return Err(Failure::new(
                ExitKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            )
            .hint("create it first, or choose another place with -o"));
        }
        Ok(Destination::File(path.to_owned()))
    }
}

/// Choices the caller made.
pub struct Options<'a> {
    /// Replace an existing file.
    pub force: bool,
    /// Where progress bars go (and whether to draw them).
    pub out: &'a Output,
    /// When and how wide to download in parallel chunks.
    pub parallel: Parallel,
    /// A folder's bar to count on, instead of a bar of the download's own.
    pub folder: Option<&'a Bar>,
    /// Flush the file to disk before it is renamed into place. A folder download leaves this
    /// to one sync of the whole folder at its end ([`crate::transfer::durable`]) instead of an
    /// fsync per file on the way.
    pub sync_each: bool,
    /// The time the finished file gets (the object's Last-Modified, for a folder's re-runs),
    /// set on the partial file before it is renamed.
    pub modified: Option<std::time::SystemTime>,
}

/// Parallel ranged downloads of large objects.
#[derive(Clone, Copy, Debug)]
pub struct Parallel {
    /// Objects of at least this many bytes are fetched in chunks (when going to a file).
    pub threshold: u64,
    /// How many chunks are fetched at once.
    pub concurrency: usize,
}

/// What was downloaded.
pub struct Saved {
    /// The file written, `None` for stdout.
    pub path: Option<PathBuf>,
    /// The object's size in bytes.
    pub size: u64,
    /// Bytes that were already there from an interrupted run.
    pub resumed_from: u64,
}

/// Fails if `path` exists and may not be replaced.
pub fn refuse_existing(path: &Path, force: bool) -> Result<(), Failure> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

pub(super) fn exists(path: &Path) -> Failure {
    Failure::new(
        ExitKind::Failure,
        format!("{} already exists", path.display()),
    )
    .hint("use --force to replace it, or -o to choose another name")
}

/// The progress of a download of `size` bytes, `position` of them already there: a bar of its
/// own, or its share of the folder's.
pub(super) fn progress_bar(
    options: &Options<'_>,
    size: u64,
    position: u64,
    label: &str,
) -> FileProgress {
    FileProgress::new(options.out, options.folder, size, position, label)
}
