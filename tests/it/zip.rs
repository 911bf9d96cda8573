//! `get FOLDER --zip OUT.zip`: a folder page's link or an s3:// prefix as one zip, which the four
//! readers (Info-ZIP `unzip`, Python's `zipfile`, 7-Zip, `bsdtar`) test clean and extract to the
//! uploaded bytes; written atomically, or to stdout with `--zip -`.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::{assert_failure, data, sha256, stderr, stdout, TestEnv};

/// Nested folders, unicode (NFD on the way in), an empty file and a file in parallel chunks.
pub(crate) const TREE: &[(&str, usize)] = &[
    ("a.txt", 10),
    ("empty.bin", 0),
    ("sub dir/cafe\u{301}.txt", 33),
    ("sub dir/deeper/b.bin", 1000),
    ("big/large.bin", 6 * 1024 * 1024 + 17),
];

/// The bytes of `TREE`'s files, by their names (each distinct from its first byte on).
fn tree_files() -> Vec<(&'static str, Vec<u8>)> {
    TREE.iter()
        .enumerate()
        .map(|(i, (path, len))| {
            let mut bytes = data(*len);
            if let Some(first) = bytes.first_mut() {
                *first = i as u8;
            }
            (*path, bytes)
        })
        .collect()
}

/// A test environment with `TREE` in the home's `photos/`, not uploaded.
fn local_tree() -> TestEnv {
    let env = TestEnv::new();
    env.file(
        "s3share.toml",
        b"bucket = \"bkt\"\nmultipart_threshold = \"5MiB\"\nconcurrency = 4\n",
    );
    let tree = env.home().join("photos");
    for (path, bytes) in tree_files() {
        let path = tree.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    env
}

pub(crate) fn env() -> TestEnv {
    let env = local_tree();
    let up = run(&env, &["upload", "photos", "--to", "s3://bkt/up/"]);
    assert!(up.status.success(), "{}", stderr(&up));
    env
}

pub(crate) fn run(env: &TestEnv, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("S3SHARE_CONFIG", env.home().join("s3share.toml"))
        .args(args)
        .output()
        .unwrap()
}

/// Whether `tool` is here; a test without it is skipped, or fails under CI.
fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("--help").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{tool} is missing (apt-get install unzip 7zip libarchive-tools)"
    );
    found
}

fn text(output: &std::process::Output) -> String {
    format!("{}{}", stdout(output), stderr(output))
}

/// Each installed reader tests `zip` clean, and Python extracts the tree's bytes under NFC names.
pub(crate) fn assert_readers_accept(env: &TestEnv, zip: &Path) {
    let path = zip.to_str().unwrap();
    if have("unzip") {
        let out = Command::new("unzip").args(["-t", path]).output().unwrap();
        assert!(out.status.success() && text(&out).contains("No errors detected"));
        assert!(
            !text(&out).to_lowercase().contains("warning"),
            "{}",
            text(&out)
        );
    }
    if have("7zz") {
        let out = Command::new("7zz").args(["t", path]).output().unwrap();
        let said = text(&out);
        assert!(
            out.status.success() && said.contains("Everything is Ok"),
            "{said}"
        );
        assert!(
            !said.contains("Warning") && !said.contains("Error"),
            "{said}"
        );
    }
    if have("bsdtar") {
        let out = Command::new("bsdtar")
            .args(["-tvf", path])
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}",
            text(&out)
        );
    }
    if have("python3") {
        let script = "import sys, zipfile, hashlib\n\
            z = zipfile.ZipFile(sys.argv[1])\n\
            assert z.testzip() is None\n\
            for i in z.infolist(): print(i.filename, hashlib.sha256(z.read(i)).hexdigest(), sep='\\t')\n";
        let out = Command::new("python3")
            .args(["-W", "error", "-c", script, path])
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}",
            text(&out)
        );
        let mut want: Vec<String> = TREE
            .iter()
            .map(|(name, _)| {
                let bytes = std::fs::read(env.home().join("photos").join(name)).unwrap();
                let nfc = name.replace("e\u{301}", "\u{e9}");
                format!("{nfc}\t{}", sha256(&bytes))
            })
            .collect();
        let mut got: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want);
    }
}

