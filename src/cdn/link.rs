//! Reading a CloudFront signed URL back (`inspect`): which distribution, which resource or
//! policy, until when, signed by which key with which hash. Nothing is verified here: that
//! takes the public key, which only CloudFront holds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::sign::{decode_cloudfront_base64, SIGNING_PARAMETERS};

/// What a CloudFront signed URL says about itself.
#[derive(Clone, Debug)]
pub struct CloudFrontUrl {
    /// `https://d111111abcdef8.cloudfront.net`.
    pub host: String,
    /// The URL without the signing parameters: what a canned policy names.
    pub resource: String,
    /// A custom policy, decoded (`None` for a canned one).
    pub policy: Option<String>,
    /// The resource the policy grants (a custom policy's may have `*` and `?`).
    pub granted: String,
    /// When it expires (`Expires`, or the policy's `DateLessThan`).
    pub expires_at: SystemTime,
    /// `Key-Pair-Id`: the CloudFront public key (or legacy key pair) it was signed with.
    pub key_id: String,
    /// `Hash-Algorithm`, `SHA1` when absent (CloudFront's default).
    pub hash_algorithm: String,
}

impl CloudFrontUrl {
    /// Parses `text` if it is a CloudFront signed URL (`Signature` and `Key-Pair-Id` with
    /// `Expires` or `Policy`); `Err` says what is wrong with one that claims to be.
    pub fn parse(text: &str) -> Option<Result<CloudFrontUrl, String>> {
        let text = text.split('#').next().unwrap_or(text);
        let (base, query) = text.split_once('?')?;
        let mut kept = Vec::new();
        let mut found = std::collections::BTreeMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if SIGNING_PARAMETERS.contains(&name) {
                found.insert(name, value);
            } else {
                kept.push(pair);
            }
        }
        if !found.contains_key("Signature") || !found.contains_key("Key-Pair-Id") {
            return None;
        }
        Some(parse_fields(base, &kept, &found))
    }

    /// Whether the link has expired at `now`.
    pub fn is_expired(&self, now: SystemTime) -> bool {
        now >= self.expires_at
    }

    /// The object key the link serves: its path, decoded, without the leading `/` (the
    /// distribution's origin is the bucket's root).
    pub fn key(&self) -> Option<String> {
        let url = url::Url::parse(&self.resource).ok()?;
        let path = url.path().strip_prefix('/')?;
        percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()
            .map(|key| key.into_owned())
    }
}

fn parse_fields(
    base: &str,
    kept: &[&str],
    found: &std::collections::BTreeMap<&str, &str>,
) -> Result<CloudFrontUrl, String> {
    let url = url::Url::parse(base).map_err(|e| format!("not a URL ({e})"))?;
    let host = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""))
        + &url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let resource = match kept.is_empty() {
        true => base.to_owned(),
        false => format!("{base}?{}", kept.join("&")),
    };
    let (policy, granted, expires) = match (found.get("Expires"), found.get("Policy")) {
        (Some(expires), None) => {
            let expires: u64 = expires
                .parse()
                .map_err(|_| format!("Expires '{expires}' is not a number of seconds"))?;
            (None, resource.clone(), expires)
        }
        (None, Some(policy)) => {
            let bytes =
                decode_cloudfront_base64(policy).ok_or("its Policy is not CloudFront's base64")?;
            let text = String::from_utf8(bytes).map_err(|_| "its Policy is not text")?;
            let json: serde_json::Value =
                serde_json::from_str(&text).map_err(|_| "its Policy is not JSON")?;
            let statement = &json["Statement"][0];
            let granted = statement["Resource"]
                .as_str()
                .ok_or("its Policy names no Resource")?
                .to_owned();
            let expires = statement["Condition"]["DateLessThan"]["AWS:EpochTime"]
                .as_u64()
                .ok_or("its Policy has no DateLessThan")?;
            (Some(text), granted, expires)
        }
        _ => return Err("it needs exactly one of Expires and Policy".to_owned()),
    };
    Ok(CloudFrontUrl {
        host,
        resource,
        policy,
        granted,
        expires_at: UNIX_EPOCH + Duration::from_secs(expires),
        key_id: found["Key-Pair-Id"].to_owned(),
        hash_algorithm: found
            .get("Hash-Algorithm")
            .map_or("SHA1", |h| *h)
            .to_owned(),
    })
}

/// Whether `resource` matches a policy's `pattern` (`*` any run, `?` one character), as
/// CloudFront compares them.
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), resource.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canned_link_reads_back() {
        let url = "https://d1.cloudfront.net/a%20b.txt?Expires=2000000000&Signature=abc_&Key-Pair-Id=K1&Hash-Algorithm=SHA256";
        let link = CloudFrontUrl::parse(url).unwrap().unwrap();
        assert_eq!(link.host, "https://d1.cloudfront.net");
        assert_eq!(link.resource, "https://d1.cloudfront.net/a%20b.txt");
        assert_eq!(link.key().as_deref(), Some("a b.txt"));
        assert_eq!(link.key_id, "K1");
        assert_eq!(link.hash_algorithm, "SHA256");
        assert!(link.policy.is_none());
        assert!(CloudFrontUrl::parse("https://b.s3.amazonaws.com/k?X-Amz-Signature=1").is_none());
    }

    #[test]
    fn wildcards_match_as_cloudfront_s() {
        assert!(resource_matches("https://d/a/*", "https://d/a/b/c"));
        assert!(resource_matches("https://d/a?c", "https://d/abc"));
        assert!(!resource_matches("https://d/a/*", "https://d/b/c"));
    }
}
