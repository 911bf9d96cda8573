//! CloudFront signed URLs (README, "Links that last a year"): links signed offline with the
//! configured key, served by a test edge that checks them as CloudFront does
//! (`support::edge`), and checked again by an independent implementation: botocore's
//! `CloudFrontSigner` builds the policy bytes and the URL, Python's `cryptography` verifies the
//! signature (`support/cloudfront_verify.py`).

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::support::edge::{Edge, TrustedKey};
use crate::support::{assert_failure, http, stderr, stdout, TestEnv, BUCKET};

const KEY_ID: &str = "K2JCJMDEHXQW5F";

/// Keys as awkward as S3 allows: what CloudFront users most often get 403s for.
fn tricky_keys() -> Vec<String> {
    vec![
        "plain.txt".to_owned(),
        "with space/and+plus.txt".to_owned(),
        "percent%20literal~tilde.txt".to_owned(),
        "quotes\"and'(parens)*star?.txt".to_owned(),
        "caf\u{e9}-nfc.txt".to_owned(),
        "cafe\u{301}-nfd.txt".to_owned(),
        "\u{65e5}\u{672c}/\u{1f600}.bin".to_owned(),
        // 1,000 characters (file systems cap a name at 255 bytes, so in folders of 99).
        (0..10)
            .map(|i| format!("{i}{}", "k".repeat(98)))
            .collect::<Vec<_>>()
            .join("/")
            + "e",
    ]
}

/// A key pair made by openssl: the private key in `format` and the public key's DER.
struct Pair {
    private: PathBuf,
    public_pem: PathBuf,
    trusted: TrustedKey,
}

fn openssl(args: &[&str]) {
    let output = StdCommand::new("openssl")
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `kind`: `ec` (PKCS#8), `ec-sec1`, `rsa` (PKCS#8), `rsa-pkcs1`.
fn pair(dir: &Path, kind: &str) -> Pair {
    let base = dir.join(kind);
    let pkcs8 = base.with_extension("pkcs8.pem");
    let (private, ecdsa) = match kind {
        "ec" | "ec-sec1" => {
            let p = pkcs8.to_str().unwrap();
            openssl(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                p,
            ]);
            (pkcs8.clone(), true)
        }
        _ => {
            let p = pkcs8.to_str().unwrap();
            openssl(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                p,
            ]);
            (pkcs8.clone(), false)
        }
    };
    let private = match kind {
        "ec-sec1" => {
            let out = base.with_extension("sec1.pem");
            openssl(&[
                "ec",
                "-in",
                private.to_str().unwrap(),
                "-out",
                out.to_str().unwrap(),
            ]);
            assert!(std::fs::read_to_string(&out)
                .unwrap()
                .contains("BEGIN EC PRIVATE KEY"));
            out
        }
        "rsa-pkcs1" => {
            let out = base.with_extension("pkcs1.pem");
            openssl(&[
                "rsa",
                "-in",
                private.to_str().unwrap(),
                "-traditional",
                "-out",
                out.to_str().unwrap(),
            ]);
            assert!(std::fs::read_to_string(&out)
                .unwrap()
                .contains("BEGIN RSA PRIVATE KEY"));
            out
        }
        _ => private,
    };
    let public_pem = base.with_extension("pub.pem");
    let public_der = base.with_extension("pub.der");
    let p = private.to_str().unwrap();
    openssl(&[
        "pkey",
        "-in",
        p,
        "-pubout",
        "-out",
        public_pem.to_str().unwrap(),
    ]);
    openssl(&[
        "pkey",
        "-in",
        p,
        "-pubout",
        "-outform",
        "DER",
        "-out",
        public_der.to_str().unwrap(),
    ]);
    Pair {
        private,
        public_pem,
        trusted: TrustedKey {
            id: KEY_ID.to_owned(),
            der: std::fs::read(public_der).unwrap(),
            ecdsa,
        },
    }
}

/// A test world with an edge in front of the bucket, trusting `pair`'s key.
struct World {
    env: TestEnv,
    edge: Edge,
    key: PathBuf,
}

