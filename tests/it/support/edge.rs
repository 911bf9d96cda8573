//! A CloudFront edge for tests: it checks a signed URL as the CloudFront Developer Guide
//! describes ("Create a signed URL using a canned policy", "… a custom policy"), then serves the
//! object it names from the bucket behind it, fetched from s3s-fs with origin credentials.
//!
//! The checks: `Key-Pair-Id` names a key of the key group, `Hash-Algorithm` is `SHA256`, the
//! signature (CloudFront's base64: `-` `_` `~` for `+` `=` `/`) verifies over the policy (for a
//! canned policy, the one built from the URL without the signing parameters and `Expires`; for
//! a custom one, the decoded `Policy`), the policy's resource matches the URL (`*` and `?`
//! wildcards) and the time is before `DateLessThan`. A refusal is a 403 with CloudFront's
//! `AccessDenied` body and what failed in the message. What it serves carries the Content-Type
//! the object was stored with, and a `Range` is answered with `206`, as CloudFront does in front
//! of S3.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_ASN1, RSA_PKCS1_2048_8192_SHA256};
use base64::Engine as _;

use super::{ACCESS_KEY, SECRET_KEY};

/// A public key the edge trusts: its id, and whether it is ECDSA P-256 (SPKI DER) or RSA
/// (PKCS#1 DER).
#[derive(Clone)]
pub struct TrustedKey {
    /// `Key-Pair-Id`.
    pub id: String,
    /// The public key's DER.
    pub der: Vec<u8>,
    /// ECDSA P-256 rather than RSA.
    pub ecdsa: bool,
}

/// A running edge; it serves bucket `bucket` of the S3 server at `origin`.
pub struct Edge {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    /// What each request got: `200 /key` or `403 reason`.
    log: Arc<Mutex<Vec<String>>>,
}

impl Edge {
    /// Starts an edge trusting `keys`, in front of `bucket` at `origin`.
    pub fn start(origin: &str, bucket: &str, keys: Vec<TrustedKey>) -> Edge {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let url = format!("http://{addr}");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (origin, bucket, base, seen) = (
            origin.to_owned(),
            bucket.to_owned(),
            url.clone(),
            log.clone(),
        );
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let client = runtime.block_on(origin_client(&origin));
        let served = Arc::new(Served {
            base,
            bucket,
            keys,
            client,
            runtime: runtime.handle().clone(),
            log: seen,
        });
        std::thread::spawn(move || {
            // Each connection on a thread of its own: a browser opens some it sends nothing on.
            let _runtime = runtime;
            for socket in listener.incoming().flatten() {
                let served = served.clone();
                std::thread::spawn(move || served.answer(socket));
            }
        });
        Edge { url, log }
    }

    /// What each request so far got.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

/// What the edge's connections share.
struct Served {
    base: String,
    bucket: String,
    keys: Vec<TrustedKey>,
    client: aws_sdk_s3::Client,
    runtime: tokio::runtime::Handle,
    log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// Answers the one request on `socket`.
    fn answer(&self, mut socket: std::net::TcpStream) {
        let Some((target, range)) = read_target(&mut socket) else {
            return;
        };
        let mut headers = "content-type: application/octet-stream\r\n".to_owned();
        let (status, body) = match check(&self.base, &target, &self.keys) {
            Err(reason) => {
                self.log.lock().unwrap().push(format!("403 {reason}"));
                let body = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>{reason}</Message></Error>"
                );
                ("403 Forbidden", body.into_bytes())
            }
            Ok(key) => {
                let got = self.runtime.block_on(
                    self.client
                        .get_object()
                        .bucket(&self.bucket)
                        .key(&key)
                        .set_range(range.clone())
                        .send(),
                );
                match got {
                    Ok(object) => {
                        headers = format!(
                            "content-type: {}\r\n",
                            object.content_type().unwrap_or("application/octet-stream")
                        );
                        if let Some(etag) = object.e_tag() {
                            headers.push_str(&format!("etag: {etag}\r\n"));
                        }
                        let status = match object.content_range() {
                            Some(content_range) => {
                                headers.push_str(&format!("content-range: {content_range}\r\n"));
                                "206 Partial Content"
                            }
                            None => "200 OK",
                        };
                        match self.runtime.block_on(object.body.collect()) {
                            Ok(bytes) => {
                                self.log.lock().unwrap().push(format!("200 {key}"));
                                (status, bytes.into_bytes().to_vec())
                            }
                            Err(e) => {
                                self.log.lock().unwrap().push(format!("502 {key}: {e}"));
                                ("502 Bad Gateway", Vec::new())
                            }
                        }
                    }
                    Err(_) => {
                        self.log.lock().unwrap().push(format!("404 {key}"));
                        (
                            "404 Not Found",
                            b"<Error><Code>NoSuchKey</Code></Error>".to_vec(),
                        )
                    }
                }
            }
        };
        let _ = write!(
            socket,
            "HTTP/1.1 {status}\r\n{headers}accept-ranges: bytes\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        let _ = socket.write_all(&body);
    }
}

/// An S3 client with the origin's credentials (the edge's access to the bucket).
async fn origin_client(endpoint: &str) -> aws_sdk_s3::Client {
    let credentials =
        aws_sdk_s3::config::Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "edge");
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(credentials)
        // A ranged answer carries no checksum of its own: nothing to validate.
        .response_checksum_validation(aws_sdk_s3::config::ResponseChecksumValidation::WhenRequired)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// The request target (`/path?query`) of a GET, and its `Range` header.
fn read_target(socket: &mut std::net::TcpStream) -> Option<(String, Option<String>)> {
    let mut request = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = socket.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        request.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&request);
    let mut lines = head.lines();
    let line = lines.next()?;
    let mut parts = line.split(' ');
    let _method = parts.next()?;
    let range = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("range")
            .then(|| value.trim().to_owned())
    });
    parts.next().map(|target| (target.to_owned(), range))
}

