//! What a key already holds, the one answer for every upload: whether it holds a local file
//! before uploading it (how a re-run of `upload DIR` skips what is there without sending it),
//! whether it holds what an upload sent after a conditional write was refused or its answer
//! lost ([`holds`]), and refusing an existing object before a large upload
//! ([`refuse_existing`]).
//!
//! A folder's destination is listed first ([`Listing`]), so a key that is not there costs no
//! request at all, and one whose size or ETag already answers costs no HEAD either.

use std::collections::HashMap;
use std::path::Path;

use crate::md5_digest::Md5;
use anyhow::Result;

use crate::location::ObjectLocation;
use crate::s3::errors::{classify_head, is_not_found};
use crate::s3::list::list_up_to;
use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::operation::head_object::HeadObjectOutput;

use crate::error::{ExitKind, Failure};
use crate::s3::etag::base64_of;
use crate::s3::etag::{etag_of_part_md5s, single_part_md5};
use crate::transfer::source::{hash_file, md5_of_file, part_size, read_failure, FILE_READ_BUFFER};

/// What a key holds, compared with a local file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding {
    /// Nothing: the key is free.
    Nothing,
    /// Exactly the file's bytes.
    Same,
    /// Something else (or something s3share cannot tell apart from the file).
    Other,
}

/// What listing the destinations said: the objects under each prefix that was listed in full.
#[derive(Debug, Default)]
pub struct Listing {
    /// The listed prefixes, as `(bucket, key prefix)`.
    prefixes: Vec<(String, String)>,
    /// Size and ETag of each listed object that is also about to be uploaded, by bucket and key.
    objects: HashMap<(String, String), (u64, Option<String>)>,
}

/// What a [`Listing`] knows about one key.
enum Listed<'a> {
    /// Its prefix was not listed: ask the server.
    Unknown,
    /// Listed prefix, no such key.
    Absent,
    /// There, with this size and ETag.
    Present(u64, Option<&'a str>),
}

impl Listing {
    /// Lists each of `prefixes` (the folders about to be uploaded to `locations`), keeping only
    /// the keys among `locations`, so memory follows the local files, not the bucket. A prefix
    /// holding far more objects than are uploaded (more than ten times as many, and more than a
    /// thousand), or that cannot be listed (no `s3:ListBucket`), is left out: its keys are
    /// looked up one by one instead.
    pub async fn of(
        client: &aws_sdk_s3::Client,
        prefixes: &[ObjectLocation],
        locations: &[ObjectLocation],
    ) -> Listing {
        let wanted: std::collections::HashSet<(&str, &str)> = locations
            .iter()
            .map(|l| (l.bucket.as_str(), l.key.as_str()))
            .collect();
        let limit = locations.len().saturating_mul(10).max(1000);
        let mut listing = Listing::default();
        for prefix in prefixes {
            let Ok(Some(listed)) = list_up_to(client, prefix, limit).await else {
                continue;
            };
            listing
                .prefixes
                .push((prefix.bucket.clone(), prefix.key.clone()));
            for object in listed {
                if wanted.contains(&(prefix.bucket.as_str(), object.key.as_str())) {
                    listing.objects.insert(
                        (prefix.bucket.clone(), object.key),
                        (object.size, object.etag),
                    );
                }
            }
        }
        listing
    }

    fn get(&self, location: &ObjectLocation) -> Listed<'_> {
        let covered = self
            .prefixes
            .iter()
            .any(|(bucket, prefix)| *bucket == location.bucket && location.key.starts_with(prefix));
        if !covered {
            return Listed::Unknown;
        }
        match self
            .objects
            .get(&(location.bucket.clone(), location.key.clone()))
        {
            Some((size, etag)) => Listed::Present(*size, etag.as_deref()),
            None => Listed::Absent,
        }
    }
}

