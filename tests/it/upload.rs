//! `s3share upload`: single PUTs, multipart, stdin, presigned PUT links, overwrite refusal, and
//! no multipart leftovers on failure.

use crate::support;

use std::path::PathBuf;
use std::process::Output;

use support::{
    assert_failure, assert_no_secrets, data, http, sha256, stderr, stdout, TestEnv, BUCKET,
};

/// The multipart threshold the tests configure (S3's smallest part size).
const THRESHOLD: usize = 5 * 1024 * 1024;
/// The part size s3share uses below 80 GB.
const PART: usize = 8 * 1024 * 1024;

/// A test environment whose config sets a 5 MiB multipart threshold and default bucket `bkt`.
struct Upload {
    env: TestEnv,
    config: PathBuf,
}

impl Upload {
    fn new() -> Upload {
        Upload::with_config("")
    }

    fn with_config(extra: &str) -> Upload {
        let env = TestEnv::new();
        let config = env.file(
            "s3share.toml",
            format!("bucket = \"{BUCKET}\"\nmultipart_threshold = \"5MiB\"\n{extra}").as_bytes(),
        );
        Upload { env, config }
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.env.cmd();
        cmd.env("S3SHARE_CONFIG", &self.config);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        let output = self.cmd().args(args).output().unwrap();
        assert_no_secrets(&output);
        output
    }

