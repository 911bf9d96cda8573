//! `s3share upload --to '<file request page link>' FILE…`: what the request page does in a
//! browser, from a terminal. Reads the POST policy the page carries and sends each file through
//! it, without credentials.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Result;

use crate::cli::UploadArgs;
use crate::encrypted_upload;
use crate::error::{ExitKind, Failure};
use crate::expiry::relative;
use crate::file_name::safe_file_name;
use crate::output::Output;
use crate::pages::{self, EncryptedRequestData, PageData, RequestData};
use crate::s3::diagnose::{diagnose, tag};
use crate::s3::post_policy::content_type_allowed;
use crate::terminal::escape;
use crate::transfer::download::fetch_page;
use crate::transfer::encrypted_post::{self, EncryptedRequest, Plain};
use crate::transfer::progress;
use crate::transfer::put_url::{refusal, send_file, Target};

/// Refuses the flags a file request would otherwise drop: its page decides the keys, the
/// encryption and how long it takes uploads; s3share prints no link and replaces nothing.
pub fn refuse_unused(args: &UploadArgs) -> Result<(), Failure> {
    let unused = [
        (args.force, "--force"),
        (args.revocable, "--revocable"),
        (args.share_folder, "--share-folder"),
        (args.expiry.expires.is_some(), "--expires"),
        (args.sse.sse.is_some(), "--sse"),
        (args.sse.sse_kms_key_id.is_some(), "--sse-kms-key-id"),
    ];
    match unused.iter().find(|(given, _)| *given) {
        Some((_, flag)) => Err(Failure::usage(format!(
            "{flag} does not go with a file request: its page decides where files go and how, \
             and sending through it prints no link"
        ))),
        None => Ok(()),
    }
}

/// Sends `files` through the file request whose page is at `page_url`.
pub async fn run(
    page_url: &str,
    files: &[PathBuf],
    content_type: Option<&str>,
    encrypt: bool,
    out: &Output,
) -> Result<()> {
    let url = url::Url::parse(page_url).map_err(|e| {
        Failure::usage(format!(
            "--to is neither an s3:// location nor a valid link: {e}"
        ))
    })?;
    let data = match pages::read_data(&fetch_page(&url).await?) {
        Some(PageData::Request(data)) => data,
        Some(PageData::Folder(_)) => {
            return Err(
                Failure::usage("that link is a shared folder, not a file request")
                    .hint("download it with s3share get LINK -o DIR/")
                    .into(),
            )
        }
        Some(PageData::Encrypted(_) | PageData::EncryptedFolder(_)) => {
            return Err(
                Failure::usage("that link is an encrypted share, not a file request")
                    .hint("download it with s3share get 'LINK' -o DIR/")
                    .into(),
            )
        }
        None => {
            return Err(
                Failure::usage("that link is not an s3share file request page")
                    .hint("pass the link `s3share request` printed, or an s3:// location")
                    .into(),
            )
        }
    };
    check_post_target(&url, &data)?;
    let expires_at = humantime::parse_rfc3339(&data.expires_at).ok();
    if let Some(at) = expires_at.filter(|at| *at <= SystemTime::now()) {
        return Err(expired(&data, at).into());
    }
    if encrypt && data.encrypted.is_none() {
        return Err(Failure::usage(
            "--encrypt: this file request is not an encrypted one, and would store the file as it is",
        )
        .hint("ask for an encrypted request (s3share request PREFIX --encrypt), or send without --encrypt")
        .into());
    }
    // Check every file before sending any, as `upload` does.
    let mut checked = Vec::new();
    for path in files {
        checked.push(check(path, &data, content_type)?);
    }
    if let Some(encrypted) = &data.encrypted {
        return send_encrypted(&data, encrypted, &checked, expires_at, out).await;
    }
    let batch = batch_name(SystemTime::now());
    let mut names = Vec::new();
    for (path, size, content_type) in &checked {
        let (path, size) = (path.as_path(), *size);
        let content_type = content_type.clone();
        let name = unique(safe_name(path), &mut names);
        let key = format!("{}{batch}/{name}", data.prefix);
        let mut fields = vec![("key".to_owned(), key.clone())];
        fields.extend(data.post.fields.0.clone());
        fields.push(("Content-Type".to_owned(), content_type));
        let bar = progress::bar(out, Some(size), &name);
        let target = Target::Post {
            url: &data.post.url,
            fields: &fields,
            file_name: &name,
        };
        let response = send_file(&target, path, size, &bar).await;
        bar.finish_and_clear();
        if let Some(refused) = refusal(response?).await {
            return Err(explain(&refused.as_refusal(), &data, path, expires_at).into());
        }
        out.note(&format!(
            "Sent {} ({}) as s3://{}/{}.",
            path.display(),
            crate::human::size(size),
            escape(&data.bucket),
            escape(&key)
        ));
    }
    Ok(())
}

