//! `upload --encrypt DIR` and `share --encrypt s3://BUCKET/PREFIX/`: an end-to-end encrypted
//! folder, one link for all of it. Under
//! `.s3share/e2e/<random id>/` go one RFC 8188 object per file under a random key (each file
//! under its own fresh content key), the manifest (names, sizes, times, SHA-256s, CRC-32s and
//! the content keys) sealed under the share's secret, the page and its service worker
//! (docs/FORMAT-encrypted-uploads.md, "Encrypted folders"). The secret is only in the printed
//! link's fragment; no key, metadata or Content-Type in the bucket names a file.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use anyhow::Result;
use futures_util::{StreamExt, TryStreamExt};

use crate::cli::{ShareArgs, UploadArgs};
use crate::commands::common::via;
use crate::ece::Secret;
use crate::encrypted_upload::{self, Chunk, Manifest, ManifestFile};
use crate::error::Failure;
use crate::expiry::timestamp;
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::pages::publish::{publish_at, Served};
use crate::pages::{self, EncryptedFolderData};
use crate::s3::download_signer::DownloadSigner;
use crate::s3::errors::classify;
use crate::s3::list;
use crate::s3::presign::{LinkOptions, Presigner};
use crate::settings::Settings;
use crate::transfer::progress::FolderProgress;
use crate::transfer::put::{self, Body};
use crate::transfer::source::read_failure;
use crate::transfer::walk::Walked;
use tokio_util::io::SyncIoBridge;

use super::encrypted::{self as share, upload_sealed, Made, Page, Setup, WORKER_CONTENT_TYPE};
use super::object::{type_of, Job};

/// Runs `upload --encrypt DIR`, with what the walk of DIR found.
pub(super) async fn run(
    args: &UploadArgs,
    walked: Walked,
    settings: &Settings,
    out: &mut Output,
) -> Result<()> {
    let (name, files) = plain_files(walked);
    let flags = (&args.sse, &args.expiry, &args.via);
    let bucket = share::bucket(args, settings)?;
    let setup = Setup::new("upload", bucket, flags, settings, out).await?;
    let wanted = Wanted {
        expires: args.expiry.expires,
        content_type: args.content_type.as_deref(),
    };
    make_and_print(&setup, &name, files, wanted, settings, out).await
}

