//! `s3share inspect`: explain a presigned URL offline, and with `--check` ask the server once.

use std::time::SystemTime;

use anyhow::Result;
use serde::Serialize;

use crate::cdn::link::{resource_matches, CloudFrontUrl};
use crate::cli::InspectArgs;
use crate::error::{ExitKind, Failure};
use crate::expiry::{relative, timestamp};
use crate::net::links as http;
use crate::output::Output;
use crate::presigned_url::{LinkKind, PresignedUrl, Signing, COPY_AGAIN};
use crate::s3::diagnose::{diagnose, parse_http_date, Refusal};
use crate::shell::curl_command;
use crate::terminal::escape;

/// Everything `inspect` reports, as `--json` prints it.
#[derive(Debug, Serialize)]
struct Report<'a> {
    endpoint: &'a str,
    bucket: Option<&'a str>,
    key: Option<&'a str>,
    method: Option<&'static str>,
    signature_version: &'static str,
    region: Option<&'a str>,
    access_key_id: &'a str,
    signed_at: Option<String>,
    expires_at: String,
    expired: bool,
    session_token: bool,
    signed_headers: Vec<&'a str>,
    /// What the link is for, when it says: `download`, `upload`, `delete`, `request_page`,
    /// `folder_page`, `encrypted_share`.
    kind: Option<&'static str>,
    /// What is wrong with the signature (cut off, damaged), never the signature.
    #[serde(skip_serializing_if = "Option::is_none")]
    signature_problem: Option<String>,
    curl: String,
    /// For the link to an end-to-end encrypted share: its id and whether the key is in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    encrypted_share: Option<EncryptedShare<'a>>,
}

/// What `inspect` says of an encrypted share's link (never its key).
#[derive(Debug, Serialize)]
struct EncryptedShare<'a> {
    id: &'a str,
    key_in_link: bool,
}

/// Runs `inspect`.
pub fn run(args: InspectArgs, out: &mut Output) -> Result<()> {
    if let Some(link) = CloudFrontUrl::parse(&args.url) {
        let link = link.map_err(|e| Failure::usage(format!("not a valid CloudFront link: {e}")))?;
        return inspect_cloudfront(&link, &args, out);
    }
    let link = PresignedUrl::parse(&args.url)?;
    let now = SystemTime::now();
    let mut report = build_report(&link, now);
    report.encrypted_share = link
        .key
        .as_deref()
        .and_then(crate::layout::encrypted_page_id)
        .map(|id| EncryptedShare {
            id,
            key_in_link: args
                .url
                .split_once('#')
                .is_some_and(|(_, key)| !key.is_empty()),
        });
    if out.json() {
        out.json_line(&report)?;
    } else {
        out.result(human(&link, &report, now).as_bytes())?;
    }
    if let Some(problem) = report.signature_problem.take() {
        return Err(Failure::usage(problem).hint(COPY_AGAIN).into());
    }
    if report.expired {
        return Err(Failure::new(
            ExitKind::Denied,
            format!("the link expired {}", relative(link.expires_at, now)),
        )
        .hint("ask whoever shared it for a new link")
        .into());
    }
    if args.check {
        check(&link, &args.url, out)?;
    }
    Ok(())
}

fn build_report(link: &PresignedUrl, now: SystemTime) -> Report<'_> {
    let (version, region, signed_at) = match &link.signing {
        Signing::V4 {
            region, signed_at, ..
        } => ("SigV4", Some(region.as_str()), Some(timestamp(*signed_at))),
        Signing::V2 => ("SigV2", None, None),
    };
    let method = link.method.unwrap_or("GET");
    let placeholders: Vec<(String, String)> = link
        .required_headers()
        .into_iter()
        .map(|h| (h.to_owned(), format!("<the {h} it was signed with>")))
        .collect();
    let file = link
        .key
        .as_deref()
        .and_then(|k| k.rsplit('/').next())
        .filter(|n| !n.is_empty());
    Report {
        endpoint: &link.endpoint,
        bucket: link.bucket.as_deref(),
        key: link.key.as_deref(),
        method: link.method,
        signature_version: version,
        region,
        access_key_id: &link.access_key_id,
        signed_at,
        expires_at: timestamp(link.expires_at),
        expired: link.is_expired(now),
        session_token: link.session_token,
        signed_headers: link.required_headers(),
        kind: kind_name(link.kind()),
        signature_problem: link.signature_problem(),
        // The signature is never printed, so the command reads the link from $URL.
        curl: curl_command(method, "$URL", &placeholders, file.or(Some("FILE")))
            .replace("'$URL'", "\"$URL\""),
        encrypted_share: None,
    }
}

