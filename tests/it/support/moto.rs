//! moto's server (`moto_server`, PyPI `moto[server]`) on a free loopback port: the CloudFront
//! control plane and S3 bucket policies for the `cdn init`, `status`, `rotate` and revoke tests.
//! It is installed into a venv under ~/.cache/s3share/moto (as the CloudFront verifier's venv
//! is, and as `.ci/run` prepares it); without it the tests skip, except in CI, where they fail.
//! The server stops when the fixture is dropped. `moto_server.py` runs it with the key-group
//! calls moto lacks added, as CloudFront documents them.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running moto server.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Starts moto on a free port; `None` (the test skips) when moto cannot be installed, except
    /// in CI, where that fails the test.
    pub fn start() -> Option<Moto> {
        let python = venv()?.join("bin/python");
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/it/support/moto_server.py");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(python)
            .arg(script)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not listen within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(moto)
    }

    /// A CloudFront API listing (`distribution`, `public-key`, `key-group`,
    /// `origin-access-control`, `distribution/ID/invalidation`), as moto's XML. moto checks no
    /// signature; the Authorization header only tells it the service.
    pub fn cloudfront(&self, path: &str) -> String {
        self.get(&format!("/2020-05-31/{path}"), "cloudfront")
    }

    /// How many items a CloudFront listing holds (its first `<Quantity>`).
    pub fn count(&self, path: &str) -> usize {
        let xml = self.cloudfront(path);
        let start = xml.find("<Quantity>").expect("a CloudFront list") + "<Quantity>".len();
        xml[start..xml[start..].find('<').unwrap() + start]
            .parse()
            .unwrap()
    }

    /// Creates a bucket.
    pub fn create_bucket(&self, bucket: &str) {
        let status = super::http()
            .put(format!("{}/{bucket}", self.endpoint))
            .header("Authorization", authorization("s3"))
            .send()
            .unwrap()
            .status();
        assert!(status.is_success(), "create bucket: {status}");
    }

    /// Sets the bucket's policy.
    pub fn put_policy(&self, bucket: &str, policy: &str) {
        let status = super::http()
            .put(format!("{}/{bucket}?policy", self.endpoint))
            .header("Authorization", authorization("s3"))
            .body(policy.to_owned())
            .send()
            .unwrap()
            .status();
        assert!(status.is_success(), "put policy: {status}");
    }

    /// The bucket's policy, as JSON.
    pub fn policy(&self, bucket: &str) -> serde_json::Value {
        serde_json::from_str(&self.get(&format!("/{bucket}?policy"), "s3")).unwrap()
    }

    /// Stores an object.
    pub fn put_object(&self, bucket: &str, key: &str, body: &[u8]) {
        let status = super::http()
            .put(format!("{}/{bucket}/{key}", self.endpoint))
            .header("Authorization", authorization("s3"))
            .body(body.to_vec())
            .send()
            .unwrap()
            .status();
        assert!(status.is_success(), "put object: {status}");
    }

    /// Stores an object with its CRC-32, which moto keeps and lists (`ChecksumAlgorithm`) and
    /// gives back on a HEAD with `x-amz-checksum-mode: ENABLED`, as S3 does.
    pub fn put_object_with_crc32(&self, bucket: &str, key: &str, body: &[u8]) {
        let crc = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc32IsoHdlc, body) as u32;
        let status = super::http()
            .put(format!("{}/{bucket}/{key}", self.endpoint))
            .header("Authorization", authorization("s3"))
            .header("Content-Type", "application/octet-stream")
            .header("x-amz-sdk-checksum-algorithm", "CRC32")
            .header(
                "x-amz-checksum-crc32",
                base64::Engine::encode(
                    &base64::engine::general_purpose::STANDARD,
                    crc.to_be_bytes(),
                ),
            )
            .body(body.to_vec())
            .send()
            .unwrap()
            .status();
        assert!(status.is_success(), "put object: {status}");
    }

    /// Whether the object exists.
    pub fn has_object(&self, bucket: &str, key: &str) -> bool {
        super::http()
            .head(format!("{}/{bucket}/{key}", self.endpoint))
            .header("Authorization", authorization("s3"))
            .send()
            .unwrap()
            .status()
            .is_success()
    }

    /// Whether the bucket has no policy.
    pub fn policy_is_none(&self, bucket: &str) -> bool {
        super::http()
            .get(format!("{}/{bucket}?policy", self.endpoint))
            .header("Authorization", authorization("s3"))
            .send()
            .unwrap()
            .status()
            == 404
    }

    fn get(&self, path: &str, service: &str) -> String {
        let response = super::http()
            .get(format!("{}{path}", self.endpoint))
            .header("Authorization", authorization(service))
            .send()
            .unwrap();
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        response.text().unwrap()
    }
}

fn authorization(service: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, \
         SignedHeaders=host, Signature=00"
    )
}

/// The venv with moto's server, made once (cached under ~/.cache/s3share/moto).
fn venv() -> Option<PathBuf> {
    static VENV: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    VENV.get_or_init(|| super::python_venv("moto", &["moto[server]"], "moto's server"))
        .clone()
}
