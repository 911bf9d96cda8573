//! Telling the person who waits: a desktop notification (notify-rust: the freedesktop
//! `org.freedesktop.Notifications` service over the D-Bus session bus on Linux and the BSDs, the
//! notification centre on macOS, a toast on Windows), or, without a session bus, a notification
//! sequence to the terminal that asked (OSC 9 or OSC 777, as the terminal understands), or
//! nothing at all (in CI, into a pipe, in a terminal that knows neither).
//!
//! What is shown is built by the command from escaped text ([`crate::terminal::escape`]); here
//! the body is also escaped as markup, since a freedesktop server may read `<b>` or `<a href>`
//! in it, and what goes into a terminal sequence loses the line breaks and, in a title, the
//! semicolons that would end its fields.

use std::io::{IsTerminal as _, Write as _};
use std::sync::mpsc;
use std::time::Duration;

use super::Output;

/// How long a notification may take before the watch goes on without it (a session bus whose
/// notification server does not answer).
const DESKTOP_TIMEOUT: Duration = Duration::from_secs(5);

/// One notification: a summary line and a body, both plain text already escaped for a terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The title line.
    pub summary: String,
    /// The text below it (may hold line breaks).
    pub body: String,
}

/// The terminal notification sequences terminals understand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sequence {
    /// `ESC ] 9 ; text BEL`: iTerm2, WezTerm, Ghostty.
    Osc9,
    /// `ESC ] 777 ; notify ; title ; body BEL`: VTE terminals (GNOME Terminal, Tilix, …),
    /// rxvt-unicode, foot.
    Osc777,
}

/// Where notifications go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The desktop's notification service (notify-rust).
    Desktop,
    /// A sequence written to the terminal on stderr.
    Terminal(Sequence),
    /// Nowhere: the lines on stderr say it all.
    Off,
}

/// Where notifications go, from the environment: the desktop where there is one (on Linux a
/// session bus named by `DBUS_SESSION_BUS_ADDRESS`; on macOS and Windows a person at a terminal,
/// not CI), else the terminal's own sequence when stderr is a terminal that has one, else none.
pub fn channel(env: &dyn Fn(&str) -> Option<String>, stderr_terminal: bool) -> Channel {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    let person = stderr_terminal && !super::ci(env);
    let desktop = if cfg!(any(target_os = "macos", windows)) {
        person
    } else {
        set("DBUS_SESSION_BUS_ADDRESS")
    };
    if desktop {
        return Channel::Desktop;
    }
    match terminal_sequence(env) {
        Some(sequence) if person => Channel::Terminal(sequence),
        _ => Channel::Off,
    }
}

/// The sequence the terminal understands, from what it says of itself (`TERM_PROGRAM`, `TERM`,
/// `VTE_VERSION`); none for one not known to take either (tmux and screen swallow both).
fn terminal_sequence(env: &dyn Fn(&str) -> Option<String>) -> Option<Sequence> {
    let program = env("TERM_PROGRAM").unwrap_or_default();
    let term = env("TERM").unwrap_or_default();
    if program == "tmux" || term.starts_with("screen") || term.starts_with("tmux") {
        return None;
    }
    if matches!(program.as_str(), "iTerm.app" | "WezTerm" | "ghostty") {
        return Some(Sequence::Osc9);
    }
    if env("VTE_VERSION").is_some() || term.starts_with("rxvt") || term.starts_with("foot") {
        return Some(Sequence::Osc777);
    }
    None
}

/// Sends notifications where [`channel`] says, falling back to the terminal (or nothing) once
/// the desktop has failed.
#[derive(Debug)]
pub struct Notifier {
    channel: Channel,
    /// The terminal's sequence, for when the desktop fails.
    fallback: Channel,
    quiet: bool,
}

impl Notifier {
    /// A notifier for this process (`on`: not turned off with `--no-notify`).
    pub fn new(on: bool, out: &Output) -> Notifier {
        let env = |name: &str| std::env::var(name).ok();
        let stderr_terminal = std::io::stderr().is_terminal();
        let channel = if on {
            channel(&env, stderr_terminal)
        } else {
            Channel::Off
        };
        let fallback = match (on, stderr_terminal && !out.ci, terminal_sequence(&env)) {
            (true, true, Some(sequence)) => Channel::Terminal(sequence),
            _ => Channel::Off,
        };
        Notifier {
            channel,
            fallback,
            quiet: out.quiet,
        }
    }

    /// Shows `notice`. A desktop that fails is said once (a note), and the terminal takes over.
    pub async fn show(&mut self, notice: &Notice, out: &Output) {
        match self.channel {
            Channel::Off => {}
            Channel::Terminal(sequence) => self.tell_terminal(sequence, notice),
            Channel::Desktop => {
                if let Err(why) = desktop(notice).await {
                    self.channel = self.fallback;
                    out.note(&format!(
                        "No desktop notification: {why}; {}.",
                        match self.fallback {
                            Channel::Terminal(_) => "the terminal is told instead",
                            _ => "arrivals are said here only",
                        }
                    ));
                    if let Channel::Terminal(sequence) = self.fallback {
                        self.tell_terminal(sequence, notice);
                    }
                }
            }
        }
    }

