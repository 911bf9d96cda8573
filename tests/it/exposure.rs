//! What a share hands out, and nothing more: a folder never carries s3share's own objects (pages
//! with upload rights, revocable copies), `upload DIR` skips what fd and ripgrep skip and says
//! so, request links write only where they were meant to, and text from a page is escaped.

use std::path::Path;

use crate::support::{self, stderr, stdout, TestEnv};

fn run(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let output = env
        .cmd()
        .env("S3SHARE_BUCKET", support::BUCKET)
        .args(args)
        .output()
        .unwrap();
    support::assert_no_secrets(&output);
    output
}

fn ok(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let output = run(env, args);
    assert!(
        output.status.success(),
        "s3share {args:?}: {}",
        stderr(&output)
    );
    output
}

/// s3share's own objects, as `request`, `share` of a folder and `share --revocable` leave them.
fn seed_own_objects(env: &TestEnv) {
    env.put_object("photos/a.jpg", b"a photo");
    env.put_object("b.txt", b"a note");
    ok(env, &["request", "s3://bkt/incoming/"]);
    ok(env, &["share", "s3://bkt/photos/"]);
    ok(env, &["share", "--revocable", "s3://bkt/b.txt"]);
    for space in ["requests", "shares", "revocable"] {
        let dir = env
            .server
            .object_path(support::BUCKET, &format!(".s3share/{space}"));
        assert!(dir.is_dir(), "{space} was not written");
    }
}

#[test]
fn a_share_of_the_whole_bucket_leaves_out_s3shares_own_objects() {
    let env = TestEnv::new();
    seed_own_objects(&env);
    let shared = ok(&env, &["share", "--json", "s3://bkt/"]);
    let lines: Vec<serde_json::Value> = stdout(&shared)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["files"], 2, "{lines:?}");
    // The page of photos/, its worker, the request page and the revocable copy.
    assert_eq!(lines[0]["own_left_out"], 4, "{lines:?}");
    let keys: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["b.txt", "photos/a.jpg"]);
    assert!(stderr(&shared).contains("left out 4 of s3share's own objects"));

    let page = support::http()
        .get(lines[0]["url"].as_str().unwrap())
        .send()
        .unwrap()
        .text()
        .unwrap();
    // Only its worker's link names s3share's space (the page's folder).
    assert!(
        !page.contains("\"path\":\".s3share/"),
        "the page shows s3share's own objects"
    );
    assert_eq!(page.matches(".s3share/").count(), 1, "{page}");
}

#[test]
fn a_get_of_the_whole_bucket_leaves_out_s3shares_own_objects() {
    let env = TestEnv::new();
    seed_own_objects(&env);
    let out = env.home().join("all");
    let got = ok(&env, &["get", "s3://bkt/", "-o", out.to_str().unwrap()]);
    assert!(stderr(&got).contains("left out 4 of s3share's own objects"));
    assert_eq!(
        support::entries(&out),
        [".s3share-folder.json", "b.txt", "photos"]
    );

    // A prefix that holds nothing else is empty, and says why.
    let only_own = run(&env, &["get", "s3://bkt/.s3share/", "-o", "x/"]);
    support::assert_failure(&only_own, 4, "s3share's own objects");
}

