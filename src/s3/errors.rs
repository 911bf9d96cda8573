//! Turning SDK errors into failures that name the problem and the fix, with the right exit code.

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

use std::time::SystemTime;

use crate::error::{ExitKind, Failure};
use crate::location::{ObjectLocation, BUCKET_RULES};
use crate::s3::diagnose::{parse_http_date, signing_problem, with_code, Refusal, Signer};
use crate::terminal::escape;

/// Whether the server answered `404 Not Found` (HEAD answers carry no body, so the status is
/// what there is).
pub fn is_not_found<E>(error: &SdkError<E, HttpResponse>) -> bool {
    error.raw_response().map(|r| r.status().as_u16()) == Some(404)
}

/// Classifies a failed HEAD of `location`. A HEAD's answer has no body, so where its status
/// leaves the cause open, one cheap request whose answer has one settles it: after a 404, a HEAD
/// of the bucket says whether the bucket or the key is missing; after a 403 or 400, a GET of
/// the object's first byte, whose error body names the cause (a secret key that does not match
/// the access key id, a policy, an invalid bucket name).
pub async fn classify_head<E>(
    client: &aws_sdk_s3::Client,
    error: SdkError<E, HttpResponse>,
    doing: &str,
    location: &ObjectLocation,
) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match error.raw_response().map(|r| r.status().as_u16()) {
        Some(404) => {
            let failure = classify(error, doing, location);
            which_is_missing(client, location, failure).await
        }
        Some(400 | 403) => {
            let probe = client
                .get_object()
                .bucket(&location.bucket)
                .key(&location.key)
                .range("bytes=0-0")
                .send()
                .await;
            match probe {
                Err(probe) if probe.as_service_error().and_then(|e| e.code()).is_some() => {
                    classify(probe, doing, location)
                }
                _ => classify(error, doing, location),
            }
        }
        _ => classify(error, doing, location),
    }
}

/// `failure`, the answer "not found" for `location`, or the failure of a missing bucket when
/// one HEAD of the bucket says it does not exist (a HEAD's 404 and some servers' NoSuchKey do
/// not tell a missing bucket from a missing key).
pub async fn which_is_missing(
    client: &aws_sdk_s3::Client,
    location: &ObjectLocation,
    failure: Failure,
) -> Failure {
    if failure.kind != ExitKind::NotFound {
        return failure;
    }
    let head = client.head_bucket().bucket(&location.bucket).send().await;
    match head {
        Err(e) if is_not_found(&e) => missing_bucket(&location.bucket).cause(failure),
        _ => failure,
    }
}

/// The bucket does not exist.
fn missing_bucket(bucket: &str) -> Failure {
    Failure::new(
        ExitKind::NotFound,
        format!("bucket '{}' does not exist", escape(bucket)),
    )
    .hint("check the bucket name, the region (--region) and the endpoint")
}

/// Classifies a failed S3 request about `location` (`doing` says what we tried, e.g. "look up").
pub fn classify<E>(
    error: SdkError<E, HttpResponse>,
    doing: &str,
    location: &ObjectLocation,
) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if let Some(why) = credentials_failure(&error) {
        return Failure::new(
            ExitKind::Config,
            format!("could not {doing} {location}: your credentials could not be renewed: {why}"),
        )
        .hint("renew them (e.g. aws sso login) or check the profile's credential source")
        .cause(error);
    }
    match &error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
            Failure::new(ExitKind::Network, format!("could not {doing} {location}: the server did not answer"))
                .hint("check your network and the endpoint URL (--endpoint-url / AWS_ENDPOINT_URL), then try again")
                .cause(error)
        }
        SdkError::ServiceError(service) => {
            let raw = service.raw();
            let body = raw.body().bytes().map(String::from_utf8_lossy).unwrap_or_default();
            let refusal = Refusal {
                status: raw.status().as_u16(),
                body: &body,
                server_date: raw.headers().get("date").and_then(parse_http_date),
                sent: &[],
            };
            let code = service.err().code().unwrap_or("");
            from_refusal(&refusal, code, doing, location).cause(error)
        }
        _ => Failure::new(ExitKind::Failure, format!("could not {doing} {location}")).cause(error),
    }
}