/// The name `--json` gives a kind of link.
fn kind_name(kind: LinkKind) -> Option<&'static str> {
    Some(match kind {
        LinkKind::Download => "download",
        LinkKind::Upload => "upload",
        LinkKind::Delete => "delete",
        LinkKind::RequestPage => "request_page",
        LinkKind::FolderPage => "folder_page",
        LinkKind::EncryptedShare => "encrypted_share",
        LinkKind::Unknown => return None,
    })
}

/// What a page of s3share's is, and how to use it (`None` for other links).
fn what_page_is(kind: LinkKind) -> Option<&'static str> {
    match kind {
        LinkKind::RequestPage => Some(
            "a file request page (s3share request): it takes files; send them with \
             `s3share upload --to \"$URL\" FILE…`, or open it in a browser",
        ),
        LinkKind::FolderPage => Some(
            "a folder page (s3share share s3://BUCKET/PREFIX/): download its files with \
             `s3share get \"$URL\" -o DIR/`, or open it in a browser",
        ),
        _ => None,
    }
}

/// What a signed header means for whoever uses the link.
fn explain_header(name: &str) -> String {
    match name {
        "content-type" => "send exactly the Content-Type the link was made with".to_owned(),
        "content-md5" => "send the Content-MD5 of exactly the body it was made for".to_owned(),
        "x-amz-server-side-encryption" => {
            "send the same server-side encryption header (SSE)".to_owned()
        }
        "x-amz-server-side-encryption-aws-kms-key-id" => "send the same KMS key id".to_owned(),
        "content-length" => "send a body of exactly the signed length".to_owned(),
        other => format!("send {other} with exactly the value it was signed with"),
    }
}

fn human(link: &PresignedUrl, report: &Report<'_>, now: SystemTime) -> String {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, value: String| lines.push((name.to_owned(), value));
    add(
        "method",
        match link.method {
            Some(method) => method.to_owned(),
            None => "GET or HEAD (the link does not say; SigV4 signs the method without naming it)"
                .to_owned(),
        },
    );
    add("endpoint", link.endpoint.clone());
    add(
        "bucket",
        link.bucket.clone().unwrap_or_else(|| "(none)".into()),
    );
    add("key", link.key.clone().unwrap_or_else(|| "(none)".into()));
    match &link.signing {
        Signing::V4 {
            region,
            service,
            signed_at,
            ..
        } => {
            add(
                "signature",
                format!("SigV4, region {region}, service {service}"),
            );
            add(
                "signed at",
                format!("{} ({})", timestamp(*signed_at), relative(*signed_at, now)),
            );
        }
        Signing::V2 => add("signature", "SigV2 (legacy; no region)".to_owned()),
    }
    if let Some(problem) = &report.signature_problem {
        add("problem", format!("{problem}; the server will refuse it"));
    }
    add("access key id", link.access_key_id.clone());
    let state = if report.expired {
        format!("expired {}", relative(link.expires_at, now))
    } else {
        format!(
            "valid for {}",
            relative(link.expires_at, now).trim_start_matches("in ")
        )
    };
    add("expires at", format!("{} ({state})", report.expires_at));
    add(
        "session token",
        if link.session_token {
            "yes: signed with temporary credentials; the link stops working when they expire, whatever its expiry says".to_owned()
        } else {
            "no".to_owned()
        },
    );
    let headers = link.required_headers();
    if headers.is_empty() {
        add(
            "must send",
            "nothing special: no headers are signed besides Host".to_owned(),
        );
    } else {
        for (i, header) in headers.iter().enumerate() {
            add(
                if i == 0 { "must send" } else { "" },
                format!("{header}: {}", explain_header(header)),
            );
        }
    }
    match (&report.encrypted_share, what_page_is(link.kind())) {
        (Some(share), _) => add("what", what_share_is(share)),
        (None, Some(page)) => add("what", format!("{page}   (with the link in $URL)")),
        (None, None) => add("curl", format!("{}   (with the link in $URL)", report.curl)),
    }
    let width = lines.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    lines
        .iter()
        // Every value may come from whoever made the link: shown escaped, on one line.
        .map(|(name, value)| format!("{name:width$}  {}\n", escape(value)))
        .collect()
}

