//! Explaining why a server refused a request: from the S3 error body, the link's own fields and
//! the server's `Date` header against the local clock, name the cause and the fix.

use std::time::{Duration, SystemTime};

use crate::error::{ExitKind, Failure};
use crate::expiry::relative;
use crate::presigned_url::{PresignedUrl, Signing};
use crate::s3::sse::{is_sse_header, KMS_KEY_HEADER};
use crate::terminal::escape;

/// What came back from the server.
#[derive(Debug, Default)]
pub struct Refusal<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The response body (an S3 XML error document, or empty for HEAD).
    pub body: &'a str,
    /// The server's `Date` header, when it sent one.
    pub server_date: Option<SystemTime>,
    /// Signed-for headers this request sent (name in lower case, value), to compare with the link.
    pub sent: &'a [(&'a str, &'a str)],
}

#[cfg(test)]
impl<'a> Refusal<'a> {
    /// A refusal with no `Date` header, of a request that sent no signed headers.
    pub fn bare(status: u16, body: &'a str) -> Refusal<'a> {
        Refusal {
            status,
            body,
            server_date: None,
            sent: &[],
        }
    }
}

/// Who signed the refused request.
#[derive(Clone, Copy, Debug)]
pub enum Signer<'a> {
    /// A presigned link (`None`: a URL that could not be read as one).
    Link(Option<&'a PresignedUrl>),
    /// s3share itself, with the credentials of the profile in use.
    Profile,
}

impl<'a> Signer<'a> {
    fn link(self) -> Option<&'a PresignedUrl> {
        match self {
            Signer::Link(link) => link,
            Signer::Profile => None,
        }
    }
}

/// Diagnoses a refusal of a presigned `link` (if one was used) as one failure with a hint.
pub fn diagnose(refusal: &Refusal<'_>, link: Option<&PresignedUrl>, now: SystemTime) -> Failure {
    let code = tag(refusal.body, "Code").unwrap_or_default();
    if let Some(failure) = signing_problem(refusal, &code, Signer::Link(link), now) {
        return failure;
    }
    if refusal.status == 404 && code != "NoSuchBucket" {
        if let Some(gone) = link
            .and_then(|l| l.key.as_deref())
            .and_then(own_object_gone)
        {
            return gone;
        }
    }
    match (refusal.status, code.as_str()) {
        (403, _) | (_, "AccessDenied") => Failure::new(
            ExitKind::Denied,
            "access denied: the signature is valid, but the signer is not allowed to do this",
        )
        .hint("check the bucket policy and the IAM permissions of whoever signed the request (or a required header such as SSE)"),
        (404, "NoSuchBucket") => Failure::new(ExitKind::NotFound, "the bucket does not exist")
            .hint("check the bucket name and the endpoint"),
        (404, _) => Failure::new(ExitKind::NotFound, "the object does not exist (the link itself is valid)")
            .hint("check the key; it may have been deleted or not uploaded yet"),
        (400, "EntityTooLarge") => Failure::new(ExitKind::Denied, "the upload is larger than the link allows"),
        (412, _) => Failure::new(ExitKind::Failure, "a precondition failed: the object already exists or changed")
            .hint("use --force to replace it"),
        (status @ 500..=599, _) => Failure::new(
            ExitKind::Network,
            format!("the server failed (HTTP {status}{})", with_code(&code)),
        )
        .hint("the server is having trouble; try again later"),
        (status, _) => Failure::new(ExitKind::Failure, format!("the server refused the request (HTTP {status}{})", with_code(&code))),
    }
}

/// The failure for one of s3share's own objects that is gone: what was taken back is said as
/// such, not as a missing object (whose "check the key" reads, for an encrypted share, as its
/// decryption key). `None` for any other key.
fn own_object_gone(key: &str) -> Option<Failure> {
    use crate::layout;
    let what = if layout::is_revocable_copy(key) {
        "this link was revoked or its object removed"
    } else if layout::is_encrypted_share_object(key) {
        "this encrypted share was revoked or removed"
    } else if layout::is_folder_page(key) {
        "this folder page was removed"
    } else if layout::is_request_page(key) {
        "this file request page was removed"
    } else {
        return None;
    };
    Some(Failure::new(ExitKind::NotFound, what).hint("ask whoever shared it for a new link"))
}

