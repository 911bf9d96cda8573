//! `s3share cdn`: setting up and looking after the CloudFront distribution that CDN links go
//! through. `init.rs` creates what is missing (key pair, key group, origin access control,
//! distribution, bucket-policy statement) and writes `[cdn]`; `status.rs` says whether it is
//! deployed and signs with a trusted key; `rotate.rs` switches to a new key and later removes
//! the old one; `setup.rs` holds
//! what they share (names, the key file, the config file's `[cdn]` table).

mod init;
mod rotate;

mod setup;
mod status;

use anyhow::Result;

use crate::cli::CdnCommand;
use crate::output::Output;
use crate::settings::Settings;

/// Runs `cdn init`, `cdn status` or `cdn rotate`.
pub async fn run(command: CdnCommand, settings: &Settings, out: &mut Output) -> Result<()> {
    match command {
        CdnCommand::Init(args) => init::run(args, settings, out).await,
        CdnCommand::Status => status::run(settings, out).await,
        CdnCommand::Rotate(args) => rotate::run(args, settings, out).await,
    }
}
