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
        let dir = env.server.object_path(support::BUCKET, &format!(".s3share/{space}"));
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
    assert_eq!(lines[0]["own_left_out"], 3, "{lines:?}");
    let keys: Vec<&str> = lines[1..].iter().map(|l| l["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["b.txt", "photos/a.jpg"]);
    assert!(stderr(&shared).contains("left out 3 of s3share's own objects"));

    let page = support::http()
        .get(lines[0]["url"].as_str().unwrap())
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(!page.contains(".s3share/"), "the page shows s3share's own objects");
}

#[test]
fn a_get_of_the_whole_bucket_leaves_out_s3shares_own_objects() {
    let env = TestEnv::new();
    seed_own_objects(&env);
    let out = env.home().join("all");
    let got = ok(&env, &["get", "s3://bkt/", "-o", out.to_str().unwrap()]);
    assert!(stderr(&got).contains("left out 3 of s3share's own objects"));
    assert_eq!(support::entries(&out), ["b.txt", "photos"]);

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
            } else if !path.file_name().unwrap().to_string_lossy().starts_with(".upload") {
                let relative = path.strip_prefix(&root).unwrap();
                keys.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    keys.sort();
    keys
}

#[test]
fn a_folder_upload_skips_hidden_and_ignored_files_and_says_so() {
    let env = TestEnv::new();
    make_project(&env.home().join("proj"));
    let up = ok(
        &env,
        &["upload", "proj", "--to", "s3://bkt/a/", "--exclude", "node_modules"],
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
    assert_eq!(stdout(&up).lines().count(), 2, "a link per uploaded file only");
}

#[test]
fn hidden_and_no_ignore_bring_back_what_they_name_and_exclude_prunes_folders() {
    let env = TestEnv::new();
    make_project(&env.home().join("proj"));
    ok(&env, &["upload", "proj", "--to", "s3://bkt/h/", "-H", "--exclude", "node_modules"]);
    assert_eq!(
        uploaded_keys(&env, "h/proj"),
        [".env", ".git/config", ".gitignore", "README.md", "src/main.rs"]
    );
    ok(&env, &["upload", "proj", "--to", "s3://bkt/i/", "--no-ignore", "--exclude", "node_modules"]);
    assert_eq!(
        uploaded_keys(&env, "i/proj"),
        ["README.md", "build/app", "debug.log", "src/main.rs"]
    );
    // Without --exclude, node_modules (at any depth) is uploaded: it is neither hidden nor ignored.
    let all = ok(&env, &["upload", "proj", "--to", "s3://bkt/all/", "-HI", "--json"]);
    assert_eq!(uploaded_keys(&env, "all/proj").len(), 9);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&all).lines().next().unwrap()).unwrap();
    assert!(first.get("skipped").is_none(), "nothing was skipped: {first}");
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
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")), "latin-1").unwrap();
    let up = ok(&env, &["upload", "odd", "--to", "s3://bkt/u/"]);
    assert_eq!(uploaded_keys(&env, "u/odd"), ["fine.txt"]);
    let err = stderr(&up);
    assert!(err.contains("1 file whose name is not UTF-8"), "{err}");
    assert!(err.contains(r"odd/caf\xe9.txt"), "{err}");
    assert!(!err.contains('\u{fffd}'), "{err}");
}