/// Why the credentials could not be had, when that is what failed (an SSO session or a
/// `credential_process` that no longer gives them, mid-run): nothing was sent, so it is no
/// network failure.
fn credentials_failure(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut source = Some(error);
    while let Some(current) = source {
        if let Some(failed) =
            current.downcast_ref::<aws_credential_types::provider::error::CredentialsError>()
        {
            let mut why = failed.to_string();
            let mut inner = std::error::Error::source(failed);
            while let Some(cause) = inner {
                why = cause.to_string();
                inner = cause.source();
            }
            return Some(escape(why.trim_end()).into_owned());
        }
        source = current.source();
    }
    None
}

/// Maps a refused request about `location`, signed with the profile's credentials, to a
/// failure: what concerns the object (missing, forbidden, server trouble) is said here, what
/// concerns the signing (clock, credentials, region) by [`signing_problem`].
pub fn from_refusal(
    refusal: &Refusal<'_>,
    code: &str,
    doing: &str,
    location: &ObjectLocation,
) -> Failure {
    let bucket = &location.bucket;
    match (refusal.status, code) {
        (_, "NoSuchBucket") => missing_bucket(bucket),
        (_, "InvalidBucketName") => Failure::usage(format!(
            "the server does not accept the bucket name '{}'",
            escape(bucket)
        ))
        .hint(BUCKET_RULES),
        (404, _) | (_, "NoSuchKey" | "NotFound") => {
            Failure::new(ExitKind::NotFound, format!("{location} does not exist")).hint(format!(
                "check the key; list what is there with `aws s3 ls s3://{bucket}/`"
            ))
        }
        _ => signing_problem(refusal, code, Signer::Profile, SystemTime::now())
            .unwrap_or_else(|| other_refusal(refusal.status, code, doing, location)),
    }
}

/// A refusal that is not about the object's existence or the signing.
fn other_refusal(status: u16, code: &str, doing: &str, location: &ObjectLocation) -> Failure {
    match (status, code) {
        (403, _) | (_, "AccessDenied") => Failure::new(
            ExitKind::Denied,
            format!("access denied: not allowed to {doing} {location}"),
        )
        .hint("check the bucket policy and the IAM permissions of the profile in use"),
        (500..=599, _) => Failure::new(
            ExitKind::Network,
            format!(
                "the server failed to {doing} {location} (HTTP {status}{})",
                with_code(code)
            ),
        )
        .hint("the server is having trouble; try again later"),
        _ => Failure::new(
            ExitKind::Failure,
            format!(
                "could not {doing} {location} (HTTP {status}{})",
                with_code(code)
            ),
        ),
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
            (404, "", ExitKind::NotFound),
            (404, "NoSuchBucket", ExitKind::NotFound),
            (403, "", ExitKind::Denied),
            (403, "SignatureDoesNotMatch", ExitKind::Denied),
            (400, "ExpiredToken", ExitKind::Denied),
            (301, "", ExitKind::Denied),
            (503, "SlowDown", ExitKind::Network),
            (400, "InvalidArgument", ExitKind::Failure),
        ] {
            let failure = from_refusal(&Refusal::bare(status, ""), code, "look up", &location());
            assert_eq!(failure.kind, kind, "{status:?} {code}");
        }
    }

    #[test]
    fn messages_name_the_object_and_hint_a_fix() {
        let failure = from_refusal(&Refusal::bare(404, ""), "", "look up", &location());
        assert_eq!(failure.message, "s3://bkt/a/b.txt does not exist");
        assert!(failure.hint.unwrap().contains("aws s3 ls s3://bkt/"));
        let failure = from_refusal(
            &Refusal::bare(403, ""),
            "AccessDenied",
            "look up",
            &location(),
        );
        assert_eq!(
            failure.message,
            "access denied: not allowed to look up s3://bkt/a/b.txt"
        );
    }

    #[test]
    fn signing_problems_are_told_in_terms_of_the_profile() {
        let failure = from_refusal(
            &Refusal::bare(403, ""),
            "SignatureDoesNotMatch",
            "look up",
            &location(),
        );
        assert!(
            failure.message.contains("secret key"),
            "{}",
            failure.message
        );
        assert!(failure.hint.unwrap().contains("profile in use"));
        let body =
            "<Error><Code>AuthorizationHeaderMalformed</Code><Region>eu-central-1</Region></Error>";
        let failure = from_refusal(
            &Refusal::bare(400, body),
            "AuthorizationHeaderMalformed",
            "look up",
            &location(),
        );
        assert_eq!(
            failure.message,
            "wrong region: the bucket is in eu-central-1"
        );
    }
}
