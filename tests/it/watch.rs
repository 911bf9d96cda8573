//! `s3share request --watch`: files sent through a request are reported as they arrive and, with
//! `--into`, saved once, byte-exact, in the right folder; a watch ends when the request expires,
//! on Ctrl-C or after `--count` files, and can be come back to by id. Against s3s-fs, with files
//! sent by `upload --to '<page link>'` (without credentials, as a recipient would).

use crate::support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use support::{assert_failure, stderr, TestEnv};

/// A watch running in the background, its stdout read line by line.
pub struct Running {
    child: Child,
    lines: Receiver<String>,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Running {
    /// Starts `s3share ARGS` (a watch), polling every 100 ms while idle at first.
    pub fn start(env: &TestEnv, args: &[&str]) -> Running {
        Running::spawn(env.std_cmd().args(args))
    }

    /// Starts `cmd` (a watch), polling every 100 ms while idle at first.
    pub fn spawn(cmd: &mut std::process::Command) -> Running {
        let mut child = cmd
            .args(["--watch-interval", "100ms"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut err, &mut text);
            text
        });
        Running {
            child,
            lines,
            stderr: Some(stderr),
        }
    }

    /// The next line on stdout, as JSON.
    pub fn next(&mut self) -> serde_json::Value {
        let line = self.line();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    }

    /// The next line on stdout.
    pub fn line(&mut self) -> String {
        match self.lines.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(e) => {
                let _ = self.child.kill();
                let err = self.stderr.take().unwrap().join().unwrap();
                panic!("no line from the watch within 30 s ({e}): {err}");
            }
        }
    }

    /// Waits for the end; its exit status and stderr.
    pub fn end(mut self) -> (std::process::ExitStatus, String, Vec<String>) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let err = self.stderr.take().unwrap().join().unwrap();
                panic!("the watch did not end: {err}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let rest = self.lines.try_iter().collect();
        (status, self.stderr.take().unwrap().join().unwrap(), rest)
    }
}

/// `upload --to LINK FILES` without credentials, from the home directory; asserts success.
pub fn send(env: &TestEnv, link: &str, files: &[&str]) {
    let sent = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["upload", "--to", link])
        .args(files)
        .output()
        .unwrap();
    assert!(sent.status.success(), "{}", stderr(&sent));
}

/// A new request for `s3://bkt/in/` watched `--into inbox`, with `--count COUNT`; its link.
fn watch_into_inbox(env: &TestEnv, count: &str) -> (Running, String) {
    let mut watch = Running::start(
        env,
        &[
            "request",
            "s3://bkt/in/",
            "--json",
            "--watch",
            "--into",
            "inbox",
            "--count",
            count,
        ],
    );
    let link = watch.next()["url"].as_str().unwrap().to_owned();
    (watch, link)
}

/// The saved path of an arrival record, relative to `dir`.
fn saved(record: &serde_json::Value, env: &TestEnv) -> PathBuf {
    let path = PathBuf::from(record["saved"].as_str().expect("saved"));
    env.home().join(path)
}

#[test]
fn arrivals_are_reported_and_saved_once_byte_exact_as_they_land() {
    let env = TestEnv::new();
    let (mut watch, link) = watch_into_inbox(&env, "3");
    env.file("report.pdf", &support::data(300_000));
    env.file("notes.txt", b"first notes");
    send(&env, &link, &["report.pdf", "notes.txt"]);
    let sent = Instant::now();
    let first = watch.next();
    let second = watch.next();
    let landed = sent.elapsed();
    env.file("late.txt", b"sent later");
    send(&env, &link, &["late.txt"]);
    let third = watch.next();
    let (status, err, rest) = watch.end();
    assert!(status.success(), "{err}");
    assert!(rest.is_empty(), "{rest:?}");
    assert!(
        err.contains("3 files (") && err.contains("done (--count)"),
        "{err}"
    );
    let mut names = Vec::new();
    for record in [&first, &second, &third] {
        let name = record["name"].as_str().unwrap();
        names.push(name.to_owned());
        assert_eq!(record["event"], "arrived");
        let key = record["key"].as_str().unwrap();
        assert!(key.starts_with("in/") && key.ends_with(name), "{record}");
        assert_eq!(record["location"], format!("s3://bkt/{key}"));
        let path = saved(record, &env);
        // Saved as `get s3://bkt/in/ -o inbox/` saves: the key below the prefix.
        assert_eq!(path, env.home().join("inbox").join(&key["in/".len()..]));
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes, env.stored(key).unwrap(), "{name}");
        assert_eq!(bytes, std::fs::read(env.home().join(name)).unwrap());
        assert_eq!(record["size"], bytes.len());
        assert!(record["time"].as_str().unwrap().ends_with('Z'));
    }
    names.sort();
    assert_eq!(names, ["late.txt", "notes.txt", "report.pdf"]);
    // Each once: three files in the folder, no partial left.
    let files = support::files_under(&env.home().join("inbox"));
    let shown: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".s3share-folder"))
        .collect();
    assert_eq!(shown.len(), 3, "{shown:?}");
    eprintln!("two files from upload's end to reported on disk: {landed:?}");
}

