//! Object locations: `s3://bucket/key` URIs and bare keys that fall back to the default bucket.

use std::fmt;

use crate::error::Failure;
use crate::terminal::escape;

/// The longest key S3 accepts, in bytes of UTF-8.
const MAX_KEY_BYTES: usize = 1024;

/// A bucket and a key: where one object lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectLocation {
    /// The bucket name.
    pub bucket: String,
    /// The object key, exactly as stored (may contain `//`, a leading `/`, spaces, unicode).
    pub key: String,
}

impl fmt::Display for ObjectLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shown to people only; a key may hold anything, so its control characters are escaped.
        write!(f, "s3://{}/{}", escape(&self.bucket), escape(&self.key))
    }
}

/// Where bare keys go: the configured default bucket and prefix.
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultBucket<'a> {
    /// The default bucket, if one is configured.
    pub bucket: Option<&'a str>,
    /// The prefix put in front of bare keys (a `/` is added if it has none).
    pub prefix: Option<&'a str>,
}

impl DefaultBucket<'_> {
    /// Resolves a bare key against the default bucket and prefix.
    fn locate(&self, key: &str) -> Result<ObjectLocation, Failure> {
        let bucket = self.bucket.ok_or_else(|| {
            Failure::config(format!("no bucket given for '{key}' and no default bucket is set"))
                .hint("write s3://BUCKET/KEY, set S3SHARE_BUCKET, or put `bucket = \"...\"` in the config file (s3share init)")
        })?;
        let key = join_prefix(self.prefix.unwrap_or(""), key);
        ObjectLocation::new(bucket, key)
    }
}

/// Joins a folder-like prefix and a key with exactly the `/` the prefix lacks.
pub fn join_prefix(prefix: &str, key: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        format!("{prefix}{key}")
    } else {
        format!("{prefix}/{key}")
    }
}

impl ObjectLocation {
    /// Checks the bucket name and key and builds a location.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Result<Self, Failure> {
        let bucket = bucket.into();
        let key = key.into();
        check_bucket(&bucket)?;
        if key.is_empty() {
            return Err(
                Failure::usage(format!("s3://{bucket}/ names a bucket, not an object"))
                    .hint(format!("add the key: s3://{bucket}/path/to/file")),
            );
        }
        if key.len() > MAX_KEY_BYTES {
            return Err(Failure::usage(format!(
                "key is {} bytes long; S3 keys are at most {MAX_KEY_BYTES} bytes",
                key.len()
            )));
        }
        Ok(ObjectLocation { bucket, key })
    }

    /// Parses a folder: like [`ObjectLocation::parse`], and `s3://bucket/` (the whole bucket,
    /// an empty key) is allowed too.
    pub fn parse_prefix(input: &str, default: DefaultBucket<'_>) -> Result<Self, Failure> {
        match split_s3_uri(input)? {
            Some((bucket, "")) => {
                check_bucket(bucket)?;
                Ok(ObjectLocation {
                    bucket: bucket.to_owned(),
                    key: String::new(),
                })
            }
            Some((bucket, key)) => ObjectLocation::new(bucket, key),
            None => default.locate(input),
        }
    }

    /// Parses `s3://bucket/key`, or a bare key placed in the default bucket under its prefix.
    pub fn parse(input: &str, default: DefaultBucket<'_>) -> Result<Self, Failure> {
        match split_s3_uri(input)? {
            Some((bucket, key)) => ObjectLocation::new(bucket, key),
            None => default.locate(input),
        }
    }
}

/// Splits `s3://bucket/rest` into bucket and rest; `Ok(None)` for a bare key.
///
/// Anything else that looks like a URL (`https://…`, `s3:/x`) is a usage error, so a typo is not
/// silently taken for a key.
pub fn split_s3_uri(input: &str) -> Result<Option<(&str, &str)>, Failure> {
    if let Some(rest) = input.strip_prefix("s3://") {
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        return Ok(Some((bucket, key)));
    }
    if input.starts_with("http://") || input.starts_with("https://") {
        return Err(Failure::usage(format!(
            "'{}' is a URL, not an s3://bucket/key location",
            shorten(input)
        ))
        .hint(
            "to download a link use `s3share get URL`; to explain one use `s3share inspect URL`",
        ));
    }
    let lower = input.to_ascii_lowercase();
    if lower.starts_with("s3:") || input.contains("://") {
        return Err(
            Failure::usage(format!("malformed location '{}'", shorten(input)))
                .hint("write s3://BUCKET/KEY, or a bare KEY for the default bucket"),
        );
    }
    if input.is_empty() {
        return Err(Failure::usage("empty key")
            .hint("write s3://BUCKET/KEY, or a bare KEY for the default bucket"));
    }
    Ok(None)
}

