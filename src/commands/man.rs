//! `s3share man`: the man page generated from the CLI definition.

use anyhow::Result;

use crate::commands::common::generation;
use crate::output::Output;

/// Runs `man`.
pub fn run(out: &mut Output) -> Result<()> {
    out.result(&generation::man_page()?)?;
    Ok(())
}
