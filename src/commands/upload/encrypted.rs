//! `upload --encrypt`: end-to-end encrypted shares. Each file becomes three objects under
//! `.s3share/e2e/<random id>/`: `data` (the file in RFC 8188 `aes128gcm`), `sw.js` (the page's
//! service worker) and `index.html` (the page, whose data block holds the file's name, size and
//! type sealed under the same key). The key is only in the printed link's fragment: never
//! stored, sent, recorded or shown in a message.

use std::path::PathBuf;

use anyhow::Result;

use crate::cdn::sign::CdnSigner;
use crate::cli::{ExpiryArgs, SseArgs, UploadArgs, ViaArgs};
use crate::commands::common::via;
use crate::ece::{self, SealingReader, Secret};
use crate::error::Failure;
use crate::expiry::timestamp;
use crate::layout;
use crate::location::{split_s3_uri, ObjectLocation};
use crate::output::{LinkRecord, Output};
use crate::pages::publish::{publish_at, Served, PAGE_CONTENT_TYPE};
use crate::pages::{self, EncryptedFileMetadata, EncryptedPageData};
use crate::redacted::SignedUrl;
use crate::s3::download_signer::DownloadSigner;
use crate::s3::presign::{LinkOptions, PresignedLink, Presigner};
use crate::s3::S3Context;
use crate::settings::Settings;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::put::ObjectOptions;
use crate::transfer::retry::transfer_client;
use crate::transfer::source::{read_failure, HashingReader, Stored};

use super::object::{check_file, named_type, Job};
use crate::commands::common::record::Recorder;

/// How the share's worker is stored and served: as JavaScript, or browsers refuse to run it.
pub(super) const WORKER_CONTENT_TYPE: &str = "text/javascript; charset=utf-8";

/// One file to encrypt and share.
struct Plain {
    path: PathBuf,
    size: u64,
    name: String,
    content_type: String,
    modified: Option<String>,
}

/// Runs `upload --encrypt`.
pub(super) async fn run(args: &UploadArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let files = check_files(args)?;
    let flags = (&args.sse, &args.expiry, &args.via);
    let setup = Setup::new("upload", bucket(args, settings)?, flags, settings, out).await?;
    for file in &files {
        let share = Share {
            setup: &setup,
            settings,
        };
        let id = crate::id::random_id(8);
        let made = share.make(&id, file, args, out).await;
        let made = match made {
            Ok(made) => made,
            Err(error) => {
                share.remove(&id).await;
                return Err(error);
            }
        };
        print(&made, &setup.recorder, out)?;
    }
    Ok(())
}

/// What every encrypted share of a run needs, set up before any byte is sent.
pub(super) struct Setup {
    pub(super) bucket: String,
    /// Every object is `application/octet-stream`, with the server-side encryption asked for.
    pub(super) options: ObjectOptions,
    /// Signs the links for the CloudFront distribution, when they go through it.
    pub(super) cdn: Option<CdnSigner>,
    pub(super) context: S3Context,
    pub(super) client: aws_sdk_s3::Client,
    pub(super) interrupt: Interrupt,
    pub(super) recorder: Recorder,
}

impl Setup {
    /// The encryption, a CDN link's key (read and checked here), the connection to `bucket`, the
    /// lifetime check of the links, and the history's record of `command`.
    pub(super) async fn new(
        command: &'static str,
        bucket: String,
        flags: (&SseArgs, &ExpiryArgs, &ViaArgs),
        settings: &Settings,
        out: &Output,
    ) -> Result<Setup> {
        let (sse, expiry, links_via) = flags;
        let sse = settings.sse(&sse.flags())?;
        let expires = settings.expiry(expiry.expires);
        let cdn = via::cdn_signer(links_via.via, settings, Some(&bucket), expires)?;
        let context = S3Context::connect(&settings.connection()).await?;
        via::presigner(&context, expires, cdn.is_some(), settings, out)?;
        let client = transfer_client(&context.client)?;
        let recorder = Recorder::new(command, settings, &context);
        Ok(Setup {
            bucket,
            options: ObjectOptions {
                content_type: Some("application/octet-stream".to_owned()),
                force: false,
                sse,
            },
            cdn,
            context,
            client,
            interrupt: Interrupt::listen(),
            recorder,
        })
    }
}

/// Each FILE, a regular file ([`super::mode`] refuses folders and stdin before this).
fn check_files(args: &UploadArgs) -> Result<Vec<Plain>, Failure> {
    args.files
        .iter()
        .map(|path| {
            let size = check_file(path)?;
            let meta = std::fs::metadata(path).ok();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "file".to_owned());
            let content_type =
                named_type(args, &name).unwrap_or_else(|| "application/octet-stream".to_owned());
            Ok(Plain {
                path: path.clone(),
                size,
                name,
                content_type,
                modified: meta.and_then(|m| m.modified().ok()).map(timestamp),
            })
        })
        .collect()
}

