//! `s3share get`: downloads from links and s3:// locations, never clobbering, never leaving
//! half-written files, resuming after a broken connection.

use crate::support;

use support::proxy::{Fault, Proxy};
use support::{assert_failure, entries, stderr, TestEnv};

/// Bytes that differ at every offset, so a shifted or repeated range shows.
fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Asserts that `output` is a success that says it `resumed at …`.
fn assert_resumed(output: &std::process::Output, resumed_at: &str) {
    assert!(output.status.success(), "{}", stderr(output));
    assert!(stderr(output).contains(resumed_at), "{}", stderr(output));
}

/// A fresh empty directory in the home.
fn dir(env: &TestEnv, name: &str) -> std::path::PathBuf {
    let dir = env.home().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn url_for(env: &TestEnv, args: &[&str]) -> String {
    env.url(&[&["presign"], args].concat())
}

#[test]
fn get_downloads_a_link_without_credentials() {
    let env = TestEnv::new();
    env.put_object("docs/report.pdf", &payload(100_000));
    let url = url_for(&env, &["s3://bkt/docs/report.pdf"]);
    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["get", &url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).starts_with("Saved report.pdf ("));
    assert_eq!(
        std::fs::read(env.home().join("report.pdf")).unwrap(),
        payload(100_000)
    );
    assert_eq!(entries(env.home()), ["report.pdf"]);
}

