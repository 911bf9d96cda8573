//! Single-request uploads (PutObject) and what every upload to S3 shares: the object's options
//! and the refusal to overwrite.

use std::path::Path;

use crate::transfer::progress::Bar;
use anyhow::Result;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::head_object::HeadObjectOutput;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use base64::Engine as _;
use md5::{Digest, Md5};

use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::s3::encryption::Encryption;
use crate::s3::errors::classify;
use crate::transfer::progress;
use crate::transfer::retry::{body_request_override, idle_limit};
use crate::transfer::source::{md5_of_file, FILE_READ_BUFFER};
use crate::transfer::stall::{stalled, Watchdog};

/// How the object is written.
#[derive(Clone, Debug, Default)]
pub struct ObjectOptions {
    /// The object's Content-Type.
    pub content_type: Option<String>,
    /// Replace an existing object; otherwise the write is conditional (`If-None-Match: *`).
    pub force: bool,
    /// Server-side encryption S3 applies to the object.
    pub encryption: Option<Encryption>,
}

impl ObjectOptions {
    /// The `If-None-Match` value for a write: `*` unless replacing is allowed.
    pub fn if_none_match(&self) -> Option<String> {
        (!self.force).then(|| "*".to_owned())
    }

    /// The `x-amz-server-side-encryption` value, as the SDK takes it.
    pub fn server_side_encryption(&self) -> Option<aws_sdk_s3::types::ServerSideEncryption> {
        self.encryption.as_ref().map(Encryption::sdk_algorithm)
    }

    /// The KMS key for `aws:kms`, if one is named.
    pub fn kms_key_id(&self) -> Option<String> {
        self.encryption
            .as_ref()
            .and_then(|e| e.kms_key_id().map(str::to_owned))
    }
}

/// What goes into a single PUT.
pub enum Body<'a> {
    /// Streamed from a file of this size.
    File(&'a Path, u64),
    /// Bytes already in memory (a short stdin).
    Bytes(Vec<u8>),
}

/// What a single PUT left on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Put {
    /// The object was written.
    Written,
    /// The conditional write was refused, but the object there already holds exactly these
    /// bytes: a retried attempt whose first try was stored but whose answer was lost, or the
    /// same file uploaded before.
    AlreadyThere,
}

/// Uploads `body` in one PutObject carrying its SHA-256, which the server verifies against the
/// bytes it receives (a file changed since hashing is rejected, not stored).
pub async fn put_object(
    client: &aws_sdk_s3::Client,
    location: &ObjectLocation,
    options: &ObjectOptions,
    body: Body<'_>,
    sha256: &[u8; 32],
    bar: &Bar,
) -> Result<Put> {
    let contents = match &body {
        Body::File(path, _) => Contents::File(path),
        Body::Bytes(bytes) => Contents::Md5(Md5::digest(bytes).into()),
    };
    let (stream, length) = match body {
        Body::File(path, size) => (
            ByteStream::read_from()
                .path(path)
                .length(aws_sdk_s3::primitives::Length::Exact(size))
                .buffer_size(FILE_READ_BUFFER)
                .build()
                .await?,
            size,
        ),
        Body::Bytes(bytes) => {
            let size = bytes.len() as u64;
            (ByteStream::from(bytes), size)
        }
    };
    let watchdog = Watchdog::new(idle_limit(client));
    let request = client
        .put_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .body(watchdog.track_sdk(progress::counted(stream, bar)))
        .content_length(i64::try_from(length)?)
        .checksum_sha256(base64_of(sha256))
        .set_content_type(options.content_type.clone())
        .set_if_none_match(options.if_none_match())
        .set_server_side_encryption(options.server_side_encryption())
        .set_ssekms_key_id(options.kms_key_id())
        .customize()
        .config_override(body_request_override())
        // The SHA-256 checksum above is what protects the bytes; signing them as well would
        // hash everything twice (once here, once more on the server).
        .disable_payload_signing()
        .send();
    let sent = tokio::select! {
        sent = request => sent,
        () = watchdog.expired() => {
            return Err(stalled(&format!("the upload to {location} stalled"), watchdog.limit()).into());
        }
    };
    match sent {
        Ok(_) => Ok(Put::Written),
        Err(e)
            if refused_as_existing(&e)
                && holds(
                    client,
                    location,
                    length,
                    Identity::Single { sha256, contents },
                )
                .await =>
        {
            Ok(Put::AlreadyThere)
        }
        Err(e) => Err(write_failure(e, location).into()),
    }
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

/// The MD5 an ETag stands for: a single-part object's ETag is the MD5 of its bytes, except under
/// SSE-KMS and SSE-C.
fn md5_etag(head: &HeadObjectOutput) -> Option<String> {
    let etag = head.e_tag()?.trim_matches('"').to_ascii_lowercase();
    let plain = etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit());
    let kms = head.server_side_encryption() == Some(&ServerSideEncryption::AwsKms)
        || head.server_side_encryption() == Some(&ServerSideEncryption::AwsKmsDsse);
    (plain && !kms && head.sse_customer_algorithm().is_none()).then_some(etag)
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

/// Checksums as S3 headers carry them.
pub fn base64_of(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Whether a write was refused because the key exists (`If-None-Match: *`).
fn refused_as_existing<E>(error: &SdkError<E, aws_sdk_s3::config::http::HttpResponse>) -> bool
where
    E: ProvideErrorMetadata,
{
    error.raw_response().map(|r| r.status().as_u16()) == Some(412)
        || error.code() == Some("PreconditionFailed")
}

/// Classifies a failed write, recognising the refusal to overwrite.
pub fn write_failure<E>(
    error: SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
    location: &ObjectLocation,
) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if refused_as_existing(&error) {
        return already_exists(location);
    }
    let code = error.code().unwrap_or_default();
    if code == "BadDigest" || code == "XAmzContentSHA256Mismatch" {
        return Failure::new(
            ExitKind::Integrity,
            format!("the server received other bytes than were read for {location}"),
        )
        .hint("the file changed while it was being uploaded, or the data was damaged on the way; try again")
        .cause(error);
    }
    classify(error, "upload to", location)
}

/// The object exists and `--force` was not given.
pub fn already_exists(location: &ObjectLocation) -> Failure {
    Failure::new(ExitKind::Failure, format!("{location} already exists"))
        .hint("use --force to replace it")
}
