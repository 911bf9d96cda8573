//! Desktop notifications of `request --watch`: on a private session bus (`dbus-daemon
//! --session`) a fake `org.freedesktop.Notifications` server records each call, and the call
//! Debian's `notify-send` makes for the same text is the reference. Without a bus: no error,
//! the lines on stderr only. The sender chose the names: they reach the desktop escaped.

use crate::support;
use crate::watch::{newest_request_id, send, Running};

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use support::TestEnv;

/// One `Notify` call as the server received it (hints as their values' debug text).
#[derive(Clone, Debug, PartialEq)]
struct Call {
    app: String,
    replaces: u32,
    icon: String,
    summary: String,
    body: String,
    actions: Vec<String>,
    hints: BTreeMap<String, String>,
    timeout: i32,
}

/// A private session bus with a fake notification server on it.
struct Desktop {
    daemon: Child,
    address: String,
    calls: Arc<Mutex<Vec<Call>>>,
    _dir: tempfile::TempDir,
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

impl Desktop {
    /// Starts `dbus-daemon --session` on a socket of its own and the fake server; `None` (the
    /// test is skipped) without dbus-daemon, except in CI, where it must be there.
    fn start() -> Option<Desktop> {
        if !tool("dbus-daemon", "dbus-daemon") {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!(
                "--address=unix:path={}",
                dir.path().join("bus").display()
            ))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon said {address:?}");
        let calls = Arc::new(Mutex::new(Vec::new()));
        let (ready, is_ready) = std::sync::mpsc::channel();
        let (recorded, at) = (calls.clone(), address.clone());
        std::thread::spawn(move || zbus::block_on(serve(&at, recorded, ready)));
        is_ready
            .recv_timeout(Duration::from_secs(10))
            .expect("the fake notification server is on the bus");
        Some(Desktop {
            daemon,
            address,
            calls,
            _dir: dir,
        })
    }

    /// The calls so far, once there are `count` (within 10 s).
    fn calls(&self, count: usize) -> Vec<Call> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let calls = self.calls.lock().unwrap().clone();
            if calls.len() >= count || Instant::now() > deadline {
                return calls;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What `notify-send ARGS` sends to the server (the reference), taken off the record.
    fn notify_send(&self, args: &[&str]) -> Option<Call> {
        if !tool("notify-send", "libnotify-bin") {
            return None;
        }
        let before = self.calls.lock().unwrap().len();
        let sent = Command::new("notify-send")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap();
        assert!(sent.status.success(), "{}", support::stderr(&sent));
        let mut calls = self.calls(before + 1);
        assert_eq!(calls.len(), before + 1, "notify-send's call was not seen");
        let call = calls.pop();
        self.calls.lock().unwrap().truncate(before);
        call
    }
}

/// Whether `name` runs here; in CI its absence fails the test (install the Debian `package`).
fn tool(name: &str, package: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none_or(|v| v.is_empty()),
        "CI needs {name}: apt-get install {package}"
    );
    found
}

/// The fake `org.freedesktop.Notifications`: records each `Notify` and answers it with an id;
/// answers `GetServerInformation` and `GetCapabilities` as a plain server would.
async fn serve(address: &str, calls: Arc<Mutex<Vec<Call>>>, ready: std::sync::mpsc::Sender<()>) {
    let connection = zbus::connection::Builder::address(address)
        .build()
        .await
        .unwrap();
    let mut stream = zbus::MessageStream::from(&connection);
    connection
        .request_name("org.freedesktop.Notifications")
        .await
        .unwrap();
    ready.send(()).unwrap();
    let mut id = 0u32;
    while let Some(Ok(message)) = stream.next().await {
        let header = message.header();
        if header.message_type() != zbus::message::Type::MethodCall {
            continue;
        }
        match header.member().map(|m| m.as_str()) {
            Some("Notify") => {
                type Args = (
                    String,
                    u32,
                    String,
                    String,
                    String,
                    Vec<String>,
                    HashMap<String, zbus::OwnedVariant>,
                    i32,
                );
                let (app, replaces, icon, summary, body, actions, hints, timeout): Args =
                    message.body().deserialize().unwrap();
                calls.lock().unwrap().push(Call {
                    app,
                    replaces,
                    icon,
                    summary,
                    body,
                    actions,
                    hints: hints
                        .into_iter()
                        .map(|(k, v)| (k, format!("{v:?}")))
                        .collect(),
                    timeout,
                });
                id += 1;
                let _ = connection.reply(&header, &id).await;
            }
            Some("GetServerInformation") => {
                let _ = connection
                    .reply(&header, &("fake", "s3share tests", "1", "1.2"))
                    .await;
            }
            Some("GetCapabilities") => {
                let _ = connection.reply(&header, &vec!["body"]).await;
            }
            _ => {}
        }
    }
}

/// A request for `s3://bkt/in/` made without a watch; its link.
fn request(env: &TestEnv) -> String {
    env.url(&["request", "s3://bkt/in/"])
}

#[test]
fn each_arrival_tells_the_desktop_as_notify_send_would() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let env = TestEnv::new();
    let mut watch = Running::spawn(
        env.std_cmd()
            .env("DBUS_SESSION_BUS_ADDRESS", &desktop.address)
            .args([
                "request",
                "s3://bkt/in/",
                "--json",
                "--watch",
                "--into",
                "inbox",
            ])
            .args(["--count", "2"]),
    );
    let link = watch.next()["url"].as_str().unwrap().to_owned();
    env.file("report.pdf", &support::data(1536));
    send(&env, &link, &["report.pdf"]);
    let first = watch.next();
    // A name only curl could send: markup, and a bidi override.
    std::thread::sleep(Duration::from_millis(300));
    let evil = "in/x/<b>A&B<b>\u{202e}fdp.exe";
    env.put_object(evil, b"evil");
    let second = watch.next();
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    assert!(!err.contains("notification"), "{err}");
    let calls = desktop.calls(2);
    assert_eq!(calls.len(), 2, "{calls:#?}");

