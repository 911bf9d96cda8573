//! s3share: share files through S3 from the command line.
//!
//! `main` parses the command line, runs one command, and is the single place that turns an error
//! into `error:`/`hint:` lines and an exit code (see [`report`]).

mod cli;
mod clipboard;
mod commands;
mod diagnose;
mod error;
mod expiry;
mod generation;
mod location;
mod mask;
mod output;
mod presigned_url;
mod qr;
mod report;
mod s3;
mod settings;
mod shell;
mod transfer;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use crate::cli::{Cli, Command};
use crate::output::Output;
use crate::settings::Settings;

fn main() -> ExitCode {
    if clipboard::serve_if_requested() {
        return ExitCode::SUCCESS;
    }
    let cli = Cli::parse();
    let (verbose, color) = (cli.global.verbose, cli.global.color);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report::report(&error, verbose, color),
    }
}

fn run(cli: Cli) -> Result<()> {
    let mut out = Output::new(&cli.global);
    // Generated docs depend on nothing but the CLI: a broken config file must not stop them.
    match cli.command {
        Command::Completions(args) => {
            commands::completions::run(args, &mut out)?;
            return Ok(out.finish()?);
        }
        Command::Man => {
            commands::man::run(&mut out)?;
            return Ok(out.finish()?);
        }
        Command::Inspect(args) => {
            commands::inspect::run(args, &mut out)?;
            return Ok(out.finish()?);
        }
        _ => {}
    }
    let settings = match cli.command {
        // init writes the config file, so the one S3SHARE_CONFIG names need not exist yet.
        Command::Init => Settings::resolve_for_init(&cli.global)?,
        _ => Settings::resolve(&cli.global)?,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Presign(args) => commands::presign::run(args, &settings, &mut out).await,
            Command::Share(args) => commands::share::run(args, &settings, &mut out).await,
            Command::Upload(args) => commands::upload::run(args, &settings, &mut out).await,
            Command::Get(args) => commands::get::run(args, &settings, &mut out).await,
            Command::Init => commands::init::run(&settings, &mut out).await,
            Command::Config => commands::config::run(&settings, &mut out),
            Command::Completions(_) | Command::Man | Command::Inspect(_) => {
                unreachable!("handled above")
            }
        }
    })?;
    out.finish()?;
    Ok(())
}