/// What the link to an encrypted share is, and whether it carries the key (never the key).
fn what_share_is(share: &EncryptedShare<'_>) -> String {
    format!(
        "the page of an end-to-end encrypted share (s3share upload --encrypt, id {}: a file or a \
         folder): names and bytes are stored encrypted; {}; open it in a browser or with \
         s3share get",
        share.id,
        if share.key_in_link {
            "the key is in the link after '#' (not shown)"
        } else {
            "the key (the part after '#') is missing from this link, so nobody can decrypt with it"
        }
    )
}

/// One request that changes nothing, to see whether the server accepts the link.
fn check(link: &PresignedUrl, url: &str, out: &Output) -> Result<()> {
    let method = link.method.unwrap_or("GET");
    if matches!(method, "PUT" | "DELETE") {
        return Err(Failure::usage(format!(
            "a {method} link cannot be checked without changing the object"
        ))
        .hint("--check works for GET and HEAD links")
        .into());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (status, date, body) = runtime.block_on(async {
        let client = http::client(Some(std::time::Duration::from_secs(30)))?;
        // The fragment (an encrypted share's key) is never part of a request, and the error
        // keeps no URL: with --verbose its causes are printed, and the URL holds the signature.
        let without_key = url.split('#').next().unwrap_or(url);
        let response = client
            .get(without_key)
            .header("range", "bytes=0-0")
            .send()
            .await
            .map_err(|e| {
                if let Some(refused) = http::refused_redirect(&e) {
                    return refused;
                }
                Failure::new(
                    ExitKind::Network,
                    format!("could not reach {}", link.endpoint),
                )
                .hint("check your network, or whether the endpoint is reachable from here")
                .cause(e.without_url())
            })?;
        let status = response.status().as_u16();
        let date = response
            .headers()
            .get("date")
            .and_then(|d| d.to_str().ok())
            .and_then(parse_http_date);
        let body = response.text().await.unwrap_or_default();
        anyhow::Ok((status, date, body))
    })?;
    if (200..300).contains(&status) {
        out.note(&format!(
            "check: the server accepts the link (HTTP {status})"
        ));
        return Ok(());
    }
    let refusal = Refusal {
        status,
        body: &body,
        server_date: date,
        sent: &[],
    };
    Err(diagnose(&refusal, Some(link), SystemTime::now()).into())
}

/// What `inspect` reports of a CloudFront signed URL, as `--json` prints it (never the
/// signature).
#[derive(Debug, Serialize)]
struct CloudFrontReport<'a> {
    kind: &'static str,
    host: &'a str,
    resource: &'a str,
    policy: Option<&'a str>,
    granted: &'a str,
    expires_at: String,
    expired: bool,
    key_id: &'a str,
    hash_algorithm: &'a str,
}

