//! End-to-end encrypted folders (`upload --encrypt DIR`): one link for the whole folder, nothing
//! in the bucket names a file, `get LINK` restores the tree and `get LINK --zip` writes a zip the
//! four readers test clean, with every CRC-32 from the sealed manifest (no data descriptors);
//! a wrong key opens nothing, and `revoke` deletes every object of the share.

use crate::support;
use crate::zip::{assert_every_crc_known, assert_readers_accept, env, run, TREE};

use support::{assert_failure, files_under, stderr, stdout, TestEnv};

/// `upload --encrypt photos`: the link, with its key after `#`.
fn share(env: &TestEnv) -> String {
    let up = run(env, &["upload", "--encrypt", "photos", "--to", "s3://bkt"]);
    assert!(up.status.success(), "{}", stderr(&up));
    let link = stdout(&up).trim().to_owned();
    assert_eq!(link.lines().count(), 1, "one link for the folder: {link}");
    assert!(
        link.contains("/.s3share/e2e/") && link.contains('#'),
        "{link}"
    );
    link
}

/// A recipient's `get`: no credentials.
fn get(env: &TestEnv, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .arg("get")
        .args(args)
        .output()
        .unwrap()
}

fn share_objects(env: &TestEnv, link: &str) -> Vec<String> {
    let (_, rest) = link.split_once("/.s3share/e2e/").unwrap();
    let id = rest.split('/').next().unwrap();
    files_under(env.server.root())
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.contains(&format!("e2e/{id}/")))
        .collect()
}

#[test]
fn an_encrypted_folder_names_nothing_in_the_bucket_and_comes_back_whole() {
    let env = env();
    let link = share(&env);
    let objects = share_objects(&env, &link);
    // Page, worker, manifest and one object per file.
    assert!(objects.len() >= TREE.len() + 3, "{objects:?}");
    for path in files_under(env.server.root()) {
        let shown = path.to_string_lossy();
        if !shown.contains(".s3share/e2e/") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for (name, _) in TREE {
            let base = name.rsplit('/').next().unwrap();
            assert!(!shown.contains(base), "a name in a key: {shown}");
            assert!(!text.contains(base), "{base} is in {shown}");
        }
        assert!(!text.contains("photos"), "the folder's name is in {shown}");
    }

    let out = env.home().join("restored");
    let got = get(&env, &[&link, "-o", &format!("{}/", out.display())]);
    assert!(got.status.success(), "{}", stderr(&got));
    for (name, _) in TREE {
        let want = std::fs::read(env.home().join("photos").join(name)).unwrap();
        let nfc = name.replace("e\u{301}", "\u{e9}");
        let got = std::fs::read(out.join(name)).or_else(|_| std::fs::read(out.join(&nfc)));
        assert!(got.unwrap() == want, "{name} differs");
    }

    // Again into the same folder: what is there already is left as it is.
    let again = get(&env, &[&link, "-o", &format!("{}/", out.display())]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains(&format!("{} already there", TREE.len())),
        "{}",
        stderr(&again)
    );

    // --json says what the link is: the size of the files together, and how many.
    let json = run(
        &env,
        &[
            "--json",
            "upload",
            "--encrypt",
            "photos",
            "--to",
            "s3://bkt",
        ],
    );
    assert!(json.status.success(), "{}", stderr(&json));
    let record: serde_json::Value = serde_json::from_str(stdout(&json).trim()).unwrap();
    assert_eq!(record["files"], TREE.len(), "{record}");
    assert_eq!(record["encrypted"], true, "{record}");
    let total: usize = TREE.iter().map(|(_, len)| len).sum();
    assert_eq!(record["size"], total, "{record}");

    // Without -o: a folder named after the directory shared.
    let here = env.home().join("here");
    std::fs::create_dir(&here).unwrap();
    let got = env
        .cmd()
        .current_dir(&here)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["get", &link])
        .output()
        .unwrap();
    assert!(got.status.success(), "{}", stderr(&got));
    assert!(here.join("photos/a.txt").is_file(), "{}", stderr(&got));
}

