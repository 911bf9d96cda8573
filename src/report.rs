//! The one place errors reach the user: `error:` and `hint:` lines on stderr, and the exit code.

use std::io::Write;

use crate::error::{find_failure, ExitKind};
use crate::output::stdout::is_closed_stdout;
use crate::output::{paint, stderr_color, ColorChoice};
use crate::terminal::escape_message;

/// Prints `error` and returns the kind of exit it maps to (README, "Output and exit codes").
///
/// A closed stdout (`s3share presign - | head -1`) is not an error: it prints nothing and
/// returns `None`, an exit with 0.
pub fn report(error: &anyhow::Error, verbose: bool, color: ColorChoice) -> Option<ExitKind> {
    if is_closed_stdout(error) {
        return None;
    }
    let color = stderr_color(color);
    let failure = find_failure(error);
    let kind = failure.map_or(ExitKind::Failure, |f| f.kind);
    let message = match failure {
        Some(failure) => failure.message.clone(),
        None => with_root_cause(error),
    };
    let mut stderr = std::io::stderr().lock();
    let message = escape_message(&message);
    let _ = writeln!(stderr, "{} {message}", paint(color, "error:", "1;31"));
    if let Some(hint) = failure.and_then(|f| f.hint.as_deref()) {
        let hint = escape_message(hint);
        let _ = writeln!(stderr, "{} {hint}", paint(color, "hint:", "1;36"));
    }
    if verbose {
        for cause in error.chain().skip(1) {
            let cause = escape_message(&cause.to_string()).into_owned();
            let _ = writeln!(stderr, "  caused by: {cause}");
        }
    }
    Some(kind)
}

/// The top message, followed by the root cause when it adds something.
fn with_root_cause(error: &anyhow::Error) -> String {
    let top = error.to_string();
    let root = error.root_cause().to_string();
    if error.chain().count() > 1 && !top.contains(&root) {
        format!("{top}: {root}")
    } else {
        top
    }
}