/// A refusal caused by the request's signature or what stands behind it: an expired link, the
/// local clock, the credentials, the region signed for, a signature that does not match. `None`
/// when the cause lies elsewhere (a missing object, a policy, the server). `code` is S3's error
/// code (from the body, or from the SDK for bodiless HEAD answers).
pub fn signing_problem(
    refusal: &Refusal<'_>,
    code: &str,
    signer: Signer<'_>,
    now: SystemTime,
) -> Option<Failure> {
    let link = signer.link();
    let message = tag(refusal.body, "Message").unwrap_or_default();
    let expired_says_server = message.contains("expired") && code != "ExpiredToken";
    let skew = clock_skew(refusal, now);

    if let Some(link) = link {
        if link.is_expired(now) || expired_says_server {
            return Some(expired(link, now, skew));
        }
    }
    let failure = match (refusal.status, code) {
        (_, "RequestTimeTooSkewed") => Failure::new(ExitKind::Denied, match skew {
            Some(skew) => format!("the server rejected the request: this machine's clock is {}", describe_skew(skew)),
            None => "the server rejected the request: this machine's clock is off".to_owned(),
        })
        .hint("synchronise the clock (e.g. `sudo timedatectl set-ntp true`) and try again"),
        (_, "ExpiredToken" | "TokenRefreshRequired") => Failure::new(
            ExitKind::Denied,
            "the temporary credentials that signed this request have expired",
        )
        .hint(if link.is_some() {
            "a link dies with the session that signed it: ask for a new link signed with longer-lived credentials"
        } else {
            "refresh the credentials (e.g. `aws sso login`) and try again"
        }),
        (_, "InvalidToken") => Failure::new(ExitKind::Denied, "the session token is malformed or not valid")
            .hint("refresh the credentials (e.g. `aws sso login`) and try again"),
        (_, "InvalidAccessKeyId") => Failure::new(
            ExitKind::Denied,
            match link {
                Some(link) => format!("the server does not know the access key id {} that signed this link", link.access_key_id),
                None => "the server does not know the access key id in use".to_owned(),
            },
        )
        .hint(match signer {
            Signer::Profile => "check the credentials of the profile in use (`aws sts get-caller-identity`) and the endpoint",
            Signer::Link(_) => "the key was deleted or belongs to another account or endpoint; sign with valid credentials",
        }),
        (_, "AuthorizationHeaderMalformed" | "AuthorizationQueryParametersError" | "PermanentRedirect" | "IllegalLocationConstraintException") | (301, _) => {
            wrong_region(refusal.body, link)
        }
        (_, "SignatureDoesNotMatch") => match signer {
            Signer::Profile => Failure::new(
                ExitKind::Denied,
                "the server rejected the request's signature: the secret key does not match the access key id",
            )
            .hint("check the credentials of the profile in use (`aws sts get-caller-identity`)"),
            Signer::Link(link) => signature_mismatch(link, refusal.sent),
        },
        _ => return None,
    };
    Some(failure)
}

fn expired(link: &PresignedUrl, now: SystemTime, skew: Option<i64>) -> Failure {
    let lifetime = match &link.signing {
        Signing::V4 { expires_in, .. } => format!(
            "; it was valid for {}",
            humantime::format_duration(*expires_in)
        ),
        Signing::V2 => String::new(),
    };
    let at = humantime::format_rfc3339_seconds(link.expires_at);
    if !link.is_expired(now) {
        // We think it is still valid but the server does not: the clocks disagree.
        let clock = skew
            .map(|s| format!("this machine's clock is {}", describe_skew(s)))
            .unwrap_or_else(|| "this machine's clock may be off".to_owned());
        return Failure::new(
            ExitKind::Denied,
            format!("the server says the link has expired, but it should be valid until {at}: {clock}"),
        )
        .hint("synchronise the clock (e.g. `sudo timedatectl set-ntp true`); the link was signed on a machine with a skewed clock, or this one is");
    }
    Failure::new(
        ExitKind::Denied,
        format!(
            "the link expired at {at} ({}){lifetime}",
            relative(link.expires_at, now)
        ),
    )
    .hint("ask whoever shared it for a new link (s3share share … --expires 7d)")
}

