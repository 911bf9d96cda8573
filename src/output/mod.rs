//! The output contract (README, "Output and exit codes"): results on stdout, everything else on
//! stderr.
//!
//! stdout carries one URL per line, or one JSON object per line with `--json`; nothing else is ever
//! written there, so `URL=$(s3share …)` captures exactly the link.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

use serde::Serialize;

pub mod clipboard;
pub mod notify;
pub mod qr;
pub mod stdout;

use crate::expiry::timestamp;
use crate::location::ObjectLocation;
use crate::output::stdout::StdoutWriter;
use crate::s3::presign::PresignedLink;
use crate::terminal::escape_message;

/// When messages on stderr are coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// When stderr is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always, even into a pipe or file.
    Always,
    /// Never.
    Never,
}

/// The global flags that shape the output.
#[derive(Clone, Copy, Debug, Default)]
pub struct OutputOptions {
    /// `--json`: one JSON object per line instead of bare URLs.
    pub json: bool,
    /// `--quiet`: nothing on stderr but errors.
    pub quiet: bool,
    /// `--copy`: the links go to the clipboard as well.
    pub copy: bool,
    /// `--qr`: each link drawn as a QR code on stderr.
    pub qr: bool,
    /// `--no-progress`.
    pub no_progress: bool,
    /// `--no-mask`: no `::add-mask::` in GitHub Actions.
    pub no_mask: bool,
    /// `--color`.
    pub color: ColorChoice,
    /// `--verbose`: also say what s3share is doing.
    pub verbose: bool,
}

/// One result line: a link and what it points at.
#[derive(Debug, Serialize)]
pub struct LinkRecord<'a> {
    /// The URL, signature included.
    pub url: &'a crate::redacted::SignedUrl,
    /// `GET`, `PUT`, `HEAD` or `DELETE`.
    pub method: &'static str,
    /// The bucket.
    pub bucket: &'a str,
    /// The key.
    pub key: &'a str,
    /// When the link expires as signed (RFC 3339, UTC).
    pub expires_at: String,
    /// When it really stops working, where temporary credentials signed it: the earlier of
    /// `expires_at` and the credentials' expiry (RFC 3339, UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_expires_at: Option<String>,
    /// Headers the user of the link must send exactly as given.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<&'a str, &'a str>,
    /// The object's size in bytes, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// SHA-256 of the object's bytes (hex), where s3share computed it (uploads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// What a command adds about the link (a file request's `prefix`, `max_size`, `post`).
    #[serde(flatten)]
    pub extra: BTreeMap<&'static str, serde_json::Value>,
}

impl<'a> LinkRecord<'a> {
    /// The record for a freshly minted link.
    pub fn new(link: &'a PresignedLink, location: &'a ObjectLocation) -> Self {
        LinkRecord {
            url: &link.url,
            method: link.method.as_http(),
            bucket: &location.bucket,
            key: &location.key,
            expires_at: timestamp(link.expires_at),
            effective_expires_at: link.effective_expires_at.map(timestamp),
            headers: link
                .headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            size: None,
            sha256: None,
            extra: BTreeMap::new(),
        }
    }
}

/// Links longer than this are hard to send by mail (RFC 5322 lines end at 998 characters).
const LONG_LINK: usize = 1000;

/// Whether `env` says this runs in CI (`CI` set and not empty), the one definition: no progress
/// bars, no prompts, no history.
pub fn ci(env: &dyn Fn(&str) -> Option<String>) -> bool {
    env("CI").is_some_and(|v| !v.is_empty())
}

/// Whether to mask links in the log (see [`Output::mask_secrets`]): running under GitHub Actions
/// and not turned off with `--no-mask`.
fn masks(no_mask: bool, github_actions: Option<&str>) -> bool {
    !no_mask && github_actions == Some("true")
}

/// Whether this process runs in CI ([`ci`] of the process environment).
pub fn in_ci() -> bool {
    ci(&|name| std::env::var(name).ok())
}

/// Writes results and messages according to the global flags.
pub struct Output {
    json: bool,
    quiet: bool,
    /// Say what s3share is doing (`--verbose`).
    verbose: bool,
    copy: bool,
    /// Draw each link as a QR code on stderr (`--qr`).
    qr: bool,
    color: bool,
    stdout_is_terminal: bool,
    /// Running in CI ([`in_ci`]): recipes are left out, and `finish` says what was shared.
    ci: bool,
    /// For the summary in CI: the first link printed (`METHOD s3://bucket/key` and its expiry)
    /// and how many were.
    shared: Option<(String, String)>,
    shared_count: usize,
    /// Print `::add-mask::` for each link's signature (GitHub Actions, no `--no-mask`).
    mask: bool,
    progress: bool,
    stdout: BufWriter<StdoutWriter<Stdout>>,
    copied: Vec<String>,
    /// Whether the warning about a link too long for mail was given.
    warned_long: bool,
    /// Fields every JSON link record carries from now on (see [`Output::annotate`]).
    annotations: serde_json::Map<String, serde_json::Value>,
}