#[test]
fn an_encrypted_folders_zip_knows_every_crc_and_every_reader_opens_it() {
    let env = env();
    let link = share(&env);
    let zip = env.home().join("photos.zip");
    let got = get(&env, &[&link, "--zip", zip.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    assert_every_crc_known(&zip);
    assert_readers_accept(&env, &zip);
}

#[test]
fn a_wrong_key_opens_nothing_and_revoke_deletes_every_object() {
    let env = env();
    let link = share(&env);
    let (page, _) = link.split_once('#').unwrap();
    let wrong = format!("{page}#AAAAAAAAAAAAAAAAAAAAAA");
    let out = env.home().join("nothing");
    let got = get(&env, &[&wrong, "-o", &format!("{}/", out.display())]);
    assert_failure(&got, 7, "does not open this folder");
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().count() == 0);

    let revoked = run(&env, &["revoke", &link]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    assert_eq!(share_objects(&env, &link), Vec::<String>::new());
    let got = get(&env, &[&link, "-o", &format!("{}/", out.display())]);
    assert_eq!(got.status.code(), Some(4), "{}", stderr(&got));
}

#[test]
fn share_encrypt_stores_a_prefix_again_as_an_encrypted_folder() {
    let env = env();
    // `env` uploaded the tree to s3://bkt/up/photos/, in clear.
    let shared = run(&env, &["share", "--encrypt", "s3://bkt/up/photos/"]);
    assert!(shared.status.success(), "{}", stderr(&shared));
    let link = stdout(&shared).trim().to_owned();
    assert!(
        link.contains("/.s3share/e2e/") && link.contains('#'),
        "{link}"
    );
    for path in share_objects(&env, &link) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(
            !text.contains("large.bin") && !text.contains("deeper"),
            "{path}"
        );
    }
    let zip = env.home().join("shared.zip");
    let got = get(&env, &[&link, "--zip", zip.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    assert_every_crc_known(&zip);
    assert_readers_accept(&env, &zip);

    // One object is not a folder; a missing prefix says so.
    assert_failure(
        &run(&env, &["share", "--encrypt", "s3://bkt/up/photos/a.txt"]),
        2,
        "takes a folder",
    );
    let missing = run(&env, &["share", "--encrypt", "s3://bkt/nothing-here/"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("nothing"), "{}", stderr(&missing));
}

/// The Python of a venv with http_ece (`support::python_venv`); `None` outside CI without it.
fn http_ece() -> Option<std::path::PathBuf> {
    support::python_venv("http-ece", &["http-ece"], "the http_ece test")
        .map(|v| v.join("bin/python3"))
}

/// Runs `support/ece_folder.py` with `args`.
fn ece_folder(python: &std::path::Path, args: &[&str]) -> std::process::Output {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/support/ece_folder.py");
    std::process::Command::new(python)
        .arg(script)
        .args(args)
        .output()
        .unwrap()
}

/// The stored path of the share's manifest, and the folder its files' keys are relative to.
fn stored_manifest(env: &TestEnv, link: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let (_, rest) = link.split_once("/.s3share/e2e/").unwrap();
    let id = rest.split('/').next().unwrap();
    let root = env
        .server
        .object_path("bkt", &format!(".s3share/e2e/{id}/x"));
    let root = root.parent().unwrap().to_owned();
    let manifest = files_under(&root)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == "manifest"))
        .expect("a manifest");
    (manifest, root)
}

#[test]
fn an_independent_rfc_8188_decoder_reads_the_manifest_and_every_file() {
    let Some(python) = http_ece() else { return };
    let env = env();
    let link = share(&env);
    let key = link.split_once('#').unwrap().1;
    let (manifest, root) = stored_manifest(&env, &link);
    let checked = ece_folder(
        &python,
        &[
            "check",
            key,
            manifest.to_str().unwrap(),
            root.to_str().unwrap(),
        ],
    );
    assert!(checked.status.success(), "{}", stderr(&checked));
    let said: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(said["name"], "photos");
    let mut names: Vec<String> = said["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect();
    let mut want: Vec<String> = TREE.iter().map(|(n, _)| (*n).to_owned()).collect();
    names.sort();
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn names_in_a_manifest_that_would_escape_are_refused_and_nothing_lands_outside() {
    let Some(python) = http_ece() else { return };
    let env = env();
    let link = share(&env);
    let key = link.split_once('#').unwrap().1;
    let (manifest, _) = stored_manifest(&env, &link);
    let renames = r#"{"a.txt": "../escape.txt", "empty.bin": "/absolute.txt"}"#;
    let renamed = ece_folder(
        &python,
        &["rename", key, manifest.to_str().unwrap(), renames],
    );
    assert!(renamed.status.success(), "{}", stderr(&renamed));
    let out = env.home().join("box").join("out");
    let got = get(&env, &[&link, "-o", &format!("{}/", out.display())]);
    assert!(!got.status.success(), "{}", stderr(&got));
    assert!(stderr(&got).contains("escape.txt"), "{}", stderr(&got));
    assert!(!env.home().join("box/escape.txt").exists());
    assert!(!std::path::Path::new("/absolute.txt").exists());
    assert!(
        out.join("sub dir/deeper/b.bin").is_file(),
        "{}",
        stderr(&got)
    );
    // In a zip: `..` left out, the absolute name made relative, as for any folder.
    let zip = env.home().join("box/hostile.zip");
    let got = get(&env, &[&link, "--zip", zip.to_str().unwrap()]);
    assert!(stderr(&got).contains("escape.txt"), "{}", stderr(&got));
}

// ---------- In a browser ----------

use crate::browser::{browser, downloading_tab, screenshot, wait_for, wait_for_download, Saving};

/// A folder of tricky names (spaces, the same name in NFC and NFD, an empty file, nested
/// folders, a name Windows cannot hold, a file of several records) shared with
/// `upload --encrypt`: its link.
fn tricky_encrypted_folder(env: &TestEnv) -> String {
    env.write_tree(
        "photos",
        &[
            ("a b.txt", 11),
            ("caf\u{e9}.txt", 9),
            ("cafe\u{301}.txt", 10),
            ("empty", 0),
            ("raw/CON.txt", 13),
            ("sub dir/deeper/\u{65e5}\u{672c}.bin", 5000),
            ("sub dir/x.bin", 2 * 1024 * 1024 + 1),
        ],
    );
    let up = env.run(&["upload", "--encrypt", "photos", "--to", "s3://bkt"]);
    assert!(up.status.success(), "{}", stderr(&up));
    stdout(&up).trim().to_owned()
}

#[test]
fn a_browser_downloads_an_encrypted_folder_as_the_very_zip_get_writes_and_one_file_alone() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let link = tricky_encrypted_folder(&env);
    let from_get = env.home().join("from-get.zip");
    let got = env.run(&["get", &link, "--zip", from_get.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    let want = std::fs::read(&from_get).unwrap();
    // Every CRC-32 came from the manifest: no data descriptor.
    assert!(!want.windows(4).any(|w| w == 0x0807_4b50u32.to_le_bytes()));

    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Worker);
    let (state, status) = crate::browser::download_all(&tab, &link);
    assert_eq!(state, "done", "{status}");
    let saved = wait_for_download(downloads.path(), "photos.zip", want.len());
    assert!(saved == want, "the page's zip differs from get --zip's");
    // The key left the address bar; the names are on the page, decrypted.
    let seen = tab
        .evaluate(
            "JSON.stringify([location.href, document.getElementById('name').textContent, document.getElementById('files').textContent, document.getElementById('all-changes').textContent])",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let seen = seen.as_str().unwrap();
    assert!(!seen.contains('#'), "{seen}");
    assert!(seen.contains("\"photos\""), "{seen}");
    assert!(seen.contains("x.bin") && seen.contains("a b.txt"), "{seen}");
    assert!(seen.contains("CON_.txt"), "{seen}");
    screenshot(&tab, "encrypted-folder-page.png");

    // One file alone, decrypted by the worker, under its own name.
    save_x_bin(
        &tab,
        downloads.path(),
        "document.body.dataset.state === 'done' && document.getElementById('status').textContent.indexOf('x.bin') >= 0",
    );
}

#[test]
fn an_encrypted_folder_page_with_a_wrong_key_says_so_and_lists_nothing() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let link = tricky_encrypted_folder(&env);
    let (page, _) = link.split_once('#').unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Worker);
    for (wrong, said) in [
        (format!("{page}#AAAAAAAAAAAAAAAAAAAAAA"), "does not open"),
        (page.to_owned(), "missing its key"),
    ] {
        tab.navigate_to(&wrong)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        wait_for(&tab, "document.body.dataset.state === 'locked'");
        let seen = tab
            .evaluate(
                "JSON.stringify([document.getElementById('problem').textContent, document.getElementById('files').hidden, document.getElementById('all').hidden])",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        let seen = seen.as_str().unwrap();
        assert!(seen.contains(said), "{seen}");
        assert!(seen.ends_with("true,true]"), "{seen}");
    }
}

#[test]
fn a_browser_saves_an_encrypted_folder_into_a_folder_it_picks_decrypted() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let link = tricky_encrypted_folder(&env);
    let tab = crate::browser::picking_tab(&browser, &link);
    let said = crate::browser::save_into_folder(&tab);
    assert_eq!(said, "done: Done: 7 saved, 0 already there.");
    let files = crate::browser::opfs_files(&tab);
    let large = format!(
        "sub dir/x.bin\t{}",
        support::sha256(&support::data(2 * 1024 * 1024 + 1))
    );
    assert!(files.contains(&large), "{files:?}");
    assert!(
        files.contains(&format!(
            "raw/CON_.txt\t{}",
            support::sha256(&support::data(13))
        )),
        "{files:?}"
    );
    assert_eq!(files.len(), 7, "{files:?}");
}

#[test]
fn a_browser_without_service_workers_saves_one_file_in_memory_and_is_told_how_to_get_the_folder() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let link = tricky_encrypted_folder(&env);
    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Blob);
    let said = crate::browser::without_workers(&tab, &link);
    assert!(said.contains("cannot decrypt files here"), "{said}");
    assert!(said.contains("#PART' -o DIR/"), "{said}");
    // The list is there (decrypted in the page); one file is decrypted in the page's memory.
    save_x_bin(
        &tab,
        downloads.path(),
        "['done', 'failed'].indexOf(document.body.dataset.state) >= 0",
    );
}

/// Clicks x.bin in the list, waits for `until`, and checks the file saved in `downloads`.
fn save_x_bin(tab: &headless_chrome::Tab, downloads: &std::path::Path, until: &str) {
    tab.evaluate(
        "Array.prototype.find.call(document.querySelectorAll('#files a'), function (a) { return a.textContent === 'x.bin'; }).click()",
        false,
    )
    .unwrap();
    wait_for(tab, until);
    let one = wait_for_download(downloads, "x.bin", 2 * 1024 * 1024 + 1);
    assert!(one == support::data(2 * 1024 * 1024 + 1), "x.bin differs");
}
