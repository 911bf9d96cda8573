//! Whether a command's download links go through the CloudFront distribution (`--via`, `[cdn]`):
//! by default once one is configured, for the bucket it serves.

use std::time::Duration;

use crate::cdn::sign::CdnSigner;
use crate::cdn::Via;
use crate::error::Failure;
use crate::expiry::MAX_EXPIRY;
use crate::output::Output;
use crate::s3::presign::Presigner;
use crate::s3::S3Context;
use crate::settings::Settings;

/// The CDN signer for download links of `bucket` living `expires_in`, or `None` for S3 links.
///
/// `--via s3` forces S3; `--via cdn` refuses when no distribution is configured or when it
/// serves another bucket (the default bucket, when one is set). The key is read here, only when
/// a CDN link is to be signed.
pub fn cdn_signer(
    via: Option<Via>,
    settings: &Settings,
    bucket: Option<&str>,
    expires_in: Duration,
) -> Result<Option<CdnSigner>, Failure> {
    if via == Some(Via::S3) {
        return Ok(None);
    }
    let Some(config) = settings.cdn()? else {
        return match via {
            Some(Via::Cdn) => Err(Failure::usage(
                "--via cdn: no CloudFront distribution is configured",
            )
            .hint("set [cdn] url, key_id and private_key in the config file (see s3share config)")),
            _ => Ok(None),
        };
    };
    let served = settings.bucket.as_ref().map(|b| b.value.as_str());
    if let (Some(served), Some(bucket)) = (served, bucket) {
        if served != bucket {
            return match via {
                Some(Via::Cdn) => Err(Failure::usage(format!(
                    "--via cdn: the CloudFront distribution serves bucket '{served}', not '{bucket}'"
                ))),
                _ => Ok(None),
            };
        }
    }
    Ok(Some(config.signer(expires_in)?))
}

/// The lifetime of the S3 signer a command still sets up beside a CDN signer: within SigV4's
/// limit (its GET links are not used; the rest keep their own checks).
pub fn s3_lifetime(expires_in: Duration, cdn: bool) -> Duration {
    if cdn {
        expires_in.min(MAX_EXPIRY)
    } else {
        expires_in
    }
}

/// The S3 presigner a command sets up before it signs anything, `cdn` saying whether its
/// download links go through the distribution: within SigV4's limit beside a CDN signer, and
/// its links' lifetime checked against the credentials (`--strict`) only when they are S3 links,
/// since CDN links do not depend on the session.
pub fn presigner<'a>(
    context: &'a S3Context,
    expires_in: Duration,
    cdn: bool,
    settings: &Settings,
    out: &Output,
) -> anyhow::Result<Presigner<'a>> {
    let presigner = Presigner::new(context, s3_lifetime(expires_in, cdn))?;
    if !cdn {
        super::lifetime::check(presigner.lifetime(), settings.strict, out)?;
    }
    Ok(presigner)
}
