//! The quick-start demo: starts an embedded S3 server (s3s-fs) in a temporary directory and runs
//! the real `s3share` binary against it, end to end, with no AWS account.
//!
//! Run it with `cargo run --example demo`.

#[path = "../tests/it/support/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use server::{S3Server, ACCESS_KEY, SECRET_KEY};

fn main() {
    // reqwest is built without a TLS provider of its own; the one rustls provider is aws-lc-rs.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let s3share = build_s3share();
    let server = S3Server::start();
    server.create_bucket("demo");
    let work = tempfile::tempdir().expect("temp dir");
    println!(
        "Embedded S3 server (s3s-fs, SigV4 checked) at {}",
        server.endpoint
    );
    println!("Bucket: demo — storage in {}\n", server.root().display());

    let report = work.path().join("report.txt");
    std::fs::write(&report, "Quarterly numbers: all up and to the right.\n").unwrap();
    let seeded = server.object_path("demo", "reports/q3.txt");
    std::fs::create_dir_all(seeded.parent().unwrap()).unwrap();
    std::fs::write(seeded, "Q3 report from the demo bucket\n").unwrap();

    let run = |args: &[&str]| -> String {
        println!("$ s3share {}", args.join(" "));
        let output = Command::new(&s3share)
            .args(args)
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", &server.endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("S3SHARE_BUCKET", "demo")
            .env("XDG_CONFIG_HOME", work.path())
            // Its links go to a history of its own, not yours.
            .env("XDG_DATA_HOME", work.path())
            .env_remove("S3SHARE_CONFIG")
            .env_remove("AWS_PROFILE")
            .current_dir(work.path())
            .stderr(Stdio::inherit())
            .output()
            .expect("run s3share");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        print!("{stdout}");
        assert!(output.status.success(), "s3share {args:?} failed");
        println!();
        stdout.trim().to_owned()
    };
    let fetch = |url: &str| -> String {
        let body = reqwest::blocking::get(url)
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.text());
        let body = body.expect("the server accepts the link");
        println!("  → fetched with a plain HTTP GET: {:?}\n", body.trim());
        body
    };

    let url = run(&["upload", "report.txt", "--expires", "1h"]);
    fetch(&url);
    run(&["get", &url, "-o", "downloaded.txt"]);
    let same = std::fs::read(&report).unwrap()
        == std::fs::read(work.path().join("downloaded.txt")).unwrap();
    println!("  → downloaded.txt is byte-for-byte the uploaded file: {same}\n");
    assert!(same);
    run(&["inspect", &url]);

    let url = run(&["share", "reports/q3.txt", "--expires", "1h"]);
    fetch(&url);

    let urls = run(&[
        "presign",
        "--expires",
        "15m",
        "s3://demo/a.txt",
        "s3://demo/b.txt",
    ]);
    println!(
        "  ({} links minted offline, no request sent)\n",
        urls.lines().count()
    );

    let put = run(&["share", "--upload", "incoming/note.txt", "--expires", "10m"]);
    let response = reqwest::blocking::Client::new()
        .put(&put)
        .header("content-type", "text/plain")
        .body(std::fs::read(&report).unwrap())
        .send()
        .expect("upload with the link");
    println!(
        "  → a recipient uploaded with the link: HTTP {}\n",
        response.status()
    );
    assert!(response.status().is_success());
    let url = run(&["share", "incoming/note.txt"]);
    fetch(&url);

    let link = run(&["upload", "--encrypt", "report.txt", "--expires", "1h"]);
    let (page, key) = link.split_once('#').expect("the key is in the fragment");
    let id = page
        .split("/e2e/")
        .nth(1)
        .and_then(|rest| rest.split('/').next());
    let share = walk(server.root())
        .into_iter()
        .filter(|path| id.is_some_and(|id| path.to_string_lossy().contains(id)));
    let stored_plaintext = share.into_iter().any(|path| {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        text.contains("Quarterly") || text.contains("report.txt") || text.contains(key)
    });
    println!("  → the share's objects hold its bytes, name or key: {stored_plaintext}\n");
    assert!(!stored_plaintext);
    std::fs::create_dir_all(work.path().join("decrypted")).unwrap();
    run(&["get", &link, "-o", "decrypted/"]);
    let same = std::fs::read(&report).unwrap()
        == std::fs::read(work.path().join("decrypted/report.txt")).unwrap();
    println!("  → decrypted/report.txt is byte-for-byte the uploaded file: {same}\n");
    assert!(same);
    run(&["revoke", &link]);

    println!("Done: every link above was checked by a server that verifies signatures.");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Builds the s3share binary (the demo runs the real CLI) and returns its path.
fn build_s3share() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--bin", "s3share", "--manifest-path"])
        .arg(&manifest)
        .status()
        .expect("run cargo build");
    assert!(status.success(), "building s3share failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target
        .join("debug")
        .join(format!("s3share{}", std::env::consts::EXE_SUFFIX))
}