fn wrong_region(body: &str, link: Option<&PresignedUrl>) -> Failure {
    let right = tag(body, "Region").or_else(|| {
        tag(body, "Message")
            .and_then(|m| m.split('\'').nth(3).map(str::to_owned))
            .filter(|r| r.contains('-'))
    });
    let signed = link.and_then(|l| match &l.signing {
        Signing::V4 { region, .. } => Some(region.clone()),
        Signing::V2 => None,
    });
    let message = match (&right, &signed) {
        (Some(right), Some(signed)) => format!(
            "wrong region: the bucket is in {right}, but the request was signed for {signed}"
        ),
        (Some(right), None) => format!("wrong region: the bucket is in {right}"),
        _ => "wrong region: the bucket is in another region than the one signed for".to_owned(),
    };
    let hint = match right {
        Some(right) => format!("sign for {right}: --region {right} (or AWS_REGION={right})"),
        None => "sign for the bucket's region with --region or AWS_REGION".to_owned(),
    };
    Failure::new(ExitKind::Denied, message).hint(hint)
}

fn signature_mismatch(link: Option<&PresignedUrl>, sent: &[(&str, &str)]) -> Failure {
    let headers = link.map(PresignedUrl::required_headers).unwrap_or_default();
    if headers.is_empty() {
        // A link that names its method (x-id) was checked for the task before it was sent; one
        // that does not (another tool's, SigV2) may be a download link used to upload, or the
        // reverse: the method is signed, too.
        let unsaid = link.is_some_and(|link| link.method.is_none());
        return Failure::new(
            ExitKind::Denied,
            if unsaid {
                "the signature does not match: the link was altered, signed with another secret key, or made for another kind of request (a download link used to upload, or the reverse)"
            } else {
                "the signature does not match: the link was altered, or signed with another secret key"
            },
        )
        .hint(
            "use the link exactly as it was given (quote it in the shell), or ask for a new one",
        );
    }
    let list = headers.join(", ");
    let what_was_sent: Vec<String> = headers
        .iter()
        .map(|h| match sent.iter().find(|(name, _)| name == h) {
            Some((_, value)) => format!("{h}: {value}"),
            None => format!("no {h}"),
        })
        .collect();
    let content_type = headers.contains(&"content-type");
    let sse_not_sent = headers
        .iter()
        .any(|h| is_sse_header(h) && !sent.iter().any(|(name, _)| name == h));
    let sse_flags = if headers.contains(&KMS_KEY_HEADER) {
        "--sse aws:kms --sse-kms-key-id ID"
    } else {
        "--sse AES256 or --sse aws:kms"
    };
    Failure::new(
        ExitKind::Denied,
        format!(
            "the signature does not match: the link was signed for a specific {list}, and this request sent {}",
            what_was_sent.join(", ")
        ),
    )
    .hint(if sse_not_sent {
        format!("the link requires server-side encryption: send what it was made with (s3share upload --url … {sse_flags}; ask whoever made the link for the values)")
    } else if content_type {
        "send exactly the Content-Type the link was made for (s3share upload --url … --content-type TYPE); `s3share inspect URL` lists what is signed".to_owned()
    } else {
        "send every signed header exactly as signed (`s3share inspect URL` lists them), or ask for a new link".to_owned()
    })
}

/// Server clock minus local clock, in seconds, from the `Date` header.
fn clock_skew(refusal: &Refusal<'_>, now: SystemTime) -> Option<i64> {
    let server = refusal.server_date?;
    let skew = match server.duration_since(now) {
        Ok(ahead) => ahead.as_secs() as i64,
        Err(behind) => -(behind.duration().as_secs() as i64),
    };
    // Date has a one-second resolution and the request took a moment: ignore small differences.
    (skew.abs() >= 60).then_some(skew)
}

fn describe_skew(skew: i64) -> String {
    let off = humantime::format_duration(Duration::from_secs(skew.unsigned_abs() / 60 * 60));
    if skew > 0 {
        format!("{off} behind the server's")
    } else {
        format!("{off} ahead of the server's")
    }
}

