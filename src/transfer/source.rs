//! What an upload reads from (a file or stdin), hashed with SHA-256 as it is read so the digest
//! reported is that of the bytes actually sent.

use std::io::{self, ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::error::{ExitKind, Failure};

/// How much of a file one read takes while it is sent (the SDK's default of 64 KiB, and
/// reqwest's 4 KiB, cost a blocking-pool round trip each).
pub const FILE_READ_BUFFER: usize = 512 * 1024;

/// What an upload stored: the bytes read, their SHA-256 and their CRC-32 (the one zip uses,
/// which a folder page records so its "Download all" needs no data descriptors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Bytes read and sent.
    pub size: u64,
    /// Their SHA-256.
    pub sha256: [u8; 32],
    /// Their CRC-32 (ISO-HDLC).
    pub crc32: u32,
}

/// The SHA-256 and CRC-32 of bytes fed in order (the CRC's state boxed: it is large).
#[derive(Clone)]
struct Hashes(Sha256, Box<crc_fast::Digest>);

impl Hashes {
    fn new() -> Self {
        Hashes(
            Sha256::new(),
            Box::new(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc32IsoHdlc)),
        )
    }

    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
        self.1.update(bytes);
    }

    fn stored(&self, size: u64) -> Stored {
        Stored {
            size,
            sha256: self.0.clone().finalize().into(),
            crc32: self.1.finalize() as u32,
        }
    }
}

/// A reader that hashes the bytes passing through it (SHA-256 and CRC-32), for a source another
/// reader consumes (the plaintext under an encryption); [`Digests`] gives the result after.
pub struct HashingReader<R> {
    inner: R,
    seen: std::sync::Arc<std::sync::Mutex<(Hashes, u64)>>,
}

/// What a [`HashingReader`] has seen so far.
pub struct Digests(std::sync::Arc<std::sync::Mutex<(Hashes, u64)>>);

impl<R: Read> HashingReader<R> {
    /// Hashes what is read from `inner`.
    pub fn new(inner: R) -> (HashingReader<R>, Digests) {
        let seen = std::sync::Arc::new(std::sync::Mutex::new((Hashes::new(), 0)));
        let digests = Digests(seen.clone());
        (HashingReader { inner, seen }, digests)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut seen = self.seen.lock().expect("not poisoned");
        seen.0.update(&buf[..n]);
        seen.1 += n as u64;
        Ok(n)
    }
}

impl Digests {
    /// The size, SHA-256 and CRC-32 of what was read.
    pub fn stored(&self) -> Stored {
        let seen = self.0.lock().expect("not poisoned");
        seen.0.stored(seen.1)
    }
}

/// Reads a source in parts, in order, hashing every byte on the way. Reading runs on the blocking
/// thread pool so a slow disk or pipe never stalls requests in flight.
pub struct PartReader {
    inner: Option<(Box<dyn Read + Send>, Hashes)>,
    part_size: usize,
    bytes_read: u64,
}

impl PartReader {
    /// A reader handing out parts of `part_size` bytes.
    pub fn new(reader: Box<dyn Read + Send>, part_size: u64) -> PartReader {
        PartReader {
            inner: Some((reader, Hashes::new())),
            part_size: usize::try_from(part_size).expect("part size fits in memory"),
            bytes_read: 0,
        }
    }

    /// The size of a full part.
    pub fn part_size(&self) -> usize {
        self.part_size
    }

    /// The next part: `part_size` bytes, fewer for the last one, empty at the end.
    pub async fn next_part(&mut self) -> io::Result<Vec<u8>> {
        let (mut reader, mut hasher) = self.inner.take().expect("reader in use");
        let size = self.part_size;
        let (result, reader, hasher) = tokio::task::spawn_blocking(move || {
            let mut buf = Vec::with_capacity(size);
            let result = (&mut reader)
                .take(size as u64)
                .read_to_end(&mut buf)
                .map(|_| {
                    hasher.update(&buf);
                    buf
                });
            (result, reader, hasher)
        })
        .await
        .map_err(io::Error::other)?;
        self.inner = Some((reader, hasher));
        let part = result?;
        self.bytes_read += part.len() as u64;
        Ok(part)
    }

    /// The size and SHA-256 of everything read so far.
    pub fn stored(&self) -> Stored {
        let (_, hasher) = self.inner.as_ref().expect("reader in use");
        hasher.stored(self.bytes_read)
    }
}

/// Reads a whole file on the blocking pool and returns its size and SHA-256.
pub async fn hash_file(path: &Path) -> Result<Stored, Failure> {
    let owned: PathBuf = path.to_owned();
    let hashed = tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(owned)?;
        let mut hasher = Hashes::new();
        let mut buf = vec![0; 1024 * 1024];
        let mut size = 0;
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buf[..n]);
                    size += n as u64;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(hasher.stored(size))
    })
    .await
    .map_err(io::Error::other)
    .and_then(|hashed| hashed);
    hashed.map_err(|e| read_failure(path, e))
}

