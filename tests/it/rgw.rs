//! Compatibility with a production S3 server: the flows a user meets first, and every kind of
//! page and link, against Ceph's RADOS Gateway (radosgw 16.2 Pacific from Debian 12).
//!
//! The gateway runs outside the tests: `scripts/rgw.sh start` starts a throwaway single-node
//! cluster on loopback and writes its endpoint and keys to a file, which `S3SHARE_TEST_RGW`
//! names (`.ci/run` does both). Without it these tests say so and pass, except in CI, where they
//! fail. Each test works in a bucket of its own, emptied and removed at its end.
//!
//! What RGW does differently from s3s-fs, and what the tests pin down: it neither checks nor
//! returns `x-amz-checksum-*` (downloads check the MD5 an ETag stands for, or only the size), and
//! it refuses `aws-chunked` bodies with trailing checksums (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::primitives::ByteStream;

use crate::support;

use support::{assert_failure, data, http, sha256, stderr, stdout, TestEnv};

/// Above the 5 MiB multipart threshold the tests configure: two parts and a bit.
const LARGE: usize = 11 * 1024 * 1024 + 123;

/// Where a running gateway is: the file `scripts/rgw.sh start` writes.
const RGW_ENV: &str = "S3SHARE_TEST_RGW";

/// A running gateway's endpoint and keys.
struct Gateway {
    endpoint: String,
    access_key: String,
    secret_key: String,
}

impl Gateway {
    /// The gateway `S3SHARE_TEST_RGW` points at, or `None` (with a note) outside CI.
    fn find() -> Option<Gateway> {
        let Some(file) = std::env::var_os(RGW_ENV).filter(|v| !v.is_empty()) else {
            assert!(
                std::env::var_os("CI").is_none_or(|v| v.is_empty()),
                "CI needs a running Ceph RGW: .ci/run starts one with scripts/rgw.sh and sets {RGW_ENV}"
            );
            eprintln!(
                "note: no Ceph RGW here (scripts/rgw.sh start, then {RGW_ENV}=DIR/s3.env); not run"
            );
            return None;
        };
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{RGW_ENV}={}: {e}", Path::new(&file).display()));
        let value = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
                .unwrap_or_else(|| panic!("no {name} in {}", Path::new(&file).display()))
                .to_owned()
        };
        Some(Gateway {
            endpoint: value("AWS_ENDPOINT_URL"),
            access_key: value("AWS_ACCESS_KEY_ID"),
            secret_key: value("AWS_SECRET_ACCESS_KEY"),
        })
    }
}

/// One test's world on the gateway: a bucket of its own, a private home with a config file that
/// names it, and an SDK client to look at what s3share stored (independently of s3share).
struct Rgw {
    gateway: Gateway,
    bucket: String,
    home: tempfile::TempDir,
    data: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    client: aws_sdk_s3::Client,
}

