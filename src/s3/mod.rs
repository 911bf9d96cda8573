//! Everything that talks to S3 or signs for it: the client, presigning, and error classification.

pub mod client;
pub mod errors;
pub mod lifetime;
pub mod presign;

pub use client::S3Context;
