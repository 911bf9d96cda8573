//! Moving bytes to and from S3: uploads, downloads, progress.

pub mod download;
pub mod durable;
pub mod existing;
pub mod folder;
pub mod interrupt;
pub mod left;
pub mod multipart;
pub mod observed;
pub mod progress;
pub mod put;
pub mod put_url;
pub mod retry;
pub mod source;
pub mod stall;