impl Rgw {
    /// A fresh bucket on the gateway, or `None` where there is no gateway (outside CI).
    fn new() -> Option<Rgw> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let gateway = Gateway::find()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = sdk_client(&gateway, RequestChecksumCalculation::WhenRequired);
        let bucket = format!(
            "compat-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        runtime
            .block_on(client.create_bucket().bucket(&bucket).send())
            .unwrap_or_else(|e| panic!("create bucket {bucket}: {e:?}"));
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join("s3share.toml"),
            format!("bucket = \"{bucket}\"\nmultipart_threshold = \"5MiB\"\nconcurrency = 4\n"),
        )
        .unwrap();
        Some(Rgw {
            gateway,
            bucket,
            home,
            data: tempfile::tempdir().unwrap(),
            runtime,
            client,
        })
    }

    fn home(&self) -> &Path {
        self.home.path()
    }

    /// `s3share` with the gateway's endpoint and keys and nothing else from this environment.
    fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("s3share"));
        support::private_environment(&mut cmd, self.home(), self.data.path());
        cmd.env("AWS_ACCESS_KEY_ID", &self.gateway.access_key)
            .env("AWS_SECRET_ACCESS_KEY", &self.gateway.secret_key)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", &self.gateway.endpoint)
            .env("S3SHARE_CONFIG", self.home().join("s3share.toml"));
        cmd
    }

    /// Runs s3share; asserts the secret key shows nowhere.
    fn run(&self, args: &[&str]) -> Output {
        let output = self.cmd().args(args).output().unwrap();
        for text in [stdout(&output), stderr(&output)] {
            assert!(
                !text.contains(&self.gateway.secret_key),
                "secret key leaked: {text}"
            );
        }
        output
    }

    /// Runs s3share without credentials, as a recipient of a link.
    fn run_as_recipient(&self, args: &[&str]) -> Output {
        self.cmd()
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs s3share expecting success and exactly one line (a link) on stdout.
    fn url(&self, args: &[&str]) -> String {
        let output = self.run(args);
        ok(&output, args);
        let text = stdout(&output);
        let mut lines = text.lines();
        let url = lines.next().expect("a link").to_owned();
        assert!(lines.next().is_none(), "one line expected: {text}");
        url
    }

    /// A file in the home.
    fn file(&self, name: &str, body: &[u8]) -> PathBuf {
        let path = self.home().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, body).unwrap();
        path
    }

    /// Nothing of any encrypted share is left in the bucket.
    fn assert_no_encrypted_share_left(&self) {
        let left: Vec<String> = self
            .keys()
            .into_iter()
            .filter(|k| k.contains("e2e"))
            .collect();
        assert!(left.is_empty(), "revoke leaves nothing: {left:?}");
    }

    /// An encrypted request for `prefix` (`request --encrypt`): its page's link.
    fn encrypted_request(&self, prefix: &str) -> String {
        let line = self.url(&["request", "--json", "--encrypt", &self.s3(prefix)]);
        let record: serde_json::Value = serde_json::from_str(&line).unwrap();
        record["url"].as_str().unwrap().to_owned()
    }

    /// The file `name` the requester's `get` of `prefix` opens (into a fresh folder `got/`).
    fn opened(&self, prefix: &str, name: &str) -> Vec<u8> {
        std::fs::create_dir(self.home().join("got")).unwrap();
        ok(
            &self.run(&["get", &self.s3(prefix), "-o", "got/", "--no-progress"]),
            &["get", "encrypted request"],
        );
        std::fs::read(self.home().join("got").join(name)).unwrap()
    }

    /// `s3://BUCKET/key`.
    fn s3(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }

    /// The object's bytes as the gateway gives them to the SDK, if it exists.
    fn stored(&self, key: &str) -> Option<Vec<u8>> {
        self.runtime.block_on(async {
            let object = self
                .client
                .get_object()
                .bucket(&self.bucket)
                .key(key)
                .send()
                .await
                .ok()?;
            Some(object.body.collect().await.unwrap().to_vec())
        })
    }

    /// Every key in the bucket, sorted.
    fn keys(&self) -> Vec<String> {
        self.runtime.block_on(async {
            let mut keys = Vec::new();
            let mut pages = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                keys.extend(
                    page.unwrap()
                        .contents()
                        .iter()
                        .filter_map(|o| o.key().map(str::to_owned)),
                );
            }
            keys.sort();
            keys
        })
    }

    /// The multipart uploads the gateway still holds in the bucket (key and upload id).
    fn multipart_uploads(&self) -> Vec<String> {
        self.runtime.block_on(async {
            let listed = self
                .client
                .list_multipart_uploads()
                .bucket(&self.bucket)
                .send()
                .await
                .unwrap();
            listed
                .uploads()
                .iter()
                .map(|u| format!("{:?} {:?}", u.key(), u.upload_id()))
                .collect()
        })
    }
}

impl Drop for Rgw {
    /// Empties and removes the bucket (memstore keeps everything in memory), uploads in
    /// progress included.
    fn drop(&mut self) {
        let (client, bucket) = (&self.client, &self.bucket);
        self.runtime.block_on(async {
            if let Ok(listed) = client.list_multipart_uploads().bucket(bucket).send().await {
                for upload in listed.uploads() {
                    let _ = client
                        .abort_multipart_upload()
                        .bucket(bucket)
                        .key(upload.key().unwrap_or_default())
                        .upload_id(upload.upload_id().unwrap_or_default())
                        .send()
                        .await;
                }
            }
            let mut pages = client
                .list_objects_v2()
                .bucket(bucket)
                .into_paginator()
                .send();
            while let Some(Ok(page)) = pages.next().await {
                for object in page.contents() {
                    let _ = client
                        .delete_object()
                        .bucket(bucket)
                        .key(object.key().unwrap_or_default())
                        .send()
                        .await;
                }
            }
            let _ = client.delete_bucket().bucket(bucket).send().await;
        });
    }
}