/// `inspect` of a CloudFront signed URL (README, "Links that last a year"): what it grants,
/// until when, signed by which key; with `--check`, whether the distribution serves it.
fn inspect_cloudfront(link: &CloudFrontUrl, args: &InspectArgs, out: &mut Output) -> Result<()> {
    let now = SystemTime::now();
    let report = CloudFrontReport {
        kind: "cloudfront",
        host: &link.host,
        resource: &link.resource,
        policy: link.policy.as_deref(),
        granted: &link.granted,
        expires_at: timestamp(link.expires_at),
        expired: link.is_expired(now),
        key_id: &link.key_id,
        hash_algorithm: &link.hash_algorithm,
    };
    if out.json() {
        out.json_line(&report)?;
    } else {
        let state = match report.expired {
            true => format!("expired {}", relative(link.expires_at, now)),
            false => format!(
                "valid for {}",
                relative(link.expires_at, now).trim_start_matches("in ")
            ),
        };
        let hash = match link.hash_algorithm.as_str() {
            "SHA1" => "SHA1 (CloudFront's default when Hash-Algorithm is absent)".to_owned(),
            other => other.to_owned(),
        };
        let mut lines = vec![
            ("signature", "CloudFront signed URL".to_owned()),
            ("host", link.host.clone()),
            ("resource", link.resource.clone()),
        ];
        match &link.policy {
            Some(policy) => {
                lines.push(("policy", format!("custom: {policy}")));
                lines.push(("grants", link.granted.clone()));
            }
            None => lines.push(("policy", "canned: this resource only".to_owned())),
        }
        lines.push(("expires at", format!("{} ({state})", report.expires_at)));
        lines.push(("key id", link.key_id.clone()));
        lines.push(("hash", hash));
        let width = lines.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let text: String = lines
            .iter()
            .map(|(name, value)| format!("{name:width$}  {}\n", escape(value)))
            .collect();
        out.result(text.as_bytes())?;
    }
    if !resource_matches(&link.granted, &link.resource) {
        return Err(Failure::new(
            ExitKind::Denied,
            format!(
                "the link's policy grants {}, not this URL",
                escape(&link.granted)
            ),
        )
        .into());
    }
    if report.expired {
        return Err(Failure::new(
            ExitKind::Denied,
            format!("the link expired {}", relative(link.expires_at, now)),
        )
        .hint("ask whoever shared it for a new link")
        .into());
    }
    if args.check {
        check_cloudfront(link, &args.url, out)?;
    }
    Ok(())
}

/// One GET of one byte through the distribution; a refusal is explained (exit 5).
fn check_cloudfront(link: &CloudFrontUrl, url: &str, out: &Output) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (status, body) = runtime.block_on(async {
        let client = http::client(Some(std::time::Duration::from_secs(30)))?;
        let response = client
            .get(url)
            .header("range", "bytes=0-0")
            .send()
            .await
            .map_err(|e| {
                Failure::new(ExitKind::Network, format!("could not reach {}", link.host))
                    .hint("check your network, or whether the distribution is reachable from here")
                    .cause(e)
            })?;
        let status = response.status().as_u16();
        anyhow::Ok((status, response.text().await.unwrap_or_default()))
    })?;
    if (200..300).contains(&status) {
        out.note(&format!(
            "check: the distribution serves the link (HTTP {status})"
        ));
        return Ok(());
    }
    let message = body
        .split_once("<Message>")
        .and_then(|(_, rest)| rest.split_once("</Message>"))
        .map(|(message, _)| format!(": {}", escape(message)))
        .unwrap_or_default();
    let failure = Failure::new(
        if status == 404 {
            ExitKind::NotFound
        } else {
            ExitKind::Denied
        },
        format!("the distribution refused the link (HTTP {status}{message})"),
    );
    Err(match status {
        403 => failure.hint(format!(
            "not expired, so: key id {} is not in the key group the distribution trusts, or the \
             signature does not match this URL (changed after signing, or signed by another key \
             than the one with this id)",
            escape(&link.key_id)
        )),
        404 => failure.hint("the object is not in the bucket behind the distribution"),
        _ => failure,
    }
    .into())
}