/// S3's rules for bucket names, as a hint.
pub const BUCKET_RULES: &str = "bucket names are 3 to 63 characters: lower-case letters, digits, \
     '.' and '-', starting and ending with a letter or digit";

/// Checks a bucket name loosely: refuses what no S3 server accepts (S3 and the common
/// S3-compatible servers), naming the rule broken. Upper case and `_` pass: old buckets and some
/// servers have them; the server says whether it takes them.
pub fn check_bucket(bucket: &str) -> Result<(), Failure> {
    if bucket.is_empty() {
        return Err(Failure::usage("missing bucket name").hint("write s3://BUCKET/KEY"));
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let broken = if let Some(c) = bucket
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        format!("it contains '{}'", escape(&c.to_string()))
    } else if bucket.len() < 3 || bucket.len() > 63 {
        format!("it is {} characters long", bucket.len())
    } else if !edge(bucket.chars().next()) || !edge(bucket.chars().last()) {
        "it does not start and end with a letter or digit".to_owned()
    } else if bucket.contains("..") {
        "it has two dots in a row".to_owned()
    } else if bucket.parse::<std::net::Ipv4Addr>().is_ok() {
        "it is an IP address".to_owned()
    } else {
        return Ok(());
    };
    Err(Failure::usage(format!(
        "invalid bucket name '{}': {broken}",
        escape(bucket)
    ))
    .hint(BUCKET_RULES))
}

/// Cuts long input for an error line; a URL may carry a signature we should not echo whole.
fn shorten(input: &str) -> String {
    let visible: String = input.chars().take(60).collect();
    match input.split_once('?') {
        Some((base, _)) if base.len() <= 60 => format!("{base}?…"),
        _ if visible.len() < input.len() => format!("{visible}…"),
        _ => visible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_DEFAULT: DefaultBucket<'static> = DefaultBucket {
        bucket: None,
        prefix: None,
    };

    fn parse(input: &str) -> Result<ObjectLocation, Failure> {
        ObjectLocation::parse(input, NO_DEFAULT)
    }

    #[test]
    fn parses_s3_uris_keeping_keys_verbatim() {
        for (input, key) in [
            ("s3://bkt/a.txt", "a.txt"),
            ("s3://bkt/dir/a b+c=d%e~f#g?h", "dir/a b+c=d%e~f#g?h"),
            ("s3://bkt//leading", "/leading"),
            ("s3://bkt/a//b", "a//b"),
            ("s3://bkt/ünï/😀", "ünï/😀"),
        ] {
            let loc = parse(input).unwrap();
            assert_eq!((loc.bucket.as_str(), loc.key.as_str()), ("bkt", key));
            assert_eq!(loc.to_string(), input);
        }
    }

    #[test]
    fn bare_keys_use_default_bucket_and_prefix() {
        let default = DefaultBucket {
            bucket: Some("team"),
            prefix: Some("shared"),
        };
        let loc = ObjectLocation::parse("q3.pdf", default).unwrap();
        assert_eq!(loc.to_string(), "s3://team/shared/q3.pdf");
        let default = DefaultBucket {
            prefix: Some("shared/"),
            ..default
        };
        assert_eq!(
            ObjectLocation::parse("q3.pdf", default).unwrap().key,
            "shared/q3.pdf"
        );
    }

    #[test]
    fn bare_key_without_default_bucket_is_a_config_error() {
        let err = parse("q3.pdf").unwrap_err();
        assert_eq!(err.kind, crate::error::ExitKind::Config);
        assert!(err.hint.unwrap().contains("S3SHARE_BUCKET"));
    }

    #[test]
    fn rejects_malformed_locations_as_usage_errors() {
        for bad in [
            "s3://",
            "s3://bkt",
            "s3://bkt/",
            "s3:/bkt/key",
            "S3://bkt/key",
            "gs://bkt/key",
            "https://bkt.s3.amazonaws.com/key?X-Amz-Signature=secret",
            "s3://b/key",
            "s3://Bad Bucket/key",
            "s3://-bkt/key",
            "s3://bkt-/key",
            "s3://b..kt/key",
            "s3://192.168.1.1/key",
            "",
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.kind, crate::error::ExitKind::Usage, "{bad}");
            assert!(!err.message.contains("secret"), "{}", err.message);
        }
    }

    #[test]
    fn rejects_keys_longer_than_s3_allows() {
        let long = format!("s3://bkt/{}", "k".repeat(1025));
        assert!(parse(&long).unwrap_err().message.contains("1024"));
        assert!(parse(&format!("s3://bkt/{}", "k".repeat(1024))).is_ok());
    }
}