#[test]
fn get_downloads_an_s3_location() {
    let env = TestEnv::new();
    env.put_object("a b/ünï+x.bin", &payload(5000));
    let output = env.run(&["get", "s3://bkt/a b/ünï+x.bin"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(env.home().join("ünï+x.bin")).unwrap(),
        payload(5000)
    );
}

#[test]
fn get_of_an_empty_object_makes_an_empty_file() {
    let env = TestEnv::new();
    env.put_object("empty", b"");
    assert!(env.run(&["get", "s3://bkt/empty"]).status.success());
    assert_eq!(std::fs::read(env.home().join("empty")).unwrap(), b"");
}

#[test]
fn get_output_names_a_file_a_directory_or_stdout() {
    let env = TestEnv::new();
    env.put_object("k/data.bin", b"some bytes");
    assert!(env
        .run(&["get", "s3://bkt/k/data.bin", "-o", "renamed.txt"])
        .status
        .success());
    assert_eq!(
        std::fs::read(env.home().join("renamed.txt")).unwrap(),
        b"some bytes"
    );

    let target = dir(&env, "into");
    assert!(env
        .run(&["get", "s3://bkt/k/data.bin", "-o", "into"])
        .status
        .success());
    assert_eq!(entries(&target), ["data.bin"]);

    let output = env.run(&["get", "s3://bkt/k/data.bin", "-o", "-", "-q"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(output.stdout, b"some bytes");
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn get_names_the_file_from_content_disposition() {
    let env = TestEnv::new();
    env.put_object("r/q3.bin", b"quarterly");
    let url = url_for(&env, &["--filename", "Q3 résumé.pdf", "s3://bkt/r/q3.bin"]);
    let target = dir(&env, "out");
    assert!(env.run(&["get", &url, "-o", "out"]).status.success());
    assert_eq!(entries(&target), ["Q3 résumé.pdf"]);
}

#[test]
fn get_keeps_a_hostile_content_disposition_inside_the_directory() {
    let env = TestEnv::new();
    env.put_object("x", b"payload");
    let url = url_for(&env, &["--filename", "../../etc/passwd", "s3://bkt/x"]);
    let target = dir(&env, "a/b");
    let output = env.run(&["get", &url, "-o", "a/b"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(entries(&target), ["passwd"]);
    assert_eq!(entries(&env.home().join("a")), ["b"]);
}

#[test]
fn get_refuses_to_overwrite_and_force_replaces() {
    let env = TestEnv::new();
    env.put_object("note.txt", b"new");
    env.file("note.txt", b"old");
    let output = env.run(&["get", "s3://bkt/note.txt"]);
    assert_failure(&output, 1, "note.txt already exists");
    assert!(stderr(&output).contains("--force"));
    assert_eq!(std::fs::read(env.home().join("note.txt")).unwrap(), b"old");

    let output = env.run(&["get", "s3://bkt/note.txt", "-o", "note.txt"]);
    assert_failure(&output, 1, "already exists");

    assert!(env
        .run(&["get", "s3://bkt/note.txt", "--force"])
        .status
        .success());
    assert_eq!(std::fs::read(env.home().join("note.txt")).unwrap(), b"new");
    assert_eq!(entries(env.home()), ["note.txt"]);
}

#[test]
fn get_of_an_expired_link_exits_5_and_leaves_nothing() {
    let env = TestEnv::new();
    env.put_object("old.txt", b"x");
    let url = env.url_signed_in_the_past(2, &["presign", "--expires", "1s", "s3://bkt/old.txt"]);
    let output = env.run(&["get", &url]);
    assert_failure(&output, 5, "the link expired at");
    assert!(stderr(&output).contains("new link"));
    assert!(entries(env.home()).is_empty());
}

#[test]
fn get_of_a_tampered_link_exits_5() {
    let env = TestEnv::new();
    env.put_object("t.txt", b"x");
    let url = url_for(&env, &["s3://bkt/t.txt"]).replace("t.txt?", "u.txt?");
    let output = env.run(&["get", &url]);
    assert_failure(&output, 5, "signature");
    assert!(entries(env.home()).is_empty());
}

#[test]
fn get_of_a_missing_object_exits_4_and_leaves_nothing() {
    let env = TestEnv::new();
    assert_failure(
        &env.run(&["get", "s3://bkt/nope.txt"]),
        4,
        "s3://bkt/nope.txt does not exist",
    );
    let url = url_for(&env, &["s3://bkt/nope.txt"]);
    assert_failure(&env.run(&["get", &url]), 4, "does not exist");
    assert!(entries(env.home()).is_empty());
}

#[test]
fn get_from_an_unreachable_server_exits_6() {
    let env = TestEnv::new();
    let output = env.run(&["get", "http://127.0.0.1:9/bkt/x.txt?X-Amz-Signature=abc"]);
    assert_failure(&output, 6, "could not connect to 127.0.0.1");
    assert!(!stderr(&output).contains("abc"), "{}", stderr(&output));
}

#[test]
fn get_rejects_other_url_schemes_as_usage_errors() {
    let env = TestEnv::new();
    assert_failure(&env.run(&["get", "ftp://host/file"]), 2, "ftp://");
}

#[test]
fn get_resumes_after_a_broken_connection() {
    let env = TestEnv::new();
    let body = payload(1_000_000);
    env.put_object("big.bin", &body);
    let proxy = Proxy::start(env.server.addr);
    let url = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["presign", "s3://bkt/big.bin"])
        .output()
        .unwrap();
    let url = String::from_utf8(url.stdout).unwrap().trim().to_owned();

    proxy.set_fault(Fault::CutAfter(300_000));
    let output = env.run(&["get", &url]);
    assert_failure(&output, 6, "broke after");
    assert!(stderr(&output).contains("run the same command again to resume"));
    let partial = env.home().join(".big.bin.s3share-partial");
    assert_eq!(std::fs::metadata(&partial).unwrap().len(), 300_000);
    assert!(!env.home().join("big.bin").exists());

    proxy.set_fault(Fault::None);
    let output = env.run(&["get", &url]);
    assert_resumed(&output, "resumed at");
    assert!(proxy
        .requests()
        .iter()
        .any(|r| r.contains("range: bytes=300000-")));
    assert_eq!(std::fs::read(env.home().join("big.bin")).unwrap(), body);
    assert_eq!(entries(env.home()), ["big.bin"]);
}

#[test]
fn get_starts_over_when_the_object_changed_since_the_break() {
    let env = TestEnv::new();
    env.put_object("v.bin", &payload(200_000));
    let proxy = Proxy::start(env.server.addr);
    proxy.set_fault(Fault::CutAfter(50_000));
    let run = || {
        env.cmd()
            .env("AWS_ENDPOINT_URL", &proxy.endpoint)
            .args(["get", "s3://bkt/v.bin"])
            .output()
            .unwrap()
    };
    assert_eq!(run().status.code(), Some(6));
    let changed: Vec<u8> = payload(150_000).iter().map(|b| b ^ 0x55).collect();
    env.put_object("v.bin", &changed);
    proxy.set_fault(Fault::None);
    let output = run();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("resumed"));
    assert_eq!(std::fs::read(env.home().join("v.bin")).unwrap(), changed);
    assert_eq!(entries(env.home()), ["v.bin"]);
}

#[test]
fn get_of_corrupted_bytes_exits_7_and_leaves_nothing() {
    let env = TestEnv::new();
    env.put_object("c.bin", &payload(10_000));
    let proxy = Proxy::start(env.server.addr);
    proxy.set_fault(Fault::Corrupt);
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["get", "s3://bkt/c.bin"])
        .output()
        .unwrap();
    assert_failure(&output, 7, "MD5");
    assert!(entries(env.home()).is_empty());
}

#[test]
fn get_when_the_server_keeps_failing_exits_6() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    proxy.set_fault(Fault::Unavailable);
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["get", "s3://bkt/x.bin"])
        .output()
        .unwrap();
    assert_failure(&output, 6, "HTTP 503");
    assert_eq!(proxy.requests().len(), 4, "retried: {:?}", proxy.requests());
}

#[cfg(target_os = "linux")]
#[test]
fn get_interrupted_by_ctrl_c_keeps_what_it_had_dies_of_sigint_and_resumes_later() {
    let env = TestEnv::new();
    let body = payload(400_000);
    env.put_object("slow.bin", &body);
    let proxy = Proxy::start(env.server.addr);
    proxy.set_fault(Fault::StallAfter(100_000));
    // A plain std Command, to get at the child's pid.
    let child = env
        .std_cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["get", "s3://bkt/slow.bin"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    proxy.wait_for_body_bytes(100_000);
    wait_until_read(&proxy.endpoint);
    support::interrupt(child.id());
    let output = child.wait_with_output().unwrap();
    support::assert_died_of_sigint(&output.status, &stderr(&output));
    assert!(stderr(&output).contains("resume"), "{}", stderr(&output));
    // What had arrived is kept, as the start of the object (the last bytes read off the socket
    // may still have been on their way to the file when the signal came).
    let partial = std::fs::read(env.home().join(".slow.bin.s3share-partial")).unwrap();
    assert!(
        !partial.is_empty() && partial.len() <= 100_000,
        "{} bytes kept",
        partial.len()
    );
    assert!(body.starts_with(&partial));

    proxy.set_fault(Fault::None);
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["get", "s3://bkt/slow.bin"])
        .output()
        .unwrap();
    assert_resumed(&output, "resumed at");
    assert_eq!(std::fs::read(env.home().join("slow.bin")).unwrap(), body);
    assert_eq!(entries(env.home()), ["slow.bin"]);
}

/// An object above the 5 MiB threshold of [`parallel_config`]: four chunks of 4, 4, 4 and 1 MiB.
const LARGE: usize = 13 * 1024 * 1024;
/// The Range header of the last, short chunk of [`LARGE`].
const LAST_CHUNK: &str = "range: bytes=12582912-13631487";

/// A config file that makes objects of 5 MiB and more download in 4 parallel chunks.
fn parallel_config(env: &TestEnv) -> String {
    let path = env.file(
        "parallel.toml",
        b"multipart_threshold = \"5MiB\"\nconcurrency = 4\n",
    );
    path.to_string_lossy().into_owned()
}

/// `get ARGS` through `proxy` with the parallel config.
fn get_via(env: &TestEnv, proxy: &Proxy, args: &[&str]) -> std::process::Output {
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .env("S3SHARE_CONFIG", parallel_config(env))
        .arg("get")
        .args(args)
        .output()
        .unwrap();
    support::assert_no_secrets(&output);
    output
}

/// The distinct Range headers among `requests`.
fn ranges(requests: &[String]) -> Vec<String> {
    let mut ranges: Vec<String> = requests
        .iter()
        .filter_map(|r| r.lines().find(|l| l.starts_with("range:")))
        .map(str::to_owned)
        .collect();
    ranges.sort();
    ranges.dedup();
    ranges
}

fn link_via(env: &TestEnv, proxy: &Proxy, location: &str) -> String {
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["presign", location])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn get_of_a_large_object_uses_parallel_ranged_requests() {
    let env = TestEnv::new();
    let body = payload(LARGE);
    env.put_object("large.bin", &body);
    let proxy = Proxy::start(env.server.addr);

    let url = link_via(&env, &proxy, "s3://bkt/large.bin");
    let output = get_via(&env, &proxy, &[&url]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(env.home().join("large.bin")).unwrap() == body);
    assert_eq!(ranges(&proxy.requests()).len(), 4, "{:?}", proxy.requests());

    let output = get_via(&env, &proxy, &["s3://bkt/large.bin", "-o", "again.bin"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(env.home().join("again.bin")).unwrap() == body);
    assert_eq!(
        entries(env.home()),
        ["again.bin", "large.bin", "parallel.toml"]
    );
}

#[test]
fn get_of_a_small_object_stays_a_single_stream() {
    let env = TestEnv::new();
    let body = payload(1024 * 1024);
    env.put_object("small.bin", &body);
    let proxy = Proxy::start(env.server.addr);
    let output = get_via(&env, &proxy, &["s3://bkt/small.bin"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read(env.home().join("small.bin")).unwrap(), body);
    assert_eq!(proxy.requests().len(), 1, "{:?}", proxy.requests());
    assert!(ranges(&proxy.requests()).is_empty());
}

#[test]
fn get_retries_a_chunk_whose_connection_broke() {
    let env = TestEnv::new();
    let body = payload(LARGE);
    env.put_object("large.bin", &body);
    let proxy = Proxy::start(env.server.addr);
    // Two connections: the first GET (only its headers are used) and one chunk's.
    proxy.set_fault_times(Fault::CutAfter(1_000_000), 2);
    let output = get_via(&env, &proxy, &["s3://bkt/large.bin"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(env.home().join("large.bin")).unwrap() == body);
    let requests = proxy.requests();
    let ranged = requests.iter().filter(|r| r.contains("range:")).count();
    assert_eq!(ranges(&requests).len(), 4, "{requests:?}");
    assert_eq!(ranged, 5, "one chunk fetched twice: {requests:?}");
    assert_eq!(entries(env.home()), ["large.bin", "parallel.toml"]);
}

#[test]
fn get_resumes_a_parallel_download_with_the_missing_chunks_only() {
    let env = TestEnv::new();
    let body = payload(LARGE);
    env.put_object("large.bin", &body);
    let proxy = Proxy::start(env.server.addr);
    // Every connection breaks after 2 MiB: only the last, 1 MiB chunk gets through.
    proxy.set_fault(Fault::CutAfter(2 * 1024 * 1024));
    let output = get_via(&env, &proxy, &["s3://bkt/large.bin"]);
    assert_failure(&output, 6, "broke");
    assert!(
        stderr(&output).contains("run the same command again to resume"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        entries(env.home()),
        [
            ".large.bin.s3share-partial",
            ".large.bin.s3share-partial.json",
            "parallel.toml"
        ]
    );
    assert!(proxy.requests().iter().any(|r| r.contains(LAST_CHUNK)));

    proxy.set_fault(Fault::None);
    let before = proxy.requests().len();
    let output = get_via(&env, &proxy, &["s3://bkt/large.bin"]);
    assert_resumed(&output, "resumed at 1 MiB");
    let again = &proxy.requests()[before..];
    assert_eq!(ranges(again).len(), 3, "{again:?}");
    assert!(!again.iter().any(|r| r.contains(LAST_CHUNK)), "{again:?}");
    assert!(std::fs::read(env.home().join("large.bin")).unwrap() == body);
    assert_eq!(entries(env.home()), ["large.bin", "parallel.toml"]);
}

#[test]
fn get_of_corrupted_chunks_exits_7_and_leaves_nothing() {
    let env = TestEnv::new();
    env.put_object("large.bin", &payload(LARGE));
    let proxy = Proxy::start(env.server.addr);
    proxy.set_fault(Fault::Corrupt);
    let output = get_via(&env, &proxy, &["s3://bkt/large.bin"]);
    assert_failure(&output, 7, "MD5");
    assert_eq!(entries(env.home()), ["parallel.toml"]);
}

#[test]
fn get_falls_back_to_one_stream_when_the_server_ignores_ranges() {
    let env = TestEnv::new();
    let body: &'static [u8] = Box::leak(payload(6 * 1024 * 1024).into_boxed_slice());
    let server = support::stand_in::plain_server(
        "200 OK",
        "etag: \"0123456789abcdef0123456789abcdef-2\"\r\n",
        body,
    );
    let output = env
        .cmd()
        .env("S3SHARE_CONFIG", parallel_config(&env))
        .args(["get", &format!("{server}/files/whole.bin")])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(env.home().join("whole.bin")).unwrap() == body);
    assert_eq!(entries(env.home()), ["parallel.toml", "whole.bin"]);
}

/// Waits until the client has read everything the proxy at `endpoint` sent it: no connection to
/// the proxy's port has bytes waiting in its receive queue (Linux's `/proc/net/tcp`).
#[cfg(target_os = "linux")]
fn wait_until_read(endpoint: &str) {
    let port: u16 = endpoint.rsplit(':').next().unwrap().parse().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
        // sl local_address rem_address st tx_queue:rx_queue …, in hex
        let waiting: Vec<u64> = table
            .lines()
            .skip(1)
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let remote_port = u16::from_str_radix(fields.get(2)?.rsplit(':').next()?, 16);
                let queued = u64::from_str_radix(fields.get(4)?.split(':').nth(1)?, 16);
                (remote_port.ok()? == port).then_some(queued.ok()?)
            })
            .collect();
        if !waiting.is_empty() && waiting.iter().all(|queued| *queued == 0) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the client never read what was sent: {waiting:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Stores `body` through the server with a PUT that carries its CRC64NVME (S3 keeps one for
/// every new object; s3s-fs only when the PUT sends it), so GETs of it answer with
/// `x-amz-checksum-crc64nvme`.
pub(crate) fn put_with_crc64nvme(env: &TestEnv, key: &str, body: &[u8]) {
    let url = url_for(env, &["--method", "put", &format!("s3://bkt/{key}")]);
    let crc = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc64Nvme, body);
    let response = support::http()
        .put(url)
        .header("x-amz-checksum-crc64nvme", crc64nvme_header(crc))
        .body(body.to_vec())
        .send()
        .unwrap();
    assert!(response.status().is_success(), "{:?}", response.text());
}

/// A CRC64NVME as S3's header carries it.
fn crc64nvme_header(crc: u64) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(crc.to_be_bytes())
}

#[test]
fn the_test_server_keeps_a_crc64nvme_only_when_it_matches_the_bytes() {
    let env = TestEnv::new();
    let url = url_for(&env, &["--method", "put", "s3://bkt/wrong.bin"]);
    let response = support::http()
        .put(url)
        .header("x-amz-checksum-crc64nvme", crc64nvme_header(1))
        .body(payload(1000))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().unwrap().contains("BadDigest"));

    put_with_crc64nvme(&env, "right.bin", &payload(1000));
    let link = url_for(&env, &["s3://bkt/right.bin"]);
    let response = support::http().get(link).send().unwrap();
    let crc = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc64Nvme, &payload(1000));
    assert_eq!(
        response.headers()["x-amz-checksum-crc64nvme"],
        crc64nvme_header(crc).as_str()
    );
}

#[test]
fn get_asks_for_the_crc64nvme_and_refuses_bytes_that_do_not_match_it() {
    let env = TestEnv::new();
    let body = payload(200_000);
    put_with_crc64nvme(&env, "c.bin", &body);
    let proxy = Proxy::start(env.server.addr);
    let get = |out: &str| {
        env.cmd()
            .env("AWS_ENDPOINT_URL", &proxy.endpoint)
            .args(["get", "s3://bkt/c.bin", "-o", out])
            .output()
            .unwrap()
    };
    let output = get("c.bin");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read(env.home().join("c.bin")).unwrap(), body);
    // s3share signs the checksum mode into its own requests (S3 answers with checksums only
    // then, and refuses the header unsigned).
    let requests = proxy.requests();
    assert!(
        requests[0].contains("\r\nx-amz-checksum-mode: enabled"),
        "{requests:?}"
    );
    assert!(
        requests[0].contains("signedheaders=host;x-amz-checksum-mode;"),
        "{requests:?}"
    );

    // The ETag is still the MD5 of the stored bytes: only the CRC64NVME is checked.
    proxy.set_fault(Fault::Corrupt);
    assert_failure(&get("c2.bin"), 7, "CRC64NVME");
    assert_eq!(entries(env.home()), ["c.bin"]);
}

