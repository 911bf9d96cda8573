//! `s3share share`: links only for objects that exist, and upload links.

use crate::support;

use support::{assert_failure, http, stderr, TestEnv};

#[test]
fn share_prints_a_working_link_for_an_existing_object() {
    let env = TestEnv::new();
    env.put_object("build/app.tar.gz", b"tarball bytes");
    let url = env.url(&["share", "s3://bkt/build/app.tar.gz", "--expires", "2d"]);
    assert!(url.contains("X-Amz-Expires=172800"));
    assert_eq!(
        http().get(&url).send().unwrap().bytes().unwrap().as_ref(),
        b"tarball bytes"
    );
}

#[test]
fn share_json_reports_the_size() {
    let env = TestEnv::new();
    env.put_object("a.bin", &[1u8; 1234]);
    let line = env.url(&["share", "--json", "s3://bkt/a.bin"]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["size"], 1234);
    assert_eq!(record["method"], "GET");
}

#[test]
fn share_refuses_a_missing_object_with_exit_4() {
    let env = TestEnv::new();
    let output = env.run(&["share", "s3://bkt/nope.txt"]);
    assert_failure(&output, 4, "s3://bkt/nope.txt does not exist");
    assert!(stderr(&output).contains("hint:"));
}

#[test]
fn share_refuses_a_missing_bucket_with_exit_4() {
    let env = TestEnv::new();
    assert_failure(
        &env.run(&["share", "s3://no-such-bucket/x"]),
        4,
        "does not exist",
    );
}

#[test]
fn share_with_rejected_credentials_exits_5() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"x");
    let output = env
        .cmd()
        .env("AWS_SECRET_ACCESS_KEY", "wrong-secret-key")
        .args(["share", "s3://bkt/a.txt"])
        .output()
        .unwrap();
    assert_failure(&output, 5, "the secret key does not match");
    let output = env
        .cmd()
        .env("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000")
        .args(["share", "s3://bkt/a.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
}

#[test]
fn share_when_the_server_is_unreachable_exits_6() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["share", "s3://bkt/a.txt"])
        .output()
        .unwrap();
    assert_failure(&output, 6, "did not answer");
}

#[test]
fn share_upload_prints_a_put_link_that_any_client_can_use() {
    let env = TestEnv::new();
    let line = env.url(&["share", "--upload", "--json", "s3://bkt/incoming/photo.png"]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["method"], "PUT");
    // No Content-Type is signed unless asked for, so what the recipient's client sends is fine.
    assert_eq!(record["headers"], serde_json::Value::Null, "{record}");
    let url = record["url"].as_str().unwrap();
    // `curl -T photo.png "$URL"`: a PUT with no Content-Type at all.
    let plain = http().put(url).body("png").send().unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(
        env.stored("incoming/photo.png").as_deref(),
        Some(&b"png"[..])
    );
    let typed = http()
        .put(url)
        .header("content-type", "image/webp")
        .body("webp")
        .send()
        .unwrap();
    assert_eq!(typed.status(), 200);
    // Into a pipe, the recipient's commands are printed all the same; in CI, whose logs others
    // read, only a summary without the signature.
    let output = env.run(&["share", "--upload", "s3://bkt/x.png"]);
    assert!(
        stderr(&output).contains("s3share upload --url"),
        "{}",
        stderr(&output)
    );
    let output = env
        .cmd()
        .env("CI", "true")
        .args(["share", "--upload", "s3://bkt/x.png"])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("s3share: printed 1 link on stdout: PUT s3://bkt/x.png, until "),
        "{err}"
    );
}

#[test]
fn share_upload_with_a_content_type_binds_it() {
    let env = TestEnv::new();
    let line = env.url(&[
        "share",
        "--upload",
        "--json",
        "--content-type",
        "image/png",
        "s3://bkt/in/p.png",
    ]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["headers"]["content-type"], "image/png");
    let url = record["url"].as_str().unwrap();
    let other = http()
        .put(url)
        .header("content-type", "image/jpeg")
        .body("jpg")
        .send()
        .unwrap();
    assert_eq!(other.status(), 403);
    let right = http()
        .put(url)
        .header("content-type", "image/png")
        .body("png")
        .send()
        .unwrap();
    assert_eq!(right.status(), 200);
}

#[test]
fn share_upload_does_not_require_the_object_to_exist() {
    let env = TestEnv::new();
    let url = env.url(&[
        "share",
        "--upload",
        "--content-type",
        "application/zip",
        "s3://bkt/logs.zip",
    ]);
    let response = http()
        .put(&url)
        .header("content-type", "application/zip")
        .body("zip")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[test]
fn no_upload_link_into_s3shares_own_space() {
    let env = TestEnv::new();
    let output = env.run(&["share", "--upload", "s3://bkt/.s3share/e2e/k3x9/index.html"]);
    assert_failure(&output, 2, "s3share's own space");
    assert!(output.stdout.is_empty());
}

#[test]
fn flags_a_folder_share_would_drop_are_refused() {
    let env = TestEnv::new();
    env.put_object("photos/a.jpg", b"a");
    for (flag, needle) in [
        (
            "--revocable",
            "--revocable applies to one object, not a folder",
        ),
        ("--inline", "apply to one object, not a folder"),
        ("--sse=AES256", "only apply to upload links"),
    ] {
        let output = env.run(&["share", flag, "s3://bkt/photos/"]);
        assert_failure(&output, 2, needle);
        assert!(output.stdout.is_empty(), "{flag}");
    }
    // An upload link is not a download: it has no file name to save under.
    for flag in ["--inline", "--filename=x.txt"] {
        let output = env.run(&["share", "--upload", flag, "s3://bkt/in/x.txt"]);
        assert_failure(&output, 2, "cannot be used with");
    }
}

#[test]
fn share_of_a_file_on_disk_suggests_uploading_it() {
    let env = TestEnv::new();
    env.file("notes.txt", b"only here");
    for arg in ["notes.txt", "./notes.txt"] {
        let output = env
            .cmd()
            .env("S3SHARE_BUCKET", "bkt")
            .args(["share", arg])
            .output()
            .unwrap();
        assert_failure(
            &output,
            4,
            &format!("hint: {arg} is a file on this computer"),
        );
        assert!(
            stderr(&output).contains(&format!("s3share upload {arg}")),
            "{}",
            stderr(&output)
        );
    }
    let absolute = env.home().join("notes.txt");
    let output = env
        .cmd()
        .env("S3SHARE_BUCKET", "bkt")
        .args(["share", absolute.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("is a file on this computer"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn share_of_a_folder_without_its_slash_suggests_the_slash() {
    let env = TestEnv::new();
    env.put_object("photos/a.jpg", b"a");
    let output = env.run(&["share", "s3://bkt/photos"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("hint: photos is a folder: to share everything in it, end it with a slash: s3share share s3://bkt/photos/"),
        "{}",
        stderr(&output)
    );
    // A key written like a local path, for a file that is not here either.
    let output = env
        .cmd()
        .env("S3SHARE_BUCKET", "bkt")
        .args(["share", "./x.txt"])
        .output()
        .unwrap();
    assert_failure(&output, 4, "did you mean s3share share s3://bkt/x.txt");
}
