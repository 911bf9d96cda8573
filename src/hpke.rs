//! HPKE base mode (RFC 9180) for one suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//! AES-128-GCM; single-shot seal and open, written `enc ‖ ciphertext`. An encrypted request's
//! manifest is sealed this way to the requester's public key, by the sender's browser
//! (WebCrypto) or by `upload --to` (here).
//!
//! Built on aws-lc-rs's X25519, HMAC-SHA256 and AES-GCM, the crypto rustls already uses. HKDF is
//! written out over HMAC because HPKE's key schedule needs the bytes of an extract, which
//! aws-lc-rs's HKDF keeps to itself.

use std::fmt;

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM};
use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey, X25519};
use aws_lc_rs::hmac;
use sha2::{Digest as _, Sha256};

/// Bytes of an X25519 public key, and of `enc`.
pub const KEY_LEN: usize = 32;

/// Bytes `seal` adds to a plaintext: `enc` and the AES-GCM tag.
pub const OVERHEAD: usize = KEY_LEN + 16;

/// `"KEM" ‖ I2OSP(0x0020, 2)`: DHKEM(X25519, HKDF-SHA256).
const KEM_SUITE: &[u8] = b"KEM\x00\x20";
/// `"HPKE" ‖ kem 0x0020 ‖ kdf 0x0001 ‖ aead 0x0001`.
const HPKE_SUITE: &[u8] = b"HPKE\x00\x20\x00\x01\x00\x01";

/// Why a sealed message did not open. Says nothing more, as it should not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Too short to hold `enc` and a tag, or `enc` is not a usable X25519 key.
    #[error("not a sealed message")]
    Malformed,
    /// The tag did not verify: another recipient's key, other `info`, or changed bytes.
    #[error("did not open: sealed to another key, for another request, or changed")]
    Open,
}

/// An X25519 private key, the recipient's. Its `Debug` never shows it.
pub struct SecretKey([u8; KEY_LEN]);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(redacted)")
    }
}

impl SecretKey {
    /// A fresh random key.
    pub fn generate() -> SecretKey {
        let mut bytes = [0u8; KEY_LEN];
        aws_lc_rs::rand::fill(&mut bytes).expect("the system's random source");
        SecretKey(bytes)
    }

    /// The key from its 32 bytes (RFC 7748 form, clamped when used).
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        SecretKey(bytes)
    }

    /// The 32 bytes, for the key file only.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        let public = self
            .private()
            .compute_public_key()
            .expect("an X25519 public key");
        PublicKey(public.as_ref().try_into().expect("32 bytes"))
    }

    fn private(&self) -> PrivateKey {
        PrivateKey::from_private_key(&X25519, &self.0).expect("32 bytes are an X25519 key")
    }
}

/// An X25519 public key, the recipient's, as a page carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey(pub [u8; KEY_LEN]);

impl PublicKey {
    /// Who the key is, for people: the first 16 bytes of its SHA-256 in lowercase hex.
    pub fn fingerprint(&self) -> String {
        hex::encode(&Sha256::digest(self.0)[..16])
    }
}

/// `Extract(salt, ikm)`: HMAC-SHA256 keyed with the salt (RFC 5869).
fn extract(salt: &[u8], ikm: &[&[u8]]) -> [u8; 32] {
    let mut context = hmac::Context::with_key(&hmac::Key::new(hmac::HMAC_SHA256, salt));
    for part in ikm {
        context.update(part);
    }
    context.sign().as_ref().try_into().expect("32 bytes")
}

/// `Expand(prk, info, len)` for `len` ≤ 32: one block is all HPKE asks of this suite.
fn expand(prk: &[u8; 32], info: &[&[u8]], len: usize) -> Vec<u8> {
    debug_assert!(len <= 32);
    let mut context = hmac::Context::with_key(&hmac::Key::new(hmac::HMAC_SHA256, prk));
    for part in info {
        context.update(part);
    }
    context.update(&[1]);
    context.sign().as_ref()[..len].to_vec()
}

fn labeled_extract(suite: &[u8], salt: &[u8], label: &[u8], ikm: &[u8]) -> [u8; 32] {
    extract(salt, &[b"HPKE-v1", suite, label, ikm])
}