/// Checks a request for `target` as CloudFront does; the object key it may have, or why not.
pub fn check(base: &str, target: &str, keys: &[TrustedKey]) -> Result<String, String> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut kept = Vec::new();
    let (mut expires, mut policy, mut signature, mut key_id, mut hash) =
        (None, None, None, None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "Expires" => expires = Some(value),
            "Policy" => policy = Some(value),
            "Signature" => signature = Some(value),
            "Key-Pair-Id" => key_id = Some(value),
            "Hash-Algorithm" => hash = Some(value),
            _ => kept.push(pair),
        }
    }
    let resource = match kept.is_empty() {
        true => format!("{base}{path}"),
        false => format!("{base}{path}?{}", kept.join("&")),
    };
    let key_id = key_id.ok_or("Missing Key-Pair-Id query parameter")?;
    let key = keys.iter().find(|k| k.id == key_id).ok_or("Unknown Key")?;
    if hash != Some("SHA256") {
        return Err(format!("Hash-Algorithm {hash:?} is not SHA256"));
    }
    let signature = decode(signature.ok_or("Missing Signature")?).ok_or("Invalid Signature")?;
    let policy_bytes = match (expires, policy) {
        (Some(expires), None) => format!(
            r#"{{"Statement":[{{"Resource":"{resource}","Condition":{{"DateLessThan":{{"AWS:EpochTime":{expires}}}}}}}]}}"#
        )
        .into_bytes(),
        (None, Some(policy)) => decode(policy).ok_or("Malformed Policy")?,
        _ => return Err("Missing Expires or Policy (or both given)".to_owned()),
    };
    let algorithm: &dyn aws_lc_rs::signature::VerificationAlgorithm = if key.ecdsa {
        &ECDSA_P256_SHA256_ASN1
    } else {
        &RSA_PKCS1_2048_8192_SHA256
    };
    UnparsedPublicKey::new(algorithm, &key.der)
        .verify(&policy_bytes, &signature)
        .map_err(|_| "Invalid Signature".to_owned())?;
    let statement: serde_json::Value =
        serde_json::from_slice(&policy_bytes).map_err(|_| "Malformed Policy")?;
    let statement = &statement["Statement"][0];
    let pattern = statement["Resource"].as_str().ok_or("Malformed Policy")?;
    if !wildcard_match(pattern, &resource) {
        return Err(format!("resource {resource} does not match {pattern}"));
    }
    let until = statement["Condition"]["DateLessThan"]["AWS:EpochTime"]
        .as_u64()
        .ok_or("Malformed Policy")?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    if now >= until {
        return Err("Access denied: expired".to_owned());
    }
    let key = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8()
        .map_err(|_| "path is not UTF-8")?;
    Ok(key.into_owned())
}

/// CloudFront's base64.
fn decode(text: &str) -> Option<Vec<u8>> {
    let standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '=',
            '~' => '/',
            c => c,
        })
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(standard)
        .ok()
}

/// A policy resource's match: `*` any run of characters, `?` exactly one.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
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
