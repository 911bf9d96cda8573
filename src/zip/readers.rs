//! The archives, tested by four independent readers: Info-ZIP `unzip`, Python's `zipfile`,
//! 7-Zip (`7zz`) and libarchive's `bsdtar`. Each must test the archive clean, with no warning,
//! and extract what was written (SHA-256 and modification time of every file); the predicted
//! length must be the length written. The large cases (a 4 GiB file, more than 65,535 entries,
//! more than 4 GiB in all) are `#[ignore]`d: `.ci/run` runs them (`cargo test -- --ignored zip`).
//! A reader that is not installed is skipped, unless `CI` is set.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::Path;
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

use super::encoder::ZipWriter;
use super::entry::{Crc32, Entry, Kind};
use super::format::predicted_len;
use super::names::plan;
use super::tests::have;

/// A folder's modification time: 2023-11-14T22:13:20Z.
const TIME: i64 = 1_700_000_000;

/// The data of entry `index`: a 64 KiB buffer, distinct per entry, repeated up to the size.
fn pattern(index: usize) -> Vec<u8> {
    (0..65_536u32)
        .map(|i| (i.wrapping_mul(31) ^ (index as u32).wrapping_mul(2_654_435_761) >> 7) as u8)
        .collect()
}

/// Calls `each` with the pieces of entry `index`'s data.
fn chunks(index: usize, size: u64, mut each: impl FnMut(&[u8])) {
    let buffer = pattern(index);
    let mut left = size;
    while left > 0 {
        let n = left.min(buffer.len() as u64) as usize;
        each(&buffer[..n]);
        left -= n as u64;
    }
}

/// The CRC-32 of entry `index`'s data, for entries that declare it.
fn crc_of(index: usize, size: u64) -> u32 {
    let mut crc = Crc32::new();
    chunks(index, size, |piece| crc.update(piece));
    crc.value()
}

/// A file entry with its CRC-32 known in advance or not.
fn file(index: usize, name: &str, size: u64, known: bool) -> Entry {
    Entry::file(
        name,
        TIME + index as i64 * 2,
        size,
        known.then(|| crc_of(index, size)),
    )
}

/// Writes the archive of `entries` to `path`: the SHA-256 of each file by name.
fn write(path: &Path, entries: &[Entry]) -> BTreeMap<String, String> {
    let mut zip = ZipWriter::new(BufWriter::with_capacity(
        1 << 20,
        File::create(path).unwrap(),
    ));
    let mut sums = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        zip.begin(entry.clone()).unwrap();
        let mut sha = Sha256::new();
        chunks(index, entry.size(), |piece| {
            sha.update(piece);
            zip.data(piece).unwrap();
        });
        zip.end().unwrap();
        if let Kind::File { .. } = entry.kind {
            sums.insert(entry.name.clone(), hex::encode(sha.finalize()));
        }
    }
    zip.finish().unwrap();
    assert_eq!(
        std::fs::metadata(path).unwrap().len(),
        predicted_len(entries),
        "predicted length"
    );
    sums
}

/// Runs a reader with a time zone far from UTC, so a time read as local time shows.
fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .env("TZ", "America/Los_Angeles")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The SHA-256 of each regular file under `dir`, by its `/`-separated relative name; checks the
/// modification times against `entries` and that each folder entry is a folder.
fn extracted(dir: &Path, entries: &[Entry], reader: &str) -> BTreeMap<String, String> {
    let mut sums = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for item in std::fs::read_dir(&at).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
            let mut sha = Sha256::new();
            let mut file = File::open(&path).unwrap();
            let mut buffer = vec![0; 1 << 20];
            loop {
                let n = file.read(&mut buffer).unwrap();
                if n == 0 {
                    break;
                }
                sha.update(&buffer[..n]);
            }
            sums.insert(name, hex::encode(sha.finalize()));
        }
    }
    for entry in entries {
        let path = dir.join(entry.name.trim_end_matches('/'));
        let meta =
            std::fs::metadata(&path).unwrap_or_else(|e| panic!("{reader}: {}: {e}", entry.name));
        assert_eq!(
            meta.is_dir(),
            entry.kind == Kind::Dir,
            "{reader}: {}",
            entry.name
        );
        if entry.kind != Kind::Dir {
            let mtime = meta
                .modified()
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            assert_eq!(
                mtime.as_secs() as i64,
                entry.modified,
                "{reader}: time of {}",
                entry.name
            );
        }
    }
    sums
}