/// A project as people have them: secrets, a repository, build output and dependencies.
fn make_project(root: &Path) {
    for (path, body) in [
        ("src/main.rs", "fn main() {}"),
        ("README.md", "# proj"),
        (".env", "SECRET=1"),
        (".git/config", "[core]"),
        (".gitignore", "build/\n*.log\n"),
        ("build/app", "binary"),
        ("debug.log", "log"),
        ("node_modules/dep/index.js", "module.exports = 1"),
        ("src/node_modules/x.js", "nested"),
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
}

fn uploaded_keys(env: &TestEnv, prefix: &str) -> Vec<String> {
    let root = env.server.object_path(support::BUCKET, prefix);
    let mut keys = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if !path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".upload")
            {
                let relative = path.strip_prefix(&root).unwrap();
                keys.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    keys.sort();
    keys
}

#[test]
fn nothing_is_uploaded_into_s3shares_own_space() {
    let env = TestEnv::new();
    env.file("page.html", b"<p>not a page of s3share's</p>");
    for args in [
        &[
            "upload",
            "page.html",
            "--key",
            ".s3share/requests/x/index.html",
        ][..],
        &["upload", "page.html", "--to", "s3://bkt/.s3share/shares/"][..],
    ] {
        support::assert_failure(&run(&env, args), 2, "s3share's own space");
    }
    assert!(!env.server.object_path(support::BUCKET, ".s3share").exists());
}

#[test]
fn a_folder_upload_skips_hidden_and_ignored_files_and_says_so() {
    let env = TestEnv::new();
    make_project(&env.home().join("proj"));
    let up = ok(
        &env,
        &[
            "upload",
            "proj",
            "--to",
            "s3://bkt/a/",
            "--exclude",
            "node_modules",
        ],
    );
    assert_eq!(uploaded_keys(&env, "a/proj"), ["README.md", "src/main.rs"]);
    let err = stderr(&up);
    assert!(
        err.contains(
            "skipped 3 hidden (proj/.env, proj/.git/, proj/.gitignore) and 2 git-ignored \
             (proj/build/, proj/debug.log) files or folders (--hidden, --no-ignore to include them)"
        ),
        "{err}"
    );
    assert_eq!(
        stdout(&up).lines().count(),
        2,
        "a link per uploaded file only"
    );
}

#[test]
fn hidden_and_no_ignore_bring_back_what_they_name_and_exclude_prunes_folders() {
    let env = TestEnv::new();
    make_project(&env.home().join("proj"));
    ok(
        &env,
        &[
            "upload",
            "proj",
            "--to",
            "s3://bkt/h/",
            "-H",
            "--exclude",
            "node_modules",
        ],
    );
    assert_eq!(
        uploaded_keys(&env, "h/proj"),
        [
            ".env",
            ".git/config",
            ".gitignore",
            "README.md",
            "src/main.rs"
        ]
    );
    ok(
        &env,
        &[
            "upload",
            "proj",
            "--to",
            "s3://bkt/i/",
            "--no-ignore",
            "--exclude",
            "node_modules",
        ],
    );
    assert_eq!(
        uploaded_keys(&env, "i/proj"),
        ["README.md", "build/app", "debug.log", "src/main.rs"]
    );
    // Without --exclude, node_modules (at any depth) is uploaded: it is neither hidden nor ignored.
    let all = ok(
        &env,
        &["upload", "proj", "--to", "s3://bkt/all/", "-HI", "--json"],
    );
    assert_eq!(uploaded_keys(&env, "all/proj").len(), 9);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&all).lines().next().unwrap()).unwrap();
    assert!(
        first.get("skipped").is_none(),
        "nothing was skipped: {first}"
    );
}

#[test]
fn json_reports_what_a_folder_upload_skipped() {
    let env = TestEnv::new();
    make_project(&env.home().join("proj"));
    let up = ok(&env, &["upload", "proj", "--to", "s3://bkt/j/", "--json"]);
    for line in stdout(&up).lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            record["skipped"],
            serde_json::json!({"hidden": 3, "ignored": 2, "not_utf8": 0}),
            "{record}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_reported_and_skipped_never_renamed() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let dir = env.home().join("odd");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fine.txt"), "ok").unwrap();
    std::fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")),
        "latin-1",
    )
    .unwrap();
    let up = ok(&env, &["upload", "odd", "--to", "s3://bkt/u/"]);
    assert_eq!(uploaded_keys(&env, "u/odd"), ["fine.txt"]);
    let err = stderr(&up);
    assert!(err.contains("1 file whose name is not UTF-8"), "{err}");
    assert!(err.contains(r"odd/caf\xe9.txt"), "{err}");
    assert!(!err.contains('\u{fffd}'), "{err}");
}

