//! Listing the objects under a prefix, every page of them.

use std::time::SystemTime;

use anyhow::Result;

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
}

/// Every object whose key starts with `prefix.key`, in key order (ListObjectsV2, paginated).
/// Keys ending in `/` with no bytes (folder markers made by consoles) are left out.
pub async fn list(client: &aws_sdk_s3::Client, prefix: &ObjectLocation) -> Result<Vec<Listed>> {
    let listed = list_up_to(client, prefix, usize::MAX).await?;
    Ok(listed.expect("no limit"))
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
            });
        }
        if listed.len() > limit {
            return Ok(None);
        }
    }
    Ok(Some(listed))
}
