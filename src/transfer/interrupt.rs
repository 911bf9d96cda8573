//! Ctrl-C during a transfer: noticed once for the whole command, so every phase (hashing,
//! uploading parts, completing) can stop and clean up instead of leaving the process killed
//! half-way with parts stored on the server.
//!
//! The first Ctrl-C asks every phase to stop and clean up. A second one ends the process at once,
//! unless a phase has said it handles the second press itself ([`Interrupt::handle_second`]): a
//! multipart upload waiting for the server to confirm completion, or removing its parts, reports
//! what state it leaves before it ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::watch;

use crate::error::{die_of_sigint, ExitKind, Failure};

/// A handle that resolves when the user presses Ctrl-C. Cheap to clone.
#[derive(Clone)]
pub struct Interrupt {
    /// How many times Ctrl-C was pressed.
    presses: watch::Receiver<u8>,
    /// Whether some phase reports a second press itself instead of the process ending at once.
    second_handled: Arc<AtomicBool>,
}

impl Interrupt {
    /// Starts listening for Ctrl-C. The handler is in place when this returns, so a Ctrl-C from
    /// then on (or a prompt raising SIGINT itself) is noticed instead of killing the process.
    pub fn listen() -> Interrupt {
        let (tx, presses) = watch::channel(0u8);
        let second_handled = Arc::new(AtomicBool::new(false));
        let handled = Arc::clone(&second_handled);
        let mut ctrl_c = CtrlC::register();
        tokio::spawn(async move {
            if !ctrl_c.pressed().await {
                // No signal handling here: never report an interruption.
                std::future::pending::<()>().await;
            }
            let _ = tx.send(1);
            if ctrl_c.pressed().await {
                let _ = tx.send(2);
                if !handled.load(Ordering::SeqCst) {
                    // A second Ctrl-C means "now": no cleanup left to wait for.
                    die_of_sigint();
                }
            }
        });
        Interrupt {
            presses,
            second_handled,
        }
    }

    /// Resolves when Ctrl-C has been pressed (at once if it already was).
    pub async fn wait(&self) {
        self.wait_for(1).await;
    }

    /// Resolves when Ctrl-C has been pressed a second time. Only for a phase that called
    /// [`Interrupt::handle_second`].
    pub async fn wait_again(&self) {
        self.wait_for(2).await;
    }

    async fn wait_for(&self, presses: u8) {
        let mut rx = self.presses.clone();
        if rx.wait_for(|pressed| *pressed >= presses).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// From now on a second Ctrl-C no longer ends the process by itself: the caller waits for it
    /// ([`Interrupt::wait_again`]) and reports the state it leaves.
    pub fn handle_second(&self) {
        self.second_handled.store(true, Ordering::SeqCst);
    }

    /// The failure to return after cleaning up.
    pub fn failure(what: impl std::fmt::Display) -> Failure {
        Failure::new(ExitKind::Interrupted, format!("interrupted: {what}"))
    }
}

/// Ctrl-C presses, from a handler installed when registered.
struct CtrlC {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl CtrlC {
    fn register() -> CtrlC {
        CtrlC {
            #[cfg(unix)]
            signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok(),
        }
    }

    /// Resolves with `true` on the next press, `false` when presses cannot be noticed.
    async fn pressed(&mut self) -> bool {
        #[cfg(unix)]
        return match &mut self.signal {
            Some(signal) => signal.recv().await.is_some(),
            None => false,
        };
        #[cfg(not(unix))]
        return tokio::signal::ctrl_c().await.is_ok();
    }
}
