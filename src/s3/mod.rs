//! Everything that talks to S3 or signs for it: the client, presigning, server-side encryption
//! and error classification.

pub mod bucket_policy;
pub mod client;
pub mod copy;
pub mod diagnose;
pub mod download_signer;
pub mod errors;
pub mod etag;
pub mod lifetime;
pub mod list;
pub mod post_policy;
pub mod preflight;
pub mod presign;
pub mod sse;
pub mod versioning;

pub use client::S3Context;
