//! `s3share share s3://bucket/prefix/`: one link for a whole folder. Every object under the
//! prefix gets a GET link (all expiring together, each saving under its own name; presigned, or
//! through the CDN with the page's own link), and a
//! folder page listing them is written to `.s3share/shares/<id>/index.html`; the one link
//! printed is the page's. Its worker (`sw.js`, beside the page) streams the whole folder as one
//! zip; each file's CRC-32, where known without reading the file (computed by the upload that
//! stored it, or a whole-object CRC-32 the server keeps), goes into the page's data so the zip
//! needs no data descriptor for it.

use std::collections::HashMap;

use anyhow::Result;
use serde_json::json;

use crate::cli::ShareArgs;
use crate::error::{ExitKind, Failure};
use crate::expiry::timestamp;
use crate::id::unique_id;
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::{LinkRecord, Output};
use crate::pages::{self, FolderData, FolderFile};
use crate::s3::download_signer::DownloadSigner;
use crate::s3::list;
use crate::s3::presign::{content_disposition, LinkOptions};
use crate::s3::S3Context;

use crate::commands::common::record::Recorder;
use crate::pages::publish::{publish_at, Served, PAGE_CONTENT_TYPE};
use crate::s3::etag::full_object_crc32;

/// How the folder page's worker is stored and served.
const WORKER_CONTENT_TYPE: &str = "text/javascript; charset=utf-8";

/// Shares the folder `prefix` (its key empty or ending in `/`); `crc32s` are the CRC-32s known
/// by key (from the upload that just stored them).
pub async fn run(
    prefix: &ObjectLocation,
    context: &S3Context,
    signer: DownloadSigner<'_>,
    recorder: &Recorder,
    crc32s: &HashMap<String, u32>,
    out: &mut Output,
) -> Result<()> {
    let folder = list::folder(&context.client, prefix).await?;
    let listed = folder.objects;
    if listed.is_empty() {
        return Err(nothing_under(prefix, folder.own_left_out).into());
    }
    let count = listed.len();
    // The listing is consumed as the links are made, so it is never held twice; each link is
    // held once, in the page's data.
    let mut files = Vec::with_capacity(count);
    for object in listed {
        let location = ObjectLocation::new(&prefix.bucket, &object.key)?;
        let name = object.key.rsplit('/').next().unwrap_or(&object.key);
        let options = LinkOptions {
            content_disposition: content_disposition(Some(name), false),
            ..LinkOptions::default()
        };
        let link = signer.sign(&location, &options).await?;
        let crc32 = match crc32s.get(&object.key) {
            Some(&crc32) => Some(crc32),
            None if object.full_crc32 => stored_crc32(context, &location).await,
            None => None,
        };
        files.push(FolderFile {
            path: object.key[prefix.key.len()..].to_owned(),
            size: object.size,
            modified: object.modified.map(timestamp),
            url: link.url,
            crc32,
        });
    }
    // The page and its worker share a folder, named before the page is written (the page
    // holds the worker's link).
    let seed = files.first().map_or("", |f| &f.url);
    let dir = format!("{}{}/", layout::SHARES, unique_id(seed, 8));
    let worker = ObjectLocation::new(&prefix.bucket, format!("{dir}{}", layout::FOLDER_WORKER))?;
    let script = Served {
        body: pages::FOLDER_WORKER_SCRIPT.as_bytes().to_vec(),
        content_type: WORKER_CONTENT_TYPE,
        what: "the folder page's worker",
    };
    let worker_link = publish_at(&context.client, signer, &worker, script).await?;
    let data = FolderData {
        kind: "folder".to_owned(),
        version: pages::FOLDER_VERSION,
        bucket: prefix.bucket.clone(),
        prefix: prefix.key.clone(),
        expires_at: timestamp(signer.expires_at()),
        files,
        worker: Some(worker_link.url),
    };
    let page = ObjectLocation::new(&prefix.bucket, format!("{dir}{}", layout::FOLDER_PAGE))?;
    let served = Served {
        body: pages::folder_page(&data).into_bytes(),
        content_type: PAGE_CONTENT_TYPE,
        what: "the page",
    };
    let page_link = publish_at(&context.client, signer, &page, served).await?;
    let mut record = LinkRecord::new(&page_link, &page);
    record.extra.insert("prefix", json!(prefix.key));
    record.extra.insert("files", json!(count));
    record
        .extra
        .insert("own_left_out", json!(folder.own_left_out));
    out.link(&record)?;
    recorder.page(&page_link, &page, prefix, out);
    if out.json() {
        // Every file's link was signed with the page's: the same method and expiry.
        for file in &data.files {
            let location =
                ObjectLocation::new(&prefix.bucket, format!("{}{}", prefix.key, file.path))?;
            let mut record = LinkRecord::new(&page_link, &location);
            record.url = &file.url;
            record.size = Some(file.size);
            out.detail(&record)?;
        }
    }
    if folder.own_left_out > 0 {
        out.note(&own_left_out(folder.own_left_out));
    }
    out.note(&format!(
        "Shared {} file{} under {prefix}; download them all with: s3share get LINK -o DIR/",
        count,
        if count == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// The whole-object CRC-32 the server stores for `location` (HEAD with checksum mode); `None`
/// when it gives none or the HEAD fails: the zip then computes it while streaming.
async fn stored_crc32(context: &S3Context, location: &ObjectLocation) -> Option<u32> {
    let head = crate::transfer::existing::head(&context.client, location)
        .await
        .ok()?;
    let checksum_type = head.checksum_type().map(|t| t.as_str());
    full_object_crc32(head.checksum_crc32(), checksum_type)
}

/// Refuses the flags a folder share would otherwise drop: each applies to one object's link,
/// and the page holds a link per file.
pub fn refuse_unused(args: &ShareArgs) -> Result<(), Failure> {
    if args.disposition.filename.is_some() || args.disposition.inline {
        return Err(Failure::usage(
            "--filename and --inline apply to one object, not a folder",
        ));
    }
    if args.revocable {
        return Err(Failure::usage(
            "--revocable applies to one object, not a folder: the folder's page holds a link to \
             each file itself, which deleting the page would not take back",
        )
        .hint(
            "share the files one by one with --revocable, or give the folder a short --expires",
        ));
    }
    if args.sse.sse.is_some() || args.sse.sse_kms_key_id.is_some() {
        return Err(Failure::usage(
            "--sse and --sse-kms-key-id only apply to upload links, not to a folder's page",
        ));
    }
    Ok(())
}

/// Why a folder is empty: nothing under the prefix, or only s3share's own objects.
pub fn nothing_under(prefix: &ObjectLocation, own_left_out: usize) -> Failure {
    let what = if own_left_out > 0 {
        format!(
            "nothing is stored under {prefix} but s3share's own objects ({}), which are never shared",
            layout::OWN
        )
    } else {
        format!("nothing is stored under {prefix}")
    };
    Failure::new(ExitKind::NotFound, what)
        .hint("check the prefix (it is case-sensitive) and the bucket")
}

/// The note that says what a folder left out, and why.
pub fn own_left_out(count: usize) -> String {
    format!(
        "left out {count} of s3share's own object{} under {} (pages and revocable copies are never part of a folder)",
        if count == 1 { "" } else { "s" },
        layout::OWN
    )
}