#[test]
fn a_folder_link_and_its_prefix_come_down_as_the_same_zip_every_reader_opens() {
    let env = env();
    let shared = run(&env, &["share", "s3://bkt/up/photos/"]);
    assert!(shared.status.success(), "{}", stderr(&shared));
    let link = stdout(&shared).trim().to_owned();
    let from_page = env.home().join("page.zip");
    let got = env
        .cmd()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["get", &link, "--zip", from_page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(got.status.success(), "{}", stderr(&got));
    assert!(stderr(&got).contains("5 files"), "{}", stderr(&got));
    #[cfg(unix)]
    {
        // The mode of any new file, not a temporary file's 0600.
        use std::os::unix::fs::PermissionsExt;
        let probe = env.file("probe", b"");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&from_page), mode(&probe));
    }
    assert_readers_accept(&env, &from_page);

    // The prefix gives the same bytes: names, order and times come from the same listing.
    let from_prefix = env.home().join("prefix.zip");
    let got = run(
        &env,
        &[
            "get",
            "s3://bkt/up/photos/",
            "--zip",
            from_prefix.to_str().unwrap(),
        ],
    );
    assert!(got.status.success(), "{}", stderr(&got));
    let (page, prefix) = (
        std::fs::read(&from_page).unwrap(),
        std::fs::read(&from_prefix).unwrap(),
    );
    assert!(page == prefix, "the page's zip and the prefix's differ");

    // And so does stdout.
    let piped = run(&env, &["get", "s3://bkt/up/photos/", "--zip", "-"]);
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(piped.stdout == prefix, "the zip on stdout differs");

    // An existing file is kept without --force.
    let again = run(
        &env,
        &[
            "get",
            "s3://bkt/up/photos/",
            "--zip",
            from_prefix.to_str().unwrap(),
        ],
    );
    assert_failure(&again, 1, "already exists");
    let forced = run(
        &env,
        &[
            "get",
            "s3://bkt/up/photos/",
            "--zip",
            from_prefix.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
}

#[test]
fn a_zip_that_fails_half_way_leaves_nothing_behind() {
    let env = env();
    let shared = run(&env, &["share", "s3://bkt/up/photos/"]);
    let link = stdout(&shared).trim().to_owned();
    // A file of the page is gone from the bucket: its download fails after others succeeded.
    std::fs::remove_file(
        env.server
            .object_path("bkt", "up/photos/sub dir/deeper/b.bin"),
    )
    .unwrap();
    let out_dir = env.home().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("photos.zip");
    let got = run(&env, &["get", &link, "--zip", target.to_str().unwrap()]);
    assert_failure(&got, 4, "");
    assert_eq!(
        std::fs::read_dir(&out_dir).unwrap().count(),
        0,
        "nothing left in the folder"
    );
}

#[test]
fn zip_needs_a_folder() {
    let env = env();
    let got = run(&env, &["get", "s3://bkt/up/photos/a.txt", "--zip", "a.zip"]);
    assert_failure(&got, 2, "--zip writes a folder");
    assert!(!env.home().join("a.zip").exists());
}

/// The local headers' general-purpose flags of `zip`, in order (a walk over the entries, which
/// a zip without data descriptors allows).
fn local_flags(zip: &[u8]) -> Vec<u16> {
    let u16_at = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(zip[at..at + 4].try_into().unwrap());
    let mut flags = Vec::new();
    let mut at = 0;
    while u32_at(at) == 0x0403_4b50 {
        let flag = u16_at(at + 6);
        flags.push(flag);
        assert_eq!(flag & 8, 0, "entry {} has a data descriptor", flags.len());
        let size = u64::from(u32_at(at + 18));
        at += 30 + usize::from(u16_at(at + 26)) + usize::from(u16_at(at + 28)) + size as usize;
    }
    flags
}

/// Uploads the tree with `--share-folder` (so the page records every CRC-32): the page's link.
fn uploaded_page(env: &TestEnv) -> String {
    let up = run(
        env,
        &[
            "upload",
            "photos",
            "--to",
            "s3://bkt/crc/",
            "--share-folder",
        ],
    );
    assert!(up.status.success(), "{}", stderr(&up));
    stdout(&up)
        .lines()
        .find(|l| l.contains(".s3share/shares/"))
        .expect("a page link")
        .trim()
        .to_owned()
}

#[test]
fn an_uploaded_folders_page_knows_every_crc_so_its_zip_has_no_data_descriptor() {
    let env = env();
    let link = uploaded_page(&env);
    let zip = env.home().join("crc.zip");
    let got = run(&env, &["get", &link, "--zip", zip.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    assert_every_crc_known(&zip);
    assert_readers_accept(&env, &zip);
}

/// The zip at `zip` holds the tree's files, each with its CRC-32 in its local header: no data
/// descriptor.
pub(crate) fn assert_every_crc_known(zip: &Path) {
    let bytes = std::fs::read(zip).unwrap();
    assert_eq!(local_flags(&bytes).len(), TREE.len());
    assert!(
        !bytes.windows(4).any(|w| w == 0x0807_4b50u32.to_le_bytes()),
        "a data descriptor signature in the zip"
    );
}

#[test]
fn a_crc_that_does_not_match_the_bytes_fails_the_zip_instead_of_writing_a_wrong_one() {
    let env = env();
    let link = uploaded_page(&env);
    env.spoil_first_crc_of_page(&link);
    let out_dir = env.home().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("photos.zip");
    let got = run(&env, &["get", &link, "--zip", target.to_str().unwrap()]);
    assert_failure(&got, 7, "CRC-32");
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 0);
}

/// A server that stores whole-object CRC-32s (moto, as S3 does when the uploader sends one):
/// `share` records each in the page, so the zip of the page (and the page's own) has every
/// CRC-32 in its local headers and no data descriptor.
#[test]
fn crc32s_the_server_stores_go_into_the_page_and_the_zip_needs_no_descriptor() {
    let Some(moto) = support::moto::Moto::start() else {
        return;
    };
    moto.create_bucket("bkt");
    for (path, bytes) in tree_files() {
        moto.put_object_with_crc32("bkt", &format!("stored/{path}"), &bytes);
    }
    let env = local_tree();
    let on_moto = |args: &[&str]| {
        env.cmd()
            .env("S3SHARE_CONFIG", env.home().join("s3share.toml"))
            .env("AWS_ENDPOINT_URL", &moto.endpoint)
            .args(args)
            .output()
            .unwrap()
    };
    let shared = on_moto(&["share", "s3://bkt/stored/"]);
    assert!(shared.status.success(), "{}", stderr(&shared));
    let link = stdout(&shared).trim().to_owned();
    let page = support::http().get(&link).send().unwrap().text().unwrap();
    let Some(block) = page.split("id=\"s3share-data\">").nth(1) else {
        panic!("no data block: {page}");
    };
    let data: serde_json::Value =
        serde_json::from_str(block.split("</script>").next().unwrap()).unwrap();
    for (path, bytes) in tree_files() {
        let file = data["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in {data}"));
        let crc = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc32IsoHdlc, &bytes);
        assert_eq!(file["crc32"], crc, "{path}");
    }
    let zip = env.home().join("stored.zip");
    let got = on_moto(&["get", &link, "--zip", zip.to_str().unwrap()]);
    assert!(got.status.success(), "{}", stderr(&got));
    assert_every_crc_known(&zip);
    assert_readers_accept(&env, &zip);
}
