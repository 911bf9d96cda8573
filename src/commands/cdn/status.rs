//! `s3share cdn status`: whether the configured distribution is deployed, its domain, and
//! whether the configured key is one the distribution trusts (in a trusted key group, and the
//! same key as the private key file holds).

use anyhow::Result;
use serde::Serialize;

use super::setup;
use crate::cdn::key::SigningKey;
use crate::error::{ExitKind, Failure};
use crate::output::Output;
use crate::settings::Settings;
use crate::terminal::escape;

/// What `status` found.
#[derive(Serialize)]
struct Status {
    distribution: String,
    status: String,
    deployed: bool,
    domain: String,
    url: String,
    key_id: String,
    /// A key group the distribution trusts holds `key_id`.
    key_trusted: bool,
    /// CloudFront's public key `key_id` is the public half of the configured private key.
    key_matches: bool,
}

/// Runs `cdn status`.
pub async fn run(settings: &Settings, out: &mut Output) -> Result<()> {
    let config = setup::configured(settings)?;
    let key = SigningKey::load(&config.private_key)?;
    let (_, cloudfront) = setup::connect(settings).await?;
    let distribution = cloudfront.serving(&config.url).await?;
    let key_trusted = cloudfront
        .group_holding(&distribution, &config.key_id)
        .await?
        .is_some();
    let key_matches = cloudfront
        .public_key_pem(&config.key_id)
        .await?
        .is_some_and(|pem| pem.trim() == key.public_pem().trim());
    let status = Status {
        deployed: distribution.status == "Deployed",
        distribution: distribution.id,
        status: distribution.status,
        domain: distribution.domain,
        url: config.url,
        key_id: config.key_id,
        key_trusted,
        key_matches,
    };
    if out.json() {
        out.json_line(&status)?;
    } else {
        let state = if status.deployed {
            "Deployed: links work".to_owned()
        } else {
            format!(
                "{}: CloudFront is still deploying it (minutes); links answer errors until then",
                escape(&status.status)
            )
        };
        let key_state = match (status.key_trusted, status.key_matches) {
            (true, true) => "trusted, matches the private key".to_owned(),
            (false, _) => {
                "NOT in a key group the distribution trusts: links will be refused".to_owned()
            }
            (true, false) => format!(
                "trusted, but NOT the public half of {}: links will be refused",
                config.private_key.display()
            ),
        };
        let text = format!(
            "distribution  {} ({state})\ndomain        {}\nurl           {}\nkey           {} ({}): {key_state}\n",
            escape(&status.distribution),
            escape(&status.domain),
            escape(&status.url),
            escape(&status.key_id),
            key.kind(),
        );
        out.result(text.as_bytes())?;
    }
    if !(status.key_trusted && status.key_matches) {
        return Err(Failure::new(
            ExitKind::Denied,
            "the configured key does not sign links this distribution accepts",
        )
        .hint("run `s3share cdn init` again to add it, or check [cdn] key_id and private_key")
        .into());
    }
    Ok(())
}
