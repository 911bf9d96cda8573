//! The format of encrypted uploads (docs/FORMAT-encrypted-uploads.md): files encrypted as RFC
//! 8188 `aes128gcm` bodies, each under its own fresh content key, stored as chunk objects of
//! whole records under random keys, and a manifest listing them, stored last (its presence means
//! the upload is complete). An encrypted request seals its manifest to the requester's public
//! key with HPKE; encrypted folders are meant to share the manifest and the chunks.
//!
//! This module is the format only: key names, chunk sizes, the manifest and its sealing, and an
//! opener that checks a file's records, size and SHA-256 as its bytes arrive. Moving bytes is
//! the commands' and `transfer/`'s.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::ece::{self, Header, Keys, RecordOpener, Secret, HEADER_LEN, RECORD_SIZE};
use crate::hpke::{self, PublicKey, SecretKey};

/// Records per chunk object: 1,024 records of 64 KiB, 64 MiB of ciphertext (the first chunk
/// also carries the 21-byte header).
pub const CHUNK_RECORDS: u64 = 1024;

/// The largest chunk object: the header and [`CHUNK_RECORDS`] records.
pub const MAX_CHUNK: u64 = HEADER_LEN as u64 + CHUNK_RECORDS * RECORD_SIZE as u64;

/// The largest manifest object s3share writes or reads.
pub const MAX_MANIFEST: u64 = 1 << 20;

/// The largest encrypted folder's manifest s3share reads (about a million files).
pub const MAX_FOLDER_MANIFEST: u64 = 256 << 20;

/// The object name that completes an upload, under its upload id.
pub const MANIFEST_NAME: &str = "manifest";

/// The first line of a manifest object, before the fingerprint of the key it is sealed to.
const MAGIC: &str = "s3share-encrypted-upload-v1";

/// The HPKE `info` of an encrypted request's manifest: this, then the request's prefix.
const REQUEST_INFO: &[u8] = b"s3share encrypted request v1\n";

/// The size of each chunk of a file of `plaintext_len` bytes, in order: record-aligned, the
/// first with the header. `None` past what a `u64` holds.
pub fn chunk_sizes(plaintext_len: u64) -> Option<Vec<u64>> {
    let mut left = ece::ciphertext_len(plaintext_len)?;
    let mut sizes = Vec::new();
    let mut max = MAX_CHUNK;
    while left > 0 {
        let size = left.min(max);
        sizes.push(size);
        left -= size;
        max = MAX_CHUNK - HEADER_LEN as u64;
    }
    Some(sizes)
}

/// A time as a manifest's `modified` holds it: milliseconds since the Unix epoch (`None` before
/// it, or past what a `u64` holds).
pub fn manifest_time(time: SystemTime) -> Option<u64> {
    let since = time.duration_since(UNIX_EPOCH).ok()?;
    u64::try_from(since.as_millis()).ok()
}

/// The time a manifest's `modified` says, where a clock can hold it (a manifest may say
/// anything).
pub fn time_of(milliseconds: u64) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::from_millis(milliseconds))
}

/// A random id: 16 bytes, lowercase hex (an upload's id, a chunk's name).
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes).expect("the system's random source");
    hex::encode(bytes)
}

/// What an object key is in this format: a part of upload `upload` of the request (or folder)
/// whose prefix is `prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part<'a> {
    /// The request's prefix (ends with `/`, or is empty).
    pub prefix: &'a str,
    /// The upload's id.
    pub upload: &'a str,
    /// Whether it is the manifest (else a chunk).
    pub manifest: bool,
}

/// Reads `key` as a part of an encrypted upload: `PREFIX UPLOAD/manifest` or
/// `PREFIX UPLOAD/CHUNK`, both ids 32 lowercase hex digits; `None` for any other key.
pub fn part_of(key: &str) -> Option<Part<'_>> {
    let (rest, name) = key.rsplit_once('/')?;
    let (prefix, upload) = match rest.rsplit_once('/') {
        Some((prefix, upload)) => (&key[..prefix.len() + 1], upload),
        None => ("", rest),
    };
    let is_id =
        |s: &str| s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !is_id(upload) || !(name == MANIFEST_NAME || is_id(name)) {
        return None;
    }
    Some(Part {
        prefix,
        upload,
        manifest: name == MANIFEST_NAME,
    })
}

