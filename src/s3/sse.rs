//! Server-side encryption (SSE) asked of S3: the request headers that carry it, for uploads and
//! for the PUT links that sign them.

use aws_sdk_s3::types::ServerSideEncryption;

use crate::shell::quote;

/// Server-side encryption S3 applies to a stored object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sse {
    /// S3-managed keys (SSE-S3).
    Aes256,
    /// AWS KMS keys (SSE-KMS), with a given key or the AWS managed key `aws/s3`.
    Kms,
}

impl Sse {
    /// `AES256` or `aws:kms`, in any case.
    pub fn parse(text: &str) -> Option<Sse> {
        [Sse::Aes256, Sse::Kms]
            .into_iter()
            .find(|sse| sse.as_header().eq_ignore_ascii_case(text))
    }

    /// The value as S3 spells it in `x-amz-server-side-encryption`.
    pub fn as_header(self) -> &'static str {
        match self {
            Sse::Aes256 => "AES256",
            Sse::Kms => "aws:kms",
        }
    }
}

/// The header naming the algorithm (`AES256` or `aws:kms`).
pub const SSE_HEADER: &str = "x-amz-server-side-encryption";
/// The header naming the KMS key for `aws:kms`.
pub const KMS_KEY_HEADER: &str = "x-amz-server-side-encryption-aws-kms-key-id";

/// How S3 is asked to encrypt an object at rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SseSetting {
    /// SSE-S3: keys S3 manages.
    Aes256,
    /// SSE-KMS with this key (id, ARN or alias), or the account's `aws/s3` key when `None`.
    Kms {
        /// The KMS key, as the bucket policy may require it.
        key_id: Option<String>,
    },
}

impl SseSetting {
    /// The encryption for `--sse` and an optional `--sse-kms-key-id`; a key only goes with
    /// `aws:kms` (the caller has checked that).
    pub fn new(algorithm: Sse, kms_key_id: Option<String>) -> SseSetting {
        match algorithm {
            Sse::Aes256 => SseSetting::Aes256,
            Sse::Kms => SseSetting::Kms { key_id: kms_key_id },
        }
    }

    /// The algorithm, as `--sse` takes it.
    pub fn algorithm(&self) -> Sse {
        match self {
            SseSetting::Aes256 => Sse::Aes256,
            SseSetting::Kms { .. } => Sse::Kms,
        }
    }

    /// The KMS key, if one is named.
    pub fn kms_key_id(&self) -> Option<&str> {
        match self {
            SseSetting::Aes256 => None,
            SseSetting::Kms { key_id } => key_id.as_deref(),
        }
    }

    /// The headers a request sends for it (names in lower case), in a fixed order.
    pub fn headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![(
            SSE_HEADER.to_owned(),
            self.algorithm().as_header().to_owned(),
        )];
        if let Some(key) = self.kms_key_id() {
            headers.push((KMS_KEY_HEADER.to_owned(), key.to_owned()));
        }
        headers
    }

    /// The algorithm as the SDK names it.
    pub fn sdk_algorithm(&self) -> ServerSideEncryption {
        ServerSideEncryption::from(self.algorithm().as_header())
    }

    /// The s3share flags that ask for it, quoted for a shell: `--sse aws:kms --sse-kms-key-id K`.
    pub fn flags(&self) -> String {
        let mut flags = format!("--sse {}", quote(self.algorithm().as_header()));
        if let Some(key) = self.kms_key_id() {
            flags.push_str(&format!(" --sse-kms-key-id {}", quote(key)));
        }
        flags
    }
}

/// Whether a signed header is one of the SSE headers s3share sends.
pub fn is_sse_header(name: &str) -> bool {
    name == SSE_HEADER || name == KMS_KEY_HEADER
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_flags_carry_the_key_only_for_kms() {
        let kms = SseSetting::new(Sse::Kms, Some("alias/my key".into()));
        assert_eq!(
            kms.headers(),
            [
                (SSE_HEADER.to_owned(), "aws:kms".to_owned()),
                (KMS_KEY_HEADER.to_owned(), "alias/my key".to_owned())
            ]
        );
        assert_eq!(kms.flags(), "--sse aws:kms --sse-kms-key-id 'alias/my key'");
        assert_eq!(kms.sdk_algorithm(), ServerSideEncryption::AwsKms);
        let aes = SseSetting::new(Sse::Aes256, None);
        assert_eq!(aes.headers().len(), 1);
        assert_eq!(aes.flags(), "--sse AES256");
        assert_eq!(aes.sdk_algorithm(), ServerSideEncryption::Aes256);
        assert!(is_sse_header(KMS_KEY_HEADER) && !is_sse_header("content-type"));
    }
}