    let saved = first["saved"].as_str().unwrap();
    let reference = desktop
        .notify_send(&[
            "-a",
            "s3share",
            "-u",
            "normal",
            "-c",
            "transfer.complete",
            "Arrived: report.pdf",
            &format!("report.pdf (1.5 KiB)\nsaved as {saved}"),
        ])
        .unwrap_or_else(|| calls[0].clone());
    assert_same_call(&calls[0], &reference);

    // Escaped for the terminal, then for markup; the JSON keeps the name exact.
    assert_eq!(second["name"], "<b>A&B<b>\u{202e}fdp.exe");
    assert_eq!(calls[1].summary, "Arrived: <b>A&B<b>\\u{202e}fdp.exe");
    assert!(
        calls[1]
            .body
            .starts_with("&lt;b&gt;A&amp;B&lt;b&gt;\\u{202e}fdp.exe (4 B)\n"),
        "{:?}",
        calls[1].body
    );
    assert!(!calls[1].body.contains('\u{202e}') && !calls[1].body.contains('<'));
}

/// `ours` is the call `reference` (notify-send's) is, but for the hints notify-send alone adds
/// (`sender-pid`).
fn assert_same_call(ours: &Call, reference: &Call) {
    let mut expected = reference.clone();
    expected.hints.remove("sender-pid");
    assert_eq!(ours, &expected);
}

#[test]
fn files_found_together_make_one_notification() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let env = TestEnv::new();
    let link = request(&env);
    for n in 0..7 {
        env.file(&format!("f{n}.txt"), format!("file {n}").as_bytes());
    }
    let files: Vec<String> = (0..7).map(|n| format!("f{n}.txt")).collect();
    send(
        &env,
        &link,
        &files.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let id = newest_request_id(&env);
    let watch = Running::spawn(
        env.std_cmd()
            .env("DBUS_SESSION_BUS_ADDRESS", &desktop.address)
            .args(["request", "--watch", &id, "--count", "7"]),
    );
    let (status, err, lines) = watch.end();
    assert!(status.success(), "{err}");
    assert_eq!(lines.len(), 7, "{lines:?}");
    let calls = desktop.calls(1);
    assert_eq!(calls.len(), 1, "{calls:#?}");
    assert_eq!(calls[0].summary, "7 files arrived (42 B)");
    let body: Vec<&str> = calls[0].body.lines().collect();
    assert_eq!(body.len(), 6, "{body:?}");
    assert_eq!(body[0], "f0.txt (6 B)");
    assert_eq!(body[5], "and 2 more");
}

