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

/// Seconds from now until the RFC 3339 time `at`.
fn seconds_until(at: &serde_json::Value) -> i64 {
    let at = humantime::parse_rfc3339(at.as_str().unwrap()).unwrap();
    match at.duration_since(std::time::SystemTime::now()) {
        Ok(left) => left.as_secs() as i64,
        Err(past) => -(past.duration().as_secs() as i64),
    }
}

#[test]
fn a_later_flag_overrides_an_earlier_one_as_an_alias_needs() {
    // alias shr='s3share share --copy --expires 2d'; shr x --expires 10m
    let env = TestEnv::new();
    env.put_object("x.txt", b"x");
    let line = env.url(&[
        "share",
        "--json",
        "--expires",
        "2d",
        "s3://bkt/x.txt",
        "--expires",
        "10m",
    ]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    let left = seconds_until(&record["expires_at"]);
    assert!((590..=600).contains(&left), "{left}s: {line}");
    // Global flags, switches and flags of other commands too.
    let line = env.url(&[
        "--region",
        "eu-west-1",
        "--json",
        "--json",
        "presign",
        "-m",
        "put",
        "--method",
        "get",
        "--region",
        "us-east-1",
        "--filename",
        "a",
        "--filename",
        "b.txt",
        "s3://bkt/x.txt",
    ]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["method"], "GET", "{line}");
    let url = record["url"].as_str().unwrap();
    assert!(url.contains("us-east-1"), "{url}");
    assert!(url.contains("b.txt") && !url.contains("%22a%22"), "{url}");
}

#[test]
fn bucket_is_not_a_flag_and_the_error_says_how_to_choose_one() {
    let env = TestEnv::new();
    for args in [
        &["share", "--bucket", "bkt", "a.txt"][..],
        &["--bucket=bkt", "presign", "a.txt"],
        &["upload", "a.txt", "--bucket"],
    ] {
        let output = env.run(args);
        assert_failure(&output, 2, "there is no --bucket option");
        let err = stderr(&output);
        for needle in ["s3://BUCKET/KEY", "S3SHARE_BUCKET", "s3share init"] {
            assert!(err.contains(needle), "{args:?}: {err}");
        }
        assert!(!err.contains("--quiet"), "{err}");
    }
}

#[test]
fn flags_an_upload_mode_would_drop_are_refused() {
    let env = TestEnv::new();
    env.file("a.txt", b"a");
    let put = env.url(&["presign", "--method", "put", "s3://bkt/in/a.txt"]);
    for flag in [
        "--force",
        "--revocable",
        "--expires=1h",
        "--hidden",
        "--exclude=x",
    ] {
        let output = env.run(&["upload", "--url", &put, flag, "a.txt"]);
        assert_failure(&output, 2, "cannot be used with");
    }
    let page = env.url(&["request", "s3://bkt/incoming/"]);
    for (flag, name) in [
        ("--force", "--force"),
        ("--revocable", "--revocable"),
        ("--expires=1h", "--expires"),
        ("--sse=AES256", "--sse"),
    ] {
        let output = env.run(&["upload", "--to", &page, flag, "a.txt"]);
        assert_failure(
            &output,
            2,
            &format!("{name} does not go with a file request"),
        );
    }
}