/// An SDK client for the gateway, computing request checksums as `checksums` says.
fn sdk_client(gateway: &Gateway, checksums: RequestChecksumCalculation) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(&gateway.endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            &gateway.access_key,
            &gateway.secret_key,
            None,
            None,
            "rgw",
        ))
        .force_path_style(true)
        .request_checksum_calculation(checksums)
        .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// Asserts that s3share succeeded.
fn ok(output: &Output, args: &[&str]) {
    assert!(
        output.status.success(),
        "s3share {args:?} failed: {}",
        stderr(output)
    );
}

/// The body of a GET of `url` by a plain HTTP client, asserting 200.
fn fetch(url: &str) -> Vec<u8> {
    let response = http().get(url).send().unwrap();
    assert_eq!(response.status(), 200, "GET {url}");
    response.bytes().unwrap().to_vec()
}

/// The HTTP status of a GET of `url`.
fn status(url: &str) -> u16 {
    http().get(url).send().unwrap().status().as_u16()
}

/// Asserts two byte strings are equal without printing megabytes.
fn same(actual: &[u8], expected: &[u8], what: &str) {
    assert!(
        actual.len() == expected.len() && sha256(actual) == sha256(expected),
        "{what}: {} bytes arrived, {} expected, or they differ",
        actual.len(),
        expected.len()
    );
}

#[test]
fn uploads_small_and_multipart_come_back_through_their_printed_links() {
    let Some(rgw) = Rgw::new() else { return };
    let (small, large) = (data(1000), data(LARGE));
    rgw.file("small.txt", &small);
    rgw.file("large.bin", &large);
    for (name, body) in [("small.txt", &small), ("large.bin", &large)] {
        let link = rgw.url(&["upload", name, "--no-progress"]);
        same(&fetch(&link), body, "a plain GET of the link");
        same(&rgw.stored(name).unwrap(), body, "what the gateway stores");
        let saved = format!("got-{name}");
        ok(
            &rgw.run_as_recipient(&["get", &link, "-o", &saved, "--no-progress"]),
            &["get"],
        );
        same(
            &std::fs::read(rgw.home().join(&saved)).unwrap(),
            body,
            "get of the link",
        );
    }
    // The multipart object is one of parts (its ETag says so), not a single PUT.
    let etag = rgw.runtime.block_on(async {
        let head = rgw
            .client
            .head_object()
            .bucket(&rgw.bucket)
            .key("large.bin");
        head.send().await.unwrap().e_tag().unwrap().to_owned()
    });
    assert!(etag.trim_matches('"').contains('-'), "in parts: {etag}");
    assert!(rgw.multipart_uploads().is_empty());
}

#[test]
fn share_and_presign_links_work_for_a_plain_http_client() {
    let Some(rgw) = Rgw::new() else { return };
    rgw.file("report.pdf", b"%PDF-1.7 quarterly");
    ok(
        &rgw.run(&["upload", "report.pdf", "--no-progress"]),
        &["upload"],
    );
    let shared = rgw.url(&["share", &rgw.s3("report.pdf"), "--expires", "1h"]);
    assert_eq!(fetch(&shared), b"%PDF-1.7 quarterly");
    // A link that names the file to save under: the gateway answers with that disposition.
    let named = rgw.url(&[
        "presign",
        "--filename",
        "Q3 report.pdf",
        &rgw.s3("report.pdf"),
    ]);
    let response = http().get(&named).send().unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.contains("Q3 report.pdf"), "{disposition}");
    // Offline PUT and GET links, used by reqwest.
    let put = rgw.url(&["presign", "--method", "put", &rgw.s3("in/put.bin")]);
    let sent = http().put(&put).body(data(4096)).send().unwrap();
    assert_eq!(sent.status(), 200, "{}", sent.text().unwrap());
    let get = rgw.url(&["presign", &rgw.s3("in/put.bin")]);
    assert_eq!(fetch(&get), data(4096));
    // A missing object is refused before a link is handed out.
    assert_failure(&rgw.run(&["share", &rgw.s3("nothing.txt")]), 4, "");
}

