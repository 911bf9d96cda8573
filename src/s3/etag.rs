//! What an S3 ETag (and a checksum header) says about an object's bytes, in one place: a
//! single-part object's ETag is the MD5 of its bytes only under no encryption or SSE-S3, a
//! multipart object's is the MD5 of its parts' MD5s with their count, and a full-object
//! CRC64NVME is the checksum of the bytes whatever the encryption.

use base64::Engine as _;

/// The MD5 (lower-case hex) that `etag` stands for, where it is one: a plain 32-digit ETag of an
/// object stored without encryption or with SSE-S3 (`sse` absent or `AES256`) and without a
/// customer key. Under SSE-KMS (`aws:kms`, `aws:kms:dsse`), SSE-C or anything unknown, an ETag
/// is no MD5, and nothing is claimed.
pub fn single_part_md5(
    etag: Option<&str>,
    sse: Option<&str>,
    customer_key: bool,
) -> Option<String> {
    let etag = etag?.trim_matches('"').to_ascii_lowercase();
    let plain = etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit());
    let md5_kept = matches!(sse, None | Some("AES256")) && !customer_key;
    (plain && md5_kept).then_some(etag)
}

/// The ETag S3 gives an object made of parts with these MD5s: the MD5 of the MD5s, then `-` and
/// how many parts there are.
pub fn etag_of_part_md5s(md5s: &[[u8; 16]]) -> String {
    use crate::md5_digest::Md5;
    let mut all = Md5::new();
    for md5 in md5s {
        all.update(md5);
    }
    format!("{}-{}", hex::encode(all.finalize()), md5s.len())
}

/// The CRC64NVME of a whole object, from the `x-amz-checksum-crc64nvme` and
/// `x-amz-checksum-type` headers of an answer to a GET with `x-amz-checksum-mode: ENABLED`: the
/// base64 of 8 bytes, big-endian. S3 keeps CRC64NVME only as a checksum of the whole object
/// (`FULL_OBJECT`; servers that say no type, as s3s-fs, store it only for whole bodies); a
/// `COMPOSITE` checksum, or a value that is not 8 bytes (a checksum of part checksums ends in
/// `-N`), claims nothing about the bytes.
pub fn full_object_crc64nvme(value: Option<&str>, checksum_type: Option<&str>) -> Option<u64> {
    full_object(value, checksum_type).map(u64::from_be_bytes)
}

/// The CRC-32 of a whole object (the one zip uses), from `x-amz-checksum-crc32` and
/// `x-amz-checksum-type`, on the same terms as [`full_object_crc64nvme`]: a `COMPOSITE` CRC-32
/// (of a multipart upload's parts) claims nothing about the bytes.
pub fn full_object_crc32(value: Option<&str>, checksum_type: Option<&str>) -> Option<u32> {
    full_object(value, checksum_type).map(u32::from_be_bytes)
}

/// The `N` big-endian bytes of a whole-object checksum header.
fn full_object<const N: usize>(
    value: Option<&str>,
    checksum_type: Option<&str>,
) -> Option<[u8; N]> {
    if !matches!(checksum_type, None | Some("FULL_OBJECT")) {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value?.trim())
        .ok()?;
    bytes.try_into().ok()
}

/// Checksums as S3 headers carry them.
pub fn base64_of(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_etag_is_an_md5_only_where_s3_makes_it_one() {
        let md5 = "\"9E107D9D372BB6826BD81D3542A419D6\"";
        let lower = Some("9e107d9d372bb6826bd81d3542a419d6".to_owned());
        assert_eq!(single_part_md5(Some(md5), None, false), lower);
        assert_eq!(single_part_md5(Some(md5), Some("AES256"), false), lower);
        for sse in ["aws:kms", "aws:kms:dsse", "something:new"] {
            assert_eq!(single_part_md5(Some(md5), Some(sse), false), None, "{sse}");
        }
        assert_eq!(single_part_md5(Some(md5), None, true), None, "SSE-C");
        assert_eq!(single_part_md5(Some("\"abc-2\""), None, false), None);
        assert_eq!(single_part_md5(None, None, false), None);
    }

    #[test]
    fn a_crc32_counts_only_for_the_whole_object() {
        // CRC-32 of "123456789" is 0xCBF43926 (its check value).
        let check = Some("y/Q5Jg==");
        assert_eq!(full_object_crc32(check, None), Some(0xCBF4_3926));
        assert_eq!(
            full_object_crc32(check, Some("FULL_OBJECT")),
            Some(0xCBF4_3926)
        );
        assert_eq!(full_object_crc32(check, Some("COMPOSITE")), None);
        assert_eq!(full_object_crc32(Some("y/Q5Jg==-3"), None), None);
        assert_eq!(full_object_crc32(Some("AAAAAAAAAAA="), None), None);
    }

    #[test]
    fn a_crc64nvme_counts_only_for_the_whole_object() {
        // CRC-64/NVME of "123456789" is 0xAE8B14860A799888 (its check value).
        let check = Some("rosUhgp5mIg=");
        assert_eq!(
            full_object_crc64nvme(check, None),
            Some(0xAE8B_1486_0A79_9888)
        );
        assert_eq!(
            full_object_crc64nvme(check, Some("FULL_OBJECT")),
            Some(0xAE8B_1486_0A79_9888)
        );
        assert_eq!(full_object_crc64nvme(check, Some("COMPOSITE")), None);
        assert_eq!(full_object_crc64nvme(Some("rosUhgp5mIg=-3"), None), None);
        assert_eq!(
            full_object_crc64nvme(Some("AAAAAA=="), None),
            None,
            "4 bytes"
        );
        assert_eq!(full_object_crc64nvme(None, Some("FULL_OBJECT")), None);
    }
}
