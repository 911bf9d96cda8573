//! `s3share request`: ask someone for files. Signs a POST policy for a prefix, writes an upload
//! page into the bucket (outside the prefix, so no upload can replace it) and prints one
//! presigned link to that page.

mod arrival;
mod earlier;
mod watch;
mod watched;

use std::sync::Arc;
use std::time::SystemTime;

use anyhow::Result;
use serde_json::json;

use crate::cli::RequestArgs;
use crate::error::{ExitKind, Failure};
use crate::expiry::timestamp;
use crate::layout;
use crate::location::ObjectLocation;
use crate::output::{LinkRecord, Output};
use crate::pages::{self, EncryptedRequestData, PostData, RequestData};
use crate::s3::errors::{classify, is_not_found};
use crate::s3::post_policy::{admits_active_content, PostForm, PostRules, MAX_POST_SIZE};
use crate::s3::presign::PresignedLink;
use crate::s3::presign::Presigner;
use crate::s3::versioning::versioning;
use crate::s3::S3Context;
use crate::settings::Settings;

use super::common::record::Recorder;
use crate::pages::publish::publish;
use crate::shell::quote;
use crate::terminal::escape;
use watched::{Baseline, Watched};

/// Runs `request`.
pub async fn run(args: RequestArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let Some(location) = args.location.as_deref() else {
        return watch_earlier(&args, settings, out).await;
    };
    if args.watch.watch.as_deref().is_some_and(|w| !w.is_empty()) {
        return Err(Failure::usage(
            "give either a LOCATION to make a request, or --watch ID|LINK to watch one made \
             earlier, not both",
        )
        .hint("to make a request and watch it: s3share request PREFIX/ --watch")
        .into());
    }
    let location = ObjectLocation::parse(location, settings.default_bucket())?;
    check_prefix(&location)?;
    watch::check_into(&args.watch)?;
    check_content_type(args.content_type.as_deref(), args.allow_active_content)?;
    let recipients = recipients(&args.recipients)?;
    let context = S3Context::connect(&settings.connection()).await?;
    let presigner = Presigner::new(&context, settings.expiry(args.expiry.expires))?;
    super::common::lifetime::check(presigner.lifetime(), settings.strict, out)?;
    check_bucket(&context.client, &location).await?;
    let versioning = versioning(&context.client, &location.bucket).await;
    if versioning.overwrites_destroy() {
        out.warn(&format!(
            "bucket '{}' keeps no old versions: anyone with a link can replace a file already \
             sent through it, and the file sent before is lost (S3 browser uploads cannot refuse \
             an existing key); to keep every version: aws s3api put-bucket-versioning --bucket {} \
             --versioning-configuration Status=Enabled",
            escape(&location.bucket),
            quote(&location.bucket)
        ));
    }
    let encryption = match args.encrypt {
        true => Some(encryption(settings, out)?),
        false => None,
    };
    let recorder = Recorder::new("request", settings, &context);
    let mut sent = Vec::new();
    let mut ids = Vec::new();
    for recipient in &recipients {
        let prefix = match recipient {
            Some(name) => format!("{}{name}/", location.key),
            None => location.key.clone(),
        };
        let max_size = args.max_size.unwrap_or(MAX_POST_SIZE);
        let rules = PostRules {
            bucket: location.bucket.clone(),
            prefix,
            // An encrypted request takes files as chunks: the policy caps each object at one.
            max_size: match encryption {
                Some(_) => crate::encrypted_upload::MAX_CHUNK,
                None => max_size,
            },
            content_type: args.content_type.clone(),
        };
        let form = presigner.post_form(&rules).await?;
        let data = RequestData {
            kind: "request".to_owned(),
            version: 1,
            bucket: rules.bucket.clone(),
            prefix: rules.prefix.clone(),
            expires_at: timestamp(form.expires_at),
            max_size,
            content_type: rules.content_type.clone(),
            recipient: recipient.clone(),
            encrypted: encryption.clone(),
            post: PostData {
                url: form.url.clone(),
                fields: form.fields.clone(),
            },
        };
        let (page, link) = publish(
            &context.client,
            &presigner,
            &location.bucket,
            layout::REQUESTS,
            pages::request_page(&data),
        )
        .await?;
        let mut record = LinkRecord::new(&link, &page);
        record.extra.insert("prefix", json!(rules.prefix));
        record.extra.insert("max_size", json!(max_size));
        if let Some(encryption) = &encryption {
            record.extra.insert("encrypted", json!(true));
            record
                .extra
                .insert("fingerprint", json!(encryption.fingerprint));
        }
        record
            .extra
            .insert("versioning", json!(versioning.as_str()));
        if let Some(name) = recipient {
            record.extra.insert("for", json!(name));
        }
        record
            .extra
            .insert("post", json!({ "url": form.url, "fields": form.fields }));
        out.link(&record)?;
        ids.extend(recorder.page(
            &link,
            &page,
            &ObjectLocation::new(&rules.bucket, &rules.prefix)?,
            out,
        ));
        sent.push((data, link, form));
    }
    explain(&sent, out)?;
    if args.watch.watch.is_none() {
        return Ok(());
    }
    let watched = Watched {
        bucket: location.bucket.clone(),
        listed: location.key.clone(),
        base: location.key.clone(),
        expires_at: sent
            .first()
            .map_or(SystemTime::now(), |(_, _, f)| f.expires_at),
        baseline: Baseline::FirstListing,
        by_name: recipients.iter().any(Option::is_some),
        // One id watches one page's folder: only a request for anyone is come back to by id.
        resume: (ids.len() == 1 && recipients.len() == 1).then(|| ids.remove(0)),
        // Just written with this machine's key.
        encrypted_to: None,
    };
    watch::watch(&watched, &args.watch, Arc::new(context), settings, out).await
}

