//! Moving bytes to and from S3: uploads, downloads, progress.

pub mod download;
pub mod durable;
pub mod encrypted_post;
pub mod existing;
pub mod folder_record;
pub mod interrupt;
pub mod local_path;
pub mod multipart;
pub mod observed;
pub mod progress;
pub mod put;
pub mod put_url;
pub mod retry;
pub mod source;
pub mod stall;
pub mod walk;

/// Small files in flight at most, whatever their size.
const SMALL_FILES_IN_FLIGHT: usize = 64;
/// Bytes of small files in flight, about: many tiny files at once, fewer larger ones.
const SMALL_BYTES_IN_FLIGHT: u64 = 64 * 1024 * 1024;

/// How many small files (each sent or fetched in one request) of a folder go at once: what fits
/// in [`SMALL_BYTES_IN_FLIGHT`] at their average size, between `concurrency` and
/// [`SMALL_FILES_IN_FLIGHT`]. Each is a short request on a shared connection pool, so many more
/// than the parallel parts of one large file; per-file latency, not bandwidth, bounds them.
pub fn small_files_in_flight(sizes: impl Iterator<Item = u64>, concurrency: usize) -> usize {
    // Sizes from a page are whatever its writer put there: summed without overflow.
    let (count, bytes) = sizes.fold((0u64, 0u64), |(n, b), size| {
        (n.saturating_add(1), b.saturating_add(size))
    });
    let average = (bytes / count.max(1)).max(1);
    let fit = usize::try_from(SMALL_BYTES_IN_FLIGHT / average).unwrap_or(usize::MAX);
    fit.clamp(concurrency, SMALL_FILES_IN_FLIGHT.max(concurrency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_small_files_go_at_once_and_fewer_larger_ones() {
        assert_eq!(small_files_in_flight([1024; 100].into_iter(), 8), 64);
        assert_eq!(small_files_in_flight([4 << 20; 10].into_iter(), 8), 16);
        assert_eq!(small_files_in_flight([60 << 20; 10].into_iter(), 8), 8);
        assert_eq!(small_files_in_flight([1024; 10].into_iter(), 100), 100);
        assert_eq!(small_files_in_flight(std::iter::empty(), 8), 64);
        assert_eq!(small_files_in_flight([u64::MAX; 3].into_iter(), 8), 8);
    }
}
