//! End-to-end encrypted shares (`upload --encrypt`, `get` of their links, `revoke`, `inspect`)
//! against the real server: what is stored says nothing of the file, `get` decrypts in parallel
//! chunks, resumes and streams, and anything changed is refused without leaving a file.

use std::path::{Path, PathBuf};

use crate::support;

use support::proxy::{Fault, Proxy};
use support::{
    assert_failure, assert_no_secrets, data, entries, files_under, stderr, stdout, TestEnv,
};

/// A marker repeated through the plaintext: if any stored byte run contains it, the file leaked.
const MARKER: &[u8] = b"PLAINTEXT-MARKER-0123456789";

/// `len` bytes of varied data with [`MARKER`] every 4 KiB.
fn plaintext(len: usize) -> Vec<u8> {
    let mut body = data(len);
    for start in (0..len.saturating_sub(MARKER.len())).step_by(4096) {
        body[start..start + MARKER.len()].copy_from_slice(MARKER);
    }
    body
}

/// A config file that fetches objects of 5 MiB and more in 4 parallel chunks.
fn parallel_config(env: &TestEnv) -> String {
    let path = env.file(
        "parallel.toml",
        b"multipart_threshold = \"5MiB\"\nconcurrency = 4\n",
    );
    path.to_string_lossy().into_owned()
}

/// Uploads `body` as `name`, encrypted; returns the link (with its key).
fn share(env: &TestEnv, name: &str, body: &[u8]) -> String {
    share_via(env, &env.server.endpoint, name, body)
}

