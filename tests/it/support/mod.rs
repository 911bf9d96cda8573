//! The test fixture: a running S3 server, a private HOME, and the built binary with an
//! environment that points at both and at nothing else.

#![allow(dead_code)]

pub mod edge;
pub mod moto;
pub mod proxy;
pub mod server;
pub mod stand_in;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
pub use server::{S3Server, ACCESS_KEY, SECRET_KEY};

/// The bucket every test environment starts with.
pub const BUCKET: &str = "bkt";

/// One test's world: server, temp home, and a way to run s3share in it.
pub struct TestEnv {
    /// The S3 server.
    pub server: S3Server,
    /// A temporary directory used as HOME, working directory and config home.
    pub home: tempfile::TempDir,
    /// The data directory (`XDG_DATA_HOME`: the link history), outside the home so that tests
    /// of what a command leaves in its working directory see only that.
    pub data: tempfile::TempDir,
}

impl TestEnv {
    /// A server with bucket `bkt` and an empty home.
    pub fn new() -> TestEnv {
        let server = S3Server::start();
        server.create_bucket(BUCKET);
        let home = tempfile::tempdir().expect("temp home");
        let data = tempfile::tempdir().expect("temp data directory");
        TestEnv { server, home, data }
    }

    /// The home directory.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// `s3share` with a clean environment: credentials and endpoint of the test server, region
    /// us-east-1, HOME in the temp dir, and no instance-metadata lookups.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// [`TestEnv::cmd`] as a plain `std::process::Command` (for running it on a pseudo-terminal).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("s3share"));
        self.environment(&mut cmd);
        cmd
    }

    /// [`TestEnv::cmd`] with s3share's clock `seconds` behind (libfaketime, Debian `faketime`):
    /// what it signs was signed that long ago, so a link with a shorter lifetime is expired at
    /// once and no test sleeps for a link to expire.
    pub fn cmd_signing_in_the_past(&self, seconds: u32) -> Command {
        let mut cmd = std::process::Command::new("faketime");
        cmd.arg("-f")
            .arg(format!("-{seconds}s"))
            .arg(assert_cmd::cargo::cargo_bin("s3share"));
        self.environment(&mut cmd);
        Command::from_std(cmd)
    }

    /// [`TestEnv::cmd_signing_in_the_past`], expecting exactly one URL on stdout. Without
    /// faketime it signs now and waits `seconds` instead, except in CI, where faketime must be.
    pub fn url_signed_in_the_past(&self, seconds: u32, args: &[&str]) -> String {
        let mut cmd = if has_faketime() {
            self.cmd_signing_in_the_past(seconds)
        } else {
            assert!(
                std::env::var_os("CI").is_none_or(|v| v.is_empty()),
                "CI needs faketime: apt-get install faketime"
            );
            self.cmd()
        };
        let output = cmd.args(args).output().expect("run s3share");
        if !has_faketime() {
            std::thread::sleep(std::time::Duration::from_secs(seconds.into()));
        }
        assert!(
            output.status.success(),
            "s3share {args:?}: {}",
            stderr(&output)
        );
        let text = stdout(&output);
        let mut lines = text.lines();
        let url = lines.next().expect("a URL").to_owned();
        assert!(lines.next().is_none(), "expected one line: {text}");
        url
    }

    /// The environment every run of s3share in this world gets.
    fn environment(&self, cmd: &mut std::process::Command) {
        private_environment(cmd, self.home(), self.data.path());
        cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", &self.server.endpoint);
    }

    /// Runs s3share with `args` and returns its output, asserting that no secret leaked into it.
    pub fn run(&self, args: &[&str]) -> Output {
        let output = self.cmd().args(args).output().expect("run s3share");
        assert_no_secrets(&output);
        output
    }

    /// Runs s3share, expects success, and returns stdout's lines.
    pub fn lines(&self, args: &[&str]) -> Vec<String> {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "s3share {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout(&output).lines().map(str::to_owned).collect()
    }

    /// Runs s3share expecting exactly one URL on stdout.
    pub fn url(&self, args: &[&str]) -> String {
        let lines = self.lines(args);
        assert_eq!(lines.len(), 1, "expected one line: {lines:?}");
        lines.into_iter().next().unwrap()
    }

    /// Stores an object through the server (an HTTP PUT signed by s3share's presigner is not
    /// used here, so seeding does not depend on the code under test).
    pub fn put_object(&self, key: &str, body: &[u8]) {
        let path = self.server.object_path(BUCKET, key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }

    /// Writes `files` (path below `dir`, length) into the home's `dir`, each `data(length)`.
    pub fn write_tree(&self, dir: &str, files: &[(&str, usize)]) {
        for (path, len) in files {
            let path = self.home().join(dir).join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, data(*len)).unwrap();
        }
    }

    /// Reads an object's bytes from the server's storage, if it exists.
    pub fn stored(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.server.object_path(BUCKET, key)).ok()
    }

    /// Rewrites the folder page behind `link` (path-style, in the test bucket) so that its first
    /// recorded CRC-32 is wrong: the bytes stay intact and only a CRC check can tell.
    pub fn spoil_first_crc_of_page(&self, link: &str) {
        let key = link
            .split("/bkt/")
            .nth(1)
            .unwrap()
            .split('?')
            .next()
            .unwrap();
        let path = self.server.object_path(BUCKET, key);
        let page = std::fs::read_to_string(&path).unwrap();
        let at = page.find("\"crc32\":").expect("CRC-32s in the page") + 8;
        let end = at + page[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
        let wrong = page[at..end].parse::<u32>().unwrap() ^ 1;
        std::fs::write(&path, format!("{}{wrong}{}", &page[..at], &page[end..])).unwrap();
    }

    /// A file in the home directory.
    pub fn file(&self, name: &str, body: &[u8]) -> PathBuf {
        let path = self.home().join(name);
        std::fs::write(&path, body).unwrap();
        path
    }
}

