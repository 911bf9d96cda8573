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
fn browser() -> Option<Browser> {
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
fn wait_for(tab: &Tab, expression: &str) {
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
    let mut found = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let key = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if key.starts_with(prefix) {
                    found.push(key);
                }
            }
        }
    }
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