    /// Writes `notice` to the terminal on stderr (not with `--quiet`).
    fn tell_terminal(&self, sequence: Sequence, notice: &Notice) {
        if !self.quiet {
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(terminal(sequence, notice).as_bytes());
            let _ = stderr.flush();
        }
    }
}

/// `notice` as `sequence` to a terminal.
pub fn terminal(sequence: Sequence, notice: &Notice) -> String {
    let flat = |text: &str| text.replace(['\n', '\r'], "; ");
    match sequence {
        Sequence::Osc9 => format!(
            "\x1b]9;{}: {}\x07",
            flat(&notice.summary),
            flat(&notice.body)
        ),
        Sequence::Osc777 => format!(
            "\x1b]777;notify;{};{}\x07",
            flat(&notice.summary).replace(';', ","),
            flat(&notice.body)
        ),
    }
}

/// `text` with the characters freedesktop body markup gives meaning escaped as entities.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Shows `notice` on the desktop; why not, if not within [`DESKTOP_TIMEOUT`].
async fn desktop(notice: &Notice) -> Result<(), String> {
    let mut notification = notify_rust::Notification::new();
    notification
        .appname("s3share")
        .summary(&notice.summary)
        .body(&markup(&notice.body));
    // As notify-send sends it: normal urgency; and the category of a finished transfer.
    #[cfg(all(unix, not(target_os = "macos")))]
    notification
        .urgency(notify_rust::Urgency::Normal)
        .hint(notify_rust::Hint::Category("transfer.complete".to_owned()));
    // A thread of its own: a server that never answers must not hold the watch, nor its end.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(notification.show().map(drop).map_err(|e| e.to_string()));
    });
    tokio::task::spawn_blocking(move || match rx.recv_timeout(DESKTOP_TIMEOUT) {
        Ok(shown) => shown,
        Err(_) => Err(format!(
            "the notification service did not answer within {} s",
            DESKTOP_TIMEOUT.as_secs()
        )),
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(unix, not(target_os = "macos")))] // only the tests for those use it
    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn a_session_bus_gets_the_notification_terminal_or_not() {
        let bus = [("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")];
        assert_eq!(channel(&env(&bus), false), Channel::Desktop);
        assert_eq!(channel(&env(&bus), true), Channel::Desktop);
        let empty = [("DBUS_SESSION_BUS_ADDRESS", ""), ("VTE_VERSION", "7600")];
        assert_eq!(
            channel(&env(&empty), true),
            Channel::Terminal(Sequence::Osc777)
        );
    }

    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn without_a_bus_the_terminal_says_which_sequence_and_ci_or_a_pipe_get_none() {
        for (vars, want) in [
            (&[("TERM_PROGRAM", "iTerm.app")][..], Some(Sequence::Osc9)),
            (&[("TERM_PROGRAM", "WezTerm")], Some(Sequence::Osc9)),
            (&[("TERM_PROGRAM", "ghostty")], Some(Sequence::Osc9)),
            (
                &[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")],
                Some(Sequence::Osc777),
            ),
            (&[("TERM", "rxvt-unicode-256color")], Some(Sequence::Osc777)),
            (&[("TERM", "foot")], Some(Sequence::Osc777)),
            (&[("TERM", "xterm-256color")], None),
            (&[("TERM_PROGRAM", "tmux"), ("VTE_VERSION", "7600")], None),
            (
                &[("TERM", "screen-256color"), ("TERM_PROGRAM", "iTerm.app")],
                None,
            ),
        ] {
            let want = want.map_or(Channel::Off, Channel::Terminal);
            assert_eq!(channel(&env(vars), true), want, "{vars:?}");
            assert_eq!(channel(&env(vars), false), Channel::Off, "{vars:?}");
            let mut in_ci = vars.to_vec();
            in_ci.push(("CI", "true"));
            assert_eq!(channel(&env(&in_ci), true), Channel::Off, "{vars:?}");
        }
    }

    #[test]
    fn sequences_keep_to_their_fields() {
        let notice = Notice {
            summary: "2 files; arrived".to_owned(),
            body: "a.txt (1 B)\nb;c.txt (2 B)".to_owned(),
        };
        assert_eq!(
            terminal(Sequence::Osc9, &notice),
            "\x1b]9;2 files; arrived: a.txt (1 B); b;c.txt (2 B)\x07"
        );
        assert_eq!(
            terminal(Sequence::Osc777, &notice),
            "\x1b]777;notify;2 files, arrived;a.txt (1 B); b;c.txt (2 B)\x07"
        );
    }

    #[test]
    fn markup_is_escaped_in_the_body() {
        assert_eq!(
            markup("<b>x</b> & <a href=\"http://e\">y</a>"),
            "&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"http://e\"&gt;y&lt;/a&gt;"
        );
    }
}