#[test]
fn an_upload_link_takes_curl_t_and_upload_url() {
    let Some(rgw) = Rgw::new() else { return };
    let link = rgw.url(&["share", "--upload", &rgw.s3("incoming/logs.zip")]);
    let file = rgw.file("logs.zip", &data(70_000));
    let curl = std::process::Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "-T"])
        .arg(&file)
        .arg(&link)
        .output();
    match curl {
        Ok(curl) => {
            assert!(curl.status.success(), "curl -T: {}", stderr(&curl));
            assert_eq!(rgw.stored("incoming/logs.zip").unwrap(), data(70_000));
        }
        Err(_) => assert!(
            std::env::var_os("CI").is_none(),
            "curl is missing in CI: .ci/run installs it"
        ),
    }
    let second = rgw.url(&["share", "--upload", &rgw.s3("incoming/photo.png")]);
    rgw.file("photo.png", b"png bytes");
    ok(
        &rgw.run_as_recipient(&["upload", "--url", &second, "photo.png"]),
        &["upload", "--url"],
    );
    assert_eq!(rgw.stored("incoming/photo.png").unwrap(), b"png bytes");
}

#[test]
fn a_request_page_takes_a_browser_form_post_and_upload_to() {
    let Some(rgw) = Rgw::new() else { return };
    let record: serde_json::Value =
        serde_json::from_str(&rgw.url(&["--json", "request", &rgw.s3("incoming/")])).unwrap();
    let page = http().get(record["url"].as_str().unwrap()).send().unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    assert!(page.text().unwrap().contains("id=\"s3share-data\""));
    // The page's form, as a browser sends it: the policy's fields, then the file.
    let (code, body) =
        crate::request::post(&record, "incoming/web/a.txt", b"from a browser".to_vec());
    assert!((200..300).contains(&code), "{code}: {body}");
    assert_eq!(rgw.stored("incoming/web/a.txt").unwrap(), b"from a browser");
    // Outside the prefix, the gateway enforces the policy.
    let (code, body) = crate::request::post(&record, "elsewhere/a.txt", b"x".to_vec());
    assert_eq!(code, 403, "{body}");
    assert!(rgw.stored("elsewhere/a.txt").is_none());
    // The terminal's way through the same link.
    rgw.file("scan.pdf", b"%PDF scan");
    ok(
        &rgw.run_as_recipient(&[
            "upload",
            "--to",
            record["url"].as_str().unwrap(),
            "scan.pdf",
        ]),
        &["upload", "--to"],
    );
    let scans: Vec<String> = rgw
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("incoming/") && k.ends_with("/scan.pdf"))
        .collect();
    assert_eq!(scans.len(), 1, "{:?}", rgw.keys());
    assert_eq!(rgw.stored(&scans[0]).unwrap(), b"%PDF scan");
}