#[test]
fn get_resumes_a_stream_checked_by_its_crc64nvme() {
    let env = TestEnv::new();
    let body = payload(1_000_000);
    put_with_crc64nvme(&env, "r.bin", &body);
    let proxy = Proxy::start(env.server.addr);
    let run = || {
        env.cmd()
            .env("AWS_ENDPOINT_URL", &proxy.endpoint)
            .args(["get", "s3://bkt/r.bin"])
            .output()
            .unwrap()
    };
    proxy.set_fault(Fault::CutAfter(300_000));
    assert_failure(&run(), 6, "broke after");
    proxy.set_fault(Fault::None);
    // The 300,000 bytes it had are read back into the checksum, the rest comes as it arrives.
    let output = run();
    assert_resumed(&output, "resumed at");
    assert_eq!(std::fs::read(env.home().join("r.bin")).unwrap(), body);
}

#[test]
fn get_of_corrupted_chunks_is_refused_by_the_crc64nvme() {
    let env = TestEnv::new();
    put_with_crc64nvme(&env, "large.bin", &payload(LARGE));
    let proxy = Proxy::start(env.server.addr);
    proxy.set_fault(Fault::Corrupt);
    let output = get_via(&env, &proxy, &["s3://bkt/large.bin"]);
    assert_failure(&output, 7, "CRC64NVME");
    assert_eq!(entries(env.home()), ["parallel.toml"]);
}

