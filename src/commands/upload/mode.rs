//! What an upload does, decided from its arguments before anything is read or sent, and whether
//! that way of uploading honours `--encrypt`. Every mode answers for itself (the match has no
//! catch-all arm), so a new mode cannot store in the clear what the user asked to encrypt.

use std::path::Path;

use crate::cli::UploadArgs;
use crate::error::Failure;
use crate::presigned_url::is_link;

/// One way of uploading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode<'a> {
    /// `--url LINK`: one file to a presigned PUT link.
    ToLink(&'a str),
    /// `--to LINK`: files sent through a file request page.
    ToRequest(&'a str),
    /// `-`: stdin streamed to one object.
    Stdin,
    /// One directory or more among the FILEs (the first named): a folder upload.
    Folder(&'a Path),
    /// Regular files, an object each (with `--encrypt`: an encrypted share each).
    Files,
}

/// Whether a mode can do what `--encrypt` promises.
enum Encrypt {
    /// It encrypts end to end.
    Honoured,
    /// It cannot: why, and what to do instead.
    Refused { why: String, hint: String },
}

impl<'a> Mode<'a> {
    /// The mode `args` ask for.
    pub(super) fn of(args: &'a UploadArgs) -> Mode<'a> {
        if let Some(url) = args.url.as_deref() {
            Mode::ToLink(url)
        } else if let Some(page) = args.to.as_deref().filter(|to| is_link(to)) {
            Mode::ToRequest(page)
        } else if args.files.iter().any(|path| path.as_os_str() == "-") {
            Mode::Stdin
        } else if let Some(dir) = args.files.iter().find(|path| path.is_dir()) {
            Mode::Folder(dir)
        } else {
            Mode::Files
        }
    }

    /// Refuses `--encrypt` (when given) for a mode that would store the bytes as they are.
    pub(super) fn check_encrypt(self, encrypt: bool) -> Result<(), Failure> {
        if !encrypt {
            return Ok(());
        }
        match self.encrypt() {
            Encrypt::Honoured => Ok(()),
            Encrypt::Refused { why, hint } => Err(Failure::usage(why).hint(hint)),
        }
    }

    fn encrypt(self) -> Encrypt {
        let refused = |why: &str, hint: &str| Encrypt::Refused {
            why: why.to_owned(),
            hint: hint.to_owned(),
        };
        match self {
            Mode::Files => Encrypt::Honoured,
            Mode::ToLink(_) => refused(
                "--encrypt does not go with --url: a PUT link stores the bytes it is sent as \
                 they are, with no page to decrypt them",
                "upload --encrypt FILE --to s3://BUCKET makes an encrypted share",
            ),
            // Only an encrypted request's page takes it; `to_request` asks the page, and
            // refuses before anything is sent when it is not one.
            Mode::ToRequest(_) => Encrypt::Honoured,
            Mode::Stdin => refused(
                "--encrypt takes files, not stdin",
                "save the stream to a file first, then upload --encrypt FILE",
            ),
            // One encrypted folder, one link (`encrypted_folder`).
            Mode::Folder(_) => Encrypt::Honoured,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_folders_and_requests_are_encrypted_every_other_mode_refuses() {
        for mode in [Mode::ToLink("https://x"), Mode::Stdin] {
            assert!(mode.check_encrypt(true).is_err(), "{mode:?}");
            assert!(mode.check_encrypt(false).is_ok(), "{mode:?}");
        }
        assert!(Mode::Files.check_encrypt(true).is_ok());
        assert!(Mode::Folder(Path::new("dir")).check_encrypt(true).is_ok());
        assert!(Mode::ToRequest("https://x").check_encrypt(true).is_ok());
    }
}
