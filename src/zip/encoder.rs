//! The writer: a sans-I/O [`Encoder`] that turns entries and their data into the archive's bytes,
//! and its two front ends, [`ZipWriter`] over `std::io::Write` and [`AsyncZipWriter`] over
//! `tokio::io::AsyncWrite`. Data passes straight through; what is kept per entry is its central
//! record's facts (name, size, CRC-32, offset), so memory does not grow with the data.

use std::io::Write;

use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::entry::{Crc32, Entry};
use super::format::{self, Placed};

/// What can go wrong while writing an archive.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    /// The entry's data was not the size it declared.
    #[error("{name}: {written} bytes where {declared} were declared")]
    Size {
        name: String,
        declared: u64,
        written: u64,
    },
    /// The entry's data does not have the CRC-32 it declared.
    #[error("{name}: CRC-32 {actual:08x} where {expected:08x} was declared")]
    Crc {
        name: String,
        expected: u32,
        actual: u32,
    },
    /// A name too long for the format (65,535 bytes), or empty.
    #[error("an entry name must have 1 to 65,535 bytes")]
    Name,
    /// Entries begun, ended or finished out of order (a bug of the caller).
    #[error("zip entries out of order")]
    Order,
    /// Writing the output failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The entry whose data is streaming.
struct Open {
    entry: Entry,
    offset: u64,
    written: u64,
    crc: Crc32,
}

/// Turns entries and their data into the archive's bytes, without doing I/O: [`Encoder::begin`]
/// gives the local header, [`Encoder::data`] counts and checksums the data (which the caller
/// writes itself), [`Encoder::end`] checks it and gives the descriptor, [`Encoder::finish`] the
/// central directory and end records.
#[derive(Default)]
pub struct Encoder {
    offset: u64,
    open: Option<Open>,
    /// The central directory, built as entries end.
    directory: Vec<u8>,
    count: u64,
}

impl Encoder {
    /// An archive with no entries yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Begins `entry`: the bytes of its local header.
    pub fn begin(&mut self, entry: Entry) -> Result<Vec<u8>, ZipError> {
        if self.open.is_some() {
            return Err(ZipError::Order);
        }
        if entry.name.is_empty() || entry.name.len() > usize::from(u16::MAX) {
            return Err(ZipError::Name);
        }
        let header = format::local_header(&entry);
        let offset = self.offset;
        self.offset += header.len() as u64;
        self.open = Some(Open {
            entry,
            offset,
            written: 0,
            crc: Crc32::new(),
        });
        Ok(header)
    }

    /// Counts and checksums a piece of the open entry's data.
    pub fn data(&mut self, data: &[u8]) -> Result<(), ZipError> {
        let open = self.open.as_mut().ok_or(ZipError::Order)?;
        let written = open.written + data.len() as u64;
        if written > open.entry.size() {
            return Err(ZipError::Size {
                name: open.entry.name.clone(),
                declared: open.entry.size(),
                written,
            });
        }
        open.written = written;
        open.crc.update(data);
        self.offset += data.len() as u64;
        Ok(())
    }

    /// Ends the open entry, checking its size and any CRC-32 it declared: the bytes of its data
    /// descriptor (none when the CRC-32 was known in advance).
    pub fn end(&mut self) -> Result<Vec<u8>, ZipError> {
        let open = self.open.take().ok_or(ZipError::Order)?;
        let Open {
            entry,
            offset,
            written,
            crc,
        } = open;
        let declared = entry.size();
        if written != declared {
            return Err(ZipError::Size {
                name: entry.name,
                declared,
                written,
            });
        }
        let actual = crc.value();
        match entry.known_crc() {
            Some(expected) if expected != actual => {
                return Err(ZipError::Crc {
                    name: entry.name,
                    expected,
                    actual,
                });
            }
            _ => {}
        }
        let descriptor = format::descriptor(&entry, actual);
        self.offset += descriptor.len() as u64;
        format::central_record(
            &mut self.directory,
            &Placed {
                entry: &entry,
                offset,
                crc32: actual,
            },
        );
        self.count += 1;
        Ok(descriptor)
    }

    /// The central directory and the end records, after the last entry.
    pub fn finish(self) -> Result<Vec<u8>, ZipError> {
        if self.open.is_some() {
            return Err(ZipError::Order);
        }
        let mut out = self.directory;
        let len = out.len() as u64;
        out.extend(format::end_records(self.count, self.offset, len));
        Ok(out)
    }
}

/// An archive written to a `std::io::Write` as it goes (the readers' tests write theirs so).
#[cfg_attr(not(test), allow(dead_code))]
pub struct ZipWriter<W: Write> {
    encoder: Encoder,
    out: W,
}

#[cfg_attr(not(test), allow(dead_code))]
impl<W: Write> ZipWriter<W> {
    /// An archive into `out`.
    pub fn new(out: W) -> Self {
        ZipWriter {
            encoder: Encoder::new(),
            out,
        }
    }

