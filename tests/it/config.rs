//! `s3share config`: every effective setting with the place it came from, and no secrets.

use crate::support;

use support::{stdout, TestEnv};

fn write_config(env: &TestEnv, text: &str) -> std::path::PathBuf {
    let dir = env.home().join(".config/s3share");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn line<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(&format!("{name} = ")))
        .unwrap_or_else(|| panic!("no `{name}` line in:\n{text}"))
}

#[test]
fn each_setting_names_its_source_flag_env_file_or_default() {
    let env = TestEnv::new();
    let path = write_config(
        &env,
        "bucket = \"from-file\"\nprefix = \"team/\"\nconcurrency = 4\n",
    );
    let output = env
        .cmd()
        .env("S3SHARE_BUCKET", "from-env")
        .args(["--region", "eu-west-3", "config"])
        .output()
        .unwrap();
    support::assert_no_secrets(&output);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let text = stdout(&output);
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        format!("config file: {} (exists)", path.display()),
        "{text}"
    );
    assert_eq!(
        line(&text, "bucket"),
        "bucket = from-env  (env S3SHARE_BUCKET)"
    );
    assert_eq!(line(&text, "prefix"), "prefix = team/  (config file)");
    assert_eq!(line(&text, "region"), "region = eu-west-3  (flag)");
    assert_eq!(line(&text, "expires"), "expires = 1h  (default)");
    assert_eq!(line(&text, "concurrency"), "concurrency = 4  (config file)");
    assert_eq!(
        line(&text, "multipart_threshold"),
        "multipart_threshold = 64MiB  (default)"
    );
    assert_eq!(
        line(&text, "endpoint_url"),
        format!(
            "endpoint_url = {}  (env AWS_ENDPOINT_URL)",
            env.server.endpoint
        )
    );
    assert_eq!(
        line(&text, "path_style"),
        "path_style = true  (automatic for IP and localhost endpoints)"
    );
    assert_eq!(
        line(&text, "profile"),
        "profile = (not set; the AWS default profile)"
    );
    assert!(
        !text.contains(support::ACCESS_KEY),
        "config prints no credentials: {text}"
    );
}

#[test]
fn unset_settings_say_what_happens_instead() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env_remove("AWS_REGION")
        .env_remove("AWS_ENDPOINT_URL")
        .arg("config")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", support::stderr(&output));
    let text = stdout(&output);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("(does not exist; `s3share init` writes it)"),
        "{text}"
    );
    assert_eq!(
        line(&text, "region"),
        "region = (not set; from the AWS profile, else us-east-1)"
    );
    assert!(line(&text, "bucket").starts_with("bucket = (not set; "));
    assert_eq!(line(&text, "path_style"), "path_style = false  (default)");
    assert!(output.stderr.is_empty(), "{}", support::stderr(&output));
}

#[test]
fn json_is_one_object_of_value_and_source() {
    let env = TestEnv::new();
    write_config(
        &env,
        "expires = \"30m\"\nmultipart_threshold = \"128MiB\"\n",
    );
    let output = env
        .cmd()
        .env("S3SHARE_PREFIX", "in/")
        .args(["--json", "config"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", support::stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["expires"]["value"], "30m");
    assert_eq!(v["expires"]["source"], "config file");
    assert_eq!(v["prefix"]["value"], "in/");
    assert_eq!(v["prefix"]["source"], "env S3SHARE_PREFIX");
    assert_eq!(v["region"]["source"], "env AWS_REGION");
    assert_eq!(v["multipart_threshold"]["value"], 128 << 20);
    assert_eq!(v["concurrency"]["source"], "default");
    assert!(v["bucket"]["value"].is_null());
    assert_eq!(v["config_file"]["exists"], true);
}

#[test]
fn a_named_config_file_that_is_missing_is_an_error() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", env.home().join("nope.toml"))
        .arg("config")
        .output()
        .unwrap();
    support::assert_failure(&output, 3, "nope.toml");
}

#[test]
fn what_the_aws_profile_sets_is_shown_with_its_source_and_used() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    let aws = env.home().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        format!(
            "[profile nas]\nendpoint_url = {}\n\n[profile styled]\ns3 =\n  addressing_style = path\n",
            env.server.endpoint
        ),
    )
    .unwrap();
    let run = |profile: &str, args: &[&str]| {
        env.cmd()
            .env_remove("AWS_ENDPOINT_URL")
            .env("AWS_PROFILE", profile)
            .args(args)
            .output()
            .unwrap()
    };
    let output = run("nas", &["config"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let text = stdout(&output);
    let source = format!("AWS profile nas in {}", aws.join("config").display());
    assert_eq!(
        line(&text, "endpoint_url"),
        format!("endpoint_url = {}  ({source})", env.server.endpoint)
    );
    assert_eq!(
        line(&text, "path_style"),
        "path_style = true  (automatic for IP and localhost endpoints)"
    );
    // What config shows is what the links are made with.
    let output = run("nas", &["share", "s3://bkt/a.txt"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(
        stdout(&output).starts_with(&format!("{}/bkt/a.txt?", env.server.endpoint)),
        "{}",
        stdout(&output)
    );
    let text = stdout(&run("styled", &["config"]));
    assert_eq!(
        line(&text, "path_style"),
        format!(
            "path_style = true  (AWS profile styled in {})",
            aws.join("config").display()
        )
    );
}
