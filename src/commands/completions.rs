//! `s3share completions`: shell completions generated from the CLI definition.

use anyhow::Result;

use crate::cli::CompletionsArgs;
use crate::output::Output;

/// Runs `completions`.
pub fn run(_args: CompletionsArgs, _out: &mut Output) -> Result<()> {
    anyhow::bail!("`s3share completions` is not implemented yet")
}
