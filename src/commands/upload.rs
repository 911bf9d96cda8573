//! `s3share upload`: upload files and print a download link for each.

use anyhow::Result;

use crate::cli::UploadArgs;
use crate::output::Output;
use crate::settings::Settings;

/// Runs `upload`.
pub async fn run(_args: UploadArgs, _settings: &Settings, _out: &mut Output) -> Result<()> {
    anyhow::bail!("`s3share upload` is not implemented yet")
}