#[test]
fn time_from_an_upload_to_the_file_on_disk() {
    let env = TestEnv::new();
    let (mut watch, link) = watch_into_inbox(&env, "3");
    let mut times = Vec::new();
    for n in 0..3 {
        // Idle first, so the watch has backed off as far as it would in 1.5 s.
        std::thread::sleep(Duration::from_millis(1500));
        let name = format!("f{n}.bin");
        env.file(&name, &support::data(256 * 1024));
        send(&env, &link, &[&name]);
        let done = Instant::now();
        // The record is printed once the file is on disk (and synced).
        let record = watch.next();
        times.push(done.elapsed());
        assert_eq!(
            std::fs::read(saved(&record, &env)).unwrap(),
            support::data(256 * 1024)
        );
    }
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    // With the first wait at 100 ms the longest is 1.5 s: each file is on disk within that and
    // its download.
    eprintln!("upload done -> file on disk (waits 100 ms..1.5 s, idle 1.5 s before): {times:?}");
    assert!(
        times.iter().all(|t| *t < Duration::from_secs(10)),
        "{times:?}"
    );
}

#[test]
fn two_senders_at_once_land_each_in_their_own_folder() {
    let env = TestEnv::new();
    let mut watch = Running::start(
        &env,
        &[
            "request",
            "s3://bkt/in/",
            "--for",
            "alice",
            "--for",
            "bob",
            "--json",
            "--watch",
            "--into",
            "inbox",
            "--count",
            "2",
        ],
    );
    let alice = watch.next();
    let bob = watch.next();
    assert_eq!(
        (alice["for"].as_str(), bob["for"].as_str()),
        (Some("alice"), Some("bob"))
    );
    std::fs::create_dir_all(env.home().join("a")).unwrap();
    std::fs::create_dir_all(env.home().join("b")).unwrap();
    env.file("a/report.pdf", b"from alice");
    env.file("b/report.pdf", b"from bob, longer");
    std::thread::scope(|s| {
        for (record, file) in [(&alice, "a/report.pdf"), (&bob, "b/report.pdf")] {
            let env = &env;
            s.spawn(move || send(env, record["url"].as_str().unwrap(), &[file]));
        }
    });
    let mut arrived = [watch.next(), watch.next()];
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    arrived.sort_by_key(|r| r["from"].as_str().unwrap().to_owned());
    for (record, name, body) in [
        (&arrived[0], "alice", &b"from alice"[..]),
        (&arrived[1], "bob", &b"from bob, longer"[..]),
    ] {
        assert_eq!(record["from"], name);
        assert_eq!(record["name"], "report.pdf");
        let path = saved(record, &env);
        assert!(
            path.starts_with(env.home().join("inbox").join(name)),
            "{}",
            path.display()
        );
        assert_eq!(std::fs::read(&path).unwrap(), body);
    }
}

/// The id the history gives the newest request.
pub fn newest_request_id(env: &TestEnv) -> String {
    let lines = env.lines(&["links", "--json"]);
    let entries: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    entries
        .iter()
        .find(|e| e["command"] == "request")
        .and_then(|e| e["id"].as_str())
        .unwrap_or_else(|| panic!("no request in {lines:?}"))
        .to_owned()
}

#[test]
#[cfg(unix)] // compares inode numbers and modification times
fn a_restarted_watch_fetches_nothing_twice() {
    let env = TestEnv::new();
    let (mut watch, link) = watch_into_inbox(&env, "1");
    env.file("one.txt", b"the first file");
    send(&env, &link, &["one.txt"]);
    let first = watch.next();
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    let first_path = saved(&first, &env);
    let before = std::fs::metadata(&first_path).unwrap();
    // Sent while no watch runs.
    env.file("two.txt", b"the second file");
    send(&env, &link, &["two.txt"]);
    let id = newest_request_id(&env);
    let mut again = Running::start(
        &env,
        &[
            "request", "--watch", &id, "--json", "--into", "inbox", "--count", "1",
        ],
    );
    let second = again.next();
    let (status, err, rest) = again.end();
    assert!(status.success(), "{err}");
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(second["name"], "two.txt", "{err}");
    assert_eq!(
        std::fs::read(saved(&second, &env)).unwrap(),
        b"the second file"
    );
    assert!(
        err.contains("1 file was already saved in inbox; not fetched again"),
        "{err}"
    );
    // The first file was not written again.
    let after = std::fs::metadata(&first_path).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!((before.ino(), before.mtime()), (after.ino(), after.mtime()));
}

