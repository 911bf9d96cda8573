//! Whether a bucket keeps old versions of its objects (GetBucketVersioning): what decides if an
//! upload through a file request can destroy a file someone sent before.

use aws_sdk_s3::types::BucketVersioningStatus;

/// What the bucket says about versioning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versioning {
    /// Every overwrite keeps the old version.
    Enabled,
    /// Was on, now off: new overwrites destroy.
    Suspended,
    /// Never turned on: overwrites destroy.
    Off,
    /// The server does not say (no such call, as s3s-fs, or no `s3:GetBucketVersioning`).
    Unknown,
}

impl Versioning {
    /// The name used in `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Versioning::Enabled => "enabled",
            Versioning::Suspended => "suspended",
            Versioning::Off => "off",
            Versioning::Unknown => "unknown",
        }
    }

    /// Whether an overwrite is known to destroy the object it replaces.
    pub fn overwrites_destroy(self) -> bool {
        matches!(self, Versioning::Suspended | Versioning::Off)
    }
}

/// Asks `bucket` whether it keeps versions. Never fails: a server that cannot say gives
/// [`Versioning::Unknown`].
pub async fn versioning(client: &aws_sdk_s3::Client, bucket: &str) -> Versioning {
    match client.get_bucket_versioning().bucket(bucket).send().await {
        Ok(answer) => match answer.status() {
            Some(BucketVersioningStatus::Enabled) => Versioning::Enabled,
            Some(BucketVersioningStatus::Suspended) => Versioning::Suspended,
            Some(_) => Versioning::Unknown,
            None => Versioning::Off,
        },
        Err(_) => Versioning::Unknown,
    }
}
