//! `s3share key`: the requester's key for encrypted requests. `show` says where it is and its
//! fingerprint, `export` writes a backup, `import` takes one in. The private key is never
//! printed: it goes from file to file, 0600.

use anyhow::Result;
use serde_json::json;

use crate::cli::{KeyCommand, KeyFileArgs};
use crate::error::{ExitKind, Failure};
use crate::hpke::SecretKey;
use crate::output::Output;
use crate::request_key;
use crate::settings::Settings;
use crate::terminal::escape;

/// Runs `key show|export|import`.
pub fn run(command: KeyCommand, settings: &Settings, out: &mut Output) -> Result<()> {
    let path = key_path(settings)?;
    match command {
        KeyCommand::Show => {
            let key = request_key::load(&path)?.ok_or_else(|| missing(&path))?;
            show(&path, &key, out)
        }
        KeyCommand::Export(args) => export(&path, &args, out),
        KeyCommand::Import(args) => import(&path, &args, out),
    }
}

/// Where the key file is: beside the config file.
pub fn key_path(settings: &Settings) -> Result<std::path::PathBuf, Failure> {
    settings
        .config_path
        .as_deref()
        .map(request_key::path_beside)
        .ok_or_else(|| {
            Failure::config("no config directory for the request key")
                .hint("set S3SHARE_CONFIG to a config file; the key goes beside it")
        })
}

fn missing(path: &std::path::Path) -> Failure {
    Failure::new(
        ExitKind::NotFound,
        format!("no request key at {}", escape(&path.display().to_string())),
    )
    .hint(
        "`s3share request PREFIX --encrypt` makes one; `s3share key import FILE` restores a backup",
    )
}

fn show(path: &std::path::Path, key: &SecretKey, out: &mut Output) -> Result<()> {
    let public = key.public_key();
    if out.json() {
        out.json_line(&json!({
            "path": path.display().to_string(),
            "fingerprint": public.fingerprint(),
            "public_key": request_key::public_to_text(&public),
        }))?;
    } else {
        out.result(
            format!(
                "request key: {}\nfingerprint: {}\n",
                escape(&path.display().to_string()),
                public.fingerprint()
            )
            .as_bytes(),
        )?;
    }
    Ok(())
}

fn export(path: &std::path::Path, args: &KeyFileArgs, out: &mut Output) -> Result<()> {
    let key = request_key::load(path)?.ok_or_else(|| missing(path))?;
    request_key::write(&args.file, &key, args.force)?;
    out.note(&format!(
        "wrote the request key (fingerprint {}) to {}: keep it where only you can read it",
        key.public_key().fingerprint(),
        escape(&args.file.display().to_string())
    ));
    show(path, &key, out)
}

fn import(path: &std::path::Path, args: &KeyFileArgs, out: &mut Output) -> Result<()> {
    let text = std::fs::read_to_string(&args.file).map_err(|e| {
        Failure::new(
            ExitKind::NotFound,
            format!(
                "cannot read {}: {e}",
                escape(&args.file.display().to_string())
            ),
        )
    })?;
    let key = request_key::decode(&text).ok_or_else(|| {
        Failure::usage(format!(
            "{} is not an s3share request key",
            escape(&args.file.display().to_string())
        ))
        .hint("import a file written by `s3share key export`")
    })?;
    let current = request_key::load(path)?;
    if current
        .as_ref()
        .is_some_and(|c| c.as_bytes() == key.as_bytes())
    {
        out.note("that key is already the request key");
        return show(path, &key, out);
    }
    if let (Some(current), false) = (&current, args.force) {
        return Err(Failure::new(
            ExitKind::Failure,
            format!(
                "another request key is already there (fingerprint {})",
                current.public_key().fingerprint()
            ),
        )
        .hint("export it first (`s3share key export FILE`), then import with --force: without it, files sent to it are lost")
        .into());
    }
    request_key::write(path, &key, true)?;
    show(path, &key, out)
}