#[test]
fn folders_go_up_and_come_down_through_a_folder_page_and_a_prefix() {
    let Some(rgw) = Rgw::new() else { return };
    let files = [
        ("photos/a.jpg", data(3000)),
        ("photos/2026/b.jpg", data(5000)),
        ("photos/2026/deep/c.raw", data(LARGE)),
    ];
    for (name, body) in &files {
        rgw.file(name, body);
    }
    let up = rgw.run(&[
        "upload",
        "photos/",
        "--to",
        &rgw.s3("events/"),
        "--no-progress",
    ]);
    ok(&up, &["upload", "photos/"]);
    let page = rgw.url(&["share", &rgw.s3("events/photos/")]);
    assert!(page.contains("/.s3share/shares/"), "{page}");
    ok(
        &rgw.run_as_recipient(&["get", &page, "-o", "from-page/", "--no-progress"]),
        &["get", "page"],
    );
    ok(
        &rgw.run(&[
            "get",
            &rgw.s3("events/photos/"),
            "-o",
            "from-prefix/",
            "--no-progress",
        ]),
        &["get", "prefix"],
    );
    for dir in ["from-page", "from-prefix"] {
        for (name, body) in &files {
            let relative = name.strip_prefix("photos/").unwrap();
            let got = std::fs::read(rgw.home().join(dir).join(relative))
                .unwrap_or_else(|e| panic!("{dir}/{relative}: {e}"));
            same(&got, body, &format!("{dir}/{relative}"));
        }
    }
    // A re-run finds everything there by listing, and sends nothing.
    let again = rgw.run(&[
        "upload",
        "photos/",
        "--to",
        &rgw.s3("events/"),
        "--no-progress",
    ]);
    ok(&again, &["upload", "photos/", "again"]);
    assert!(
        stderr(&again).contains("3 already there"),
        "{}",
        stderr(&again)
    );
    assert!(rgw.multipart_uploads().is_empty());
}

#[test]
fn an_encrypted_share_round_trips_and_is_revoked() {
    let Some(rgw) = Rgw::new() else { return };
    for (name, body) in [("contract.pdf", data(70_000)), ("film.mkv", data(LARGE))] {
        rgw.file(name, &body);
        let link = rgw.url(&["upload", "--encrypt", name, "--no-progress"]);
        assert!(
            link.contains("/.s3share/e2e/") && link.contains('#'),
            "{link}"
        );
        let out = format!("out-{name}");
        std::fs::create_dir(rgw.home().join(&out)).unwrap();
        let got = rgw.run_as_recipient(&["get", &link, "-o", &format!("{out}/"), "--no-progress"]);
        ok(&got, &["get", "encrypted"]);
        same(
            &std::fs::read(rgw.home().join(&out).join(name)).unwrap(),
            &body,
            "the decrypted file",
        );
        ok(&rgw.run(&["revoke", &link]), &["revoke"]);
        assert_eq!(status(link.split('#').next().unwrap()), 404);
    }
    rgw.assert_no_encrypted_share_left();
}

/// An encrypted folder (a large file in parts among small ones) on a real gateway: `get LINK`
/// restores it, `get LINK --zip` zips it, `revoke` leaves nothing of it.
#[test]
fn an_encrypted_folder_round_trips_and_is_revoked() {
    let Some(rgw) = Rgw::new() else { return };
    let files = [
        ("album/a.txt", data(10)),
        ("album/empty", data(0)),
        ("album/sub/big.bin", data(LARGE)),
    ];
    for (name, body) in &files {
        rgw.file(name, body);
    }
    let link = rgw.url(&["upload", "--encrypt", "album", "--no-progress"]);
    assert!(
        link.contains("/.s3share/e2e/") && link.contains('#'),
        "{link}"
    );
    let got = rgw.run_as_recipient(&["get", &link, "-o", "restored/", "--no-progress"]);
    ok(&got, &["get", "encrypted folder"]);
    for (name, body) in &files {
        let path = rgw
            .home()
            .join("restored")
            .join(name.strip_prefix("album/").unwrap());
        same(&std::fs::read(path).unwrap(), body, name);
    }
    let zipped = rgw.run_as_recipient(&["get", &link, "--zip", "album.zip", "--no-progress"]);
    ok(&zipped, &["get", "--zip"]);
    ok(&rgw.run(&["revoke", &link]), &["revoke"]);
    assert_eq!(status(link.split('#').next().unwrap()), 404);
    rgw.assert_no_encrypted_share_left();
}