/// The bucket: `--to s3://BUCKET`, else the default one. Encrypted shares live in s3share's own
/// space at the bucket's root (where `get`, `revoke` and the folder listings know it, and where
/// no prefix policy for uploads reaches its pages), so a prefix is refused rather than ignored,
/// and the refusal says what credentials limited to a prefix need.
pub(super) fn bucket(args: &UploadArgs, settings: &Settings) -> Result<String, Failure> {
    if let Some(to) = &args.to {
        return match split_s3_uri(to)? {
            Some((bucket, "")) => Ok(bucket.to_owned()),
            Some((bucket, _)) => Err(Failure::usage(format!(
                "an encrypted share goes to {}<id>/ at the bucket's root, not under a prefix: \
                 s3share keeps its pages there, apart from any prefix others may write to",
                layout::ENCRYPTED
            ))
            .hint(format!(
                "use --to s3://{bucket}; credentials limited to a prefix (CI) also need \
                 s3:PutObject and s3:DeleteObject on arn:aws:s3:::{bucket}/{}*",
                layout::ENCRYPTED
            ))),
            None => Err(
                Failure::usage("--encrypt needs --to s3://BUCKET, not a prefix")
                    .hint("or set a default bucket (s3share init)"),
            ),
        };
    }
    settings
        .default_bucket()
        .bucket
        .map(str::to_owned)
        .ok_or_else(|| {
            Failure::config("no bucket given and no default bucket is set")
                .hint("use --to s3://BUCKET, set S3SHARE_BUCKET, or run s3share init")
        })
}

/// What makes one share.
struct Share<'a> {
    /// The bucket, the connection and the options; its CDN signer signs the page's, the
    /// worker's and the data's links when they go through the distribution, so all three share
    /// its origin.
    setup: &'a Setup,
    settings: &'a Settings,
}

/// A share made (a file or a folder): its link (the key in its fragment) and what `--json` and
/// the history say.
pub(super) struct Made {
    /// The page link without the key, as the history keeps it.
    pub(super) page: PresignedLink,
    pub(super) location: ObjectLocation,
    pub(super) link: SignedUrl,
    pub(super) id: String,
    /// Bytes of plaintext: the file's, or the folder's files' together.
    pub(super) size: u64,
    /// How many files an encrypted folder holds (none for one file).
    pub(super) files: Option<usize>,
    pub(super) path_style: bool,
}

impl Share<'_> {
    /// Encrypts and uploads `file` as share `id`, then its worker and page.
    async fn make(&self, id: &str, file: &Plain, args: &UploadArgs, out: &Output) -> Result<Made> {
        let [page_key, worker_key, data_key] = layout::encrypted_share_objects(id);
        let data = ObjectLocation::new(&self.setup.bucket, data_key)?;
        let secret = Secret::generate();
        let stored = self.upload_data(&data, file, &secret, out).await?;
        // Signed after the upload, so a long upload does not eat into the links' lifetime.
        let expires = self.settings.expiry(args.expiry.expires);
        let presigner = Presigner::new(
            &self.setup.context,
            via::s3_lifetime(expires, self.setup.cdn.is_some()),
        )?;
        let signer = DownloadSigner::new(&presigner, self.setup.cdn.as_ref());
        let data_link = signer.sign(&data, &LinkOptions::default()).await?;
        let worker = ObjectLocation::new(&self.setup.bucket, worker_key)?;
        let script = Served {
            body: pages::ENCRYPTED_WORKER_SCRIPT.as_bytes().to_vec(),
            content_type: WORKER_CONTENT_TYPE,
            what: "the share's worker",
        };
        let worker_link = publish_at(&self.setup.client, signer, &worker, script).await?;
        let metadata = EncryptedFileMetadata {
            name: file.name.clone(),
            size: file.size,
            content_type: file.content_type.clone(),
            modified: file.modified.clone(),
        };
        let path_style = is_path_style(&data_link.url, &self.setup.bucket);
        let page_data = EncryptedPageData {
            kind: "e2e".to_owned(),
            version: pages::ENCRYPTED_VERSION,
            encoding: "aes128gcm".to_owned(),
            record_size: ece::RECORD_SIZE,
            bucket: self.setup.bucket.clone(),
            expires_at: timestamp(data_link.expires_at),
            size: stored,
            metadata: ece::seal_metadata(
                &secret,
                &serde_json::to_vec(&metadata).expect("metadata serializes"),
            ),
            data: data_link.url,
            worker: worker_link.url,
            path_style,
        };
        let page = Page {
            location: ObjectLocation::new(&self.setup.bucket, page_key)?,
            body: pages::encrypted_page(&page_data),
            secret: &secret,
            id,
            size: file.size,
            files: None,
            path_style,
        };
        page.publish(&self.setup.client, signer).await
    }

    /// Uploads `file` encrypted to `data`; returns the encrypted size.
    async fn upload_data(
        &self,
        data: &ObjectLocation,
        file: &Plain,
        secret: &Secret,
        out: &Output,
    ) -> Result<u64> {
        let job = Job {
            client: &self.setup.client,
            location: data,
            options: &self.setup.options,
            settings: self.settings,
            interrupt: &self.setup.interrupt,
            out,
            folder: None,
            // A fresh random id: nothing can be there.
            key_checked: true,
        };
        let opened = std::fs::File::open(&file.path).map_err(|e| read_failure(&file.path, e))?;
        let label = file.path.display().to_string();
        let sealed = upload_sealed(&job, Box::new(opened), file.size, &label, secret).await?;
        Ok(sealed.size)
    }

    /// Deletes whatever a failed share stored (best effort: nothing it left can be read
    /// without the key, which is gone).
    async fn remove(&self, id: &str) {
        for key in layout::encrypted_share_objects(id) {
            let _ = self
                .setup
                .client
                .delete_object()
                .bucket(&self.setup.bucket)
                .key(key)
                .send()
                .await;
        }
    }
}