/// The text of the first `<name>` element of an XML body, read by an XML parser: namespaces
/// and attributes ignored, entities (`&amp;`, `&#39;`) and CDATA decoded, an unknown entity kept
/// as written, surrounding whitespace trimmed. Escaped for the terminal, since a server chose it.
/// `None` when the body has no such element or stops being XML before the element ends.
pub fn tag(xml: &str, name: &str) -> Option<String> {
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::Event;

    let mut reader = quick_xml::Reader::from_str(xml);
    // How deep inside the element the reader is; 0 until it is found.
    let mut depth = 0usize;
    let mut text = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if depth == 0 && e.local_name().as_ref() == name.as_bytes() => {
                depth = 1;
            }
            Event::Empty(e) if depth == 0 && e.local_name().as_ref() == name.as_bytes() => break,
            Event::Start(_) if depth > 0 => depth += 1,
            Event::End(_) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Text(t) if depth > 0 => text.push_str(&t.xml10_content().ok()?),
            Event::CData(c) if depth > 0 => text.push_str(&c.decode().ok()?),
            Event::GeneralRef(r) if depth > 0 => {
                let entity = r.decode().ok()?;
                match (r.resolve_char_ref(), resolve_predefined_entity(&entity)) {
                    (Ok(Some(c)), _) => text.push(c),
                    (_, Some(resolved)) => text.push_str(resolved),
                    _ => {
                        text.push('&');
                        text.push_str(&entity);
                        text.push(';');
                    }
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
    Some(escape(text.trim()).into_owned())
}

/// Parses an HTTP `Date` header.
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(text).ok()
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

    #[test]
    fn tags_decode_xml_entities() {
        let body = "<Error><Message>a &amp; b &lt;c&gt; &#39;d&#39;</Message></Error>";
        assert_eq!(tag(body, "Message").as_deref(), Some("a & b <c> 'd'"));
        assert_eq!(
            tag("<Code>x &bogus; y</Code>", "Code").as_deref(),
            Some("x &bogus; y")
        );
    }

    #[test]
    fn tags_are_read_as_xml_not_as_text() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
            <!-- <Code>NotThis</Code> -->
            <s3:Error xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">
              <s3:Code lang="en">AccessDenied</s3:Code>
              <Message><![CDATA[a <raw> & b]]> and &#x263A;</Message>
              <Resource/>
            </s3:Error>"#;
        assert_eq!(tag(body, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(
            tag(body, "Message").as_deref(),
            Some("a <raw> & b and \u{263A}")
        );
        assert_eq!(tag(body, "Resource").as_deref(), Some(""));
        assert_eq!(tag(body, "RequestId"), None);
        // A body cut off inside the element is not trusted; one cut off after it still answers.
        assert_eq!(tag("<Error><Code>Acc", "Code"), None);
        assert_eq!(
            tag("<Error><Code>SlowDown</Code><Mess", "Code").as_deref(),
            Some("SlowDown")
        );
        assert_eq!(
            tag("<html><body>502 Bad Gateway</body></html>", "Code"),
            None
        );
    }

    use super::*;

    fn link(url: &str) -> PresignedUrl {
        PresignedUrl::parse(url).unwrap()
    }

    fn v4(date: &str, expires: u64, headers: &str) -> String {
        format!(
            "https://bkt.s3.eu-west-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261123%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date={date}&X-Amz-Expires={expires}&X-Amz-SignedHeaders={headers}&X-Amz-Signature=abc"
        )
    }

    fn refused(status: u16, body: &str) -> Refusal<'_> {
        Refusal::bare(status, body)
    }

    fn at(rfc3339: &str) -> SystemTime {
        humantime::parse_rfc3339(rfc3339).unwrap()
    }

    #[test]
    fn an_expired_link_says_when_and_for_how_long_it_was_valid() {
        let link = link(&v4("20261123T100000Z", 3600, "host"));
        let body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";
        let f = diagnose(&refused(403, body), Some(&link), at("2026-11-25T11:00:00Z"));
        assert_eq!(f.kind, ExitKind::Denied);
        assert_eq!(
            f.message,
            "the link expired at 2026-11-23T11:00:00Z (2d ago); it was valid for 1h"
        );
    }

    #[test]
    fn a_skewed_local_clock_is_named_when_the_server_says_expired() {
        let link = link(&v4("20261123T100000Z", 3600, "host"));
        let body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";
        let refusal = Refusal {
            status: 403,
            body,
            server_date: Some(at("2026-11-23T11:20:00Z")),
            sent: &[],
        };
        let f = diagnose(&refusal, Some(&link), at("2026-11-23T10:30:00Z"));
        assert!(
            f.message.contains("this machine's clock is 50m behind"),
            "{}",
            f.message
        );
    }

    #[test]
    fn signed_headers_are_named_on_a_signature_mismatch() {
        let link = link(&v4("20261123T100000Z", 3600, "content-type%3Bhost"));
        let body = "<Error><Code>SignatureDoesNotMatch</Code></Error>";
        let f = diagnose(&refused(403, body), Some(&link), at("2026-11-23T10:10:00Z"));
        assert!(f.message.contains("content-type"), "{}", f.message);
        let sent = [("content-type", "image/png")];
        let f = diagnose(
            &Refusal {
                status: 403,
                body,
                server_date: None,
                sent: &sent,
            },
            Some(&link),
            at("2026-11-23T10:10:00Z"),
        );
        assert!(
            f.message
                .ends_with("this request sent content-type: image/png"),
            "{}",
            f.message
        );
        assert!(f.hint.unwrap().contains("Content-Type"));
    }

    #[test]
    fn a_link_that_does_not_name_its_method_may_be_of_another_kind() {
        let body = "<Error><Code>SignatureDoesNotMatch</Code></Error>";
        let now = at("2026-11-23T10:10:00Z");
        let unsaid = link(&v4("20261123T100000Z", 3600, "host"));
        let f = diagnose(&refused(403, body), Some(&unsaid), now);
        assert!(
            f.message.contains("a download link used to upload"),
            "{}",
            f.message
        );
        let said = link(&format!(
            "{}&x-id=GetObject",
            v4("20261123T100000Z", 3600, "host")
        ));
        let f = diagnose(&refused(403, body), Some(&said), now);
        assert!(!f.message.contains("another kind"), "{}", f.message);
    }

    #[test]
    fn unsent_encryption_headers_are_named_with_the_flags_that_send_them() {
        let link = link(&v4(
            "20261123T100000Z",
            3600,
            "host%3Bx-amz-server-side-encryption%3Bx-amz-server-side-encryption-aws-kms-key-id",
        ));
        let body = "<Error><Code>SignatureDoesNotMatch</Code></Error>";
        let f = diagnose(&refused(403, body), Some(&link), at("2026-11-23T10:10:00Z"));
        assert!(
            f.message.ends_with(
                "this request sent no x-amz-server-side-encryption, no x-amz-server-side-encryption-aws-kms-key-id"
            ),
            "{}",
            f.message
        );
        assert!(f
            .hint
            .unwrap()
            .contains("--sse aws:kms --sse-kms-key-id ID"));
    }

    #[test]
    fn wrong_region_names_the_right_one() {
        let link = link(&v4("20261123T100000Z", 3600, "host"));
        let body = "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-2'</Message><Region>us-east-2</Region></Error>";
        let f = diagnose(&refused(400, body), Some(&link), at("2026-11-23T10:10:00Z"));
        assert_eq!(
            f.message,
            "wrong region: the bucket is in us-east-2, but the request was signed for eu-west-1"
        );
        assert!(f.hint.unwrap().contains("--region us-east-2"));
    }

    #[test]
    fn policy_denials_expired_tokens_and_skew_are_told_apart() {
        let now = at("2026-11-23T10:10:00Z");
        let link = link(&v4("20261123T100000Z", 3600, "host"));
        let cases = [
            ("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", "signer is not allowed"),
            ("<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>", "temporary credentials"),
            ("<Error><Code>InvalidAccessKeyId</Code></Error>", "AKIDEXAMPLE"),
            ("<Error><Code>RequestTimeTooSkewed</Code></Error>", "clock"),
        ];
        for (body, needle) in cases {
            let f = diagnose(&refused(403, body), Some(&link), now);
            assert!(f.message.contains(needle), "{body}: {}", f.message);
            assert_eq!(f.kind, ExitKind::Denied);
        }
    }

    #[test]
    fn http_dates_parse() {
        assert_eq!(
            parse_http_date("Mon, 23 Nov 2026 16:11:55 GMT"),
            Some(at("2026-11-23T16:11:55Z"))
        );
        assert_eq!(parse_http_date("yesterday"), None);
    }
}
