//! One module per subcommand; each takes decided settings and an [`Output`](crate::output::Output).

pub mod completions;
pub mod config;
pub mod get;
pub mod init;
pub mod inspect;
pub mod man;
pub mod presign;
pub mod share;
pub mod upload;
