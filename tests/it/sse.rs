//! Server-side encryption: `--sse`/`--sse-kms-key-id` (and the config default) signed into PUT
//! links, sent on uploads, and sent by `upload --url` to match a link that requires them.

use crate::support;

use std::path::PathBuf;
use std::process::Output;

use support::proxy::Proxy;
use support::{assert_failure, http, stderr, stdout, TestEnv, BUCKET};

const KEY_ID: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SSE: &str = "x-amz-server-side-encryption";
const SSE_KEY: &str = "x-amz-server-side-encryption-aws-kms-key-id";

/// A PUT link for `key` signed for SSE-KMS with [`KEY_ID`].
fn kms_link(env: &TestEnv, key: &str) -> serde_json::Value {
    let line = env.url(&[
        "presign",
        "--json",
        "--method",
        "put",
        "--sse",
        "aws:kms",
        "--sse-kms-key-id",
        KEY_ID,
        &format!("s3://{BUCKET}/{key}"),
    ]);
    serde_json::from_str(&line).unwrap()
}

/// Runs s3share with `config` as its config file.
fn with_config(env: &TestEnv, config: &str, args: &[&str]) -> Output {
    let path: PathBuf = env.file("s3share.toml", config.as_bytes());
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", path)
        .args(args)
        .output()
        .unwrap();
    support::assert_no_secrets(&output);
    output
}

/// The request heads `s3share` sent through `proxy` that start with `method`.
fn heads(proxy: &Proxy, method: &str) -> Vec<String> {
    let prefix = format!("{} ", method.to_ascii_lowercase());
    proxy
        .requests()
        .into_iter()
        .filter(|h| h.starts_with(&prefix))
        .collect()
}

#[test]
fn a_kms_put_link_lists_both_headers_and_needs_them() {
    let env = TestEnv::new();
    let record = kms_link(&env, "in/data.csv");
    assert_eq!(record["headers"][SSE], "aws:kms");
    assert_eq!(record["headers"][SSE_KEY], KEY_ID);
    assert_eq!(record["headers"]["content-type"], serde_json::Value::Null);
    let url = record["url"].as_str().unwrap();
    assert!(
        url.contains("X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption%3Bx-amz-server-side-encryption-aws-kms-key-id"),
        "{url}"
    );

    // Without the headers, or with only one of them, the server refuses the link.
    let bare = http().put(url).body("a,b").send().unwrap();
    assert_eq!(bare.status(), 403);
    assert!(bare.text().unwrap().contains("SignatureDoesNotMatch"));
    let half = http()
        .put(url)
        .header(SSE, "aws:kms")
        .body("a,b")
        .send()
        .unwrap();
    assert_eq!(half.status(), 403);
    assert_eq!(env.stored("in/data.csv"), None);

    let ok = http()
        .put(url)
        .header(SSE, "aws:kms")
        .header(SSE_KEY, KEY_ID)
        .body("a,b")
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(env.stored("in/data.csv").as_deref(), Some(&b"a,b"[..]));
}

