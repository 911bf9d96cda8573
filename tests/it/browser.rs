//! The pages in a real browser: headless Chromium (Debian's `chromium`, which `.ci/run`
//! installs) driven through the DevTools protocol. A file request page uploads two files through
//! its POST policy to s3s-fs; the bytes are checked on the server's disk.
//!
//! Without Chromium the tests say so and pass, except in CI (`CI` set), where a missing browser
//! is a failure: CI must never pass without running them.

use crate::support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions, Tab};
use support::{stderr, TestEnv};

/// Chromium, from `CHROMIUM` or the usual places.
fn chromium() -> Option<PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            [
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
            ]
            .map(PathBuf::from),
        )
        .find(|p| p.exists())
}

/// A headless browser, or `None` (with a note) where none is installed outside CI.
pub fn browser() -> Option<Browser> {
    let Some(path) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is missing in CI: .ci/run installs it (apt-get install chromium)"
        );
        eprintln!("note: no Chromium here (set CHROMIUM or apt-get install chromium); browser test not run");
        return None;
    };
    let args: Vec<&OsStr> = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
        "--disable-quic",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((900, 1000)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .unwrap();
    Some(Browser::new(options).expect("start Chromium"))
}

/// Waits until `expression` (JavaScript) is true in the page.
pub fn wait_for(tab: &Tab, expression: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let value = tab.evaluate(expression, false).unwrap().value;
        if value == Some(serde_json::Value::Bool(true)) {
            return;
        }
        if Instant::now() > deadline {
            let state = tab
                .evaluate("document.getElementById('status') && document.getElementById('status').textContent", false)
                .ok()
                .and_then(|v| v.value);
            panic!("timed out waiting for {expression}; status: {state:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Saves a screenshot of the page when `S3SHARE_SCREENSHOTS` names a directory (`docs`).
pub(crate) fn screenshot(tab: &Tab, name: &str) {
    let Some(dir) = std::env::var_os("S3SHARE_SCREENSHOTS") else {
        return;
    };
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::write(Path::new(&dir).join(name), png).unwrap();
}

/// Keys stored under `prefix`, from the server's disk.
fn stored_under(env: &TestEnv, prefix: &str) -> Vec<String> {
    let root = env.server.object_path("bkt", "");
    let mut found: Vec<String> = support::files_under(&root)
        .iter()
        .map(|path| {
            path.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|key| key.starts_with(prefix))
        .collect();
    found.sort();
    found
}

#[test]
fn a_browser_uploads_two_files_through_a_request_page() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let output = env.run(&[
        "request",
        "--json",
        "s3://bkt/incoming/",
        "--max-size",
        "1MiB",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim()).unwrap();
    let link = record["url"].as_str().unwrap();
    let report = env.file("Q3 report.pdf", b"%PDF-1.7 quarterly");
    let photo = env.file(
        "<img onerror=alert(1)>.png",
        &[0x89, b'P', b'N', b'G', 1, 2, 3],
    );

    let tab = browser.new_tab().unwrap();
    tab.navigate_to(link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let input = tab.wait_for_element("#file-input").unwrap();
    input
        .set_input_files(&[report.to_str().unwrap(), photo.to_str().unwrap()])
        .unwrap();
    wait_for(&tab, "document.body.dataset.state === 'done'");
    // The name was shown as text, not run as markup.
    let injected = tab
        .evaluate("document.querySelectorAll('#file-list img').length", false)
        .unwrap()
        .value;
    assert_eq!(injected, Some(serde_json::json!(0)));
    screenshot(&tab, "request-page.png");

    let keys = stored_under(&env, "incoming/");
    assert_eq!(keys.len(), 2, "{keys:?}");
    let batch = keys[0].rsplit_once('/').unwrap().0.to_owned();
    assert_eq!(
        env.stored(&format!("{batch}/Q3 report.pdf")).unwrap(),
        b"%PDF-1.7 quarterly"
    );
    let photo_key = keys.iter().find(|k| k.ends_with(".png")).unwrap();
    assert_eq!(
        env.stored(photo_key).unwrap(),
        [0x89, b'P', b'N', b'G', 1, 2, 3]
    );
}

#[test]
fn a_browser_explains_a_file_above_the_limit() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let output = env.run(&["request", "--json", "s3://bkt/in/", "--max-size", "10"]);
    let record: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim()).unwrap();
    let big = env.file("big.bin", &[0u8; 11]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(record["url"].as_str().unwrap())
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#file-input")
        .unwrap()
        .set_input_files(&[big.to_str().unwrap()])
        .unwrap();
    wait_for(
        &tab,
        "!!document.querySelector('li.file[data-state=\"too-large\"]')",
    );
    assert!(stored_under(&env, "in/").is_empty());
    // Every page names files by the one rule of common.js, the rule `file_name.rs` applies in
    // Rust, on the table both are tested on; and shows times the same way.
    let table = include_str!("../data/file-names.json");
    let names = tab
        .evaluate(
            &format!(
                "JSON.stringify({table}.map(function (pair) {{ \
                 return [pair[0], s3shareSafeName(pair[0])]; }}))"
            ),
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let named: Vec<(String, String)> = serde_json::from_str(names.as_str().unwrap()).unwrap();
    let expected: Vec<(String, String)> = serde_json::from_str(table).unwrap();
    assert_eq!(named.len(), expected.len());
    for ((given, saved), (_, wanted)) in named.iter().zip(&expected) {
        assert_eq!(saved, wanted, "s3shareSafeName({given:?})");
    }
    let times = tab
        .evaluate(
            r#"JSON.stringify([s3shareTime('2026-11-29T14:05:12Z'), s3shareTime('soon\u001b[31m')])"#,
            false,
        )
        .unwrap()
        .value;
    assert_eq!(
        times,
        Some(serde_json::json!(r#"["2026-11-29 14:05 UTC","soon[31m"]"#))
    );
}

#[test]
fn a_browser_shows_a_folder_page_whose_links_work() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    env.put_object("event/photos/day one/IMG_0001.jpg", b"jpeg one");
    env.put_object("event/photos/IMG_0002 <b>.jpg", b"jpeg two");
    env.put_object("event/photos/notes.txt", b"notes");
    let link = env.url(&["share", "s3://bkt/event/photos/"]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#files").unwrap();
    // folder.js ran under the page's CSP: it added the filter.
    tab.wait_for_element("#filter").unwrap();
    let names = tab
        .evaluate(
            "Array.from(document.querySelectorAll('tr.file a')).map(a => a.textContent).join('|')",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    assert_eq!(names, "IMG_0002 <b>.jpg|notes.txt|IMG_0001.jpg");
    screenshot(&tab, "folder-page.png");
    // Each link works on its own, for anyone: fetch one as a browser's click would.
    let href = tab
        .evaluate(
            "document.querySelector('tr.file[data-path=\"day one/IMG_0001.jpg\"] a').href",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let response = support::http().get(href.as_str().unwrap()).send().unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("IMG_0001.jpg"));
    assert_eq!(response.bytes().unwrap().as_ref(), b"jpeg one");
}

// ---------- End-to-end encrypted shares ----------

/// Shares `body` as `name` with `upload --encrypt`: the link (the key in its fragment) and the
/// share's id.
fn encrypted_share(env: &TestEnv, name: &str, body: &[u8]) -> (String, String) {
    let file = env.file(name, body);
    let output = env.run(&[
        "upload",
        "--encrypt",
        file.to_str().unwrap(),
        "--to",
        "s3://bkt",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&output.stdout).trim()).unwrap();
    let link = record["url"].as_str().unwrap().to_owned();
    assert!(
        link.contains("/index.html?") && link.contains('#'),
        "{link}"
    );
    (link, record["id"].as_str().unwrap().to_owned())
}

/// The ways of saving a page may use, as a test leaves them to it.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Saving {
    /// No save dialog: the share's service worker.
    Worker,
    /// Neither a save dialog nor service workers: a Blob.
    Blob,
}

/// A tab that saves downloads into `dir`, records every CSP violation in
/// `window.s3shareViolations`, and offers the page only the ways of saving `saving` allows
/// (set up before any script of the page runs, outside its CSP).
pub(crate) fn downloading_tab(
    browser: &Browser,
    dir: &Path,
    saving: Saving,
) -> std::sync::Arc<Tab> {
    use headless_chrome::protocol::cdp::{Browser as CdpBrowser, Page};
    let tab = browser.new_tab().unwrap();
    tab.call_method(CdpBrowser::SetDownloadBehavior {
        behavior: CdpBrowser::SetDownloadBehaviorBehaviorOption::Allow,
        browser_context_id: None,
        download_path: Some(dir.to_str().unwrap().to_owned()),
        events_enabled: None,
    })
    .unwrap();
    let mut source = String::from(
        "window.s3shareViolations = [];\n\
         document.addEventListener('securitypolicyviolation', function (e) {\n\
           window.s3shareViolations.push(e.violatedDirective + ' ' + e.blockedURI);\n\
         });\n\
         Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true, writable: true });\n",
    );
    if saving == Saving::Blob {
        source.push_str(
            "Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: function () { return undefined; }, configurable: true });\n",
        );
    }
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source,
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
    tab
}

/// Opens an encrypted share's link, waits for the file's details, clicks Download and waits
/// until the page says how it ended (`done` or `failed`); returns that and the status text.
pub(crate) fn download_through_page(tab: &Tab, link: &str, method: &str) -> (String, String) {
    tab.navigate_to(link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(tab, "document.body.dataset.state === 'ready'");
    // The key left the address bar; the page keeps it in memory.
    let address = tab.evaluate("location.href", false).unwrap().value.unwrap();
    assert!(!address.as_str().unwrap().contains('#'), "{address}");
    if method == "worker" {
        // Registered as the details opened; active before the click is not required.
        wait_for(tab, "document.body.dataset.method === 'worker'");
    }
    tab.wait_for_element("#download").unwrap().click().unwrap();
    wait_for(
        tab,
        "['done', 'failed'].indexOf(document.body.dataset.state) >= 0",
    );
    let value = |expression: &str| {
        tab.evaluate(expression, false)
            .unwrap()
            .value
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    assert_eq!(value("document.body.dataset.method"), method);
    assert_eq!(
        value("JSON.stringify(window.s3shareViolations)"),
        "[]",
        "the page broke its CSP"
    );
    (
        value("document.body.dataset.state"),
        value("document.getElementById('status').textContent"),
    )
}

/// Waits until `dir` holds `name` with `len` bytes and nothing unfinished beside it.
pub(crate) fn wait_for_download(dir: &Path, name: &str, len: usize) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let entries = support::entries(dir);
        let finished = entries.iter().all(|e| !e.ends_with(".crdownload"));
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            if finished && bytes.len() == len {
                return bytes;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no complete {name} in the download directory: {entries:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_browser_decrypts_an_encrypted_share_through_its_service_worker() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    // Five records, the last one short.
    let body = support::data(300 * 1024);
    let (link, _) = encrypted_share(&env, "Contract 2026 (signed).pdf", &body);
    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Worker);
    let (state, status) = download_through_page(&tab, &link, "worker");
    assert_eq!(state, "done", "{status}");
    assert!(status.contains("verified"), "{status}");
    let saved = wait_for_download(downloads.path(), "Contract 2026 (signed).pdf", body.len());
    assert_eq!(support::sha256(&saved), support::sha256(&body));
    let name = tab
        .evaluate("document.getElementById('name').textContent", false)
        .unwrap()
        .value;
    assert_eq!(name, Some(serde_json::json!("Contract 2026 (signed).pdf")));
    // The decrypted name stays out of the title, and so out of the browser's history.
    let title = tab.evaluate("document.title", false).unwrap().value;
    assert_eq!(title, Some(serde_json::json!("Encrypted file")));
    // As a person sees it once done, the pointer off the button.
    tab.move_mouse_to_point(headless_chrome::browser::tab::point::Point { x: 5.0, y: 5.0 })
        .unwrap();
    screenshot(&tab, "encrypted-page.png");
}

#[test]
fn a_browser_without_service_workers_decrypts_into_a_blob() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    // Three records, the last one exactly full.
    let body = support::data(3 * 65519);
    let (link, _) = encrypted_share(&env, "full records.bin", &body);
    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Blob);
    let (state, status) = download_through_page(&tab, &link, "blob");
    assert_eq!(state, "done", "{status}");
    let saved = wait_for_download(downloads.path(), "full records.bin", body.len());
    assert_eq!(support::sha256(&saved), support::sha256(&body));
}

#[test]
fn a_large_share_without_service_workers_gives_the_command_but_never_writes_the_key() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    // Just above what the page holds in memory without a warning (256 MiB); sparse, so cheap.
    let file = env.home().join("large.bin");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(256 * 1024 * 1024 + 1)
        .unwrap();
    let output = env.run(&[
        "upload",
        "--encrypt",
        file.to_str().unwrap(),
        "--to",
        "s3://bkt",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let link = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let key = link.split_once('#').unwrap().1.to_owned();
    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Blob);
    tab.navigate_to(&link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!document.getElementById('large').hidden");
    let html = tab
        .evaluate("document.documentElement.outerHTML", false)
        .unwrap()
        .value
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(html.contains("s3share get"), "{html}");
    assert!(
        !html.contains(&key),
        "the page wrote the key back into itself"
    );
}

/// Flips one byte in the third record of share `id`'s stored data.
fn tamper(env: &TestEnv, id: &str) {
    let path = env
        .server
        .object_path("bkt", &format!(".s3share/e2e/{id}/data"));
    let mut stored = std::fs::read(&path).unwrap();
    stored[21 + 2 * 65536 + 100] ^= 0x01;
    std::fs::write(&path, stored).unwrap();
}

#[test]
fn a_tampered_share_leaves_no_complete_file_and_the_page_says_why() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let body = support::data(300 * 1024);
    let (link, id) = encrypted_share(&env, "report.txt", &body);
    tamper(&env, &id);
    for saving in [Saving::Worker, Saving::Blob] {
        let downloads = tempfile::tempdir().unwrap();
        let tab = downloading_tab(&browser, downloads.path(), saving);
        let method = if saving == Saving::Worker {
            "worker"
        } else {
            "blob"
        };
        let (state, status) = download_through_page(&tab, &link, method);
        assert_eq!(state, "failed", "{method}: {status}");
        assert!(
            status.contains("changed or cut short") && status.contains("part 3"),
            "{method}: {status}"
        );
        // Whatever the browser left of a failed download, never the file under its name.
        std::thread::sleep(Duration::from_millis(1500));
        let left = support::entries(downloads.path());
        assert!(
            !left.iter().any(|name| name == "report.txt"),
            "{method}: {left:?}"
        );
        for name in &left {
            let len = std::fs::metadata(downloads.path().join(name))
                .unwrap()
                .len();
            assert!(len < body.len() as u64, "{method}: {name} is {len} bytes");
        }
    }
}

#[test]
fn an_encrypted_share_without_its_key_says_what_is_missing() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let (link, _) = encrypted_share(&env, "a.txt", b"secret words");
    let (page, key) = link.split_once('#').unwrap();
    let other = if key.starts_with('A') { "B" } else { "A" };
    for (url, says) in [
        (page.to_owned(), "missing its key"),
        (format!("{page}#{key}xyz"), "is damaged"),
        (format!("{page}#{other}{}", &key[1..]), "does not open"),
    ] {
        // A tab each: from one link to another that differs only after # a tab stays on the page.
        let tab = browser.new_tab().unwrap();
        tab.navigate_to(&url)
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        wait_for(&tab, "document.body.dataset.state === 'locked'");
        let problem = tab
            .evaluate("document.getElementById('problem').textContent", false)
            .unwrap()
            .value
            .unwrap();
        assert!(problem.as_str().unwrap().contains(says), "{problem}");
        assert!(problem.as_str().unwrap().contains('#'), "{problem}");
    }
}

// ---------- Folder pages: Download all ----------

/// A folder of tricky names (spaces, the same name in NFC and NFD, an empty file, nested
/// folders, a name Windows cannot hold) in `bkt/mix/photos/`: uploaded with `--share-folder`
/// (their CRC-32s in the page: no data descriptors), beside objects stored by someone else (no
/// CRC-32: data descriptors). The page's link.
fn tricky_folder(env: &TestEnv) -> String {
    env.put_object("mix/photos/cafe\u{301}.txt", b"decomposed");
    env.put_object("mix/photos/raw/CON.txt", b"a device name");
    env.put_object("mix/photos/raw/large.bin", &support::data(700 * 1024 + 3));
    env.write_tree(
        "photos",
        &[
            ("a b.txt", 11),
            ("caf\u{e9}.txt", 9),
            ("empty", 0),
            ("sub dir/deeper/\u{65e5}\u{672c}.bin", 5000),
            ("sub dir/x.bin", 2 * 1024 * 1024 + 1),
        ],
    );
    let up = env.run(&[
        "upload",
        "photos",
        "--to",
        "s3://bkt/mix/",
        "--share-folder",
    ]);
    assert!(up.status.success(), "{}", stderr(&up));
    String::from_utf8_lossy(&up.stdout)
        .lines()
        .find(|l| l.contains(".s3share/shares/"))
        .expect("the page's link")
        .trim()
        .to_owned()
}

/// Opens a folder page, clicks Download all once the worker is ready, and waits until the page
/// says how it ended; returns that and the status text.
pub(crate) fn download_all(tab: &Tab, link: &str) -> (String, String) {
    tab.navigate_to(link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // The worker is registered as the page opens; a click before it is active waits for it.
    wait_for(tab, "document.getElementById('all').hidden === false");
    tab.wait_for_element("#download-all")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        tab,
        "['done', 'failed'].indexOf(document.body.dataset.state) >= 0",
    );
    let value = |expression: &str| {
        tab.evaluate(expression, false)
            .unwrap()
            .value
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    assert_eq!(
        value("JSON.stringify(window.s3shareViolations)"),
        "[]",
        "the page broke its CSP"
    );
    (
        value("document.body.dataset.state"),
        value("document.getElementById('status').textContent"),
    )
}

#[test]
fn a_browser_downloads_a_whole_folder_as_the_very_zip_get_writes() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let link = tricky_folder(&env);
    let from_get = env.home().join("from-get.zip");
    let got = env.run(&["get", &link, "--zip", from_get.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    let want = std::fs::read(&from_get).unwrap();

    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Worker);
    let (state, status) = download_all(&tab, &link);
    assert_eq!(state, "done", "{status}");
    let saved = wait_for_download(downloads.path(), "photos.zip", want.len());
    assert!(saved == want, "the page's zip differs from get --zip's");
    // Both layouts: the three files stored by someone else have data descriptors, the five
    // uploaded ones (CRC-32 in the page) none.
    let descriptors = saved
        .windows(4)
        .filter(|w| *w == 0x0807_4b50u32.to_le_bytes())
        .count();
    assert_eq!(descriptors, 3);
    screenshot(&tab, "folder-download-all.png");
    // The page said what it renamed.
    let changes = tab
        .evaluate("document.getElementById('all-changes').textContent", false)
        .unwrap()
        .value
        .unwrap();
    let changes = changes.as_str().unwrap();
    assert!(changes.contains("CON_.txt"), "{changes}");
    assert!(changes.contains("caf\u{e9} (2).txt"), "{changes}");
    if std::process::Command::new("unzip")
        .arg("-v")
        .output()
        .is_ok()
    {
        let test = std::process::Command::new("unzip")
            .args(["-t", downloads.path().join("photos.zip").to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            test.status.success(),
            "{}",
            String::from_utf8_lossy(&test.stdout)
        );
    }
}

#[test]
fn a_browser_without_service_workers_is_told_how_to_get_the_files() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    env.put_object("f/a.txt", b"a");
    let link = env.url(&["share", "s3://bkt/f/"]);
    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Blob);
    let said = without_workers(&tab, &link);
    assert!(said.contains("one at a time"), "{said}");
    assert!(said.contains("--zip"), "{said}");
}

/// Opens the folder page at `link` in `tab` (a browser without service workers) and waits until
/// it says it cannot build the zip; returns what it says, having checked that it hid the button.
pub(crate) fn without_workers(tab: &Tab, link: &str) -> String {
    tab.navigate_to(link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(
        tab,
        "document.getElementById('all').dataset.method === 'none'",
    );
    let said = tab
        .evaluate(
            "JSON.stringify([document.getElementById('download-all').hidden, document.getElementById('all-note').textContent])",
            false,
        )
        .unwrap()
        .value
        .unwrap();
    let said = said.as_str().unwrap().to_owned();
    assert!(said.starts_with("[true,"), "{said}");
    said
}

/// The resident memory of `pid` and all its descendants, in bytes (Linux `/proc`).
pub(crate) fn tree_rss(pid: u32) -> u64 {
    let mut total = 0;
    let mut pending = vec![pid];
    while let Some(pid) = pending.pop() {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        if let Some(kib) = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            total += kib * 1024;
        }
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        pending.extend(
            children
                .split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok()),
        );
    }
    total
}

/// Samples the browser's resident memory (from `before`) and the page's JavaScript heap until
/// the page's state is `done` (or fails the test if it is `failed`, or after 30 minutes): the
/// peaks, in bytes.
pub(crate) fn peaks_until_done(tab: &Tab, pid: u32, before: u64) -> (u64, f64) {
    let start = Instant::now();
    let (mut peak, mut heap) = (before, 0f64);
    loop {
        peak = peak.max(tree_rss(pid));
        let used = tab
            .evaluate("performance.memory.usedJSHeapSize", false)
            .unwrap()
            .value
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        heap = heap.max(used);
        let state = tab
            .evaluate("document.body.dataset.state", false)
            .unwrap()
            .value;
        if state == Some(serde_json::json!("done")) {
            return (peak, heap);
        }
        assert_ne!(state, Some(serde_json::json!("failed")));
        assert!(
            start.elapsed() < Duration::from_secs(1800),
            "not done: {state:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Throughput and memory of Download all for a folder of mixed sizes
/// (`S3SHARE_MEASURE_MIB`, 300 by default): run with `--ignored --nocapture`.
#[test]
#[ignore = "a measurement: minutes and gigabytes"]
fn measure_download_all() {
    measure_folder(false);
}

#[test]
#[ignore = "a measurement: minutes and gigabytes"]
fn measure_encrypted_download_all() {
    measure_folder(true);
}

/// Download all of a folder of mixed sizes (`S3SHARE_MEASURE_MIB`, 300 by default) in Chromium:
/// time, browser memory and page heap, and whether the zip is `get --zip`'s; an encrypted folder
/// (`upload --encrypt`) or a folder page (`share PREFIX/`).
fn measure_folder(encrypted: bool) {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let target: usize = std::env::var("S3SHARE_MEASURE_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
        << 20;
    // Mixed sizes: a few large files, some medium, many small; the same bytes for each size.
    let sizes = [64 << 20, 8 << 20, 1 << 20, 100 << 10, 4 << 10];
    let blobs: Vec<Vec<u8>> = sizes.iter().map(|&s| support::data(s)).collect();
    let (mut total, mut count) = (0, 0);
    'fill: loop {
        for (round, (size, blob)) in sizes.iter().zip(&blobs).enumerate() {
            let copies = [1, 3, 16, 60, 200][round];
            for _ in 0..copies {
                if total + sizes[sizes.len() - 1] > target {
                    break 'fill;
                }
                if total + size > target {
                    break;
                }
                let name = format!("f{count:05}-{size}.bin");
                if encrypted {
                    let path = env.home().join("big").join(name);
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(path, blob).unwrap();
                } else {
                    env.put_object(&format!("m/big/{name}"), blob);
                }
                total += size;
                count += 1;
            }
        }
    }
    let link = if encrypted {
        let up = env.run(&["upload", "--encrypt", "big", "--to", "s3://bkt"]);
        assert!(up.status.success(), "{}", stderr(&up));
        std::fs::remove_dir_all(env.home().join("big")).unwrap();
        String::from_utf8_lossy(&up.stdout).trim().to_owned()
    } else {
        env.url(&["share", "s3://bkt/m/big/"])
    };
    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Worker);
    tab.navigate_to(&link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "document.getElementById('all').hidden === false");
    // The JavaScript CRC-32 alone, on 256 MiB in 1 MiB pieces (as a fetch delivers them).
    let crc_speed = tab
        .evaluate(
            "(function () { var b = new Uint8Array(1 << 20); for (var i = 0; i < b.length; i += 1) { b[i] = i * 7; } \
             var c = new s3shareZip.Crc32(); var t = performance.now(); \
             for (var n = 0; n < 256; n += 1) { c.update(b); } return 256 / ((performance.now() - t) / 1000); }())",
            false,
        )
        .unwrap()
        .value
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let pid = browser.get_process_id().unwrap();
    let before = tree_rss(pid);
    let start = Instant::now();
    tab.wait_for_element("#download-all")
        .unwrap()
        .click()
        .unwrap();
    let (peak, heap) = peaks_until_done(&tab, pid, before);
    let seconds = start.elapsed().as_secs_f64();
    let zip = downloads.path().join("big.zip");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !zip.exists()
        || support::entries(downloads.path())
            .iter()
            .any(|e| e.ends_with(".crdownload"))
    {
        assert!(Instant::now() < deadline, "no zip");
        std::thread::sleep(Duration::from_millis(100));
    }
    let len = std::fs::metadata(&zip).unwrap().len();
    // Compared by SHA-256, the page's zip gone first: disk space is what limits this.
    let page_sha = support::sha256(&std::fs::read(&zip).unwrap());
    std::fs::remove_file(&zip).unwrap();
    let get_start = Instant::now();
    let from_get = env.home().join("get.zip");
    let got = env.run(&["get", &link, "--zip", from_get.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    let get_seconds = get_start.elapsed().as_secs_f64();
    let same = support::sha256(&std::fs::read(&from_get).unwrap()) == page_sha;
    eprintln!(
        "measure ({}): {count} files, {} MiB zip in {seconds:.1} s = {:.0} MiB/s in Chromium; \
         browser RSS {} MiB before, {} MiB peak; page JS heap peak {:.1} MiB; \
         get --zip {get_seconds:.1} s = {:.0} MiB/s; same bytes: {same}; \
         JavaScript CRC-32 {crc_speed:.0} MiB/s",
        if encrypted {
            "encrypted folder"
        } else {
            "folder page"
        },
        len >> 20,
        len as f64 / 1048576.0 / seconds,
        before >> 20,
        peak >> 20,
        heap / 1048576.0,
        len as f64 / 1048576.0 / get_seconds,
    );
    assert!(same);
}

/// `zip.js` writes the Zip64 records `src/zip` writes (the numbers are those of the unit test
/// `zip::format::tests::zip64_records_the_page_script_must_match`): a page's zip of a folder
/// past 4 GiB or 65,535 files is the CLI's too, without downloading 4 GiB here.
#[test]
fn a_folder_pages_zip_script_writes_the_zip64_records_the_cli_writes() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    env.put_object("f/a.txt", b"a");
    let link = env.url(&["share", "s3://bkt/f/"]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "typeof s3shareZip === 'object'");
    let script = r#"(function () {
        var R = s3shareZip.records;
        function file(name, modified, size, crc32) {
          return { name: name, modified: modified, dir: false, size: size, crc32: crc32 };
        }
        var big = file('big/\u00e9t\u00e9.bin', 1700000000, 4294967295 + 7, null);
        var known = file('k', -5, 4294967295, 0xDEADBEEF);
        var parts = [R.localHeader(big), R.descriptor(big, 0x12345678), R.localHeader(known),
          R.centralRecord(big, 4294967295 + 100, 0x12345678), R.centralRecord(known, 3, 0xDEADBEEF),
          R.endRecords(70000, 5000000000, 1000000), R.endRecords(3, 100, 46)];
        var all = new Uint8Array(parts.reduce(function (n, p) { return n + p.length; }, 0));
        var at = 0;
        parts.forEach(function (p) { all.set(p, at); at += p.length; });
        var entries = [file('big/\u00e9t\u00e9.bin', 1700000000, 4294967295 + 7, null), file('k', -5, 4294967295, 0xDEADBEEF)];
        for (var i = 0; i < 70000; i += 1) {
          entries.push(file('e' + i, 1700000000, 0, null));
        }
        var length = s3shareZip.predictedLength(entries);
        return crypto.subtle.digest('SHA-256', all).then(function (digest) {
          return Array.prototype.map.call(new Uint8Array(digest), function (b) {
            return ('0' + b.toString(16)).slice(-2);
          }).join('') + ' ' + length;
        });
      }())"#;
    let got = tab.evaluate(script, true).unwrap().value.unwrap();
    assert_eq!(
        got.as_str().unwrap(),
        "8ff711f1ba2dc355709c38ad219924bc2f0344ce881149983e6824971599707b 8598172785"
    );
}

#[test]
fn a_browser_fails_the_zip_of_a_file_that_is_not_what_the_page_says() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let link = tricky_folder(&env);
    env.spoil_first_crc_of_page(&link);

    let downloads = tempfile::tempdir().unwrap();
    let tab = downloading_tab(&browser, downloads.path(), Saving::Worker);
    let (state, status) = download_all(&tab, &link);
    assert_eq!(state, "failed", "{status}");
    assert!(status.contains("CRC-32"), "{status}");
    // Whatever the browser left of the failed download, never a zip under its name.
    std::thread::sleep(Duration::from_secs(1));
    let left = support::entries(downloads.path());
    assert!(!left.iter().any(|e| e == "photos.zip"), "{left:?}");
}

/// The files of the origin-private file system under `dir` ('' for its root), as
/// `name<TAB>sha256` lines, sorted (evaluated in a page of that origin).
pub(crate) fn opfs_files(tab: &Tab) -> Vec<String> {
    let script = r#"(function () {
        var lines = [];
        function walk(handle, prefix) {
          var work = [];
          return (async function () {
            for await (const [name, child] of handle.entries()) {
              if (child.kind === 'directory') {
                work.push(walk(child, prefix + name + '/'));
              } else {
                work.push(child.getFile().then(function (file) { return file.arrayBuffer(); })
                  .then(function (bytes) { return crypto.subtle.digest('SHA-256', bytes); })
                  .then(function (digest) {
                    lines.push(prefix + name + '\t' + Array.prototype.map.call(new Uint8Array(digest),
                      function (b) { return ('0' + b.toString(16)).slice(-2); }).join(''));
                  }));
              }
            }
            return Promise.all(work);
          }());
        }
        return navigator.storage.getDirectory().then(function (root) { return walk(root, ''); })
          .then(function () { return lines.sort().join('\n'); });
      }())"#;
    let value = tab.evaluate(script, true).unwrap().value.unwrap();
    value.as_str().unwrap().lines().map(str::to_owned).collect()
}

/// A tab on the folder page at `link` whose folder picker answers with the origin's private
/// file system (which `opfs_files` reads back), recording CSP violations.
pub(crate) fn picking_tab(browser: &Browser, link: &str) -> std::sync::Arc<Tab> {
    use headless_chrome::protocol::cdp::Page;
    let tab = browser.new_tab().unwrap();
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: "window.showDirectoryPicker = function () { return navigator.storage.getDirectory(); };\n\
                 window.s3shareViolations = [];\n\
                 document.addEventListener('securitypolicyviolation', function (e) {\n\
                   window.s3shareViolations.push(e.violatedDirective + ' ' + e.blockedURI);\n\
                 });\n"
            .to_owned(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
    tab.navigate_to(link)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

/// Clicks "Save into a folder…" and waits for the end: `state: status`.
pub(crate) fn save_into_folder(tab: &Tab) -> String {
    wait_for(
        tab,
        "document.getElementById('save-folder').hidden === false",
    );
    tab.evaluate("document.body.removeAttribute('data-state')", false)
        .unwrap();
    tab.wait_for_element("#save-folder")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        tab,
        "['done', 'failed'].indexOf(document.body.dataset.state) >= 0",
    );
    tab.evaluate(
        "document.body.dataset.state + ': ' + document.getElementById('status').textContent",
        false,
    )
    .unwrap()
    .value
    .unwrap()
    .as_str()
    .unwrap()
    .to_owned()
}

#[test]
fn a_browser_saves_a_folder_into_a_folder_it_picks_and_a_second_run_skips_what_is_there() {
    let Some(browser) = browser() else { return };
    let env = TestEnv::new();
    let link = tricky_folder(&env);
    let tab = picking_tab(&browser, &link);
    let save = save_into_folder;
    let first = save(&tab);
    assert_eq!(first, "done: Done: 8 saved, 0 already there.");
    let mut want: Vec<String> = [
        ("a b.txt", support::data(11)),
        // Keys in order: the decomposed name sorts first and keeps it.
        ("caf\u{e9}.txt", b"decomposed".to_vec()),
        ("caf\u{e9} (2).txt", support::data(9)),
        ("empty", Vec::new()),
        ("raw/CON_.txt", b"a device name".to_vec()),
        ("raw/large.bin", support::data(700 * 1024 + 3)),
        ("sub dir/deeper/\u{65e5}\u{672c}.bin", support::data(5000)),
        ("sub dir/x.bin", support::data(2 * 1024 * 1024 + 1)),
    ]
    .iter()
    .map(|(name, bytes)| format!("{name}\t{}", support::sha256(bytes)))
    .collect();
    want.sort();
    assert_eq!(opfs_files(&tab), want);
    let again = save(&tab);
    assert_eq!(again, "done: Done: 0 saved, 8 already there.");
    let violations = tab
        .evaluate("JSON.stringify(window.s3shareViolations)", false)
        .unwrap()
        .value
        .unwrap();
    assert_eq!(violations.as_str().unwrap(), "[]");
}
