//! The cause of a failure, said right: what a link shows about itself before anything is sent
//! (the wrong kind of link, a signature cut off), which of bucket and key is missing, a wrong
//! secret key on commands that HEAD, and what was taken back.

use crate::support;

use support::{assert_failure, entries, stderr, stdout, TestEnv};

/// `url` with its endpoint replaced by a closed port: a request sent there fails with exit 6,
/// so an exit 2 proves nothing was sent.
fn pointing_nowhere(env: &TestEnv, url: &str) -> String {
    url.replace(&env.server.endpoint, "http://127.0.0.1:9")
}

#[test]
fn a_download_link_given_to_upload_url_is_named_before_sending() {
    let env = TestEnv::new();
    env.put_object("report.pdf", b"the original");
    let link = env.url(&["share", "s3://bkt/report.pdf"]);
    let file = env.file("mine.pdf", b"replacement");
    let output = env.run(&["upload", "--url", &link, file.to_str().unwrap()]);
    assert_failure(
        &output,
        2,
        "this is a download link (for s3://bkt/report.pdf); to send a file you need an upload link",
    );
    assert!(
        stderr(&output).contains("s3share share --upload s3://bkt/report.pdf"),
        "{}",
        stderr(&output)
    );
    assert_eq!(env.stored("report.pdf").unwrap(), b"the original");
}

#[test]
fn an_upload_link_or_a_request_page_given_to_get_is_named_before_sending() {
    let env = TestEnv::new();
    let upload = env.url(&["share", "--upload", "s3://bkt/incoming.txt"]);
    let output = env.run(&["get", &pointing_nowhere(&env, &upload)]);
    assert_failure(&output, 2, "this is an upload link");
    assert!(
        stderr(&output).contains("s3share upload --url 'LINK' FILE"),
        "{}",
        stderr(&output)
    );

    let request: serde_json::Value =
        serde_json::from_str(&env.url(&["request", "--json", "s3://bkt/incoming/"])).unwrap();
    let page = request["url"].as_str().unwrap();
    let output = env.run(&["get", page]);
    assert_failure(&output, 2, "this is a file request page");
    assert!(
        stderr(&output).contains("s3share upload --to 'LINK' FILE"),
        "{}",
        stderr(&output)
    );
    assert_eq!(entries(env.home()), Vec::<String>::new());
}

#[test]
fn a_cut_off_or_damaged_signature_is_named_before_sending() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"x");
    let file = env.file("f.txt", b"y");
    let download = pointing_nowhere(&env, &env.url(&["share", "s3://bkt/a.txt"]));
    let upload = pointing_nowhere(&env, &env.url(&["share", "--upload", "s3://bkt/b.txt"]));
    let cut = |url: &str| url.split("&X-Amz-Signature").next().unwrap().to_owned();
    let cases = [
        (
            cut(&download),
            "the link's signature (X-Amz-Signature) is missing",
        ),
        (format!("{download}ab"), "this one has 66"),
        (
            download[..download.len() - 20].to_owned(),
            "this one has 44",
        ),
    ];
    for (link, needle) in &cases {
        let output = env.run(&["get", link]);
        assert_failure(&output, 2, needle);
        assert!(stderr(&output).contains("copy the whole link again"));
    }
    let output = env.run(&["upload", "--url", &cut(&upload), file.to_str().unwrap()]);
    assert_failure(&output, 2, "is missing: the link was cut off");
    let output = env.run(&[
        "upload",
        "--url",
        &format!("{upload}ab"),
        file.to_str().unwrap(),
    ]);
    assert_failure(
        &output,
        2,
        "64 lower-case hexadecimal characters, this one has 66",
    );

    let v2 = "http://127.0.0.1:9/bkt/a.txt?AWSAccessKeyId=AKID&Expires=4102444800&Signature=vjbyPxybdZaNmGa%2ByT2";
    assert_failure(&env.run(&["get", v2]), 2, "a SigV2 signature is the base64");
}

