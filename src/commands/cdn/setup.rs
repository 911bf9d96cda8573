//! What the `cdn` commands share: the names s3share gives CloudFront resources, the key file in
//! the config directory, and writing `[cdn]` into the config file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::cdn::CdnConfig;
use crate::cloudfront::CloudFront;
use crate::error::{ExitKind, Failure};
use crate::s3::S3Context;
use crate::settings::Settings;

/// The names s3share gives what it creates for `bucket` (CloudFront names take letters, digits,
/// `-` and `_`).
pub struct Names {
    /// The key group's and the origin access control's name (at most 64 characters).
    pub group: String,
    /// The distribution's comment, how `init` finds it again.
    pub comment: String,
}

impl Names {
    /// The names for `bucket`.
    pub fn of(bucket: &str) -> Names {
        let safe: String = bucket
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        // Origin access control names are at most 64 characters.
        let group: String = format!("s3share-{safe}").chars().take(64).collect();
        Names {
            group,
            comment: format!("s3share: {bucket}"),
        }
    }

    /// A new public key's name: the group's and the time, unique per millisecond.
    pub fn public_key(&self) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        format!("{}-{}", self.group, now.as_millis())
    }
}

/// The default bucket the distribution will serve (the one CDN links are signed for).
pub fn bucket(settings: &Settings) -> Result<String, Failure> {
    settings
        .bucket
        .as_ref()
        .map(|b| b.value.clone())
        .ok_or_else(|| {
            Failure::config("cdn init serves the default bucket, and none is set").hint(
                "set it first: `s3share init`, bucket = … in the config file, or S3SHARE_BUCKET",
            )
        })
}

/// The config file `[cdn]` is written to.
pub fn config_path(settings: &Settings) -> Result<PathBuf, Failure> {
    settings.config_path.clone().ok_or_else(|| {
        Failure::config("no config directory to write [cdn] to")
            .hint("set S3SHARE_CONFIG to the file s3share should use")
    })
}

/// The configured distribution, or exit 3 saying how to set one up.
pub fn configured(settings: &Settings) -> Result<CdnConfig, Failure> {
    settings.cdn()?.ok_or_else(|| {
        Failure::config("no CloudFront distribution is configured")
            .hint("run `s3share cdn init` (or set [cdn] url, key_id and private_key)")
    })
}

/// S3 and CloudFront clients with the user's credentials.
pub async fn connect(settings: &Settings) -> Result<(S3Context, CloudFront)> {
    let context = S3Context::connect(&settings.connection()).await?;
    let profile = settings.profile.as_ref().map(|p| p.value.as_str());
    let cloudfront = CloudFront::connect(profile, &context.credentials).await;
    Ok((context, cloudfront))
}

/// Writes a new private key (PEM) to `path`, readable by the owner only, never over a file.
pub fn write_private_key(path: &Path, pem: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("could not create the private key file {}", path.display()))?;
    file.write_all(pem.as_bytes())
        .with_context(|| format!("could not write the private key file {}", path.display()))?;
    Ok(())
}

/// Sets `[cdn]` in the config file at `path` (url, key_id, private_key), keeping everything
/// else in it as it is.
pub fn write_config(path: &Path, config: &CdnConfig) -> Result<()> {
    let existing = std::fs::read_to_string(path).ok();
    let mut document = crate::commands::init::parse_existing(path, existing.as_deref())?;
    if !document.contains_table("cdn") {
        document["cdn"] = toml_edit::table();
    }
    let table = &mut document["cdn"];
    table["url"] = toml_edit::value(&config.url);
    table["key_id"] = toml_edit::value(&config.key_id);
    table["private_key"] = toml_edit::value(config.private_key.to_string_lossy().as_ref());
    crate::commands::init::write_atomically(path, document.to_string().as_bytes())
        .with_context(|| format!("could not write the config file {}", path.display()))?;
    Ok(())
}

/// `key` as an absolute path, so the config file names it wherever s3share runs.
pub fn absolute(key: &Path) -> Result<PathBuf, Failure> {
    std::path::absolute(key).map_err(|e| {
        Failure::new(
            ExitKind::Usage,
            format!("cannot resolve the key file {}: {e}", key.display()),
        )
    })
}