/// The requester's key for an encrypted request, as its page carries it; made (and said so, with
/// how to keep it) on first use.
fn encryption(settings: &Settings, out: &Output) -> Result<EncryptedRequestData> {
    let path = super::key::key_path(settings)?;
    let (key, made) = crate::request_key::load_or_create(&path)?;
    let public = key.public_key();
    if made {
        out.warn(&format!(
            "made your request key at {} (fingerprint {}): only it opens what is sent to \
             encrypted requests, so losing it loses those files; keep a copy with \
             `s3share key export FILE`",
            escape(&path.display().to_string()),
            public.fingerprint()
        ));
    }
    Ok(EncryptedRequestData {
        public_key: crate::request_key::public_to_text(&public),
        fingerprint: public.fingerprint(),
        chunk_max: crate::encrypted_upload::MAX_CHUNK,
    })
}

/// `request --watch ID|LINK`: watches a request made earlier.
async fn watch_earlier(args: &RequestArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let target = args.watch.watch.as_deref().unwrap_or_default();
    if target.is_empty() {
        return Err(
            Failure::usage("--watch alone needs a LOCATION to make the request at")
                .hint("s3share request PREFIX/ --watch, or s3share request --watch ID|LINK")
                .into(),
        );
    }
    let (page, baseline) = earlier::locate(target)?;
    watch::check_into(&args.watch)?;
    let context = Arc::new(S3Context::connect(&settings.connection()).await?);
    let mut watched = earlier::read(&page, &context, baseline).await?;
    watched.resume = Some(target.to_owned()).filter(|t| !crate::presigned_url::is_link(t));
    if let Some(fingerprint) = &watched.encrypted_to {
        check_page_key(fingerprint, settings, out)?;
    }
    watch::watch(&watched, &args.watch, context, settings, out).await
}

/// Whoever can write the bucket can replace an encrypted request's page and the key on it: says
/// so when the page no longer carries this machine's key.
fn check_page_key(fingerprint: &str, settings: &Settings, out: &Output) -> Result<()> {
    let ours = crate::request_key::load(&super::key::key_path(settings)?)?
        .map(|key| key.public_key().fingerprint());
    if ours.as_deref() != Some(fingerprint) {
        out.warn(&format!(
            "the request's page carries the key {}, not this machine's ({}): files sent through \
             it now are opened only by that key; if you did not make it elsewhere, someone who \
             can write the bucket replaced the page",
            escape(fingerprint),
            ours.as_deref().unwrap_or("none here")
        ));
    }
    Ok(())
}

/// Who can write where, until when and what can be replaced (always: these are warnings), how
/// someone without a browser can send (not in CI: it repeats the upload rights), and how to fetch
/// what arrives.
fn explain(sent: &[(RequestData, PresignedLink, PostForm)], out: &Output) -> Result<()> {
    for (data, _, _) in sent {
        let whom = match &data.recipient {
            Some(name) => format!("{}'s link", escape(name)),
            None => "Anyone with the link".to_owned(),
        };
        if let Some(encrypted) = &data.encrypted {
            out.note(&format!(
                "{whom} can upload objects of up to {} each under {} until {}; the page and \
                 `upload --to` send files encrypted to your key (fingerprint {}), up to {} each \
                 (a limit of their code: S3 cannot count objects).",
                crate::human::size(encrypted.chunk_max),
                ObjectLocation::new(&data.bucket, &data.prefix)?,
                data.expires_at,
                encrypted.fingerprint,
                crate::human::size(data.max_size),
            ));
            continue;
        }
        out.note(&format!(
            "{whom} can upload files of 1 byte to {} each under {} until {}, and replace files \
             sent under it before then.",
            crate::human::size(data.max_size),
            ObjectLocation::new(&data.bucket, &data.prefix)?,
            data.expires_at
        ));
    }
    out.note(
        "A link cannot be withdrawn: deleting its page does not void the signed upload rights, \
         which last until they expire.",
    );
    let Some((data, link, form)) = sent.last() else {
        return Ok(());
    };
    if out.recipes() {
        out.note("A recipient in a terminal can use instead (FILE and NAME: the file to send):");
        out.note(&format!("  s3share upload --to {} FILE", quote(&link.url)));
    }
    // curl would send the file as it is: never offered for an encrypted request.
    if out.recipes() && data.encrypted.is_none() {
        out.note(&format!(
            "  curl -F key={} {} -F 'Content-Type=application/octet-stream' -F file=@NAME {}",
            quote(&format!("{}from-curl/NAME", data.prefix)),
            form.fields
                .iter()
                .map(|(k, v)| format!("-F {}", quote(&format!("{k}={v}"))))
                .collect::<Vec<_>>()
                .join(" "),
            quote(&form.url)
        ));
    }
    let arrivals = arrivals(data)?;
    let folder = arrivals.key.trim_end_matches('/');
    let folder = folder.rsplit('/').next().unwrap_or(folder);
    out.note(&format!(
        "What arrives: s3share get {} -o {} (or aws s3 ls --recursive)",
        quote(&arrivals.to_string()),
        quote(&format!("{folder}/"))
    ));
    Ok(())
}

