//! Link lifetimes: parsing `--expires` values and enforcing the SigV4 limit (README, "Temporary
//! credentials"), and showing points in time to people.

use std::time::{Duration, SystemTime};

/// The longest lifetime a SigV4 presigned URL may have: 7 days (604800 s).
pub const MAX_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The lifetime used when neither a flag, the environment nor the config file sets one.
pub const DEFAULT_EXPIRY: Duration = Duration::from_secs(60 * 60);

/// What every expiry error says about the allowed values.
const ALLOWED: &str = "use a duration like 90s, 15m, 1h, 7d or 1h30m, more than 0 and at most 7d";

/// Parses a humantime duration and checks it is within `(0, 7 days]`.
///
/// The error is a complete sentence fit for `error:`; it names the allowed range.
pub fn parse_expiry(text: &str) -> Result<Duration, String> {
    let duration = parse_lifetime(text)?;
    check_s3_expiry(duration).map_err(|_| too_long(text))?;
    Ok(duration)
}

/// Parses a positive humantime duration of any length: `--expires`, which CloudFront links take
/// as given (`1y`, `400d`) and S3 links check when signed ([`check_s3_expiry`]).
pub fn parse_lifetime(text: &str) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text.trim())
        .map_err(|_| format!("invalid duration '{text}': {ALLOWED}"))?;
    if duration.is_zero() {
        return Err(format!("duration '{text}' is zero: {ALLOWED}"));
    }
    Ok(duration)
}

/// Checks that a presigned S3 link may live `duration` (SigV4's 7 days at most).
pub fn check_s3_expiry(duration: Duration) -> Result<(), String> {
    if duration > MAX_EXPIRY {
        return Err(too_long(&humantime::format_duration(duration).to_string()));
    }
    Ok(())
}

fn too_long(text: &str) -> String {
    format!(
        "duration '{text}' is longer than 7d, the longest a presigned URL can live (SigV4 limit); {ALLOWED}"
    )
}

/// Formats a time as RFC 3339 in UTC, to the second.
pub fn timestamp(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// `in 42m` or `3m ago`: to the minute (never more time left than there is), or to the second
/// under a minute.
pub fn relative(time: SystemTime, now: SystemTime) -> String {
    let (span, future) = match time.duration_since(now) {
        Ok(span) => (span, true),
        Err(e) => (e.duration(), false),
    };
    let secs = span.as_secs();
    let rounded = Duration::from_secs(if secs >= 60 { secs / 60 * 60 } else { secs });
    let span = self::span(rounded);
    if future {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// A duration as `--expires` takes it, in whole seconds: `2d`, `1d 23h 59m`, `3h 12m`, `45s`.
pub fn span(duration: Duration) -> String {
    let secs = duration.as_secs();
    let parts = [
        (secs / 86400, "d"),
        (secs / 3600 % 24, "h"),
        (secs / 60 % 60, "m"),
        (secs % 60, "s"),
    ];
    let text: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if text.is_empty() {
        "0s".to_owned()
    } else {
        text.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_durations() {
        assert_eq!(parse_expiry("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_expiry("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_expiry("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_expiry("7d"), Ok(MAX_EXPIRY));
        assert_eq!(parse_expiry("604800s"), Ok(MAX_EXPIRY));
    }

    #[test]
    fn rejects_out_of_range_and_garbage_naming_the_range() {
        for bad in ["0s", "-1h", "8d", "604801s", "abc", "", "1 fortnight"] {
            let err = parse_expiry(bad).unwrap_err();
            assert!(err.contains("at most 7d"), "{bad}: {err}");
        }
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(
            relative(now + Duration::from_secs(3 * 3600 + 12 * 60 + 7), now),
            "in 3h 12m"
        );
        assert_eq!(relative(now + Duration::from_secs(45), now), "in 45s");
        assert_eq!(
            relative(now - Duration::from_secs(2 * 86400), now),
            "2d ago"
        );
        // A 2d link looked at a second after it was signed: not "1day 23h 59m".
        assert_eq!(
            relative(now + Duration::from_secs(86400 + 23 * 3600 + 59 * 60), now),
            "in 1d 23h 59m"
        );
    }

    #[test]
    fn spans_read_as_expires_takes_them() {
        assert_eq!(span(Duration::from_secs(7 * 86400)), "7d");
        assert_eq!(span(Duration::from_secs(5400)), "1h 30m");
        assert_eq!(span(Duration::from_secs(90)), "1m 30s");
        assert_eq!(span(Duration::ZERO), "0s");
        for secs in [1, 59, 3600, 90061, 604_800] {
            let text = span(Duration::from_secs(secs)).replace(' ', "");
            assert_eq!(parse_expiry(&text), Ok(Duration::from_secs(secs)), "{text}");
        }
    }
}
