//! `s3share presign` against a real signature-verifying S3 server.

use crate::support;

use std::time::Duration;

use support::{assert_failure, http, stdout, TestEnv, BUCKET};

/// Keys that break naive encoders.
const TRICKY_KEYS: &[&str] = &[
    "plain.txt",
    "with space.txt",
    "plus+sign.txt",
    "equals=sign.txt",
    "percent%41.txt",
    "tilde~file.txt",
    "hash#mark.txt",
    "question?mark.txt",
    "ünïcödé/日本語 😀.txt",
    "a//b",
    "dir/sub/deep.bin",
    "quote'and\"double.txt",
    "amp&semi;colon:at@comma,.txt",
];

#[test]
fn presigned_get_is_accepted_and_returns_the_object() {
    let env = TestEnv::new();
    env.put_object("report.pdf", b"%PDF quarterly numbers");
    let url = env.url(&["presign", "s3://bkt/report.pdf"]);
    let response = http().get(&url).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.bytes().unwrap().as_ref(),
        b"%PDF quarterly numbers"
    );
}

#[test]
fn tampered_links_are_rejected() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"x");
    env.put_object("b.txt", b"y");
    let url = env.url(&["presign", "s3://bkt/a.txt"]);

    let last = url.chars().last().unwrap();
    let flipped = if last == '0' { '1' } else { '0' };
    let bad_signature = format!("{}{flipped}", &url[..url.len() - 1]);
    let other_key = url.replacen("/a.txt", "/b.txt", 1);
    let longer = url.replace("X-Amz-Expires=3600", "X-Amz-Expires=7200");
    for tampered in [bad_signature, other_key, longer] {
        let response = http().get(&tampered).send().unwrap();
        assert_eq!(response.status(), 403, "{tampered}");
        assert!(response.text().unwrap().contains("SignatureDoesNotMatch"));
    }
}

#[test]
fn expired_links_are_rejected() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"x");
    let url = env.url_signed_in_the_past(2, &["presign", "--expires", "1s", "s3://bkt/a.txt"]);
    let response = http().get(&url).send().unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.text().unwrap().contains("expired"));
}

#[test]
fn put_head_and_delete_links_work() {
    let env = TestEnv::new();
    let put = env.url(&["presign", "--method", "put", "s3://bkt/up.txt"]);
    assert_eq!(
        http().put(&put).body("uploaded").send().unwrap().status(),
        200
    );
    assert_eq!(env.stored("up.txt").as_deref(), Some(&b"uploaded"[..]));

    let head = env.url(&["presign", "--method", "head", "s3://bkt/up.txt"]);
    let response = http().head(&head).send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-length"], "8");
    // A HEAD link is not a GET link.
    assert_eq!(http().get(&head).send().unwrap().status(), 403);

    let delete = env.url(&["presign", "--method", "delete", "s3://bkt/up.txt"]);
    assert_eq!(http().delete(&delete).send().unwrap().status(), 204);
    assert_eq!(env.stored("up.txt"), None);
}

#[test]
fn put_link_binds_the_content_type() {
    let env = TestEnv::new();
    let url = env.url(&[
        "presign",
        "--method",
        "put",
        "--content-type",
        "image/jpeg",
        "s3://bkt/photo.jpg",
    ]);
    let wrong = http()
        .put(&url)
        .header("content-type", "image/png")
        .body("png")
        .send()
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let right = http()
        .put(&url)
        .header("content-type", "image/jpeg")
        .body("jpg")
        .send()
        .unwrap();
    assert_eq!(right.status(), 200);
}

/// Some SDKs (JavaScript v3 since 3.729) sign the CRC32 of an empty body into PUT links, so every
/// real upload fails. Keep links free of checksum parameters whatever the dependencies do.
#[test]
fn put_links_carry_no_checksum_parameters() {
    let env = TestEnv::new();
    let url = env.url(&["presign", "--method", "put", "s3://bkt/x.bin"]);
    let lower = url.to_lowercase();
    assert!(!lower.contains("x-amz-checksum-"), "{url}");
    assert!(!lower.contains("x-amz-sdk-checksum-"), "{url}");
    let response = http().put(&url).body(vec![7u8; 1000]).send().unwrap();
    assert_eq!(response.status(), 200);
}

#[test]
fn tricky_keys_round_trip_through_get_links() {
    let env = TestEnv::new();
    for key in TRICKY_KEYS {
        env.put_object(key, key.as_bytes());
        let url = env.url(&["presign", &format!("s3://{BUCKET}/{key}")]);
        let response = http().get(&url).send().unwrap();
        assert_eq!(response.status(), 200, "{key}: {url}");
        assert_eq!(response.bytes().unwrap().as_ref(), key.as_bytes(), "{key}");
    }
}

#[test]
fn tricky_keys_round_trip_through_put_links() {
    let env = TestEnv::new();
    for key in TRICKY_KEYS {
        let url = env.url(&[
            "presign",
            "--method",
            "put",
            &format!("s3://{BUCKET}/{key}"),
        ]);
        let response = http().put(&url).body(key.to_string()).send().unwrap();
        assert_eq!(response.status(), 200, "{key}: {url}");
        assert_eq!(env.stored(key).as_deref(), Some(key.as_bytes()), "{key}");
    }
}

#[test]
fn very_long_keys_work_up_to_the_s3_limit() {
    let env = TestEnv::new();
    let key = format!("{}/{}", "d".repeat(200), "k".repeat(200));
    env.put_object(&key, b"long");
    let url = env.url(&["presign", &format!("s3://bkt/{key}")]);
    assert_eq!(http().get(&url).send().unwrap().text().unwrap(), "long");
    let too_long = format!("s3://bkt/{}", "k".repeat(1025));
    assert_failure(&env.run(&["presign", &too_long]), 2, "1024");
}