/// Whether `location` already holds the file at `path` (`size` bytes), before uploading it: by
/// what `listing` says when that settles it (absent, another size, the ETag the file would get),
/// else by the object's SHA-256 or MD5 ETag below `threshold` (one PUT), by the ETag of its parts
/// above.
pub async fn holds_file(
    client: &aws_sdk_s3::Client,
    location: &ObjectLocation,
    path: &Path,
    size: u64,
    threshold: u64,
    listing: &Listing,
) -> Result<Holding> {
    match listing.get(location) {
        Listed::Absent => return Ok(Holding::Nothing),
        Listed::Present(stored, _) if stored != size => return Ok(Holding::Other),
        Listed::Present(_, Some(etag)) if *etag == etag_of_file(path, size, threshold).await? => {
            return Ok(Holding::Same)
        }
        // Another ETag may still be the same bytes (SSE-KMS, another part size): ask.
        Listed::Present(..) | Listed::Unknown => {}
    }
    let head = match head(client, location).await {
        Ok(head) => head,
        Err(e) if is_not_found(&e) => return Ok(Holding::Nothing),
        Err(e) => return Err(classify_head(client, e, "look up", location).await.into()),
    };
    if head.content_length().and_then(|n| u64::try_from(n).ok()) != Some(size) {
        return Ok(Holding::Other);
    }
    let identical = if size < threshold {
        let stored = hash_file(path).await?;
        let contents = Contents::File(path);
        same(
            &head,
            size,
            Identity::Single {
                sha256: &stored.sha256,
                contents,
            },
        )
    } else {
        let etag = etag_of_file(path, size, threshold).await?;
        same(&head, size, Identity::MultipartEtag(&etag))
    };
    Ok(if identical {
        Holding::Same
    } else {
        Holding::Other
    })
}

/// The ETag S3 gives the file at `path` (`size` bytes) when s3share uploads it without SSE-KMS:
/// its MD5 below `threshold` (one PUT), the ETag of its parts above.
async fn etag_of_file(path: &Path, size: u64, threshold: u64) -> Result<String> {
    let owned = path.to_owned();
    let etag = tokio::task::spawn_blocking(move || {
        if size < threshold {
            md5_of_file(&owned).map(hex::encode)
        } else {
            multipart_etag_of_file(&owned, size)
        }
    })
    .await?
    .map_err(|e| read_failure(path, e))?;
    Ok(etag)
}

/// The ETag S3 gives the file at `path` uploaded in s3share's parts: the MD5 of the parts'
/// MD5s, `-` and their number.
fn multipart_etag_of_file(path: &Path, size: u64) -> std::io::Result<String> {
    use std::io::Read;
    let part_size = part_size(Some(size));
    let mut file = std::fs::File::open(path)?;
    let mut md5s = Vec::new();
    let mut buffer = vec![0; FILE_READ_BUFFER];
    let mut left = size;
    while left > 0 || md5s.is_empty() {
        let mut part = Md5::new();
        let mut part_left = part_size.min(left);
        while part_left > 0 {
            let want = (part_left as usize).min(buffer.len());
            file.read_exact(&mut buffer[..want])?;
            part.update(&buffer[..want]);
            part_left -= want as u64;
        }
        left -= part_size.min(left);
        md5s.push(part.finalize());
    }
    Ok(etag_of_part_md5s(&md5s))
}

/// What tells an upload's own object apart from any other of the same size.
#[derive(Clone, Copy, Debug)]
pub enum Identity<'a> {
    /// A single PUT: the SHA-256 it sent, which S3 keeps with the object; on servers that keep
    /// no checksum, the MD5 of the same bytes against an ETag that is one.
    Single {
        /// The SHA-256 sent with the object.
        sha256: &'a [u8; 32],
        /// Where the MD5 comes from, should it be needed.
        contents: Contents<'a>,
    },
    /// The ETag S3 gives an object assembled from the upload's parts.
    MultipartEtag(&'a str),
}

/// The bytes of a single PUT, for their MD5.
#[derive(Clone, Copy, Debug)]
pub enum Contents<'a> {
    /// A file, hashed only when the MD5 is needed (it is below the multipart threshold).
    File(&'a Path),
    /// The MD5 of bytes that were in memory.
    Md5([u8; 16]),
}

impl Contents<'_> {
    /// The MD5 of the bytes, as lower-case hex; `None` when the file cannot be read.
    fn md5_hex(&self) -> Option<String> {
        let digest: [u8; 16] = match self {
            Contents::Md5(digest) => *digest,
            Contents::File(path) => md5_of_file(path).ok()?,
        };
        Some(hex::encode(digest))
    }
}

/// The MD5 the object's ETag stands for, where it is one ([`single_part_md5`]).
fn md5_etag(head: &HeadObjectOutput) -> Option<String> {
    single_part_md5(
        head.e_tag(),
        head.server_side_encryption().map(|s| s.as_str()),
        head.sse_customer_algorithm().is_some(),
    )
}

