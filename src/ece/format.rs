//! The format itself: the secret, the header, the keys and one record at a time, and the
//! sealed metadata.

use std::fmt;

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM};
use aws_lc_rs::hkdf::{KeyType, Salt, HKDF_SHA256};
use base64::Engine as _;

/// The record size s3share writes: 64 KiB of ciphertext per record.
pub const RECORD_SIZE: u32 = 65536;

/// Bytes of an AES-GCM tag.
pub const TAG_LEN: usize = 16;

/// Bytes of the header s3share writes: salt (16), record size (4), key id length (1, zero).
pub const HEADER_LEN: usize = 21;

/// Plaintext bytes in each record but the last: the record size less the tag and delimiter.
pub const RECORD_PLAINTEXT: usize = RECORD_SIZE as usize - TAG_LEN - 1;

/// Why bytes could not be decrypted: a wrong key, or a body someone changed, cut short,
/// reordered or that is not this format. Says nothing more, as it should not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The header is not one this format allows.
    #[error("not an encrypted share (bad header)")]
    Header,
    /// A record did not decrypt: tampered, reordered, truncated, or the wrong key.
    #[error("record {0} failed authentication: the data was changed, cut short or reordered, or the key is wrong")]
    Record(u64),
    /// A record decrypted, but its delimiter or length breaks the format (a record dropped or
    /// moved, or the end cut off).
    #[error("record {0} is not where it belongs: the data was cut short or reordered")]
    Layout(u64),
    /// The secret in the link is not 16 bytes of unpadded base64url.
    #[error("the key in the link is damaged")]
    Secret,
}

/// The share's secret: the only key to its data and name. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret([u8; 16]);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl Secret {
    /// A fresh random secret.
    pub fn generate() -> Secret {
        let mut bytes = [0u8; 16];
        aws_lc_rs::rand::fill(&mut bytes).expect("the system's random source");
        Secret(bytes)
    }

    /// The secret as a link's fragment carries it: unpadded base64url.
    pub fn to_fragment(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.0)
    }

    /// The secret from a link's fragment.
    pub fn from_fragment(fragment: &str) -> Result<Secret, Refused> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(fragment.trim())
            .map_err(|_| Refused::Secret)?;
        Ok(Secret(bytes.try_into().map_err(|_| Refused::Secret)?))
    }

    /// The raw bytes (the input keying material).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// How many records `plaintext_len` bytes take: at least one, even for nothing.
pub fn record_count(plaintext_len: u64) -> u64 {
    plaintext_len.div_ceil(RECORD_PLAINTEXT as u64).max(1)
}

/// The size of the encrypted body of `plaintext_len` bytes, known before encrypting:
/// `21 + n + 17 × max(1, ⌈n / 65519⌉)`; `None` past what a `u64` holds (a size read from a page
/// is whatever its writer chose).
pub fn ciphertext_len(plaintext_len: u64) -> Option<u64> {
    (TAG_LEN as u64 + 1)
        .checked_mul(record_count(plaintext_len))?
        .checked_add(plaintext_len)?
        .checked_add(HEADER_LEN as u64)
}

/// An HKDF output length.
struct Len(usize);

impl KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// `len` bytes of HKDF-SHA256 of `secret` with `salt` and `info`.
fn hkdf(secret: &[u8], salt: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    Salt::new(HKDF_SHA256, salt)
        .extract(secret)
        .expand(&[info], Len(len))
        .and_then(|okm| okm.fill(&mut out))
        .expect("HKDF of 16 or 12 bytes");
    out
}

/// The body's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The salt keys are derived with.
    pub salt: [u8; 16],
    /// Bytes of ciphertext per record, the last excepted.
    pub record_size: u32,
    /// The key id (empty in s3share's shares).
    pub key_id: Vec<u8>,
}

impl Header {
    /// A header for a new body: a random salt, [`RECORD_SIZE`], no key id.
    pub fn generate() -> Header {
        let mut salt = [0u8; 16];
        aws_lc_rs::rand::fill(&mut salt).expect("the system's random source");
        Header {
            salt,
            record_size: RECORD_SIZE,
            key_id: Vec::new(),
        }
    }