/// What the manifest says of one file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestFile {
    /// The sender's name for it (made safe before it is used as a path).
    pub name: String,
    /// Bytes of plaintext.
    pub size: u64,
    /// Its media type, as the sender's browser or s3share guessed it.
    #[serde(rename = "type", default)]
    pub content_type: String,
    /// When the sender's copy was last modified, milliseconds since the Unix epoch.
    #[serde(default)]
    pub modified: Option<u64>,
    /// SHA-256 of the plaintext, lowercase hex.
    pub sha256: String,
    /// The content key (RFC 8188's input keying material), unpadded base64url.
    pub key: String,
    /// The chunks, in order; their concatenation is the RFC 8188 body.
    pub chunks: Vec<Chunk>,
    /// The CRC-32 of the plaintext, where the sender computed it (an encrypted folder's files:
    /// their zip entries need no data descriptor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc32: Option<u32>,
}

/// One chunk object.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Chunk {
    /// Its object key, relative to the request's (or folder's) prefix.
    pub key: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A manifest: the files of one upload.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// The format's version: 1.
    pub version: u32,
    /// An encrypted folder's name (the directory shared), which names its download folder and
    /// zip; a request's manifest has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The files.
    pub files: Vec<ManifestFile>,
}

/// Why a manifest did not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestRefused {
    /// Not a manifest of this format.
    #[error("not an s3share encrypted upload manifest")]
    Malformed,
    /// Sealed to another key: the fingerprint of the key it needs.
    #[error("sealed to another key (fingerprint {0})")]
    OtherKey(String),
    /// It names this key but does not open: changed, or sealed for another request.
    #[error("does not open: changed, or sent to another request")]
    Open,
}

/// The HPKE `info` binding a manifest to the request whose prefix is `prefix`.
fn request_info(prefix: &str) -> Vec<u8> {
    [REQUEST_INFO, prefix.as_bytes()].concat()
}

/// The manifest object of an encrypted request at `prefix`: a line naming the format and the
/// fingerprint of `recipient`, then the JSON sealed to it (HPKE, `enc ‖ ciphertext`).
pub fn seal_manifest(recipient: &PublicKey, prefix: &str, manifest: &Manifest) -> Vec<u8> {
    let json = serde_json::to_vec(manifest).expect("a manifest serializes");
    let mut out = format!("{MAGIC} {}\n", recipient.fingerprint()).into_bytes();
    out.extend(hpke::seal(recipient, &request_info(prefix), b"", &json));
    out
}

/// Opens a manifest object of the request at `prefix` with the requester's key.
pub fn open_manifest(
    key: &SecretKey,
    prefix: &str,
    object: &[u8],
) -> Result<Manifest, ManifestRefused> {
    let newline = object
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(ManifestRefused::Malformed)?;
    let line = std::str::from_utf8(&object[..newline]).map_err(|_| ManifestRefused::Malformed)?;
    let fingerprint = line
        .strip_prefix(MAGIC)
        .and_then(|rest| rest.strip_prefix(' '))
        .filter(|f| f.len() == 32 && f.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or(ManifestRefused::Malformed)?;
    if fingerprint != key.public_key().fingerprint() {
        return Err(ManifestRefused::OtherKey(fingerprint.to_owned()));
    }
    let json = hpke::open(key, &request_info(prefix), b"", &object[newline + 1..])
        .map_err(|_| ManifestRefused::Open)?;
    let manifest: Manifest =
        serde_json::from_slice(&json).map_err(|_| ManifestRefused::Malformed)?;
    if manifest.version != 1 {
        return Err(ManifestRefused::Malformed);
    }
    Ok(manifest)
}

/// An encrypted folder's manifest object: the JSON as one RFC 8188 `aes128gcm` body under the
/// share's secret (the 16 bytes in the link's fragment), with a fresh salt.
pub fn seal_folder_manifest(secret: &Secret, manifest: &Manifest) -> Vec<u8> {
    let json = serde_json::to_vec(manifest).expect("a manifest serializes");
    ece::encrypt(secret, &Header::generate(), &json)
}

/// Opens an encrypted folder's manifest object with the share's secret.
pub fn open_folder_manifest(secret: &Secret, object: &[u8]) -> Result<Manifest, ManifestRefused> {
    // s3share's record size only, as the page's decryption takes.
    Header::parse(object).map_err(|_| ManifestRefused::Malformed)?;
    let json = ece::decrypt(secret, object).map_err(|_| ManifestRefused::Open)?;
    let manifest: Manifest =
        serde_json::from_slice(&json).map_err(|_| ManifestRefused::Malformed)?;
    if manifest.version != 1 {
        return Err(ManifestRefused::Malformed);
    }
    Ok(manifest)
}

/// Why a file's bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileRefused {
    /// The manifest's entry is not usable (a bad key, sizes that do not add up).
    #[error("its manifest entry is damaged")]
    Entry,
    /// A record did not decrypt or is out of place.
    #[error("{0}")]
    Record(ece::Refused),
    /// Everything decrypted, but the plaintext's SHA-256 is not the manifest's.
    #[error("its SHA-256 is not the one the sender recorded")]
    Digest,
}

