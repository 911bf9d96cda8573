//! The one check every command that prints links makes before the first one: do temporary
//! credentials cut the links short?

use std::time::SystemTime;

use crate::error::Failure;
use crate::output::Output;
use crate::s3::lifetime::Lifetime;

/// Warns once (on stderr) when temporary credentials will cut the links short, or with
/// `strict` fails (exit 3). Call it before printing the first link.
pub fn check(lifetime: Lifetime, strict: bool, out: &Output) -> Result<(), Failure> {
    if let Some(warning) = lifetime.check(strict, SystemTime::now())? {
        out.warn(&warning);
    }
    Ok(())
}
