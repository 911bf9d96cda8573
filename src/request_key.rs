//! The requester's key pair for encrypted requests, on disk: an X25519 private key in one file
//! (0600) beside the config file, created once and never printed. Pages carry its public key;
//! only this file opens what people send through them, so losing it loses those files.
//!
//! The file is text: two comment lines (what it is, its fingerprint) and the 32 bytes in
//! unpadded base64url. `key export` copies it out, `key import` copies one in.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use crate::error::{ExitKind, Failure};
use crate::hpke::{PublicKey, SecretKey, KEY_LEN};

/// The key file's name in the config directory.
pub const FILE_NAME: &str = "request-key";

/// The key file for the config file at `config_path`: beside it.
pub fn path_beside(config_path: &Path) -> PathBuf {
    config_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(FILE_NAME)
}

/// The key in `path`; `None` when there is no such file.
pub fn load(path: &Path) -> Result<Option<SecretKey>, Failure> {
    match std::fs::read_to_string(path) {
        Ok(text) => decode(&text).map(Some).ok_or_else(|| damaged(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Failure::new(
            ExitKind::Config,
            format!("cannot read the request key {}: {e}", path.display()),
        )),
    }
}

/// The key in `path`, made (and written, 0600) when there is none; `true` when it was made now.
pub fn load_or_create(path: &Path) -> Result<(SecretKey, bool), Failure> {
    if let Some(key) = load(path)? {
        return Ok((key, false));
    }
    let key = SecretKey::generate();
    write(path, &key, false)?;
    Ok((key, true))
}

/// Writes `key` to `path`, 0600, through a temporary file renamed into place; refuses to replace
/// a file there unless `replace`.
pub fn write(path: &Path, key: &SecretKey, replace: bool) -> Result<(), Failure> {
    let failed = |e: std::io::Error| {
        Failure::new(
            ExitKind::Failure,
            format!("cannot write the request key {}: {e}", path.display()),
        )
    };
    if !replace && path.exists() {
        return Err(Failure::new(
            ExitKind::Failure,
            format!("{} already exists", path.display()),
        )
        .hint("pass --force to replace it (files sent to the key it holds are then lost unless it is kept elsewhere)"));
    }
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut file = tempfile::Builder::new()
        .prefix(".request-key")
        .permissions(private())
        .tempfile_in(dir)
        .map_err(failed)?;
    file.write_all(encode(key).as_bytes()).map_err(failed)?;
    file.as_file().sync_all().map_err(failed)?;
    file.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn private() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::Permissions::from_mode(0o600)
}

#[cfg(not(unix))]
fn private() -> std::fs::Permissions {
    tempfile::NamedTempFile::new()
        .and_then(|f| f.as_file().metadata())
        .map(|m| m.permissions())
        .expect("a temporary file's permissions")
}

fn damaged(path: &Path) -> Failure {
    Failure::new(
        ExitKind::Config,
        format!("{} is not an s3share request key", path.display()),
    )
    .hint("restore it from your backup with `s3share key import FILE`")
}

/// The file's text.
pub fn encode(key: &SecretKey) -> String {
    format!(
        "# s3share request key (X25519, private): it alone opens what people send to your\n\
         # encrypted requests. Keep a copy; never share it. Fingerprint {}\n{}\n",
        key.public_key().fingerprint(),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes())
    )
}

/// The key in a key file's text; `None` when it holds none.
pub fn decode(text: &str) -> Option<SecretKey> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(line)
        .ok()?;
    let bytes: [u8; KEY_LEN] = bytes.try_into().ok()?;
    Some(SecretKey::from_bytes(bytes))
}

/// A public key as pages and manifests carry it: unpadded base64url.
pub fn public_to_text(key: &PublicKey) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.0)
}

/// A public key from its text; `None` when it is not 32 bytes of base64url.
pub fn public_from_text(text: &str) -> Option<PublicKey> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()?;
    Some(PublicKey(bytes.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_names_its_fingerprint() {
        let key = SecretKey::generate();
        let text = encode(&key);
        assert!(text.contains(&key.public_key().fingerprint()));
        assert_eq!(decode(&text).unwrap().as_bytes(), key.as_bytes());
        assert!(decode("# nothing\n").is_none());
        assert!(decode("AAAA\n").is_none());
    }

    #[test]
    fn made_once_private_and_never_replaced_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        let (first, made) = load_or_create(&path).unwrap();
        assert!(made);
        let (again, made) = load_or_create(&path).unwrap();
        assert!(!made);
        assert_eq!(first.as_bytes(), again.as_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(write(&path, &SecretKey::generate(), false).is_err());
        assert_eq!(load(&path).unwrap().unwrap().as_bytes(), first.as_bytes());
    }

    #[test]
    fn public_keys_as_text() {
        let public = SecretKey::generate().public_key();
        assert_eq!(public_from_text(&public_to_text(&public)), Some(public));
        assert_eq!(public_from_text("short"), None);
    }
}