/// A file of two chunks (64 MiB and a bit) sent to an encrypted request: only ciphertext under
/// random names lands, and the requester's `get` opens it, on a real gateway (the same runs on
/// s3s-fs, `encrypted_request::a_file_of_two_chunks_round_trips`).
#[test]
fn an_encrypted_request_takes_a_file_of_two_chunks() {
    let Some(rgw) = Rgw::new() else { return };
    let link = rgw.encrypted_request("in/");
    let body = data((64 << 20) + 100_000);
    rgw.file("R\u{e9}sum\u{e9} final.pdf", &body);
    ok(
        &rgw.run_as_recipient(&[
            "upload",
            "--to",
            &link,
            "R\u{e9}sum\u{e9} final.pdf",
            "--no-progress",
        ]),
        &["upload", "--to", "encrypted request"],
    );
    let stored: Vec<String> = rgw
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("in/"))
        .collect();
    // Two chunks and the manifest, none named after the file.
    assert_eq!(stored.len(), 3, "{stored:?}");
    assert!(
        stored
            .iter()
            .all(|k| !k.contains("sum") && !k.contains("pdf")),
        "{stored:?}"
    );
    assert_eq!(
        stored.iter().filter(|k| k.ends_with("manifest")).count(),
        1,
        "{stored:?}"
    );
    same(
        &rgw.opened("in/", "R\u{e9}sum\u{e9} final.pdf"),
        &body,
        "the opened file",
    );
}

/// An encrypted request's upload cut after its first chunk resumes in the browser: Retry sends
/// the missing chunk and the manifest, never the chunk already stored, and `get` opens the file.
/// (On the gateway: a browser's 64 MiB POSTs, cut by a proxy in front of a real server.)
#[test]
fn an_encrypted_request_cut_mid_file_resumes_in_the_browser() {
    let Some(rgw) = Rgw::new() else { return };
    let Some(browser) = crate::browser::browser() else {
        return;
    };
    let link = rgw.encrypted_request("in/");
    let body = data((64 << 20) + 100_000);
    let file = rgw.file("two chunks.bin", &body);
    // The page's second POST fails as a dropped connection does; every POST is counted.
    let tab = crate::encrypted_request::tab_on(
        &browser,
        &link,
        "(function () { var posts = 0; var send = XMLHttpRequest.prototype.send; \
           window.s3sharePosts = function () { return posts; }; \
           XMLHttpRequest.prototype.send = function () { posts += 1; var xhr = this; \
             if (posts === 2) { setTimeout(function () { xhr.dispatchEvent(new ProgressEvent('error')); }, 0); return; } \
             return send.apply(this, arguments); }; })();",
    );
    crate::browser::wait_for(
        &tab,
        "document.getElementById('app').dataset.encryption === 'ready'",
    );
    let input = tab.wait_for_element("#file-input").unwrap();
    input.set_input_files(&[file.to_str().unwrap()]).unwrap();
    crate::browser::wait_for(
        &tab,
        "document.querySelector('#file-list li').dataset.state === 'error'",
    );
    crate::browser::screenshot(&tab, "encrypted-request-cut.png");
    tab.wait_for_element("#file-list li .retry")
        .unwrap()
        .click()
        .unwrap();
    crate::browser::wait_for(&tab, "document.body.dataset.state === 'done'");
    crate::browser::screenshot(&tab, "encrypted-request-resumed.png");
    // The first chunk, the cut one, the missing one again and the manifest: nothing sent twice.
    let posts = tab.evaluate("window.s3sharePosts()", false).unwrap().value;
    assert_eq!(posts, Some(serde_json::json!(4)));
    let stored: Vec<String> = rgw
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("in/"))
        .collect();
    assert_eq!(stored.len(), 3, "two chunks and the manifest: {stored:?}");
    same(
        &rgw.opened("in/", "two chunks.bin"),
        &body,
        "the resumed file",
    );
}

