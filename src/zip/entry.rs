//! An entry of an archive (a file or a folder, its name, time, size and any CRC-32 known in
//! advance), and the CRC-32 zip uses.

/// One entry of an archive, its name already planned (by `zip::plan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the archive, `/`-separated, NFC; a folder's ends with `/`.
    pub name: String,
    /// Last modification, in seconds since the Unix epoch (UTC).
    pub modified: i64,
    /// A file (its size, and its CRC-32 if known in advance) or a folder.
    pub kind: Kind,
}

/// What an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A folder: no data.
    Dir,
    /// A file of `size` bytes; with `crc32` known the entry needs no data descriptor.
    File { size: u64, crc32: Option<u32> },
}

impl Entry {
    /// A file entry.
    pub fn file(name: impl Into<String>, modified: i64, size: u64, crc32: Option<u32>) -> Self {
        Entry {
            name: name.into(),
            modified,
            kind: Kind::File { size, crc32 },
        }
    }

    /// A folder entry; `name` gets its trailing `/` if it lacks one.
    pub fn dir(name: impl Into<String>, modified: i64) -> Self {
        let mut name = name.into();
        if !name.ends_with('/') {
            name.push('/');
        }
        Entry {
            name,
            modified,
            kind: Kind::Dir,
        }
    }

    /// The number of data bytes.
    pub fn size(&self) -> u64 {
        match self.kind {
            Kind::Dir => 0,
            Kind::File { size, .. } => size,
        }
    }

    /// The CRC-32 known before the data streams: given, or that of no bytes (0).
    pub fn known_crc(&self) -> Option<u32> {
        match self.kind {
            Kind::Dir | Kind::File { size: 0, .. } => Some(0),
            Kind::File { crc32, .. } => crc32,
        }
    }
}

/// The CRC-32 (ISO-HDLC, as zip uses) of data fed in pieces.
pub struct Crc32(crc_fast::Digest);

impl Crc32 {
    /// A CRC of no bytes yet.
    pub fn new() -> Self {
        Crc32(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc32IsoHdlc))
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The CRC-32 of all the bytes fed so far.
    pub fn value(&self) -> u32 {
        self.0.finalize() as u32
    }
}

impl Default for Crc32 {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_zip_one() {
        let mut crc = Crc32::new();
        crc.update(b"1234");
        crc.update(b"56789");
        assert_eq!(crc.value(), 0xCBF4_3926);
    }
}