/// The folder everything sent through the pages arrives in: the prefix the command was given
/// (with `--for`, the recipients' folders are under it).
fn arrivals(data: &RequestData) -> Result<ObjectLocation, Failure> {
    let prefix = match &data.recipient {
        Some(name) => data
            .prefix
            .strip_suffix(&format!("{name}/"))
            .unwrap_or(&data.prefix),
        None => &data.prefix,
    };
    ObjectLocation::new(&data.bucket, prefix)
}

/// `--for` names, each a single key segment; `[None]` when there are none.
fn recipients(names: &[String]) -> Result<Vec<Option<String>>, Failure> {
    if names.is_empty() {
        return Ok(vec![None]);
    }
    let mut checked: Vec<Option<String>> = Vec::new();
    for name in names {
        let bad = name.is_empty()
            || name == "."
            || name == ".."
            || name.len() > 255
            || name.contains(['/', '\\'])
            || name.chars().any(crate::terminal::is_control);
        if bad {
            return Err(Failure::usage(format!(
                "--for '{}' cannot be a folder name: one path segment, no `/`, `\\`, `.` or `..`, \
                 no control characters",
                escape(name)
            ))
            .hint("use a plain name, e.g. --for alice --for bob"));
        }
        if checked.iter().any(|c| c.as_deref() == Some(name.as_str())) {
            return Err(Failure::usage(format!(
                "--for '{}' is given twice",
                escape(name)
            )));
        }
        checked.push(Some(name.clone()));
    }
    Ok(checked)
}

/// Refuses a `--content-type` that lets uploads be pages a browser runs, unless asked for.
fn check_content_type(allowed: Option<&str>, allow_active: bool) -> Result<(), Failure> {
    let Some(active) = allowed.and_then(admits_active_content) else {
        return Ok(());
    };
    if allow_active {
        return Ok(());
    }
    let allowed = allowed.unwrap_or_default();
    Err(Failure::usage(format!(
        "--content-type '{}' admits {active}, which a browser runs as a page on the bucket's origin",
        escape(allowed)
    ))
    .hint("name one type (image/jpeg, application/pdf), or add --allow-active-content to accept it"))
}

/// The prefix must name a folder the page does not live in.
fn check_prefix(location: &ObjectLocation) -> Result<(), Failure> {
    let prefix = &location.key;
    if prefix.is_empty() {
        return Err(Failure::usage(format!(
            "uploads to the whole bucket '{}' would let anyone overwrite any key",
            location.bucket
        ))
        .hint("name a folder for them, e.g. s3://BUCKET/incoming/"));
    }
    if !prefix.ends_with('/') {
        return Err(Failure::usage(format!(
            "'{prefix}' has no trailing slash: uploads would be named like '{prefix}2026-11-27…/NAME'"
        ))
        .hint(format!("for a folder, add the slash: {prefix}/")));
    }
    if layout::is_own(prefix) {
        return Err(Failure::usage(format!(
            "{} holds s3share's own pages; uploads there could replace them",
            layout::OWN
        ))
        .hint("choose another folder, e.g. incoming/"));
    }
    Ok(())
}

/// The bucket must exist before a page invites uploads into it (some servers would create it).
async fn check_bucket(client: &aws_sdk_s3::Client, location: &ObjectLocation) -> Result<()> {
    let head = client.head_bucket().bucket(&location.bucket).send().await;
    match head {
        Ok(_) => Ok(()),
        Err(e) if is_not_found(&e) => Err(Failure::new(
            ExitKind::NotFound,
            format!("bucket '{}' does not exist", escape(&location.bucket)),
        )
        .hint("check the bucket name, the region (--region) and the endpoint")
        .into()),
        Err(e) => Err(classify(e, "look up the bucket of", location).into()),
    }
}
