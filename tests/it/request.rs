//! `s3share request`: a POST policy and an upload page in the bucket, one link to it; and
//! `upload --to '<page link>'` sending files through it without credentials. Against s3s-fs,
//! which enforces POST policies (prefix, size, expiry).

use crate::support;

use std::path::Path;

use support::{assert_failure, http, stderr, stdout, TestEnv};

/// The JSON record `request --json` prints.
fn request(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["request", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&env.url(&all)).unwrap()
}

/// Every key stored under `prefix`, relative to the bucket.
fn keys_under(env: &TestEnv, prefix: &str) -> Vec<String> {
    let root = env.server.object_path("bkt", "");
    let mut keys = Vec::new();
    fn walk(dir: &Path, root: &Path, keys: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, keys);
            } else {
                let key = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if !key.contains(".s3s-fs") && !key.ends_with(".json") {
                    keys.push(key);
                }
            }
        }
    }
    walk(&root, &root, &mut keys);
    keys.retain(|k| k.starts_with(prefix));
    keys.sort();
    keys
}

/// POSTs `body` as `key` with the request's fields, as a browser form would.
pub(crate) fn post(record: &serde_json::Value, key: &str, body: Vec<u8>) -> (u16, String) {
    let mut form = reqwest::blocking::multipart::Form::new().text("key", key.to_owned());
    for (name, value) in record["post"]["fields"].as_object().unwrap() {
        form = form.text(name.clone(), value.as_str().unwrap().to_owned());
    }
    form = form.text("Content-Type", "application/octet-stream").part(
        "file",
        reqwest::blocking::multipart::Part::bytes(body).file_name("f"),
    );
    let response = http()
        .post(record["post"]["url"].as_str().unwrap())
        .multipart(form)
        .send()
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().unwrap())
}

#[test]
fn a_request_page_is_served_as_html_and_carries_its_policy() {
    let env = TestEnv::new();
    let record = request(&env, &["s3://bkt/incoming/", "--expires", "2d"]);
    assert_eq!(record["prefix"], "incoming/");
    assert_eq!(record["max_size"], 5u64 * 1024 * 1024 * 1024);
    assert!(record["key"]
        .as_str()
        .unwrap()
        .starts_with(".s3share/requests/"));
    let page = http().get(record["url"].as_str().unwrap()).send().unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().unwrap();
    assert!(html.contains("Content-Security-Policy"), "{html}");
    assert!(html.contains("id=\"s3share-data\""), "{html}");
}

#[test]
fn files_sent_through_a_request_land_under_a_batch_of_their_own() {
    let env = TestEnv::new();
    let record = request(&env, &["s3://bkt/incoming/"]);
    let link = record["url"].as_str().unwrap();
    env.file("report.pdf", b"%PDF-1.7 report");
    env.file("photo.png", b"png bytes");
    let sent = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["upload", "--to", link, "report.pdf", "photo.png"])
        .output()
        .unwrap();
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert_eq!(stdout(&sent), "");
    let keys = keys_under(&env, "incoming/");
    assert_eq!(keys.len(), 2, "{keys:?}");
    let batch = keys[0].rsplit_once('/').unwrap().0;
    assert!(
        keys.iter().all(|k| k.starts_with(batch)),
        "one batch: {keys:?}"
    );
    assert_eq!(
        env.stored(&format!("{batch}/report.pdf")).unwrap(),
        b"%PDF-1.7 report"
    );
    assert_eq!(
        env.stored(&format!("{batch}/photo.png")).unwrap(),
        b"png bytes"
    );
    // A second run is a batch of its own: nothing is overwritten.
    let again = env.run(&["upload", "--to", link, "report.pdf"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(keys_under(&env, "incoming/").len(), 3);
}

#[test]
fn the_policy_is_enforced_by_the_server() {
    let env = TestEnv::new();
    let record = request(&env, &["s3://bkt/incoming/", "--max-size", "16"]);
    let (ok, body) = post(&record, "incoming/b1/a.txt", b"small".to_vec());
    assert_eq!(ok, 201, "{body}");
    let (outside, _) = post(&record, "elsewhere/a.txt", b"small".to_vec());
    assert!(
        (400..500).contains(&outside),
        "outside the prefix: {outside}"
    );
    let (large, body) = post(&record, "incoming/b1/big.bin", vec![7u8; 17]);
    assert_eq!(large, 400, "{body}");
    assert!(body.contains("EntityTooLarge"), "{body}");
    // The page itself lives outside the prefix: the policy cannot replace it.
    let page_key = record["key"].as_str().unwrap();
    let (page, _) = post(&record, page_key, b"<script>evil</script>".to_vec());
    assert!((400..500).contains(&page), "page overwritten: {page}");
    let html = http()
        .get(record["url"].as_str().unwrap())
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(html.contains("s3share-data"));
}

#[test]
fn the_cli_refuses_what_the_request_does_not_accept() {
    let env = TestEnv::new();
    let record = request(
        &env,
        &[
            "s3://bkt/in/",
            "--max-size",
            "8",
            "--content-type",
            "image/png",
        ],
    );
    let link = record["url"].as_str().unwrap();
    env.file("big.png", &[1u8; 9]);
    assert_failure(
        &env.run(&["upload", "--to", link, "big.png"]),
        5,
        "more than the 8 B",
    );
    env.file("small.txt", b"text");
    assert_failure(
        &env.run(&["upload", "--to", link, "small.txt"]),
        5,
        "accepts only image/png",
    );
    assert!(keys_under(&env, "in/").is_empty());
}

#[test]
fn an_expired_request_is_refused_with_when() {
    let env = TestEnv::new();
    let record: serde_json::Value = serde_json::from_str(
        &env.url_signed_in_the_past(2, &["request", "--json", "s3://bkt/in/", "--expires", "1s"]),
    )
    .unwrap();
    env.file("a.txt", b"a");
    let output = env.run(&["upload", "--to", record["url"].as_str().unwrap(), "a.txt"]);
    assert_failure(&output, 5, "expired");
    let (status, body) = post(&record, "in/b/a.txt", b"a".to_vec());
    assert!((400..500).contains(&status), "{status} {body}");
}

#[test]
fn bad_requests_are_refused_with_the_right_exit_code() {
    let env = TestEnv::new();
    assert_failure(
        &env.run(&["request", "s3://bkt/incoming"]),
        2,
        "no trailing slash",
    );
    assert_failure(&env.run(&["request", "s3://bkt/"]), 2, "s3://bkt/");
    assert_failure(
        &env.run(&["request", "s3://bkt/.s3share/x/"]),
        2,
        ".s3share/",
    );
    assert_failure(
        &env.run(&["request", "s3://bkt/in/", "--max-size", "0"]),
        2,
        "at most 5GiB",
    );
    assert_failure(
        &env.run(&["request", "s3://bkt/in/", "--max-size", "6GiB"]),
        2,
        "at most 5GiB",
    );
    assert_failure(&env.run(&["request", "s3://nope/in/"]), 4, "does not exist");
    let output = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["request", "s3://bkt/in/"])
        .output()
        .unwrap();
    assert_failure(&output, 3, "credentials");
}

