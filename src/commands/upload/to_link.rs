//! `upload --url`: one file to a presigned PUT link, without credentials.

use std::path::Path;

use anyhow::Result;

use crate::cli::UploadArgs;
use crate::error::Failure;
use crate::output::Output;
use crate::presigned_url::{PresignedUrl, Signing};
use crate::s3::preflight::{self, Task};
use crate::settings::flag_sse;
use crate::transfer::interrupt::Interrupt;
use crate::transfer::progress;
use crate::transfer::put_url;

use super::object::check_file;

/// `--url`: one file to a presigned PUT link, without credentials.
pub(super) async fn run(args: &UploadArgs, url: &str, out: &Output) -> Result<()> {
    let [path] = args.files.as_slice() else {
        return Err(Failure::usage("--url takes exactly one FILE").into());
    };
    // Before anything is sent: a download link or a page, or a signature cut off, would be
    // refused by the server with a misleading cause.
    preflight::check(url, Task::Upload)?;
    if path.as_os_str() == "-" {
        return Err(Failure::usage(
            "--url needs a file: a presigned PUT cannot take a stream of unknown length",
        )
        .hint(
            "save the data to a file first, or upload with credentials: s3share upload - --key KEY",
        )
        .into());
    }
    let size = check_file(path)?;
    // The x-amz-* headers the link may have been signed for are sent only when the user names
    // them, since an unsigned one would make S3 refuse the link. A Content-Type is always sent.
    let mut headers: Vec<(String, String)> =
        link_content_type(url, path, args.content_type.as_deref())
            .map(|content_type| ("content-type".to_owned(), content_type))
            .into_iter()
            .collect();
    if let Some(sse) = flag_sse(&args.sse.flags())? {
        headers.extend(sse.headers());
    }
    let interrupt = Interrupt::listen();
    let name = path.display().to_string();
    let bar = progress::bar(out, Some(size), &name);
    let result = tokio::select! {
        result = put_url::put_file(url, path, size, &headers, &bar) => result,
        () = interrupt.wait() => Err(Interrupt::failure("the upload was cancelled").into()),
    };
    bar.finish_and_clear();
    result?;
    out.note(&format!("Stored {name} ({size} bytes)."));
    Ok(())
}

/// The Content-Type for `upload --url`: `--content-type`, else, when the link signs one, the type
/// the sharer's side guesses from the key in the link (the likeliest to match), else the type
/// guessed from the file's name. None for a SigV2 link, whose signature always covers the
/// Content-Type: there only what the user names is sent.
fn link_content_type(url: &str, path: &Path, given: Option<&str>) -> Option<String> {
    if let Some(given) = given {
        return Some(given.to_owned());
    }
    let link = PresignedUrl::parse(url).ok();
    let guess = match link.as_ref().map(|link| &link.signing) {
        Some(Signing::V2) => return None,
        Some(Signing::V4 { signed_headers, .. })
            if signed_headers.iter().any(|h| h == "content-type") =>
        {
            mime_guess::from_path(link.as_ref()?.key.as_deref()?)
        }
        _ => mime_guess::from_path(path),
    };
    Some(guess.first_or_octet_stream().to_string())
}