/// What an encrypted file or folder stored, sealed under a key of its own: its ciphertext's
/// size, and its plaintext's size, SHA-256 and CRC-32.
pub(super) struct Sealed {
    /// Bytes stored.
    pub(super) size: u64,
    /// What was read.
    pub(super) plain: Stored,
}

/// Uploads `plain` (`size` bytes when checked, `label` in messages) through `job`, encrypted
/// under `secret` as it is read (RFC 8188), hashing it on the way; refuses bytes that changed
/// meanwhile.
pub(super) async fn upload_sealed(
    job: &Job<'_>,
    plain: Box<dyn std::io::Read + Send>,
    size: u64,
    label: &str,
    secret: &Secret,
) -> Result<Sealed> {
    let expected = ece::ciphertext_len(size)
        .ok_or_else(|| Failure::usage(format!("{label} is too large to encrypt")))?;
    // One byte past the size: a file that grew is seen, not cut.
    let (plain, digests) = HashingReader::new(std::io::Read::take(plain, size + 1));
    let stored = job
        .stream(
            Box::new(SealingReader::new(plain, secret)),
            label,
            Some(expected),
        )
        .await?;
    let plain = digests.stored();
    if stored.size != expected || plain.size != size {
        return Err(Failure::new(
            crate::error::ExitKind::Failure,
            format!("{label} changed while it was encrypted"),
        )
        .hint("upload it again once nothing writes to it")
        .into());
    }
    Ok(Sealed {
        size: stored.size,
        plain,
    })
}

/// A share's page, ready to store: where, its HTML, and what its link and record say.
pub(super) struct Page<'a> {
    pub(super) location: ObjectLocation,
    pub(super) body: String,
    /// The share's secret, which goes in the link's fragment only.
    pub(super) secret: &'a Secret,
    pub(super) id: &'a str,
    pub(super) size: u64,
    /// How many files an encrypted folder holds (none for one file).
    pub(super) files: Option<usize>,
    pub(super) path_style: bool,
}

impl Page<'_> {
    /// Stores the page, signs its link and puts the key in the link's fragment.
    pub(super) async fn publish(
        self,
        client: &aws_sdk_s3::Client,
        signer: DownloadSigner<'_>,
    ) -> Result<Made> {
        let served = Served {
            body: self.body.into_bytes(),
            content_type: PAGE_CONTENT_TYPE,
            what: "the page",
        };
        let page = publish_at(client, signer, &self.location, served).await?;
        let link = SignedUrl(format!("{}#{}", page.url.0, self.secret.to_fragment()));
        Ok(Made {
            page,
            location: self.location,
            link,
            id: self.id.to_owned(),
            size: self.size,
            files: self.files,
            path_style: self.path_style,
        })
    }
}

/// Whether `url` addresses the bucket in its path (`host/bucket/key`), which puts every
/// bucket on the host on one browser origin.
pub(super) fn is_path_style(url: &str, bucket: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.path().starts_with(&format!("/{bucket}/"))
            && !u
                .host_str()
                .is_some_and(|h| h.starts_with(&format!("{bucket}.")))
    })
}

/// Whether `url`'s host is this machine (a path-style origin nobody else shares).
fn is_local(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    })
}

/// Prints the share's link and records it without its key.
pub(super) fn print(made: &Made, recorder: &Recorder, out: &mut Output) -> Result<()> {
    if made.path_style && !is_local(&made.page.url) {
        let host = url::Url::parse(&made.page.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        out.warn(&format!(
            "the link is path-style ({host}/BUCKET/…): every bucket on {host} shares one browser \
             origin, so a page in another bucket there runs with the same rights as this one; \
             prefer virtual-hosted-style addressing where the endpoint allows it"
        ));
    }
    let mut record = LinkRecord::new(&made.page, &made.location);
    record.url = &made.link;
    record.size = Some(made.size);
    record
        .extra
        .insert("id", serde_json::Value::String(made.id.clone()));
    record
        .extra
        .insert("encrypted", serde_json::Value::Bool(true));
    if let Some(files) = made.files {
        record.extra.insert("files", serde_json::Value::from(files));
    }
    out.link(&record)?;
    recorder.encrypted(&made.page, &made.location, out);
    out.note(
        "End-to-end encrypted: the key is only in the link, after '#', and s3share keeps no copy \
         of it; `s3share revoke` deletes the share.",
    );
    Ok(())
}
