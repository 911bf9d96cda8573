//! Ctrl-C during a transfer: noticed once for the whole command, so every phase (hashing,
//! uploading parts, completing) can stop and clean up instead of leaving the process killed
//! half-way with parts stored on the server.

use tokio::sync::watch;

use crate::error::{ExitKind, Failure};

/// A handle that resolves when the user presses Ctrl-C. Cheap to clone.
#[derive(Clone)]
pub struct Interrupt(watch::Receiver<bool>);

impl Interrupt {
    /// Starts listening for Ctrl-C. A second Ctrl-C (while cleaning up) ends the process at once.
    pub fn listen() -> Interrupt {
        let (tx, rx) = watch::channel(false);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                // No signal handling on this platform: never report an interruption.
                std::future::pending::<()>().await;
            }
            let _ = tx.send(true);
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(i32::from(ExitKind::Interrupted.code()));
            }
        });
        Interrupt(rx)
    }

    /// Resolves when Ctrl-C has been pressed (at once if it already was).
    pub async fn wait(&self) {
        let mut rx = self.0.clone();
        if rx.wait_for(|pressed| *pressed).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// The failure to return after cleaning up.
    pub fn failure(what: impl std::fmt::Display) -> Failure {
        Failure::new(ExitKind::Interrupted, format!("interrupted: {what}"))
    }
}
