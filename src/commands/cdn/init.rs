//! `s3share cdn init`: everything CDN links need, created with the user's credentials where it
//! is missing and reused where it exists, so a second run changes nothing. Each step says on
//! stderr what it found or created; `--dry-run` says what it would do and shows the bucket
//! policy's change, and creates nothing. No secret is printed: the private key stays in its file.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::json;

use super::setup::{self, Names};
use crate::cdn::key::SigningKey;
use crate::cdn::CdnConfig;
use crate::cli::CdnInitArgs;
use crate::cloudfront::{policy, CloudFront, Distribution, NewDistribution};
use crate::output::Output;
use crate::s3::bucket_policy;
use crate::settings::Settings;
use crate::terminal::escape;

/// Runs `cdn init`.
pub async fn run(args: CdnInitArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let bucket = setup::bucket(settings)?;
    let config_path = setup::config_path(settings)?;
    let names = Names::of(&bucket);
    let dry = args.dry_run;

    // The key: brought, configured, in the config directory already, or new.
    let (key_path, key, new_key) = match &args.key {
        Some(path) => (setup::absolute(path)?, SigningKey::load(path)?, None),
        None => {
            let configured = settings
                .cdn_private_key
                .as_ref()
                .map(|k| PathBuf::from(&k.value))
                .filter(|p| p.exists());
            let path = configured.unwrap_or_else(|| {
                config_path
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join(format!("cloudfront-{bucket}.pem"))
            });
            if path.exists() {
                let key = SigningKey::load(&path)?;
                (path, key, None)
            } else {
                let pem = SigningKey::generate_pem();
                let key =
                    SigningKey::from_pem(pem.as_bytes()).expect("a key just generated reads back");
                (path, key, Some(pem))
            }
        }
    };
    match &new_key {
        Some(pem) => {
            if !dry {
                setup::write_private_key(&key_path, pem)?;
            }
            let verb = if dry { "Would generate" } else { "Generated" };
            out.note(&format!(
                "{verb} an ECDSA P-256 key pair; the private key (readable by you only): {}",
                key_path.display()
            ));
        }
        None => out.note(&format!(
            "Using the {} private key {}.",
            key.kind(),
            key_path.display()
        )),
    }
    let public_pem = key.public_pem();

    let (context, cloudfront) = setup::connect(settings).await?;

    // The public key, found by its content.
    let key_id = match cloudfront.find_public_key(&public_pem).await? {
        Some(id) => {
            out.note(&format!(
                "Public key {}: already in CloudFront.",
                escape(&id)
            ));
            Some(id)
        }
        None if dry => {
            out.note("Would upload the public key to CloudFront (CreatePublicKey).");
            None
        }
        None => {
            let id = cloudfront
                .create_public_key(&names.public_key(), &public_pem)
                .await?;
            out.note(&format!(
                "Created public key {} (CreatePublicKey).",
                escape(&id)
            ));
            Some(id)
        }
    };

    // The key group, found by name; the key added to it if missing.
    let group = key_group(&cloudfront, &names, key_id.as_deref(), dry, out).await?;

    // The distribution: the one named, s3share's for this bucket, or a new one.
    let distribution = match &args.distribution {
        Some(id) => {
            let found = cloudfront.distribution(id).await?;
            out.note(&format!(
                "Attaching to distribution {} ({}); its origins are left as they are.",
                escape(&found.id),
                escape(&found.domain)
            ));
            Some(found)
        }
        None => match existing_distribution(&cloudfront, settings, &names).await? {
            Some(found) => {
                out.note(&format!(
                    "Distribution {} ({}): already there.",
                    escape(&found.id),
                    escape(&found.domain)
                ));
                Some(found)
            }
            None => {
                let oac = origin_access_control(&cloudfront, &names, dry, out).await?;
                let origin_domain = format!("{bucket}.s3.{}.amazonaws.com", context.region);
                if dry {
                    out.note(&format!(
                        "Would create a distribution (CreateDistribution): origin {origin_domain} \
                         through the origin access control, HTTPS only, the key group trusted, \
                         cached by path (CachingOptimized)."
                    ));
                    None
                } else {
                    let created = cloudfront
                        .create_distribution(&NewDistribution {
                            comment: &names.comment,
                            origin_domain: &origin_domain,
                            origin_access_control: &oac.unwrap_or_default(),
                            key_group: group.as_deref().unwrap_or_default(),
                        })
                        .await?;
                    out.note(&format!(
                        "Created distribution {} ({}, CreateDistribution): it deploys in a few \
                         minutes; `s3share cdn status` says when.",
                        escape(&created.id),
                        escape(&created.domain)
                    ));
                    Some(created)
                }
            }
        },
    };
    if let (Some(d), Some(group)) = (&distribution, &group) {
        trust(&cloudfront, d, group, dry, out).await?;
    }

    // The bucket policy: our statement merged in, nothing else touched.
    let arn = distribution.as_ref().map_or_else(
        || "arn:aws:cloudfront::ACCOUNT:distribution/(new)".to_owned(),
        |d| d.arn.clone(),
    );
    let before = bucket_policy::read(&context.client, &bucket).await?;
    let merged = policy::merge(before.as_deref(), policy::statement(&bucket, &arn)).map_err(|why| {
        crate::error::Failure::new(
            crate::error::ExitKind::Failure,
            format!("{why}: refusing to change the policy of bucket {}", escape(&bucket)),
        )
        .hint("fix the bucket policy (aws s3api get-bucket-policy), then run `s3share cdn init` again")
    })?;
    let old_text = before
        .as_deref()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .map(|v| policy::pretty(&v))
        .unwrap_or_default();
    let mut diff = Vec::new();
    match &merged {
        None => out.note(&format!(
            "The policy of bucket {} already lets the distribution read it.",
            escape(&bucket)
        )),
        Some(new) if dry => {
            out.note(&format!(
                "Would change the policy of bucket {} (PutBucketPolicy):",
                escape(&bucket)
            ));
            diff = policy::diff(&old_text, &policy::pretty(new));
            if !out.json() {
                for line in &diff {
                    out.result(format!("{}\n", escape(line)).as_bytes())?;
                }
            }
        }
        Some(new) => {
            bucket_policy::write(&context.client, &bucket, &policy::pretty(new)).await?;
            out.note(&format!(
                "Let the distribution read bucket {} (PutBucketPolicy, statement {}; {} other \
                 statement(s) kept).",
                escape(&bucket),
                policy::SID,
                policy::others(new).len()
            ));
        }
    }

    // The config file.
    let (Some(d), Some(key_id)) = (&distribution, &key_id) else {
        out.note(&format!(
            "Would write [cdn] into {}.",
            config_path.display()
        ));
        return summary(out, dry, None, None, &key_path, &diff);
    };
    let config = CdnConfig {
        url: format!("https://{}", d.domain),
        key_id: key_id.clone(),
        private_key: key_path.clone(),
    };
    let unchanged = settings.cdn().ok().flatten().as_ref() == Some(&config);
    if dry {
        out.note(&format!(
            "Would write [cdn] into {}.",
            config_path.display()
        ));
    } else if unchanged {
        out.note(&format!(
            "[cdn] in {} is already this.",
            config_path.display()
        ));
    } else {
        setup::write_config(&config_path, &config)?;
        out.note(&format!("Wrote [cdn] into {}.", config_path.display()));
    }
    summary(out, dry, Some(d), Some(key_id), &key_path, &diff)
}

