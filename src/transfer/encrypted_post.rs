//! Sending one file through an encrypted request's POST policy, as its page does in a browser:
//! encrypted under a fresh content key (RFC 8188), POSTed as chunk objects of 1,024 records under
//! random keys, then the manifest sealed to the requester's key, last
//! (docs/FORMAT-encrypted-uploads.md). Memory stays at one chunk (64 MiB) whatever the size.

use std::io::Read;
use std::path::Path;

use anyhow::Result;

use crate::ece::{SealingReader, Secret};
use crate::encrypted_upload::{self, Chunk, Manifest, ManifestFile};
use crate::error::{ExitKind, Failure};
use crate::hpke::PublicKey;
use crate::transfer::progress::Bar;
use crate::transfer::put_url::{refusal, send_bytes, Refused, Target};
use crate::transfer::source::HashingReader;

/// Where an encrypted request takes files.
pub struct EncryptedRequest<'a> {
    /// The bucket's URL.
    pub url: &'a str,
    /// The policy's fields, without `key` and `Content-Type`.
    pub fields: &'a [(String, String)],
    /// The request's prefix: every key starts with it, and the manifest is bound to it.
    pub prefix: &'a str,
    /// The requester's public key.
    pub recipient: &'a PublicKey,
}

/// What the sender's side knows of the file.
pub struct Plain<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its size when checked.
    pub size: u64,
    /// Its name as the requester will see it.
    pub name: &'a str,
    /// Its media type.
    pub content_type: &'a str,
    /// Its modification time, milliseconds since the epoch.
    pub modified: Option<u64>,
}

/// Sends `file` through `request`; `Ok(Err(refused))` when the server refused an object (the
/// caller explains it), `Ok(Ok(upload id))` when the manifest is in.
pub async fn send(
    request: &EncryptedRequest<'_>,
    file: &Plain<'_>,
    bar: &Bar,
) -> Result<Result<String, Refused>> {
    let cannot_read = |e: std::io::Error| {
        Failure::new(
            ExitKind::Failure,
            format!("cannot read {}: {e}", file.path.display()),
        )
    };
    let sizes = encrypted_upload::chunk_sizes(file.size).expect("a file's size");
    let upload = encrypted_upload::random_id();
    let secret = Secret::generate();
    let opened = std::fs::File::open(file.path).map_err(cannot_read)?;
    let (hashing, digests) = HashingReader::new(opened.take(file.size + 1));
    let mut reader = SealingReader::new(hashing, &secret);
    let mut chunks = Vec::with_capacity(sizes.len());
    for &size in &sizes {
        // The bar shows the chunk on its way (a retry starts it again).
        bar.set_length(size);
        let mut bytes = vec![0u8; size as usize];
        reader
            .read_exact(&mut bytes)
            .map_err(|e| changed(file.path, e))?;
        let key = format!("{upload}/{}", encrypted_upload::random_id());
        if let Err(refused) = post(request, &key, bytes.into(), bar).await? {
            return Ok(Err(refused));
        }
        chunks.push(Chunk { key, size });
    }
    let mut rest = [0u8; 1];
    if reader.read(&mut rest).map_err(cannot_read)? != 0 {
        return Err(changed(file.path, std::io::ErrorKind::InvalidData.into()).into());
    }
    drop(reader);
    let manifest = Manifest {
        version: 1,
        name: None,
        files: vec![ManifestFile {
            name: file.name.to_owned(),
            size: file.size,
            content_type: file.content_type.to_owned(),
            modified: file.modified,
            sha256: hex::encode(digests.stored().sha256),
            key: secret.to_fragment(),
            chunks,
            crc32: None,
        }],
    };
    let sealed = encrypted_upload::seal_manifest(request.recipient, request.prefix, &manifest);
    let key = format!("{upload}/{}", encrypted_upload::MANIFEST_NAME);
    if let Err(refused) = post(request, &key, sealed.into(), bar).await? {
        return Ok(Err(refused));
    }
    Ok(Ok(upload))
}

fn changed(path: &Path, e: std::io::Error) -> Failure {
    Failure::new(
        ExitKind::Failure,
        format!("{} changed while it was being sent: {e}", path.display()),
    )
    .hint("send it again once nothing writes to it")
}

/// POSTs one object at `relative` (below the prefix); `Ok(Err)` when the server refused it.
async fn post(
    request: &EncryptedRequest<'_>,
    relative: &str,
    bytes: bytes::Bytes,
    bar: &Bar,
) -> Result<Result<(), Refused>> {
    let mut fields = vec![("key".to_owned(), format!("{}{relative}", request.prefix))];
    fields.extend(request.fields.iter().cloned());
    fields.push((
        "Content-Type".to_owned(),
        "application/octet-stream".to_owned(),
    ));
    let target = Target::Post {
        url: request.url,
        fields: &fields,
        file_name: "blob",
    };
    let response = send_bytes(&target, bytes, bar).await?;
    Ok(match refusal(response).await {
        Some(refused) => Err(refused),
        None => Ok(()),
    })
}
