//! `s3share config`: the effective settings and where each came from.

use anyhow::Result;

use crate::output::Output;
use crate::settings::Settings;

/// Runs `config`.
pub fn run(_settings: &Settings, _out: &mut Output) -> Result<()> {
    anyhow::bail!("`s3share config` is not implemented yet")
}
