//! `get` of an end-to-end encrypted share's link: reads the page's data block (never its
//! script, which whoever can write to the bucket could have replaced), opens the sealed name and
//! size with the key from the link's fragment, and downloads the data decrypting it on the way.

use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::Result;
use url::Url;

use crate::cli::GetArgs;
use crate::ece::{self, Secret};
use crate::error::{ExitKind, Failure};
use crate::pages::{self, EncryptedFileMetadata, EncryptedPageData, PageData};
use crate::terminal::escape;
use crate::transfer::download::{self, fetch_page, Decryption, Destination, Source};

use super::page_link::PageLink;

/// What to download for the share `link` points at: its data, decrypted on the way, the
/// destination (a directory gets the file's own name) and the file's time.
pub(super) async fn prepare(
    args: &GetArgs,
    link: Url,
) -> Result<(Source, Destination, Option<SystemTime>)> {
    let (page_url, secret) = split_key(link)?;
    let data = read_page(&page_url).await?;
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

/// The share's page data, checked: a version this s3share reads, and data in the page's bucket.
async fn read_page(page_url: &Url) -> Result<EncryptedPageData> {
    let Some(PageData::Encrypted(data)) = pages::read_data(&fetch_page(page_url).await?) else {
        return Err(Failure::usage("that link is not an s3share encrypted share").into());
    };
    if data.version != pages::ENCRYPTED_VERSION || data.encoding != "aes128gcm" {
        return Err(Failure::usage(format!(
            "the share was made by a newer s3share (format {} {}); this one reads version {}",
            escape(&data.encoding),
            data.version,
            pages::ENCRYPTED_VERSION
        ))
        .hint("update s3share")
        .into());
    }
    let inside = PageLink::parse(page_url.as_str()).is_some_and(|page| page.admits(&data.data));
    if !inside {
        return Err(Failure::new(
            ExitKind::Integrity,
            "the share's page points outside the bucket that serves it; refusing to follow it",
        )
        .hint("the page was changed: ask the sender for a new link")
        .into());
    }
    Ok(data)
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