#[test]
fn inspect_flags_a_missing_or_damaged_signature() {
    let env = TestEnv::new();
    let url = env.url(&["presign", "s3://bkt/k.txt"]);
    for (link, needle) in [
        (
            url.split("&X-Amz-Signature").next().unwrap().to_owned(),
            "is missing",
        ),
        (format!("{url}ab"), "this one has 66"),
    ] {
        let output = env.run(&["inspect", &link]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stdout(&output).contains("problem"), "{}", stdout(&output));
        assert!(stderr(&output).contains(needle), "{}", stderr(&output));
        let json = env.run(&["inspect", "--json", &link]);
        let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        assert!(report["signature_problem"]
            .as_str()
            .is_some_and(|p| p.contains(needle)));
    }
}

#[test]
fn inspect_says_what_a_request_or_folder_page_is_and_how_to_use_it() {
    let env = TestEnv::new();
    env.put_object("dir/a.txt", b"a");
    let request: serde_json::Value =
        serde_json::from_str(&env.url(&["request", "--json", "s3://bkt/incoming/"])).unwrap();
    let text = stdout(&env.run(&["inspect", request["url"].as_str().unwrap()]));
    assert!(text.contains("a file request page"), "{text}");
    assert!(text.contains("s3share upload --to \"$URL\" FILE"), "{text}");
    assert!(!text.contains("curl"), "{text}");
    let folder = env.url(&["share", "s3://bkt/dir/"]);
    let text = stdout(&env.run(&["inspect", &folder]));
    assert!(text.contains("a folder page"), "{text}");
    assert!(text.contains("s3share get \"$URL\" -o DIR/"), "{text}");
    let line = env.url(&["inspect", "--json", &folder]);
    let report: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(report["kind"], "folder_page");
}

#[test]
fn share_and_get_with_a_wrong_secret_key_say_so() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"x");
    for args in [
        vec!["share", "s3://bkt/a.txt"],
        vec!["share", "s3://bkt/missing.txt"],
        vec!["get", "s3://bkt/a.txt"],
    ] {
        let output = env
            .cmd()
            .env("AWS_SECRET_ACCESS_KEY", "wrong-secret-key")
            .args(&args)
            .output()
            .unwrap();
        assert_failure(
            &output,
            5,
            "the secret key does not match the access key id",
        );
    }
}

#[test]
fn a_missing_bucket_is_not_reported_as_a_missing_key() {
    let env = TestEnv::new();
    for args in [
        ["share", "s3://ghostbucket/x.txt"],
        ["get", "s3://ghostbucket/x.txt"],
    ] {
        assert_failure(&env.run(&args), 4, "bucket 'ghostbucket' does not exist");
    }
    assert_failure(
        &env.run(&["share", "s3://bkt/nope.txt"]),
        4,
        "s3://bkt/nope.txt does not exist",
    );
}

#[test]
fn an_invalid_bucket_name_is_refused_with_the_rule_it_breaks() {
    let env = TestEnv::new();
    for (location, rule) in [
        (
            "s3://-team/x.txt",
            "does not start and end with a letter or digit",
        ),
        ("s3://team..b/x.txt", "two dots in a row"),
        ("s3://10.0.0.1/x.txt", "an IP address"),
    ] {
        let output = env
            .cmd()
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .args(["share", location])
            .output()
            .unwrap();
        assert_failure(&output, 2, rule);
        assert!(stderr(&output).contains("hint: bucket names are 3 to 63 characters"));
    }
    // Upper case and `_` are the server's to judge (old buckets have them); s3s-fs refuses them.
    for command in ["share", "get"] {
        let output = env.run(&[command, "s3://Bad_Bucket/x.txt"]);
        assert_failure(
            &output,
            2,
            "the server does not accept the bucket name 'Bad_Bucket'",
        );
    }
}

#[test]
fn a_revoked_encrypted_share_says_it_was_revoked() {
    let env = TestEnv::new();
    let file = env.file("doc.pdf", b"secret bytes");
    let link = env.url(&[
        "upload",
        "--encrypt",
        "--to",
        "s3://bkt",
        file.to_str().unwrap(),
    ]);
    assert!(env.run(&["revoke", &link]).status.success());
    let output = env.run(&["get", &link, "-o", "-"]);
    assert_failure(&output, 4, "this encrypted share was revoked or removed");
    assert!(
        !stderr(&output).contains("check the key"),
        "{}",
        stderr(&output)
    );
}
