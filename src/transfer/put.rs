//! Single-request uploads (PutObject) and what every upload to S3 shares: the object's options
//! and the refusal to overwrite.

use std::path::Path;

use crate::md5_digest::Md5;
use crate::s3::etag::base64_of;
use crate::transfer::existing::{already_exists, holds, Contents, Identity};
use crate::transfer::progress::Bar;
use anyhow::Result;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;

use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;
use crate::s3::errors::classify;
use crate::s3::sse::SseSetting;
use crate::transfer::progress;
use crate::transfer::retry::{body_request_override, idle_limit};
use crate::transfer::source::FILE_READ_BUFFER;
use crate::transfer::stall::{stalled, Watchdog};

/// How the object is written.
#[derive(Clone, Debug, Default)]
pub struct ObjectOptions {
    /// The object's Content-Type.
    pub content_type: Option<String>,
    /// Replace an existing object; otherwise the write is conditional (`If-None-Match: *`).
    pub force: bool,
    /// Server-side encryption S3 applies to the object.
    pub sse: Option<SseSetting>,
}

impl ObjectOptions {
    /// The `If-None-Match` value for a write: `*` unless replacing is allowed.
    pub fn if_none_match(&self) -> Option<String> {
        (!self.force).then(|| "*".to_owned())
    }

    /// The `x-amz-server-side-encryption` value, as the SDK takes it.
    pub fn server_side_encryption(&self) -> Option<aws_sdk_s3::types::ServerSideEncryption> {
        self.sse.as_ref().map(SseSetting::sdk_algorithm)
    }

    /// The KMS key for `aws:kms`, if one is named.
    pub fn kms_key_id(&self) -> Option<String> {
        self.sse
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
        Body::Bytes(bytes) => Contents::Md5(Md5::digest(bytes)),
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
