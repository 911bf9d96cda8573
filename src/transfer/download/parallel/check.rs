//! The whole file's checks after its chunks: the object's CRC64NVME combined from the chunks'
//! own, or its MD5 hashed in order on a thread of its own as a contiguous prefix lands.

use std::path::Path;
use std::sync::Arc;

use crate::md5_digest::Md5;
use anyhow::Result;

use super::chunk::Job;
use crate::error::Failure;
use crate::transfer::download::response::ObjectInfo;
use crate::transfer::download::verify::{check_crc64nvme, check_md5, crc64nvme, write_failure};

/// Checks the whole file against the object's CRC64NVME (combined from the chunks') or MD5 (hashed
/// as the chunks landed), where the server gave one.
pub(super) async fn check_whole(
    job: &Arc<Job>,
    object: &ObjectInfo,
    hasher: Option<PrefixHasher>,
) -> Result<()> {
    if let Some(expected) = object.crc64nvme {
        check_crc64nvme(whole_crc64nvme(job, job.span.count()).await?, expected)?;
    }
    if let (Some(hasher), Some(expected)) = (hasher, &object.md5) {
        hasher.landed(object.size);
        check_md5(hasher.finish().await?, expected)?;
    }
    Ok(())
}

/// The CRC64NVME of the whole file: the chunks' own combined in order, those fetched in this run
/// as their workers computed them, those an earlier run left read back from the file.
async fn whole_crc64nvme(job: &Arc<Job>, count: u64) -> Result<u64> {
    let shared = job.clone();
    let whole = tokio::task::spawn_blocking(move || {
        let fetched = shared
            .chunk_crcs
            .as_ref()
            .map(|crcs| std::mem::take(&mut *crcs.lock().expect("not poisoned")))
            .unwrap_or_default();
        let mut whole = 0;
        for index in 0..count {
            let (start, end) = shared.span.range(index);
            let len = end - start + 1;
            let crc = match fetched.get(&index) {
                Some(&crc) => crc,
                None => crc64nvme_at(&shared.path, start, len)?,
            };
            whole = match index {
                0 => crc,
                _ => crc_fast::checksum_combine(crc_fast::CrcAlgorithm::Crc64Nvme, whole, crc, len),
            };
        }
        Ok::<u64, std::io::Error>(whole)
    })
    .await?;
    Ok(whole.map_err(|e| write_failure(&job.path, e))?)
}

/// The CRC64NVME of `len` bytes of the file at `path` from `offset` on.
fn crc64nvme_at(path: &Path, offset: u64, len: u64) -> std::io::Result<u64> {
    let file = std::fs::File::open(path)?;
    let mut digest = crc64nvme();
    let mut buffer = vec![0; usize::try_from(len).map_or(HASH_BUFFER, |len| len.min(HASH_BUFFER))];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(HASH_BUFFER as u64) as usize;
        read_at(&file, &mut buffer[..n], offset + done)?;
        digest.update(&buffer[..n]);
        done += n as u64;
    }
    Ok(digest.finalize())
}

/// The MD5 of the partial file, computed on a thread of its own as a contiguous prefix of the
/// chunks lands, so that verifying costs the download no wall time: the bytes are read back
/// from the page cache while later chunks are still arriving.
pub(super) struct PrefixHasher {
    /// How many leading bytes of the file are complete.
    landed: std::sync::mpsc::Sender<u64>,
    thread: tokio::task::JoinHandle<std::io::Result<Md5>>,
}

impl PrefixHasher {
    pub(super) fn start(path: &Path) -> Result<PrefixHasher, Failure> {
        let file = std::fs::File::open(path).map_err(|e| write_failure(path, e))?;
        let (landed, ends) = std::sync::mpsc::channel::<u64>();
        let thread = tokio::task::spawn_blocking(move || {
            let mut hasher = Md5::new();
            let mut buffer = vec![0; HASH_BUFFER];
            let mut hashed = 0u64;
            // Ends when the sender is gone: finished, or the download was abandoned.
            for end in ends {
                while hashed < end {
                    let len = (end - hashed).min(HASH_BUFFER as u64) as usize;
                    read_at(&file, &mut buffer[..len], hashed)?;
                    hasher.update(&buffer[..len]);
                    hashed += len as u64;
                }
            }
            Ok(hasher)
        });
        Ok(PrefixHasher { landed, thread })
    }

    /// The first `end` bytes of the file are final.
    pub(super) fn landed(&self, end: u64) {
        let _ = self.landed.send(end);
    }

    /// The MD5 of everything that landed.
    async fn finish(self) -> Result<Md5> {
        drop(self.landed);
        Ok(self.thread.await??)
    }
}

/// Bytes the prefix hasher reads at once.
const HASH_BUFFER: usize = 1024 * 1024;

#[cfg(unix)]
fn read_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, mut buffer: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}
