//! The zip records (APPNOTE 6.3.10), byte for byte, and their lengths.

use super::entry::{Entry, Kind};

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;
const END_SIG: u32 = 0x0605_4b50;
const ZIP64_END_SIG: u32 = 0x0606_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;

/// A 32-bit field at this value means "see the Zip64 field"; values from it up need Zip64.
const MAX32: u64 = 0xFFFF_FFFF;
/// The same for the 16-bit entry counts of the end record.
const MAX16: u64 = 0xFFFF;

/// General-purpose flags: bit 3, CRC and sizes in a data descriptor; bit 11, UTF-8 names.
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const FLAG_UTF8: u16 = 1 << 11;

/// Version needed: 2.0 (folders), 4.5 (Zip64). Made by: Unix (3), 4.5, so that the external
/// attributes carry Unix modes.
const VERSION_DEFAULT: u16 = 20;
const VERSION_ZIP64: u16 = 45;
const MADE_BY: u16 = (3 << 8) | 45;

const LOCAL_FIXED: u64 = 30;
const CENTRAL_FIXED: u64 = 46;
const END_LEN: u64 = 22;
const ZIP64_END_LEN: u64 = 56;
const ZIP64_LOCATOR_LEN: u64 = 20;
/// The extended-timestamp field (0x5455) with the modification time only: the same 9 bytes in
/// the local and the central header.
const TIMESTAMP_LEN: u64 = 9;

/// What the records of one entry need to know beyond the entry: where its local header is and,
/// for the central record, its CRC-32.
pub(super) struct Placed<'a> {
    pub entry: &'a Entry,
    pub offset: u64,
    pub crc32: u32,
}

/// Whether the entry's sizes need Zip64 (in the local header and the descriptor too).
fn large(entry: &Entry) -> bool {
    entry.size() >= MAX32
}

/// Whether the entry's CRC-32 and sizes come after its data.
pub(super) fn has_descriptor(entry: &Entry) -> bool {
    entry.known_crc().is_none()
}

/// The modification time for the extended-timestamp field, where a 32-bit field holds it.
fn unix_time(entry: &Entry) -> Option<u32> {
    (0..=i64::from(i32::MAX))
        .contains(&entry.modified)
        .then_some(entry.modified as u32)
}

fn timestamp_len(entry: &Entry) -> u64 {
    if unix_time(entry).is_some() {
        TIMESTAMP_LEN
    } else {
        0
    }
}

/// The length of the entry's local header.
pub(super) fn local_len(entry: &Entry) -> u64 {
    let zip64 = if large(entry) { 4 + 16 } else { 0 };
    LOCAL_FIXED + entry.name.len() as u64 + timestamp_len(entry) + zip64
}

/// The length of the entry's data descriptor (0 without one).
pub(super) fn descriptor_len(entry: &Entry) -> u64 {
    match (has_descriptor(entry), large(entry)) {
        (false, _) => 0,
        (true, false) => 16,
        (true, true) => 24,
    }
}

/// The Zip64 values of the central record, in the order the field holds them.
fn central_zip64(entry: &Entry, offset: u64) -> Vec<u64> {
    let mut values = Vec::new();
    if large(entry) {
        values.extend([entry.size(), entry.size()]);
    }
    if offset >= MAX32 {
        values.push(offset);
    }
    values
}

/// The length of the entry's record in the central directory.
pub(super) fn central_len(entry: &Entry, offset: u64) -> u64 {
    let zip64 = central_zip64(entry, offset).len() as u64 * 8;
    let zip64 = if zip64 > 0 { 4 + zip64 } else { 0 };
    CENTRAL_FIXED + entry.name.len() as u64 + timestamp_len(entry) + zip64
}

/// Whether the end of the archive needs the Zip64 end record and its locator.
fn zip64_end(count: u64, directory_offset: u64, directory_len: u64) -> bool {
    count >= MAX16 || directory_offset >= MAX32 || directory_len >= MAX32
}

