//! The history of printed links (`s3share links`), revocable links and `s3share revoke`.

use crate::support;

use std::path::PathBuf;

use support::{assert_failure, http, stderr, stdout, TestEnv};

fn history_file(env: &TestEnv) -> PathBuf {
    env.data.path().join("s3share/history.jsonl")
}

fn links_json(env: &TestEnv) -> Vec<serde_json::Value> {
    let output = env.run(&["links", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn links_are_recorded_privately_and_listed_newest_first() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    env.put_object("b.txt", b"b");
    let first = env.url(&["share", "s3://bkt/a.txt"]);
    env.url(&["share", "s3://bkt/b.txt", "--expires", "2d"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(history_file(&env))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let entries = links_json(&env);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["location"], "s3://bkt/b.txt");
    assert_eq!(entries[0]["state"], "live");
    assert_eq!(entries[1]["url"], first.as_str());
    // Number 2 is printed again, as a result.
    assert_eq!(env.url(&["links", "2"]), first);
    let human = env.run(&["links"]);
    assert!(stdout(&human).contains("live"), "{}", stdout(&human));
    assert!(
        !stdout(&human).contains("X-Amz-Signature"),
        "the list shows no links"
    );
}

#[test]
fn a_history_others_can_read_is_refused() {
    let env = TestEnv::new();
    env.url(&["presign", "s3://bkt/a"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(history_file(&env), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        assert_failure(&env.run(&["links"]), 3, "can be read by others");
        let output = env.run(&["presign", "s3://bkt/b"]);
        assert!(output.status.success(), "the link is still printed");
        assert!(
            stderr(&output).contains("not recorded in the history"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn concurrent_runs_lose_no_entry() {
    let env = TestEnv::new();
    let children: Vec<_> = (0..8)
        .map(|i| {
            env.std_cmd()
                .args(["presign", &format!("s3://bkt/k{i}")])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let entries = links_json(&env);
    assert_eq!(entries.len(), 8);
    let text = std::fs::read_to_string(history_file(&env)).unwrap();
    assert_eq!(text.lines().count(), 8, "{text}");
}

#[test]
fn ci_and_history_off_record_nothing_and_a_batch_is_one_entry() {
    let env = TestEnv::new();
    let ci = env
        .cmd()
        .env("CI", "true")
        .args(["presign", "s3://bkt/a"])
        .output()
        .unwrap();
    assert!(ci.status.success());
    let off = env
        .cmd()
        .env("S3SHARE_HISTORY", "off")
        .args(["presign", "s3://bkt/a"])
        .output()
        .unwrap();
    assert!(off.status.success());
    assert!(!history_file(&env).exists());
    let batch = env.run(&["presign", "s3://bkt/a", "s3://bkt/b", "s3://bkt/c"]);
    assert_eq!(stdout(&batch).lines().count(), 3);
    let entries = links_json(&env);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["count"], 3);
}

#[test]
fn a_revocable_link_works_until_revoked_then_get_names_the_cause() {
    let env = TestEnv::new();
    env.put_object("report.pdf", b"quarterly");
    let link = env.url(&["share", "--revocable", "s3://bkt/report.pdf"]);
    assert!(link.contains("/.s3share/revocable/"), "{link}");
    assert_eq!(
        http().get(&link).send().unwrap().bytes().unwrap().as_ref(),
        b"quarterly"
    );
    let revoked = env.run(&["revoke", "--nth", "1"]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    assert!(
        stderr(&revoked).contains("Revoking link 1: s3://bkt/report.pdf (share at "),
        "it names what it revokes: {}",
        stderr(&revoked)
    );
    assert_eq!(http().get(&link).send().unwrap().status(), 404);
    let got = env.run(&["get", &link, "-o", "-"]);
    assert_failure(&got, 4, "this link was revoked or its object removed");
    assert_eq!(links_json(&env)[0]["state"], "revoked");
    // The original is untouched.
    assert_eq!(env.stored("report.pdf").unwrap(), b"quarterly");
    // A link that is not revocable cannot be taken back, and says why.
    let plain = env.url(&["share", "s3://bkt/report.pdf"]);
    assert_failure(
        &env.run(&["revoke", &plain]),
        2,
        "not made with --revocable",
    );
}

#[test]
fn prune_forgets_expired_links_and_check_finds_deleted_objects() {
    let env = TestEnv::new();
    env.put_object("gone.txt", b"x");
    env.put_object("kept.txt", b"y");
    env.url(&["share", "s3://bkt/gone.txt"]);
    env.url(&["share", "s3://bkt/kept.txt"]);
    env.url_signed_in_the_past(2, &["presign", "s3://bkt/short", "--expires", "1s"]);
    std::fs::remove_file(env.server.object_path("bkt", "gone.txt")).unwrap();
    let checked = env.run(&["links", "--check", "--json"]);
    let states: Vec<String> = stdout(&checked)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["state"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(states, ["expired", "live", "gone"]);
    let pruned = env.run(&["links", "--prune"]);
    assert!(
        stderr(&pruned).contains("Forgot 1 expired link"),
        "{}",
        stderr(&pruned)
    );
    assert_eq!(links_json(&env).len(), 2);
}

#[test]
fn a_large_object_is_copied_in_parts_with_its_headers_for_a_revocable_link() {
    let env = TestEnv::new();
    let config = env.file("s3share.toml", b"multipart_threshold = \"5MiB\"\n");
    let proxy = support::proxy::Proxy::start(env.server.addr);
    let run = |args: &[&str]| {
        env.cmd()
            .env("S3SHARE_CONFIG", &config)
            .env("AWS_ENDPOINT_URL", &proxy.endpoint)
            .args(args)
            .output()
            .unwrap()
    };
    let body = support::data(12 * 1024 * 1024 + 5);
    env.file("scan.pdf", &body);
    let up = run(&["upload", "scan.pdf", "--to", "s3://bkt/"]);
    assert!(up.status.success(), "{}", stderr(&up));
    let shared = run(&["share", "--revocable", "s3://bkt/scan.pdf"]);
    assert!(shared.status.success(), "{}", stderr(&shared));
    let link = stdout(&shared).trim().to_owned();
    assert!(link.contains("/.s3share/revocable/"), "{link}");
    let response = http().get(&link).send().unwrap();
    assert_eq!(response.status(), 200);
    // Every range is pinned to the version looked up: a source replaced meanwhile fails the
    // copy instead of splicing two versions.
    let part_copies: Vec<String> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.contains("x-id=uploadpartcopy"))
        .collect();
    assert_eq!(part_copies.len(), 3);
    assert!(
        part_copies
            .iter()
            .all(|r| r.contains("\r\nx-amz-copy-source-if-match: \"")),
        "{part_copies:?}"
    );
    // Three parts of 5 MiB at most, copied server-side, and the type the upload gave it.
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.ends_with("-3\""), "{etag}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(
        response.bytes().unwrap() == body,
        "the copy holds other bytes"
    );
    let revoked = run(&["revoke", "--nth", "1"]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    assert_eq!(http().get(&link).send().unwrap().status(), 404);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_revocable_copy_leaves_no_parts() {
    let env = TestEnv::new();
    let config = env.file("s3share.toml", b"multipart_threshold = \"5MiB\"\n");
    env.put_object("scan.pdf", &support::data(12 * 1024 * 1024));
    let proxy = support::proxy::Proxy::start(env.server.addr);
    // The copy's parts are held on their way, so the Ctrl-C comes while it runs.
    proxy.hold_requests("x-id=uploadpartcopy");
    let child = env
        .std_cmd()
        .env("S3SHARE_CONFIG", &config)
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["share", "--revocable", "s3://bkt/scan.pdf"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !proxy
        .requests()
        .iter()
        .any(|r| r.contains("x-id=uploadpartcopy"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the copy never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    support::interrupt(child.id());
    let output = child.wait_with_output().unwrap();
    // The upload was aborted before the process ended, while its parts were still held.
    let leftovers = env.server.multipart_leftovers();
    proxy.release();
    let err = stderr(&output);
    support::assert_died_of_sigint(&output.status, &err);
    assert!(
        err.contains("the copy of s3://bkt/scan.pdf was cancelled"),
        "{err}"
    );
    assert_eq!(stdout(&output), "", "no link for a copy that is not there");
    assert_eq!(leftovers, Vec::<String>::new());
}

/// Rewrites the history file's lines as a test needs them.
fn edit_history(env: &TestEnv, edit: impl Fn(String) -> String) {
    let path = history_file(env);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(text.clone());
    assert!(edited != text, "the history did not change");
    std::fs::write(path, edited).unwrap();
}

#[test]
fn an_id_made_of_digits_is_an_id_never_a_position() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    env.put_object("b.txt", b"b");
    let first = env.url(&["share", "--revocable", "s3://bkt/a.txt"]);
    let second = env.url(&["share", "--revocable", "s3://bkt/b.txt"]);
    let id = links_json(&env)[1]["id"].as_str().unwrap().to_owned();
    // The oldest link gets an id that reads like the position of the newest.
    edit_history(&env, |text| {
        text.replace(&format!("\"id\":\"{id}\""), "\"id\":\"00000001\"")
    });
    let revoked = env.run(&["revoke", "00000001"]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    assert_eq!(http().get(&first).send().unwrap().status(), 404);
    assert_eq!(
        http().get(&second).send().unwrap().status(),
        200,
        "another link was revoked"
    );
    // A bare number that is no id is not taken for a position.
    assert_failure(
        &env.run(&["revoke", "2"]),
        2,
        "--nth N revokes the N-th newest",
    );
}

#[test]
fn revoking_a_copy_already_gone_says_so_and_marks_it_revoked() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    let link = env.url(&["share", "--revocable", "s3://bkt/a.txt"]);
    let key = reqwest::Url::parse(&link)
        .unwrap()
        .path()
        .trim_start_matches("/bkt/")
        .to_owned();
    let key = percent_decode(&key);
    std::fs::remove_file(env.server.object_path("bkt", &key)).unwrap();
    let revoked = env.run(&["revoke", &link]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    assert!(
        stderr(&revoked).contains("was already gone"),
        "{}",
        stderr(&revoked)
    );
    assert!(
        !stderr(&revoked).contains("Revoked:"),
        "{}",
        stderr(&revoked)
    );
    assert_eq!(links_json(&env)[0]["state"], "revoked");
}

#[test]
fn a_history_entry_pointing_outside_the_revocable_copies_deletes_nothing() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    env.put_object("important.txt", b"keep me");
    env.url(&["share", "--revocable", "s3://bkt/a.txt"]);
    edit_history(&env, |text| {
        let start = text.find("\"revocable\":\"").unwrap() + "\"revocable\":\"".len();
        let end = start + text[start..].find('"').unwrap();
        format!("{}s3://bkt/important.txt{}", &text[..start], &text[end..])
    });
    let output = env.run(&["revoke", "--nth", "1"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("error: the history names s3://bkt/important.txt"));
    assert!(stderr(&output).contains("not one of s3share's revocable copies"));
    assert_eq!(env.stored("important.txt").unwrap(), b"keep me");
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_folder_upload_is_one_entry_not_one_a_file() {
    let env = TestEnv::new();
    let dir = env.home().join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["a.jpg", "b.jpg", "c.jpg"] {
        std::fs::write(dir.join(name), name).unwrap();
    }
    let up = env.run(&["upload", "photos", "--to", "s3://bkt/trip/"]);
    assert!(up.status.success(), "{}", stderr(&up));
    assert_eq!(
        stdout(&up).lines().count(),
        3,
        "a link per file is still printed"
    );
    let entries = links_json(&env);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["location"], "s3://bkt/trip/photos/");
    assert_eq!(entries[0]["count"], 3);
}

#[test]
fn links_say_what_each_entry_is_and_what_can_be_revoked() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    env.put_object("photos/p.jpg", b"p");
    env.file("secret.txt", b"s");
    env.url(&["share", "s3://bkt/a.txt"]);
    env.url(&["share", "--revocable", "s3://bkt/a.txt"]);
    env.url(&["share", "s3://bkt/photos/"]);
    env.url(&["request", "s3://bkt/incoming/"]);
    env.url(&["share", "--upload", "s3://bkt/in/x.bin"]);
    env.url(&["upload", "--encrypt", "secret.txt", "--to", "s3://bkt"]);
    let entries = links_json(&env);
    let seen: Vec<(&str, &str, bool)> = entries
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap(),
                e["what"].as_str().unwrap(),
                e["revocable"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("encrypted", "a file in s3://bkt/ (name encrypted)", true),
            ("upload", "s3://bkt/in/x.bin", false),
            ("request", "s3://bkt/incoming/", false),
            ("folder", "s3://bkt/photos/", false),
            ("download", "s3://bkt/a.txt", true),
            ("download", "s3://bkt/a.txt", false),
        ]
    );
    // Piped: no header, one line each, columns at fixed places, no page keys.
    let text = stdout(&env.run(&["links"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(!text.contains(".s3share/"), "{text}");
    assert!(lines[2].contains("request    no      "), "{text}");
    assert!(lines[4].contains("download   yes     "), "{text}");
    let columns = |line: &str| line.find("live").unwrap();
    assert!(
        lines.iter().all(|l| columns(l) == columns(lines[0])),
        "{text}"
    );
    // `links --nth N` is `links N`, as in `revoke --nth N`.
    assert_eq!(env.url(&["links", "--nth", "5"]), env.url(&["links", "5"]));
}

#[cfg(unix)]
#[test]
fn links_on_a_terminal_have_a_header() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    env.url(&["share", "s3://bkt/a.txt"]);
    let mut cmd = env.std_cmd();
    cmd.arg("links");
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    session
        .exp_string("#  STATE    EXPIRES (UTC)     KIND       REVOKE  ID        WHAT")
        .unwrap();
    session.exp_string("s3://bkt/a.txt").unwrap();
    session.exp_eof().unwrap();
}
