//! The checked-in completions and man page equal what the binary generates, and the shell
//! scripts parse.

use std::path::Path;
use std::process::Command;

const REFRESH: &str = "run scripts/generate-docs.sh to refresh them";

/// (file, arguments that print it)
const GENERATED: &[(&str, &[&str])] = &[
    ("completions/s3share.bash", &["completions", "bash"]),
    ("completions/_s3share", &["completions", "zsh"]),
    ("completions/s3share.fish", &["completions", "fish"]),
    ("completions/_s3share.ps1", &["completions", "powershell"]),
    ("completions/s3share.elv", &["completions", "elvish"]),
    ("man/s3share.1", &["man"]),
];

fn generate(args: &[&str]) -> Vec<u8> {
    // A clean environment: generated docs must not depend on the caller's settings.
    let output = assert_cmd::Command::cargo_bin("s3share")
        .unwrap()
        .env_clear()
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "s3share {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn checked_in_completions_and_man_page_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale: Vec<&str> = GENERATED
        .iter()
        .filter(|(file, args)| std::fs::read(root.join(file)).ok() != Some(generate(args)))
        .map(|(file, _)| *file)
        .collect();
    assert!(
        stale.is_empty(),
        "out of date with the CLI definition: {}; {REFRESH}",
        stale.join(", ")
    );
}

#[test]
fn a_broken_config_file_does_not_stop_doc_generation() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "not toml [").unwrap();
    let output = assert_cmd::Command::cargo_bin("s3share")
        .unwrap()
        .env_clear()
        .env("S3SHARE_CONFIG", &config)
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(output.status.success());
}

#[test]
fn the_readme_settings_table_has_every_setting_and_variable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let table: String = readme
        .lines()
        .skip_while(|line| !line.starts_with("| setting |"))
        .take_while(|line| line.starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!table.is_empty(), "README.md has no settings table");
    // The keys as `s3share config --json` lists them, the variables as `--help` does.
    let config: serde_json::Value =
        serde_json::from_slice(&generate(&["config", "--json"])).unwrap();
    let keys = config
        .as_object()
        .unwrap()
        .keys()
        // Files, not settings: the config file and the request key beside it.
        .filter(|k| *k != "config_file" && *k != "request_key");
    let help = String::from_utf8(generate(&["--help"])).unwrap();
    let variables = help
        .lines()
        .skip_while(|line| *line != "Environment:")
        .take_while(|line| !line.starts_with("Config file"))
        .filter(|line| line.starts_with("  S3SHARE_") || line.starts_with("  AWS_"))
        .flat_map(|line| line.trim().split(", "))
        .filter(|name| *name != "..." && *name != "S3SHARE_CONFIG")
        .filter(|name| {
            !matches!(
                *name,
                "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" | "AWS_SESSION_TOKEN"
            )
        })
        .map(str::to_owned);
    let missing: Vec<String> = keys
        .cloned()
        .chain(variables)
        .filter(|name| !table.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md's settings table lacks {missing:?}"
    );
}

/// Runs `shell -n file` if the shell is installed; outside CI says so and passes otherwise.
fn syntax_check(shell: &str, flag: &str, file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    match Command::new(shell).arg(flag).arg(&path).output() {
        Ok(output) => assert!(
            output.status.success(),
            "{shell} {flag} {file}: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // CI installs every shell (.ci/run): there a missing one is a failure, not a skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "{shell} is missing in CI; .ci/run installs it"
            );
            eprintln!("note: {shell} is not installed here, {file} not syntax-checked");
        }
        Err(e) => panic!("cannot run {shell}: {e}"),
    }
}

#[test]
fn bash_completions_parse() {
    syntax_check("bash", "-n", "completions/s3share.bash");
}

#[test]
fn zsh_completions_parse() {
    syntax_check("zsh", "-n", "completions/_s3share");
}

#[test]
fn fish_completions_parse() {
    syntax_check("fish", "--no-execute", "completions/s3share.fish");
}
