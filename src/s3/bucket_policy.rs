//! Reading and writing a bucket's policy, for `cdn init` (which merges one statement into it).

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

use crate::error::{ExitKind, Failure};
use crate::terminal::escape;

/// The bucket's policy as JSON text; `None` when it has none.
pub async fn read(client: &aws_sdk_s3::Client, bucket: &str) -> Result<Option<String>, Failure> {
    match client.get_bucket_policy().bucket(bucket).send().await {
        Ok(got) => Ok(got.policy().map(str::to_owned)),
        Err(e) if e.code() == Some("NoSuchBucketPolicy") => Ok(None),
        Err(e) => Err(failure(e, "read the policy of", bucket)),
    }
}

/// Replaces the bucket's policy with `policy` (JSON text).
pub async fn write(client: &aws_sdk_s3::Client, bucket: &str, policy: &str) -> Result<(), Failure> {
    client
        .put_bucket_policy()
        .bucket(bucket)
        .policy(policy)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| failure(e, "write the policy of", bucket))
}

fn failure<E: ProvideErrorMetadata + std::error::Error + 'static>(
    error: SdkError<E>,
    doing: &str,
    bucket: &str,
) -> Failure {
    let bucket = escape(bucket);
    match &error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => Failure::new(
            ExitKind::Network,
            format!("could not {doing} bucket {bucket}: the server did not answer"),
        ),
        _ => {
            let code = error.code().unwrap_or("unknown error");
            let kind = match code {
                "NoSuchBucket" => ExitKind::NotFound,
                "AccessDenied" => ExitKind::Denied,
                _ => ExitKind::Failure,
            };
            let message = escape(error.message().unwrap_or_default()).into_owned();
            Failure::new(
                kind,
                format!("could not {doing} bucket {bucket}: {code} {message}")
                    .trim_end()
                    .to_owned(),
            )
        }
    }
}