#[test]
fn an_aes256_put_link_signs_only_the_algorithm() {
    let env = TestEnv::new();
    let line = env.url(&[
        "presign",
        "--json",
        "-m",
        "put",
        "--sse",
        "aes256",
        "s3://bkt/x.bin",
    ]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    let headers = record["headers"].as_object().unwrap();
    assert_eq!(headers.len(), 1, "{headers:?}");
    assert_eq!(headers[SSE], "AES256");
    let url = record["url"].as_str().unwrap();
    let ok = http()
        .put(url)
        .header(SSE, "AES256")
        .body("x")
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[test]
fn share_upload_signs_encryption_and_content_type_together() {
    let env = TestEnv::new();
    let line = env.url(&[
        "share",
        "--upload",
        "--json",
        "--sse",
        "aws:kms",
        "--sse-kms-key-id",
        "alias/uploads",
        "s3://bkt/in/photo.png",
    ]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["headers"]["content-type"], serde_json::Value::Null);
    assert_eq!(record["headers"][SSE], "aws:kms");
    assert_eq!(record["headers"][SSE_KEY], "alias/uploads");
    let ok = http()
        .put(record["url"].as_str().unwrap())
        .header(SSE, "aws:kms")
        .header(SSE_KEY, "alias/uploads")
        .body("png")
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[cfg(unix)] // a pseudo-terminal (rexpect)
#[test]
fn share_upload_on_a_terminal_prints_commands_that_send_the_encryption() {
    let env = TestEnv::new();
    let mut cmd = env.std_cmd();
    cmd.args([
        "share",
        "--upload",
        "--sse",
        "aws:kms",
        "--sse-kms-key-id",
        "alias/uploads",
        "s3://bkt/in/logs.zip",
    ]);
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    let screen = session.exp_eof().unwrap();
    assert!(
        screen.contains(
            "curl --fail -T logs.zip -H 'x-amz-server-side-encryption: aws:kms' -H 'x-amz-server-side-encryption-aws-kms-key-id: alias/uploads' '"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("' --sse aws:kms --sse-kms-key-id alias/uploads logs.zip"),
        "{screen}"
    );
}

#[test]
fn upload_sends_aes256_on_a_single_put_and_on_multipart() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    let config = env.file(
        "s3share.toml",
        format!("bucket = \"{BUCKET}\"\nmultipart_threshold = \"5MiB\"\n").as_bytes(),
    );
    env.file("small.txt", b"small");
    let big: Vec<u8> = (0..6 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    env.file("big.bin", &big);
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", &config)
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["upload", "--sse", "AES256", "small.txt", "big.bin"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let links: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(links.len(), 2, "{links:?}");
    // The download links sign no encryption headers: S3 decrypts SSE-S3 and SSE-KMS itself.
    assert!(!links[0].contains("server-side-encryption"));
    assert_eq!(
        http()
            .get(&links[0])
            .send()
            .unwrap()
            .bytes()
            .unwrap()
            .as_ref(),
        b"small"
    );
    assert_eq!(
        http().get(&links[1]).send().unwrap().bytes().unwrap().len(),
        big.len()
    );

    let puts = heads(&proxy, "PUT");
    let single = puts
        .iter()
        .find(|h| h.starts_with("put /bkt/small.txt"))
        .unwrap();
    assert!(
        single.contains("\r\nx-amz-server-side-encryption: aes256\r\n"),
        "{single}"
    );
    let create = heads(&proxy, "POST")
        .into_iter()
        .find(|h| h.starts_with("post /bkt/big.bin?uploads"))
        .expect("a CreateMultipartUpload request");
    assert!(
        create.contains("\r\nx-amz-server-side-encryption: aes256\r\n"),
        "{create}"
    );
}

#[test]
fn the_config_file_default_applies_and_flags_and_env_override_it() {
    let env = TestEnv::new();
    let config = format!("sse = \"aws:kms\"\nsse_kms_key_id = \"{KEY_ID}\"\n");
    let put = ["presign", "--json", "--method", "put", "s3://bkt/a.csv"];

    let output = with_config(&env, &config, &put);
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(record["headers"][SSE], "aws:kms");
    assert_eq!(record["headers"][SSE_KEY], KEY_ID);

    // Download links carry no encryption headers whatever the default.
    let output = with_config(&env, &config, &["presign", "--json", "s3://bkt/a.csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stdout(&output).contains("\"headers\""),
        "{}",
        stdout(&output)
    );

    // An explicit --sse AES256 drops the configured KMS key instead of refusing it.
    let mut aes = put.to_vec();
    aes.extend(["--sse", "AES256"]);
    let output = with_config(&env, &config, &aes);
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(record["headers"][SSE], "AES256");
    assert_eq!(record["headers"][SSE_KEY], serde_json::Value::Null);

    // The environment beats the file.
    let path = env.file("s3share.toml", config.as_bytes());
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", &path)
        .env("S3SHARE_SSE_KMS_KEY_ID", "alias/from-env")
        .args(put)
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(record["headers"][SSE_KEY], "alias/from-env");

    // `s3share config` shows both and where they came from.
    let output = with_config(&env, &config, &["config"]);
    let text = stdout(&output);
    assert!(text.contains("\nsse = aws:kms  (config file)\n"), "{text}");
    assert!(
        text.contains(&format!("\nsse_kms_key_id = {KEY_ID}  (config file)\n")),
        "{text}"
    );
}

#[test]
fn the_config_file_default_applies_to_uploads() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    let config = env.file(
        "s3share.toml",
        format!("bucket = \"{BUCKET}\"\nsse = \"aws:kms\"\nsse_kms_key_id = \"{KEY_ID}\"\n")
            .as_bytes(),
    );
    env.file("a.txt", b"a");
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", &config)
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["upload", "a.txt"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let put = heads(&proxy, "PUT").pop().unwrap();
    assert!(
        put.contains("\r\nx-amz-server-side-encryption: aws:kms\r\n"),
        "{put}"
    );
    assert!(
        put.contains(&format!(
            "\r\nx-amz-server-side-encryption-aws-kms-key-id: {}\r\n",
            KEY_ID.to_ascii_lowercase()
        )),
        "{put}"
    );
    assert_eq!(env.stored("a.txt").as_deref(), Some(&b"a"[..]));
}

#[test]
fn a_kms_key_without_kms_is_a_usage_error() {
    let env = TestEnv::new();
    env.file("a.txt", b"a");
    let output = env.run(&[
        "upload",
        "--sse-kms-key-id",
        "k",
        "a.txt",
        "--to",
        "s3://bkt/",
    ]);
    assert_failure(
        &output,
        2,
        "--sse-kms-key-id only applies with --sse aws:kms",
    );
    assert!(stderr(&output).contains("hint: add --sse aws:kms"));
    let output = env.run(&[
        "presign",
        "-m",
        "put",
        "--sse",
        "AES256",
        "--sse-kms-key-id",
        "k",
        "s3://bkt/a",
    ]);
    assert_failure(
        &output,
        2,
        "--sse-kms-key-id only applies with --sse aws:kms",
    );
    let output = env.run(&[
        "upload",
        "--url",
        "http://127.0.0.1:9/bkt/a",
        "--sse-kms-key-id",
        "k",
        "a.txt",
    ]);
    assert_failure(
        &output,
        2,
        "--sse-kms-key-id only applies with --sse aws:kms",
    );

    // In the config file it is a configuration error that names the key.
    let output = with_config(&env, "sse_kms_key_id = \"k\"\n", &["presign", "s3://bkt/a"]);
    assert_failure(
        &output,
        3,
        "`sse_kms_key_id` only applies with `sse = \"aws:kms\"`",
    );
    let output = with_config(&env, "sse = \"des\"\n", &["presign", "s3://bkt/a"]);
    assert_failure(&output, 3, "use AES256 or aws:kms");
}

#[test]
fn encryption_flags_are_refused_where_nothing_is_uploaded() {
    let env = TestEnv::new();
    let output = env.run(&["presign", "--sse", "AES256", "s3://bkt/a"]);
    assert_failure(&output, 2, "only apply to PUT links");
    assert!(stderr(&output).contains("--method put"));
    env.put_object("a", b"a");
    let output = env.run(&["share", "--sse", "aws:kms", "s3://bkt/a"]);
    assert_failure(&output, 2, "only apply to upload links");
    let output = env.run(&["presign", "-m", "put", "--sse", "des", "s3://bkt/a"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn upload_to_a_link_that_requires_encryption_names_what_was_not_sent() {
    let env = TestEnv::new();
    let url = kms_link(&env, "in/report.pdf")["url"]
        .as_str()
        .unwrap()
        .to_owned();
    env.file("report.pdf", b"%PDF-1.7");
    let credentials_free = |args: &[&str]| {
        let output = env
            .cmd()
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .args(args)
            .output()
            .unwrap();
        support::assert_no_secrets(&output);
        output
    };

    let output = credentials_free(&["upload", "--url", &url, "report.pdf"]);
    assert_failure(
        &output,
        5,
        "this request sent no x-amz-server-side-encryption, no x-amz-server-side-encryption-aws-kms-key-id",
    );
    assert!(
        stderr(&output).contains("--sse aws:kms --sse-kms-key-id ID"),
        "{}",
        stderr(&output)
    );

    let output = credentials_free(&[
        "upload",
        "--url",
        &url,
        "--sse",
        "aws:kms",
        "--sse-kms-key-id",
        "alias/other",
        "report.pdf",
    ]);
    assert_failure(
        &output,
        5,
        "this request sent x-amz-server-side-encryption: aws:kms, x-amz-server-side-encryption-aws-kms-key-id: alias/other",
    );
    assert_eq!(env.stored("in/report.pdf"), None);

    let output = credentials_free(&[
        "upload",
        "--url",
        &url,
        "--sse",
        "aws:kms",
        "--sse-kms-key-id",
        KEY_ID,
        "report.pdf",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        env.stored("in/report.pdf").as_deref(),
        Some(&b"%PDF-1.7"[..])
    );
}
