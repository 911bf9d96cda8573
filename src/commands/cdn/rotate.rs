//! `s3share cdn rotate`: sign with a new key from now on, and remove the old one once the links
//! it signed may stop working.
//!
//! The first run makes a new ECDSA P-256 key, uploads it, adds it to the distribution's key
//! group beside the old one and switches `[cdn]` to it: new links use it, and old links keep
//! working, because the group still trusts the old key. It remembers the old key and when its
//! grace ends in `cloudfront-rotation.json` beside the config file. A run after the grace removes
//! the old key from the group and deletes it from CloudFront (every link it signed stops then),
//! and deletes its private key file if s3share made it. A run before then says when, and
//! changes nothing. `--grace 0s` removes the old key at once.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use super::setup::{self, Names};
use crate::cdn::key::SigningKey;
use crate::cdn::CdnConfig;
use crate::cli::CdnRotateArgs;
use crate::cloudfront::CloudFront;
use crate::error::{ExitKind, Failure};
use crate::expiry::timestamp;
use crate::output::Output;
use crate::settings::Settings;
use crate::terminal::escape;

/// The key being retired, as the file beside the config remembers it.
#[derive(Serialize, Deserialize)]
struct Retiring {
    /// The old public key's id.
    key_id: String,
    /// Its private key file.
    private_key: PathBuf,
    /// The key group that still holds it.
    key_group: String,
    /// When its grace ends (RFC 3339).
    remove_after: String,
}

/// Runs `cdn rotate`.
pub async fn run(args: CdnRotateArgs, settings: &Settings, out: &mut Output) -> Result<()> {
    let config = setup::configured(settings)?;
    let bucket = setup::bucket(settings)?;
    let config_path = setup::config_path(settings)?;
    let dir = config_path.parent().unwrap_or(Path::new(".")).to_owned();
    let state_path = dir.join("cloudfront-rotation.json");
    let (_, cloudfront) = setup::connect(settings).await?;

    if let Some(retiring) = read_state(&state_path)? {
        let due = humantime::parse_rfc3339(&retiring.remove_after)
            .map_or(true, |at| SystemTime::now() >= at);
        if !due {
            out.note(&format!(
                "Key {} is retiring: links it signed keep working until {}. Run `s3share cdn \
                 rotate` after that to remove it; nothing changed now.",
                escape(&retiring.key_id),
                retiring.remove_after
            ));
            return Ok(());
        }
        retire(&cloudfront, &retiring, &dir, out).await?;
        std::fs::remove_file(&state_path)
            .with_context(|| format!("could not remove {}", state_path.display()))?;
        out.note("Rotation finished; `s3share cdn rotate` starts the next one.");
        return Ok(());
    }

    let distribution = cloudfront.serving(&config.url).await?;
    let group = cloudfront
        .group_holding(&distribution, &config.key_id)
        .await?;
    let group = group.ok_or_else(|| {
        Failure::new(
            ExitKind::Failure,
            format!(
                "key {} is in no key group the distribution trusts, so there is nothing to rotate",
                escape(&config.key_id)
            ),
        )
        .hint("`s3share cdn status` shows what is configured; `s3share cdn init` repairs it")
    })?;

    // The new key: written first, so a failure later leaves nothing that cannot be reused.
    let names = Names::of(&bucket);
    let new_name = names.public_key();
    let new_path = dir.join(format!("{new_name}.pem").replacen("s3share-", "cloudfront-", 1));
    let pem = SigningKey::generate_pem();
    setup::write_private_key(&new_path, &pem)?;
    let key = SigningKey::from_pem(pem.as_bytes()).expect("a key just generated reads back");
    let new_id = cloudfront
        .create_public_key(&new_name, &key.public_pem())
        .await?;
    let mut keys = group.keys.clone();
    keys.push(new_id.clone());
    cloudfront.set_key_group_keys(&group.id, &keys).await?;
    setup::write_config(
        &config_path,
        &CdnConfig {
            url: config.url.clone(),
            key_id: new_id.clone(),
            private_key: new_path.clone(),
        },
    )?;
    out.note(&format!(
        "New key {} (ECDSA P-256, {}) is in key group {} and signs new links from now on.",
        escape(&new_id),
        new_path.display(),
        escape(&group.name)
    ));

    let retiring = Retiring {
        key_id: config.key_id.clone(),
        private_key: config.private_key.clone(),
        key_group: group.id.clone(),
        remove_after: timestamp(SystemTime::now() + args.grace),
    };
    if args.grace == Duration::ZERO {
        return retire(&cloudfront, &retiring, &dir, out).await;
    }
    let text = serde_json::to_string_pretty(&retiring).expect("JSON");
    crate::commands::init::write_atomically(&state_path, text.as_bytes())
        .with_context(|| format!("could not write {}", state_path.display()))?;
    out.note(&format!(
        "Old key {} still works for the links it signed until {}; run `s3share cdn rotate` \
         after that to remove it (every link it signed stops then).",
        escape(&config.key_id),
        retiring.remove_after
    ));
    Ok(())
}

/// Removes the old key from its group and from CloudFront, and its private key file if s3share
/// made it (in the config directory, `cloudfront-…`).
async fn retire(
    cloudfront: &CloudFront,
    retiring: &Retiring,
    dir: &Path,
    out: &Output,
) -> Result<()> {
    let group = cloudfront.key_group(&retiring.key_group).await?;
    let keys: Vec<String> = group
        .keys
        .iter()
        .filter(|k| **k != retiring.key_id)
        .cloned()
        .collect();
    if keys.len() != group.keys.len() {
        cloudfront.set_key_group_keys(&group.id, &keys).await?;
    }
    cloudfront.delete_public_key(&retiring.key_id).await?;
    out.note(&format!(
        "Removed old key {} from key group {} and from CloudFront: links it signed no longer work.",
        escape(&retiring.key_id),
        escape(&group.name)
    ));
    let ours = retiring.private_key.parent() == Some(dir)
        && retiring
            .private_key
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("cloudfront-"));
    if ours && retiring.private_key.exists() {
        std::fs::remove_file(&retiring.private_key)
            .with_context(|| format!("could not delete {}", retiring.private_key.display()))?;
        out.note(&format!(
            "Deleted its private key file {}.",
            retiring.private_key.display()
        ));
    }
    Ok(())
}

/// The rotation under way, if any.
fn read_state(path: &Path) -> Result<Option<Retiring>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(serde_json::from_str(&text).map_err(|e| {
            Failure::config(format!(
                "{} is not a rotation s3share wrote: {e}",
                path.display()
            ))
            .hint("remove it if no rotation is under way")
        })?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context(format!("could not read {}", path.display()))),
    }
}