impl Output {
    /// An output for these flags, looking at the terminal and the environment.
    pub fn new(flags: OutputOptions) -> Self {
        let stderr_is_terminal = io::stderr().is_terminal();
        Output {
            json: flags.json,
            quiet: flags.quiet,
            verbose: flags.verbose && !flags.quiet,
            copy: flags.copy,
            qr: flags.qr,
            color: stderr_color(flags.color),
            stdout_is_terminal: io::stdout().is_terminal(),
            ci: in_ci(),
            shared: None,
            shared_count: 0,
            mask: masks(
                flags.no_mask,
                std::env::var("GITHUB_ACTIONS").ok().as_deref(),
            ),
            progress: stderr_is_terminal && !flags.quiet && !flags.no_progress && !in_ci(),
            stdout: BufWriter::with_capacity(64 * 1024, StdoutWriter::new(io::stdout())),
            copied: Vec::new(),
            warned_long: false,
            annotations: serde_json::Map::new(),
        }
    }

    /// Whether to print recipes that repeat a link's secret part on stderr (curl lines, the
    /// upload commands for a recipient): not with `--quiet`, and not in CI, whose logs others
    /// read (a piped stderr still gets them: it is the user's own file).
    pub fn recipes(&self) -> bool {
        !self.quiet && !self.ci
    }

    /// Whether stdout is a terminal (a table gets its header there, not in a pipe).
    pub fn stdout_is_terminal(&self) -> bool {
        self.stdout_is_terminal
    }

    /// Whether to draw progress bars: stderr is a terminal, and neither `--quiet`,
    /// `--no-progress` nor a `CI` environment variable says otherwise.
    pub fn show_progress(&self) -> bool {
        self.progress
    }

    /// Prints one result: the URL, or the record as a JSON line.
    pub fn link(&mut self, record: &LinkRecord<'_>) -> io::Result<()> {
        self.mask_secrets(record.url)?;
        if record.url.len() > LONG_LINK && !self.warned_long {
            self.warned_long = true;
            self.warn(&format!(
                "the link is {} characters long (session tokens make links long); mail programs \
                 may break it at 998: send it with --copy or --qr, or sign with long-term keys",
                record.url.len()
            ));
        }
        if self.json {
            self.record_line(record)?;
        } else {
            writeln!(self.stdout, "{}", record.url.0)?;
        }
        if self.stdout_is_terminal {
            self.stdout.flush()?;
        }
        if self.qr && !self.quiet {
            // The link first, then its picture, also when both streams go to one terminal.
            self.stdout.flush()?;
            match qr::render(record.url, self.color) {
                Ok(drawing) => io::stderr().lock().write_all(drawing.as_bytes())?,
                Err(reason) => self.warn(&format!("no QR code: {reason}")),
            }
        }
        if self.copy {
            self.copied.push(record.url.0.clone());
        }
        self.shared_count += 1;
        if self.ci && self.shared.is_none() {
            let what = ObjectLocation::new(record.bucket, record.key)
                .map_or_else(|_| record.bucket.to_owned(), |l| l.to_string());
            let until = record
                .effective_expires_at
                .as_ref()
                .unwrap_or(&record.expires_at);
            self.shared = Some((format!("{} {what}", record.method), until.clone()));
        }
        Ok(())
    }

    /// A link that belongs to the result printed before it (a file of a shared folder): a JSON
    /// line with `--json` (masked in CI like every link), nothing otherwise; never drawn as a
    /// QR code or copied.
    pub fn detail(&mut self, record: &LinkRecord<'_>) -> io::Result<()> {
        if !self.json {
            return Ok(());
        }
        self.mask_secrets(record.url)?;
        self.record_line(record)
    }

    /// Adds `key: value` to every JSON link record printed from now on: what the whole command
    /// did around its links (what a folder upload skipped).
    pub fn annotate(&mut self, key: &str, value: serde_json::Value) {
        self.annotations.insert(key.to_owned(), value);
    }