/// Runs a command line that s3share printed, as a user pasting it into a shell would, with
/// `s3share` on the PATH and `subst` applied to its placeholders.
fn run_printed(env: &TestEnv, line: &str, subst: &[(&str, &str)]) -> std::process::Output {
    let mut line = line.trim().to_owned();
    for (placeholder, value) in subst {
        line = line.replace(placeholder, value);
    }
    let bin = assert_cmd::cargo::cargo_bin("s3share");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut sh = std::process::Command::new("sh");
    sh.env_clear();
    for (name, value) in env.std_cmd().get_envs() {
        if let Some(value) = value {
            sh.env(name, value);
        }
    }
    sh.env("PATH", path)
        .current_dir(env.home())
        .arg("-c")
        .arg(&line)
        .output()
        .unwrap()
}

#[test]
fn what_request_prints_for_people_works_when_pasted_even_into_a_pipe() {
    let env = TestEnv::new();
    env.file("from-s3share.txt", b"sent with s3share");
    env.file("from-curl.txt", b"sent with curl");
    // stderr is a pipe here: the warnings about rights, and the recipes, are printed all the same.
    let output = env.run(&["request", "s3://bkt/incoming/"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("Anyone with the link can upload"), "{err}");
    assert!(err.contains("cannot be withdrawn"), "{err}");
    assert!(!err.contains("   "), "no runs of spaces in messages: {err}");
    let line = |start: &str| {
        err.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no line starting with {start}: {err}"))
            .to_owned()
    };
    let upload = line("s3share upload --to");
    let sent = run_printed(&env, &upload, &[("FILE", "from-s3share.txt")]);
    assert!(sent.status.success(), "{upload}: {}", stderr(&sent));
    let curl = line("curl ");
    let sent = run_printed(&env, &curl, &[("NAME", "from-curl.txt")]);
    assert!(sent.status.success(), "{curl}: {}", stderr(&sent));
    let arrivals = line("What arrives: ");
    let get = arrivals
        .strip_prefix("What arrives: ")
        .unwrap()
        .split(" (or")
        .next()
        .unwrap();
    let got = run_printed(&env, get, &[]);
    assert!(got.status.success(), "{get}: {}", stderr(&got));
    let files = support::files_under(&env.home().join("incoming"));
    let bodies: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert!(bodies.contains(&b"sent with s3share".to_vec()), "{files:?}");
    assert!(bodies.contains(&b"sent with curl".to_vec()), "{files:?}");
}

#[test]
fn in_ci_request_keeps_its_warnings_and_leaves_out_the_upload_rights() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("CI", "true")
        .args(["request", "s3://bkt/incoming/"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("Anyone with the link can upload"), "{err}");
    assert!(
        !err.contains("curl"),
        "no recipe with the policy's signature: {err}"
    );
    assert!(!err.contains("X-Amz-Signature"), "{err}");
    assert!(
        err.contains("s3share: printed 1 link on stdout: GET s3://bkt/.s3share/requests/"),
        "a one-line summary of what was shared: {err}"
    );
}