/// The length of the end records.
pub(super) fn end_len(count: u64, directory_offset: u64, directory_len: u64) -> u64 {
    if zip64_end(count, directory_offset, directory_len) {
        ZIP64_END_LEN + ZIP64_LOCATOR_LEN + END_LEN
    } else {
        END_LEN
    }
}

/// The exact length of the archive of `entries`, in this order, before a byte is written.
pub fn predicted_len(entries: &[Entry]) -> u64 {
    let mut offset = 0;
    let mut directory = 0;
    for entry in entries {
        directory += central_len(entry, offset);
        offset += local_len(entry) + entry.size() + descriptor_len(entry);
    }
    offset + directory + end_len(entries.len() as u64, offset, directory)
}

/// A DOS date and time (UTC fields; 1980 to 2107, clamped), as (time, date).
fn dos_time(unix: i64) -> (u16, u16) {
    const MIN: i64 = 315_532_800; // 1980-01-01T00:00:00Z
    const MAX: i64 = 4_354_819_198; // 2107-12-31T23:59:58Z
    let unix = unix.clamp(MIN, MAX);
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let time = ((secs / 3600) << 11) | (((secs % 3600) / 60) << 5) | ((secs % 60) / 2);
    let date = ((year - 1980) << 9) | (month << 5) | day;
    (time as u16, date as u16)
}

/// Year, month (1–12) and day (1–31) of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Little-endian appends.
trait Put {
    fn u16(&mut self, value: u16);
    fn u32(&mut self, value: u32);
    fn u64(&mut self, value: u64);
}

impl Put for Vec<u8> {
    fn u16(&mut self, value: u16) {
        self.extend_from_slice(&value.to_le_bytes());
    }
    fn u32(&mut self, value: u32) {
        self.extend_from_slice(&value.to_le_bytes());
    }
    fn u64(&mut self, value: u64) {
        self.extend_from_slice(&value.to_le_bytes());
    }
}

/// A 32-bit field's value: itself, or the marker that sends readers to the Zip64 field.
fn field32(value: u64) -> u32 {
    value.min(MAX32) as u32
}

fn put_timestamp(out: &mut Vec<u8>, entry: &Entry) {
    if let Some(time) = unix_time(entry) {
        out.u16(0x5455);
        out.u16(5);
        out.push(1); // the modification time only
        out.u32(time);
    }
}

/// The fields the local and the central header share, from "version needed" to the name's
/// length: `crc32` and `size` as this header states them.
fn put_common(out: &mut Vec<u8>, entry: &Entry, version: u16, crc32: u32, size: u32) {
    let flags = FLAG_UTF8
        | if has_descriptor(entry) {
            FLAG_DESCRIPTOR
        } else {
            0
        };
    let (time, date) = dos_time(entry.modified);
    out.u16(version);
    out.u16(flags);
    out.u16(0); // stored
    out.u16(time);
    out.u16(date);
    out.u32(crc32);
    out.u32(size); // compressed
    out.u32(size); // uncompressed
    out.u16(entry.name.len() as u16);
}

/// The local header. With a descriptor, CRC and sizes are 0 here (a large entry's Zip64 sizes
/// too: the field's presence tells readers its descriptor has 8-byte sizes).
pub(super) fn local_header(entry: &Entry) -> Vec<u8> {
    let mut out = Vec::with_capacity(local_len(entry) as usize);
    let known = entry.known_crc();
    let (size, version) = if large(entry) {
        (MAX32 as u32, VERSION_ZIP64)
    } else {
        (entry.size() as u32, VERSION_DEFAULT)
    };
    let (crc32, size) = match known {
        Some(crc32) => (crc32, size),
        None if large(entry) => (0, size),
        None => (0, 0),
    };
    out.u32(LOCAL_SIG);
    put_common(&mut out, entry, version, crc32, size);
    let extra = local_len(entry) - LOCAL_FIXED - entry.name.len() as u64;
    out.u16(extra as u16);
    out.extend_from_slice(entry.name.as_bytes());
    if large(entry) {
        let value = if known.is_some() { entry.size() } else { 0 };
        out.u16(0x0001);
        out.u16(16);
        out.u64(value);
        out.u64(value);
    }
    put_timestamp(&mut out, entry);
    debug_assert_eq!(out.len() as u64, local_len(entry));
    out
}