    /// The header's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.key_id.len());
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&self.record_size.to_be_bytes());
        out.push(u8::try_from(self.key_id.len()).expect("a key id of at most 255 bytes"));
        out.extend_from_slice(&self.key_id);
        out
    }

    /// Reads the header s3share writes from the start of `body`: [`RECORD_SIZE`] and no key id,
    /// as the page also insists, and anything else refused, so that a record size chosen by
    /// whoever wrote the object never chooses how much memory a reader holds (up to 4 GiB a
    /// record). Returns it and its length.
    pub fn parse(body: &[u8]) -> Result<(Header, usize), Refused> {
        let (header, len) = Header::parse_any(body)?;
        if header.record_size != RECORD_SIZE || !header.key_id.is_empty() {
            return Err(Refused::Header);
        }
        Ok((header, len))
    }

    /// Reads any header RFC 8188 allows (its examples use other record sizes and a key id).
    fn parse_any(body: &[u8]) -> Result<(Header, usize), Refused> {
        let fixed = body.get(..HEADER_LEN).ok_or(Refused::Header)?;
        let record_size = u32::from_be_bytes(fixed[16..20].try_into().expect("4 bytes"));
        let id_len = usize::from(fixed[20]);
        let key_id = body
            .get(HEADER_LEN..HEADER_LEN + id_len)
            .ok_or(Refused::Header)?
            .to_vec();
        // The RFC's smallest record holds one byte of plaintext and its delimiter.
        if (record_size as usize) < TAG_LEN + 2 {
            return Err(Refused::Header);
        }
        let header = Header {
            salt: fixed[..16].try_into().expect("16 bytes"),
            record_size,
            key_id,
        };
        Ok((header, HEADER_LEN + id_len))
    }
}

/// The content-encryption key and nonce base of one body.
pub struct Keys {
    key: LessSafeKey,
    nonce_base: [u8; 12],
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keys(redacted)")
    }
}

impl Keys {
    /// The keys of the body whose header has `salt`, from the secret.
    pub fn derive(secret: &Secret, salt: &[u8; 16]) -> Keys {
        let cek = hkdf(
            secret.as_bytes(),
            salt,
            b"Content-Encoding: aes128gcm\0",
            16,
        );
        let nonce = hkdf(secret.as_bytes(), salt, b"Content-Encoding: nonce\0", 12);
        Keys {
            key: LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &cek).expect("a 16-byte key")),
            nonce_base: nonce.try_into().expect("12 bytes"),
        }
    }

    /// Record `index`'s nonce: the base XOR the index (big-endian, in the last 8 bytes).
    fn nonce(&self, index: u64) -> Nonce {
        let mut nonce = self.nonce_base;
        for (byte, counter) in nonce[4..].iter_mut().zip(index.to_be_bytes()) {
            *byte ^= counter;
        }
        Nonce::assume_unique_for_key(nonce)
    }

    /// Record `index` of `plaintext`: the plaintext, the delimiter (2 for the last record, 1
    /// otherwise), sealed with its tag.
    pub fn seal(&self, index: u64, plaintext: &[u8], last: bool) -> Vec<u8> {
        let mut record = Vec::with_capacity(plaintext.len() + 1 + TAG_LEN);
        record.extend_from_slice(plaintext);
        record.push(if last { 2 } else { 1 });
        self.key
            .seal_in_place_append_tag(self.nonce(index), Aad::empty(), &mut record)
            .expect("AES-GCM seals any record");
        record
    }

    /// The plaintext of record `index`, which must be the last one when `last` (delimiter 2) and
    /// must not otherwise (delimiter 1). Zero padding after the delimiter is removed, as the RFC
    /// allows; s3share writes none.
    pub fn open(&self, index: u64, record: &[u8], last: bool) -> Result<Vec<u8>, Refused> {
        let mut buffer = record.to_vec();
        let plain = self
            .key
            .open_in_place(self.nonce(index), Aad::empty(), &mut buffer)
            .map_err(|_| Refused::Record(index))?;
        let end = plain
            .iter()
            .rposition(|&b| b != 0)
            .ok_or(Refused::Layout(index))?;
        match (plain[end], last) {
            (2, true) | (1, false) => Ok(plain[..end].to_vec()),
            _ => Err(Refused::Layout(index)),
        }
    }
}

/// Encrypts a whole body in memory (an encrypted folder's manifest, tests); files go record by
/// record (the sealing reader).
pub fn encrypt(secret: &Secret, header: &Header, plaintext: &[u8]) -> Vec<u8> {
    let keys = Keys::derive(secret, &header.salt);
    let chunk = header.record_size as usize - TAG_LEN - 1;
    let count = plaintext.len().div_ceil(chunk).max(1);
    let mut out = header.encode();
    for index in 0..count {
        let start = index * chunk;
        let end = (start + chunk).min(plaintext.len());
        let last = index + 1 == count;
        out.extend(keys.seal(index as u64, &plaintext[start..end], last));
    }
    out
}

/// Decrypts a whole body in memory, refusing anything changed, cut short or reordered (an
/// encrypted folder's manifest, tests; downloads go record by record, the record opener).
pub fn decrypt(secret: &Secret, body: &[u8]) -> Result<Vec<u8>, Refused> {
    let (header, start) = Header::parse_any(body)?;
    let keys = Keys::derive(secret, &header.salt);
    let records: Vec<&[u8]> = body[start..].chunks(header.record_size as usize).collect();
    if records.is_empty() {
        return Err(Refused::Layout(0));
    }
    let mut out = Vec::with_capacity(body.len());
    for (index, record) in records.iter().enumerate() {
        let last = index + 1 == records.len();
        out.extend(keys.open(index as u64, record, last)?);
    }
    Ok(out)
}

