//! GitHub Actions: every link's signature is masked on stderr before the link is printed.

use crate::support;

use support::{stderr, stdout, TestEnv};

/// The `X-Amz-Signature` value of a URL.
fn signature(url: &str) -> &str {
    url.split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("X-Amz-Signature="))
        .unwrap_or_else(|| panic!("no signature in {url}"))
}

#[test]
fn each_signature_is_masked_on_stderr_in_github_actions() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("GITHUB_ACTIONS", "true")
        .args(["presign", "s3://bkt/a.txt", "s3://bkt/b.txt"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (out, err) = (stdout(&output), stderr(&output));
    let urls: Vec<&str> = out.lines().collect();
    assert_eq!(urls.len(), 2, "stdout has only the URLs: {out}");
    let masks: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("::add-mask::"))
        .collect();
    assert_eq!(
        masks,
        urls.iter().map(|u| signature(u)).collect::<Vec<_>>(),
        "one mask per link, in order: {err}"
    );
    assert!(!out.contains("::add-mask::"), "mask lines stay off stdout");
}

#[test]
fn json_output_is_masked_too() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .env("GITHUB_ACTIONS", "true")
        .args(["--json", "presign", "s3://bkt/a.txt"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let record: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    let url = record["url"].as_str().unwrap();
    assert_eq!(
        stderr(&output).trim(),
        format!("::add-mask::{}", signature(url))
    );
}

#[test]
fn the_mask_comes_before_the_link_on_a_shared_stream() {
    // With both streams going into one pipe (as in a job log), the mask line must come first.
    let env = TestEnv::new();
    let log = env.home().join("log");
    let file = std::fs::File::create(&log).unwrap();
    let status = env
        .std_cmd()
        .env("GITHUB_ACTIONS", "true")
        .args(["presign", "s3://bkt/a.txt"])
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0], format!("::add-mask::{}", signature(lines[1])));
}

#[test]
fn no_mask_and_other_ci_systems_print_no_mask_lines() {
    let env = TestEnv::new();
    for (github_actions, extra) in [
        (Some("true"), Some("--no-mask")),
        (None, None),
        (Some("false"), None),
    ] {
        let mut cmd = env.cmd();
        if let Some(value) = github_actions {
            cmd.env("GITHUB_ACTIONS", value);
        }
        cmd.env("CI", "true");
        if let Some(flag) = extra {
            cmd.arg(flag);
        }
        let output = cmd.args(["presign", "s3://bkt/a.txt"]).output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            !stderr(&output).contains("::add-mask::"),
            "{github_actions:?} {extra:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output).lines().count(), 1);
    }
}
