//! Whether a key already holds a local file, before uploading it: how a re-run of `upload DIR`
//! skips what is there without sending it.
//!
//! A folder's destination is listed first ([`Listing`]), so a key that is not there costs no
//! request at all, and one whose size or ETag already answers costs no HEAD either.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use md5::{Digest, Md5};

use crate::location::ObjectLocation;
use crate::s3::errors::{classify, is_not_found};
use crate::s3::list::list_up_to;
use crate::transfer::multipart::{etag_of_part_md5s, part_size};
use crate::transfer::put::{head, same, Contents, Identity};
use crate::transfer::source::{hash_file, md5_of_file, read_failure, FILE_READ_BUFFER};

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
        Err(e) => return Err(classify(e, "look up", location).into()),
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
        md5s.push(part.finalize().into());
    }
    Ok(etag_of_part_md5s(&md5s))
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
