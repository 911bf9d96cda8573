//! The data each kind of page carries in its data block: what its script reads, and what
//! `upload --to` and `get` read back (`read.rs`). The block is the page's contract: a field
//! added here is read by every later build, so fields are only ever added.

use serde::{Deserialize, Serialize};

/// What a file request page carries: everything its script (or `upload --to`) needs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RequestData {
    /// Always `request`.
    pub kind: String,
    /// The format of this block.
    pub version: u32,
    /// The bucket uploads go to.
    pub bucket: String,
    /// The prefix every upload's key starts with.
    pub prefix: String,
    /// When the policy (and the page's link) expires, RFC 3339.
    pub expires_at: String,
    /// The largest file accepted, in bytes.
    pub max_size: u64,
    /// The Content-Type allowed (`image/*` is a prefix), or any.
    pub content_type: Option<String>,
    /// Who the page is for (`request --for NAME`), whose folder `prefix` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Where and what to POST.
    pub post: PostData,
    /// An encrypted request (`request --encrypt`): the key files are sealed to. Its absence
    /// means files go as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<EncryptedRequestData>,
}

/// The requester's key on an encrypted request page (docs/FORMAT-encrypted-uploads.md).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EncryptedRequestData {
    /// The X25519 public key, unpadded base64url.
    pub public_key: String,
    /// Its fingerprint (what `s3share key show` prints), written in each manifest.
    pub fingerprint: String,
    /// The largest object the policy takes: one chunk.
    pub chunk_max: u64,
}

/// The POST of a file request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PostData {
    /// The bucket's URL.
    pub url: String,
    /// The signed form fields.
    pub fields: crate::redacted::FormFields,
}

/// What a folder page carries: one presigned link per file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FolderData {
    /// Always `folder`.
    pub kind: String,
    /// The format of this block.
    pub version: u32,
    /// The bucket the files are in.
    pub bucket: String,
    /// The shared prefix; each file's `path` is relative to it.
    pub prefix: String,
    /// When every link expires, RFC 3339.
    pub expires_at: String,
    /// The files, in key order.
    pub files: Vec<FolderFile>,
    /// The link to the page's service worker, `sw.js` beside it, which streams "Download all".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<crate::redacted::SignedUrl>,
}

/// One file of a folder page.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FolderFile {
    /// The key below the prefix (`sub/dir/name.jpg`).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Last modified, RFC 3339, where known.
    pub modified: Option<String>,
    /// The presigned GET link. Version 2 pages kept it only in the file's row, not in the data
    /// block; [`read_data`] puts it back.
    #[serde(default)]
    pub url: crate::redacted::SignedUrl,
    /// The CRC-32 of its bytes where known without reading them again (computed while
    /// uploading, or stored by the server for the whole object): its zip entry needs no data
    /// descriptor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc32: Option<u32>,
}

/// The version of the folder page's data block this build writes: 3 holds every link in the data
/// block, and the page's script builds the rows from it. Version 1 pages (links in the block and
/// the rows) and version 2 pages (links in the rows only) are still read.
pub const FOLDER_VERSION: u32 = 3;

/// The version of the encrypted share pages s3share writes (format and data block).
pub const ENCRYPTED_VERSION: u32 = 1;

/// What an encrypted share's page carries. Nothing in it names the file: its name, size, type
/// and time are in `metadata`, sealed under the key in the link's fragment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EncryptedPageData {
    /// Always "e2e" (the stored name of the kind, kept so pages already written still read).
    pub kind: String,
    /// [`ENCRYPTED_VERSION`] when written; a reader refuses versions it does not know.
    pub version: u32,
    /// The encoding of `data`: "aes128gcm" (RFC 8188).
    pub encoding: String,
    /// The record size of `data` (65536).
    pub record_size: u32,
    /// The bucket.
    pub bucket: String,
    /// When the links stop working (RFC 3339, UTC).
    pub expires_at: String,
    /// Bytes of the encrypted object `data`.
    pub size: u64,
    /// The sealed [`EncryptedFileMetadata`] (`ece::seal_metadata`, base64url).
    pub metadata: String,
    /// The link to the encrypted object.
    pub data: crate::redacted::SignedUrl,
    /// The link to the share's service worker, `sw.js`, served as JavaScript.
    pub worker: crate::redacted::SignedUrl,
    /// Whether the links are path-style (`host/bucket/key`): every bucket on the host then
    /// shares one origin.
    pub path_style: bool,
}

/// What is sealed in an encrypted share's page: the file as its sender had it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EncryptedFileMetadata {
    /// The file's name (no folders).
    pub name: String,
    /// Its size in bytes, before encryption.
    pub size: u64,
    /// Its media type.
    #[serde(rename = "type")]
    pub content_type: String,
    /// When it was last changed (RFC 3339), if known.
    pub modified: Option<String>,
}

/// The version of the encrypted folder pages s3share writes (format and data block).
pub const ENCRYPTED_FOLDER_VERSION: u32 = 1;

/// What an encrypted folder's page carries (`upload --encrypt DIR`). Nothing in it names a file:
/// the names, sizes, times, digests and content keys are in the manifest object, sealed under
/// the key in the link's fragment (docs/FORMAT-encrypted-uploads.md, "Encrypted folders").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EncryptedFolderData {
    /// Always "e2e-folder".
    pub kind: String,
    /// [`ENCRYPTED_FOLDER_VERSION`] when written; a reader refuses versions it does not know.
    pub version: u32,
    /// The encoding of the manifest and of every file: "aes128gcm" (RFC 8188).
    pub encoding: String,
    /// The bucket.
    pub bucket: String,
    /// When the links stop working (RFC 3339, UTC).
    pub expires_at: String,
    /// The link to the sealed manifest.
    pub manifest: crate::redacted::SignedUrl,
    /// Bytes of the manifest object.
    pub manifest_size: u64,
    /// The link to each file's object, by its key in the manifest (random: names nothing).
    pub links: std::collections::BTreeMap<String, crate::redacted::SignedUrl>,
    /// The link to the page's service worker, `sw.js`, served as JavaScript.
    pub worker: crate::redacted::SignedUrl,
    /// Whether the links are path-style (`host/bucket/key`): every bucket on the host then
    /// shares one origin.
    pub path_style: bool,
}

/// Either kind of page's data, as read back from a page.
#[derive(Clone, Debug, PartialEq)]
pub enum PageData {
    /// A file request.
    Request(RequestData),
    /// A shared folder.
    Folder(FolderData),
    /// An end-to-end encrypted share.
    Encrypted(EncryptedPageData),
    /// An end-to-end encrypted folder.
    EncryptedFolder(EncryptedFolderData),
}