#[test]
fn stdin_batch_keeps_order_and_every_link_works() {
    let env = TestEnv::new();
    let keys: Vec<String> = (0..50).map(|i| format!("batch/{i:03}.txt")).collect();
    for key in &keys {
        env.put_object(key, key.as_bytes());
    }
    let input: String = keys.iter().map(|k| format!("s3://bkt/{k}\n")).collect();
    let output = env
        .cmd()
        .args(["presign", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let urls: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(urls.len(), keys.len());
    for (key, url) in keys.iter().zip(urls) {
        assert!(url.contains(&format!("/{key}?")), "order: {key} vs {url}");
        assert_eq!(http().get(url).send().unwrap().text().unwrap(), *key);
    }
}

#[test]
fn stdin_mixes_with_arguments_and_bare_keys_use_the_default_bucket() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("S3SHARE_BUCKET", "bkt")
        .env("S3SHARE_PREFIX", "shared")
        .args(["presign", "first.txt", "-", "s3://other-bkt/last.txt"])
        .write_stdin("\nsecond.txt\r\n\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", support::stderr(&output));
    let urls: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(urls.len(), 3);
    assert!(urls[0].contains("/bkt/shared/first.txt?"), "{}", urls[0]);
    assert!(urls[1].contains("/bkt/shared/second.txt?"), "{}", urls[1]);
    assert!(urls[2].contains("/other-bkt/last.txt?"), "{}", urls[2]);
}

#[test]
fn stdin_errors_name_the_line() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["presign", "-"])
        .write_stdin("s3://bkt/ok\nhttps://x/y\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(support::stderr(&output).contains("stdin line 2"));
    let output = env
        .cmd()
        .args(["presign", "-"])
        .write_stdin("\n \n")
        .output()
        .unwrap();
    assert_failure(&output, 2, "no locations on stdin");
}

#[test]
fn filename_sets_the_download_name() {
    let env = TestEnv::new();
    env.put_object("r/q3.pdf", b"pdf");
    let url = env.url(&[
        "presign",
        "--filename",
        "Q3 résumé.pdf",
        "s3://bkt/r/q3.pdf",
    ]);
    let response = http().get(&url).send().unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''Q3%20r%C3%A9sum%C3%A9.pdf"),
        "{disposition}"
    );
    let inline = env.url(&["presign", "--inline", "s3://bkt/r/q3.pdf"]);
    let response = http().get(&inline).send().unwrap();
    assert_eq!(response.headers()["content-disposition"], "inline");
}

#[test]
fn json_lines_describe_each_link() {
    let env = TestEnv::new();
    let lines = env.lines(&[
        "--json",
        "presign",
        "--method",
        "put",
        "--content-type",
        "text/plain",
        "--expires",
        "2h",
        "s3://bkt/a.txt",
        "s3://bkt/b.txt",
    ]);
    assert_eq!(lines.len(), 2);
    let record: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(record["method"], "PUT");
    assert_eq!(record["bucket"], "bkt");
    assert_eq!(record["key"], "b.txt");
    assert_eq!(record["headers"]["content-type"], "text/plain");
    assert!(record["url"]
        .as_str()
        .unwrap()
        .contains("X-Amz-Expires=7200"));
    let expires_at = humantime::parse_rfc3339(record["expires_at"].as_str().unwrap()).unwrap();
    let lifetime = expires_at
        .duration_since(std::time::SystemTime::now())
        .unwrap();
    assert!(lifetime > Duration::from_secs(7190) && lifetime <= Duration::from_secs(7200));
}

#[test]
fn presign_makes_no_network_call() {
    let env = TestEnv::new();
    // Nothing listens on port 9 of this address: any request would fail.
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(["presign", "s3://bkt/a.txt"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("http://127.0.0.1:9/bkt/a.txt?"));
}

#[test]
fn expiry_defaults_to_the_setting_and_the_flag_wins() {
    let env = TestEnv::new();
    let url = env.url(&["presign", "s3://bkt/a"]);
    assert!(url.contains("X-Amz-Expires=3600"), "{url}");
    let output = env
        .cmd()
        .env("S3SHARE_EXPIRES", "15m")
        .args(["presign", "s3://bkt/a"])
        .output()
        .unwrap();
    assert!(stdout(&output).contains("X-Amz-Expires=900"));
    let output = env
        .cmd()
        .env("S3SHARE_EXPIRES", "15m")
        .args(["presign", "-e", "7d", "s3://bkt/a"])
        .output()
        .unwrap();
    assert!(stdout(&output).contains("X-Amz-Expires=604800"));
}

#[test]
fn put_and_delete_links_into_s3shares_own_space_need_allow_own_space() {
    let env = TestEnv::new();
    let worker = "s3://bkt/.s3share/e2e/k3x9/sw.js";
    for method in ["put", "delete"] {
        let output = env.run(&["presign", "--method", method, worker]);
        assert_failure(&output, 2, "s3share's own space");
        assert!(support::stderr(&output).contains("next visitor"));
        assert!(stdout(&output).is_empty());
    }
    // Reading it is no risk; writing it is, when asked for by name.
    env.url(&["presign", worker]);
    env.url(&["presign", "--method", "put", "--allow-own-space", worker]);
    // A batch applies the rule per line, naming it, after the links before it.
    let output = env
        .cmd()
        .args(["presign", "--method", "put", "-"])
        .write_stdin("s3://bkt/incoming/a.txt\ns3://bkt/.s3share/requests/x/index.html\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(support::stderr(&output).contains("error: stdin line 2: refusing to sign a PUT link"));
    assert_eq!(stdout(&output).lines().count(), 1);
}
