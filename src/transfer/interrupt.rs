//! Ctrl-C during a transfer: noticed once for the whole command, so every phase (hashing,
//! uploading parts, completing) can stop and clean up instead of leaving the process killed
//! half-way with parts stored on the server.
//!
//! The first Ctrl-C asks every phase to stop and clean up. A second one ends the process at once,
//! unless a phase has said it handles the second press itself ([`Interrupt::handle_second`]): a
//! multipart upload waiting for the server to confirm completion, or removing its parts, reports
//! what state it leaves before it ends.
//!
//! One listener serves the whole process, on a thread of its own, from the first
//! [`Interrupt::listen`] on, and presses count for the whole command: a phase that starts
//! listening after a Ctrl-C sees it at once (the rest of a folder is not started).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::sync::watch;

use crate::error::{die_of_sigint, ExitKind, Failure};

/// A handle that resolves when the user presses Ctrl-C. Cheap to clone.
#[derive(Clone)]
pub struct Interrupt {
    /// How many times Ctrl-C was pressed; `None` where presses cannot be noticed.
    presses: Option<watch::Receiver<u8>>,
}

/// The process's one listener: the press count, and whether some phase reports a second press
/// itself instead of the process ending at once.
struct Listener {
    presses: watch::Receiver<u8>,
    second_handled: Arc<AtomicBool>,
}

static LISTENER: OnceLock<Option<Listener>> = OnceLock::new();

impl Interrupt {
    /// Listens for Ctrl-C. The handler is in place when this returns, so a Ctrl-C from then on
    /// (or a prompt raising SIGINT itself) is noticed instead of killing the process.
    pub fn listen() -> Interrupt {
        Interrupt {
            presses: LISTENER
                .get_or_init(start_listener)
                .as_ref()
                .map(|listener| listener.presses.clone()),
        }
    }

    /// Whether Ctrl-C has been pressed.
    pub fn pressed(&self) -> bool {
        self.presses.as_ref().is_some_and(|rx| *rx.borrow() >= 1)
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
        let Some(rx) = &self.presses else {
            return std::future::pending().await;
        };
        let mut rx = rx.clone();
        if rx.wait_for(|pressed| *pressed >= presses).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// From now on a second Ctrl-C no longer ends the process by itself: the caller waits for it
    /// ([`Interrupt::wait_again`]) and reports the state it leaves.
    pub fn handle_second(&self) {
        if let Some(listener) = LISTENER.get().and_then(Option::as_ref) {
            listener.second_handled.store(true, Ordering::SeqCst);
        }
    }

    /// The failure to return after cleaning up.
    pub fn failure(what: impl std::fmt::Display) -> Failure {
        Failure::new(ExitKind::Interrupted, format!("interrupted: {what}"))
    }
}

/// Starts the listener thread and waits until its handler is installed; `None` when presses
/// cannot be noticed here.
fn start_listener() -> Option<Listener> {
    let (tx, presses) = watch::channel(0u8);
    let second_handled = Arc::new(AtomicBool::new(false));
    let (registered_tx, registered) = std::sync::mpsc::channel();
    let handled = Arc::clone(&second_handled);
    std::thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                let _ = registered_tx.send(false);
                return;
            };
            runtime.block_on(async move {
                let mut ctrl_c = CtrlC::register();
                let _ = registered_tx.send(ctrl_c.works());
                let mut count = 0u8;
                while ctrl_c.pressed().await {
                    count = count.saturating_add(1);
                    let _ = tx.send(count);
                    if count >= 2 && !handled.load(Ordering::SeqCst) {
                        // A second Ctrl-C means "now": no cleanup left to wait for.
                        die_of_sigint();
                    }
                }
            });
        })
        .ok()?;
    registered.recv().unwrap_or(false).then_some(Listener {
        presses,
        second_handled,
    })
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

    /// Whether presses can be noticed.
    fn works(&self) -> bool {
        #[cfg(unix)]
        return self.signal.is_some();
        #[cfg(not(unix))]
        return true;
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
