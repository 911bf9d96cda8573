//! `get` of an end-to-end encrypted share's link: reads the page's data block (never its
//! script, which whoever can write to the bucket could have replaced). For a file, opens the
//! sealed name and size with the key from the link's fragment, and downloads the data
//! decrypting it on the way; for a folder, opens the manifest with that key and gives its files
//! to the folder download (or `--zip`), each decrypted and authenticated on the way.

use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::Result;
use url::Url;

use crate::cli::GetArgs;
use crate::ece::{self, Secret};
use crate::encrypted_upload;
use crate::error::{ExitKind, Failure};
use crate::pages::{self, EncryptedFileMetadata, EncryptedFolderData, EncryptedPageData, PageData};
use crate::terminal::escape;
use crate::transfer::download::{self, fetch_page, Decryption, Destination, Source};

use super::folder::Item;
use super::page_link::PageLink;

/// What an encrypted share's link leads to.
pub(super) enum Opened {
    /// One file: its data, decrypted on the way, the destination (a directory gets the file's
    /// own name) and the file's time.
    File(Source, Destination, Option<SystemTime>),
    /// A folder: its files, and its name.
    Folder(Vec<Item>, String),
}

/// Reads the share `link` points at and opens it with the key in its fragment.
pub(super) async fn open(args: &GetArgs, link: Url) -> Result<Opened> {
    let (page_url, secret) = split_key(link)?;
    match pages::read_data(&fetch_page(&page_url).await?) {
        Some(PageData::Encrypted(data)) => {
            let version = (data.version, pages::ENCRYPTED_VERSION);
            check_page(&page_url, version, &data.encoding, &[&data.data])?;
            let (source, destination, modified) = prepare(args, data, secret)?;
            Ok(Opened::File(source, destination, modified))
        }
        Some(PageData::EncryptedFolder(data)) => {
            let links = data.links.values().map(|l| l.0.as_str());
            let links: Vec<&str> = std::iter::once(data.manifest.0.as_str())
                .chain(links)
                .collect();
            let version = (data.version, pages::ENCRYPTED_FOLDER_VERSION);
            check_page(&page_url, version, &data.encoding, &links)?;
            folder(&data, &secret).await
        }
        _ => Err(Failure::usage("that link is not an s3share encrypted share").into()),
    }
}

/// What to download for one encrypted file.
fn prepare(
    args: &GetArgs,
    data: EncryptedPageData,
    secret: Secret,
) -> Result<(Source, Destination, Option<SystemTime>)> {
    let metadata = open_metadata(&data, &secret)?;
    let destination = match Destination::from_output(args.output.as_deref())? {
        Destination::Dir(dir) => Destination::File(dir.join(file_name(&metadata))),
        other => other,
    };
    if let Destination::File(path) = &destination {
        download::refuse_existing(path, args.force)?;
    }
    let data_url = Url::parse(&data.data)
        .map_err(|_| Failure::usage("the share's page holds no usable link to its data"))?;
    let source = Source::encrypted_link(
        data_url,
        Decryption {
            secret,
            plaintext_len: metadata.size,
        },
    );
    let modified = metadata
        .modified
        .as_deref()
        .and_then(|m| humantime::parse_rfc3339(m).ok());
    Ok((source, destination, modified))
}

/// The page's URL without its fragment, and the key the fragment holds.
fn split_key(mut url: Url) -> Result<(Url, Secret), Failure> {
    let fragment = url.fragment().unwrap_or_default().to_owned();
    url.set_fragment(None);
    if fragment.is_empty() {
        return Err(Failure::usage(
            "that link is an encrypted share, but its key (the part after #) is missing",
        )
        .hint("copy the whole link, up to its end; in a shell, put it in single quotes"));
    }
    let secret = Secret::from_fragment(&fragment).map_err(|_| {
        Failure::usage("the key in the link (the part after #) is damaged")
            .hint("copy the whole link again, exactly as it was sent")
    })?;
    Ok((url, secret))
}

