//! How a page s3share wrote behaves in a real browser: opens the link in headless Chromium and
//! prints, as Markdown table rows, the page's size, its first contentful paint and
//! DOMContentLoaded, the JS heap it uses, and the time from each filter keystroke to the next
//! frame drawn (the filter's own work, style, layout and paint).
//!
//! Run by `bench/page.sh`; by hand: `cargo run --release --example page-timing -- LINK`.

use std::ffi::OsStr;
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions};

/// What one keystroke costs, measured in the page until the next frame is drawn.
const KEYSTROKE: &str = r#"(async (value) => {
  const input = document.getElementById('filter');
  const start = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - start;
})"#;

fn main() {
    let link = std::env::args().nth(1).expect("usage: page-timing LINK");
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
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
        .path(Some(chromium.into()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1200, 1000)))
        .idle_browser_timeout(Duration::from_secs(300))
        .args(args)
        .build()
        .expect("launch options");
    let browser = Browser::new(options).expect("start Chromium");
    let tab = browser.new_tab().expect("a tab");
    tab.navigate_to(&link)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    tab.wait_for_element("#filter")
        .expect("the page's script ran");
    let number = |expression: &str| -> f64 {
        tab.evaluate(expression, true)
            .expect("evaluate")
            .value
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::NAN)
    };
    let bytes = number("document.documentElement.outerHTML.length");
    let paint = number(
        "(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime",
    );
    let loaded = number(
        "(performance.getEntriesByType('navigation')[0] || {domContentLoadedEventEnd: NaN}).domContentLoadedEventEnd",
    );
    let heap = number("performance.memory ? performance.memory.usedJSHeapSize / 1048576 : NaN");
    let rows = number("document.querySelectorAll('tr.file').length");
    println!("| page size (characters) | {bytes:.0} |");
    println!("| first contentful paint | {paint:.0} ms |");
    println!("| DOMContentLoaded | {loaded:.0} ms |");
    println!("| JS heap used | {heap:.1} MiB |");
    println!("| rows in the document after load | {rows:.0} |");
    let mut typed = String::new();
    for key in ["f", "i", "l", "e", "0", "4", "2"] {
        typed.push_str(key);
        let ms = number(&format!("{KEYSTROKE}({typed:?})"));
        println!("| keystroke to frame, filter `{typed}` | {ms:.1} ms |");
    }
    let ms = number(&format!("{KEYSTROKE}(\"\")"));
    println!("| clearing the filter | {ms:.1} ms |");
}
