//! `s3share man`: the man page generated from the CLI definition.

use anyhow::Result;

use crate::output::Output;

/// Runs `man`.
pub fn run(_out: &mut Output) -> Result<()> {
    anyhow::bail!("`s3share man` is not implemented yet")
}
