//! Recording printed links in the history ([`crate::history`]), for every command that prints
//! one. A history that cannot be written costs a warning, never the link.

use std::time::SystemTime;

use crate::expiry::timestamp;
use crate::history::{Entry, History};
use crate::id::unique_id;
use crate::location::ObjectLocation;
use crate::output::Output;
use crate::s3::presign::PresignedLink;
use crate::s3::S3Context;
use crate::settings::Settings;

/// Records links for one command run.
pub struct Recorder {
    history: Option<History>,
    command: &'static str,
    profile: Option<String>,
    endpoint: Option<String>,
    region: String,
    temporary: bool,
}

/// What to say when another s3share holds the history's lock for a while.
pub fn waiting_note(out: &Output) -> impl Fn(&std::path::Path) + '_ {
    move |path| {
        out.note(&format!(
            "Waiting for another s3share to finish with the history {} …",
            path.display()
        ));
    }
}

impl Recorder {
    /// A recorder for `command`; records nothing when the history is off (CI, settings).
    pub fn new(command: &'static str, settings: &Settings, context: &S3Context) -> Recorder {
        Recorder {
            history: settings.history.value.then(History::open_default).flatten(),
            command,
            profile: settings.profile.as_ref().map(|p| p.value.clone()),
            endpoint: settings.endpoint_url.as_ref().map(|e| e.value.clone()),
            region: context.region.clone(),
            temporary: context.credentials.expiry().is_some(),
        }
    }

    /// Records one printed link; returns its id. `revocable` is the private copy it points at.
    pub fn link(
        &self,
        link: &PresignedLink,
        location: &ObjectLocation,
        revocable: Option<&ObjectLocation>,
        out: &Output,
    ) -> Option<String> {
        let entry = self.entry(link, location, Some(link.url.0.clone()), None, revocable);
        let id = entry.id.clone();
        self.append(entry, out).then_some(id)
    }

    /// Records the link to a page (a file request, a shared folder) that stands for `shared`;
    /// returns its id.
    pub fn page(
        &self,
        link: &PresignedLink,
        page: &ObjectLocation,
        shared: &ObjectLocation,
        out: &Output,
    ) -> Option<String> {
        let mut entry = self.entry(link, page, Some(link.url.0.clone()), None, None);
        entry.shared = Some(format!("s3://{}/{}", shared.bucket, shared.key));
        let id = entry.id.clone();
        self.append(entry, out).then_some(id)
    }

    /// Records the page link of an encrypted share (without its key, which is never kept).
    pub fn encrypted(&self, page: &PresignedLink, location: &ObjectLocation, out: &Output) {
        let mut entry = self.entry(page, location, Some(page.url.0.clone()), None, None);
        entry.encrypted = true;
        self.append(entry, out);
    }

    /// Records a batch of `count` links as one entry, `first` standing for them.
    pub fn batch(
        &self,
        first: &PresignedLink,
        location: &ObjectLocation,
        count: usize,
        out: &Output,
    ) {
        if count == 1 {
            self.link(first, location, None, out);
            return;
        }
        let entry = self.entry(first, location, None, Some(count), None);
        self.append(entry, out);
    }

    fn entry(
        &self,
        link: &PresignedLink,
        location: &ObjectLocation,
        url: Option<String>,
        count: Option<usize>,
        revocable: Option<&ObjectLocation>,
    ) -> Entry {
        Entry {
            id: unique_id(&link.url, 4),
            at: timestamp(SystemTime::now()),
            command: self.command.to_owned(),
            method: link.method.as_http().to_owned(),
            location: format!("s3://{}/{}", location.bucket, location.key),
            url: url.map(crate::redacted::SignedUrl),
            expires_at: timestamp(link.expires_at),
            effective_expires_at: link.effective_expires_at.map(timestamp),
            profile: self.profile.clone(),
            endpoint: self.endpoint.clone(),
            region: Some(self.region.clone()),
            temporary: self.temporary,
            revocable: revocable.map(|r| format!("s3://{}/{}", r.bucket, r.key)),
            count,
            shared: None,
            encrypted: false,
            cdn: cdn_origin(&link.url.0),
        }
    }

    fn append(&self, entry: Entry, out: &Output) -> bool {
        let Some(history) = &self.history else {
            return false;
        };
        match history.append(entry, &waiting_note(out)) {
            Ok(()) => true,
            Err(failure) => {
                out.warn(&format!("not recorded in the history: {}", failure.message));
                false
            }
        }
    }
}

/// The distribution a CloudFront link goes through (`scheme://host[:port]`); `None` for S3 links.
fn cdn_origin(url: &str) -> Option<String> {
    crate::cdn::link::CloudFrontUrl::parse(url)?.ok()?;
    let parsed = url::Url::parse(url).ok()?;
    Some(parsed.origin().ascii_serialization())
}