/// Runs `share --encrypt s3://BUCKET/PREFIX/`: the objects under the prefix (s3share's own left
/// out, as a folder share leaves them), read from the bucket and stored again, encrypted, as an
/// encrypted folder in the same bucket.
pub(super) async fn share_prefix(
    args: &ShareArgs,
    settings: &Settings,
    out: &mut Output,
) -> Result<()> {
    let prefix = ObjectLocation::parse_prefix(&args.location, settings.default_bucket())?;
    let flags = (&args.sse, &args.expiry, &args.via);
    let setup = Setup::new("share", prefix.bucket.clone(), flags, settings, out).await?;
    let folder = list::folder(&setup.context.client, &prefix).await?;
    if folder.objects.is_empty() {
        return Err(
            crate::commands::share::folder::nothing_under(&prefix, folder.own_left_out).into(),
        );
    }
    let name =
        crate::commands::get::folder::default_name(&format!("{}/{}", prefix.bucket, prefix.key));
    let files = folder
        .objects
        .into_iter()
        .map(|object| {
            Ok(Plain {
                name: object.key[prefix.key.len()..].to_owned(),
                size: object.size,
                modified: object.modified.and_then(encrypted_upload::manifest_time),
                from: From::Object(ObjectLocation::new(&prefix.bucket, object.key)?),
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let wanted = Wanted {
        expires: args.expiry.expires,
        content_type: None,
    };
    make_and_print(&setup, &name, files, wanted, settings, out).await
}

/// What the command line asks of the share: the links' lifetime and a Content-Type for every
/// file (else guessed from each name).
struct Wanted<'a> {
    expires: Option<std::time::Duration>,
    content_type: Option<&'a str>,
}

/// Makes the encrypted folder `name` of `files` and prints its link; a failure deletes
/// whatever it stored.
async fn make_and_print(
    setup: &Setup,
    name: &str,
    files: Vec<Plain>,
    wanted: Wanted<'_>,
    settings: &Settings,
    out: &mut Output,
) -> Result<()> {
    let id = crate::id::random_id(8);
    let folder = Folder {
        setup,
        prefix: format!("{}{id}/", layout::ENCRYPTED),
        settings,
        wanted,
    };
    let made = folder.make(&id, name, &files, out).await;
    let made = match made {
        Ok(made) => made,
        Err(error) => {
            folder.remove().await;
            return Err(error);
        }
    };
    share::print(&made, &setup.recorder, out)
}

/// One file of the folder: its path below the folder (`/`-separated), size, time (milliseconds
/// since the epoch) and where its bytes are.
struct Plain {
    name: String,
    size: u64,
    modified: Option<u64>,
    from: From,
}

/// Where a file's bytes are read from.
enum From {
    /// A local file (`upload --encrypt DIR`).
    File(PathBuf),
    /// An object in the bucket (`share --encrypt s3://BUCKET/PREFIX/`).
    Object(ObjectLocation),
}

impl Plain {
    /// Its bytes, as a reader for the blocking pool (where `Job::stream` reads).
    async fn open(&self, client: &aws_sdk_s3::Client) -> Result<Box<dyn Read + Send>> {
        Ok(match &self.from {
            From::File(path) => {
                Box::new(std::fs::File::open(path).map_err(|e| read_failure(path, e))?)
            }
            From::Object(location) => {
                let object = client
                    .get_object()
                    .bucket(&location.bucket)
                    .key(&location.key)
                    .send()
                    .await
                    .map_err(|e| classify(e, "could not download", location))?;
                Box::new(SyncIoBridge::new(object.body.into_async_read()))
            }
        })
    }

    /// How messages name it.
    fn label(&self) -> String {
        match &self.from {
            From::File(path) => path.display().to_string(),
            From::Object(location) => location.to_string(),
        }
    }
}

/// The directory's name and its files, `DIR-name/` taken off their names.
fn plain_files(walked: Walked) -> (String, Vec<Plain>) {
    let name = walked
        .files
        .first()
        .and_then(|f| f.name.split('/').next())
        .unwrap_or("folder")
        .to_owned();
    let files = walked
        .files
        .into_iter()
        .map(|file| Plain {
            modified: std::fs::metadata(&file.path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(encrypted_upload::manifest_time),
            name: file
                .name
                .split_once('/')
                .map_or(file.name.clone(), |(_, rest)| rest.to_owned()),
            size: file.size,
            from: From::File(file.path),
        })
        .collect();
    (name, files)
}

/// What makes one encrypted folder.
struct Folder<'a> {
    /// The bucket, the connection and the options; its CDN signer signs every link when they
    /// go through the distribution.
    setup: &'a Setup,
    /// `.s3share/e2e/<id>/`: every object of the share is under it.
    prefix: String,
    settings: &'a Settings,
    wanted: Wanted<'a>,
}

impl Folder<'_> {
    /// Encrypts and uploads `files`, then the manifest, the worker and the page.
    async fn make(&self, id: &str, name: &str, files: &[Plain], out: &Output) -> Result<Made> {
        let upload = encrypted_upload::random_id();
        let total = files.iter().map(|f| f.size).sum();
        let progress = FolderProgress::new(out, files.len(), total, name);
        // As a folder upload goes: small files several at once, each large one alone (its
        // parts in parallel), so memory stays bounded whatever the mix.
        let threshold = self.settings.multipart_threshold.value;
        let (small, large): (Vec<&Plain>, Vec<&Plain>) =
            files.iter().partition(|f| f.size < threshold);
        let in_flight = crate::transfer::small_files_in_flight(
            small.iter().map(|f| f.size),
            self.settings.concurrency.value.max(1),
        );
        let mut entries: Vec<ManifestFile> = futures_util::stream::iter(small)
            .map(|file| self.file(&upload, file, &progress, out))
            .buffer_unordered(in_flight)
            .try_collect()
            .await?;
        for file in large {
            entries.push(self.file(&upload, file, &progress, out).await?);
        }
        progress.finish();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let secret = Secret::generate();
        let manifest = Manifest {
            version: 1,
            name: Some(name.to_owned()),
            files: entries,
        };
        let sealed = encrypted_upload::seal_folder_manifest(&secret, &manifest);
        let manifest_size = sealed.len() as u64;
        let manifest_key = format!("{upload}/{}", encrypted_upload::MANIFEST_NAME);
        let manifest_location = self.location(&manifest_key)?;
        let sha256: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(&sealed).into();
        put::put_object(
            &self.setup.client,
            &manifest_location,
            &self.setup.options,
            Body::Bytes(sealed),
            &sha256,
            &crate::transfer::progress::bar(out, Some(manifest_size), "manifest"),
        )
        .await?;
        // Signed after the upload, so a long upload does not eat into the links' lifetime.
        let expires = self.settings.expiry(self.wanted.expires);
        let presigner = Presigner::new(
            &self.setup.context,
            via::s3_lifetime(expires, self.setup.cdn.is_some()),
        )?;
        let signer = DownloadSigner::new(&presigner, self.setup.cdn.as_ref());
        let manifest_link = signer
            .sign(&manifest_location, &LinkOptions::default())
            .await?;
        let mut links = BTreeMap::new();
        for chunk in manifest.files.iter().flat_map(|f| &f.chunks) {
            let link = signer
                .sign(&self.location(&chunk.key)?, &LinkOptions::default())
                .await?;
            links.insert(chunk.key.clone(), link.url);
        }
        let [page_key, worker_key, _] = layout::encrypted_share_objects(id);
        let script = Served {
            body: pages::FOLDER_WORKER_SCRIPT.as_bytes().to_vec(),
            content_type: WORKER_CONTENT_TYPE,
            what: "the folder's worker",
        };
        let worker = ObjectLocation::new(&self.setup.bucket, worker_key)?;
        let worker_link = publish_at(&self.setup.client, signer, &worker, script).await?;
        let path_style = share::is_path_style(&manifest_link.url, &self.setup.bucket);
        let data = EncryptedFolderData {
            kind: "e2e-folder".to_owned(),
            version: pages::ENCRYPTED_FOLDER_VERSION,
            encoding: "aes128gcm".to_owned(),
            bucket: self.setup.bucket.clone(),
            expires_at: timestamp(manifest_link.expires_at),
            manifest: manifest_link.url,
            manifest_size,
            links,
            worker: worker_link.url,
            path_style,
        };
        let page = Page {
            location: ObjectLocation::new(&self.setup.bucket, page_key)?,
            body: pages::encrypted_folder_page(&data),
            secret: &secret,
            id,
            size: total,
            files: Some(files.len()),
            path_style,
        };
        page.publish(&self.setup.client, signer).await
    }

    fn location(&self, key: &str) -> Result<ObjectLocation, Failure> {
        ObjectLocation::new(&self.setup.bucket, format!("{}{key}", self.prefix))
    }

    /// Encrypts one file under a fresh content key into one object `UPLOAD/<random>`, hashing
    /// its plaintext on the way; its manifest entry.
    async fn file(
        &self,
        upload: &str,
        file: &Plain,
        progress: &FolderProgress,
        out: &Output,
    ) -> Result<ManifestFile> {
        let key = format!("{upload}/{}", encrypted_upload::random_id());
        let location = self.location(&key)?;
        let job = Job {
            client: &self.setup.client,
            location: &location,
            options: &self.setup.options,
            settings: self.settings,
            interrupt: &self.setup.interrupt,
            out,
            folder: Some(progress.bar()),
            // A fresh random key: nothing can be there.
            key_checked: true,
        };
        let secret = Secret::generate();
        let plain = file.open(&self.setup.client).await?;
        let sealed = upload_sealed(&job, plain, file.size, &file.label(), &secret).await?;
        let read = sealed.plain;
        progress.file_done(0);
        Ok(ManifestFile {
            name: file.name.clone(),
            size: file.size,
            content_type: type_of(self.wanted.content_type, &file.name)
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
            modified: file.modified,
            sha256: hex::encode(read.sha256),
            key: secret.to_fragment(),
            chunks: vec![Chunk {
                key,
                size: sealed.size,
            }],
            crc32: Some(read.crc32),
        })
    }

    /// Deletes whatever a failed share stored (best effort: nothing it left can be read
    /// without the key, which is gone).
    async fn remove(&self) {
        let Ok(prefix) = ObjectLocation::new(&self.setup.bucket, self.prefix.clone()) else {
            return;
        };
        let Ok(Some(listed)) =
            crate::s3::list::list_up_to(&self.setup.client, &prefix, usize::MAX).await
        else {
            return;
        };
        for object in listed {
            let _ = self
                .setup
                .client
                .delete_object()
                .bucket(&self.setup.bucket)
                .key(&object.key)
                .send()
                .await;
        }
    }
}