/// Sends `checked` files through an encrypted request: each encrypted here to the requester's
/// key, as the page does (`transfer::encrypted_post`).
async fn send_encrypted(
    data: &RequestData,
    encrypted: &EncryptedRequestData,
    checked: &[(PathBuf, u64, String)],
    expires_at: Option<SystemTime>,
    out: &Output,
) -> Result<()> {
    let recipient = crate::request_key::public_from_text(&encrypted.public_key)
        .filter(|key| key.fingerprint() == encrypted.fingerprint)
        .ok_or_else(|| {
            Failure::usage("this encrypted request's page carries a damaged key")
                .hint("ask whoever sent the link for a new one")
        })?;
    let fields: Vec<(String, String)> = data.post.fields.0.clone().into_iter().collect();
    let request = EncryptedRequest {
        url: &data.post.url,
        fields: &fields,
        prefix: &data.prefix,
        recipient: &recipient,
    };
    for (path, size, content_type) in checked {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(encrypted_upload::manifest_time);
        let plain = Plain {
            path,
            size: *size,
            name: &name,
            content_type,
            modified,
        };
        let bar = progress::bar(out, Some(*size), &safe_name(path));
        let sent = encrypted_post::send(&request, &plain, &bar).await;
        bar.finish_and_clear();
        if let Err(refused) = sent? {
            return Err(explain(&refused.as_refusal(), data, path, expires_at).into());
        }
        out.note(&format!(
            "Sent {} ({}), encrypted to the key {}, under {}.",
            path.display(),
            crate::human::size(*size),
            encrypted.fingerprint,
            escape(&format!("s3://{}/{}", data.bucket, data.prefix))
        ));
    }
    Ok(())
}

/// The page may send files only to its own origin: a hostile page could name another host.
fn check_post_target(page: &url::Url, data: &RequestData) -> Result<(), Failure> {
    let post = url::Url::parse(&data.post.url).ok();
    if post.is_some_and(|post| post.origin() == page.origin()) {
        return Ok(());
    }
    Err(Failure::new(
        ExitKind::Denied,
        format!(
            "the page sends files to {}, not to the bucket that serves it; refusing to send anything",
            escape(&data.post.url)
        ),
    )
    .hint("ask whoever sent the link for one made by s3share request"))
}

/// A file that can go: readable, within the size limit, of an allowed type.
fn check(
    path: &Path,
    data: &RequestData,
    given: Option<&str>,
) -> Result<(PathBuf, u64, String), Failure> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let kind = if e.kind() == std::io::ErrorKind::NotFound {
            ExitKind::NotFound
        } else {
            ExitKind::Failure
        };
        Failure::new(kind, format!("cannot read {}: {e}", path.display())).cause(e)
    })?;
    if !meta.is_file() {
        return Err(Failure::usage(format!("{} is not a file", path.display())));
    }
    if meta.len() == 0 {
        return Err(Failure::usage(format!(
            "{} is empty; a file request accepts only files with content",
            path.display()
        )));
    }
    if meta.len() > data.max_size {
        return Err(Failure::new(
            ExitKind::Denied,
            format!(
                "{} is {}, more than the {} this request accepts",
                path.display(),
                crate::human::size(meta.len()),
                crate::human::size(data.max_size)
            ),
        )
        .hint("ask whoever sent the link for a larger --max-size, or send a smaller file"));
    }
    let content_type = given.map(str::to_owned).unwrap_or_else(|| {
        mime_guess::from_path(path)
            .first_or_octet_stream()
            .to_string()
    });
    if !content_type_allowed(data.content_type.as_deref(), &content_type) {
        return Err(Failure::new(
            ExitKind::Denied,
            format!(
                "{} is {}, but this request accepts only {}",
                path.display(),
                escape(&content_type),
                escape(data.content_type.as_deref().unwrap_or("any type"))
            ),
        )
        .hint("send a file of that type (or name its type with --content-type)"));
    }
    Ok((path.to_owned(), meta.len(), content_type))
}

fn expired(data: &RequestData, at: SystemTime) -> Failure {
    Failure::new(
        ExitKind::Denied,
        format!(
            "the file request expired at {} ({})",
            escape(&data.expires_at),
            relative(at, SystemTime::now())
        ),
    )
    .hint("ask whoever sent the link for a new one")
}

/// Names the cause of a refused POST: the size limit, the expiry, the policy, else as any
/// refusal.
fn explain(
    refusal: &crate::s3::diagnose::Refusal<'_>,
    data: &RequestData,
    path: &Path,
    expires_at: Option<SystemTime>,
) -> Failure {
    let code = tag(refusal.body, "Code").unwrap_or_default();
    let message = tag(refusal.body, "Message").unwrap_or_default();
    if code == "EntityTooLarge" {
        return Failure::new(
            ExitKind::Denied,
            format!(
                "{} is larger than this request accepts ({})",
                path.display(),
                crate::human::size(data.max_size)
            ),
        );
    }
    if message.to_ascii_lowercase().contains("expired") {
        if let Some(at) = expires_at {
            return expired(data, at);
        }
    }
    if matches!(code.as_str(), "AccessDenied" | "InvalidPolicyDocument") {
        return Failure::new(
            ExitKind::Denied,
            format!(
                "the server refused {} ({}{})",
                path.display(),
                escape(&code),
                if message.is_empty() {
                    String::new()
                } else {
                    format!(": {}", escape(&message))
                }
            ),
        )
        .hint("ask whoever sent the link for a new one");
    }
    diagnose(refusal, None, SystemTime::now())
}

/// One batch per run, as one visit of the page: `2026-11-27T10-05-12Z-3f9a`.
fn batch_name(now: SystemTime) -> String {
    let time = humantime::format_rfc3339_seconds(now)
        .to_string()
        .replace(':', "-");
    let nanos = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{time}-{:04x}", (nanos ^ std::process::id()) & 0xffff)
}

/// The key name of the file at `path`, as the request page names it.
fn safe_name(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy());
    safe_file_name(&name.unwrap_or_default()).unwrap_or_else(|| "file".to_owned())
}

/// `name`, or `name (2).ext` when the batch already has it.
fn unique(name: String, taken: &mut Vec<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
            _ => format!("{name} ({n})"),
        };
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}
