//! Encrypted requests: the requester's key (`s3share key`), and what people send through an
//! encrypted request page, sealed to it.

use crate::support;

use support::{stderr, stdout, TestEnv};

/// The key file s3share keeps beside the config file.
fn key_path(env: &TestEnv) -> std::path::PathBuf {
    env.home().join(".config/s3share/request-key")
}

/// A key file with 32 bytes of `byte` as `key export` writes it.
fn key_file(env: &TestEnv, name: &str, byte: u8) -> (std::path::PathBuf, String) {
    use base64::Engine as _;
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([byte; 32]);
    let path = env.file(name, format!("# a request key\n{secret}\n").as_bytes());
    (path, secret)
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(stdout(output).trim()).unwrap()
}

#[test]
fn a_key_is_imported_shown_exported_and_never_printed() {
    let env = TestEnv::new();
    support::assert_failure(&env.run(&["key", "show"]), 4, "no request key");
    let (backup, secret) = key_file(&env, "backup-key", 7);
    let imported = env.run(&["--json", "key", "import", backup.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let shown = env.run(&["--json", "key", "show"]);
    let fingerprint = json(&shown)["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(fingerprint.len(), 32, "{}", stdout(&shown));
    assert_eq!(json(&imported)["fingerprint"], fingerprint.as_str());
    assert_eq!(
        json(&shown)["path"],
        key_path(&env).display().to_string().as_str()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(key_path(&env))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let exported = env.home().join("exported");
    let output = env.run(&["key", "export", exported.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&exported)
        .unwrap()
        .contains(&secret));
    let config = env.run(&["config"]);
    assert!(
        stdout(&config).contains(&format!(
            "request key: {} (fingerprint {fingerprint})",
            key_path(&env).display()
        )),
        "{}",
        stdout(&config)
    );
    let config = env.run(&["--json", "config"]);
    assert_eq!(
        json(&config)["request_key"]["fingerprint"],
        fingerprint.as_str()
    );
    for output in [&imported, &shown, &output, &config] {
        assert!(!stdout(output).contains(&secret) && !stderr(output).contains(&secret));
    }

    // Another key does not replace this one unasked: files sent to it would be lost.
    let (other, _) = key_file(&env, "other-key", 9);
    let refused = env.run(&["key", "import", other.to_str().unwrap()]);
    support::assert_failure(&refused, 1, "another request key is already there");
    let forced = env.run(&[
        "--json",
        "key",
        "import",
        "--force",
        other.to_str().unwrap(),
    ]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_ne!(json(&forced)["fingerprint"], fingerprint.as_str());
    // Nor does an export overwrite a file.
    let output = env.run(&["key", "export", exported.to_str().unwrap()]);
    support::assert_failure(&output, 1, "already exists");
}