    /// A link record as a JSON line, with the annotations.
    fn record_line(&mut self, record: &LinkRecord<'_>) -> io::Result<()> {
        if self.annotations.is_empty() {
            return self.json_line(record);
        }
        let mut value = serde_json::to_value(record)?;
        if let serde_json::Value::Object(fields) = &mut value {
            fields.extend(self.annotations.clone());
        }
        self.json_line(&value)
    }

    /// `::add-mask::` for each secret of `url`, in GitHub Actions: on stderr, unbuffered, so the
    /// runner has the mask before the URL reaches the log, and replaces the value with `***`
    /// wherever it appears later. A job log is often public, and a presigned URL in it is a
    /// working link for anyone who reads it: masking the signature makes a logged URL useless; a
    /// session token is masked too, being a credential.
    fn mask_secrets(&self, url: &str) -> io::Result<()> {
        if self.mask {
            let mut stderr = io::stderr().lock();
            for secret in crate::redacted::secrets_in(url) {
                writeln!(stderr, "::add-mask::{secret}")?;
            }
        }
        Ok(())
    }

    /// Whether results are printed as JSON lines (`--json`).
    pub fn json(&self) -> bool {
        self.json
    }

    /// Prints a result that is not a link (settings, completions, the man page) on stdout as is.
    pub fn result(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stdout.write_all(bytes)
    }

    /// Prints one JSON value as a line on stdout.
    pub fn json_line(&mut self, value: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut self.stdout, value)?;
        self.stdout.write_all(b"\n")
    }

    /// Sends what stdout holds on now (a result that must not wait for the command's end).
    pub fn flush(&mut self) -> io::Result<()> {
        self.stdout.flush()
    }

    /// A line for people on stderr (suppressed by `--quiet`).
    pub fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{}", escape_message(message));
        }
    }

    /// A line for people on stderr about what s3share is doing, only with `--verbose`.
    pub fn verbose(&self, message: &str) {
        if self.verbose {
            self.note(message);
        }
    }

    /// A warning on stderr (suppressed by `--quiet`).
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            let message = escape_message(message);
            eprintln!("{} {message}", self.paint("warning:", "33"));
        }
    }

    /// Whether messages on stderr are coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Wraps `text` in an ANSI colour when colour is on.
    pub fn paint(&self, text: &str, ansi: &str) -> String {
        paint(self.color, text, ansi)
    }

    /// Flushes stdout, copies the printed links to the clipboard if asked, and in CI says in one
    /// line what was shared, without the links' secret part.
    pub fn finish(mut self) -> io::Result<()> {
        self.stdout.flush()?;
        if let Some(summary) = ci_summary(self.shared.as_ref(), self.shared_count) {
            self.note(&summary);
        }
        if (self.copy || self.qr) && self.shared_count == 0 {
            let flag = if self.copy { "--copy" } else { "--qr" };
            self.warn(&format!("{flag} did nothing: this command printed no link"));
        }
        if self.copy && !self.copied.is_empty() {
            let what = if self.copied.len() == 1 {
                "link"
            } else {
                "links"
            };
            match clipboard::copy(&self.copied.join("\n")) {
                Ok(clipboard::Copied::System) => {
                    self.note(&format!("Copied the {what} to the clipboard."))
                }
                Ok(clipboard::Copied::Terminal) => self.note(&format!(
                    "Sent the {what} to the terminal's clipboard (OSC 52; some terminals ignore it)."
                )),
                Err(reason) => {
                    let verb = if self.copied.len() == 1 { "is" } else { "are" };
                    self.warn(&format!(
                        "could not copy to the clipboard: {reason}; the {what} {verb} printed on stdout"
                    ))
                }
            }
        }
        Ok(())
    }
}

/// The line a CI log gets about the links a command printed: what they point at and until when.
fn ci_summary(first: Option<&(String, String)>, count: usize) -> Option<String> {
    let (what, until) = first?;
    let (links, more) = match count {
        1 => ("link", String::new()),
        n => ("links", format!(" and {} more", n - 1)),
    };
    Some(format!(
        "s3share: printed {count} {links} on stdout: {what}{more}, until {until}"
    ))
}

/// Wraps `text` in an ANSI colour when `on`.
pub fn paint(on: bool, text: &str, ansi: &str) -> String {
    if on {
        format!("\x1b[{ansi}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Whether stderr gets colour: `--color always`, or for `auto` a terminal and `NO_COLOR` unset.
pub fn stderr_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::masks;

    #[test]
    fn masks_only_in_github_actions_and_not_with_no_mask() {
        assert!(masks(false, Some("true")));
        assert!(!masks(true, Some("true")));
        assert!(!masks(false, Some("false")));
        assert!(!masks(false, None));
    }
}
