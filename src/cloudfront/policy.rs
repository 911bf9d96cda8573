//! The bucket-policy statement that lets one CloudFront distribution read the bucket through its
//! origin access control, merged into whatever policy the bucket already has: every other
//! statement is kept as it is, and only s3share's own (by its `Sid`) is replaced.

use serde_json::{json, Map, Value};

/// The `Sid` of s3share's statement: the one statement `cdn init` writes and may replace.
pub const SID: &str = "S3shareCloudFrontRead";

/// The statement granting `s3:GetObject` on `bucket` to CloudFront, for the distribution
/// `distribution_arn` only (`AWS:SourceArn`), as the CloudFront guide's OAC example has it.
pub fn statement(bucket: &str, distribution_arn: &str) -> Value {
    json!({
        "Sid": SID,
        "Effect": "Allow",
        "Principal": { "Service": "cloudfront.amazonaws.com" },
        "Action": "s3:GetObject",
        "Resource": format!("arn:aws:s3:::{bucket}/*"),
        "Condition": { "StringEquals": { "AWS:SourceArn": distribution_arn } },
    })
}

/// The policy with `ours` in it: `existing` (none when the bucket has no policy) keeps every
/// statement and key; a statement with our `Sid` is replaced in place, else ours is appended.
/// `Ok(None)` when the policy already holds exactly this statement (nothing to write).
pub fn merge(existing: Option<&str>, ours: Value) -> Result<Option<Value>, String> {
    let mut policy = match existing.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => serde_json::from_str::<Value>(text)
            .map_err(|e| format!("the bucket policy is not JSON ({e})"))?,
        None => json!({ "Version": "2012-10-17" }),
    };
    let Value::Object(document) = &mut policy else {
        return Err("the bucket policy is not a JSON object".to_owned());
    };
    let statements = match document.remove("Statement") {
        None => Vec::new(),
        Some(Value::Array(list)) => list,
        // IAM allows a single statement without the array.
        Some(single @ Value::Object(_)) => vec![single],
        Some(_) => {
            return Err("the bucket policy's Statement is neither a list nor an object".to_owned())
        }
    };
    let is_ours = |s: &Value| s.get("Sid").and_then(Value::as_str) == Some(SID);
    if statements.contains(&ours) && statements.iter().filter(|s| is_ours(s)).count() == 1 {
        return Ok(None);
    }
    let mut merged = Vec::with_capacity(statements.len() + 1);
    let mut placed = false;
    for s in statements {
        if is_ours(&s) {
            if !placed {
                merged.push(ours.clone());
                placed = true;
            }
        } else {
            merged.push(s);
        }
    }
    if !placed {
        merged.push(ours);
    }
    document.insert("Statement".to_owned(), Value::Array(merged));
    Ok(Some(policy))
}

/// The policy as people read it (and as it is written): pretty JSON.
pub fn pretty(policy: &Value) -> String {
    serde_json::to_string_pretty(policy).expect("a JSON value serialises")
}

/// A line diff of two texts, `-`/`+`/` ` before each line (longest common subsequence; bucket
/// policies are small).
pub fn diff(before: &str, after: &str) -> Vec<String> {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(format!("  {}", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || common[i][j + 1] >= common[i + 1][j]) {
            out.push(format!("+ {}", b[j]));
            j += 1;
        } else {
            out.push(format!("- {}", a[i]));
            i += 1;
        }
    }
    out
}

/// The policy's statements other than ours, for a check that none was lost.
pub fn others(policy: &Value) -> Vec<&Map<String, Value>> {
    policy
        .get("Statement")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_object)
                .filter(|s| s.get("Sid").and_then(Value::as_str) != Some(SID))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:cloudfront::123456789012:distribution/E1ABC";

    #[test]
    fn no_policy_gets_one_with_our_statement() {
        let policy = merge(None, statement("b", ARN)).unwrap().unwrap();
        assert_eq!(policy["Version"], "2012-10-17");
        assert_eq!(policy["Statement"].as_array().unwrap().len(), 1);
        assert_eq!(policy["Statement"][0]["Sid"], SID);
        assert_eq!(
            policy["Statement"][0]["Condition"]["StringEquals"]["AWS:SourceArn"],
            ARN
        );
        assert_eq!(policy["Statement"][0]["Resource"], "arn:aws:s3:::b/*");
    }

    #[test]
    fn existing_statements_and_keys_are_kept_and_ours_is_appended() {
        let existing = r#"{"Version":"2012-10-17","Id":"mine","Statement":[
            {"Sid":"DenyHttp","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        let policy = merge(Some(existing), statement("b", ARN)).unwrap().unwrap();
        assert_eq!(policy["Id"], "mine");
        let list = policy["Statement"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["Sid"], "DenyHttp");
        assert_eq!(list[1]["Sid"], SID);
        assert_eq!(others(&policy).len(), 1);
    }

    #[test]
    fn our_statement_is_replaced_in_place_never_duplicated() {
        let old = statement("b", "arn:aws:cloudfront::1:distribution/OLD");
        let existing = json!({"Statement": [old, {"Sid": "Other", "Effect": "Allow"}]}).to_string();
        let policy = merge(Some(&existing), statement("b", ARN))
            .unwrap()
            .unwrap();
        let list = policy["Statement"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["Condition"]["StringEquals"]["AWS:SourceArn"], ARN);
        assert_eq!(list[1]["Sid"], "Other");
    }

    #[test]
    fn a_policy_that_already_has_it_needs_no_write() {
        let existing = merge(None, statement("b", ARN))
            .unwrap()
            .unwrap()
            .to_string();
        assert_eq!(merge(Some(&existing), statement("b", ARN)).unwrap(), None);
    }

    #[test]
    fn a_single_statement_object_is_kept() {
        let existing = r#"{"Version":"2012-10-17","Statement":{"Sid":"One","Effect":"Allow"}}"#;
        let policy = merge(Some(existing), statement("b", ARN)).unwrap().unwrap();
        assert_eq!(policy["Statement"][0]["Sid"], "One");
        assert_eq!(policy["Statement"][1]["Sid"], SID);
    }

    #[test]
    fn what_is_not_a_policy_is_refused_not_overwritten() {
        assert!(merge(Some("not json"), statement("b", ARN)).is_err());
        assert!(merge(Some("[1]"), statement("b", ARN)).is_err());
        assert!(merge(Some(r#"{"Statement": 3}"#), statement("b", ARN)).is_err());
    }

    #[test]
    fn the_diff_marks_added_lines() {
        let lines = diff("a\nb\nc", "a\nb\nx\nc");
        assert_eq!(lines, ["  a", "  b", "+ x", "  c"]);
        assert_eq!(diff("a\nb", "a"), ["  a", "- b"]);
    }
}