    /// Starts s3share in the background (stdout and stderr captured).
    fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.env
            .std_cmd()
            .env("S3SHARE_CONFIG", &self.config)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Waits until a multipart upload has started on the server.
    fn wait_for_parts(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.env.server.multipart_leftovers().is_empty() {
            assert!(std::time::Instant::now() < deadline, "upload never started");
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    /// Runs an upload expecting one JSON record on stdout.
    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["upload", "--json"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert!(output.status.success(), "{all:?}: {}", stderr(&output));
        let lines: Vec<_> = stdout(&output).lines().map(str::to_owned).collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        serde_json::from_str(&lines[0]).unwrap()
    }
}

/// Uploads `len` bytes and checks the record and the bytes behind the printed link.
fn round_trip(len: usize) {
    let up = Upload::new();
    let body = data(len);
    up.env.file("data.bin", &body);
    let record = up.json(&["data.bin"]);
    assert_eq!(record["key"], "data.bin");
    assert_eq!(record["size"], len as u64);
    assert_eq!(record["sha256"], sha256(&body));
    let fetched = http()
        .get(record["url"].as_str().unwrap())
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    assert_eq!(sha256(&fetched), sha256(&body), "{len} bytes");
    assert!(up.env.server.multipart_leftovers().is_empty());
}

#[test]
fn upload_round_trips_an_empty_file() {
    round_trip(0);
}

#[test]
fn upload_round_trips_one_byte() {
    round_trip(1);
}

#[test]
fn upload_round_trips_just_below_the_multipart_threshold() {
    round_trip(THRESHOLD - 1);
}

#[test]
fn upload_round_trips_exactly_the_multipart_threshold() {
    round_trip(THRESHOLD);
}

#[test]
fn upload_round_trips_just_above_the_multipart_threshold() {
    round_trip(THRESHOLD + 1);
}

#[test]
fn upload_round_trips_a_three_part_file() {
    round_trip(2 * PART + 1);
}

#[test]
fn upload_prints_only_the_link_and_puts_files_under_the_prefix() {
    let up = Upload::new();
    up.env.file("a.txt", b"alpha");
    up.env.file("b.txt", b"beta");
    let output = up.run(&["upload", "a.txt", "b.txt", "--to", "s3://bkt/drop/"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let links: Vec<_> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(links.len(), 2);
    assert!(links[0].contains("/bkt/drop/a.txt?"), "{}", links[0]);
    assert_eq!(up.env.stored("drop/b.txt").as_deref(), Some(&b"beta"[..]));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    // A bare --to is a prefix in the default bucket.
    up.run(&["upload", "a.txt", "--to", "inbox"]);
    assert_eq!(up.env.stored("inbox/a.txt").as_deref(), Some(&b"alpha"[..]));
}

#[test]
fn upload_guesses_the_content_type_from_the_file_name() {
    let up = Upload::new();
    up.env.file("photo.png", b"png");
    let record = up.json(&["photo.png"]);
    let response = http().get(record["url"].as_str().unwrap()).send().unwrap();
    assert_eq!(response.headers()["content-type"], "image/png");
}

#[test]
fn upload_keeps_tricky_keys_verbatim() {
    let up = Upload::new();
    up.env.file("f.txt", b"tricky");
    // A leading `/` is left out: s3s-fs stores keys as paths and fails on it (HTTP 500).
    // s3s-fs names a metadata file after the base64 of the key, so ~170 bytes is its limit.
    let long = format!("long/{}", "k".repeat(150));
    for key in [
        "a b+c=d%e~f#g?h&i.txt",
        "ünï/日本 😀.txt",
        "a//b.txt",
        long.as_str(),
    ] {
        let record = up.json(&["f.txt", "--key", &format!("s3://bkt/{key}")]);
        assert_eq!(record["key"], key);
        let body = http()
            .get(record["url"].as_str().unwrap())
            .send()
            .unwrap()
            .bytes()
            .unwrap();
        assert_eq!(body.as_ref(), b"tricky", "{key}");
    }
    assert_eq!(up.env.stored("a//b.txt").as_deref(), Some(&b"tricky"[..]));
}

#[test]
fn upload_reads_stdin_in_one_put_or_in_parts() {
    let up = Upload::new();
    for (len, key) in [(10, "small.txt"), (PART + 3, "big.bin")] {
        let body = data(len);
        let output = up
            .cmd()
            .args(["upload", "--json", "-", "--key", key])
            .write_stdin(body.clone())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
        assert_eq!(record["size"], len as u64);
        assert_eq!(record["sha256"], sha256(&body));
        assert_eq!(up.env.stored(key).map(|b| sha256(&b)), Some(sha256(&body)));
    }
    assert!(up.env.server.multipart_leftovers().is_empty());
}

#[test]
fn upload_of_stdin_needs_a_key() {
    let up = Upload::new();
    assert_failure(&up.run(&["upload", "-"]), 2, "--key");
}

#[test]
fn upload_to_a_presigned_link_needs_no_credentials() {
    let up = Upload::new();
    let line = up
        .env
        .url(&["share", "--upload", "--json", "s3://bkt/in/report.pdf"]);
    let record: serde_json::Value = serde_json::from_str(&line).unwrap();
    let url = record["url"].as_str().unwrap();
    up.env.file("report.pdf", b"%PDF-1.7");
    let output = up
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "upload",
            "--url",
            url,
            "--content-type",
            "application/pdf",
            "report.pdf",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert_eq!(
        up.env.stored("in/report.pdf").as_deref(),
        Some(&b"%PDF-1.7"[..])
    );
}

#[test]
fn upload_to_a_link_signed_for_another_content_type_exits_5() {
    let up = Upload::new();
    let url = up.env.url(&[
        "share",
        "--upload",
        "--content-type",
        "image/png",
        "s3://bkt/in/photo.png",
    ]);
    up.env.file("photo.png", b"png");
    let output = up.run(&[
        "upload",
        "--url",
        &url,
        "--content-type",
        "image/jpeg",
        "photo.png",
    ]);
    // The real-life case: a link made for image/png used with image/jpeg says exactly that.
    assert_failure(
        &output,
        5,
        "the link was signed for a specific content-type, and this request sent content-type: image/jpeg",
    );
    assert!(stderr(&output).contains("--content-type"));
    assert_eq!(up.env.stored("in/photo.png"), None);
}

#[test]
fn upload_to_a_link_sends_the_type_the_link_was_signed_for() {
    // The link signs image/png (guessed from its key by the sharer's side); the recipient's file
    // is called otherwise, and the type guessed from the key is what works.
    let up = Upload::new();
    let url = up.env.url(&[
        "share",
        "--upload",
        "--content-type",
        "image/png",
        "s3://bkt/in/photo.png",
    ]);
    up.env.file("scan.jpg", b"png bytes");
    let output = up.run(&["upload", "--url", &url, "scan.jpg"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        up.env.stored("in/photo.png").as_deref(),
        Some(&b"png bytes"[..])
    );
}

#[test]
fn upload_to_a_default_link_sends_the_files_own_type() {
    let up = Upload::new();
    let url = up.env.url(&["share", "--upload", "s3://bkt/in/photo.png"]);
    up.env.file("photo.jpg", b"jpeg bytes");
    let output = up.run(&["upload", "--url", &url, "photo.jpg"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let link = up.env.url(&["presign", "s3://bkt/in/photo.png"]);
    let response = http().get(&link).send().unwrap();
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.bytes().unwrap().as_ref(), b"jpeg bytes");
}

#[test]
fn upload_to_an_unreachable_link_exits_6() {
    let up = Upload::new();
    up.env.file("a.txt", b"a");
    let output = up.run(&[
        "upload",
        "--url",
        "http://127.0.0.1:9/bkt/a.txt?X-Amz-Signature=x",
        "a.txt",
    ]);
    assert_failure(&output, 6, "did not answer");
}

#[test]
fn upload_refuses_to_overwrite_without_force() {
    let up = Upload::new();
    up.env.put_object("a.txt", b"original");
    up.env.file("a.txt", b"replacement");
    let output = up.run(&["upload", "a.txt"]);
    assert_failure(&output, 1, "s3://bkt/a.txt already exists");
    assert!(stderr(&output).contains("--force"));
    assert_eq!(up.env.stored("a.txt").as_deref(), Some(&b"original"[..]));
    assert!(up.run(&["upload", "--force", "a.txt"]).status.success());
    assert_eq!(up.env.stored("a.txt").as_deref(), Some(&b"replacement"[..]));
}

#[test]
fn uploading_the_same_bytes_again_is_not_an_overwrite() {
    let up = Upload::new();
    up.env.file("a.txt", b"version 1");
    assert!(up.run(&["upload", "a.txt"]).status.success());
    // Same size, other bytes: refused, the stored object is untouched.
    up.env.file("a.txt", b"version 2");
    assert_failure(&up.run(&["upload", "a.txt"]), 1, "already exists");
    assert_eq!(up.env.stored("a.txt").as_deref(), Some(&b"version 1"[..]));
    // The very bytes stored: a re-run (of a CI job, say) gets its link.
    up.env.file("a.txt", b"version 1");
    let output = up.run(&["upload", "a.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("http"), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("already holds exactly these bytes"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn upload_refuses_to_overwrite_before_sending_parts() {
    let up = Upload::new();
    up.env.put_object("big.bin", b"original");
    up.env.file("big.bin", &data(THRESHOLD));
    assert_failure(&up.run(&["upload", "big.bin"]), 1, "already exists");
    assert_eq!(up.env.stored("big.bin").as_deref(), Some(&b"original"[..]));
    assert!(up.env.server.multipart_leftovers().is_empty());
    assert!(up.run(&["upload", "-f", "big.bin"]).status.success());
    assert_eq!(up.env.stored("big.bin").map(|b| b.len()), Some(THRESHOLD));
}

#[test]
fn upload_of_a_missing_file_exits_4_before_any_request() {
    let up = Upload::new();
    let output = up
        .cmd()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(["upload", "nope.txt"])
        .output()
        .unwrap();
    assert_failure(&output, 4, "nope.txt does not exist");
}

#[test]
fn upload_of_an_empty_directory_is_a_usage_error() {
    // A directory with files is uploaded as a folder (tests/it/folders.rs); one without is refused.
    let up = Upload::new();
    std::fs::create_dir(up.env.home().join("dir")).unwrap();
    assert_failure(&up.run(&["upload", "dir"]), 2, "dir has no files to upload");
}

#[test]
fn upload_with_key_takes_one_file() {
    let up = Upload::new();
    up.env.file("a.txt", b"a");
    up.env.file("b.txt", b"b");
    assert_failure(
        &up.run(&["upload", "a.txt", "b.txt", "--key", "k"]),
        2,
        "--key",
    );
}

#[test]
fn upload_that_fails_at_completion_leaves_no_parts() {
    // Someone else stores the key while our parts are on the way: the conditional completion is
    // refused (412), and the upload must be aborted rather than left with its parts.
    let up = Upload::with_config("concurrency = 1");
    up.env.file("big.bin", &data(3 * PART));
    let child = up.spawn(&["upload", "big.bin"]);
    up.wait_for_parts();
    up.env.put_object("big.bin", b"theirs");
    let output = child.wait_with_output().unwrap();
    assert_failure(&output, 1, "s3://bkt/big.bin already exists");
    assert_eq!(up.env.server.multipart_leftovers(), Vec::<String>::new());
    assert_eq!(up.env.stored("big.bin").as_deref(), Some(&b"theirs"[..]));
}

#[cfg(unix)]
#[test]
fn upload_interrupted_by_ctrl_c_dies_of_sigint_and_leaves_no_parts() {
    let up = Upload::with_config("concurrency = 1");
    up.env.file("big.bin", &data(6 * PART));
    let child = up.spawn(&["upload", "big.bin"]);
    up.wait_for_parts();
    support::interrupt(child.id());
    let output = child.wait_with_output().unwrap();
    support::assert_died_of_sigint(&output.status, &stderr(&output));
    assert!(
        stderr(&output).contains("interrupted"),
        "{}",
        stderr(&output)
    );
    assert_eq!(up.env.server.multipart_leftovers(), Vec::<String>::new());
    assert_eq!(up.env.stored("big.bin"), None);
}
