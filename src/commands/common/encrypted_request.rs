//! Opening what people sent through an encrypted request (`request --encrypt`), for
//! `get s3://bucket/PREFIX/` and `request --watch --into DIR`: each complete upload's manifest
//! opened with the local key, its chunks decrypted in order into a temporary file, every record,
//! the size and the SHA-256 checked, and only then the file renamed into place under the
//! sender's name made safe. An upload without its manifest is reported, never written.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use sha2::{Digest as _, Sha256};

use crate::encrypted_upload::{self, FileOpener, Manifest, ManifestFile, ManifestRefused};
use crate::error::{ExitKind, Failure};
use crate::file_name::safe_file_name;
use crate::hpke::SecretKey;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::s3::errors::classify;
use crate::s3::list::Listed;
use crate::terminal::escape;

/// The objects of a listing that belong to encrypted uploads, apart from the rest.
pub fn split(listed: Vec<Listed>) -> (Vec<Listed>, Vec<Listed>) {
    listed
        .into_iter()
        .partition(|o| encrypted_upload::part_of(&o.key).is_some())
}

/// One upload found in a listing.
#[derive(Default)]
struct Upload {
    /// The request's prefix.
    prefix: String,
    manifest: Option<Listed>,
    /// Chunk sizes by key.
    chunks: BTreeMap<String, u64>,
}

/// How opening the uploads went.
#[derive(Default)]
pub struct Opened {
    /// Files written, with the upload each came from.
    pub saved: Vec<(String, PathBuf)>,
    /// Uploads whose file was already there.
    pub already: usize,
    /// Those files, with the upload each came from.
    pub present: Vec<(String, PathBuf)>,
    /// Uploads with no manifest yet.
    pub incomplete: Vec<String>,
    /// Uploads refused: the upload and why, and the exit kind.
    pub refused: Vec<(String, String, ExitKind)>,
}

impl Opened {
    /// The command's failure when an upload was refused.
    pub fn failure(&self) -> Option<Failure> {
        let (upload, why, kind) = self.refused.first()?;
        let failure = Failure::new(
            *kind,
            format!(
                "{} of the encrypted uploads were not saved; the first, {upload}: {why}",
                self.refused.len()
            ),
        );
        Some(match kind {
            ExitKind::Config => failure.hint(
                "import the key it was sent to with `s3share key import FILE` (`s3share key show` prints yours)",
            ),
            _ => failure.hint(
                "nothing of it was written; ask the sender to send it again",
            ),
        })
    }
}

/// Whether `object` is an encrypted upload's manifest: the one part that says it arrived.
pub fn is_manifest(object: &Listed) -> bool {
    encrypted_upload::part_of(&object.key).is_some_and(|p| p.manifest)
}

/// The parts of the upload whose manifest is `manifest`, among `parts`.
pub fn parts_of(manifest: &Listed, parts: &[Listed]) -> Vec<Listed> {
    let dir = manifest
        .key
        .strip_suffix(encrypted_upload::MANIFEST_NAME)
        .unwrap_or(&manifest.key);
    parts
        .iter()
        .filter(|o| o.key.starts_with(dir))
        .cloned()
        .collect()
}

/// The local request key, or why there is none (exit 3).
pub fn local_key(key_path: &Path) -> Result<SecretKey, Failure> {
    crate::request_key::load(key_path)?.ok_or_else(|| {
        Failure::config(format!(
            "there are encrypted uploads, and no request key at {} to open them",
            escape(&key_path.display().to_string())
        ))
        .hint("import the key they were sent to: s3share key import FILE")
    })
}

/// Groups encrypted parts by upload.
fn uploads(parts: Vec<Listed>) -> BTreeMap<String, Upload> {
    let mut uploads: BTreeMap<String, Upload> = BTreeMap::new();
    for object in parts {
        let Some(part) = encrypted_upload::part_of(&object.key) else {
            continue;
        };
        let id = format!("{}{}", part.prefix, part.upload);
        let upload = uploads.entry(id).or_default();
        upload.prefix = part.prefix.to_owned();
        if part.manifest {
            upload.manifest = Some(object);
        } else {
            upload.chunks.insert(object.key.clone(), object.size);
        }
    }
    uploads
}

/// Opens every complete upload among `parts` (from a listing of `bucket`) into `dir` with the
/// key at `key_path`. Returns what happened to each; fails only when nothing can be tried (no
/// key).
pub async fn open_all(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    parts: Vec<Listed>,
    dir: &Path,
    key: &SecretKey,
    out: &Output,
) -> Result<Opened> {
    let mut opened = Opened::default();
    for (id, upload) in uploads(parts) {
        let Some(manifest_object) = &upload.manifest else {
            out.warn(&format!(
                "encrypted upload {} is incomplete ({} chunks, no manifest yet): still arriving, or \
                 given up; nothing written",
                escape(&id),
                upload.chunks.len()
            ));
            opened.incomplete.push(id);
            continue;
        };
        match open_one(client, bucket, &upload, manifest_object, dir, key).await {
            Ok(Saved::New(path)) => {
                out.note(&format!("saved {}", escape(&path.display().to_string())));
                opened.saved.push((id, path));
            }
            Ok(Saved::Already(path)) => {
                opened.already += 1;
                opened.present.push((id, path));
            }
            Err(Refusal::Fatal(error)) => return Err(error),
            Err(Refusal::Upload(why, kind)) => {
                out.warn(&format!("encrypted upload {}: {why}", escape(&id)));
                opened.refused.push((id, why, kind));
            }
        }
    }
    Ok(opened)
}

enum Saved {
    New(PathBuf),
    Already(PathBuf),
}

enum Refusal {
    /// This upload cannot be saved, for this reason.
    Upload(String, ExitKind),
    /// Nothing can go on (the network, the bucket).
    Fatal(anyhow::Error),
}