impl World {
    fn new(kind: &str) -> (World, Pair) {
        let env = TestEnv::new();
        let pair = pair(env.home(), kind);
        let edge = Edge::start(&env.server.endpoint, BUCKET, vec![pair.trusted.clone()]);
        let key = pair.private.clone();
        (World { env, edge, key }, pair)
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.env.cmd();
        self.with_cdn(&mut cmd);
        cmd
    }

    /// `cmd` with the edge configured as the distribution.
    fn with_cdn<'c>(&self, cmd: &'c mut assert_cmd::Command) -> &'c mut assert_cmd::Command {
        cmd.env("S3SHARE_BUCKET", BUCKET)
            .env("S3SHARE_CDN_URL", &self.edge.url)
            .env("S3SHARE_CDN_KEY_ID", KEY_ID)
            .env("S3SHARE_CDN_PRIVATE_KEY", &self.key)
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        let output = self.cmd().args(args).output().unwrap();
        crate::support::assert_no_secrets(&output);
        output
    }

    fn lines(&self, args: &[&str]) -> Vec<String> {
        let output = self.run(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stdout(&output).lines().map(str::to_owned).collect()
    }
}

/// The `Expires` of a canned-policy link.
fn expires_of(url: &str) -> u64 {
    let start = url.find("Expires=").expect("Expires") + "Expires=".len();
    url[start..].split('&').next().unwrap().parse().unwrap()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The Python of the venv with botocore and cryptography (`support::python_venv`); `None` (the
/// test skips) when it cannot be made, except in CI, where it must.
pub(crate) fn verifier() -> Option<PathBuf> {
    static VENV: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    VENV.get_or_init(|| {
        crate::support::python_venv(
            "cdn-verify",
            &["cryptography", "botocore"],
            "the CloudFront verifier",
        )
        .map(|venv| venv.join("bin/python"))
    })
    .clone()
}

/// Checks `urls` with botocore and cryptography; skips without them (outside CI).
fn independently_verified(public_pem: &Path, urls: &[String]) {
    let Some(python) = verifier() else { return };
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/support/cloudfront_verify.py");
    let mut child = StdCommand::new(python)
        .arg(script)
        .arg(public_pem)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", urls.join("\n")).as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "botocore/cryptography refused: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        urls.len()
    );
}

#[test]
fn share_prints_a_year_long_cdn_link_the_edge_serves_and_botocore_verifies() {
    let (world, pair) = World::new("ec");
    world.env.put_object("report.pdf", b"the report");
    let lines = world.lines(&["share", "report.pdf", "--expires", "1y"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let url = &lines[0];
    assert!(
        url.starts_with(&format!("{}/report.pdf?Expires=", world.edge.url)),
        "{url}"
    );
    assert!(url.ends_with("&Hash-Algorithm=SHA256"), "{url}");
    assert!(url.contains(&format!("&Key-Pair-Id={KEY_ID}&")), "{url}");
    let year = 365 * 24 * 3600 + 6 * 3600;
    assert!(expires_of(url).abs_diff(now() + year) < 60, "{url}");
    let body = http().get(url).send().unwrap();
    assert_eq!(body.status(), 200, "{:?}", world.edge.log());
    assert_eq!(body.bytes().unwrap().as_ref(), b"the report");
    independently_verified(&pair.public_pem, std::slice::from_ref(url));
}

#[test]
fn presign_signs_tricky_keys_that_the_edge_serves_for_every_key_format() {
    for kind in ["ec", "ec-sec1", "rsa", "rsa-pkcs1"] {
        let (world, pair) = World::new(kind);
        let keys = tricky_keys();
        for key in &keys {
            world.env.put_object(key, key.as_bytes());
        }
        let stdin: String = keys
            .iter()
            .map(|k| format!("s3://{BUCKET}/{k}\n"))
            .collect();
        let output = world
            .cmd()
            .args(["presign", "-", "--expires", "400d"])
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert!(output.status.success(), "{kind}: {}", stderr(&output));
        let urls: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
        assert_eq!(urls.len(), keys.len());
        for (key, url) in keys.iter().zip(&urls) {
            let got = http().get(url).send().unwrap();
            assert_eq!(got.status(), 200, "{kind} {key}: {:?}", world.edge.log());
            assert_eq!(
                got.bytes().unwrap().as_ref(),
                key.as_bytes(),
                "{kind} {key}"
            );
        }
        independently_verified(&pair.public_pem, &urls);
    }
}

#[test]
fn the_edge_refuses_expired_tampered_and_unknown_key_links() {
    let (world, _) = World::new("ec");
    world.env.put_object("a.txt", b"a");
    world.env.put_object("b.txt", b"b");
    let url = world
        .lines(&["presign", "a.txt", "--expires", "30d"])
        .remove(0);
    // Another object under the same signature: the canned policy CloudFront builds from the
    // URL is not the one signed.
    let other = url.replace("/a.txt?", "/b.txt?");
    assert_eq!(http().get(&other).send().unwrap().status(), 403);
    // A key id the key group does not hold.
    let unknown = url.replace(KEY_ID, "KUNKNOWN000000");
    assert_eq!(http().get(&unknown).send().unwrap().status(), 403);
    // A link signed 30 s ago for 2 s (libfaketime), or signed now and waited for without it.
    let mut expired = world.env.cmd_signing_in_the_past(30);
    world.with_cdn(&mut expired);
    let output = expired
        .args(["presign", "a.txt", "--expires", "2s"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let url_expired = stdout(&output).trim().to_owned();
    assert!(expires_of(&url_expired) < now(), "{url_expired}");
    assert_eq!(http().get(&url_expired).send().unwrap().status(), 403);
    let log = world.edge.log();
    assert!(log.iter().any(|l| l.contains("expired")), "{log:?}");
    assert!(
        log.iter().any(|l| l.contains("Invalid Signature")),
        "{log:?}"
    );
    assert!(log.iter().any(|l| l.contains("Unknown Key")), "{log:?}");
    assert_eq!(http().get(&url).send().unwrap().status(), 200);
}

#[test]
fn via_s3_forces_a_presigned_s3_link_and_s3_links_keep_their_7_day_cap() {
    let (world, _) = World::new("ec");
    world.env.put_object("a.txt", b"a");
    let url = world.lines(&["presign", "a.txt", "--via", "s3"]).remove(0);
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let output = world.run(&["presign", "a.txt", "--via", "s3", "--expires", "8d"]);
    assert_failure(&output, 2, "at most 7d");
    // PUT links stay S3, whatever is configured.
    let url = world
        .lines(&["presign", "a.txt", "--method", "put"])
        .remove(0);
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let output = world.run(&["presign", "a.txt", "--method", "put", "--via", "cdn"]);
    assert_failure(&output, 2, "only applies to GET links");
    // Upload's printed link goes through the CDN.
    world.env.file("up.txt", b"uploaded");
    let url = world
        .lines(&["upload", "up.txt", "--expires", "90d"])
        .remove(0);
    assert!(url.starts_with(&world.edge.url), "{url}");
    assert_eq!(
        http().get(&url).send().unwrap().bytes().unwrap().as_ref(),
        b"uploaded"
    );
}

#[test]
fn bad_cdn_settings_are_one_line_each_exit_2() {
    let env = TestEnv::new();
    env.put_object("a.txt", b"a");
    let output = env.run(&["presign", "s3://bkt/a.txt", "--via", "cdn"]);
    assert_failure(&output, 2, "no CloudFront distribution is configured");
    let dir = env.home();
    let ec = pair(dir, "ec");
    let p384 = dir.join("p384.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-out",
        p384.to_str().unwrap(),
    ]);
    let rsa3072 = dir.join("rsa3072.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:3072",
        "-out",
        rsa3072.to_str().unwrap(),
    ]);
    let ed25519 = dir.join("ed25519.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "ED25519",
        "-out",
        ed25519.to_str().unwrap(),
    ]);
    let garbage = env.file("garbage.pem", b"not a key\n");
    let cases: Vec<(&str, PathBuf, &str)> = vec![
        (
            "https://d1.cloudfront.net",
            dir.join("missing.pem"),
            "cannot read the CloudFront private key",
        ),
        (
            "https://d1.cloudfront.net",
            garbage,
            "is not a PEM private key",
        ),
        ("https://d1.cloudfront.net", p384, "P-384"),
        ("https://d1.cloudfront.net", rsa3072, "3072 bits"),
        (
            "https://d1.cloudfront.net",
            ed25519,
            "neither an RSA nor an EC P-256 key",
        ),
        (
            "https://d1.cloudfront.net",
            ec.public_pem.clone(),
            "is a public key",
        ),
        (
            "http://d1.cloudfront.net",
            ec.private.clone(),
            "is not https",
        ),
    ];
    for (url, key, needle) in cases {
        let output = env
            .cmd()
            .env("S3SHARE_CDN_URL", url)
            .env("S3SHARE_CDN_KEY_ID", KEY_ID)
            .env("S3SHARE_CDN_PRIVATE_KEY", &key)
            .args(["presign", "s3://bkt/a.txt"])
            .output()
            .unwrap();
        assert_failure(&output, 2, needle);
        assert_eq!(
            stderr(&output)
                .lines()
                .filter(|l| l.starts_with("error:"))
                .count(),
            1
        );
        assert!(output.stdout.is_empty());
    }
    let output = env
        .cmd()
        .env("S3SHARE_CDN_URL", "https://d1.cloudfront.net")
        .env("S3SHARE_CDN_KEY_ID", KEY_ID)
        .env("S3SHARE_CDN_PRIVATE_KEY", &ec.private)
        .args(["presign", "s3://bkt/a.txt", "--expires", "500ms"])
        .output()
        .unwrap();
    assert_failure(&output, 2, "at least 1s");
    // The key is read only when a CDN link is signed.
    let output = env
        .cmd()
        .env("S3SHARE_CDN_URL", "https://d1.cloudfront.net")
        .env("S3SHARE_CDN_KEY_ID", KEY_ID)
        .env("S3SHARE_CDN_PRIVATE_KEY", dir.join("missing.pem"))
        .args(["presign", "s3://bkt/a.txt", "--via", "s3"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn config_shows_the_cdn_settings_and_their_sources() {
    let env = TestEnv::new();
    let config = env.home().join(".config/s3share/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        "[cdn]\nurl = \"https://d1.cloudfront.net\"\nkey_id = \"K1\"\nprivate_key = \"/keys/cdn.pem\"\n",
    )
    .unwrap();
    let output = env
        .cmd()
        .env("S3SHARE_CDN_KEY_ID", "K2")
        .arg("config")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(
        text.contains("cdn.url = https://d1.cloudfront.net  (config file)"),
        "{text}"
    );
    assert!(
        text.contains("cdn.key_id = K2  (env S3SHARE_CDN_KEY_ID)"),
        "{text}"
    );
    assert!(
        text.contains("cdn.private_key = /keys/cdn.pem  (config file)"),
        "{text}"
    );
}

#[test]
fn inspect_explains_a_cdn_link_and_check_explains_a_refusal() {
    let (world, _) = World::new("ec");
    world.env.put_object("a b.txt", b"ab");
    let url = world
        .lines(&["presign", "a b.txt", "--expires", "400d"])
        .remove(0);
    let output = world.env.run(&["inspect", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for needle in [
        "CloudFront signed URL",
        &format!("host        {}", world.edge.url),
        &format!("resource    {}/a%20b.txt", world.edge.url),
        "canned",
        &format!("key id      {KEY_ID}"),
        "hash        SHA256",
        "valid for",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let json = world.env.run(&["inspect", "--json", &url]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["kind"], "cloudfront");
    assert_eq!(report["key_id"], KEY_ID);
    assert_eq!(report["hash_algorithm"], "SHA256");
    assert_eq!(report["expired"], false);
    let output = world.env.run(&["inspect", "--check", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("the distribution serves the link"));
    // A signature for another resource, and a key id the distribution does not trust.
    for bad in [
        url.replace("a%20b.txt", "a%20c.txt"),
        url.replace(KEY_ID, "KOTHER"),
    ] {
        let output = world.env.run(&["inspect", "--check", &bad]);
        assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("error: the distribution refused the link (HTTP 403"),
            "{}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("key group"), "{}", stderr(&output));
    }
    // An expired link: exit 5 before any request.
    let mut old = world.env.cmd_signing_in_the_past(30);
    world.with_cdn(&mut old);
    let output = old
        .args(["presign", "a b.txt", "--expires", "2s"])
        .output()
        .unwrap();
    let expired = stdout(&output).trim().to_owned();
    let output = world.env.run(&["inspect", &expired]);
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("error: the link expired"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("(expired "), "{}", stdout(&output));
}

/// Every http(s) URL in a page's data block (its files' links, its worker's, its data's).
fn urls_in_page(html: &str) -> Vec<String> {
    let start = html
        .find(r#"<script type="application/json""#)
        .expect("a data block");
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    let mut urls = Vec::new();
    fn walk(value: &serde_json::Value, urls: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) if s.starts_with("http") => urls.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, urls)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, urls)),
            _ => {}
        }
    }
    walk(&data, &mut urls);
    urls
}

/// The links in the page at `page`, which the edge serves; asserts that they and the page's own
/// link are all the distribution's and that botocore verifies each.
fn links_of_a_cdn_page(world: &World, pair: &Pair, page: &str) -> Vec<String> {
    let html = http().get(page).send().unwrap();
    assert_eq!(html.status(), 200, "{:?}", world.edge.log());
    let urls = urls_in_page(&html.text().unwrap());
    assert!(
        urls.iter().all(|u| u.starts_with(&world.edge.url)),
        "{urls:?}"
    );
    let mut all = urls.clone();
    all.push(page.to_owned());
    independently_verified(&pair.public_pem, &all);
    urls
}

/// A folder of tricky names shared through the edge; the page's link.
fn cdn_folder(world: &World) -> String {
    for key in tricky_keys().iter().take(6) {
        world
            .env
            .put_object(&format!("photos/{key}"), key.as_bytes());
    }
    let lines = world.lines(&["share", "photos/", "--expires", "400d"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    lines[0].clone()
}

#[test]
fn a_folder_page_and_every_link_in_it_go_through_the_cdn() {
    let (world, pair) = World::new("ec");
    let page = cdn_folder(&world);
    assert!(
        page.starts_with(&format!("{}/.s3share/shares/", world.edge.url)),
        "{page}"
    );
    let year = 400 * 24 * 3600;
    assert!(expires_of(&page).abs_diff(now() + year) < 60, "{page}");
    // Six files and the worker.
    assert_eq!(links_of_a_cdn_page(&world, &pair, &page).len(), 7);
    // `get` follows the page through the distribution and restores every file.
    let into = world.env.home().join("restored");
    let output = world
        .env
        .run(&["get", &page, "-o", &format!("{}/", into.display())]);
    assert!(output.status.success(), "{}", stderr(&output));
    for key in tricky_keys().iter().take(6) {
        let saved = std::fs::read(into.join(key)).unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(saved, key.as_bytes(), "{key}");
    }
    // The history says which distribution the page goes through.
    let listed = world.env.run(&["links", "--json"]);
    let newest: serde_json::Value =
        serde_json::from_str(stdout(&listed).lines().next().unwrap()).unwrap();
    assert_eq!(newest["kind"], "folder", "{newest}");
    assert_eq!(newest["cdn"], world.edge.url.as_str(), "{newest}");
    let table = stdout(&world.env.run(&["links"]));
    assert!(
        table
            .lines()
            .next()
            .unwrap()
            .ends_with("s3://bkt/photos/ (via CDN)"),
        "{table}"
    );
    assert!(
        world.edge.log().iter().all(|l| l.starts_with("200 ")),
        "{:?}",
        world.edge.log()
    );
}

#[test]
fn an_encrypted_share_goes_through_the_cdn_page_worker_and_data() {
    let (world, pair) = World::new("ec");
    let file = world
        .env
        .file("Contract (signed).pdf", &crate::support::data(200_000));
    let lines = world.lines(&[
        "upload",
        "--encrypt",
        file.to_str().unwrap(),
        "--expires",
        "1y",
    ]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let (page, key) = lines[0].split_once('#').expect("the key in the fragment");
    assert!(!key.is_empty());
    assert!(
        page.starts_with(&format!("{}/.s3share/", world.edge.url)),
        "{page}"
    );
    // The worker and the data.
    assert_eq!(links_of_a_cdn_page(&world, &pair, page).len(), 2);
    let out = world.env.home().join("got.pdf");
    let output = world
        .env
        .run(&["get", &lines[0], "-o", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(&out).unwrap() == crate::support::data(200_000));
}

#[test]
fn an_encrypted_folder_goes_through_the_cdn_page_manifest_and_every_file() {
    let (world, pair) = World::new("ec");
    let dir = world.env.home().join("photos");
    for (i, key) in tricky_keys().iter().take(4).enumerate() {
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join(format!("sub/f{i}.bin")), key.as_bytes()).unwrap();
    }
    let lines = world.lines(&["upload", "--encrypt", "photos", "--expires", "1y"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let (page, _) = lines[0].split_once('#').expect("the key in the fragment");
    assert!(
        page.starts_with(&format!("{}/.s3share/e2e/", world.edge.url)),
        "{page}"
    );
    // The manifest, the worker and the four files.
    assert_eq!(links_of_a_cdn_page(&world, &pair, page).len(), 6);
    let into = world.env.home().join("restored");
    let output = world
        .env
        .run(&["get", &lines[0], "-o", &format!("{}/", into.display())]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (i, key) in tricky_keys().iter().take(4).enumerate() {
        let saved = std::fs::read(into.join(format!("sub/f{i}.bin"))).unwrap();
        assert_eq!(saved, key.as_bytes());
    }
}

#[test]
fn a_page_through_the_cdn_may_not_lead_get_anywhere_else() {
    let (world, _) = World::new("ec");
    let page = cdn_folder(&world);
    // The page as someone who can write the bucket could rewrite it: one file's link now
    // leads to a presigned S3 link, the rest stay on the distribution.
    let key = page[world.edge.url.len() + 1..page.find('?').unwrap()].to_owned();
    let stored = world.env.server.object_path(BUCKET, &key);
    let html = std::fs::read_to_string(&stored).unwrap();
    let first = urls_in_page(&html)
        .into_iter()
        .find(|u| !u.contains("sw.js"))
        .unwrap();
    let elsewhere = world
        .env
        .url(&["presign", "s3://bkt/photos/plain.txt", "--via", "s3"]);
    // The data block is JSON with `&` written as `\u0026`.
    let escaped = |u: &str| u.replace('&', "\\u0026");
    let rewritten = html.replacen(&escaped(&first), &escaped(&elsewhere), 1);
    assert_ne!(rewritten, html);
    std::fs::write(&stored, rewritten).unwrap();
    let into = world.env.home().join("restored");
    let output = world
        .env
        .run(&["get", &page, "-o", &format!("{}/", into.display())]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("outside the bucket that serves the page"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_browser_downloads_a_folder_and_an_encrypted_share_through_the_cdn() {
    use crate::browser::{self, Saving};
    let Some(chromium) = browser::browser() else {
        return;
    };
    let (world, _) = World::new("ec");
    let page = cdn_folder(&world);
    let from_get = world.env.home().join("from-get.zip");
    let got = world
        .env
        .run(&["get", &page, "--zip", from_get.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    let want = std::fs::read(&from_get).unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let tab = browser::downloading_tab(&chromium, downloads.path(), Saving::Worker);
    let (state, status) = browser::download_all(&tab, &page);
    assert_eq!(state, "done", "{status}: {:?}", world.edge.log());
    let saved = browser::wait_for_download(downloads.path(), "photos.zip", want.len());
    assert!(saved == want, "the page's zip differs from get --zip's");

    let body = crate::support::data(300 * 1024);
    let file = world.env.file("Contract 2026.pdf", &body);
    let lines = world.lines(&[
        "upload",
        "--encrypt",
        file.to_str().unwrap(),
        "--expires",
        "90d",
    ]);
    let tab = browser::downloading_tab(&chromium, downloads.path(), Saving::Worker);
    let (state, status) = browser::download_through_page(&tab, &lines[0], "worker");
    assert_eq!(state, "done", "{status}: {:?}", world.edge.log());
    let saved = browser::wait_for_download(downloads.path(), "Contract 2026.pdf", body.len());
    assert!(saved == body);
    assert!(
        world.edge.log().iter().all(|l| l.starts_with("200 ")),
        "{:?}",
        world.edge.log()
    );
}