fn labeled_expand(suite: &[u8], prk: &[u8; 32], label: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let length = (len as u16).to_be_bytes();
    expand(prk, &[&length, b"HPKE-v1", suite, label, info], len)
}

/// DHKEM's `ExtractAndExpand(dh, enc ‖ pkR)`.
fn shared_secret(dh: &[u8], enc: &[u8], recipient: &[u8]) -> [u8; 32] {
    let prk = labeled_extract(KEM_SUITE, b"", b"eae_prk", dh);
    let context = [enc, recipient].concat();
    labeled_expand(KEM_SUITE, &prk, b"shared_secret", &context, 32)
        .try_into()
        .expect("32 bytes")
}

/// The base mode key schedule: the AEAD key and base nonce.
fn key_schedule(shared: &[u8; 32], info: &[u8]) -> (LessSafeKey, [u8; 12]) {
    let psk_id_hash = labeled_extract(HPKE_SUITE, b"", b"psk_id_hash", b"");
    let info_hash = labeled_extract(HPKE_SUITE, b"", b"info_hash", info);
    let context = [&[0u8][..], &psk_id_hash, &info_hash].concat();
    let secret = labeled_extract(HPKE_SUITE, shared, b"secret", b"");
    let key = labeled_expand(HPKE_SUITE, &secret, b"key", &context, 16);
    let nonce = labeled_expand(HPKE_SUITE, &secret, b"base_nonce", &context, 12);
    (
        LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &key).expect("a 16-byte key")),
        nonce.try_into().expect("12 bytes"),
    )
}

/// X25519 of `private` and `public`; `None` for a public key that gives the all-zero secret.
fn dh(private: &SecretKey, public: &[u8]) -> Option<Vec<u8>> {
    agreement::agree(
        &private.private(),
        UnparsedPublicKey::new(&X25519, public),
        (),
        |secret| Ok(secret.to_vec()),
    )
    .ok()
    .filter(|secret| secret.iter().any(|&b| b != 0))
}

/// Seals `plaintext` to `recipient` with `info` and `aad`: `enc ‖ ciphertext ‖ tag`.
pub fn seal(recipient: &PublicKey, info: &[u8], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    seal_with(&SecretKey::generate(), recipient, info, aad, plaintext)
}

/// [`seal`] with a given ephemeral key (the RFC's test vectors).
fn seal_with(
    ephemeral: &SecretKey,
    recipient: &PublicKey,
    info: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Vec<u8> {
    let enc = ephemeral.public_key().0;
    let dh = dh(ephemeral, &recipient.0).expect("the recipient's key is a usable X25519 key");
    let (key, nonce) = key_schedule(&shared_secret(&dh, &enc, &recipient.0), info);
    let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
    out.extend_from_slice(&enc);
    let mut body = plaintext.to_vec();
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        Aad::from(aad),
        &mut body,
    )
    .expect("AES-GCM seals any message");
    out.extend(body);
    out
}

