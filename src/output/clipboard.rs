//! `--copy`: the system clipboard, with an OSC 52 fallback for terminals without a display.
//!
//! On X11 and Wayland a clipboard's content lives only as long as the process that owns it, and
//! s3share exits right after printing. So, like `xclip`, it hands the text to a copy of itself
//! that stays in the background serving the clipboard until something else is copied.

use std::io::{IsTerminal, Read, Write};

use base64::Engine;

/// Set in the environment of the background copy that serves the clipboard.
const SERVE_ENV: &str = "S3SHARE_CLIPBOARD_SERVE";

/// How the text reached the clipboard.
#[derive(Debug, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard (arboard).
    System,
    /// The terminal's clipboard, through the OSC 52 escape sequence.
    Terminal,
}

/// Puts `text` on the clipboard; the error says why it could not.
pub fn copy(text: &str) -> Result<Copied, String> {
    match copy_to_system(text) {
        Ok(()) => Ok(Copied::System),
        Err(reason) if std::io::stderr().is_terminal() => {
            copy_with_osc52(text)
                .map_err(|e| format!("{reason}; the terminal fallback failed too: {e}"))?;
            Ok(Copied::Terminal)
        }
        Err(reason) => Err(reason),
    }
}

/// Runs the clipboard server if this process was started as one; returns whether it was.
pub fn serve_if_requested() -> bool {
    if std::env::var_os(SERVE_ENV).is_none() {
        return false;
    }
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        return true;
    }
    serve(text);
    true
}

#[cfg(all(unix, not(target_os = "macos")))]
fn copy_to_system(text: &str) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err("no display (DISPLAY and WAYLAND_DISPLAY are unset)".into());
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot find s3share itself: {e}"))?;
    let mut child = Command::new(exe)
        .env(SERVE_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the clipboard helper: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot hand the text to the clipboard helper: {e}"))?;
    drop(stdin);
    let mut answer = String::new();
    let stdout = child.stdout.take().expect("piped stdout");
    let _ = BufReader::new(stdout).read_line(&mut answer);
    match answer.trim() {
        "ok" => Ok(()),
        "" => Err("the clipboard helper stopped".into()),
        reason => Err(reason.to_owned()),
    }
}

/// The background side: take the clipboard, say so, and serve it until replaced.
#[cfg(all(unix, not(target_os = "macos")))]
fn serve(text: String) {
    use arboard::SetExtLinux;
    let mut stdout = std::io::stdout();
    match arboard::Clipboard::new() {
        Ok(mut clipboard) => {
            let _ = writeln!(stdout, "ok").and_then(|_| stdout.flush());
            std::thread::spawn(exit_when_display_is_gone);
            let deadline = std::time::Instant::now() + SERVE_AT_MOST;
            let _ = clipboard.set().wait_until(deadline).text(text);
        }
        Err(e) => {
            let _ = writeln!(stdout, "cannot open the clipboard: {e}");
        }
    }
}

/// A link copied days ago is stale; the helper does not linger past this.
#[cfg(all(unix, not(target_os = "macos")))]
const SERVE_AT_MOST: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The display may go away (logout, a test's Xvfb) without anyone taking the clipboard; the
/// helper must not outlive it.
#[cfg(all(unix, not(target_os = "macos")))]
fn exit_when_display_is_gone() {
    loop {
        std::thread::sleep(std::time::Duration::from_secs(2));
        if arboard::Clipboard::new().is_err() {
            std::process::exit(0);
        }
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn copy_to_system(text: &str) -> Result<(), String> {
    let mut clipboard =
        arboard::Clipboard::new().map_err(|e| format!("cannot open the clipboard: {e}"))?;
    clipboard
        .set_text(text.to_owned())
        .map_err(|e| format!("cannot set the clipboard: {e}"))
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn serve(_text: String) {}

/// Asks the terminal to set its clipboard (works over SSH in most modern terminals).
fn copy_with_osc52(text: &str) -> std::io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut stderr = std::io::stderr();
    write!(stderr, "\x1b]52;c;{encoded}\x07")?;
    stderr.flush()
}