/// Each installed reader tests `path` clean and extracts `sums`.
fn check(path: &Path, entries: &[Entry], sums: &BTreeMap<String, String>) {
    let zip = path.to_str().unwrap();
    let scratch = tempfile::tempdir_in(path.parent().unwrap()).unwrap();
    let into = |reader: &str| {
        let dir = scratch.path().join(reader);
        std::fs::create_dir(&dir).unwrap();
        dir
    };
    if have("unzip") {
        let out = run("unzip", &["-t", zip]);
        let said = text(&out);
        assert!(
            out.status.success() && said.contains("No errors detected"),
            "unzip -t: {said}"
        );
        assert!(!said.to_lowercase().contains("warning"), "unzip -t: {said}");
        let dir = into("unzip");
        let out = run("unzip", &["-q", zip, "-d", dir.to_str().unwrap()]);
        assert!(
            out.status.success() && text(&out).is_empty(),
            "unzip: {}",
            text(&out)
        );
        assert_eq!(&extracted(&dir, entries, "unzip"), sums, "unzip");
        std::fs::remove_dir_all(dir).unwrap();
    }
    if have("python3") {
        let script = "import sys, zipfile, hashlib, json\n\
            z = zipfile.ZipFile(sys.argv[1])\n\
            assert z.testzip() is None\n\
            sums = {}\n\
            for info in z.infolist():\n\
            \x20   if info.is_dir(): continue\n\
            \x20   h = hashlib.sha256()\n\
            \x20   with z.open(info) as f:\n\
            \x20       for block in iter(lambda: f.read(1 << 20), b''): h.update(block)\n\
            \x20   sums[info.filename] = h.hexdigest()\n\
            print(json.dumps(sums))\n";
        let out = run("python3", &["-W", "error", "-c", script, zip]);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "python: {}",
            text(&out)
        );
        let got: BTreeMap<String, String> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(&got, sums, "python zipfile");
    }
    if have("7zz") {
        let out = run("7zz", &["t", zip]);
        let said = text(&out);
        assert!(
            out.status.success() && said.contains("Everything is Ok"),
            "7zz t: {said}"
        );
        assert!(
            !said.contains("Warning") && !said.contains("Error"),
            "7zz t: {said}"
        );
        let dir = into("7zz");
        let out = run("7zz", &["x", "-y", &format!("-o{}", dir.display()), zip]);
        let said = text(&out);
        assert!(
            out.status.success() && !said.contains("Warning"),
            "7zz x: {said}"
        );
        assert_eq!(&extracted(&dir, entries, "7zz"), sums, "7zz");
        std::fs::remove_dir_all(dir).unwrap();
    }
    if have("bsdtar") {
        let out = run("bsdtar", &["-tvf", zip]);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "bsdtar -tvf: {}",
            text(&out)
        );
        assert_eq!(
            out.stdout.iter().filter(|&&b| b == b'\n').count(),
            entries.len()
        );
        let dir = into("bsdtar");
        let out = run("bsdtar", &["-xf", zip, "-C", dir.to_str().unwrap()]);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "bsdtar -x: {}",
            text(&out)
        );
        assert_eq!(&extracted(&dir, entries, "bsdtar"), sums, "bsdtar");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// Writes and checks the archive of `entries`.
fn roundtrip(entries: &[Entry]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folder.zip");
    let sums = write(&path, entries);
    check(&path, entries, &sums);
}

#[test]
fn an_empty_folder_and_empty_files_read_clean() {
    roundtrip(&[
        Entry::dir("empty", TIME),
        file(1, "empty.txt", 0, false),
        file(2, "sub/also empty", 0, true),
        Entry::dir("sub/deeper", TIME),
    ]);
}

#[test]
fn both_layouts_read_clean() {
    roundtrip(&[
        file(0, "known.bin", 100_000, true),
        file(1, "unknown.bin", 100_000, false),
        file(2, "dir/known", 1, true),
        file(3, "dir/unknown", 70_000, false),
    ]);
}

#[test]
fn nfc_and_nfd_names_read_clean_as_nfc() {
    let inputs = [
        "caf\u{e9}.txt",
        "re\u{301}sume\u{301}/cafe\u{301}.txt",
        "\u{65e5}\u{672c}.txt",
        "\u{1f600}/x",
    ];
    let (names, changes) = plan(&inputs);
    assert!(changes.is_empty());
    let entries: Vec<Entry> = names
        .iter()
        .enumerate()
        .map(|(i, name)| file(i, name.as_ref().unwrap(), 1000 + i as u64, i % 2 == 0))
        .collect();
    assert_eq!(entries[1].name, "r\u{e9}sum\u{e9}/caf\u{e9}.txt");
    roundtrip(&entries);
}

#[test]
#[ignore = "writes and reads a 4 GiB archive twice: .ci/run runs it"]
fn zip_a_file_over_4_gib_reads_clean_in_both_layouts() {
    let size = (4u64 << 30) + 12_345;
    roundtrip(&[
        file(0, "small", 10, false),
        file(1, "big.bin", size, true),
        file(2, "after", 10, false),
    ]);
    roundtrip(&[
        file(0, "small", 10, true),
        file(1, "big.bin", size, false),
        file(2, "after", 10, false),
    ]);
}

#[test]
#[ignore = "70,000 entries: .ci/run runs it"]
fn zip_more_than_65535_entries_read_clean() {
    let entries: Vec<Entry> = (0..70_000)
        .map(|i| {
            file(
                i,
                &format!("d{}/f{i}", i / 1000),
                (i % 50) as u64,
                i % 2 == 0,
            )
        })
        .collect();
    roundtrip(&entries);
}

#[test]
#[ignore = "writes and reads 4 GiB of small files: .ci/run runs it"]
fn zip_more_than_4_gib_of_small_files_read_clean() {
    let entries: Vec<Entry> = (0..4200)
        .map(|i| file(i, &format!("part{i:04}"), (1 << 20) + i as u64, i % 2 == 1))
        .collect();
    roundtrip(&entries);
}