    /// Begins an entry (ending the previous one is the caller's: [`ZipWriter::end`]).
    pub fn begin(&mut self, entry: Entry) -> Result<(), ZipError> {
        let header = self.encoder.begin(entry)?;
        Ok(self.out.write_all(&header)?)
    }

    /// Writes a piece of the open entry's data.
    pub fn data(&mut self, data: &[u8]) -> Result<(), ZipError> {
        self.encoder.data(data)?;
        Ok(self.out.write_all(data)?)
    }

    /// Ends the open entry.
    pub fn end(&mut self) -> Result<(), ZipError> {
        let descriptor = self.encoder.end()?;
        Ok(self.out.write_all(&descriptor)?)
    }

    /// Writes the central directory and the end records; gives the output back, flushed.
    pub fn finish(mut self) -> Result<W, ZipError> {
        let tail = self.encoder.finish()?;
        self.out.write_all(&tail)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// An archive written to a `tokio::io::AsyncWrite` as it goes.
pub struct AsyncZipWriter<W: AsyncWrite + Unpin> {
    encoder: Encoder,
    out: W,
}

impl<W: AsyncWrite + Unpin> AsyncZipWriter<W> {
    /// An archive into `out`.
    pub fn new(out: W) -> Self {
        AsyncZipWriter {
            encoder: Encoder::new(),
            out,
        }
    }

    /// Begins an entry.
    pub async fn begin(&mut self, entry: Entry) -> Result<(), ZipError> {
        let header = self.encoder.begin(entry)?;
        Ok(self.out.write_all(&header).await?)
    }

    /// Writes a piece of the open entry's data.
    pub async fn data(&mut self, data: &[u8]) -> Result<(), ZipError> {
        self.encoder.data(data)?;
        Ok(self.out.write_all(data).await?)
    }

    /// Ends the open entry.
    pub async fn end(&mut self) -> Result<(), ZipError> {
        let descriptor = self.encoder.end()?;
        Ok(self.out.write_all(&descriptor).await?)
    }

    /// Writes the central directory and the end records; gives the output back, flushed.
    pub async fn finish(mut self) -> Result<W, ZipError> {
        let tail = self.encoder.finish()?;
        self.out.write_all(&tail).await?;
        self.out.flush().await?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zip::predicted_len;

    fn write(entries: &[Entry], data: impl Fn(usize) -> Vec<u8>) -> Vec<u8> {
        let mut zip = ZipWriter::new(Vec::new());
        for (i, entry) in entries.iter().enumerate() {
            zip.begin(entry.clone()).unwrap();
            zip.data(&data(i)).unwrap();
            zip.end().unwrap();
        }
        zip.finish().unwrap()
    }

    #[test]
    fn both_layouts_write_the_predicted_length() {
        let crc = crc_fast::checksum(crc_fast::CrcAlgorithm::Crc32IsoHdlc, b"hello") as u32;
        let entries = vec![
            Entry::dir("d", 1_700_000_000),
            Entry::file("d/known", 1_700_000_000, 5, Some(crc)),
            Entry::file("d/unknown", 1_700_000_000, 5, None),
            Entry::file("empty", 1_700_000_000, 0, None),
        ];
        let bytes = write(&entries, |i| {
            if i == 0 || i == 3 {
                vec![]
            } else {
                b"hello".to_vec()
            }
        });
        assert_eq!(bytes.len() as u64, predicted_len(&entries));
        // The unknown CRC went into the descriptor, right after the data.
        let at = bytes
            .windows(4)
            .position(|w| w == 0x0807_4b50u32.to_le_bytes())
            .unwrap();
        assert_eq!(&bytes[at + 4..at + 8], &crc.to_le_bytes());
        assert_eq!(
            bytes
                .windows(4)
                .filter(|w| *w == 0x0807_4b50u32.to_le_bytes())
                .count(),
            1
        );
    }

    #[test]
    fn a_wrong_size_or_crc_is_refused() {
        let mut zip = Encoder::new();
        zip.begin(Entry::file("a", 0, 2, Some(1))).unwrap();
        assert!(matches!(zip.data(b"abc"), Err(ZipError::Size { .. })));
        zip.data(b"ab").unwrap();
        assert!(matches!(zip.end(), Err(ZipError::Crc { .. })));
        let mut zip = Encoder::new();
        zip.begin(Entry::file("a", 0, 2, None)).unwrap();
        zip.data(b"a").unwrap();
        assert!(matches!(zip.end(), Err(ZipError::Size { written: 1, .. })));
        assert!(matches!(
            Encoder::new().begin(Entry::file("", 0, 0, None)),
            Err(ZipError::Name)
        ));
    }

    #[test]
    fn an_empty_archive_is_its_end_record() {
        assert_eq!(write(&[], |_| vec![]).len(), 22);
        assert_eq!(predicted_len(&[]), 22);
    }
}
