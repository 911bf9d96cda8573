//! Faults and bad input, driving the binary: a server that fails, stalls or drops the connection
//! mid-transfer (through the test proxy), and inputs a user gets wrong. Every failure must end in
//! one `error:` line (with a `hint:` where one helps), the documented exit code, nothing on stdout,
//! nothing half-written locally and no multipart parts left on the server.

use crate::support;

use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

use base64::Engine as _;
#[cfg(unix)]
use support::assert_died_of_sigint;
use support::proxy::{Fault, Proxy};
use support::stand_in::plain_server;
use support::{assert_failure, assert_no_secrets, data, entries, stderr, stdout, TestEnv, BUCKET};

/// A file this large goes up in two parts (8 MiB + 4 MiB) under the 5 MiB threshold configured.
const LARGE: usize = 12 * 1024 * 1024;
/// Below the threshold: one PUT.
const SMALL: usize = 3 * 1024 * 1024;
/// The idle limit the stall tests set, so they finish in seconds.
const SHORT_TIMEOUT: &str = "2s";

/// A test environment with a 5 MiB multipart threshold, default bucket `bkt`, and a proxy in
/// front of the server that every command goes through.
struct Faulty {
    env: TestEnv,
    config: PathBuf,
    proxy: Proxy,
}

impl Faulty {
    fn new() -> Faulty {
        let env = TestEnv::new();
        let config = env.file(
            "s3share.toml",
            format!("bucket = \"{BUCKET}\"\nmultipart_threshold = \"5MiB\"\n").as_bytes(),
        );
        let proxy = Proxy::start(env.server.addr);
        Faulty { env, config, proxy }
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.env.cmd();
        cmd.env("S3SHARE_CONFIG", &self.config)
            .env("AWS_ENDPOINT_URL", &self.proxy.endpoint);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = self.cmd();
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.args(args).output().unwrap();
        assert_no_secrets(&output);
        output
    }

    /// Asserts success and that the object holds exactly `body`.
    fn assert_stored(&self, output: &Output, key: &str, body: &[u8]) {
        assert!(output.status.success(), "{}", stderr(output));
        assert_eq!(stdout(output).lines().count(), 1, "{}", stdout(output));
        let stored = self.env.stored(key).expect("object stored");
        assert!(
            stored == body,
            "stored bytes differ ({} bytes)",
            stored.len()
        );
        assert_eq!(self.env.server.multipart_leftovers(), Vec::<String>::new());
    }

    /// Asserts that nothing at all was stored: no object and no multipart parts.
    fn assert_nothing_stored(&self, key: &str) {
        assert_eq!(self.env.stored(key), None, "object {key} stored");
        assert_eq!(self.env.server.multipart_leftovers(), Vec::<String>::new());
    }

    /// A presigned GET link pointing at the proxy.
    fn link(&self, key: &str) -> String {
        self.link_for("get", key)
    }

    /// A presigned link for `method` pointing at the proxy.
    fn link_for(&self, method: &str, key: &str) -> String {
        let location = format!("s3://{BUCKET}/{key}");
        let output = self.run(&["presign", "--method", method, &location]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).trim().to_owned()
    }
}

