//! Bad input, configuration and the output contract, driving the binary.

use crate::support;

use support::{assert_failure, stderr, stdout, TestEnv};

#[test]
fn malformed_locations_are_usage_errors() {
    let env = TestEnv::new();
    for (bad, needle) in [
        ("s3:/bkt/key", "malformed location"),
        ("gs://bkt/key", "malformed location"),
        ("s3://bkt/", "names a bucket, not an object"),
        ("s3://b/key", "invalid bucket name"),
        (
            "https://bkt.s3.amazonaws.com/k?X-Amz-Signature=abc",
            "is a URL",
        ),
    ] {
        let output = env.run(&["presign", bad]);
        assert_failure(&output, 2, needle);
        assert!(
            !stderr(&output).contains("X-Amz-Signature=abc"),
            "echoed a signature"
        );
    }
}

#[test]
fn bad_durations_are_usage_errors_naming_the_range() {
    let env = TestEnv::new();
    for bad in ["0s", "-1h", "8d", "abc"] {
        let output = env.run(&["presign", "--expires", bad, "s3://bkt/k"]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&output).contains("at most 7d"),
            "{bad}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
    let output = env
        .cmd()
        .env("S3SHARE_EXPIRES", "8d")
        .args(["presign", "s3://bkt/k"])
        .output()
        .unwrap();
    assert_failure(&output, 2, "S3SHARE_EXPIRES");
}

#[test]
fn a_bare_key_without_a_default_bucket_exits_3() {
    let env = TestEnv::new();
    let output = env.run(&["presign", "report.pdf"]);
    assert_failure(&output, 3, "no default bucket");
    assert!(stderr(&output).contains("hint: "));
}

#[test]
fn missing_credentials_exit_3_with_a_hint() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["presign", "s3://bkt/k"])
        .output()
        .unwrap();
    assert_failure(&output, 3, "no AWS credentials");
    assert!(stderr(&output).contains("aws sso login"));
}

#[test]
fn an_unknown_profile_exits_3() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["--profile", "nope", "presign", "s3://bkt/k"])
        .output()
        .unwrap();
    assert_failure(&output, 3, "profile 'nope'");
}

#[test]
fn credentials_come_from_the_named_profile() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.home().join(".aws")).unwrap();
    std::fs::write(
        env.home().join(".aws/credentials"),
        format!(
            "[team]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            support::ACCESS_KEY,
            support::SECRET_KEY
        ),
    )
    .unwrap();
    std::fs::write(
        env.home().join(".aws/config"),
        "[profile team]\nregion = eu-central-1\n",
    )
    .unwrap();
    env.put_object("a.txt", b"from profile");
    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_REGION")
        .env("AWS_PROFILE", "team")
        .args(["presign", "s3://bkt/a.txt"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let url = stdout(&output);
    assert!(
        url.contains("%2Feu-central-1%2Fs3%2F"),
        "region from the profile: {url}"
    );
    let body = support::http()
        .get(url.trim())
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(body, "from profile");
}

#[test]
fn config_file_supplies_bucket_prefix_and_expiry() {
    let env = TestEnv::new();
    let dir = env.home().join(".config/s3share");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "bucket = \"bkt\"\nprefix = \"team/\"\nexpires = \"30m\"\n",
    )
    .unwrap();
    let url = env.url(&["presign", "q3.pdf"]);
    assert!(url.contains("/bkt/team/q3.pdf?"), "{url}");
    assert!(url.contains("X-Amz-Expires=1800"), "{url}");
}

#[test]
fn a_broken_config_file_exits_3_naming_the_file() {
    let env = TestEnv::new();
    let path = env.file("broken.toml", b"bucket = \"bkt\"\nexpries = \"1h\"\n");
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", &path)
        .args(["presign", "s3://bkt/k"])
        .output()
        .unwrap();
    assert_failure(&output, 3, "broken.toml");
    assert!(stderr(&output).contains("expries"));
}

#[test]
fn options_for_other_methods_are_refused() {
    let env = TestEnv::new();
    assert_failure(
        &env.run(&["presign", "--content-type", "a/b", "s3://bkt/k"]),
        2,
        "--content-type only applies to PUT",
    );
    assert_failure(
        &env.run(&[
            "presign",
            "--method",
            "put",
            "--filename",
            "x",
            "s3://bkt/k",
        ]),
        2,
        "only apply to GET",
    );
}

#[test]
fn quiet_and_stdout_carry_only_results() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"x");
    let output = env.run(&["share", "-q", "--copy", "s3://bkt/a.txt"]);
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn usage_errors_from_clap_exit_2() {
    let env = TestEnv::new();
    assert_eq!(env.run(&["presign"]).status.code(), Some(2));
    assert_eq!(
        env.run(&["presign", "--method", "patch", "s3://bkt/k"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(env.run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn verbose_adds_the_cause_chain() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["-v", "share", "s3://bkt/a.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(6));
    assert!(
        stderr(&output).contains("caused by:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let env = TestEnv::new();
    let keys: String = (0..20000).map(|i| format!("s3://bkt/k{i}\n")).collect();
    let mut child = env.std_cmd();
    child
        .args(["presign", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = child.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(keys.as_bytes());
    });
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}