/// Checks a share's page: a version this s3share reads, and `links` in the bucket (or
/// distribution) that serves the page.
fn check_page(
    page_url: &Url,
    (version, supported): (u32, u32),
    encoding: &str,
    links: &[&str],
) -> Result<()> {
    if version != supported || encoding != "aes128gcm" {
        return Err(Failure::usage(format!(
            "the share was made by a newer s3share (format {} {version}); this one reads version {supported}",
            escape(encoding),
        ))
        .hint("update s3share")
        .into());
    }
    let page = PageLink::parse(page_url.as_str());
    let inside = page.is_some_and(|page| links.iter().all(|link| page.admits(link)));
    if !inside {
        return Err(Failure::new(
            ExitKind::Integrity,
            "the share's page points outside the bucket that serves it; refusing to follow it",
        )
        .hint("the page was changed: ask the sender for a new link")
        .into());
    }
    Ok(())
}

/// The files of an encrypted folder, from its manifest opened with the key: each downloads its
/// one object through its link, decrypted and authenticated record by record.
async fn folder(data: &EncryptedFolderData, secret: &Secret) -> Result<Opened> {
    let refused = || {
        Failure::new(
            ExitKind::Integrity,
            "the key in the link does not open this folder",
        )
        .hint("the link was cut or changed, or the page was replaced: copy the whole link again, or ask the sender for a new one")
    };
    if data.manifest_size > encrypted_upload::MAX_FOLDER_MANIFEST {
        return Err(refused().into());
    }
    let url = Url::parse(&data.manifest).map_err(|_| refused())?;
    let object = download::fetch_small(&url, encrypted_upload::MAX_FOLDER_MANIFEST).await?;
    let manifest =
        encrypted_upload::open_folder_manifest(secret, &object).map_err(|_| refused())?;
    let damaged = || {
        Failure::new(
            ExitKind::Integrity,
            "the folder's manifest lists a file the page has no link for",
        )
        .hint("ask the sender for a new link")
    };
    let mut items = Vec::with_capacity(manifest.files.len());
    for file in manifest.files {
        // s3share stores each file of a folder as one object.
        let [chunk] = file.chunks.as_slice() else {
            return Err(damaged().into());
        };
        let link = data.links.get(&chunk.key).ok_or_else(damaged)?;
        if ece::ciphertext_len(file.size) != Some(chunk.size) {
            return Err(damaged().into());
        }
        let key = Secret::from_fragment(&file.key).map_err(|_| damaged())?;
        let modified = file.modified.and_then(encrypted_upload::time_of);
        items.push(Item {
            source: Source::encrypted_link(
                Url::parse(link).map_err(|_| damaged())?,
                Decryption {
                    secret: key,
                    plaintext_len: file.size,
                },
            ),
            relative: file.name,
            size: file.size,
            modified,
            crc32: file.crc32,
        });
    }
    let name = manifest
        .name
        .unwrap_or_else(|| "encrypted-folder".to_owned());
    Ok(Opened::Folder(items, name))
}

/// The file's name, size and type, opened with the key.
fn open_metadata(
    data: &EncryptedPageData,
    secret: &Secret,
) -> Result<EncryptedFileMetadata, Failure> {
    let refused = || {
        Failure::new(
            ExitKind::Integrity,
            "the key in the link does not open this share",
        )
        .hint("the link was cut or changed, or the page was replaced: copy the whole link again, or ask the sender for a new one")
    };
    let plain = ece::open_metadata(secret, &data.metadata).map_err(|_| refused())?;
    let metadata: EncryptedFileMetadata = serde_json::from_slice(&plain).map_err(|_| refused())?;
    if ece::ciphertext_len(metadata.size) != Some(data.size) {
        return Err(refused());
    }
    Ok(metadata)
}

/// A safe name for the file in a directory, from the sealed one.
fn file_name(metadata: &EncryptedFileMetadata) -> PathBuf {
    PathBuf::from(
        crate::file_name::safe_file_name(&metadata.name)
            .unwrap_or_else(|| download::FALLBACK_NAME.to_owned()),
    )
}