impl From<anyhow::Error> for Refusal {
    fn from(error: anyhow::Error) -> Refusal {
        Refusal::Fatal(error)
    }
}

fn integrity(why: impl Into<String>) -> Refusal {
    Refusal::Upload(why.into(), ExitKind::Integrity)
}

async fn open_one(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    upload: &Upload,
    manifest_object: &Listed,
    dir: &Path,
    key: &SecretKey,
) -> Result<Saved, Refusal> {
    if manifest_object.size > encrypted_upload::MAX_MANIFEST {
        return Err(integrity("its manifest is too large to be one"));
    }
    let bytes = get_all(client, bucket, &manifest_object.key).await?;
    let manifest: Manifest = match encrypted_upload::open_manifest(key, &upload.prefix, &bytes) {
        Ok(manifest) => manifest,
        Err(ManifestRefused::OtherKey(fingerprint)) => {
            return Err(Refusal::Upload(
                format!(
                "it was sent to another key (fingerprint {fingerprint}), not this machine's ({})",
                key.public_key().fingerprint()
            ),
                ExitKind::Config,
            ))
        }
        Err(refused) => return Err(integrity(format!("its manifest {refused}"))),
    };
    let [file] = manifest.files.as_slice() else {
        return Err(integrity("its manifest lists other than one file"));
    };
    // Every chunk is there, in this upload, with the size the manifest says, before any is read.
    for (index, chunk) in file.chunks.iter().enumerate() {
        let whole = format!("{}{}", upload.prefix, chunk.key);
        if upload.chunks.get(&whole) != Some(&chunk.size) {
            return Err(integrity(format!(
                "chunk {} of {} is missing or not the size the manifest says",
                index + 1,
                file.chunks.len()
            )));
        }
    }
    let name = safe_file_name(&file.name)
        .unwrap_or_else(|| format!("upload-{}", &upload_id(&manifest_object.key)));
    let target = match place(dir, &name, file)? {
        Place::Free(path) => path,
        Place::Same(path) => return Ok(Saved::Already(path)),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".s3share-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| write_failed(dir, e))?;
    let mut opener = FileOpener::new(file).map_err(|e| integrity(e.to_string()))?;
    let mut plain = Vec::new();
    for chunk in &file.chunks {
        let whole = format!("{}{}", upload.prefix, chunk.key);
        let location = ObjectLocation::new(bucket, &whole).map_err(anyhow::Error::from)?;
        let mut body = client
            .get_object()
            .bucket(bucket)
            .key(&whole)
            .send()
            .await
            .map_err(|e| anyhow::Error::from(classify(e, "could not download", &location)))?
            .body;
        while let Some(bytes) = body.next().await {
            let bytes = bytes.map_err(|e| {
                anyhow::Error::from(
                    Failure::new(ExitKind::Network, "the download was cut off").cause(e),
                )
            })?;
            plain.clear();
            opener
                .push(&bytes, &mut plain)
                .map_err(|e| integrity(e.to_string()))?;
            temp.write_all(&plain).map_err(|e| write_failed(dir, e))?;
        }
    }
    opener.finish().map_err(|e| integrity(e.to_string()))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| write_failed(dir, e))?;
    temp.persist_noclobber(&target)
        .map_err(|e| write_failed(dir, e.error))?;
    // The sender's time, where it is one (a manifest may say anything).
    if let Some(time) = file.modified.and_then(encrypted_upload::time_of) {
        let _ = std::fs::File::options()
            .write(true)
            .open(&target)
            .and_then(|f| f.set_modified(time));
    }
    Ok(Saved::New(target))
}

fn upload_id(manifest_key: &str) -> String {
    encrypted_upload::part_of(manifest_key)
        .map(|p| p.upload[..8].to_owned())
        .unwrap_or_default()
}

fn write_failed(dir: &Path, e: std::io::Error) -> Refusal {
    Refusal::Fatal(
        Failure::new(
            ExitKind::Failure,
            format!("cannot write in {}: {e}", dir.display()),
        )
        .into(),
    )
}

/// Where a file goes.
enum Place {
    Free(PathBuf),
    /// A file with the same bytes is already there (an earlier run saved it).
    Same(PathBuf),
}

/// `name` in `dir`, or `name (2)`, `name (3)`… when another file holds the name; `Same` when a
/// file there already has this file's size and SHA-256.
fn place(dir: &Path, name: &str, file: &ManifestFile) -> Result<Place, Refusal> {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    for n in 1..10_000 {
        let candidate = match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem} ({n}){extension}")),
        };
        match std::fs::symlink_metadata(&candidate) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Place::Free(candidate))
            }
            Err(e) => return Err(write_failed(dir, e)),
            Ok(meta) if meta.is_file() && meta.len() == file.size => {
                if same_sha256(&candidate, &file.sha256) {
                    return Ok(Place::Same(candidate));
                }
            }
            Ok(_) => {}
        }
    }
    Err(integrity(format!("too many files named {name} already")))
}

fn same_sha256(path: &Path, expected: &str) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut digest = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match std::io::Read::read(&mut file, &mut buffer) {
            Ok(0) => break,
            Ok(n) => digest.update(&buffer[..n]),
            Err(_) => return false,
        }
    }
    hex::encode(digest.finalize()) == expected
}

/// The whole of a small object.
async fn get_all(client: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Result<Vec<u8>> {
    let location = ObjectLocation::new(bucket, key)?;
    let response = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|e| classify(e, "could not download", &location))?;
    let bytes = response
        .body
        .collect()
        .await
        .map_err(|e| Failure::new(ExitKind::Network, "the download was cut off").cause(e))?;
    Ok(bytes.into_bytes().to_vec())
}