/// Throughput and memory of a sender's browser on an encrypted request, for a file of
/// `S3SHARE_MEASURE_MIB` (1024 by default): headless Chromium encrypts it and POSTs its 64 MiB
/// chunks to the gateway, then `get` opens it. Run with
/// `--ignored --nocapture` and a gateway (`S3SHARE_TEST_RGW`).
#[test]
#[ignore = "a measurement: a minute and a gigabyte"]
fn measure_an_encrypted_request_in_chromium() {
    let Some(rgw) = Rgw::new() else { return };
    let Some(browser) = crate::browser::browser() else {
        return;
    };
    let mib: usize = std::env::var("S3SHARE_MEASURE_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let link = rgw.encrypted_request("in/");
    let body = data(mib << 20);
    let file = rgw.file("big.bin", &body);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    crate::browser::wait_for(
        &tab,
        "document.getElementById('app').dataset.encryption === 'ready'",
    );
    let pid = browser.get_process_id().unwrap();
    let before = crate::browser::tree_rss(pid);
    let start = std::time::Instant::now();
    let input = tab.wait_for_element("#file-input").unwrap();
    input.set_input_files(&[file.to_str().unwrap()]).unwrap();
    let (peak, heap) = crate::browser::peaks_until_done(&tab, pid, before);
    let took = start.elapsed().as_secs_f64();
    let same_bytes = sha256(&rgw.opened("in/", "big.bin")) == sha256(&body);
    eprintln!(
        "measure: {mib} MiB through an encrypted request in Chromium to RGW: {took:.1} s = {:.0} MiB/s; \
         browser RSS {} MiB before, {} MiB peak; page JS heap peak {:.1} MiB; get opens it: {same_bytes}",
        mib as f64 / took,
        before >> 20,
        peak >> 20,
        heap / 1048576.0
    );
    assert!(same_bytes);
}

#[test]
fn a_revocable_link_works_until_revoked() {
    let Some(rgw) = Rgw::new() else { return };
    rgw.file("report.pdf", b"quarterly");
    ok(&rgw.run(&["upload", "report.pdf"]), &["upload"]);
    let link = rgw.url(&["share", "--revocable", &rgw.s3("report.pdf")]);
    assert!(link.contains("/.s3share/revocable/"), "{link}");
    assert_eq!(fetch(&link), b"quarterly");
    ok(&rgw.run(&["revoke", "--nth", "1"]), &["revoke"]);
    assert_eq!(status(&link), 404);
    assert_failure(
        &rgw.run_as_recipient(&["get", &link, "-o", "-"]),
        4,
        "this link was revoked or its object removed",
    );
    assert_eq!(rgw.stored("report.pdf").unwrap(), b"quarterly");
}

#[test]
#[cfg(unix)] // Ctrl-C is a SIGINT
fn an_interrupted_multipart_upload_leaves_no_parts_behind() {
    use std::time::{Duration, Instant};

    use std::io::Write;
    let Some(rgw) = Rgw::new() else { return };
    // stdin that never ends: the upload is in parts, and still running when interrupted.
    let mut child = rgw
        .std_cmd()
        .args(["upload", "-", "--key", "stream.bin", "--no-progress"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&data(LARGE)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while rgw.multipart_uploads().is_empty() {
        assert!(Instant::now() < deadline, "no multipart upload started");
        std::thread::sleep(Duration::from_millis(50));
    }
    support::interrupt(child.id());
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    support::assert_died_of_sigint(&output.status, &stderr(&output));
    assert!(
        stderr(&output).contains("parts removed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(rgw.multipart_uploads(), Vec::<String>::new());
    assert!(rgw.stored("stream.bin").is_none());
}

/// Every way s3share sends bytes (a single PUT, parts, stdin both ways, a folder, an encrypted
/// share of either size, a PUT link, a request page, the pages themselves) against a server that
/// refuses `aws-chunked` bodies with trailing checksums: each succeeds, so none uses that form.
#[test]
fn no_upload_path_sends_trailing_checksums() {
    let Some(rgw) = Rgw::new() else { return };
    // The premise: this gateway refuses what the SDK sends by default for a streamed body.
    let trailing = sdk_client(&rgw.gateway, RequestChecksumCalculation::WhenSupported);
    let path = rgw.file("canary.bin", &data(100_000));
    let refused = rgw.runtime.block_on(async {
        trailing
            .put_object()
            .bucket(&rgw.bucket)
            .key("canary.bin")
            .body(ByteStream::from_path(&path).await.unwrap())
            .send()
            .await
    });
    let status = refused
        .err()
        .and_then(|e| Some(e.raw_response()?.status().as_u16()));
    assert_eq!(
        status,
        Some(400),
        "the gateway should refuse a body with trailing checksums, or this test proves nothing"
    );

    let (small, large) = (data(2000), data(LARGE));
    rgw.file("s.bin", &small);
    rgw.file("l.bin", &large);
    rgw.file("tree/s.bin", &small);
    rgw.file("tree/l.bin", &large);
    let stdin = |key: &str, body: &[u8]| {
        let output = rgw
            .cmd()
            .args(["upload", "-", "--key", key, "--no-progress"])
            .write_stdin(body.to_vec())
            .output()
            .unwrap();
        ok(&output, &["upload", "-", key]);
    };
    for args in [
        ["upload", "s.bin"].as_slice(),
        &["upload", "l.bin", "--no-progress"],
        &["upload", "tree/", "--no-progress"],
        &["upload", "--encrypt", "s.bin"],
        &["upload", "--encrypt", "l.bin", "--no-progress"],
    ] {
        ok(&rgw.run(args), args);
    }
    stdin("stdin-small", &small);
    stdin("stdin-large", &large);
    let put = rgw.url(&["share", "--upload", &rgw.s3("via-link.bin")]);
    ok(
        &rgw.run_as_recipient(&["upload", "--url", &put, "l.bin"]),
        &["upload", "--url"],
    );
    let request = rgw.url(&["request", &rgw.s3("req/")]);
    ok(
        &rgw.run_as_recipient(&["upload", "--to", &request, "s.bin"]),
        &["upload", "--to"],
    );
    rgw.url(&["share", &rgw.s3("tree/")]);
    for (key, body) in [
        ("s.bin", &small),
        ("l.bin", &large),
        ("tree/s.bin", &small),
        ("tree/l.bin", &large),
        ("stdin-small", &small),
        ("stdin-large", &large),
        ("via-link.bin", &large),
    ] {
        same(&rgw.stored(key).unwrap(), body, key);
    }
    let keys = rgw.keys();
    for own in [
        ".s3share/e2e/",
        ".s3share/requests/",
        ".s3share/shares/",
        "req/",
    ] {
        assert!(
            keys.iter().any(|k| k.starts_with(own)),
            "nothing under {own}: {keys:?}"
        );
    }
    assert!(rgw.multipart_uploads().is_empty());
}

/// The `-v` line of a `get` that names what the download was checked against.
fn check_line(output: &Output) -> String {
    let err = stderr(output);
    err.lines()
        .find(|l| l.contains(": checking ") || l.contains(": authenticating "))
        .unwrap_or_else(|| panic!("no check named with -v: {err}"))
        .to_owned()
}

#[test]
fn get_verbose_says_the_gateway_leaves_the_md5_or_only_the_size() {
    let Some(rgw) = Rgw::new() else { return };
    rgw.file("small.txt", &data(1000));
    rgw.file("large.bin", &data(LARGE));
    ok(
        &rgw.run(&["upload", "small.txt", "large.bin", "--no-progress"]),
        &["upload"],
    );
    let small = rgw.run(&["-v", "get", &rgw.s3("small.txt"), "-o", "-"]);
    ok(&small, &["get", "small"]);
    assert!(
        check_line(&small)
            .contains("the MD5 its ETag stands for (the server sent no CRC64NVME checksum)"),
        "{}",
        stderr(&small)
    );
    let large = rgw.run(&[
        "-v",
        "get",
        &rgw.s3("large.bin"),
        "-o",
        "large-copy.bin",
        "--no-progress",
    ]);
    ok(&large, &["get", "large"]);
    assert!(
        check_line(&large).contains("its size only"),
        "{}",
        stderr(&large)
    );
    // Without -v, not a word of it.
    let quiet = rgw.run(&["get", &rgw.s3("small.txt"), "-o", "-"]);
    assert!(!stderr(&quiet).contains("checking"), "{}", stderr(&quiet));
}

#[test]
fn get_verbose_names_the_crc64nvme_where_the_server_keeps_it() {
    // The same line on s3s-fs, which returns the checksum: the CRC64NVME is what is checked.
    let env = TestEnv::new();
    crate::get::put_with_crc64nvme(&env, "a.txt", &data(1000));
    let got = env.run(&["-v", "get", "s3://bkt/a.txt", "-o", "-"]);
    assert!(got.status.success(), "{}", stderr(&got));
    assert!(
        check_line(&got)
            .contains("s3://bkt/a.txt: checking its size and the object's CRC64NVME checksum"),
        "{}",
        stderr(&got)
    );
}
