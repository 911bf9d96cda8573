//! `--qr`: each link also drawn as a QR code on stderr that decodes back to the link, while
//! stdout keeps exactly the URL.

use crate::support;

use support::{stderr, stdout, TestEnv};

/// Reads half-block drawings on stderr back into module rows (`true` = dark). Without colour
/// s3share draws the light modules, for a dark terminal.
fn modules(text: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| l.contains('█')) {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                ' ' => (false, false),
                '▀' => (true, false),
                '▄' => (false, true),
                '█' => (true, true),
                other => panic!("unexpected {other:?} in the QR code line {line:?}"),
            };
            top.push(!t);
            bottom.push(!b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// Every QR code found in the modules, decoded, as a phone would read the screen. Codes of
/// several links can differ in size (the encoder packs digit runs tighter, so equally long links
/// may need different versions); the screen right of a narrower code is light.
fn decode_all(modules: &[Vec<bool>]) -> Vec<String> {
    const SCALE: usize = 4;
    let w = modules.iter().map(Vec::len).max().unwrap_or(0);
    let h = modules.len();
    let mut image = rqrr::PreparedImage::prepare_from_bitmap(w * SCALE, h * SCALE, |x, y| {
        modules[y / SCALE].get(x / SCALE).copied().unwrap_or(false)
    });
    image
        .detect_grids()
        .iter()
        .map(|grid| grid.decode().expect("a readable QR code").1)
        .collect()
}

#[test]
fn qr_draws_the_link_on_stderr_and_leaves_stdout_alone() {
    let env = TestEnv::new();
    let output = env.run(&["--qr", "presign", "s3://bkt/reports/Q3 final.pdf"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let url = stdout(&output);
    assert_eq!(url.lines().count(), 1, "stdout is the URL alone: {url}");
    let err = stderr(&output);
    assert!(err.contains('▀') || err.contains('▄'), "{err}");
    assert!(!err.contains('\x1b'), "no colour into a pipe: {err:?}");
    assert_eq!(decode_all(&modules(&err)), [url.trim_end()]);
}

#[test]
fn qr_in_json_mode_still_encodes_the_bare_url() {
    let env = TestEnv::new();
    let output = env.run(&["--qr", "--json", "presign", "s3://bkt/a.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        decode_all(&modules(&stderr(&output))),
        [record["url"].as_str().unwrap()]
    );
}

#[test]
fn quiet_suppresses_the_qr_code() {
    let env = TestEnv::new();
    let output = env.run(&["--qr", "-q", "presign", "s3://bkt/a.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn each_link_gets_its_own_code() {
    let env = TestEnv::new();
    // Equally long keys, but digits pack tighter than letters: the two codes differ in size.
    let digits = format!("s3://bkt/{}", "0".repeat(61));
    let letters = format!("s3://bkt/{}", "x".repeat(61));
    let output = env.run(&["--qr", "presign", &letters, &digits]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut urls: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    let mut decoded = decode_all(&modules(&stderr(&output)));
    urls.sort();
    decoded.sort();
    assert_eq!(decoded, urls);
}