/// [`share`] through `endpoint`, where the links then point.
fn share_via(env: &TestEnv, endpoint: &str, name: &str, body: &[u8]) -> String {
    let path = env.file(name, body);
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", endpoint)
        .args(["upload", "--encrypt", "--to", "s3://bkt"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_secrets(&output);
    std::fs::remove_file(path).unwrap();
    let link = stdout(&output).trim().to_owned();
    assert!(link.contains("/.s3share/e2e/"), "{link}");
    link
}

/// The share's id, from its link.
fn share_id(link: &str) -> String {
    let (_, rest) = link.split_once("/.s3share/e2e/").unwrap();
    rest.split('/').next().unwrap().to_owned()
}

/// A fresh empty directory in the home.
fn dir(env: &TestEnv, name: &str) -> PathBuf {
    let dir = env.home().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `get LINK -o DIR/` without credentials (a recipient has none), through `endpoint` if given.
fn get(env: &TestEnv, link: &str, out: &Path) -> std::process::Output {
    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("S3SHARE_CONFIG", parallel_config(env))
        .args(["get", link, "-o"])
        .arg(format!("{}/", out.display()))
        .output()
        .unwrap();
    assert_no_secrets(&output);
    output
}

#[test]
fn nothing_stored_holds_the_file_its_name_or_the_key() {
    let env = TestEnv::new();
    let name = "contract-Vertraulich-2026.pdf";
    let link = share(&env, name, &plaintext(300_000));
    let key = link.split_once('#').unwrap().1;
    assert_eq!(key.len(), 22, "16 bytes of unpadded base64url: {link}");

    let files = files_under(env.server.root());
    let id = share_id(&link);
    let mine: Vec<String> = files
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.contains(&id))
        .collect();
    assert!(mine.len() >= 3, "{mine:?}");
    for file in &files {
        let shown = file.to_string_lossy();
        assert!(
            !shown.contains("contract"),
            "the name is in a path: {shown}"
        );
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("contract"), "the name is in {shown}");
        assert!(!text.contains(key), "the key is in {shown}");
        assert!(
            !bytes.windows(MARKER.len()).any(|w| w == MARKER),
            "plaintext is in {shown}"
        );
    }
    // The history keeps the page link without its key.
    let history = std::fs::read_to_string(env.data.path().join("s3share/history.jsonl")).unwrap();
    assert!(history.contains(&id), "{history}");
    assert!(
        !history.contains(key),
        "the key is in the history: {history}"
    );
    assert!(history.contains("\"encrypted\":true"), "{history}");
}

#[test]
fn get_decrypts_in_parallel_chunks_to_the_sealed_name_and_to_stdout() {
    let env = TestEnv::new();
    // Several 1 MiB chunks, a last record that is not full.
    let body = plaintext(6 * 1024 * 1024 + 12_345);
    let proxy = Proxy::start(env.server.addr);
    let link = share_via(&env, &proxy.endpoint, "report.bin", &body);
    let via_proxy = link.clone();
    let before = proxy.requests().len();
    let out = dir(&env, "out");
    let output = get(&env, &via_proxy, &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("decrypted and verified"),
        "{}",
        stderr(&output)
    );
    assert!(std::fs::read(out.join("report.bin")).unwrap() == body);
    assert_eq!(entries(&out), ["report.bin"]);
    let ranged = proxy.requests()[before..]
        .iter()
        .filter(|r| r.contains("range: bytes="))
        .count();
    assert_eq!(ranged, 4, "four chunks: {:?}", proxy.requests());

    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .args(["get", &link, "-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout == body, "stdout differs");
}

#[test]
fn files_ending_at_a_record_boundary_and_empty_files_round_trip() {
    let env = TestEnv::new();
    for (name, len) in [("empty.txt", 0), ("one.txt", 1), ("full.bin", 65_519 * 2)] {
        let body = plaintext(len);
        let link = share(&env, name, &body);
        let out = dir(&env, name.trim_end_matches(".txt").trim_end_matches(".bin"));
        let output = get(&env, &link, &out);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert_eq!(std::fs::read(out.join(name)).unwrap(), body, "{name}");
    }
}

#[test]
fn an_interrupted_encrypted_download_resumes_with_the_missing_chunks() {
    let env = TestEnv::new();
    let body = plaintext(13 * 1024 * 1024);
    let proxy = Proxy::start(env.server.addr);
    let via_proxy = share_via(&env, &proxy.endpoint, "large.bin", &body);
    // Every connection breaks after 2 MiB: only the last, short chunk gets through.
    proxy.set_fault(Fault::CutAfter(2 * 1024 * 1024));
    let out = dir(&env, "out");
    let output = get(&env, &via_proxy, &out);
    assert_failure(&output, 6, "broke");
    assert_eq!(
        entries(&out),
        [
            ".large.bin.s3share-partial",
            ".large.bin.s3share-partial.json"
        ]
    );
    proxy.set_fault(Fault::None);
    let output = get(&env, &via_proxy, &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("resumed"), "{}", stderr(&output));
    assert!(std::fs::read(out.join("large.bin")).unwrap() == body);
    assert_eq!(entries(&out), ["large.bin"]);
}

#[test]
fn a_tampered_reordered_or_truncated_share_is_refused_and_leaves_no_file() {
    let env = TestEnv::new();
    let body = plaintext(200_000);
    let link = share(&env, "doc.pdf", &body);
    let data_key = format!(".s3share/e2e/{}/data", share_id(&link));
    let original = env.stored(&data_key).unwrap();
    let record = 65_536;
    let mut flipped = original.clone();
    flipped[21 + record + 100] ^= 1;
    let mut swapped = original[..21].to_vec();
    swapped.extend_from_slice(&original[21 + record..21 + 2 * record]);
    swapped.extend_from_slice(&original[21..21 + record]);
    swapped.extend_from_slice(&original[21 + 2 * record..]);
    let cut = original[..original.len() - 17].to_vec();
    // A header asking for records of 4 GiB (each worker would hold one).
    let mut huge_records = original.clone();
    huge_records[16..20].copy_from_slice(&u32::MAX.to_be_bytes());
    for (what, stored, needle) in [
        ("huge-records", huge_records, "bad header"),
        ("flipped", flipped, "did not decrypt"),
        ("swapped", swapped, "did not decrypt"),
        ("cut", cut, "changed or cut short"),
    ] {
        env.put_object(&data_key, &stored);
        let out = dir(&env, what);
        let output = get(&env, &link, &out);
        assert_failure(&output, 7, needle);
        assert!(entries(&out).is_empty(), "{what}: {:?}", entries(&out));
        let output = env.cmd().args(["get", &link, "-o", "-"]).output().unwrap();
        assert_eq!(output.status.code(), Some(7), "{what}: {}", stderr(&output));
    }
}

#[test]
fn a_link_without_its_key_or_with_another_is_refused() {
    let env = TestEnv::new();
    let link = share(&env, "doc.pdf", &plaintext(1000));
    let (page, key) = link.split_once('#').unwrap();
    let out = dir(&env, "out");
    assert_failure(
        &get(&env, page, &out),
        2,
        "key (the part after #) is missing",
    );
    assert_failure(
        &get(&env, &format!("{page}#{}", &key[..10]), &out),
        2,
        "damaged",
    );
    let other = share(&env, "other.pdf", &plaintext(10));
    let other_key = other.split_once('#').unwrap().1;
    assert_failure(
        &get(&env, &format!("{page}#{other_key}"), &out),
        7,
        "does not open this share",
    );
    assert!(entries(&out).is_empty());
}

#[test]
fn inspect_names_an_encrypted_share_without_its_key() {
    let env = TestEnv::new();
    let link = share(&env, "doc.pdf", &plaintext(1000));
    let key = link.split_once('#').unwrap().1;
    let output = env.run(&["inspect", &link]);
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&output);
    assert!(shown.contains("end-to-end encrypted share"), "{shown}");
    assert!(!shown.contains(key), "{shown}");
}

#[test]
fn revoke_deletes_the_share_so_its_link_answers_not_found() {
    let env = TestEnv::new();
    let link = share(&env, "doc.pdf", &plaintext(1000));
    let id = share_id(&link);
    let output = env.run(&["revoke", &link]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("(its page, worker and encrypted data) is deleted"),
        "{}",
        stderr(&output)
    );
    for name in ["index.html", "sw.js", "data"] {
        assert!(env.stored(&format!(".s3share/e2e/{id}/{name}")).is_none());
    }
    let out = dir(&env, "out");
    assert_failure(&get(&env, &link, &out), 4, "was revoked or removed");
}

#[test]
fn empty_folders_stdin_and_prefixes_are_refused_before_anything_is_stored() {
    let env = TestEnv::new();
    dir(&env, "folder");
    let file = env.file("a.txt", b"a");
    for (args, needle) in [
        (
            vec!["upload", "--encrypt", "folder", "--to", "s3://bkt"],
            "has no files to upload",
        ),
        (
            vec!["upload", "--encrypt", "folder", "a.txt", "--to", "s3://bkt"],
            "give that directory alone",
        ),
        (
            vec!["upload", "--encrypt", "-", "--to", "s3://bkt"],
            "stdin",
        ),
        (
            vec!["upload", "--encrypt", "a.txt", "--to", "s3://bkt/docs/"],
            "not under a prefix",
        ),
    ] {
        assert_failure(&env.run(&args), 2, needle);
    }
    assert!(file.exists());
    assert!(files_under(env.server.root())
        .iter()
        .all(|p| !p.to_string_lossy().contains("e2e")));
}

#[test]
fn in_github_actions_the_key_is_masked_and_json_carries_the_whole_link() {
    let env = TestEnv::new();
    let path = env.file("doc.pdf", &plaintext(5000));
    let output = env
        .cmd()
        .env("GITHUB_ACTIONS", "true")
        .args(["--json", "upload", "--encrypt", "--to", "s3://bkt"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    let url = record["url"].as_str().unwrap();
    let key = url.split_once('#').unwrap().1;
    assert!(
        stderr(&output)
            .lines()
            .any(|l| l == format!("::add-mask::{key}")),
        "{}",
        stderr(&output)
    );
    assert_eq!(record["id"].as_str().unwrap(), share_id(url));
    assert_eq!(record["size"], 5000);
    assert_eq!(record["encrypted"], true);
    assert!(record["expires_at"].is_string());
}

#[test]
fn encrypt_through_a_plain_file_request_or_a_put_link_is_refused_before_anything_is_sent() {
    let env = TestEnv::new();
    let request = env.url(&["request", "s3://bkt/incoming/"]);
    let put = env.url(&["presign", "--method", "put", "s3://bkt/put.bin"]);
    env.file("secret.txt", &plaintext(5000));
    let before = files_under(env.server.root()).len();
    let through_request = env.run(&["upload", "--encrypt", "--to", &request, "secret.txt"]);
    assert_failure(&through_request, 2, "not an encrypted one");
    assert_eq!(stderr(&through_request).matches("error:").count(), 1);
    let to_link = env.run(&["upload", "--encrypt", "--url", &put, "secret.txt"]);
    assert_eq!(to_link.status.code(), Some(2), "{}", stderr(&to_link));
    // Nothing reached the bucket, in the clear or otherwise.
    assert_eq!(files_under(env.server.root()).len(), before);
    for path in files_under(env.server.root()) {
        let stored = std::fs::read(&path).unwrap();
        assert!(
            !stored.windows(MARKER.len()).any(|w| w == MARKER),
            "{path:?} holds the plaintext"
        );
    }
}

#[test]
fn revoke_removes_what_is_left_of_a_share_whose_page_is_gone() {
    let env = TestEnv::new();
    let link = share(&env, "doc.pdf", &plaintext(1000));
    let id = share_id(&link);
    let stored = |name: &str| env.stored(&format!(".s3share/e2e/{id}/{name}"));
    std::fs::remove_file(
        env.server
            .object_path("bkt", &format!(".s3share/e2e/{id}/index.html")),
    )
    .unwrap();
    let output = env.run(&["revoke", &link]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("Revoked:"), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("already gone"),
        "{}",
        stderr(&output)
    );
    for name in ["index.html", "sw.js", "data"] {
        assert!(stored(name).is_none(), "{name} is left");
    }
    // Now nothing is left: that, and only that, is "already gone".
    let again = env.run(&["revoke", &link]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already gone"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_revoke_that_deletes_only_part_of_a_share_names_what_remains() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    // Made through the proxy: revoke reaches the endpoint the history recorded.
    let link = share_via(&env, &proxy.endpoint, "doc.pdf", &plaintext(1000));
    let id = share_id(&link);
    proxy.fail_requests(
        403,
        &format!("delete /bkt/.s3share/e2e/{id}/data"),
        u64::MAX,
    );
    let output = env.run(&["revoke", &link]);
    assert_failure(&output, 5, &format!(".s3share/e2e/{id}/data remains"));
    assert!(
        stderr(&output).contains("not revoked"),
        "{}",
        stderr(&output)
    );
    assert!(env
        .stored(&format!(".s3share/e2e/{id}/index.html"))
        .is_none());
    assert!(env.stored(&format!(".s3share/e2e/{id}/data")).is_some());
    // Not marked revoked: the history still lists it as active.
    let links = env.run(&["--json", "links"]);
    assert!(
        !stdout(&links).contains("\"revoked\""),
        "{}",
        stdout(&links)
    );
}

#[test]
fn revoke_never_echoes_the_key_or_signature_of_a_link_it_cannot_read() {
    let env = TestEnv::new();
    let target = "https://example.com/bkt/x?X-Amz-Signature=SIG0123456789#KEY0123456789";
    let output = env.run(&["revoke", target]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("KEY0123456789"),
        "{}",
        stderr(&output)
    );
    assert!(
        !stderr(&output).contains("SIG0123456789"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_prefix_is_refused_saying_what_prefix_limited_credentials_need() {
    let env = TestEnv::new();
    env.file("a.txt", b"a");
    let output = env.run(&["upload", "--encrypt", "a.txt", "--to", "s3://bkt/ci/"]);
    assert_failure(&output, 2, "not under a prefix");
    assert!(
        stderr(&output).contains(
            "credentials limited to a prefix (CI) also need s3:PutObject and s3:DeleteObject on \
             arn:aws:s3:::bkt/.s3share/e2e/*"
        ),
        "{}",
        stderr(&output)
    );
}
