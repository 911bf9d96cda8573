//! `s3share completions`: shell completions generated from the CLI definition.

use anyhow::Result;

use crate::cli::CompletionsArgs;
use crate::commands::common::generation;
use crate::output::Output;

/// Runs `completions`.
pub fn run(args: CompletionsArgs, out: &mut Output) -> Result<()> {
    out.result(&generation::completions(args.shell))?;
    Ok(())
}