/// An environment with nothing from this one but PATH: `home` as HOME, working directory and
/// config home, `data` as the data directory, and no instance-metadata lookups. The caller adds
/// the server and its credentials.
pub fn private_environment(cmd: &mut std::process::Command, home: &Path, data: &Path) {
    cmd.env_clear()
        .current_dir(home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", data)
        .env("AWS_CONFIG_FILE", home.join(".aws/config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
}

/// A Python venv under ~/.cache/s3share/NAME with `packages` installed, made once (as
/// scripts/check-release.sh caches its tools); `None` (the test skips) when it cannot be made,
/// except in CI, where that fails the test (`what` says what needed it).
pub fn python_venv(name: &str, packages: &[&str], what: &str) -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let venv = cache.join("s3share").join(name);
    // Tests run in parallel: one makes the venv while the others wait for it.
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _making = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    if !venv.join(".complete").exists() {
        let made = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && std::process::Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "--disable-pip-version-check"])
                .args(packages)
                .status()
                .is_ok_and(|s| s.success());
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        if !made {
            assert!(!ci, "CI needs python3 -m venv and PyPI for {what}");
            eprintln!("skipping what needs {what}: no venv");
            return None;
        }
        std::fs::write(venv.join(".complete"), b"").unwrap();
    }
    Some(venv)
}

/// Whether libfaketime's `faketime` runs here.
fn has_faketime() -> bool {
    static HAS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *HAS.get_or_init(|| {
        std::process::Command::new("faketime")
            .args(["-f", "-1s", "true"])
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Bytes that differ at every offset, so a misplaced part or a shifted or repeated range shows.
pub fn data(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

/// The SHA-256 of `bytes`, as lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every file under `dir`, at any depth (the server's storage, say).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Entries of a directory, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails if the secret key shows anywhere in the output.
pub fn assert_no_secrets(output: &Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(SECRET_KEY), "secret key leaked: {text}");
    }
}

/// Asserts the exit code and that stderr starts with `error:` and mentions `needle`.
pub fn assert_failure(output: &Output, code: i32, needle: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "stderr: {err}");
    assert!(err.starts_with("error: "), "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in stderr: {err}");
    assert!(
        output.stdout.is_empty(),
        "stdout must stay empty on error: {}",
        stdout(output)
    );
}

/// Sends SIGINT to the process `pid`, as Ctrl-C in a terminal would.
#[cfg(unix)]
pub fn interrupt(pid: u32) {
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -INT {pid}");
}

/// Asserts the process ended as an interrupted one must: killed by SIGINT once it had cleaned
/// up, which a shell reports as 130 and which stops a shell loop (an exit code of 130 would not).
#[cfg(unix)]
pub fn assert_died_of_sigint(status: &std::process::ExitStatus, stderr: &str) {
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        (status.code(), status.signal()),
        (None, Some(libc::SIGINT)),
        "expected death by SIGINT; stderr: {stderr}"
    );
}

/// An HTTP client for using links the way a recipient would.
pub fn http() -> reqwest::blocking::Client {
    // reqwest is built without a TLS provider of its own (s3share installs aws-lc-rs in main).
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}