/// Breaks a parallel download of a [`LARGE`] object checked by its CRC64NVME so that only the
/// last chunk is kept on disk.
fn break_after_the_last_chunk(env: &TestEnv, proxy: &Proxy) {
    put_with_crc64nvme(env, "large.bin", &payload(LARGE));
    proxy.set_fault(Fault::CutAfter(2 * 1024 * 1024));
    assert_failure(&get_via(env, proxy, &["s3://bkt/large.bin"]), 6, "broke");
    assert!(proxy.requests().iter().any(|r| r.contains(LAST_CHUNK)));
    proxy.set_fault(Fault::None);
}

#[test]
fn a_resumed_parallel_download_combines_the_crc64nvme_of_old_and_new_chunks() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    break_after_the_last_chunk(&env, &proxy);
    let output = get_via(&env, &proxy, &["s3://bkt/large.bin"]);
    assert_resumed(&output, "resumed at 1 MiB");
    assert!(std::fs::read(env.home().join("large.bin")).unwrap() == payload(LARGE));
}

#[test]
fn a_chunk_altered_on_disk_between_runs_is_caught_by_the_crc64nvme() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    break_after_the_last_chunk(&env, &proxy);
    let partial = env.home().join(".large.bin.s3share-partial");
    let mut bytes = std::fs::read(&partial).unwrap();
    bytes[LARGE - 10] ^= 1;
    std::fs::write(&partial, bytes).unwrap();
    let output = get_via(&env, &proxy, &["s3://bkt/large.bin"]);
    assert_failure(&output, 7, "CRC64NVME");
    assert_eq!(entries(env.home()), ["parallel.toml"]);
}