/// Decrypts one file as its chunks' bytes arrive, in order, and checks at the end every
/// record, the size and the SHA-256 the manifest recorded.
pub struct FileOpener {
    secret: Secret,
    expected_sha256: String,
    body_len: u64,
    header: Vec<u8>,
    records: Option<RecordOpener>,
    digest: Sha256,
    seen: u64,
}

impl FileOpener {
    /// An opener for `file`; refuses an entry whose key or sizes do not fit the format.
    pub fn new(file: &ManifestFile) -> Result<FileOpener, FileRefused> {
        let secret = Secret::from_fragment(&file.key).map_err(|_| FileRefused::Entry)?;
        let body_len = ece::ciphertext_len(file.size).ok_or(FileRefused::Entry)?;
        let listed: Option<u64> = file
            .chunks
            .iter()
            .try_fold(0u64, |sum, c| sum.checked_add(c.size));
        if listed != Some(body_len) || file.chunks.iter().any(|c| c.size == 0) {
            return Err(FileRefused::Entry);
        }
        Ok(FileOpener {
            secret,
            expected_sha256: file.sha256.to_ascii_lowercase(),
            body_len,
            header: Vec::with_capacity(HEADER_LEN),
            records: None,
            digest: Sha256::new(),
            seen: 0,
        })
    }

    /// Decrypts what `bytes` completes, appending the plaintext to `out`.
    pub fn push(&mut self, mut bytes: &[u8], out: &mut Vec<u8>) -> Result<(), FileRefused> {
        self.seen += bytes.len() as u64;
        if self.records.is_none() {
            let take = (HEADER_LEN - self.header.len()).min(bytes.len());
            self.header.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.header.len() < HEADER_LEN {
                return Ok(());
            }
            let (header, start) = Header::parse(&self.header).map_err(FileRefused::Record)?;
            let keys = Arc::new(Keys::derive(&self.secret, &header.salt));
            self.records = Some(
                RecordOpener::new(keys, header.record_size, start as u64, self.body_len, 0)
                    .map_err(FileRefused::Record)?,
            );
        }
        let start = out.len();
        self.records
            .as_mut()
            .expect("made above")
            .push(bytes, out)
            .map_err(FileRefused::Record)?;
        self.digest.update(&out[start..]);
        Ok(())
    }