/// The data descriptor after the entry's data (empty without one).
pub(super) fn descriptor(entry: &Entry, crc32: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(descriptor_len(entry) as usize);
    if has_descriptor(entry) {
        out.u32(DESCRIPTOR_SIG);
        out.u32(crc32);
        if large(entry) {
            out.u64(entry.size());
            out.u64(entry.size());
        } else {
            out.u32(entry.size() as u32);
            out.u32(entry.size() as u32);
        }
    }
    out
}

/// The entry's record in the central directory, appended to `out`.
pub(super) fn central_record(out: &mut Vec<u8>, placed: &Placed) {
    let Placed {
        entry,
        offset,
        crc32,
    } = *placed;
    let start = out.len();
    let zip64 = central_zip64(entry, offset);
    let version = if zip64.is_empty() {
        VERSION_DEFAULT
    } else {
        VERSION_ZIP64
    };
    out.u32(CENTRAL_SIG);
    out.u16(MADE_BY);
    put_common(out, entry, version, crc32, field32(entry.size()));
    let extra = central_len(entry, offset) - CENTRAL_FIXED - entry.name.len() as u64;
    out.u16(extra as u16);
    out.u16(0); // comment length
    out.u16(0); // disk number
    out.u16(0); // internal attributes
    let external: u32 = match entry.kind {
        Kind::Dir => (0o040_755 << 16) | 0x10,
        Kind::File { .. } => 0o100_644 << 16,
    };
    out.u32(external);
    out.u32(field32(offset));
    out.extend_from_slice(entry.name.as_bytes());
    if !zip64.is_empty() {
        out.u16(0x0001);
        out.u16(zip64.len() as u16 * 8);
        for value in zip64 {
            out.u64(value);
        }
    }
    put_timestamp(out, entry);
    debug_assert_eq!((out.len() - start) as u64, central_len(entry, offset));
}