/// A fresh empty directory in the home.
fn dir(env: &TestEnv, name: &str) -> PathBuf {
    let dir = env.home().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The value of `X-Amz-Signature` in a link.
fn signature(url: &str) -> &str {
    url.split("X-Amz-Signature=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .expect("signed link")
}

/// Fails if the link's signature shows in either stream.
fn assert_signature_hidden(output: &Output, url: &str) {
    let sig = signature(url);
    for stream in [&output.stdout, &output.stderr] {
        assert!(
            !String::from_utf8_lossy(stream).contains(sig),
            "signature leaked: {}",
            String::from_utf8_lossy(stream)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Uploads through a failing server

#[test]
fn single_put_rides_out_a_few_server_errors() {
    let f = Faulty::new();
    f.env.file("small.bin", &data(SMALL));
    f.proxy.fail_requests(503, "put ", 2);
    let output = f.run(&["upload", "small.bin"]);
    f.assert_stored(&output, "small.bin", &data(SMALL));
    assert_eq!(f.proxy.failures_left(), 0, "the failures were not hit");
}

#[test]
fn multipart_rides_out_server_errors_on_parts() {
    let f = Faulty::new();
    f.env.file("large.bin", &data(LARGE));
    f.proxy.fail_requests(500, "partnumber=", 2);
    let output = f.run(&["upload", "large.bin"]);
    f.assert_stored(&output, "large.bin", &data(LARGE));
    assert_eq!(f.proxy.failures_left(), 0, "the failures were not hit");
}

/// s3s-fs does not check part checksums (S3 does), so the test reads what was sent instead.
#[test]
fn each_part_carries_the_crc32c_of_its_own_bytes() {
    let f = Faulty::new();
    let body = data(LARGE);
    f.env.file("large.bin", &body);
    let output = f.run(&["upload", "large.bin"]);
    f.assert_stored(&output, "large.bin", &body);
    let header = |head: &str, name: &str| {
        head.lines()
            .find_map(|line| line.strip_prefix(&format!("{name}: ")))
            .map(str::to_owned)
    };
    let mut parts = 0;
    for head in f.proxy.requests() {
        let Some(number) = head
            .split("partnumber=")
            .nth(1)
            .and_then(|rest| rest.split(['&', ' ']).next())
        else {
            continue;
        };
        let number: usize = number.parse().unwrap();
        let part_size = 8 * 1024 * 1024;
        let bytes = &body[(number - 1) * part_size..(number * part_size).min(body.len())];
        let expected =
            base64::engine::general_purpose::STANDARD.encode(crc32c::crc32c(bytes).to_be_bytes());
        // Heads are lower-cased by the proxy.
        assert_eq!(
            header(&head, "x-amz-checksum-crc32c"),
            Some(expected.to_ascii_lowercase()),
            "part {number}"
        );
        // The checksum protects the bytes; a signed payload would hash them again at both ends.
        assert_eq!(
            header(&head, "x-amz-content-sha256").as_deref(),
            Some("unsigned-payload")
        );
        parts += 1;
    }
    assert_eq!(parts, LARGE.div_ceil(8 * 1024 * 1024));
}

#[test]
fn single_put_to_a_server_that_keeps_failing_exits_6() {
    let f = Faulty::new();
    f.env.file("small.bin", &data(SMALL));
    f.proxy.fail_requests(500, "put ", u64::MAX);
    let output = f.run_with(&["upload", "small.bin"], &[("AWS_MAX_ATTEMPTS", "2")]);
    assert_failure(&output, 6, "HTTP 500");
    assert!(stderr(&output).contains("hint: "), "{}", stderr(&output));
    f.assert_nothing_stored("small.bin");
    // The user's retry count is honoured: two attempts, no more.
    assert_eq!(f.proxy.count("put"), 2, "{:?}", f.proxy.requests());
}

#[test]
fn multipart_whose_parts_keep_failing_exits_6_and_leaves_no_parts() {
    let f = Faulty::new();
    f.env.file("large.bin", &data(LARGE));
    f.proxy.fail_requests(503, "partnumber=", u64::MAX);
    let output = f.run_with(&["upload", "large.bin"], &[("AWS_MAX_ATTEMPTS", "2")]);
    assert_failure(&output, 6, "HTTP 503");
    f.assert_nothing_stored("large.bin");
    assert!(
        f.proxy.count("delete") > 0,
        "the upload was not aborted: {:?}",
        f.proxy.requests()
    );
}

#[test]
fn a_connection_cut_once_mid_upload_is_retried() {
    for (name, len) in [("small.bin", SMALL), ("large.bin", LARGE)] {
        let f = Faulty::new();
        f.env.file(name, &data(len));
        f.proxy
            .set_fault_times(Fault::CutRequestAfter(1024 * 1024), 1);
        let output = f.run(&["upload", name]);
        f.assert_stored(&output, name, &data(len));
    }
}

#[test]
fn connections_cut_every_time_mid_upload_exit_6_and_leave_nothing() {
    for (name, len) in [("small.bin", SMALL), ("large.bin", LARGE)] {
        let f = Faulty::new();
        f.env.file(name, &data(len));
        f.proxy.set_fault(Fault::CutRequestAfter(1024 * 1024));
        let output = f.run_with(&["upload", name], &[("AWS_MAX_ATTEMPTS", "2")]);
        assert_failure(&output, 6, "did not answer");
        f.assert_nothing_stored(name);
    }
}

#[test]
fn a_stalled_upload_gives_up_after_the_idle_timeout() {
    for (name, len) in [("small.bin", SMALL), ("large.bin", LARGE)] {
        let f = Faulty::new();
        f.env.file(name, &data(len));
        // Every request stops being read after 512 KiB; small ones (the abort of a multipart
        // upload) still get through.
        f.proxy.set_fault(Fault::StallRequestAfter(512 * 1024));
        // The message names the idle limit it gave up at: no wall-clock bound needed.
        let output = f.run_with(&["upload", name], &[("S3SHARE_TIMEOUT", SHORT_TIMEOUT)]);
        assert_failure(&output, 6, "stalled: no progress for 2s");
        assert!(stderr(&output).contains("S3SHARE_TIMEOUT"));
        f.assert_nothing_stored(name);
    }
}

#[test]
fn an_upload_to_a_link_rides_out_server_errors() {
    let f = Faulty::new();
    f.env.file("small.bin", &data(SMALL));
    let url = f.link_for("put", "small.bin");
    f.proxy.fail_requests(503, "put ", 2);
    let output = f.run(&["upload", "--url", &url, "small.bin"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(f.proxy.failures_left(), 0, "the failures were not hit");
    assert_eq!(f.env.stored("small.bin"), Some(data(SMALL)));
}

#[test]
fn a_put_stored_but_whose_answer_was_lost_is_not_taken_for_someone_elses_object() {
    let f = Faulty::new();
    f.env.file("small.bin", &data(SMALL));
    f.proxy.lose_answer_to("put ");
    let output = f.run(&["upload", "small.bin"]);
    // At least one retry; the SDK sometimes needs a second when its retry races the closing of
    // the connection whose answer was lost (1 run in 8 here). Each retry is the same conditional
    // PUT, so the outcome below is what matters.
    let puts = f.proxy.count("put");
    assert!(puts >= 2, "retried after its answer was lost: {puts} PUTs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("already holds exactly these bytes"),
        "{}",
        stderr(&output)
    );
    assert_eq!(f.env.stored("small.bin"), Some(data(SMALL)));
}

#[test]
fn a_folder_counts_a_file_whose_retried_put_found_it_stored_once() {
    let f = Faulty::new();
    let dir = f.env.home().join("set");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.bin"), data(1000)).unwrap();
    std::fs::write(dir.join("b.bin"), data(2000)).unwrap();
    f.proxy.lose_answer_to("put /bkt/set/a.bin");
    let output = f.run(&["upload", "set"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let puts = f
        .proxy
        .requests()
        .iter()
        .filter(|r| r.starts_with("put /bkt/set/a.bin"))
        .count();
    assert!(puts >= 2, "retried: {puts} PUTs");
    // Once, where it ended: already there, and no note of its own contradicting the count.
    assert!(err.contains("1 uploaded, 1 already there"), "{err}");
    assert!(!err.contains("already holds exactly these bytes"), "{err}");
}

#[test]
fn a_multipart_upload_completed_but_whose_answer_was_lost_succeeds() {
    let f = Faulty::new();
    f.env.file("large.bin", &data(LARGE));
    f.proxy
        .lose_answer_to(&format!("post /{BUCKET}/large.bin?uploadid="));
    let output = f.run(&["upload", "large.bin"]);
    let completes = f
        .proxy
        .requests()
        .iter()
        .filter(|r| r.starts_with("post ") && r.contains("?uploadid="))
        .count();
    assert_eq!(completes, 2, "completed again after the answer was lost");
    f.assert_stored(&output, "large.bin", &data(LARGE));
}

#[test]
fn a_stalled_upload_to_a_link_gives_up_after_the_idle_timeout() {
    let f = Faulty::new();
    f.env.file("small.bin", &data(SMALL));
    let url = f.link_for("put", "small.bin");
    f.proxy.set_fault(Fault::StallRequestAfter(512 * 1024));
    let output = f.run_with(
        &["upload", "--url", &url, "small.bin"],
        &[("S3SHARE_TIMEOUT", SHORT_TIMEOUT)],
    );
    assert_failure(&output, 6, "stalled");
    assert_signature_hidden(&output, &url);
    f.assert_nothing_stored("small.bin");
}

#[test]
fn a_file_changed_during_a_multipart_upload_is_not_stored() {
    let f = Faulty::new();
    let path = f.env.file("large.bin", &data(LARGE));
    // The parts wait at the proxy while the file grows; they are read from disk as they are
    // sent, so only the check before completing the upload can notice.
    f.proxy.hold_requests("partnumber=");
    let child = f
        .env
        .std_cmd()
        .env("S3SHARE_CONFIG", &f.config)
        .env("AWS_ENDPOINT_URL", &f.proxy.endpoint)
        .args(["upload", "large.bin"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f.proxy.requests().iter().any(|r| r.contains("partnumber=")) {
        assert!(Instant::now() < deadline, "no part was sent");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    std::io::Write::write_all(&mut file, b"appended while uploading").unwrap();
    drop(file);
    f.proxy.release();
    let output = child.wait_with_output().unwrap();
    assert_failure(&output, 7, "changed while it was uploaded");
    f.assert_nothing_stored("large.bin");
}

#[test]
fn a_bad_timeout_setting_is_a_usage_error() {
    let f = Faulty::new();
    f.env.file("small.bin", b"x");
    for bad in ["0s", "soon"] {
        let output = f.run_with(&["upload", "small.bin"], &[("S3SHARE_TIMEOUT", bad)]);
        assert_failure(&output, 2, "S3SHARE_TIMEOUT");
        f.assert_nothing_stored("small.bin");
    }
}

// ---------------------------------------------------------------------------------------------
// Downloads through a failing server

#[test]
fn get_rides_out_a_few_server_errors_for_locations_and_links() {
    let f = Faulty::new();
    f.env.put_object("obj.bin", &data(SMALL));
    let link = f.link("obj.bin");
    for (source, out) in [("s3://bkt/obj.bin", "a.bin"), (link.as_str(), "b.bin")] {
        f.proxy.fail_requests(500, "get ", 2);
        let output = f.run(&["get", source, "-o", out]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(output.stdout.is_empty());
        assert!(std::fs::read(f.env.home().join(out)).unwrap() == data(SMALL));
        assert_eq!(f.proxy.failures_left(), 0);
    }
}

#[test]
fn get_of_a_link_whose_server_keeps_failing_exits_6_and_leaves_nothing() {
    let f = Faulty::new();
    f.env.put_object("obj.bin", &data(1000));
    let link = f.link("obj.bin");
    let target = dir(&f.env, "out");
    f.proxy.fail_requests(500, "get ", u64::MAX);
    let output = f.run(&["get", &link, "-o", "out/"]);
    assert_failure(&output, 6, "HTTP 500");
    assert_signature_hidden(&output, &link);
    assert!(entries(&target).is_empty(), "{:?}", entries(&target));
}

#[test]
fn a_stalled_download_gives_up_keeps_the_partial_and_resumes() {
    let f = Faulty::new();
    let body = data(SMALL);
    f.env.put_object("obj.bin", &body);
    let link = f.link("obj.bin");
    let target = dir(&f.env, "out");
    for source in ["s3://bkt/obj.bin", link.as_str()] {
        f.proxy.set_fault(Fault::StallAfter(200_000));
        let output = f.run_with(
            &["get", source, "-o", "out/obj.bin"],
            &[("S3SHARE_TIMEOUT", SHORT_TIMEOUT)],
        );
        assert_failure(&output, 6, "broke after");
        assert!(stderr(&output).contains("run the same command again to resume"));
        assert_eq!(
            entries(&target),
            [".obj.bin.s3share-partial", ".obj.bin.s3share-partial.json"]
        );
        f.proxy.set_fault(Fault::None);
        let output = f.run(&["get", source, "-o", "out/obj.bin"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("resumed at"),
            "{}",
            stderr(&output)
        );
        assert!(std::fs::read(target.join("obj.bin")).unwrap() == body);
        assert_eq!(entries(&target), ["obj.bin"]);
        std::fs::remove_file(target.join("obj.bin")).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn get_of_malformed_sources_is_a_usage_error() {
    let env = TestEnv::new();
    for (bad, needle) in [
        ("https://", "invalid URL"),
        ("http://[::1/x", "invalid URL"),
        (
            "https://exa mple.com/x?X-Amz-Signature=0123abcd",
            "invalid URL",
        ),
        ("s3://", "bucket"),
        ("s3:///key", "missing bucket name"),
    ] {
        let output = env.run(&["get", bad]);
        assert_failure(&output, 2, needle);
        assert!(!stderr(&output).contains("0123abcd"), "{}", stderr(&output));
        assert!(entries(env.home()).is_empty());
    }
}

#[test]
fn get_of_a_plain_http_url_downloads_it_like_curl() {
    // A URL without X-Amz-* is still a download link: `get` behaves like `curl -O`, so links
    // from other services (or a public bucket) work too.
    let env = TestEnv::new();
    let server = plain_server("200 OK", "content-type: text/plain\r\n", b"hello, world\n");
    let output = env.run(&["get", &format!("{server}/files/greeting.txt")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(
        std::fs::read(env.home().join("greeting.txt")).unwrap(),
        b"hello, world\n"
    );

    let missing = plain_server("404 Not Found", "", b"no such page");
    let output = env.run(&["get", &format!("{missing}/nope.txt")]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with("error: "),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
    assert_eq!(entries(env.home()), ["greeting.txt"]);
}

#[test]
fn get_of_an_unresolvable_host_exits_6() {
    let env = TestEnv::new();
    let output = env.run(&["get", "https://example.invalid/file"]);
    assert_failure(&output, 6, "example.invalid");
    assert!(entries(env.home()).is_empty());
}

/// Runs s3share as `f.run` does, but as the unprivileged user `nobody` when this process can
/// ignore file permissions (root, as in CI): the refusals under test are then real.
#[cfg(unix)]
fn run_unprivileged(f: &Faulty, args: &[&str], over: &std::path::Path) -> Output {
    use std::os::unix::fs::PermissionsExt;
    if !privileged_over(over) {
        return f.run(args);
    }
    // nobody must reach the home (a 0700 temp dir) and read its config, not the path under test.
    std::fs::set_permissions(f.env.home(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&f.config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let base = f.env.std_cmd();
    let mut cmd = std::process::Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(base.get_program())
        .args(args)
        .env_clear()
        .current_dir(f.env.home())
        .env("S3SHARE_CONFIG", &f.config)
        .env("AWS_ENDPOINT_URL", &f.proxy.endpoint);
    for (name, value) in base.get_envs() {
        if let (Some(value), false) = (value, name == "AWS_ENDPOINT_URL") {
            cmd.env(name, value);
        }
    }
    let output = cmd
        .output()
        .expect("setpriv (util-linux) runs s3share as nobody");
    assert_no_secrets(&output);
    output
}

/// Whether this process can open `path` despite its permissions (root can).
#[cfg(unix)]
fn privileged_over(path: &std::path::Path) -> bool {
    if path.is_dir() {
        let probe = path.join(".probe");
        let writable = std::fs::write(&probe, b"").is_ok();
        let _ = std::fs::remove_file(probe);
        writable
    } else {
        std::fs::File::open(path).is_ok()
    }
}

#[cfg(unix)]
#[test]
fn upload_of_an_unreadable_file_is_refused_before_any_request() {
    use std::os::unix::fs::PermissionsExt;
    let f = Faulty::new();
    let path = f.env.file("secret.bin", b"data");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = run_unprivileged(&f, &["upload", "secret.bin"], &path);
    assert_failure(&output, 2, "cannot read secret.bin: permission denied");
    assert!(f.proxy.requests().is_empty(), "{:?}", f.proxy.requests());
}

#[cfg(unix)]
#[test]
fn get_into_a_read_only_directory_fails_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let f = Faulty::new();
    f.env.put_object("obj.bin", &data(1000));
    let target = dir(&f.env, "ro");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o555)).unwrap();
    let output = run_unprivileged(&f, &["get", "s3://bkt/obj.bin", "-o", "ro/"], &target);
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_failure(&output, 1, "cannot write");
    assert!(stderr(&output).contains("hint: "), "{}", stderr(&output));
    assert!(entries(&target).is_empty());
}

#[cfg(target_os = "linux")]
#[test]
fn get_onto_a_full_disk_fails_and_leaves_nothing() {
    let f = Faulty::new();
    f.env.put_object("obj.bin", &data(SMALL));
    let target = dir(&f.env, "tiny");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&target)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var_os("CI").is_none(),
            "cannot mount a small tmpfs in CI (needs CAP_SYS_ADMIN)"
        );
        eprintln!("note: cannot mount a small tmpfs here (needs CAP_SYS_ADMIN); not run");
        return;
    }
    let output = f.run(&["get", "s3://bkt/obj.bin", "-o", "tiny/"]);
    let left = entries(&target);
    let _ = std::process::Command::new("umount").arg(&target).status();
    assert_failure(&output, 1, "No space left");
    assert!(
        stderr(&output).contains("hint: free some space"),
        "{}",
        stderr(&output)
    );
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn get_to_a_full_stdout_fails_with_one_error_line() {
    let f = Faulty::new();
    f.env.put_object("obj.bin", &data(SMALL));
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = f
        .env
        .std_cmd()
        .env("S3SHARE_CONFIG", &f.config)
        .env("AWS_ENDPOINT_URL", &f.proxy.endpoint)
        .args(["get", "s3://bkt/obj.bin", "-o", "-"])
        .stdout(full)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("No space left"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_that_are_not_utf8_work_where_they_can() {
    use std::os::unix::ffi::OsStrExt;
    let f = Faulty::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.bin");
    std::fs::write(f.env.home().join(name), b"bytes").unwrap();

    // The key cannot be derived from such a name: say so, and how to name it.
    let output = f.cmd().arg("upload").arg(name).output().unwrap();
    assert_failure(&output, 2, "has no usable file name");
    assert!(stderr(&output).contains("--key"), "{}", stderr(&output));
    assert!(f.proxy.requests().is_empty());

    // With --key it uploads.
    let output = f
        .cmd()
        .arg("upload")
        .arg(name)
        .args(["--key", "cafe.bin"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(f.env.stored("cafe.bin").as_deref(), Some(&b"bytes"[..]));

    // And get -o writes to such a name.
    let target = std::ffi::OsStr::from_bytes(b"back\xff.bin");
    let output = f
        .cmd()
        .args(["get", "s3://bkt/cafe.bin", "-o"])
        .arg(target)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read(f.env.home().join(target)).unwrap(), b"bytes");
}

#[test]
fn bad_durations_are_refused_by_every_command_that_takes_expires() {
    let f = Faulty::new();
    f.env.file("a.txt", b"a");
    f.env.put_object("a.txt", b"a");
    for command in [
        &["share", "s3://bkt/a.txt"][..],
        &["share", "--upload", "s3://bkt/new.txt"],
        &["upload", "a.txt", "--key", "b.txt"],
        &["presign", "s3://bkt/a.txt"],
    ] {
        for bad in ["0s", "-1h", "8d", "abc"] {
            let mut args = command.to_vec();
            args.extend(["--expires", bad]);
            let output = f.run(&args);
            assert_failure(&output, 2, "at most 7d");
        }
    }
    assert!(f.proxy.requests().is_empty(), "{:?}", f.proxy.requests());
    assert_eq!(f.env.stored("b.txt"), None);
}

#[test]
fn empty_stdin_is_refused_by_presign_and_stored_as_an_empty_object_by_upload() {
    // `presign -` with no keys is almost always a broken pipeline upstream: say so. `upload -`
    // of nothing stores an empty object, as `aws s3 cp - s3://...` does.
    let f = Faulty::new();
    let output = f
        .cmd()
        .args(["presign", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_failure(&output, 2, "no locations on stdin");
    assert!(stderr(&output).contains("hint: "));

    let output = f
        .cmd()
        .args(["upload", "-", "--key", "empty.txt"])
        .write_stdin("")
        .output()
        .unwrap();
    f.assert_stored(&output, "empty.txt", b"");
}

#[test]
fn commands_that_need_credentials_exit_3_without_them() {
    let f = Faulty::new();
    f.env.file("a.txt", b"a");
    for args in [
        &["share", "s3://bkt/a.txt"][..],
        &["share", "--upload", "s3://bkt/a.txt"],
        &["upload", "a.txt"],
        &["upload", "-", "--key", "k"],
        &["get", "s3://bkt/a.txt"],
    ] {
        let output = f
            .cmd()
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .args(args)
            .write_stdin("data")
            .output()
            .unwrap();
        assert_failure(&output, 3, "no AWS credentials");
        assert!(stderr(&output).contains("hint: "), "{args:?}");
    }
    assert!(f.proxy.requests().is_empty(), "{:?}", f.proxy.requests());
    assert!(entries(f.env.home()).iter().all(|n| n != "a.txt.1"));
}

/// An S3 error body as AWS sends it.
const WRONG_REGION: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'</Message><Region>us-east-1</Region><RequestId>R</RequestId></Error>";

const SKEWED: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20240101T000000Z</RequestTime><ServerTime>2024-01-01T01:00:00Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds></Error>";

/// Runs `upload` and `get` against a stand-in answering with `status`/`headers`/`body`, and
/// checks each fails with exit 5, names `cause` with a hint, and leaves no file behind.
fn assert_refusal_is_named(
    status: &'static str,
    headers: &'static str,
    body: &'static [u8],
    env_var: (&str, &str),
    cause: &str,
) {
    let env = TestEnv::new();
    let server = plain_server(status, headers, body);
    env.file("a.txt", b"a");
    for args in [
        &["upload", "a.txt", "--to", "s3://bkt/"][..],
        &["get", "s3://bkt/a.txt", "-o", "got.txt"],
    ] {
        let output = env
            .cmd()
            .env("AWS_ENDPOINT_URL", &server)
            .env(env_var.0, env_var.1)
            .args(args)
            .output()
            .unwrap();
        assert_no_secrets(&output);
        assert_failure(&output, 5, cause);
        assert!(stderr(&output).contains("hint: "), "{}", stderr(&output));
    }
    assert!(!env.home().join("got.txt").exists());
}

#[test]
fn a_wrong_region_is_named_on_upload_and_get() {
    // s3s-fs accepts any region in the signature's scope; S3 does not, so a stand-in answers
    // as S3 does.
    assert_refusal_is_named(
        "400 Bad Request",
        "content-type: application/xml\r\n",
        WRONG_REGION,
        ("AWS_REGION", "eu-west-1"),
        "wrong region: the bucket is in us-east-1",
    );
}

#[test]
fn a_skewed_clock_is_named_on_upload_and_get() {
    assert_refusal_is_named(
        "403 Forbidden",
        "content-type: application/xml\r\ndate: Mon, 01 Jan 2024 01:00:00 GMT\r\n",
        SKEWED,
        ("AWS_MAX_ATTEMPTS", "1"),
        // The stand-in's Date is in 2024: this machine is ahead of it.
        "ahead of the server's",
    );
}

// ---------------------------------------------------------------------------------------------
// Ctrl-C and failures around the commit point of a multipart upload

/// A running s3share whose stderr lines arrive as they are written.
#[cfg(unix)]
struct Running {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

#[cfg(unix)]
impl Running {
    fn start(f: &Faulty, args: &[&str]) -> Running {
        use std::io::BufRead;
        let mut child = f
            .env
            .std_cmd()
            .env("S3SHARE_CONFIG", &f.config)
            .env("AWS_ENDPOINT_URL", &f.proxy.endpoint)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    fn interrupt(&self) {
        support::interrupt(self.child.id());
    }

    /// Waits for a stderr line containing `needle`.
    fn wait_for_line(&mut self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.seen.iter().any(|l| l.contains(needle)) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("no line with {needle:?} on stderr: {:?}", self.seen),
            }
        }
    }

    /// Waits for the exit; returns the status, stdout and all of stderr.
    fn finish(mut self) -> (std::process::ExitStatus, String, String) {
        let output = self.child.wait_with_output().unwrap();
        self.seen.extend(self.lines.iter());
        (
            output.status,
            String::from_utf8_lossy(&output.stdout).into_owned(),
            self.seen.join("\n"),
        )
    }
}

/// Waits until the proxy has seen a request whose head contains `needle`.
#[cfg(unix)]
fn wait_for_request(proxy: &Proxy, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !proxy.requests().iter().any(|r| r.contains(needle)) {
        assert!(Instant::now() < deadline, "no request {needle}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A multipart upload of `large.bin` whose completion the proxy holds, interrupted once the
/// request is on its way and s3share says it is finishing.
#[cfg(unix)]
fn interrupted_while_completing() -> (Faulty, Running) {
    let f = Faulty::new();
    f.env.file("large.bin", &data(LARGE));
    let completion = format!("post /{BUCKET}/large.bin?uploadid=");
    f.proxy.hold_requests(&completion);
    let mut run = Running::start(&f, &["upload", "large.bin"]);
    wait_for_request(&f.proxy, &completion);
    run.interrupt();
    run.wait_for_line("Finishing the upload of s3://bkt/large.bin");
    (f, run)
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_completing_waits_for_the_answer_and_reports_the_stored_object() {
    let (f, run) = interrupted_while_completing();
    f.proxy.release();
    let (status, stdout, stderr) = run.finish();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("completed despite the interrupt"),
        "{stderr}"
    );
    assert_eq!(stdout.lines().count(), 1, "the link: {stdout}");
    assert_eq!(f.env.stored("large.bin"), Some(data(LARGE)));
    assert_eq!(f.env.server.multipart_leftovers(), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_second_ctrl_c_while_completing_ends_at_once_saying_the_state_is_unknown() {
    let (f, run) = interrupted_while_completing();
    run.interrupt();
    let (status, stdout, stderr) = run.finish();
    f.proxy.release();
    assert_died_of_sigint(&status, &stderr);
    assert_eq!(stdout, "");
    assert!(stderr.contains("may or may not have completed"), "{stderr}");
    assert!(
        stderr
            .contains("aws s3api abort-multipart-upload --bucket bkt --key large.bin --upload-id "),
        "{stderr}"
    );
    assert!(!stderr.contains("parts removed"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_the_last_part_is_in_flight_leaves_no_object_and_no_parts() {
    let f = Faulty::new();
    f.env.file("large.bin", &data(LARGE));
    // Two parts; the last one is held on its way to the server.
    f.proxy.hold_requests("partnumber=2");
    let run = Running::start(&f, &["upload", "large.bin"]);
    wait_for_request(&f.proxy, "partnumber=2");
    run.interrupt();
    let (status, stdout, stderr) = run.finish();
    f.proxy.release();
    assert_died_of_sigint(&status, &stderr);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("was cancelled and its parts removed"),
        "{stderr}"
    );
    f.assert_nothing_stored("large.bin");
}

#[cfg(unix)]
#[test]
fn ctrl_c_waits_for_the_parts_in_flight_before_it_aborts_so_none_lands_after() {
    let f = Faulty::new();
    f.env.file("large.bin", &data(LARGE));
    // Every part reaches the server but for its last byte, which arrives only after the
    // Ctrl-C: the server finishes storing the parts whatever the client does meanwhile.
    f.proxy.hold_body_tails("partnumber=");
    let run = Running::start(&f, &["upload", "large.bin"]);
    wait_for_request(&f.proxy, "partnumber=");
    run.interrupt();
    // Long enough for s3share to act on the signal: it must not abort while a part is on its way.
    std::thread::sleep(Duration::from_millis(500));
    let aborted_early = f.proxy.requests().iter().any(|r| r.starts_with("delete "));
    assert!(
        !aborted_early,
        "the abort went out while a part was in flight"
    );
    f.proxy.release();
    let (status, stdout, stderr) = run.finish();
    assert_died_of_sigint(&status, &stderr);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("was cancelled and its parts removed"),
        "{stderr}"
    );
    let aborts = f
        .proxy
        .requests()
        .iter()
        .filter(|r| r.starts_with("delete "))
        .count();
    assert!(aborts >= 1, "no abort was sent");
    f.env.server.wait_for_writes();
    assert_eq!(f.env.server.multipart_leftovers(), Vec::<String>::new());
    f.assert_nothing_stored("large.bin");
}

#[test]
fn an_abort_the_server_refuses_is_reported_with_the_upload_id_not_claimed() {
    let f = Faulty::new();
    f.env.file("large.bin", &data(LARGE));
    // Parts, the abort and the listing that would confirm it are all refused.
    f.proxy.fail_requests(403, "uploadid=", u64::MAX);
    let output = f.run(&["upload", "large.bin"]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("may remain on the server"), "{stderr}");
    assert!(
        stderr
            .contains("aws s3api abort-multipart-upload --bucket bkt --key large.bin --upload-id "),
        "{stderr}"
    );
    assert!(!stderr.contains("parts removed"), "{stderr}");
}

#[test]
fn a_rerun_upload_is_recognised_on_a_server_that_keeps_no_sha256() {
    let f = Faulty::new();
    f.env.file("small.bin", &data(SMALL));
    let first = f.run(&["upload", "small.bin"]);
    assert!(first.status.success(), "{}", stderr(&first));
    // From now on the server answers as one that stores no SHA-256: only the ETag (an MD5) is left.
    f.proxy.strip_response_header("x-amz-checksum-sha256");
    let again = f.run(&["upload", "small.bin"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already holds exactly these bytes"),
        "{}",
        stderr(&again)
    );
    assert_eq!(stdout(&again).lines().count(), 1);
    // Other bytes under the same key are still refused.
    let mut other = data(SMALL);
    other[0] ^= 1;
    f.env.file("small.bin", &other);
    assert_failure(
        &f.run(&["upload", "small.bin"]),
        1,
        "s3://bkt/small.bin already exists",
    );
    assert_eq!(f.env.stored("small.bin"), Some(data(SMALL)));
}
