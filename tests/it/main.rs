//! The integration tests, as one binary (as ripgrep's `tests/tests.rs`): each module drives the
//! real `s3share` binary against a real S3 server started in-process (`support`). One binary
//! links the SDK, s3s and the browser driver once instead of once per file.

mod support;

mod architecture;
mod browser;
mod cdn;
mod cdn_setup;
mod ci;
mod cli;
mod clipboard;
mod color;
mod config;
mod diagnosis;
mod encrypted;
mod encrypted_folder;
mod encrypted_request;
mod exposure;
mod faults;
mod folders;
mod generated;
mod get;
mod history;
// On a pseudo-terminal (rexpect), which only Unix has.
#[cfg(unix)]
mod init;
mod inspect;
// Its credentials come from a `credential_process` shell script.
#[cfg(unix)]
mod lifetime;
// A private D-Bus session bus and a fake notification server (zbus).
#[cfg(all(unix, not(target_os = "macos")))]
mod notify;
mod outlive;
mod presign;
mod qr;
mod redirects;
mod request;
// Against Ceph RGW, where S3SHARE_TEST_RGW names one (scripts/rgw.sh).
mod rgw;
mod share;
mod sse;
mod terminal;
mod upload;
mod watch;
mod zip;