#[test]
fn no_notify_tells_the_desktop_nothing() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let env = TestEnv::new();
    let mut watch = Running::spawn(
        env.std_cmd()
            .env("DBUS_SESSION_BUS_ADDRESS", &desktop.address)
            .args(["request", "s3://bkt/in/", "--watch", "--no-notify"])
            .args(["--count", "1"]),
    );
    let link = watch.line();
    env.file("a.txt", b"a");
    send(&env, &link, &["a.txt"]);
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    assert!(err.contains("Arrived: a.txt"), "{err}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(desktop.calls(0), []);
}

#[test]
fn without_a_session_bus_only_the_stderr_line_says_it() {
    let env = TestEnv::new();
    let mut watch = Running::start(
        &env,
        &["request", "s3://bkt/in/", "--watch", "--count", "1"],
    );
    let link = watch.line();
    env.file("a.txt", b"a");
    send(&env, &link, &["a.txt"]);
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    assert!(err.contains("Arrived: a.txt (1 B)"), "{err}");
    assert!(
        !err.contains("notification") && !err.contains('\x1b'),
        "{err}"
    );
}

#[test]
fn a_session_bus_that_does_not_answer_is_said_once_and_the_watch_goes_on() {
    let env = TestEnv::new();
    let gone = env.home().join("no-bus-here");
    let mut watch = Running::spawn(
        env.std_cmd()
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", gone.display()),
            )
            .args(["request", "s3://bkt/in/", "--watch", "--count", "2"]),
    );
    let link = watch.line();
    env.file("a.txt", b"a");
    send(&env, &link, &["a.txt"]);
    watch.line();
    env.file("b.txt", b"b");
    send(&env, &link, &["b.txt"]);
    let (status, err, _) = watch.end();
    assert!(status.success(), "{err}");
    assert_eq!(err.matches("No desktop notification: ").count(), 1, "{err}");
    assert!(err.contains("arrivals are said here only."), "{err}");
    assert!(err.contains("Arrived: b.txt"), "{err}");
}

