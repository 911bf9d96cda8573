//! "Did you mean": when `share LOCATION` finds no object there, what the user more likely meant.
//! A file or folder on this disk (upload it), a key written as a local path (`./x`), or a folder
//! without its trailing slash (share the folder).

use std::path::Path;

use crate::error::{ExitKind, Failure};
use crate::layout;
use crate::location::ObjectLocation;
use crate::shell::quote;
use crate::terminal::escape;

/// `failure` (the HEAD of `location`, given as `input`) with a hint that names what was more
/// likely meant, where something is.
pub async fn better_hint(
    failure: Failure,
    input: &str,
    location: &ObjectLocation,
    client: &aws_sdk_s3::Client,
) -> Failure {
    if matches!(failure.kind, ExitKind::Config | ExitKind::Interrupted) {
        return failure;
    }
    match suggestion(input, location, client).await {
        Some(hint) => failure.hint(hint),
        None => failure,
    }
}

/// The hint, if any: a local path first (no request), then a folder under the key.
async fn suggestion(
    input: &str,
    location: &ObjectLocation,
    client: &aws_sdk_s3::Client,
) -> Option<String> {
    if !input.starts_with("s3://") {
        let local = Path::new(input);
        if local.is_file() {
            return Some(format!(
                "{} is a file on this computer, not an object in the bucket: to share it, \
                 upload it: s3share upload {}",
                escape(input),
                quote(input)
            ));
        }
        if local.is_dir() {
            return Some(format!(
                "{} is a folder on this computer, not in the bucket: to share it, upload it: \
                 s3share upload --share-folder {}",
                escape(input),
                quote(input)
            ));
        }
    }
    let key = &location.key;
    if let Some(rest) = key.strip_prefix("./").filter(|rest| !rest.is_empty()) {
        let fixed = ObjectLocation::new(&location.bucket, rest).ok()?;
        return Some(format!(
            "keys are not paths: `./` is part of the key here; did you mean s3share share {}",
            quote(&fixed.to_string())
        ));
    }
    if key.ends_with('/') || layout::is_own(key) {
        return None;
    }
    let folder = format!("{}/", key.trim_start_matches('/'));
    let listed = client
        .list_objects_v2()
        .bucket(&location.bucket)
        .prefix(&folder)
        .max_keys(1)
        .send()
        .await
        .ok()?;
    if listed.key_count().unwrap_or_default() == 0 && listed.contents().is_empty() {
        return None;
    }
    let fixed = ObjectLocation::new(&location.bucket, folder).ok()?;
    Some(format!(
        "{} is a folder: to share everything in it, end it with a slash: s3share share {}",
        escape(key),
        quote(&fixed.to_string())
    ))
}
