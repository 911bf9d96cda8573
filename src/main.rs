//! s3share: share files through S3 from the command line.
//!
//! `main` parses the command line, runs one command ([`commands::run`]), and is the single place
//! that turns an error into `error:`/`hint:` lines and an exit code (see [`report`]); an
//! interruption ends by SIGINT there ([`error::die_of_sigint`]).

mod cdn;
mod cli;
mod cloudfront;
mod commands;
mod ece;
mod encrypted_upload;
mod error;
mod expiry;
mod file_name;
mod help;
mod history;
mod hpke;
mod human;
mod id;
mod layout;
mod location;
mod md5_digest;
mod net;
mod output;
mod pages;
mod presigned_url;
mod redacted;
mod report;
mod request_key;
mod s3;
mod settings;
mod shell;
mod terminal;
mod transfer;
mod zip;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;

fn main() -> ExitCode {
    if output::clipboard::serve_if_requested() {
        return ExitCode::SUCCESS;
    }
    // One TLS crypto provider for both HTTP clients (the SDK's and reqwest): aws-lc-rs.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cli = Cli::parse();
    let (verbose, color) = (cli.global.verbose, cli.global.color);
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => match report::report(&error, verbose, color) {
            None => ExitCode::SUCCESS,
            Some(error::ExitKind::Interrupted) => {
                // Whatever was printed before the interruption stays printed.
                let _ = std::io::stdout().flush();
                error::die_of_sigint()
            }
            Some(kind) => ExitCode::from(kind.code()),
        },
    }
}
