//! One module per subcommand (a folder for those with several modes); each takes decided
//! settings and an [`Output`](crate::output::Output). Helpers several commands share are in
//! [`common`].

pub mod cdn;
pub mod common;
pub mod completions;
pub mod config;
pub mod get;
pub mod init;
pub mod inspect;
pub mod key;
pub mod links;
pub mod man;
pub mod presign;
pub mod request;
pub mod revoke;
pub mod share;
pub mod upload;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::output::Output;
use crate::settings::Settings;

/// Runs the command the command line names: those that need no settings first (generated docs
/// and `inspect` must work with a broken config file), then the rest on one runtime.
pub fn run(cli: Cli) -> Result<()> {
    let mut out = Output::new(cli.global.output_options());
    // Generated docs depend on nothing but the CLI: a broken config file must not stop them.
    match cli.command {
        Command::Completions(args) => {
            completions::run(args, &mut out)?;
            return Ok(out.finish()?);
        }
        Command::Man => {
            man::run(&mut out)?;
            return Ok(out.finish()?);
        }
        Command::Inspect(args) => {
            inspect::run(args, &mut out)?;
            return Ok(out.finish()?);
        }
        _ => {}
    }
    let settings = match cli.command {
        // init writes the config file, so the one S3SHARE_CONFIG names need not exist yet.
        Command::Init => Settings::resolve_for_init(&cli.global.settings_flags())?,
        _ => Settings::resolve(&cli.global.settings_flags())?,
    };
    crate::net::set_idle_timeout(settings.timeout.value);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Presign(args) => presign::run(args, &settings, &mut out).await,
            Command::Share(args) => share::run(args, &settings, &mut out).await,
            Command::Upload(args) => upload::run(args, &settings, &mut out).await,
            Command::Request(args) => request::run(args, &settings, &mut out).await,
            Command::Get(args) => get::run(args, &settings, &mut out).await,
            Command::Links(args) => links::run(args, &settings, &mut out).await,
            Command::Revoke(args) => revoke::run(args, &settings, &mut out).await,
            Command::Key(command) => key::run(command, &settings, &mut out),
            Command::Init => init::run(&settings, &mut out).await,
            Command::Cdn(command) => cdn::run(command, &settings, &mut out).await,
            Command::Config => config::run(&settings, &mut out),
            Command::Completions(_) | Command::Man | Command::Inspect(_) => {
                unreachable!("handled above")
            }
        }
    })?;
    out.finish()?;
    Ok(())
}