/// The JSON result (`--json`), with the policy's diff under `--dry-run`; the notes said the rest.
fn summary(
    out: &mut Output,
    dry: bool,
    distribution: Option<&Distribution>,
    key_id: Option<&str>,
    key_path: &std::path::Path,
    policy_diff: &[String],
) -> Result<()> {
    if out.json() {
        out.json_line(&json!({
            "dry_run": dry,
            "distribution": distribution.map(|d| &d.id),
            "status": distribution.map(|d| &d.status),
            "url": distribution.map(|d| format!("https://{}", d.domain)),
            "key_id": key_id,
            "private_key": key_path,
            "policy_diff": policy_diff,
        }))?;
    }
    Ok(())
}

/// The distribution already set up: the one `[cdn] url` names (which may be one `--distribution`
/// attached), else s3share's for this bucket (by its comment).
async fn existing_distribution(
    cloudfront: &CloudFront,
    settings: &Settings,
    names: &Names,
) -> Result<Option<Distribution>> {
    if let Some(url) = &settings.cdn_url {
        let host = url::Url::parse(&url.value)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        if let Some(found) = cloudfront.distribution_for_host(&host).await? {
            return Ok(Some(found));
        }
    }
    Ok(cloudfront.find_distribution(&names.comment).await?)
}

