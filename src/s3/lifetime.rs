//! How long a link really works (README, "Temporary credentials").
//!
//! A presigned URL is only as good as the credentials that signed it: one signed with temporary
//! credentials (SSO, an assumed role, a session token) stops working when they expire, whatever
//! its own `X-Amz-Expires` says. This is the one place that compares the two, for every command
//! that mints links.

use std::time::{Duration, SystemTime};

use crate::error::Failure;
use crate::expiry::{relative, timestamp};

/// A link's own expiry and that of the credentials signing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    /// When the link expires as signed.
    pub link_expires_at: SystemTime,
    /// When the signing credentials expire; `None` for long-lived keys.
    pub credentials_expire_at: Option<SystemTime>,
}

impl Lifetime {
    /// When the link really stops working, if the credentials expire at all: the earlier of both.
    pub fn effective_expires_at(&self) -> Option<SystemTime> {
        self.credentials_expire_at
            .map(|credentials| credentials.min(self.link_expires_at))
    }

    /// Checks the lifetime once per command: `Ok(None)` when the link lives as long as asked,
    /// `Ok(Some(warning))` when the credentials cut it short, and an error instead with `strict`.
    pub fn check(&self, strict: bool, now: SystemTime) -> Result<Option<String>, Failure> {
        let Some(credentials) = self.credentials_expire_at else {
            return Ok(None);
        };
        if credentials >= self.link_expires_at {
            return Ok(None);
        }
        let when = format!(
            "{} ({})",
            timestamp(credentials),
            relative(credentials, now)
        );
        let link = timestamp(self.link_expires_at);
        if strict {
            let left = credentials.duration_since(now).unwrap_or_default();
            let fix = if left >= Duration::from_secs(60) {
                format!(
                    "ask for --expires {} or less, or sign with longer-lived credentials",
                    humantime::format_duration(Duration::from_secs(left.as_secs() / 60 * 60))
                )
            } else {
                "refresh the credentials (e.g. `aws sso login`) or use longer-lived ones".to_owned()
            };
            return Err(Failure::config(format!(
                "the temporary credentials expire at {when}, before the link's own expiry at \
                 {link}; not printing a link that would stop working early (--strict)"
            ))
            .hint(fix));
        }
        Ok(Some(format!(
            "the link is signed with temporary credentials that expire at {when}, before the \
             link's own expiry at {link}; it will stop working then"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn lifetime(link: Duration, credentials: Option<Duration>) -> (Lifetime, SystemTime) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let lifetime = Lifetime {
            link_expires_at: now + link,
            credentials_expire_at: credentials.map(|d| now + d),
        };
        (lifetime, now)
    }

    #[test]
    fn long_lived_credentials_change_nothing() {
        let (l, now) = lifetime(60 * MIN, None);
        assert_eq!(l.effective_expires_at(), None);
        assert_eq!(l.check(true, now).unwrap(), None);
    }

    #[test]
    fn credentials_outliving_the_link_change_nothing_but_are_reported() {
        let (l, now) = lifetime(5 * MIN, Some(10 * MIN));
        assert_eq!(l.effective_expires_at(), Some(l.link_expires_at));
        assert_eq!(l.check(true, now).unwrap(), None);
    }

    #[test]
    fn credentials_expiring_first_warn_or_fail_with_strict() {
        let (l, now) = lifetime(60 * MIN, Some(42 * MIN + Duration::from_secs(30)));
        assert_eq!(l.effective_expires_at(), l.credentials_expire_at);
        let warning = l.check(false, now).unwrap().unwrap();
        assert!(warning.contains("(in 42m)"), "{warning}");
        assert!(warning.contains("2023-11-14T22:55:50Z"), "{warning}");
        assert!(
            warning.contains("own expiry at 2023-11-14T23:13:20Z"),
            "{warning}"
        );
        let error = l.check(true, now).unwrap_err();
        assert_eq!(error.kind, crate::error::ExitKind::Config);
        assert!(error.hint.unwrap().contains("--expires 42m"));
    }
}
