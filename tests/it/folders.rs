//! Folders: `upload DIR`, `share s3://bucket/prefix/` (one link to a folder page) and `get` of a
//! prefix or of that page, against s3s-fs; keys that would escape the target are refused.

use crate::support;

use std::path::{Path, PathBuf};

use support::proxy::Proxy;
use support::{assert_failure, data, http, stderr, stdout, TestEnv};

/// A tree with nested folders, spaces and unicode, an empty file and a multipart-sized file
/// (the config sets a 5 MiB threshold).
const TREE: &[(&str, usize)] = &[
    ("a.txt", 10),
    ("empty.bin", 0),
    ("sub dir/ünïcode name.txt", 33),
    ("sub dir/deeper/b.bin", 1000),
    ("big/large.bin", 6 * 1024 * 1024 + 17),
];

fn env() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    let config = env.file(
        "s3share.toml",
        b"bucket = \"bkt\"\nmultipart_threshold = \"5MiB\"\nconcurrency = 4\n",
    );
    (env, config)
}

fn run(env: &TestEnv, config: &Path, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("S3SHARE_CONFIG", config)
        .args(args)
        .output()
        .unwrap()
}

/// Exit 1 with warnings first and the closing `error:` naming `needle`.
fn assert_partial(output: &std::process::Output, needle: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let last = err
        .lines()
        .rev()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_default();
    assert!(last.contains(needle), "{err}");
}

fn make_tree(root: &Path) {
    for (i, (path, len)) in TREE.iter().enumerate() {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut bytes = data(*len);
        if let Some(first) = bytes.first_mut() {
            *first = i as u8;
        }
        std::fs::write(path, bytes).unwrap();
    }
}

fn assert_same_tree(expected: &Path, actual: &Path) {
    for (path, _) in TREE {
        let want = std::fs::read(expected.join(path)).unwrap();
        let got = std::fs::read(actual.join(path))
            .unwrap_or_else(|e| panic!("{path} missing in {}: {e}", actual.display()));
        assert!(want == got, "{path} differs");
    }
}

