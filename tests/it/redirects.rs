//! The client for links follows no redirect to another origin and sends no Referer: a folder
//! page's file link, an encrypted share's data link and a request page's upload target that
//! answer `302` to another address are refused, saying where it pointed, and nothing is fetched
//! from there.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use support::proxy::Proxy;
use support::{stderr, stdout, TestEnv};

/// A server at another origin (say, a LAN or metadata address) that counts what reaches it.
struct Elsewhere {
    url: String,
    hits: Arc<AtomicUsize>,
}

impl Elsewhere {
    fn start() -> Elsewhere {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/latest/meta-data/",
            listener.local_addr().unwrap()
        );
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        std::thread::spawn(move || {
            for mut socket in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf);
                let _ = socket.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\nconnection: close\r\n\r\nsecret",
                );
            }
        });
        Elsewhere { url, hits }
    }

    /// Asserts that `output` failed naming this server and that nothing reached it.
    fn assert_refused(&self, output: &std::process::Output) {
        let text = stderr(output);
        assert_eq!(output.status.code(), Some(1), "{text}");
        assert!(
            text.contains(&format!("redirect to another site, {}", self.url)),
            "{text}"
        );
        assert_eq!(self.hits.load(Ordering::SeqCst), 0, "it was fetched");
    }
}

/// `s3share` with its endpoint at the proxy, so every link it prints points there.
fn through(env: &TestEnv, proxy: &Proxy, args: &[&str]) -> std::process::Output {
    let output = env
        .cmd()
        .env("AWS_ENDPOINT_URL", &proxy.endpoint)
        .args(args)
        .output()
        .unwrap();
    support::assert_no_secrets(&output);
    output
}

/// `s3share` without credentials, as whoever got a link runs it.
fn recipient(env: &TestEnv, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(args)
        .output()
        .unwrap()
}

fn link(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{}", stderr(output));
    stdout(output).trim().to_owned()
}

#[test]
fn a_folder_pages_file_link_redirected_elsewhere_is_not_followed() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    let elsewhere = Elsewhere::start();
    env.put_object("photos/a.txt", b"a");
    let page = link(&through(&env, &proxy, &["share", "s3://bkt/photos/"]));
    proxy.redirect_requests("get /bkt/photos/a.txt?", &elsewhere.url);
    let output = recipient(&env, &["get", &page, "-o", "out/"]);
    elsewhere.assert_refused(&output);
}

#[test]
fn an_encrypted_shares_data_link_redirected_elsewhere_is_not_followed() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    let elsewhere = Elsewhere::start();
    let path = env.file("doc.pdf", b"secret document");
    let share = link(&through(
        &env,
        &proxy,
        &[
            "upload",
            "--encrypt",
            "--to",
            "s3://bkt",
            path.to_str().unwrap(),
        ],
    ));
    proxy.redirect_requests("/data?", &elsewhere.url);
    std::fs::create_dir(env.home().join("out")).unwrap();
    let output = recipient(&env, &["get", &share, "-o", "out/"]);
    elsewhere.assert_refused(&output);
}

#[test]
fn a_request_pages_upload_target_redirected_elsewhere_is_not_followed() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    let elsewhere = Elsewhere::start();
    let page = link(&through(&env, &proxy, &["request", "s3://bkt/incoming/"]));
    env.file("report.pdf", b"%PDF-1.7 report");
    proxy.redirect_requests("post ", &elsewhere.url);
    let output = recipient(&env, &["upload", "--to", &page, "report.pdf"]);
    elsewhere.assert_refused(&output);
    assert_eq!(proxy.count("post"), 1, "tried once: {:?}", proxy.requests());
}

#[test]
fn a_redirect_within_the_same_origin_is_followed_without_a_referer() {
    let env = TestEnv::new();
    let proxy = Proxy::start(env.server.addr);
    env.put_object("b.txt", b"the real bytes");
    let real = link(&through(&env, &proxy, &["share", "s3://bkt/b.txt"]));
    let moved = link(&through(
        &env,
        &proxy,
        &["share", "s3://bkt/b.txt", "--expires", "2h"],
    ));
    proxy.redirect_requests("x-amz-expires=7200", &real);
    let output = recipient(&env, &["get", &moved, "-o", "-"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(output.stdout, b"the real bytes");
    assert!(
        proxy.requests().iter().all(|r| !r.contains("\r\nreferer:")),
        "{:?}",
        proxy.requests()
    );
}
