//! The private key that signs CloudFront links: ECDSA P-256 or RSA-2048, read from a PEM file
//! (PKCS#8, or PKCS#1 for RSA, or SEC1 for EC), and nothing else CloudFront would refuse.

use std::path::Path;

use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    EcdsaKeyPair, KeyPair, RsaKeyPair, ECDSA_P256_SHA256_ASN1_SIGNING,
    ECDSA_P384_SHA384_ASN1_SIGNING, RSA_PKCS1_SHA256,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::PrivateKeyDer;

use crate::error::Failure;

/// A key CloudFront accepts for its public keys, ready to sign.
pub enum SigningKey {
    /// ECDSA on P-256: signatures are DER-encoded (ASN.1), as `openssl dgst -sha256 -sign` makes
    /// them and CloudFront verifies them.
    Ecdsa(EcdsaKeyPair),
    /// RSA with 2048-bit modulus: PKCS#1 v1.5 signatures.
    Rsa(RsaKeyPair),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind())
    }
}

impl SigningKey {
    /// Reads the key at `path`: every problem is one line, exit 2, naming the file.
    pub fn load(path: &Path) -> Result<Self, Failure> {
        let pem = std::fs::read(path).map_err(|e| {
            Failure::usage(format!(
                "cannot read the CloudFront private key {}: {e}",
                path.display()
            ))
            .hint("set [cdn] private_key (or S3SHARE_CDN_PRIVATE_KEY) to the PEM file of the key")
        })?;
        SigningKey::from_pem(&pem).map_err(|problem| {
            Failure::usage(format!(
                "the CloudFront private key {} {problem}",
                path.display()
            ))
            .hint(
                "CloudFront takes an ECDSA P-256 or RSA-2048 key, as PEM (PKCS#8, PKCS#1 or SEC1)",
            )
        })
    }

    /// Parses a PEM private key; the error completes "the key FILE …".
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let text = String::from_utf8_lossy(pem);
        if text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED") {
            return Err(
                "is encrypted: decrypt it first (openssl pkey -in KEY -out PLAIN)".to_owned(),
            );
        }
        if text.contains("PUBLIC KEY-----") && !text.contains("PRIVATE KEY-----") {
            return Err("is a public key, not the private key".to_owned());
        }
        let der = PrivateKeyDer::from_pem_slice(pem)
            .map_err(|_| "is not a PEM private key".to_owned())?;
        match der {
            PrivateKeyDer::Pkcs1(rsa) => rsa_key(RsaKeyPair::from_der(rsa.secret_pkcs1_der())),
            PrivateKeyDer::Sec1(ec) => ec_key(ec.secret_sec1_der()),
            PrivateKeyDer::Pkcs8(any) => {
                let der = any.secret_pkcs8_der();
                if let Ok(rsa) = RsaKeyPair::from_pkcs8(der) {
                    return rsa_key(Ok(rsa));
                }
                ec_key(der)
            }
            _ => Err("is of a kind CloudFront does not take".to_owned()),
        }
    }

    /// `ECDSA P-256` or `RSA-2048`, for people.
    pub fn kind(&self) -> &'static str {
        match self {
            SigningKey::Ecdsa(_) => "ECDSA P-256",
            SigningKey::Rsa(_) => "RSA-2048",
        }
    }

    /// A new ECDSA P-256 key, as the PKCS#8 PEM `cdn init` writes (0600) and later reads back.
    pub fn generate_pem() -> String {
        let document =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &SystemRandom::new())
                .expect("generating a P-256 key does not fail");
        pem("PRIVATE KEY", document.as_ref())
    }

    /// The public key as CloudFront's `CreatePublicKey` takes it: SubjectPublicKeyInfo PEM.
    pub fn public_pem(&self) -> String {
        let der: Result<PublicKeyX509Der<'static>, _> = match self {
            SigningKey::Ecdsa(key) => key.public_key().as_der(),
            SigningKey::Rsa(key) => key.public_key().as_der(),
        };
        pem(
            "PUBLIC KEY",
            der.expect("a loaded key has a public key").as_ref(),
        )
    }

    /// Signs `message` with SHA-256.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let rng = SystemRandom::new();
        match self {
            SigningKey::Ecdsa(key) => key
                .sign(&rng, message)
                .expect("ECDSA signing with a valid key does not fail")
                .as_ref()
                .to_vec(),
            SigningKey::Rsa(key) => {
                let mut signature = vec![0; key.public_modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
                    .expect("RSA signing with a valid key does not fail");
                signature
            }
        }
    }
}

/// An RSA key, if 2048 bits (the only size CloudFront takes).
fn rsa_key(key: Result<RsaKeyPair, aws_lc_rs::error::KeyRejected>) -> Result<SigningKey, String> {
    let key = key.map_err(|e| format!("is not a usable RSA key ({e})"))?;
    if key.public_modulus_len() != 256 {
        return Err(format!(
            "is an RSA key of {} bits: CloudFront takes RSA keys of 2048 bits only",
            key.public_modulus_len() * 8
        ));
    }
    Ok(SigningKey::Rsa(key))
}

/// An EC key, if on P-256 (the only curve CloudFront takes).
fn ec_key(der: &[u8]) -> Result<SigningKey, String> {
    if let Ok(key) = EcdsaKeyPair::from_private_key_der(&ECDSA_P256_SHA256_ASN1_SIGNING, der) {
        return Ok(SigningKey::Ecdsa(key));
    }
    if EcdsaKeyPair::from_private_key_der(&ECDSA_P384_SHA384_ASN1_SIGNING, der).is_ok() {
        return Err("is an EC key on P-384: CloudFront takes P-256 (prime256v1) only".to_owned());
    }
    Err("is neither an RSA nor an EC P-256 key (Ed25519 and other curves are not taken)".to_owned())
}

/// PEM armour: base64 in lines of 64 characters between BEGIN and END lines.
fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in text.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
