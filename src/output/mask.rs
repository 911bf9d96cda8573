//! GitHub Actions log masking (README, "Output and exit codes").
//!
//! A job log is often public; a presigned URL in it is a working link for anyone who reads it.
//! Before a link is printed, `::add-mask::<value>` on stderr tells the runner to replace that value
//! with `***` wherever it appears later in the log. Masking the signature is enough to make a
//! logged URL useless; a session token is masked too, being a credential.

/// Whether to mask: running under GitHub Actions and not turned off with `--no-mask`.
pub fn enabled(no_mask: bool, github_actions: Option<&str>) -> bool {
    !no_mask && github_actions == Some("true")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redacted::secrets_in;

    #[test]
    fn masks_the_sigv4_signature_and_session_token() {
        let url = "https://b.s3.amazonaws.com/k?x-id=GetObject&X-Amz-Algorithm=AWS4-HMAC-SHA256\
                   &X-Amz-Security-Token=tok%2Fen&X-Amz-Signature=abc123&X-Amz-SignedHeaders=host";
        assert_eq!(secrets_in(url), ["abc123", "tok%2Fen"]);
        let url = "https://b.s3.amazonaws.com/k?X-Amz-Signature=abc123";
        assert_eq!(secrets_in(url), ["abc123"]);
    }

    #[test]
    fn masks_the_whole_query_of_other_urls() {
        let url = "https://b.s3.amazonaws.com/k?AWSAccessKeyId=AK&Expires=1&Signature=x%2By";
        assert_eq!(
            secrets_in(url),
            ["AWSAccessKeyId=AK&Expires=1&Signature=x%2By"]
        );
        assert!(secrets_in("https://b.s3.amazonaws.com/k").is_empty());
        assert!(secrets_in("https://b.s3.amazonaws.com/k?").is_empty());
    }

    #[test]
    fn only_in_github_actions_and_not_with_no_mask() {
        assert!(enabled(false, Some("true")));
        assert!(!enabled(true, Some("true")));
        assert!(!enabled(false, Some("false")));
        assert!(!enabled(false, None));
    }
}
