//! Store-only zip archives written as a stream: a folder as one file that every unzip opens.
//!
//! No compression (shared files are mostly compressed already, and deflate would defeat a length
//! known in advance), UTF-8 names in NFC (general-purpose flag bit 11), fixed times taken from
//! the caller's data (a DOS time from the UTC fields, never the local time zone, and an
//! extended-timestamp field), and Zip64 records only where a value needs them: a file of 4 GiB or
//! more, an offset past 4 GiB, 65,535 entries or more.
//!
//! Two layouts, chosen per entry: when the CRC-32 is known in advance it and the sizes are in the
//! local header and there is no data descriptor (what every reader accepts); when it is not, the
//! CRC-32 is computed while the data streams and follows it in a data descriptor (flag bit 3).
//! Either way [`predicted_len`] gives the archive's exact length before a byte is written.
//!
//! - `entry.rs`: an entry (a file or a folder) and the CRC-32.
//! - `names.rs`: turning a folder's relative paths into safe, unique entry names.
//! - `format.rs`: the records, byte for byte, and their lengths.
//! - `encoder.rs`: the writer (a sans-I/O core, and its `Write` and `AsyncWrite` front ends).

mod encoder;
mod entry;
mod format;
mod names;
#[cfg(test)]
mod readers;

pub use encoder::{AsyncZipWriter, ZipError};
pub use entry::Entry;
pub use format::predicted_len;
pub use names::{plan, Change};

#[cfg(test)]
mod tests {
    /// Whether `tool` runs here (for the readers' tests): without it a test is skipped, or fails
    /// when `CI` is set.
    pub(super) fn have(tool: &str) -> bool {
        let found = std::process::Command::new(tool)
            .arg("--help")
            .output()
            .is_ok();
        assert!(
            found || std::env::var_os("CI").is_none(),
            "{tool} is missing (apt-get install unzip 7zip libarchive-tools)"
        );
        found
    }
}
