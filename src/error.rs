//! Typed failures and the exit codes they map to (README, "Output and exit codes").
//!
//! Code deep inside the program returns a [`Failure`] when it knows what went wrong and how the user
//! can fix it; `main` finds it in the `anyhow` chain and picks the exit code from its [`ExitKind`].

use std::fmt;

/// The documented exit codes of s3share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitKind {
    /// Any error that has no more specific code.
    Failure,
    /// The command line (or an environment value standing for a flag) is wrong.
    Usage,
    /// Configuration or credentials are missing or unusable.
    Config,
    /// The object, bucket or file does not exist.
    NotFound,
    /// Access denied, link expired or signature rejected.
    Denied,
    /// Network failure or timeout.
    Network,
    /// Transferred data failed an integrity check.
    Integrity,
    /// Interrupted by Ctrl-C.
    Interrupted,
}

impl ExitKind {
    /// Every kind, in the order of their codes; with success, what `--help` and the man page list.
    pub const ALL: [ExitKind; 8] = [
        ExitKind::Failure,
        ExitKind::Usage,
        ExitKind::Config,
        ExitKind::NotFound,
        ExitKind::Denied,
        ExitKind::Network,
        ExitKind::Integrity,
        ExitKind::Interrupted,
    ];

    /// What the code means, as the docs say it.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitKind::Failure => "Any other error.",
            ExitKind::Usage => "Usage error: a bad flag, argument or value.",
            ExitKind::Config => {
                "Configuration or credentials missing or unusable (also --strict refusing a link)."
            }
            ExitKind::NotFound => "Not found: the object, bucket or file does not exist.",
            ExitKind::Denied => "Access denied, link expired or signature rejected.",
            ExitKind::Network => "Network failure, timeout, or server unavailable (5xx).",
            ExitKind::Integrity => "Integrity check failed.",
            ExitKind::Interrupted => {
                "Interrupted (Ctrl-C): after cleaning up, s3share ends by SIGINT, which shells \
                 report as 130 and which stops a shell loop running it."
            }
        }
    }

    /// The process exit code for this kind of failure.
    pub fn code(self) -> u8 {
        match self {
            ExitKind::Failure => 1,
            ExitKind::Usage => 2,
            ExitKind::Config => 3,
            ExitKind::NotFound => 4,
            ExitKind::Denied => 5,
            ExitKind::Network => 6,
            ExitKind::Integrity => 7,
            ExitKind::Interrupted => 130,
        }
    }
}

/// A failure the user can act on: what happened, an optional hint, and the exit code.
#[derive(Debug)]
pub struct Failure {
    /// Which exit code this failure maps to.
    pub kind: ExitKind,
    /// One line saying what happened.
    pub message: String,
    /// One line saying how to fix it, when we know.
    pub hint: Option<String>,
    /// The lower-level error behind this one, shown with `--verbose`.
    pub cause: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Failure {
    /// The failure of a command that did only part of its work on `total` files: how many were
    /// not `verb` (uploaded, downloaded), naming the first five of `not_done` (already shown as
    /// they should be on a terminal).
    pub fn files_not(verb: &str, not_done: &[String], total: usize) -> Failure {
        let first: Vec<&str> = not_done.iter().take(5).map(String::as_str).collect();
        Failure::new(
            ExitKind::Failure,
            format!(
                "{} of {total} files were not {verb}: {}",
                not_done.len(),
                first.join(", ")
            ),
        )
    }

    /// A failure of the given kind with a message and no hint.
    pub fn new(kind: ExitKind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
            hint: None,
            cause: None,
        }
    }

    /// Records the lower-level error behind this failure.
    pub fn cause(
        mut self,
        cause: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// Adds a hint line ("how to fix it").
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Shorthand for a usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(ExitKind::Usage, message)
    }

    /// Shorthand for a configuration error (exit 3).
    pub fn config(message: impl Into<String>) -> Self {
        Failure::new(ExitKind::Config, message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Finds the most specific [`Failure`] in an error chain, if any.
pub fn find_failure(error: &anyhow::Error) -> Option<&Failure> {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Failure>())
}

/// Whether `error` is the user's Ctrl-C.
pub fn is_interrupted(error: &anyhow::Error) -> bool {
    find_failure(error).is_some_and(|f| f.kind == ExitKind::Interrupted)
}

/// Ends the process as an interrupted program should, once it has cleaned up and said so:
/// SIGINT's default action restored and SIGINT raised, so the parent sees death by
/// SIGINT. A shell then reports 130 and stops a loop that runs s3share, which an exit code alone
/// would not do (fd does the same). Where that is not possible, exits with 130.
pub fn die_of_sigint() -> ! {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default action and raising it in this thread touches no
    // Rust state; the default action ends the process.
    unsafe {
        if libc::signal(libc::SIGINT, libc::SIG_DFL) != libc::SIG_ERR {
            libc::raise(libc::SIGINT);
        }
    }
    std::process::exit(i32::from(ExitKind::Interrupted.code()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn exit_codes_match_the_design() {
        // ALL is what the docs list: every kind, in the order of their codes.
        let codes: Vec<u8> = ExitKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7, 130]);
    }

    #[test]
    fn failure_is_found_below_added_context() {
        let err = Err::<(), _>(Failure::new(ExitKind::NotFound, "gone").hint("look elsewhere"))
            .context("while sharing")
            .unwrap_err();
        let failure = find_failure(&err).expect("failure in chain");
        assert_eq!(failure.kind, ExitKind::NotFound);
        assert_eq!(failure.hint.as_deref(), Some("look elsewhere"));
    }
}
