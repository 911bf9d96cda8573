//! `s3share inspect`: links explain themselves, offline; `--check` asks the server once.

use crate::support;

use support::stand_in::plain_server;
use support::{assert_no_secrets, stderr, stdout, TestEnv};

fn signature(url: &str) -> &str {
    url.split("X-Amz-Signature=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
}

#[test]
fn inspect_explains_a_fresh_link_without_printing_its_signature() {
    let env = TestEnv::new();
    let url = env.url(&["presign", "--expires", "3h", "s3://bkt/dir/a b+c.txt"]);
    let output = env.run(&["inspect", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for needle in [
        "method         GET",
        "bucket         bkt",
        "key            dir/a b+c.txt",
        "region us-east-1",
        support::ACCESS_KEY,
        "valid for 2h 59m",
        "session token  no",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in:\n{text}");
    }
    assert!(
        !text.contains(signature(&url)),
        "printed the signature:\n{text}"
    );
}

#[test]
fn inspect_names_the_headers_a_put_link_needs() {
    let env = TestEnv::new();
    let url = env.url(&[
        "presign",
        "--method",
        "put",
        "--content-type",
        "image/jpeg",
        "s3://bkt/p.jpg",
    ]);
    let text = stdout(&env.run(&["inspect", &url]));
    assert!(
        text.contains("content-type: send exactly the Content-Type the link was made with"),
        "{text}"
    );
    assert!(
        text.contains("curl --fail -T p.jpg -H 'content-type: <the content-type it was signed with>' \"$URL\""),
        "{text}"
    );
}

#[test]
fn inspect_json_is_one_object() {
    let env = TestEnv::new();
    let url = env.url(&["presign", "s3://bkt/k.txt"]);
    let line = env.url(&["inspect", "--json", &url]);
    let report: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(report["bucket"], "bkt");
    assert_eq!(report["key"], "k.txt");
    assert_eq!(report["signature_version"], "SigV4");
    assert_eq!(report["expired"], false);
    assert!(!line.contains(signature(&url)));
}

#[test]
fn inspect_of_an_expired_link_exits_5_and_says_when() {
    let env = TestEnv::new();
    let url = env.url_signed_in_the_past(2, &["presign", "--expires", "1s", "s3://bkt/k.txt"]);
    let output = env.run(&["inspect", &url]);
    assert_eq!(output.status.code(), Some(5));
    assert!(stdout(&output).contains("expired"), "{}", stdout(&output));
    assert!(
        stderr(&output).starts_with("error: the link expired"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn inspect_understands_legacy_sigv2_links() {
    let env = TestEnv::new();
    let far = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    let url = format!("https://bkt.s3.amazonaws.com/old.txt?AWSAccessKeyId=AKIDV2&Expires={far}&Signature=c2lnbmF0dXJl");
    let text = stdout(&env.run(&["inspect", &url]));
    assert!(text.contains("SigV2"), "{text}");
    assert!(text.contains("AKIDV2"), "{text}");
    assert!(!text.contains("c2lnbmF0dXJl"));
}

#[test]
fn inspect_refuses_what_is_not_a_presigned_url() {
    let env = TestEnv::new();
    for bad in ["s3://bkt/k", "https://example.com/file.txt", "nonsense"] {
        let output = env.run(&["inspect", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&output).starts_with("error: not a presigned URL"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn check_reports_a_link_the_server_accepts() {
    let env = TestEnv::new();
    env.put_object("k.txt", b"hello");
    let url = env.url(&["presign", "s3://bkt/k.txt"]);
    let output = env.run(&["inspect", "--check", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("the server accepts the link"));
}

#[test]
fn check_diagnoses_a_tampered_link_and_a_missing_object() {
    let env = TestEnv::new();
    env.put_object("k.txt", b"hello");
    let url = env.url(&["presign", "s3://bkt/k.txt"]);
    let tampered = url.replace("k.txt", "other.txt");
    let output = env.run(&["inspect", "--check", &tampered]);
    assert_eq!(output.status.code(), Some(5));
    assert!(
        stderr(&output).contains("the signature does not match"),
        "{}",
        stderr(&output)
    );

    let missing = env.url(&["presign", "s3://bkt/missing.txt"]);
    let output = env.run(&["inspect", "--check", &missing]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(stderr(&output).contains("the object does not exist"));
}

#[test]
fn check_names_the_right_region_from_the_error_body() {
    let env = TestEnv::new();
    let endpoint = plain_server(
        "400 Bad Request",
        "content-type: application/xml\r\ndate: Mon, 23 Nov 2026 16:00:00 GMT\r\n",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'</Message><Region>eu-central-1</Region><RequestId>X</RequestId></Error>",
    );
    let url = env.url(&["--endpoint-url", &endpoint, "presign", "s3://bkt/k.txt"]);
    let output = env.run(&["inspect", "--check", &url]);
    assert_no_secrets(&output);
    assert_eq!(output.status.code(), Some(5));
    let err = stderr(&output);
    assert!(
        err.contains(
            "wrong region: the bucket is in eu-central-1, but the request was signed for us-east-1"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: sign for eu-central-1: --region eu-central-1"),
        "{err}"
    );
}

#[test]
fn check_tells_a_policy_denial_from_a_bad_signature() {
    let env = TestEnv::new();
    let endpoint = plain_server(
        "403 Forbidden",
        "content-type: application/xml\r\ndate: Mon, 23 Nov 2026 16:00:00 GMT\r\n",
        b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    );
    let url = env.url(&["--endpoint-url", &endpoint, "presign", "s3://bkt/k.txt"]);
    // The server's Date is whatever it is; only a link still valid locally reaches the policy case.
    let output = env.run(&["inspect", "--check", &url]);
    assert_eq!(output.status.code(), Some(5));
    assert!(
        stderr(&output).contains("the signer is not allowed"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_verbose_never_prints_the_signature_or_key_of_a_link_it_cannot_reach() {
    let env = TestEnv::new();
    // A port nobody listens on: the request fails to connect.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url = env
        .cmd()
        .env("AWS_ENDPOINT_URL", format!("http://{closed}"))
        .args(["presign", "s3://bkt/k.txt"])
        .output()
        .unwrap();
    let url = format!("{}#KEY0123456789abcdef", stdout(&url).trim());
    let output = env.run(&["--verbose", "inspect", "--check", &url]);
    assert_eq!(output.status.code(), Some(6), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(!text.contains(signature(&url)), "{text}");
    assert!(!text.contains("KEY0123456789abcdef"), "{text}");
}

#[test]
fn inspect_shows_the_time_left_as_expires_takes_it() {
    let env = TestEnv::new();
    let url = env.url(&["presign", "--expires", "2d", "s3://bkt/a.txt"]);
    let text = stdout(&env.run(&["inspect", &url]));
    assert!(text.contains("valid for 1d 23h 59m)"), "{text}");
    assert!(!text.contains("day"), "{text}");
}