/// The key and IV length for the metadata's AES-128-GCM.
const METADATA_INFO: &[u8] = b"s3share metadata v1";

/// Encrypts a share's metadata (JSON of name, size, type, modified) under a key derived from
/// the secret with its own info string, with a random IV: base64url of IV ‖ ciphertext ‖ tag.
pub fn seal_metadata(secret: &Secret, metadata: &[u8]) -> String {
    let key = metadata_key(secret);
    let mut iv = [0u8; 12];
    aws_lc_rs::rand::fill(&mut iv).expect("the system's random source");
    let mut sealed = metadata.to_vec();
    key.seal_in_place_append_tag(Nonce::assume_unique_for_key(iv), Aad::empty(), &mut sealed)
        .expect("AES-GCM seals any metadata");
    let mut out = iv.to_vec();
    out.extend(sealed);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
}

/// Decrypts what [`seal_metadata`] made.
pub fn open_metadata(secret: &Secret, sealed: &str) -> Result<Vec<u8>, Refused> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sealed)
        .map_err(|_| Refused::Record(0))?;
    if bytes.len() < 12 + TAG_LEN {
        return Err(Refused::Record(0));
    }
    let (iv, rest) = bytes.split_at(12);
    let mut buffer = rest.to_vec();
    let nonce = Nonce::try_assume_unique_for_key(iv).map_err(|_| Refused::Record(0))?;
    let plain = metadata_key(secret)
        .open_in_place(nonce, Aad::empty(), &mut buffer)
        .map_err(|_| Refused::Record(0))?;
    Ok(plain.to_vec())
}

