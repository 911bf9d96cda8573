//! One module per subcommand; each takes decided settings and an [`Output`](crate::output::Output).

pub mod presign;
pub mod share;