#[test]
fn two_browsers_send_into_the_inbox_as_it_arrives_and_the_desktop_is_told() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let Some(browser) = crate::browser::browser() else {
        return;
    };
    let env = TestEnv::new();
    let mut watch = Running::spawn(
        env.std_cmd()
            .env("DBUS_SESSION_BUS_ADDRESS", &desktop.address)
            .args(["request", "s3://bkt/in/", "--for", "alice", "--for", "bob"])
            .args(["--json", "--watch", "--into", "inbox", "--count", "3"]),
    );
    let pages = [watch.next(), watch.next()];
    let alice_files = [
        env.file("alice report.pdf", &support::data(700_000)),
        env.file("notes.txt", b"from alice"),
    ];
    let bob_file = env.file("photo.png", &support::data(123_457));
    // Both pages open, then both send at once.
    let tabs: Vec<_> = pages
        .iter()
        .map(|page| {
            let tab = browser.new_tab().unwrap();
            tab.navigate_to(page["url"].as_str().unwrap())
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            tab
        })
        .collect();
    let inputs: Vec<_> = tabs
        .iter()
        .map(|tab| tab.wait_for_element("#file-input").unwrap())
        .collect();
    let paths = |files: &[&std::path::Path]| -> Vec<String> {
        files
            .iter()
            .map(|p| p.to_str().unwrap().to_owned())
            .collect()
    };
    let alice: Vec<String> = paths(&[&alice_files[0], &alice_files[1]]);
    let bob: Vec<String> = paths(&[&bob_file]);
    inputs[0]
        .set_input_files(&alice.iter().map(String::as_str).collect::<Vec<_>>())
        .unwrap();
    inputs[1]
        .set_input_files(&bob.iter().map(String::as_str).collect::<Vec<_>>())
        .unwrap();
    for tab in &tabs {
        crate::browser::wait_for(tab, "document.body.dataset.state === 'done'");
    }
    let done = Instant::now();
    let mut arrived: Vec<serde_json::Value> = (0..3).map(|_| watch.next()).collect();
    let after_done = done.elapsed();
    let (status, err, rest) = watch.end();
    assert!(status.success(), "{err}");
    assert!(rest.is_empty(), "{rest:?}");
    arrived.sort_by_key(|r| r["name"].as_str().unwrap().to_owned());
    let expected = [
        ("alice report.pdf", "alice", support::data(700_000)),
        ("notes.txt", "alice", b"from alice".to_vec()),
        ("photo.png", "bob", support::data(123_457)),
    ];
    for (record, (name, from, body)) in arrived.iter().zip(expected) {
        assert_eq!(record["name"], name, "{record}");
        assert_eq!(record["from"], from, "{record}");
        let path = env.home().join(record["saved"].as_str().unwrap());
        assert!(
            path.starts_with(env.home().join("inbox").join(from)),
            "{}",
            path.display()
        );
        assert_eq!(std::fs::read(&path).unwrap(), body, "{name}");
    }
    // Each file once: no partial, no second copy.
    let saved: Vec<_> = support::files_under(&env.home().join("inbox"))
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains(".s3share-folder"))
        .collect();
    assert_eq!(saved.len(), 3, "{saved:?}");
    // One notification per listing that found files: every file named in one of them.
    let calls = desktop.calls(1);
    assert!(!calls.is_empty() && calls.len() <= 3, "{calls:#?}");
    let told: String = calls
        .iter()
        .map(|c| format!("{} {}\n", c.summary, c.body))
        .collect();
    for name in ["alice report.pdf", "notes.txt", "photo.png"] {
        assert!(told.contains(name), "{name} not told: {told}");
    }
    eprintln!("pages done -> last of 3 files reported on disk: {after_done:?}");
}

/// A watch of a request made earlier, on a pseudo-terminal without a session bus, with the
/// terminal saying what it is through `vars`; one file was sent before. Its output as text.
fn on_a_terminal(vars: &[(&str, &str)]) -> String {
    let env = TestEnv::new();
    let link = request(&env);
    env.file("a.txt", b"a");
    send(&env, &link, &["a.txt"]);
    let id = newest_request_id(&env);
    let mut cmd = env.std_cmd();
    cmd.envs(vars.iter().copied())
        .args(["request", "--watch", &id, "--count", "1"]);
    let mut session = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    session.exp_eof().unwrap()
}

#[test]
fn without_a_bus_a_terminal_that_shows_notifications_gets_its_sequence() {
    let osc9 = on_a_terminal(&[("TERM", "xterm-256color"), ("TERM_PROGRAM", "WezTerm")]);
    assert!(
        osc9.contains("\x1b]9;Arrived: a.txt: a.txt (1 B); at s3://bkt/in/"),
        "{osc9:?}"
    );
    let osc777 = on_a_terminal(&[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")]);
    assert!(
        osc777.contains("\x1b]777;notify;Arrived: a.txt;a.txt (1 B); at s3://bkt/in/"),
        "{osc777:?}"
    );
    // A terminal not known to show them, and tmux, get none.
    for vars in [
        &[("TERM", "xterm-256color")][..],
        &[
            ("TERM", "tmux-256color"),
            ("TERM_PROGRAM", "tmux"),
            ("VTE_VERSION", "7600"),
        ],
    ] {
        let plain = on_a_terminal(vars);
        assert!(plain.contains("Arrived: a.txt"), "{plain:?}");
        assert!(!plain.contains("\x1b]"), "{vars:?}: {plain:?}");
    }
}