#[test]
fn an_expired_request_ends_the_watch_saying_so() {
    let env = TestEnv::new();
    let watch = Running::start(
        &env,
        &["request", "s3://bkt/in/", "--expires", "2s", "--watch"],
    );
    let started = Instant::now();
    let (status, err, rest) = watch.end();
    assert!(status.success(), "{err}");
    assert_eq!(rest.len(), 1, "only the link: {rest:?}");
    assert!(err.contains("The request expired at"), "{err}");
    assert!(err.contains("nothing more can arrive"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
#[cfg(unix)] // Ctrl-C is a SIGINT
fn ctrl_c_ends_a_watch_with_how_to_come_back() {
    let env = TestEnv::new();
    let mut watch = Running::start(&env, &["request", "s3://bkt/in/", "--json", "--watch"]);
    watch.next();
    std::thread::sleep(Duration::from_millis(300));
    support::interrupt(watch.child.id());
    let (status, err, _) = watch.end();
    support::assert_died_of_sigint(&status, &err);
    assert!(
        err.contains("error: interrupted: the watch stopped"),
        "{err}"
    );
    let id = newest_request_id(&env);
    assert!(
        err.contains(&format!("come back to it: s3share request --watch {id}")),
        "{err}"
    );
}

#[test]
fn what_is_not_a_request_cannot_be_watched() {
    let env = TestEnv::new();
    let out = env.run(&["request", "--watch", "s3://bkt/in/"]);
    assert_failure(&out, 4, "neither the id nor the link of a request");
    assert!(stderr(&out).contains("s3share request PREFIX/ --watch"));
    env.put_object("f.txt", b"x");
    let link = env.url(&["share", "s3://bkt/f.txt"]);
    let out = env.run(&["request", "--watch", &link]);
    assert_failure(&out, 2, "is not a file request");
    let out = env.run(&["request", "--watch"]);
    assert_failure(&out, 2, "--watch alone needs a LOCATION");
}

#[test]
fn an_unwritable_folder_is_refused_before_the_request_is_made() {
    let env = TestEnv::new();
    env.file("plain-file", b"not a folder");
    let out = env.run(&[
        "request",
        "s3://bkt/in/",
        "--watch",
        "--into",
        "plain-file/inbox",
    ]);
    assert_failure(&out, 1, "cannot save arrivals into plain-file/inbox");
    assert!(env
        .server
        .object_path("bkt", ".s3share/requests")
        .read_dir()
        .map_or(true, |mut d| d.next().is_none()));
}

#[test]
fn a_senders_name_with_control_and_bidi_characters_is_escaped() {
    let env = TestEnv::new();
    let mut watch = Running::start(
        &env,
        &["request", "s3://bkt/in/", "--watch", "--count", "1"],
    );
    let link = watch.line();
    assert!(link.starts_with("http"), "{link}");
    // What a sender with curl and the page's policy can store: any name under the prefix.
    std::thread::sleep(Duration::from_millis(300));
    // (Not ESC: XML 1.0 cannot carry it, and s3s-fs's listing would not parse.)
    env.put_object("in/x/invoice\u{202e}fdp.exe\u{9b}2J", b"evil");
    let (status, err, rest) = watch.end();
    assert!(status.success(), "{err}");
    let line = &rest[0];
    assert_eq!(line, "s3://bkt/in/x/invoice\\u{202e}fdp.exe\\u{9b}2J");
    assert!(
        err.contains("Arrived: invoice\\u{202e}fdp.exe\\u{9b}2J"),
        "{err}"
    );
    assert!(
        !err.contains('\u{202e}') && !err.contains('\u{9b}'),
        "{err}"
    );
}

#[test]
fn a_failing_exec_is_reported_and_the_watch_goes_on() {
    let env = TestEnv::new();
    let mut watch = Running::start(
        &env,
        &[
            "request",
            "s3://bkt/in/",
            "--watch",
            "--count",
            "2",
            "--exec",
            "cat >> exec.jsonl; exit 3",
        ],
    );
    let link = watch.line();
    env.file("a.txt", b"a");
    send(&env, &link, &["a.txt"]);
    std::thread::sleep(Duration::from_millis(500));
    env.file("b.txt", b"b");
    send(&env, &link, &["b.txt"]);
    let (status, err, rest) = watch.end();
    assert!(status.success(), "{err}");
    assert_eq!(rest.len(), 2, "{rest:?}");
    assert_eq!(err.matches("--exec failed for").count(), 2, "{err}");
    assert!(err.contains("the watch goes on"), "{err}");
    let log = std::fs::read_to_string(env.home().join("exec.jsonl")).unwrap();
    let names: Vec<String> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["name"].to_string())
        .collect();
    assert_eq!(names, ["\"a.txt\"", "\"b.txt\""]);
}

/// Makes the profile `tmp` take its credentials from a `credential_process` script that hands
/// out the test server's keys expiring in `seconds`, and, once `home/creds.bad` exists, what
/// `bad` (a shell line) prints or does.
#[cfg(unix)]
fn credentials_that_go_bad(env: &TestEnv, seconds: u64, bad: &str) {
    use support::{ACCESS_KEY, SECRET_KEY};
    let expires = std::time::SystemTime::now() + Duration::from_secs(seconds);
    let script = env.home().join("creds.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nif [ -e \"$HOME/creds.bad\" ]; then {bad}; exit; fi\n\
             echo '{{\"Version\":1,\"AccessKeyId\":\"{ACCESS_KEY}\",\
             \"SecretAccessKey\":\"{SECRET_KEY}\",\"SessionToken\":\"tok\",\
             \"Expiration\":\"{}\"}}'\n",
            humantime::format_rfc3339_seconds(expires)
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(env.home().join(".aws")).unwrap();
    std::fs::write(
        env.home().join(".aws/config"),
        format!("[profile tmp]\ncredential_process = {}\n", script.display()),
    )
    .unwrap();
}

/// A watch of the newest request by id, with the credentials of profile `tmp`.
#[cfg(unix)]
fn watch_with_profile(env: &TestEnv, id: &str) -> Running {
    Running::spawn(
        env.std_cmd()
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env("AWS_PROFILE", "tmp")
            .args(["request", "--watch", id, "--json"]),
    )
}

/// The `error:` and `hint:` lines of `err`, and asserts there is one of each.
#[cfg(unix)] // only Unix-only tests use it
fn error_and_hint(err: &str) -> (&str, &str) {
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    let hints: Vec<&str> = err.lines().filter(|l| l.starts_with("hint:")).collect();
    assert_eq!((errors.len(), hints.len()), (1, 1), "{err}");
    (errors[0], hints[0])
}

#[test]
#[cfg(unix)] // credential_process is a shell script
fn credentials_refused_mid_watch_end_it_with_the_fix_and_how_to_come_back() {
    let env = TestEnv::new();
    let link = env.url(&["request", "s3://bkt/in/"]);
    let id = newest_request_id(&env);
    // Renewed a few seconds in (the SDK renews 10-15 s before the expiry), into a wrong key.
    credentials_that_go_bad(
        &env,
        17,
        &format!(
            "echo '{{\"Version\":1,\"AccessKeyId\":\"{}\",\"SecretAccessKey\":\"wrong\"}}'",
            support::ACCESS_KEY
        ),
    );
    let mut watch = watch_with_profile(&env, &id);
    env.file("a.txt", b"before");
    send(&env, &link, &["a.txt"]);
    assert_eq!(watch.next()["name"], "a.txt");
    std::fs::write(env.home().join("creds.bad"), b"").unwrap();
    let (status, err, _) = watch.end();
    assert_eq!(status.code(), Some(5), "{err}");
    let (error, hint) = error_and_hint(&err);
    assert!(
        error.contains("the watch stopped") || error.contains("the watch cannot list"),
        "{err}"
    );
    assert!(hint.contains("credentials"), "{err}");
    assert!(
        hint.ends_with(&format!("then come back: s3share request --watch {id}")),
        "{err}"
    );
}

#[test]
#[cfg(unix)] // credential_process is a shell script
fn credentials_that_cannot_be_renewed_mid_watch_end_it_with_how_to_come_back() {
    let env = TestEnv::new();
    env.url(&["request", "s3://bkt/in/"]);
    let id = newest_request_id(&env);
    // As `aws sso login` expired: the credential process fails when asked to renew.
    credentials_that_go_bad(&env, 17, "echo 'the SSO session has expired' >&2; exit 1");
    let watch = watch_with_profile(&env, &id);
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(env.home().join("creds.bad"), b"").unwrap();
    let (status, err, _) = watch.end();
    assert_eq!(status.code(), Some(3), "{err}");
    let (error, hint) = error_and_hint(&err);
    assert!(
        error.contains("your credentials could not be renewed")
            && error.ends_with("the watch stopped"),
        "{err}"
    );
    assert!(hint.contains("aws sso login"), "{err}");
    assert!(
        hint.ends_with(&format!("then come back: s3share request --watch {id}")),
        "{err}"
    );
}

#[test]
#[cfg(unix)] // the --exec line is sh
fn exec_finds_the_arrival_in_its_environment_escaped() {
    let env = TestEnv::new();
    let mut watch = Running::start(
        &env,
        &[
            "request",
            "s3://bkt/in/",
            "--watch",
            "--count",
            "1",
            "--exec",
            "printf '%s|%s|%s|%s|%s' \"$S3SHARE_ARRIVAL_NAME\" \"$S3SHARE_ARRIVAL_KEY\" \
             \"$S3SHARE_ARRIVAL_SIZE\" \"$S3SHARE_ARRIVAL_FROM\" \"$S3SHARE_ARRIVAL_SAVED\" > env.txt",
        ],
    );
    watch.line();
    std::thread::sleep(Duration::from_millis(300));
    env.put_object("in/x/invoice\u{202e}fdp.exe\u{9b}2J", b"evil");
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    let seen = std::fs::read_to_string(env.home().join("env.txt")).unwrap();
    assert_eq!(
        seen,
        "invoice\\u{202e}fdp.exe\\u{9b}2J|in/x/invoice\\u{202e}fdp.exe\\u{9b}2J|4||"
    );
}

#[test]
fn an_encrypted_upload_arrives_when_its_manifest_does_and_is_saved_opened() {
    let env = TestEnv::new();
    let mut watch = Running::start(
        &env,
        &[
            "request",
            "s3://bkt/in/",
            "--encrypt",
            "--json",
            "--watch",
            "--into",
            "inbox",
            "--count",
            "1",
        ],
    );
    let link = watch.next()["url"].as_str().unwrap().to_owned();
    let body = support::data(200_000);
    env.file("Quarterly report.pdf", &body);
    send(&env, &link, &["Quarterly report.pdf"]);
    let arrival = watch.next();
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    assert_eq!(arrival["name"], "Quarterly report.pdf", "{arrival}");
    assert_eq!(std::fs::read(saved(&arrival, &env)).unwrap(), body);
    // Only the file: no chunk, no manifest, nothing half-written.
    assert_eq!(
        support::entries(&env.home().join("inbox")),
        ["Quarterly report.pdf"]
    );
}

#[test]
fn a_watch_says_when_an_encrypted_requests_page_no_longer_carries_this_key() {
    let env = TestEnv::new();
    let record: serde_json::Value =
        serde_json::from_str(&env.url(&["request", "--json", "--encrypt", "s3://bkt/in/"]))
            .unwrap();
    let id = newest_request_id(&env);
    let ours = record["fingerprint"].as_str().unwrap().to_owned();
    let shown = |env: &TestEnv| -> serde_json::Value {
        serde_json::from_str(&env.lines(&["--json", "key", "show"])[0]).unwrap()
    };
    let our_public = shown(&env)["public_key"].as_str().unwrap().to_owned();
    // Another key pair, to plant on the page; then ours back.
    let backup = env.home().join("backup-key");
    assert!(env
        .run(&["key", "export", backup.to_str().unwrap()])
        .status
        .success());
    std::fs::remove_file(env.home().join(".config/s3share/request-key")).unwrap();
    let _ = env.run(&["request", "--encrypt", "s3://bkt/elsewhere/"]);
    let theirs = shown(&env);
    assert!(env
        .run(&["key", "import", "--force", backup.to_str().unwrap()])
        .status
        .success());
    let pages = support::files_under(&env.server.object_path("bkt", ".s3share/requests"));
    let page = pages
        .iter()
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains(&ours)))
        .expect("the request's page");
    let text = std::fs::read_to_string(page)
        .unwrap()
        .replace(&ours, theirs["fingerprint"].as_str().unwrap())
        .replace(&our_public, theirs["public_key"].as_str().unwrap());
    std::fs::write(page, text).unwrap();

    let mut watch = Running::start(&env, &["request", "--watch", &id, "--json", "--count", "1"]);
    env.file("a.txt", b"to the planted key");
    send(&env, record["url"].as_str().unwrap(), &["a.txt"]);
    let _ = watch.next();
    let (_, err, _) = watch.end();
    assert!(
        err.contains(&format!(
            "the request's page carries the key {}, not this machine's ({ours})",
            theirs["fingerprint"].as_str().unwrap()
        )),
        "{err}"
    );
}
