//! Links signed with temporary credentials stop working when the credentials expire
//! (README, "Temporary credentials"): s3share warns, `--strict` refuses, and `--json` reports the
//! effective expiry.

use crate::support;

use std::time::{Duration, SystemTime};

use support::{stderr, stdout, TestEnv, ACCESS_KEY, SECRET_KEY};

/// An environment whose only credentials come from a `credential_process` profile `tmp` that
/// hands out credentials expiring in ten minutes.
fn with_temporary_credentials(env: &TestEnv) -> SystemTime {
    let expires = SystemTime::now() + Duration::from_secs(600);
    let script = env.home().join("creds.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat <<'JSON'\n{{\"Version\":1,\"AccessKeyId\":\"{ACCESS_KEY}\",\
             \"SecretAccessKey\":\"{SECRET_KEY}\",\"SessionToken\":\"tok\",\
             \"Expiration\":\"{}\"}}\nJSON\n",
            humantime::format_rfc3339_seconds(expires)
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(env.home().join(".aws")).unwrap();
    std::fs::write(
        env.home().join(".aws/config"),
        format!("[profile tmp]\ncredential_process = {}\n", script.display()),
    )
    .unwrap();
    expires
}

fn run(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("AWS_PROFILE", "tmp")
        .args(args)
        .output()
        .unwrap();
    support::assert_no_secrets(&output);
    output
}

#[test]
fn links_outliving_the_credentials_warn_once_with_both_times() {
    let env = TestEnv::new();
    let creds_expire = with_temporary_credentials(&env);
    let output = run(
        &env,
        &[
            "presign",
            "--expires",
            "1h",
            "s3://bkt/a.txt",
            "s3://bkt/b.txt",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 2);
    let err = stderr(&output);
    assert_eq!(
        err.matches("warning:").count(),
        1,
        "once per command: {err}"
    );
    assert!(
        err.contains("temporary credentials that expire at")
            && err.contains(&humantime::format_rfc3339_seconds(creds_expire).to_string())
            && err.contains("before the link's own expiry at"),
        "{err}"
    );
    assert!(err.contains("(in 9m)") || err.contains("(in 10m)"), "{err}");
}

#[test]
fn strict_refuses_before_printing_any_link() {
    let env = TestEnv::new();
    with_temporary_credentials(&env);
    let output = run(
        &env,
        &["--strict", "presign", "--expires", "1h", "s3://bkt/a.txt"],
    );
    support::assert_failure(&output, 3, "temporary credentials expire at");
    assert!(stderr(&output).contains("hint: ask for --expires"));

    env.put_object("a.txt", b"x");
    let output = run(
        &env,
        &["--strict", "share", "--expires", "1h", "s3://bkt/a.txt"],
    );
    support::assert_failure(&output, 3, "--strict");
}

#[test]
fn links_within_the_credentials_lifetime_do_not_warn() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"temporary");
    with_temporary_credentials(&env);
    let output = run(
        &env,
        &["--strict", "presign", "--expires", "5m", "s3://bkt/a.txt"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    // The link is signed with the session token and works.
    let url = stdout(&output);
    assert!(url.contains("X-Amz-Security-Token=tok"), "{url}");
    let body = support::http().get(url.trim()).send().unwrap();
    assert_eq!(body.status(), 200);
}

#[test]
fn json_reports_the_effective_expiry() {
    let env = TestEnv::new();
    let creds_expire = with_temporary_credentials(&env);
    let output = run(
        &env,
        &["--json", "presign", "--expires", "1h", "s3://bkt/a.txt"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(
        record["effective_expires_at"],
        humantime::format_rfc3339_seconds(creds_expire).to_string()
    );
    assert_ne!(record["expires_at"], record["effective_expires_at"]);

    let output = run(
        &env,
        &["--json", "presign", "--expires", "5m", "s3://bkt/a.txt"],
    );
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(record["effective_expires_at"], record["expires_at"]);
}

#[test]
fn long_lived_credentials_add_no_effective_expiry() {
    let env = TestEnv::new();
    let output = env.run(&["--json", "presign", "--expires", "7d", "s3://bkt/a.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert!(record.get("effective_expires_at").is_none(), "{record}");
}