/// Whether the object at `location` is `size` bytes with this identity: the check after a write
/// was refused or its answer lost. Anything unknown (no checksum stored, no permission to look)
/// counts as no.
pub async fn holds(
    client: &aws_sdk_s3::Client,
    location: &ObjectLocation,
    size: u64,
    identity: Identity<'_>,
) -> bool {
    let head = head(client, location).await;
    head.is_ok_and(|head| same(&head, size, identity))
}

/// HEADs `location`, asking for its checksums.
pub async fn head(
    client: &aws_sdk_s3::Client,
    location: &ObjectLocation,
) -> Result<
    HeadObjectOutput,
    SdkError<
        aws_sdk_s3::operation::head_object::HeadObjectError,
        aws_sdk_s3::config::http::HttpResponse,
    >,
> {
    client
        .head_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .checksum_mode(aws_sdk_s3::types::ChecksumMode::Enabled)
        .send()
        .await
}

/// Whether the object `head` describes is `size` bytes with this identity. Anything unknown
/// (no checksum stored) counts as no.
pub fn same(head: &HeadObjectOutput, size: u64, identity: Identity<'_>) -> bool {
    head.content_length().and_then(|n| u64::try_from(n).ok()) == Some(size)
        && match identity {
            Identity::Single { sha256, contents } => match head.checksum_sha256() {
                Some(stored) => stored == base64_of(sha256),
                None => md5_etag(head).is_some_and(|etag| contents.md5_hex() == Some(etag)),
            },
            Identity::MultipartEtag(etag) => {
                head.e_tag().map(|t| t.trim_matches('"')) == Some(etag)
            }
        }
}

/// The object exists and `--force` was not given.
pub fn already_exists(location: &ObjectLocation) -> Failure {
    Failure::new(ExitKind::Failure, format!("{location} already exists"))
        .hint("use --force to replace it")
}

/// A HEAD before a large upload, so an existing object is refused before gigabytes are sent.
/// Only "exists" stops the upload; anything else (e.g. no permission to HEAD) is left to the
/// conditional write at the end.
pub async fn refuse_existing(client: &aws_sdk_s3::Client, location: &ObjectLocation) -> Result<()> {
    let head = client
        .head_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .send()
        .await;
    match head {
        Ok(_) => Err(already_exists(location).into()),
        Err(e) => {
            let status = e.raw_response().map(|r| r.status().as_u16());
            match status {
                Some(404 | 403) => Ok(()),
                _ if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(()),
                _ => Err(classify_head(client, e, "look up", location).await.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client that fails every request, so a test proves none was needed.
    fn offline_client() -> aws_sdk_s3::Client {
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
            .region(aws_sdk_s3::config::Region::new("us-east-1"))
            .endpoint_url("http://127.0.0.1:9")
            .credentials_provider(aws_sdk_s3::config::Credentials::for_tests())
            .retry_config(aws_sdk_s3::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_s3::Client::from_conf(config)
    }

    fn at(key: &str) -> ObjectLocation {
        ObjectLocation {
            bucket: "bkt".into(),
            key: key.into(),
        }
    }

    #[tokio::test]
    async fn a_listing_settles_absent_keys_other_sizes_and_matching_etags_without_requests() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"hello").unwrap();
        let md5 = "5d41402abc4b2a76b9719d911017c592";
        let listing = Listing {
            prefixes: vec![("bkt".into(), "up/".into())],
            objects: HashMap::from([
                (("bkt".into(), "up/same".into()), (5, Some(md5.to_owned()))),
                (
                    ("bkt".into(), "up/longer".into()),
                    (6, Some(md5.to_owned())),
                ),
            ]),
        };
        let client = offline_client();
        let holds = |key: &'static str| {
            let (client, listing, path) = (&client, &listing, &path);
            async move { holds_file(client, &at(key), path, 5, 1 << 20, listing).await }
        };
        assert_eq!(holds("up/same").await.unwrap(), Holding::Same);
        assert_eq!(holds("up/longer").await.unwrap(), Holding::Other);
        assert_eq!(holds("up/absent").await.unwrap(), Holding::Nothing);
        // Outside the listed prefix the server is asked, and this one does not answer.
        assert!(holds("elsewhere/f").await.is_err());
    }
}