#[test]
fn a_folder_goes_up_is_shared_as_one_link_and_comes_down_without_credentials() {
    let (env, config) = env();
    let tree = env.home().join("photos");
    make_tree(&tree);
    let up = run(&env, &config, &["upload", "photos", "--to", "s3://bkt/up/"]);
    assert!(up.status.success(), "{}", stderr(&up));
    assert_eq!(stdout(&up).lines().count(), TREE.len(), "a link per file");
    assert!(
        stderr(&up).contains("5 uploaded, 0 already there"),
        "{}",
        stderr(&up)
    );
    assert_eq!(
        env.stored("up/photos/sub dir/deeper/b.bin").unwrap().len(),
        1000
    );
    assert_eq!(env.server.multipart_leftovers(), Vec::<String>::new());

    // A re-run sends nothing.
    let again = run(&env, &config, &["upload", "photos", "--to", "s3://bkt/up/"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("0 uploaded, 5 already there"),
        "{}",
        stderr(&again)
    );

    // One link for the folder; its page downloads as the whole tree, with no credentials.
    let shared = run(&env, &config, &["share", "s3://bkt/up/photos/"]);
    assert!(shared.status.success(), "{}", stderr(&shared));
    let link = stdout(&shared).trim().to_owned();
    assert_eq!(link.lines().count(), 1);
    let page = http().get(&link).send().unwrap();
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().unwrap();
    assert!(html.contains("ünïcode name.txt"), "{html}");
    let out = env.home().join("from-page");
    let got = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["get", &link, "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(got.status.success(), "{}", stderr(&got));
    assert_same_tree(&tree, &out);

    // --json: the page link, then one line per file.
    let json = run(&env, &config, &["share", "--json", "s3://bkt/up/photos/"]);
    let lines: Vec<serde_json::Value> = stdout(&json)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1 + TREE.len());
    assert_eq!(lines[0]["files"], TREE.len());
}

#[test]
fn a_prefix_downloads_in_full_and_a_rerun_fetches_only_what_changed() {
    let (env, config) = env();
    let tree = env.home().join("set");
    make_tree(&tree);
    let up = run(&env, &config, &["upload", "set", "--to", "s3://bkt/data/"]);
    assert!(up.status.success(), "{}", stderr(&up));
    let out = env.home().join("down");
    let got = run(
        &env,
        &config,
        &["get", "s3://bkt/data/set/", "-o", out.to_str().unwrap()],
    );
    assert!(got.status.success(), "{}", stderr(&got));
    assert_same_tree(&tree, &out);
    let again = run(
        &env,
        &config,
        &["get", "s3://bkt/data/set/", "-o", out.to_str().unwrap()],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("0 of 5 files downloaded"),
        "{}",
        stderr(&again)
    );
    assert!(
        stderr(&again).contains("5 already there"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_file_that_differs_is_refused_and_the_others_go_on() {
    let (env, config) = env();
    let tree = env.home().join("docs");
    make_tree(&tree);
    env.put_object("up/docs/a.txt", b"someone else's a.txt");
    let up = run(&env, &config, &["upload", "docs", "--to", "s3://bkt/up/"]);
    // The others' links are printed; the refusal is named last, and the exit is 1.
    assert_partial(
        &up,
        "1 of 5 files were not uploaded: s3://bkt/up/docs/a.txt",
    );
    assert_eq!(stdout(&up).lines().count(), 4);
    assert!(stderr(&up).contains("4 uploaded"), "{}", stderr(&up));
    assert_eq!(
        env.stored("up/docs/a.txt").unwrap(),
        b"someone else's a.txt"
    );
    assert!(env.stored("up/docs/big/large.bin").is_some());
    // --exclude leaves it out.
    let excluded = run(
        &env,
        &config,
        &[
            "upload",
            "docs",
            "--to",
            "s3://bkt/up/",
            "--exclude",
            "a.txt",
        ],
    );
    assert!(excluded.status.success(), "{}", stderr(&excluded));
}

#[test]
fn keys_that_would_escape_the_directory_are_refused_never_written() {
    let (env, config) = env();
    env.put_object("ok.txt", b"fine");
    let good = env.url(&["presign", "s3://bkt/ok.txt"]);
    // A folder page whose manifest someone tampered with, stored where pages live.
    let file =
        |path: &str| serde_json::json!({"path": path, "size": 4, "modified": null, "url": good});
    let manifest = serde_json::json!({
        "kind": "folder", "version": 1, "bucket": "bkt", "prefix": "", "expires_at": "2099-01-01T00:00:00Z",
        "files": [file("../x"), file("/etc/x"), file("a/../../x"), file("fine.txt")]
    });
    let page = format!("<script type=\"application/json\" id=\"s3share-data\">{manifest}</script>");
    env.put_object(".s3share/shares/evil/index.html", page.as_bytes());
    let link = env.url(&["presign", "s3://bkt/.s3share/shares/evil/index.html"]);
    let out = env.home().join("target").join("inner");
    let got = run(&env, &config, &["get", &link, "-o", out.to_str().unwrap()]);
    assert_partial(&got, "3 of 4 files were not downloaded");
    for hostile in ["../x", "/etc/x", "a/../../x"] {
        assert!(
            stderr(&got).contains(&format!("refused {hostile}")),
            "{}",
            stderr(&got)
        );
    }
    assert_eq!(std::fs::read(out.join("fine.txt")).unwrap(), b"fine");
    assert!(!env.home().join("target/x").exists());
    assert!(!env.home().join("x").exists());
    assert!(!Path::new("/etc/x").exists());
}

#[test]
fn sharing_an_empty_prefix_exits_4() {
    let (env, config) = env();
    assert_failure(
        &run(&env, &config, &["share", "s3://bkt/nothing/"]),
        4,
        "nothing is stored under s3://bkt/nothing/",
    );
}

#[test]
fn a_folder_upload_lists_its_destination_instead_of_looking_up_each_file() {
    let (env, config) = env();
    make_tree(&env.home().join("docs"));
    let proxy = Proxy::start(env.server.addr);
    let upload = || {
        env.cmd()
            .env("S3SHARE_CONFIG", &config)
            .env("AWS_ENDPOINT_URL", &proxy.endpoint)
            .args(["upload", "docs", "--to", "s3://bkt/up/"])
            .output()
            .unwrap()
    };
    let heads = || {
        proxy
            .requests()
            .iter()
            .filter(|r| r.starts_with("head "))
            .count()
    };

    // Nothing there yet: one listing, no HEAD at all (not even before the multipart upload).
    let first = upload();
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(heads(), 0, "{:?}", proxy.requests());
    assert!(proxy.requests().iter().any(|r| r.contains("list-type=2")));

    // All there. s3s-fs lists no ETags, so each key of the right size is looked up (against S3
    // the listed ETag settles it; the unit tests of `existing` cover that).
    let again = upload();
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("0 uploaded, 5 already there"),
        "{}",
        stderr(&again)
    );
    assert_eq!(heads(), 5, "{:?}", proxy.requests());

    // Same size, other bytes: looked up and refused.
    std::fs::write(env.home().join("docs/a.txt"), b"0123456789").unwrap();
    let changed = upload();
    assert_partial(
        &changed,
        "1 of 5 files were not uploaded: s3://bkt/up/docs/a.txt",
    );
    assert_eq!(heads(), 5 + 5, "{:?}", proxy.requests());

    // Without s3:ListBucket, each file is looked up instead, and nothing else changes.
    proxy.fail_requests(403, "list-type=2", u64::MAX);
    let unlisted = upload();
    assert_partial(
        &unlisted,
        "1 of 5 files were not uploaded: s3://bkt/up/docs/a.txt",
    );
    assert!(
        stderr(&unlisted).contains("4 already there"),
        "{}",
        stderr(&unlisted)
    );
    assert_eq!(heads(), 10 + 5, "{:?}", proxy.requests());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_folder_download_and_a_rerun_fetches_the_rest() {
    let env = TestEnv::new();
    let config = env.file(
        "s3share.toml",
        b"bucket = \"bkt\"\nmultipart_threshold = \"5MiB\"\nconcurrency = 1\n",
    );
    for name in ["a.bin", "b.bin", "c.bin", "d.bin"] {
        env.put_object(&format!("set/{name}"), &data(300_000));
    }
    let proxy = Proxy::start(env.server.addr);
    // The first file stalls part-way, so the Ctrl-C comes while it is on its way.
    proxy.set_fault(support::proxy::Fault::StallAfter(100_000));
    let child = env
        .std_cmd()
        .env("S3SHARE_CONFIG", &config)
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["get", "s3://bkt/set/", "-o", "down/"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    proxy.wait_for_body_bytes(100_000);
    support::interrupt(child.id());
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    support::assert_died_of_sigint(&output.status, &err);
    assert!(
        err.contains("interrupted: 0 of 4 files downloaded"),
        "{err}"
    );
    // One line for the interruption, not a warning for every file left alone.
    assert!(!err.contains("could not download"), "{err}");

    proxy.set_fault(support::proxy::Fault::None);
    let again = env
        .cmd()
        .env("S3SHARE_CONFIG", &config)
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(["get", "s3://bkt/set/", "-o", "down/"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("4 of 4 files downloaded"),
        "{}",
        stderr(&again)
    );
    for name in ["a.bin", "b.bin", "c.bin", "d.bin"] {
        assert_eq!(
            std::fs::read(env.home().join("down").join(name)).unwrap(),
            data(300_000)
        );
    }
}

/// `get s3://bkt/p/ -o DIR` as a test runs it.
fn get_prefix(env: &TestEnv, config: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["get", "s3://bkt/p/", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(env, config, &args)
}

#[test]
fn a_folder_get_keeps_local_edits_and_files_that_were_there_before() {
    let (env, config) = env();
    env.put_object("p/edited.txt", b"v1");
    env.put_object("p/ours.txt", b"v1");
    env.put_object("p/before.txt", b"from the bucket");
    let out = env.home().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("before.txt"), b"the user's own").unwrap();
    let first = get_prefix(&env, &config, &out, &[]);
    assert_partial(&first, "before.txt");
    assert!(
        stderr(&first).contains("kept 1 local file"),
        "{}",
        stderr(&first)
    );
    assert_eq!(
        std::fs::read(out.join("before.txt")).unwrap(),
        b"the user's own"
    );

    // The user edits one file; both objects change in the bucket.
    std::fs::write(out.join("edited.txt"), b"the user's edit").unwrap();
    env.put_object("p/edited.txt", b"v2!");
    env.put_object("p/ours.txt", b"v2!");
    let second = get_prefix(&env, &config, &out, &[]);
    assert_partial(&second, "edited.txt");
    let err = stderr(&second);
    assert!(
        err.contains("kept 2 local files") && err.contains("before.txt"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(out.join("ours.txt")).unwrap(),
        b"v2!",
        "left by s3share: updated"
    );
    assert_eq!(
        std::fs::read(out.join("edited.txt")).unwrap(),
        b"the user's edit"
    );

    let forced = get_prefix(&env, &config, &out, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read(out.join("edited.txt")).unwrap(), b"v2!");
    assert_eq!(
        std::fs::read(out.join("before.txt")).unwrap(),
        b"from the bucket"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_get_replaces_a_symlink_and_never_writes_through_one() {
    let (env, config) = env();
    env.put_object("p/link.txt", b"from the bucket");
    env.put_object("p/conf/passwd", b"from the bucket");
    let out = env.home().join("out");
    let elsewhere = env.home().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let target = env.file("target.txt", b"must not change");
    std::os::unix::fs::symlink(&target, out.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("conf")).unwrap();
    // A link planted where the partial file goes is replaced too, not written through.
    env.put_object("p/plain.txt", b"plain");
    let victim = env.file("victim.txt", b"must not change either");
    std::os::unix::fs::symlink(&victim, out.join(".plain.txt.s3share-partial")).unwrap();

    let output = get_prefix(&env, &config, &out, &["--force"]);
    assert_partial(&output, "conf/passwd");
    assert!(stderr(&output).contains("is a symlink; s3share does not write through it"));
    assert_eq!(std::fs::read(&target).unwrap(), b"must not change");
    let link = std::fs::symlink_metadata(out.join("link.txt")).unwrap();
    assert!(link.is_file(), "the symlink itself is replaced by the file");
    assert_eq!(
        std::fs::read(out.join("link.txt")).unwrap(),
        b"from the bucket"
    );
    assert!(
        !elsewhere.join("passwd").exists(),
        "written through a symlinked folder"
    );
    assert_eq!(std::fs::read(&victim).unwrap(), b"must not change either");
    assert_eq!(std::fs::read(out.join("plain.txt")).unwrap(), b"plain");
}

/// The link to a hand-made folder page (stored where pages live) listing `files` as
/// `(path, size, link)`, each without a time, as a page from elsewhere may.
fn hand_made_page(env: &TestEnv, id: &str, files: &[(&str, u64, &str)]) -> String {
    let files: Vec<_> = files
        .iter()
        .map(|(path, size, url)| {
            serde_json::json!({"path": path, "size": size, "modified": null, "url": url})
        })
        .collect();
    let manifest = serde_json::json!({
        "kind": "folder", "version": 1, "bucket": "bkt", "prefix": "", "expires_at": "2099-01-01T00:00:00Z",
        "files": files
    });
    let page = format!("<script type=\"application/json\" id=\"s3share-data\">{manifest}</script>");
    let key = format!(".s3share/shares/{id}/index.html");
    env.put_object(&key, page.as_bytes());
    env.url(&["presign", &format!("s3://bkt/{key}")])
}

#[test]
fn names_s3share_keeps_for_itself_are_refused_and_cannot_plant_a_record() {
    let (env, config) = env();
    let out = env.home().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // The user's own file, and a record planted by a hostile page that calls it s3share's.
    let mine = out.join("mine.txt");
    std::fs::write(&mine, b"the user's notes").unwrap();
    let modified = std::fs::metadata(&mine).unwrap().modified().unwrap();
    let seconds = modified
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let planted = serde_json::json!({"files": {"mine.txt": {"size": 16, "modified": seconds}}});
    env.put_object("evil/record.json", planted.to_string().as_bytes());
    env.put_object("evil/partial", b"not a partial");
    env.put_object("evil/ok.txt", b"fine");
    let record = env.url(&["presign", "s3://bkt/evil/record.json"]);
    let partial = env.url(&["presign", "s3://bkt/evil/partial"]);
    let ok = env.url(&["presign", "s3://bkt/evil/ok.txt"]);
    let link = hand_made_page(
        &env,
        "evil",
        &[
            (".s3share-folder.json", 0, &record),
            (".ok.txt.s3share-partial", 13, &partial),
            ("sub/.ok.txt.s3share-partial.json", 13, &partial),
            ("ok.txt", 4, &ok),
        ],
    );
    let got = run(&env, &config, &["get", &link, "-o", out.to_str().unwrap()]);
    assert_partial(&got, "3 of 4 files were not downloaded");
    let err = stderr(&got);
    for name in [
        ".s3share-folder.json",
        ".ok.txt.s3share-partial",
        ".ok.txt.s3share-partial.json",
    ] {
        let line = format!("{name} is a name s3share keeps for itself");
        assert_eq!(err.matches(&line).count(), 1, "{name}: {err}");
    }
    assert_eq!(std::fs::read(out.join("ok.txt")).unwrap(), b"fine");
    assert!(!out.join(".ok.txt.s3share-partial").exists());
    assert!(!out.join("sub").exists());
    let record = std::fs::read_to_string(out.join(".s3share-folder.json")).unwrap_or_default();
    assert!(
        !record.contains("mine.txt"),
        "the record was planted: {record}"
    );

    // A later get of a prefix holding mine.txt keeps the user's file: nothing planted says
    // s3share left it.
    env.put_object("p/mine.txt", b"the bucket's version");
    let later = get_prefix(&env, &config, &out, &[]);
    assert_partial(&later, "mine.txt");
    assert_eq!(std::fs::read(&mine).unwrap(), b"the user's notes");
}

#[cfg(unix)]
#[test]
fn a_partial_sidecar_is_never_written_through_a_symlink() {
    let (env, config) = env();
    // Past the 5 MiB threshold: fetched in parallel chunks, whose sidecar is written first.
    env.put_object("p/big.bin", &data(6 * 1024 * 1024 + 3));
    let out = env.home().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let victim = env.file("victim.txt", b"must not change");
    std::os::unix::fs::symlink(&victim, out.join(".big.bin.s3share-partial.json")).unwrap();
    let got = get_prefix(&env, &config, &out, &[]);
    assert!(got.status.success(), "{}", stderr(&got));
    assert_eq!(std::fs::read(&victim).unwrap(), b"must not change");
    assert_eq!(
        std::fs::read(out.join("big.bin")).unwrap(),
        data(6 * 1024 * 1024 + 3)
    );
}

#[test]
fn without_a_time_the_same_size_proves_nothing() {
    let (env, config) = env();
    env.put_object("p/notes.txt", b"version 1");
    let notes = env.url(&["presign", "s3://bkt/p/notes.txt"]);
    let link = hand_made_page(&env, "timeless", &[("notes.txt", 9, &notes)]);
    let out = env.home().join("out");
    let get = |extra: &[&str]| {
        let mut args = vec!["get", link.as_str(), "-o", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(&env, &config, &args)
    };
    let first = get(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"version 1");

    // The object changes, its size does not: the file s3share left is updated.
    env.put_object("p/notes.txt", b"version 2");
    let second = get(&[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"version 2");

    // The user edits it, keeping its size: kept, and said so, unless --force.
    std::fs::write(out.join("notes.txt"), b"my editsX").unwrap();
    let edited = get(&[]);
    assert_partial(&edited, "notes.txt");
    assert!(
        stderr(&edited).contains("kept 1 local file"),
        "{}",
        stderr(&edited)
    );
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"my editsX");
    let forced = get(&["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"version 2");
}

#[test]
fn absurd_sizes_on_a_page_do_not_break_the_download() {
    let (env, config) = env();
    env.put_object("p/a.txt", b"aaa");
    env.put_object("p/b.txt", b"bbb");
    let a = env.url(&["presign", "s3://bkt/p/a.txt"]);
    let b = env.url(&["presign", "s3://bkt/p/b.txt"]);
    let link = hand_made_page(
        &env,
        "absurd",
        &[("a.txt", u64::MAX, &a), ("b.txt", u64::MAX, &b)],
    );
    let out = env.home().join("out");
    let got = run(&env, &config, &["get", &link, "-o", out.to_str().unwrap()]);
    assert_ne!(got.status.code(), Some(101), "panicked: {}", stderr(&got));
    assert!(!stderr(&got).contains("panicked"), "{}", stderr(&got));
}

#[test]
fn a_folder_get_without_o_makes_a_folder_named_after_the_share() {
    let env = TestEnv::new();
    env.put_object("team/photos/a.jpg", b"a");
    env.put_object("team/photos/sub/b.jpg", b"b");
    let output = env.run(&["get", "s3://bkt/team/photos/"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(env.home().join("photos/sub/b.jpg")).unwrap(),
        b"b"
    );
    assert!(
        stderr(&output).contains("into photos."),
        "{}",
        stderr(&output)
    );
    assert!(!env.home().join("a.jpg").exists(), "nothing spread into .");
    // A folder page's link: the folder it shares names it too.
    let page = env.url(&["share", "s3://bkt/team/photos/", "--expires", "1h"]);
    std::fs::remove_dir_all(env.home().join("photos")).unwrap();
    let output = env.run(&["get", &page]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(env.home().join("photos/a.jpg")).unwrap(),
        b"a"
    );
}