/// The end records: the Zip64 end record and its locator where needed, then the end record.
pub(super) fn end_records(count: u64, directory_offset: u64, directory_len: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(end_len(count, directory_offset, directory_len) as usize);
    if zip64_end(count, directory_offset, directory_len) {
        let zip64_offset = directory_offset + directory_len;
        out.u32(ZIP64_END_SIG);
        out.u64(ZIP64_END_LEN - 12);
        out.u16(MADE_BY);
        out.u16(VERSION_ZIP64);
        out.u32(0); // this disk
        out.u32(0); // the disk with the central directory
        out.u64(count);
        out.u64(count);
        out.u64(directory_len);
        out.u64(directory_offset);
        out.u32(ZIP64_LOCATOR_SIG);
        out.u32(0);
        out.u64(zip64_offset);
        out.u32(1); // disks
    }
    let count16 = count.min(MAX16) as u16;
    out.u32(END_SIG);
    out.u16(0);
    out.u16(0);
    out.u16(count16);
    out.u16(count16);
    out.u32(field32(directory_len));
    out.u32(field32(directory_offset));
    out.u16(0); // comment length
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dos_times_use_the_utc_fields_and_clamp() {
        // 2024-02-29T13:45:31Z: seconds round down to even.
        let (time, date) = dos_time(1_709_214_331);
        assert_eq!(date, ((2024 - 1980) << 9) | (2 << 5) | 29);
        assert_eq!(time, (13 << 11) | (45 << 5) | 15);
        assert_eq!(dos_time(0), (0, (1 << 5) | 1)); // 1980-01-01
        assert_eq!(dos_time(i64::MAX).1 >> 9, 127); // 2107
    }

    #[test]
    fn timestamps_outside_32_bits_are_left_out() {
        assert_eq!(local_len(&Entry::file("a", -1, 1, Some(0))), 31);
        assert_eq!(local_len(&Entry::file("a", 1, 1, Some(0))), 40);
    }

    #[test]
    fn small_known_entries_have_no_zip64_and_no_descriptor() {
        let entry = Entry::file("a.txt", 1_700_000_000, 3, Some(0x1234_5678));
        let header = local_header(&entry);
        assert_eq!(&header[..4], &LOCAL_SIG.to_le_bytes());
        assert_eq!(u16::from_le_bytes([header[6], header[7]]), FLAG_UTF8);
        assert_eq!(&header[14..18], &0x1234_5678u32.to_le_bytes());
        assert_eq!(&header[18..22], &3u32.to_le_bytes());
        assert!(descriptor(&entry, 0x1234_5678).is_empty());
        assert_eq!(
            predicted_len(std::slice::from_ref(&entry)),
            30 + 5 + 9 + 3 + 46 + 5 + 9 + 22
        );
    }

    #[test]
    fn unknown_crcs_get_a_descriptor_and_zero_local_fields() {
        let entry = Entry::file("a", 1_700_000_000, 3, None);
        let header = local_header(&entry);
        assert_eq!(
            u16::from_le_bytes([header[6], header[7]]),
            FLAG_UTF8 | FLAG_DESCRIPTOR
        );
        assert_eq!(&header[14..26], &[0; 12]);
        let descriptor = descriptor(&entry, 7);
        assert_eq!(descriptor.len(), 16);
        assert_eq!(&descriptor[..4], &DESCRIPTOR_SIG.to_le_bytes());
        // Empty files know their CRC: no descriptor.
        assert_eq!(descriptor_len(&Entry::file("e", 0, 0, None)), 0);
    }

    /// The records of a large entry and a Zip64 end, and the length of a folder that needs
    /// every Zip64 field: `zip.js` must give the same (`tests/it/browser.rs` checks it against
    /// these numbers).
    #[test]
    fn zip64_records_the_page_script_must_match() {
        use sha2::{Digest, Sha256};
        let big = Entry::file("big/\u{e9}t\u{e9}.bin", 1_700_000_000, MAX32 + 7, None);
        let known = Entry::file("k", -5, MAX32, Some(0xDEAD_BEEF));
        let mut bytes = local_header(&big);
        bytes.extend(descriptor(&big, 0x1234_5678));
        bytes.extend(local_header(&known));
        central_record(
            &mut bytes,
            &Placed {
                entry: &big,
                offset: MAX32 + 100,
                crc32: 0x1234_5678,
            },
        );
        central_record(
            &mut bytes,
            &Placed {
                entry: &known,
                offset: 3,
                crc32: 0xDEAD_BEEF,
            },
        );
        bytes.extend(end_records(70_000, 5_000_000_000, 1_000_000));
        bytes.extend(end_records(3, 100, 46));
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            "8ff711f1ba2dc355709c38ad219924bc2f0344ce881149983e6824971599707b"
        );
        let mut entries = vec![big, known];
        entries.extend((0..70_000).map(|i| Entry::file(format!("e{i}"), 1_700_000_000, 0, None)));
        assert_eq!(predicted_len(&entries), 8_598_172_785);
    }

    #[test]
    fn zip64_only_where_a_value_needs_it() {
        let big = Entry::file("big", 0, MAX32, None);
        assert_eq!(descriptor_len(&big), 24);
        assert_eq!(local_len(&big), 30 + 3 + 9 + 20);
        assert_eq!(central_len(&big, 0), 46 + 3 + 9 + 20);
        let small = Entry::file("s", 0, MAX32 - 1, None);
        assert_eq!(descriptor_len(&small), 16);
        assert_eq!(central_len(&small, MAX32 - 1), 46 + 1 + 9);
        assert_eq!(central_len(&small, MAX32), 46 + 1 + 9 + 12);
        assert_eq!(end_len(MAX16 - 1, 0, 0), 22);
        assert_eq!(end_len(MAX16, 0, 0), 98);
        assert_eq!(end_len(1, MAX32, 0), 98);
    }
}
