//! Downloads of an end-to-end encrypted share's data: decrypted as the bytes arrive, record by
//! record, each record authenticated before its plaintext is written. The header (salt) comes
//! from the first bytes of the body; after that, record `i` of the ciphertext is plaintext bytes
//! `i × 65519 …`, so parallel chunks aligned to records decrypt on their own, into place.

use std::sync::Arc;

use reqwest::Response;

use super::job::{Decryption, Source};
use super::response::{broken, ObjectInfo};
use crate::ece::{self, Header, Keys, RecordOpener, Refused, TAG_LEN};
use crate::error::{ExitKind, Failure};

/// An encrypted body whose header was read: where its records are and how to open them.
pub(super) struct Opened {
    keys: Arc<Keys>,
    record_size: u64,
    /// Where the first record starts (the header's length).
    pub(super) records_start: u64,
    /// The whole body's size.
    pub(super) body_len: u64,
    /// The decrypted size.
    pub(super) plaintext_len: u64,
}

impl Opened {
    /// An opener for records `first..`.
    pub(super) fn opener(&self, first: u64) -> RecordOpener {
        RecordOpener::new(
            self.keys.clone(),
            self.record_size as u32,
            self.records_start,
            self.body_len,
            first,
        )
        .expect("the layout was checked when the header was read")
    }

    /// The record that starts at byte `offset` of the body (a record boundary).
    pub(super) fn record_at(&self, offset: u64) -> u64 {
        (offset - self.records_start).div_ceil(self.record_size)
    }

    /// Where record `index`'s plaintext goes in the file.
    pub(super) fn plaintext_offset(&self, index: u64) -> u64 {
        index * (self.record_size - TAG_LEN as u64 - 1)
    }

    /// Bytes of ciphertext per record: chunks are a multiple of it.
    pub(super) fn record_size(&self) -> u64 {
        self.record_size
    }
}

/// The records of a response, decrypted as they come; the bytes read with the header go first.
pub(super) struct Decrypting {
    opener: RecordOpener,
    leftover: Vec<u8>,
    plaintext: Vec<u8>,
    read_ahead: u64,
}

impl Decrypting {
    /// Bytes of the body read with the header (the header included).
    pub(super) fn read_ahead(&self) -> u64 {
        self.read_ahead
    }

    /// The plaintext of what `bytes` completes (the leftover from the header's read first).
    pub(super) fn push(&mut self, bytes: &[u8]) -> Result<&[u8], Failure> {
        self.plaintext.clear();
        if !self.leftover.is_empty() {
            let leftover = std::mem::take(&mut self.leftover);
            self.opener
                .push(&leftover, &mut self.plaintext)
                .map_err(refused)?;
        }
        self.opener
            .push(bytes, &mut self.plaintext)
            .map_err(refused)?;
        Ok(&self.plaintext)
    }

    /// Checks that the body ended with its last record. (Its plaintext was taken with the
    /// pushes: a finish never decrypts what nobody would write.)
    pub(super) fn finish(self) -> Result<(), Failure> {
        let count = self.opener.record_count();
        self.opener.finish(count).map_err(refused)
    }
}

/// Reads the header from the start of `response` (a whole body), checks that the body is as
/// long as the share says, and returns how to decrypt the rest: the records of `response`, and
/// of any ranged request for later records.
pub(super) async fn open(
    response: &mut Response,
    decryption: &Decryption,
    body_len: u64,
    source: &Source,
) -> Result<(Arc<Opened>, Decrypting), Failure> {
    let expected = ece::ciphertext_len(decryption.plaintext_len);
    if expected != Some(body_len) {
        let says = match expected {
            Some(expected) => format!("the {expected} its page says"),
            None => "what its page says".to_owned(),
        };
        return Err(Failure::new(
            ExitKind::Integrity,
            format!(
                "the encrypted file is {body_len} bytes, not {says}: it was changed or cut short"
            ),
        )
        .hint("nothing was saved; ask the sender for a new link"));
    }
    // The header s3share writes is exactly HEADER_LEN bytes (no key id); `ece` refuses any other.
    let mut head = Vec::new();
    while head.len() < ece::HEADER_LEN && (head.len() as u64) < body_len {
        match response.chunk().await {
            Ok(Some(bytes)) => head.extend_from_slice(&bytes),
            Ok(None) => break,
            Err(error) => {
                return Err(broken(error, source, head.len() as u64, body_len, false));
            }
        }
    }
    let (header, header_len) = Header::parse(&head).map_err(refused)?;
    let keys = Arc::new(Keys::derive(&decryption.secret, &header.salt));
    let records_start = header_len as u64;
    let opener = RecordOpener::new(keys.clone(), header.record_size, records_start, body_len, 0)
        .map_err(refused)?;
    let opened = Opened {
        keys,
        record_size: u64::from(header.record_size),
        records_start,
        body_len,
        plaintext_len: decryption.plaintext_len,
    };
    let decrypting = Decrypting {
        read_ahead: head.len() as u64,
        opener,
        leftover: head.split_off(header_len),
        plaintext: Vec::new(),
    };
    Ok((Arc::new(opened), decrypting))
}

/// Leaves out the checks of the whole body's hash: they would be of the ciphertext, and every
/// record is authenticated instead.
pub(super) fn records_instead_of_hashes(object: &mut ObjectInfo) {
    object.md5 = None;
    object.crc64nvme = None;
}

/// The failure of bytes that did not decrypt.
pub(super) fn refused(error: Refused) -> Failure {
    Failure::new(
        ExitKind::Integrity,
        format!("the encrypted file did not decrypt: {error}"),
    )
    .hint("nothing was saved; if the link is whole (with its #part), the share was tampered with: ask the sender for a new one")
}
