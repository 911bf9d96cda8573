//! `s3share get`: download from a presigned URL or an s3:// location.

use anyhow::Result;

use crate::cli::GetArgs;
use crate::output::Output;
use crate::settings::Settings;

/// Runs `get`.
pub async fn run(_args: GetArgs, _settings: &Settings, _out: &mut Output) -> Result<()> {
    anyhow::bail!("`s3share get` is not implemented yet")
}
