//! Text that someone else chose (keys, file names, server messages) never reaches the terminal
//! raw: every human-readable line shows control characters and bidi overrides escaped, while
//! URLs stay percent-encoded and `--json` round-trips the exact key.

use crate::support;

use std::process::Output;

use support::stand_in::plain_server;
use support::{stderr, stdout, TestEnv};

/// Keys an attacker might choose: colours, OSC 52 (clipboard), a bell, a right-to-left override
/// and a line break.
const HOSTILE: &[&str] = &[
    "esc\x1b[31mRED.txt",
    "osc\x1b]52;c;aGVsbG8=\x07.txt",
    "bel\x07.txt",
    "invoice\u{202e}fdp.exe",
    "new\nline.txt",
];

/// Fails if `text` could drive a terminal: a byte below 0x20 other than newline and tab, DEL,
/// a C1 control, or a bidi control.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        let bad = (c < ' ' && c != '\n' && c != '\t')
            || c == '\x7f'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!bad, "{what} carries {c:?}: {text:?}");
    }
}

fn assert_output_inert(output: &Output) {
    assert_inert("stdout", &output.stdout);
    assert_inert("stderr", &output.stderr);
}

/// No line break inside a value either: the human output has as many lines as it should.
fn assert_one_line_per_line(output: &Output, lines: usize) {
    assert_eq!(stdout(output).lines().count(), lines, "{}", stdout(output));
}

#[test]
fn inspect_shows_hostile_keys_escaped_and_json_keeps_them_exact() {
    let env = TestEnv::new();
    for key in HOSTILE {
        let url = env.url(&["presign", &format!("s3://bkt/{key}")]);
        assert_inert("a link", url.as_bytes());
        let human = env.run(&["inspect", &url]);
        assert!(human.status.success(), "{}", stderr(&human));
        assert_output_inert(&human);
        assert!(
            stdout(&human)
                .lines()
                .any(|l| l.starts_with("key ") && l.contains('\\')),
            "{}",
            stdout(&human)
        );
        let json = env.run(&["inspect", "--json", &url]);
        let record: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        assert_eq!(record["key"], *key);
    }
}

#[test]
fn share_names_hostile_keys_escaped_and_json_keeps_them_exact() {
    let env = TestEnv::new();
    for key in HOSTILE {
        env.put_object(key, b"x");
        let location = format!("s3://bkt/{key}");
        let shared = env.run(&["share", &location]);
        assert!(shared.status.success(), "{}", stderr(&shared));
        assert_output_inert(&shared);
        assert_one_line_per_line(&shared, 1);
        let json = env.run(&["share", "--json", &location]);
        let record: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
        assert_eq!(record["key"], *key);
        // A missing object: the error names the key, escaped.
        let missing = env.run(&["share", &format!("s3://bkt/gone-{key}")]);
        assert_eq!(missing.status.code(), Some(4), "{}", stderr(&missing));
        assert_output_inert(&missing);
        assert!(
            stderr(&missing).contains("s3://bkt/gone-"),
            "{}",
            stderr(&missing)
        );
    }
}

#[test]
fn get_reports_hostile_names_escaped_for_locations_and_links() {
    let env = TestEnv::new();
    for (i, key) in HOSTILE.iter().enumerate() {
        env.put_object(key, b"payload");
        let dir = env.home().join(format!("out{i}"));
        std::fs::create_dir(&dir).unwrap();
        let by_location = env.run(&[
            "get",
            &format!("s3://bkt/{key}"),
            "-o",
            &format!("{}/", dir.display()),
        ]);
        assert!(by_location.status.success(), "{}", stderr(&by_location));
        assert_output_inert(&by_location);
        let link = env.url(&["presign", &format!("s3://bkt/{key}")]);
        let by_link = env.run(&[
            "get",
            &link,
            "-o",
            &format!("{}/", dir.display()),
            "--force",
        ]);
        assert!(by_link.status.success(), "{}", stderr(&by_link));
        assert_output_inert(&by_link);
        // What was written is a safe name too.
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert_inert("a saved file name", name.as_bytes());
        }
        let missing = env.run(&["get", &format!("s3://bkt/gone-{key}")]);
        assert_eq!(missing.status.code(), Some(4), "{}", stderr(&missing));
        assert_output_inert(&missing);
    }
}

#[test]
fn upload_to_a_link_reports_hostile_file_names_escaped() {
    let env = TestEnv::new();
    for key in HOSTILE {
        let url = env.url(&["share", "--upload", &format!("s3://bkt/in/{key}")]);
        let path = env.file(key, b"bytes");
        let output = env.run(&["upload", "--url", &url, path.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_output_inert(&output);
        assert_eq!(
            env.stored(&format!("in/{key}")).as_deref(),
            Some(&b"bytes"[..])
        );
    }
}

#[test]
fn a_server_error_body_with_escapes_is_shown_escaped() {
    let env = TestEnv::new();
    let body: &'static [u8] = b"<?xml version=\"1.0\"?><Error><Code>Access\x1b[2JDenied</Code>\
        <Message>\x1b]52;c;aGVsbG8=\x07 \xe2\x80\xae</Message><Region>eu\x1b[31m-west-1</Region></Error>";
    let server = plain_server("400 Bad Request", "content-type: application/xml\r\n", body);
    let link = env.url(&["presign", "s3://bkt/k"]);
    let link = link.replacen(&env.server.endpoint, &server, 1);
    for args in [
        vec!["get", link.as_str(), "-o", "-"],
        vec!["inspect", "--check", link.as_str()],
        vec!["-v", "get", link.as_str(), "-o", "-"],
    ] {
        let output = env.run(&args);
        assert!(!output.status.success());
        assert_output_inert(&output);
        assert!(stderr(&output).contains("error:"), "{}", stderr(&output));
    }
}
