//! Transfers that outlive their links: through a proxy that refuses any request signed more
//! than a few seconds earlier (as S3 refuses a link past its expiry) and delays each answer.
//! s3:// downloads sign every request when it is sent; a link someone gave that expires on the
//! way keeps what arrived, and a fresh link to the same object resumes it.

use std::path::PathBuf;
use std::time::Duration;

use crate::support::proxy::Proxy;
use crate::support::{data, stderr, TestEnv};

/// A world whose s3share talks to the server through a proxy, with a config file.
fn through_proxy(config: &str) -> (TestEnv, Proxy, PathBuf) {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    let path = env.file("s3share.toml", config.as_bytes());
    (env, proxy, path)
}

fn run(env: &TestEnv, proxy: &Proxy, config: &PathBuf, args: &[&str]) -> std::process::Output {
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .env("S3SHARE_CONFIG", config)
        .args(args)
        .output()
        .unwrap();
    crate::support::assert_no_secrets(&output);
    output
}

#[test]
fn a_folder_download_outlives_the_lifetime_of_any_one_signature() {
    let (env, proxy, config) = through_proxy("concurrency = 2\n");
    for i in 0..24 {
        env.put_object(&format!("set/f{i:02}.txt"), format!("file {i}").as_bytes());
    }
    // 24 files two at a time, each request 250 ms late: about 3 s, where a signature lives 2 s.
    proxy.expire_links_after(Duration::from_secs(2));
    proxy.delay_requests(Duration::from_millis(250));
    let out = env.home().join("set");
    let output = run(
        &env,
        &proxy,
        &config,
        &["get", "s3://bkt/set/", "-o", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    for i in 0..24 {
        let got = std::fs::read(out.join(format!("f{i:02}.txt"))).unwrap();
        assert_eq!(got, format!("file {i}").as_bytes());
    }
}

#[test]
fn a_chunk_retried_after_its_first_signature_expired_is_signed_again() {
    let (env, proxy, config) = through_proxy("multipart_threshold = \"5MiB\"\nconcurrency = 2\n");
    let body = data(12 * 1024 * 1024 + 5);
    env.put_object("big.bin", &body);
    // Each chunk fails twice (503), so its third attempt leaves about 3 s after the download
    // started, when anything signed at the start is refused.
    proxy.expire_links_after(Duration::from_secs(2));
    proxy.delay_requests(Duration::from_millis(500));
    proxy.fail_requests(503, "range: bytes=", 4);
    let out = env.home().join("big.bin");
    let output = run(
        &env,
        &proxy,
        &config,
        &["get", "s3://bkt/big.bin", "-o", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(proxy.failures_left(), 0, "the failures were not hit");
    assert!(std::fs::read(&out).unwrap() == body, "the bytes differ");
}

#[test]
fn a_link_that_expires_midway_keeps_what_arrived_and_a_fresh_link_resumes() {
    let (env, proxy, config) = through_proxy("multipart_threshold = \"5MiB\"\nconcurrency = 2\n");
    let body = data(24 * 1024 * 1024);
    env.put_object("video.bin", &body);
    // Three chunks of 8 MiB, two at a time; every request arrives 2 s late. The first two
    // arrive 4 s after signing, within the link's 6 s; the third after it.
    let presign = |expires: &str| {
        let output = run(
            &env,
            &proxy,
            &config,
            &["presign", "--expires", expires, "s3://bkt/video.bin"],
        );
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    };
    let link = presign("6s");
    proxy.delay_requests(Duration::from_secs(2));
    let out = env.home().join("video.bin");
    let got = run(
        &env,
        &proxy,
        &config,
        &["get", &link, "-o", out.to_str().unwrap()],
    );
    let err = stderr(&got);
    assert_eq!(got.status.code(), Some(5), "{err}");
    assert!(
        err.contains("error: the link expired after 16 MiB of 24 MiB"),
        "{err}"
    );
    assert!(
        err.contains("ask for a fresh link to the same object"),
        "{err}"
    );
    assert!(!out.exists(), "no final file before every byte arrived");
    let partial = env.home().join(".video.bin.s3share-partial");
    assert!(partial.exists(), "the chunks that arrived are kept");

    proxy.delay_requests(Duration::ZERO);
    let fresh = presign("1h");
    let resumed = run(
        &env,
        &proxy,
        &config,
        &["get", &fresh, "-o", out.to_str().unwrap()],
    );
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains("resumed at 16 MiB"),
        "{}",
        stderr(&resumed)
    );
    assert!(std::fs::read(&out).unwrap() == body, "the bytes differ");
    assert!(!partial.exists());
}
