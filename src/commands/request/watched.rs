//! The request a watch follows: its prefix, until when, which files already there count, and how
//! to come back to it.

use std::time::SystemTime;

use crate::s3::list::Listed;
use crate::terminal::escape;

/// Which of the files listed first count as arrivals.
#[derive(Clone, Copy, Debug)]
pub enum Baseline {
    /// None of them: the request was just made, so what is there came before it.
    FirstListing,
    /// Those stored since then (a request made earlier, recorded in the history).
    Since(SystemTime),
    /// All of them (a request known only by its link).
    Everything,
}

/// The request being watched.
#[derive(Debug)]
pub struct Watched {
    /// Its bucket.
    pub bucket: String,
    /// The prefix listed.
    pub listed: String,
    /// The prefix arrivals are named relative to (saved paths, `from`): the request's prefix,
    /// without a `--for` name.
    pub base: String,
    /// When its upload rights expire.
    pub expires_at: SystemTime,
    /// Which files already there count.
    pub baseline: Baseline,
    /// Made `--for` names: the first segment below `base` names the sender.
    pub by_name: bool,
    /// What to give `--watch` to come back to it (an id); `None`: its link.
    pub resume: Option<String>,
    /// For an encrypted request, the fingerprint of the key its page now carries.
    pub encrypted_to: Option<String>,
}

impl Watched {
    /// How to come back to this watch.
    pub fn resume_command(&self) -> String {
        match &self.resume {
            Some(id) => format!("s3share request --watch {}", escape(id)),
            None => "s3share request --watch '<the request's link>'".to_owned(),
        }
    }
}

/// The key of `object` below the request's prefix.
pub fn relative<'a>(object: &'a Listed, watched: &Watched) -> &'a str {
    object
        .key
        .strip_prefix(&watched.base)
        .unwrap_or(&object.key)
}