/// The JSON records `request --json ARGS` prints, one per link.
fn requests(env: &TestEnv, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["request", "--json"];
    all.extend_from_slice(args);
    stdout(&ok(env, &all))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// POSTs `body` as `key` with a request's signed fields, as a browser form would.
fn post(record: &serde_json::Value, key: &str, body: &[u8]) -> u16 {
    let mut form = reqwest::blocking::multipart::Form::new().text("key", key.to_owned());
    for (name, value) in record["post"]["fields"].as_object().unwrap() {
        form = form.text(name.clone(), value.as_str().unwrap().to_owned());
    }
    form = form.text("Content-Type", "text/plain").part(
        "file",
        reqwest::blocking::multipart::Part::bytes(body.to_vec()).file_name("f"),
    );
    support::http()
        .post(record["post"]["url"].as_str().unwrap())
        .multipart(form)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn each_recipient_can_write_only_into_their_own_folder() {
    let env = TestEnv::new();
    let links = requests(
        &env,
        &["s3://bkt/incoming/", "--for", "alice", "--for", "bob"],
    );
    assert_eq!(links.len(), 2);
    let (alice, bob) = (&links[0], &links[1]);
    assert_eq!(
        (alice["for"].as_str(), alice["prefix"].as_str()),
        (Some("alice"), Some("incoming/alice/"))
    );
    assert_eq!(
        (bob["for"].as_str(), bob["prefix"].as_str()),
        (Some("bob"), Some("incoming/bob/"))
    );
    assert_ne!(alice["url"], bob["url"], "a page each");

    assert_eq!(post(bob, "incoming/bob/report.txt", b"bob's report"), 201);
    // Alice's link cannot replace Bob's file, nor write anywhere but in her own folder.
    assert_ne!(
        post(alice, "incoming/bob/report.txt", b"alice was here"),
        201
    );
    assert_ne!(post(alice, "incoming/report.txt", b"alice was here"), 201);
    assert_eq!(
        env.stored("incoming/bob/report.txt").unwrap(),
        b"bob's report"
    );
    assert_eq!(
        post(alice, "incoming/alice/notes.txt", b"alice's notes"),
        201
    );

    let page = support::http()
        .get(alice["url"].as_str().unwrap())
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("Send files for alice"), "{page}");
    assert!(page.contains("cannot be withdrawn"), "{page}");

    for bad in ["a/b", "..", "", "tab\tname"] {
        let output = run(&env, &["request", "s3://bkt/incoming/", "--for", bad]);
        support::assert_failure(&output, 2, "--for");
    }
}

#[test]
fn what_a_request_stores_is_an_attachment_and_never_empty() {
    let env = TestEnv::new();
    let record = &requests(&env, &["s3://bkt/in/"])[0];
    assert_eq!(
        post(record, "in/page.html", b"<script>alert(1)</script>"),
        201
    );
    // Served as a download, not as a page on the bucket's origin, even through a plain share.
    let link = stdout(&ok(&env, &["share", "s3://bkt/in/page.html"]))
        .trim()
        .to_owned();
    let response = support::http().get(&link).send().unwrap();
    assert_eq!(response.headers()["content-disposition"], "attachment");
    // An empty file can neither arrive nor wipe out one sent before.
    assert_ne!(post(record, "in/page.html", b""), 201);
    assert_eq!(
        env.stored("in/page.html").unwrap(),
        b"<script>alert(1)</script>"
    );
    env.file("empty.txt", b"");
    let link = record["url"].as_str().unwrap();
    support::assert_failure(
        &run(&env, &["upload", "--to", link, "empty.txt"]),
        2,
        "is empty",
    );
}

#[test]
fn a_content_type_that_admits_pages_is_refused_unless_asked_for() {
    let env = TestEnv::new();
    for pattern in ["image/*", "text/html", "text/*"] {
        let output = run(
            &env,
            &["request", "s3://bkt/in/", "--content-type", pattern],
        );
        support::assert_failure(&output, 2, "which a browser runs as a page");
    }
    let allowed = requests(
        &env,
        &[
            "s3://bkt/in/",
            "--content-type",
            "image/*",
            "--allow-active-content",
        ],
    );
    assert_eq!(allowed.len(), 1);
    requests(&env, &["s3://bkt/in/", "--content-type", "image/png"]);
}

#[test]
fn a_bucket_that_keeps_no_versions_is_named_and_one_that_does_is_not() {
    fn request_against(body: &'static [u8]) -> std::process::Output {
        let env = TestEnv::new();
        let endpoint = support::stand_in::plain_server("200 OK", "", body);
        env.cmd()
            .env("AWS_ENDPOINT_URL", endpoint)
            .args(["request", "--json", "s3://bkt/in/"])
            .output()
            .unwrap()
    }
    let off = request_against(
        b"<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>",
    );
    assert!(off.status.success(), "{}", stderr(&off));
    assert!(
        stderr(&off).contains("keeps no old versions: anyone with a link can replace a file")
            && stderr(&off).contains("aws s3api put-bucket-versioning --bucket bkt"),
        "{}",
        stderr(&off)
    );
    let record: serde_json::Value = serde_json::from_str(stdout(&off).trim()).unwrap();
    assert_eq!(record["versioning"], "off");

    let on = request_against(
        b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    );
    assert!(on.status.success(), "{}", stderr(&on));
    assert!(
        !stderr(&on).contains("old versions"),
        "nothing to say about versions when they are kept: {}",
        stderr(&on)
    );

    // s3s-fs does not implement the call: no warning, no failure.
    let env = TestEnv::new();
    let record = &requests(&env, &["s3://bkt/in/"])[0];
    assert_eq!(record["versioning"], "unknown");
}

/// Rewrites the page that `link` serves, in the server's storage, as a hostile bucket writer could.
fn tamper_with_page(env: &TestEnv, link: &str, edit: impl Fn(String) -> String) {
    let url = reqwest::Url::parse(link).unwrap();
    let key = url.path().trim_start_matches("/bkt/");
    let path = env.server.object_path(support::BUCKET, key);
    let html = std::fs::read_to_string(&path).unwrap();
    let edited = edit(html.clone());
    assert!(edited != html, "the page did not change");
    std::fs::write(path, edited).unwrap();
}

#[test]
fn text_from_a_hostile_request_page_is_shown_escaped() {
    let env = TestEnv::new();
    let record = &requests(&env, &["s3://bkt/in/", "--content-type", "image/png"])[0];
    let link = record["url"].as_str().unwrap();
    tamper_with_page(&env, link, |html| {
        html.replace(
            "\"content_type\":\"image/png\"",
            "\"content_type\":\"image/png\\u001b[2J\\u0007\\nerror: forged\\u202e\"",
        )
    });
    env.file("a.txt", b"text");
    let output = run(&env, &["upload", "--to", link, "a.txt"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(5), "{err}");
    assert!(
        err.contains(r"image/png\e[2J\x07\nerror: forged\u{202e}"),
        "{err}"
    );
    for raw in ['\x1b', '\x07', '\u{202e}'] {
        assert!(!err.contains(raw), "{raw:?} reached the terminal: {err}");
    }
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
}

#[test]
fn a_request_page_that_posts_elsewhere_is_refused() {
    let env = TestEnv::new();
    let record = &requests(&env, &["s3://bkt/in/"])[0];
    let link = record["url"].as_str().unwrap();
    let post_url = record["post"]["url"].as_str().unwrap().to_owned();
    tamper_with_page(&env, link, |html| {
        html.replace(&post_url, "http://127.0.0.2:9/")
    });
    env.file("a.txt", b"text");
    let output = run(&env, &["upload", "--to", link, "a.txt"]);
    support::assert_failure(&output, 5, "not to the bucket that serves it");
}

#[test]
fn a_folder_page_link_to_another_host_is_refused_and_the_rest_arrive() {
    let env = TestEnv::new();
    env.put_object("photos/a.jpg", b"a");
    env.put_object("photos/b.jpg", b"b");
    let link = stdout(&ok(&env, &["share", "s3://bkt/photos/"]))
        .trim()
        .to_owned();
    let origin = {
        let url = reqwest::Url::parse(&link).unwrap();
        format!("{}://{}", url.scheme(), url.host_str().unwrap())
            + &format!(":{}", url.port().unwrap())
    };
    tamper_with_page(&env, &link, |html| {
        html.replacen(
            &format!("\"url\":\"{origin}/bkt/photos/a.jpg"),
            "\"url\":\"http://127.0.0.2:9/latest/meta-data",
            1,
        )
    });
    let out = env.home().join("got");
    let output = run(&env, &["get", &link, "-o", out.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("refused a.jpg: its link leads to 127.0.0.2"),
        "{err}"
    );
    assert_eq!(support::entries(&out), [".s3share-folder.json", "b.jpg"]);
}