/// Reads a file once, in order and part by part, for the SHA-256 of the whole and the CRC32C of
/// each part; the parts themselves are then sent straight from disk (from the page cache by
/// then). Reading runs on the blocking thread pool.
pub struct FileDigest {
    inner: Option<(std::fs::File, Hashes, Vec<u8>)>,
    bytes_read: u64,
}

impl FileDigest {
    /// Opens `path` for the pass.
    pub fn open(path: &Path) -> Result<FileDigest, Failure> {
        let file = std::fs::File::open(path).map_err(|e| read_failure(path, e))?;
        Ok(FileDigest {
            inner: Some((file, Hashes::new(), vec![0; 1024 * 1024])),
            bytes_read: 0,
        })
    }

    /// Reads the next `len` bytes into the SHA-256 and returns their CRC32C. A file that ends
    /// sooner (it changed since its size was taken) is an `UnexpectedEof` error.
    pub async fn next_part(&mut self, len: u64) -> io::Result<u32> {
        let (mut file, mut hasher, mut buf) = self.inner.take().expect("digest in use");
        let (result, file, hasher, buf) = tokio::task::spawn_blocking(move || {
            let mut crc = 0;
            let mut left = len;
            let result = loop {
                if left == 0 {
                    break Ok(crc);
                }
                let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                match file.read(&mut buf[..want]) {
                    Ok(0) => break Err(io::Error::from(ErrorKind::UnexpectedEof)),
                    Ok(n) => {
                        hasher.update(&buf[..n]);
                        crc = crc32c::crc32c_append(crc, &buf[..n]);
                        left -= n as u64;
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => break Err(e),
                }
            };
            (result, file, hasher, buf)
        })
        .await
        .map_err(io::Error::other)?;
        self.inner = Some((file, hasher, buf));
        let crc = result?;
        self.bytes_read += len;
        Ok(crc)
    }

    /// The size and SHA-256 of everything read so far.
    pub fn stored(&self) -> Stored {
        let (_, hasher, _) = self.inner.as_ref().expect("digest in use");
        hasher.stored(self.bytes_read)
    }
}

/// When a file was last changed and how long it is, to notice a file written to while it is
/// uploaded from several places at once.
#[derive(Debug, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
}

impl Fingerprint {
    /// The file's fingerprint now.
    pub fn of(path: &Path) -> Result<Fingerprint, Failure> {
        let meta = std::fs::metadata(path).map_err(|e| read_failure(path, e))?;
        Ok(Fingerprint {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// A source that could not be read, with the exit code its cause calls for.
pub fn read_failure(path: &Path, error: io::Error) -> Failure {
    let shown = path.display();
    match error.kind() {
        ErrorKind::NotFound => Failure::new(ExitKind::NotFound, format!("{shown} does not exist")),
        ErrorKind::PermissionDenied => {
            Failure::usage(format!("cannot read {shown}: permission denied"))
        }
        _ => Failure::new(ExitKind::Failure, format!("cannot read {shown}: {error}")),
    }
    .cause(error)
}

/// The MD5 of the file at `path`, read in [`FILE_READ_BUFFER`] pieces (blocking).
pub fn md5_of_file(path: &Path) -> io::Result<[u8; 16]> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = crate::md5_digest::Md5::new();
    let mut buffer = vec![0; FILE_READ_BUFFER];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(hasher.finalize());
        }
        hasher.update(&buffer[..n]);
    }
}

/// Part size when nothing forces a larger one.
pub const DEFAULT_PART_SIZE: u64 = 8 * 1024 * 1024;
/// S3's limit on parts per upload.
pub const MAX_PARTS: u64 = 10_000;
/// S3's limit on the size of one object.
pub const MAX_OBJECT_SIZE: u64 = 5 * 1024 * 1024 * 1024 * 1024;

/// The part size for a source of `size` bytes (unknown for stdin): 8 MiB, or larger when the
/// file would otherwise need more than 10,000 parts.
pub fn part_size(size: Option<u64>) -> u64 {
    size.map_or(DEFAULT_PART_SIZE, |size| {
        DEFAULT_PART_SIZE.max(size.div_ceil(MAX_PARTS))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn parts_cover_the_input_in_order_and_hash_it() {
        let data: Vec<u8> = (0..25u8).collect();
        let mut reader = PartReader::new(Box::new(io::Cursor::new(data.clone())), 10);
        let mut parts = Vec::new();
        loop {
            let part = reader.next_part().await.unwrap();
            if part.is_empty() {
                break;
            }
            parts.push(part);
        }
        assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), [10, 10, 5]);
        assert_eq!(parts.concat(), data);
        let stored = reader.stored();
        assert_eq!(stored.size, 25);
        assert_eq!(
            hex::encode(stored.sha256),
            hex::encode(Sha256::digest(&data))
        );
    }
}
