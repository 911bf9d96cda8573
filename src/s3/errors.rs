//! Turning SDK errors into failures that name the problem and the fix, with the right exit code.

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

use crate::error::{ExitKind, Failure};
use crate::location::ObjectLocation;

/// Classifies a failed S3 request about `location` (`doing` says what we tried, e.g. "look up").
pub fn classify<E>(
    error: SdkError<E, HttpResponse>,
    doing: &str,
    location: &ObjectLocation,
) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = error.raw_response().map(|r| r.status().as_u16());
    match &error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
            Failure::new(ExitKind::Network, format!("could not {doing} {location}: the server did not answer"))
                .hint("check your network and the endpoint URL (--endpoint-url / AWS_ENDPOINT_URL), then try again")
                .cause(error)
        }
        SdkError::ServiceError(service) => {
            let code = service.err().code().unwrap_or("").to_owned();
            from_response(status, &code, doing, location).cause(error)
        }
        _ => Failure::new(ExitKind::Failure, format!("could not {doing} {location}")).cause(error),
    }
}

/// Maps an S3 status and error code to a failure.
pub fn from_response(
    status: Option<u16>,
    code: &str,
    doing: &str,
    location: &ObjectLocation,
) -> Failure {
    let bucket = &location.bucket;
    match (status, code) {
        (_, "NoSuchBucket") => Failure::new(
            ExitKind::NotFound,
            format!("bucket '{bucket}' does not exist"),
        )
        .hint("check the bucket name, the region (--region) and the endpoint"),
        (Some(404), _) | (_, "NoSuchKey" | "NotFound") => {
            Failure::new(ExitKind::NotFound, format!("{location} does not exist")).hint(format!(
                "check the key; list what is there with `aws s3 ls s3://{bucket}/`"
            ))
        }
        (_, "AuthorizationHeaderMalformed" | "PermanentRedirect") | (Some(301), _) => Failure::new(
            ExitKind::Denied,
            format!("bucket '{bucket}' is in another region than the one signed for"),
        )
        .hint("set the bucket's region with --region or AWS_REGION"),
        (_, "InvalidAccessKeyId") => Failure::new(
            ExitKind::Denied,
            "the AWS access key id is not known to the server",
        )
        .hint("check the credentials of the profile in use (aws sts get-caller-identity)"),
        (_, "ExpiredToken" | "TokenRefreshRequired") => Failure::new(
            ExitKind::Denied,
            "the temporary AWS credentials have expired",
        )
        .hint("refresh them (e.g. `aws sso login`) and try again"),
        (_, "SignatureDoesNotMatch") => Failure::new(
            ExitKind::Denied,
            format!("the server rejected the signature to {doing} {location}"),
        )
        .hint("check that the secret key matches the access key id, and the region"),
        (_, "RequestTimeTooSkewed") => Failure::new(
            ExitKind::Denied,
            "the server rejected the request: this machine's clock is off",
        )
        .hint("synchronise the clock (e.g. `timedatectl set-ntp true`) and try again"),
        (Some(403), _) | (_, "AccessDenied") => Failure::new(
            ExitKind::Denied,
            format!("access denied: not allowed to {doing} {location}"),
        )
        .hint("check the bucket policy and the IAM permissions of the profile in use"),
        (Some(status @ 500..=599), _) => Failure::new(
            ExitKind::Network,
            format!(
                "the server failed to {doing} {location} (HTTP {status}{})",
                with_code(code)
            ),
        )
        .hint("the server is having trouble; try again later"),
        (status, code) => Failure::new(
            ExitKind::Failure,
            format!(
                "could not {doing} {location} (HTTP {}{})",
                status.map_or("error".to_owned(), |s| s.to_string()),
                with_code(code)
            ),
        ),
    }
}

/// `, Code` for a message, or nothing when the server sent no error code.
pub fn with_code(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!(", {code}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location() -> ObjectLocation {
        ObjectLocation::new("bkt", "a/b.txt").unwrap()
    }

    #[test]
    fn statuses_and_codes_map_to_exit_kinds() {
        for (status, code, kind) in [
            (Some(404), "", ExitKind::NotFound),
            (Some(404), "NoSuchBucket", ExitKind::NotFound),
            (Some(403), "", ExitKind::Denied),
            (Some(403), "SignatureDoesNotMatch", ExitKind::Denied),
            (Some(400), "ExpiredToken", ExitKind::Denied),
            (Some(301), "", ExitKind::Denied),
            (Some(503), "SlowDown", ExitKind::Network),
            (Some(400), "InvalidArgument", ExitKind::Failure),
        ] {
            let failure = from_response(status, code, "look up", &location());
            assert_eq!(failure.kind, kind, "{status:?} {code}");
        }
    }

    #[test]
    fn messages_name_the_object_and_hint_a_fix() {
        let failure = from_response(Some(404), "", "look up", &location());
        assert_eq!(failure.message, "s3://bkt/a/b.txt does not exist");
        assert!(failure.hint.unwrap().contains("aws s3 ls s3://bkt/"));
    }
}