    /// Ends the file: every record was there and opened, and the SHA-256 is the manifest's.
    pub fn finish(self) -> Result<(), FileRefused> {
        let records = self
            .records
            .ok_or(FileRefused::Record(ece::Refused::Layout(0)))?;
        let count = records.record_count();
        records.finish(count).map_err(FileRefused::Record)?;
        if self.seen != self.body_len {
            return Err(FileRefused::Record(ece::Refused::Layout(count)));
        }
        if hex::encode(self.digest.finalize()) != self.expected_sha256 {
            return Err(FileRefused::Digest);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(plain: &[u8]) -> (ManifestFile, Vec<u8>) {
        let secret = Secret::generate();
        let body = ece::encrypt(&secret, &Header::generate(), plain);
        let sizes = chunk_sizes(plain.len() as u64).unwrap();
        assert_eq!(sizes.iter().sum::<u64>(), body.len() as u64);
        let file = ManifestFile {
            name: "a.txt".into(),
            size: plain.len() as u64,
            content_type: "text/plain".into(),
            modified: Some(0),
            sha256: hex::encode(Sha256::digest(plain)),
            key: secret.to_fragment(),
            chunks: sizes
                .iter()
                .map(|&size| Chunk {
                    key: format!("u/{}", random_id()),
                    size,
                })
                .collect(),
            crc32: None,
        };
        (file, body)
    }

    fn open_all(file: &ManifestFile, body: &[u8], piece: usize) -> Result<Vec<u8>, FileRefused> {
        let mut opener = FileOpener::new(file)?;
        let mut out = Vec::new();
        for bytes in body.chunks(piece) {
            opener.push(bytes, &mut out)?;
        }
        opener.finish()?;
        Ok(out)
    }

    #[test]
    fn chunks_are_whole_records_the_first_with_the_header() {
        assert_eq!(chunk_sizes(0).unwrap(), vec![HEADER_LEN as u64 + 17]);
        let per_chunk = CHUNK_RECORDS * ece::RECORD_PLAINTEXT as u64;
        let sizes = chunk_sizes(per_chunk).unwrap();
        assert_eq!(sizes, vec![MAX_CHUNK]);
        let sizes = chunk_sizes(per_chunk + 1).unwrap();
        assert_eq!(sizes, vec![MAX_CHUNK, 18]);
        let sizes = chunk_sizes(3 * per_chunk).unwrap();
        assert_eq!(sizes.len(), 3);
        assert!(sizes[1..].iter().all(|s| s % RECORD_SIZE as u64 == 0));
    }

    #[test]
    fn a_file_opens_whole_in_any_pieces_and_nothing_else_does() {
        let plain: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (file, body) = entry(&plain);
        assert_eq!(open_all(&file, &body, 7).unwrap(), plain);
        assert_eq!(open_all(&file, &body, 1 << 20).unwrap(), plain);
        // Cut short, grown, changed, a record moved: refused.
        assert!(open_all(&file, &body[..body.len() - 1], 4096).is_err());
        assert!(open_all(&file, &[&body[..], b"x"].concat(), 4096).is_err());
        let mut changed = body.clone();
        changed[100_000] ^= 1;
        assert!(open_all(&file, &changed, 4096).is_err());
        let r = RECORD_SIZE as usize;
        let mut swapped = body.clone();
        swapped[HEADER_LEN..HEADER_LEN + r]
            .copy_from_slice(&body[HEADER_LEN + r..HEADER_LEN + 2 * r]);
        swapped[HEADER_LEN + r..HEADER_LEN + 2 * r]
            .copy_from_slice(&body[HEADER_LEN..HEADER_LEN + r]);
        assert!(open_all(&file, &swapped, 4096).is_err());
        // A manifest whose SHA-256 is not the plaintext's.
        let mut wrong = file.clone();
        wrong.sha256 = hex::encode(Sha256::digest(b"other"));
        assert_eq!(open_all(&wrong, &body, 4096), Err(FileRefused::Digest));
    }

    #[test]
    fn a_manifest_opens_with_its_key_and_request_only() {
        let key = SecretKey::generate();
        let (file, _) = entry(b"hello");
        let manifest = Manifest {
            version: 1,
            name: None,
            files: vec![file],
        };
        let object = seal_manifest(&key.public_key(), "in/alice/", &manifest);
        assert!(!object.windows(5).any(|w| w == b"a.txt"));
        assert_eq!(open_manifest(&key, "in/alice/", &object).unwrap(), manifest);
        assert_eq!(
            open_manifest(&key, "in/bob/", &object),
            Err(ManifestRefused::Open)
        );
        let other = SecretKey::generate();
        assert_eq!(
            open_manifest(&other, "in/alice/", &object),
            Err(ManifestRefused::OtherKey(key.public_key().fingerprint()))
        );
        assert_eq!(
            open_manifest(&key, "in/alice/", b"junk"),
            Err(ManifestRefused::Malformed)
        );
    }

    #[test]
    fn a_folder_manifest_opens_with_its_share_secret_only() {
        let secret = Secret::generate();
        let (mut file, _) = entry(b"hello");
        file.name = "sub/r\u{e9}sum\u{e9}.pdf".into();
        file.crc32 = Some(0x3610_A686);
        let manifest = Manifest {
            version: 1,
            name: None,
            files: vec![file],
        };
        let object = seal_folder_manifest(&secret, &manifest);
        assert!(!object.windows(3).any(|w| w == b"sub"));
        assert_eq!(open_folder_manifest(&secret, &object).unwrap(), manifest);
        let other = Secret::generate();
        assert_eq!(
            open_folder_manifest(&other, &object),
            Err(ManifestRefused::Open)
        );
        let mut changed = object.clone();
        changed[30] ^= 1;
        assert_eq!(
            open_folder_manifest(&secret, &changed),
            Err(ManifestRefused::Open)
        );
    }

    #[test]
    fn times_are_milliseconds_since_the_epoch_both_ways() {
        let time = UNIX_EPOCH + Duration::from_millis(1_765_000_000_123);
        assert_eq!(manifest_time(time), Some(1_765_000_000_123));
        assert_eq!(time_of(1_765_000_000_123), Some(time));
        assert_eq!(manifest_time(UNIX_EPOCH - Duration::from_secs(1)), None);
    }

    #[test]
    fn keys_of_the_format() {
        let upload = random_id();
        let chunk = random_id();
        let key = format!("in/alice/{upload}/{chunk}");
        let part = part_of(&key).unwrap();
        assert_eq!(
            (part.prefix, part.upload, part.manifest),
            ("in/alice/", upload.as_str(), false)
        );
        let key = format!("{upload}/manifest");
        let part = part_of(&key).unwrap();
        assert_eq!(
            (part.prefix, part.upload, part.manifest),
            ("", upload.as_str(), true)
        );
        assert_eq!(part_of("photo.jpg"), None);
        assert_eq!(part_of(&format!("in/{upload}/photo.jpg")), None);
    }
}
