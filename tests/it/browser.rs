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
pub(crate) fn browser() -> Option<Browser> {
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
pub(crate) fn wait_for(tab: &Tab, expression: &str) {
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
fn screenshot(tab: &Tab, name: &str) {
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
enum Saving {
    /// No save dialog: the share's service worker.
    Worker,
    /// Neither a save dialog nor service workers: a Blob.
    Blob,
}

/// A tab that saves downloads into `dir`, records every CSP violation in
/// `window.s3shareViolations`, and offers the page only the ways of saving `saving` allows
/// (set up before any script of the page runs, outside its CSP).
fn downloading_tab(browser: &Browser, dir: &Path, saving: Saving) -> std::sync::Arc<Tab> {
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
fn download_through_page(tab: &Tab, link: &str, method: &str) -> (String, String) {
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
fn wait_for_download(dir: &Path, name: &str, len: usize) -> Vec<u8> {
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
