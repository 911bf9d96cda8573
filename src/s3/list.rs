//! Listing the objects under a prefix, every page of them.

use std::time::SystemTime;

use anyhow::Result;

use crate::layout;
use crate::location::ObjectLocation;
use crate::s3::errors::classify;

/// One object under a prefix.
#[derive(Clone, Debug)]
pub struct Listed {
    /// The whole key.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Last modified.
    pub modified: Option<SystemTime>,
    /// The ETag, without quotes.
    pub etag: Option<String>,
    /// Whether the server says it stores a CRC-32 of the whole object (a HEAD with checksum
    /// mode gives it).
    pub full_crc32: bool,
}

/// What is under a prefix to be shared or downloaded as a folder.
#[derive(Debug, Default)]
pub struct Folder {
    /// The objects, in key order.
    pub objects: Vec<Listed>,
    /// How many of s3share's own objects (pages, revocable copies) were under the prefix and
    /// left out: a folder never hands them on.
    pub own_left_out: usize,
}

/// Every object whose key starts with `prefix.key`, in key order (ListObjectsV2, paginated),
/// except s3share's own ([`layout::is_own`]), which are counted instead. Keys ending in `/` with
/// no bytes (folder markers made by consoles) are left out.
pub async fn folder(client: &aws_sdk_s3::Client, prefix: &ObjectLocation) -> Result<Folder> {
    let listed = list_up_to(client, prefix, usize::MAX)
        .await?
        .expect("no limit");
    let (own, objects): (Vec<Listed>, Vec<Listed>) =
        listed.into_iter().partition(|o| layout::is_own(&o.key));
    Ok(Folder {
        objects,
        own_left_out: own.len(),
    })
}

/// Like [`list`], but gives up with `None` once more than `limit` objects are listed, for callers
/// to whom a listing is only worth a few pages.
pub async fn list_up_to(
    client: &aws_sdk_s3::Client,
    prefix: &ObjectLocation,
    limit: usize,
) -> Result<Option<Vec<Listed>>> {
    let mut pages = client
        .list_objects_v2()
        .bucket(&prefix.bucket)
        .prefix(&prefix.key)
        .into_paginator()
        .send();
    let mut listed = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify(e, "list", prefix))?;
        for object in page.contents() {
            let (Some(key), size) = (object.key(), object.size().unwrap_or(0)) else {
                continue;
            };
            if key.ends_with('/') && size == 0 {
                continue;
            }
            listed.push(Listed {
                key: key.to_owned(),
                size: u64::try_from(size).unwrap_or(0),
                modified: object
                    .last_modified()
                    .and_then(|t| SystemTime::try_from(*t).ok()),
                etag: object.e_tag().map(|t| t.trim_matches('"').to_owned()),
                full_crc32: object
                    .checksum_algorithm()
                    .contains(&aws_sdk_s3::types::ChecksumAlgorithm::Crc32)
                    && matches!(
                        object.checksum_type(),
                        None | Some(aws_sdk_s3::types::ChecksumType::FullObject)
                    ),
            });
        }
        if listed.len() > limit {
            return Ok(None);
        }
    }
    Ok(Some(listed))
}