fn metadata_key(secret: &Secret) -> LessSafeKey {
    let key = hkdf(secret.as_bytes(), &[], METADATA_INFO, 16);
    LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &key).expect("a 16-byte key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(text: &str) -> Vec<u8> {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .unwrap()
    }

    #[test]
    fn rfc_8188_section_3_1_encrypts_byte_for_byte() {
        let secret = Secret::from_fragment("yqdlZ-tYemfogSmv7Ws5PQ").unwrap();
        let header = Header {
            salt: b64("I1BsxtFttlv3u_Oo94xnmw").try_into().unwrap(),
            record_size: 4096,
            key_id: Vec::new(),
        };
        let body = encrypt(&secret, &header, b"I am the walrus");
        assert_eq!(
            body,
            b64("I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg")
        );
        assert_eq!(decrypt(&secret, &body).unwrap(), b"I am the walrus");
    }

    #[test]
    fn rfc_8188_section_3_2_decrypts_several_records_with_a_key_id_and_padding() {
        let secret = Secret::from_fragment("BO3ZVPxUlnLORbVGMpbT1Q").unwrap();
        let body = b64(
            "uNCkWiNYzKTnBN9ji3-qWAAAABkCYTHOG8chz_gnvgOqdGYovxyjuqRyJFjEDyoF1Fvkj6hQPdPHI51OEUKEpgz3SsLWIqS_uA",
        );
        let (header, _) = Header::parse_any(&body).unwrap();
        assert_eq!(
            (header.record_size, header.key_id.as_slice()),
            (25, &b"a1"[..])
        );
        assert_eq!(Header::parse(&body), Err(Refused::Header));
        assert_eq!(decrypt(&secret, &body).unwrap(), b"I am the walrus");
    }

    #[test]
    fn round_trips_at_every_record_boundary() {
        let secret = Secret::generate();
        let n = RECORD_PLAINTEXT;
        for len in [0, 1, n - 1, n, n + 1, 2 * n, 2 * n + 1, 3 * n - 1] {
            let plaintext: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let body = encrypt(&secret, &Header::generate(), &plaintext);
            assert_eq!(Some(body.len() as u64), ciphertext_len(len as u64), "{len}");
            assert_eq!(decrypt(&secret, &body).unwrap(), plaintext, "{len}");
        }
        assert_eq!(ciphertext_len(0), Some(21 + 17));
        assert_eq!(ciphertext_len(n as u64), Some(21 + n as u64 + 17));
        assert_eq!(ciphertext_len(n as u64 + 1), Some(21 + n as u64 + 1 + 34));
    }

    #[test]
    fn a_size_past_what_a_u64_holds_has_no_ciphertext_length() {
        assert_eq!(ciphertext_len(u64::MAX), None);
        assert_eq!(ciphertext_len(u64::MAX - 21), None);
        let half = u64::MAX / 2;
        assert_eq!(
            ciphertext_len(half),
            Some(21 + half + 17 * half.div_ceil(RECORD_PLAINTEXT as u64))
        );
    }

    #[test]
    fn only_the_header_s3share_writes_is_read() {
        let ours = Header::generate();
        assert_eq!(Header::parse(&ours.encode()).unwrap(), (ours.clone(), 21));
        for (record_size, key_id) in [
            (u32::MAX, &b""[..]),
            (RECORD_SIZE + 1, b""),
            (4096, b""),
            (RECORD_SIZE, b"a1"),
        ] {
            let other = Header {
                record_size,
                key_id: key_id.to_vec(),
                ..ours.clone()
            };
            assert_eq!(
                Header::parse(&other.encode()),
                Err(Refused::Header),
                "{record_size} {key_id:?}"
            );
        }
    }

    #[test]
    fn changed_reordered_truncated_or_mislabelled_bodies_are_refused() {
        let secret = Secret::generate();
        let plaintext = vec![7u8; 2 * RECORD_PLAINTEXT + 10];
        let body = encrypt(&secret, &Header::generate(), &plaintext);
        let record = RECORD_SIZE as usize;
        let (head, records) = body.split_at(HEADER_LEN);

        let mut flipped = body.clone();
        flipped[HEADER_LEN + 5] ^= 1;
        assert_eq!(decrypt(&secret, &flipped), Err(Refused::Record(0)));

        let mut swapped = head.to_vec();
        swapped.extend_from_slice(&records[record..2 * record]);
        swapped.extend_from_slice(&records[..record]);
        swapped.extend_from_slice(&records[2 * record..]);
        assert_eq!(decrypt(&secret, &swapped), Err(Refused::Record(0)));

        // Cut after a whole record: the new last record says it is not the last.
        let truncated = &body[..HEADER_LEN + 2 * record];
        assert_eq!(decrypt(&secret, truncated), Err(Refused::Layout(1)));
        // Cut inside a record: it no longer authenticates.
        assert_eq!(
            decrypt(&secret, &body[..body.len() - 3]),
            Err(Refused::Record(2))
        );
        // The last record dropped and the body otherwise whole: refused, not shortened.
        assert!(decrypt(&secret, &body[..HEADER_LEN + record]).is_err());

        assert_eq!(decrypt(&Secret::generate(), &body), Err(Refused::Record(0)));
    }

    #[test]
    fn records_decrypt_alone_and_out_of_order() {
        let secret = Secret::generate();
        let header = Header::generate();
        let plaintext: Vec<u8> = (0..3 * RECORD_PLAINTEXT + 99)
            .map(|i| (i % 13) as u8)
            .collect();
        let body = encrypt(&secret, &header, &plaintext);
        let keys = Keys::derive(&secret, &header.salt);
        let records: Vec<&[u8]> = body[HEADER_LEN..].chunks(RECORD_SIZE as usize).collect();
        for index in [3usize, 1, 0, 2] {
            let last = index == records.len() - 1;
            let opened = keys.open(index as u64, records[index], last).unwrap();
            let start = index * RECORD_PLAINTEXT;
            assert_eq!(opened, plaintext[start..start + opened.len()]);
        }
        // A record opened as another index fails.
        assert_eq!(keys.open(2, records[1], false), Err(Refused::Record(2)));
    }

    #[test]
    fn metadata_round_trips_and_a_secret_never_shows_in_debug() {
        let secret = Secret::generate();
        let sealed = seal_metadata(&secret, br#"{"name":"contract.pdf"}"#);
        assert!(!sealed.contains("contract"));
        assert_eq!(
            open_metadata(&secret, &sealed).unwrap(),
            br#"{"name":"contract.pdf"}"#
        );
        assert!(open_metadata(&Secret::generate(), &sealed).is_err());
        let shown = format!("{secret:?} {:?}", Keys::derive(&secret, &[0; 16]));
        assert!(!shown.contains(&secret.to_fragment()), "{shown}");
        assert_eq!(
            Secret::from_fragment(&secret.to_fragment()).unwrap(),
            secret
        );
        assert_eq!(Secret::from_fragment("short"), Err(Refused::Secret));
    }

    #[test]
    fn the_readme_says_the_size_is_not_hidden() {
        // No padding, and the page's data holds the ciphertext's size: the file's follows from it
        // exactly, so the README must not count it among what is encrypted.
        let readme = include_str!("../../README.md");
        let section = readme
            .split("### End-to-end encrypted shares")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("the README's section on encrypted shares");
        assert!(!section.contains("name, size, type and time"));
        assert!(section.contains("the file's exact size, when they were uploaded"));
        assert_eq!(
            ciphertext_len(1_000_000).map(|c| c - 21 - 17 * record_count(1_000_000)),
            Some(1_000_000)
        );
    }
}