/// Opens what [`seal`] made for `recipient`'s key with the same `info` and `aad`.
pub fn open(
    recipient: &SecretKey,
    info: &[u8],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, Refused> {
    if sealed.len() < OVERHEAD {
        return Err(Refused::Malformed);
    }
    let (enc, ciphertext) = sealed.split_at(KEY_LEN);
    let dh = dh(recipient, enc).ok_or(Refused::Malformed)?;
    let public = recipient.public_key().0;
    let (key, nonce) = key_schedule(&shared_secret(&dh, enc, &public), info);
    let mut body = ciphertext.to_vec();
    let plain = key
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut body,
        )
        .map_err(|_| Refused::Open)?;
    Ok(plain.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(hex: &str) -> Vec<u8> {
        hex::decode(hex).unwrap()
    }

    fn key(hex: &str) -> [u8; 32] {
        bytes(hex).try_into().unwrap()
    }

    // RFC 9180 A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
    const INFO: &str = "4f6465206f6e2061204772656369616e2055726e";
    const SK_E: &str = "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736";
    const PK_E: &str = "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431";
    const SK_R: &str = "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8";
    const PK_R: &str = "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d";
    const SHARED: &str = "fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc";
    const PT: &str = "4265617574792069732074727574682c20747275746820626561757479";
    const AAD0: &str = "436f756e742d30";
    const CT0: &str = "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a";

    #[test]
    fn the_rfc_key_pairs_and_shared_secret() {
        let ephemeral = SecretKey::from_bytes(key(SK_E));
        let recipient = SecretKey::from_bytes(key(SK_R));
        assert_eq!(ephemeral.public_key().0, key(PK_E));
        assert_eq!(recipient.public_key().0, key(PK_R));
        let dh = dh(&ephemeral, &key(PK_R)).unwrap();
        assert_eq!(shared_secret(&dh, &key(PK_E), &key(PK_R)), key(SHARED));
    }

    #[test]
    fn the_rfc_key_schedule() {
        let psk_id_hash = labeled_extract(HPKE_SUITE, b"", b"psk_id_hash", b"");
        let info_hash = labeled_extract(HPKE_SUITE, b"", b"info_hash", &bytes(INFO));
        let context = [&[0u8][..], &psk_id_hash, &info_hash].concat();
        let secret = labeled_extract(HPKE_SUITE, &key(SHARED), b"secret", b"");
        let derived = |label: &[u8], len| {
            hex::encode(labeled_expand(HPKE_SUITE, &secret, label, &context, len))
        };
        assert_eq!(derived(b"key", 16), "4531685d41d65f03dc48f6b8302c05b0");
        assert_eq!(derived(b"base_nonce", 12), "56d890e5accaaf011cff4b7d");
        assert_eq!(
            derived(b"exp", 32),
            "45ff1c2e220db587171952c0592d5f5ebe103f1561a2614e38f2ffd47e99e3f8"
        );
    }

    #[test]
    fn the_rfc_first_encryption_seals_and_opens() {
        let recipient = PublicKey(key(PK_R));
        let sealed = seal_with(
            &SecretKey::from_bytes(key(SK_E)),
            &recipient,
            &bytes(INFO),
            &bytes(AAD0),
            &bytes(PT),
        );
        assert_eq!(hex::encode(&sealed), format!("{PK_E}{CT0}"));
        let opened = open(
            &SecretKey::from_bytes(key(SK_R)),
            &bytes(INFO),
            &bytes(AAD0),
            &sealed,
        );
        assert_eq!(opened.unwrap(), bytes(PT));
    }

    #[test]
    fn anything_else_does_not_open() {
        let recipient = SecretKey::generate();
        let sealed = seal(&recipient.public_key(), b"request A", b"", b"manifest");
        assert_eq!(
            open(&recipient, b"request A", b"", &sealed).unwrap(),
            b"manifest"
        );
        assert_eq!(
            open(&recipient, b"request B", b"", &sealed),
            Err(Refused::Open)
        );
        assert_eq!(
            open(&SecretKey::generate(), b"request A", b"", &sealed),
            Err(Refused::Open)
        );
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(
            open(&recipient, b"request A", b"", &changed),
            Err(Refused::Open)
        );
        assert_eq!(
            open(&recipient, b"request A", b"", &sealed[..40]),
            Err(Refused::Malformed)
        );
        let zero_point = [[0u8; 32].as_slice(), &sealed[32..]].concat();
        assert_eq!(
            open(&recipient, b"request A", b"", &zero_point),
            Err(Refused::Malformed)
        );
    }

    #[test]
    fn a_fingerprint_is_sixteen_bytes_of_hex() {
        let fingerprint = PublicKey(key(PK_R)).fingerprint();
        assert_eq!(fingerprint.len(), 32);
        assert_eq!(fingerprint, hex::encode(&Sha256::digest(key(PK_R))[..16]));
    }

    /// `cargo test --bin s3share hpke::tests::speed -- --ignored --nocapture`: seals and opens of
    /// a manifest-sized message per second.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn speed() {
        let recipient = SecretKey::generate();
        let public = recipient.public_key();
        let message = vec![7u8; 1024];
        let rounds = 2000;
        let start = std::time::Instant::now();
        let mut sealed = Vec::new();
        for _ in 0..rounds {
            sealed = seal(&public, b"info", b"", &message);
        }
        let seal_time = start.elapsed();
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            open(&recipient, b"info", b"", &sealed).unwrap();
        }
        let open_time = start.elapsed();
        eprintln!(
            "HPKE, 1 KiB: seal {:.1} us, open {:.1} us",
            seal_time.as_secs_f64() * 1e6 / rounds as f64,
            open_time.as_secs_f64() * 1e6 / rounds as f64
        );
    }
}