/// The key group named for the bucket, holding `key_id`: found, updated or created.
async fn key_group(
    cloudfront: &CloudFront,
    names: &Names,
    key_id: Option<&str>,
    dry: bool,
    out: &Output,
) -> Result<Option<String>> {
    let found = cloudfront.find_key_group(&names.group).await?;
    Ok(match (found, key_id) {
        (Some(group), Some(key)) if group.keys.iter().any(|k| k == key) => {
            out.note(&format!(
                "Key group {}: already there, with the key.",
                escape(&group.name)
            ));
            Some(group.id)
        }
        (Some(group), _) if dry => {
            out.note(&format!(
                "Would add the key to key group {} (UpdateKeyGroup).",
                escape(&group.name)
            ));
            Some(group.id)
        }
        (Some(group), key) => {
            let mut keys = group.keys.clone();
            keys.extend(key.map(str::to_owned));
            cloudfront.set_key_group_keys(&group.id, &keys).await?;
            out.note(&format!(
                "Added the key to key group {} (UpdateKeyGroup).",
                escape(&group.name)
            ));
            Some(group.id)
        }
        (None, _) if dry => {
            out.note(&format!(
                "Would create key group {} (CreateKeyGroup).",
                names.group
            ));
            None
        }
        (None, key) => {
            let keys: Vec<String> = key.map(str::to_owned).into_iter().collect();
            let id = cloudfront.create_key_group(&names.group, &keys).await?;
            out.note(&format!(
                "Created key group {} ({}, CreateKeyGroup).",
                names.group,
                escape(&id)
            ));
            Some(id)
        }
    })
}

/// The origin access control named for the bucket: found or created.
async fn origin_access_control(
    cloudfront: &CloudFront,
    names: &Names,
    dry: bool,
    out: &Output,
) -> Result<Option<String>> {
    Ok(
        match cloudfront.find_origin_access_control(&names.group).await? {
            Some(id) => {
                out.note(&format!(
                    "Origin access control {}: already there.",
                    names.group
                ));
                Some(id)
            }
            None if dry => {
                out.note(&format!(
                    "Would create origin access control {} (CreateOriginAccessControl).",
                    names.group
                ));
                None
            }
            None => {
                let id = cloudfront
                    .create_origin_access_control(&names.group)
                    .await?;
                out.note(&format!(
                    "Created origin access control {} ({}, CreateOriginAccessControl).",
                    names.group,
                    escape(&id)
                ));
                Some(id)
            }
        },
    )
}

/// Makes every behaviour of the distribution trust the key group.
async fn trust(
    cloudfront: &CloudFront,
    distribution: &Distribution,
    group: &str,
    dry: bool,
    out: &Output,
) -> Result<()> {
    if distribution.key_groups.iter().any(|g| g == group) {
        return Ok(());
    }
    if dry {
        out.note("Would make every behaviour of the distribution trust the key group (UpdateDistribution).");
    } else if cloudfront.trust_key_group(&distribution.id, group).await? {
        out.note(
            "Made every behaviour of the distribution trust the key group (UpdateDistribution).",
        );
    }
    Ok(())
}
