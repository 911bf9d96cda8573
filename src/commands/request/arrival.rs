//! One file that arrived through a watched request, and what is said of it: a line on stdout
//! (the saved path or the object's location; `--json`: its record), a line on stderr,
//! `--exec CMD` with the record on stdin and its fields in the environment, and a desktop
//! notification for the files that arrived together. The sender chose its name: it is escaped
//! everywhere a person reads it (the terminal, the notification, the environment of `--exec`),
//! and exact only in the JSON.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::Result;
use serde::Serialize;

use crate::expiry::timestamp;
use crate::human;
use crate::output::notify::Notice;
use crate::output::Output;
use crate::s3::list::Listed;
use crate::terminal::escape;

use super::watched::{relative, Watched};

/// One arrival, as `--json` and `--exec` get it.
#[derive(Debug, Serialize)]
pub struct Arrival {
    /// What happened: always `arrived`.
    pub event: &'static str,
    /// The whole key.
    pub key: String,
    /// The name it was sent with (the key's last segment).
    pub name: String,
    /// The `--for` name it was sent under, for a request made for names.
    pub from: Option<String>,
    /// Its size in bytes.
    pub size: u64,
    /// When it was stored (its Last-Modified), RFC 3339.
    pub time: Option<String>,
    /// Its ETag.
    pub etag: Option<String>,
    /// `s3://bucket/key`.
    pub location: String,
    /// Where `--into` saved it; none without `--into` or when it could not be saved.
    pub saved: Option<PathBuf>,
}

impl Arrival {
    /// The arrival of `object` in `watched`, saved at `saved`.
    pub fn new(object: Listed, watched: &Watched, saved: Option<PathBuf>) -> Arrival {
        let relative = relative(&object, watched);
        let from = watched
            .by_name
            .then(|| relative.split('/').next().map(str::to_owned))
            .flatten();
        Arrival {
            event: "arrived",
            name: object.key.rsplit('/').next().unwrap_or_default().to_owned(),
            from,
            size: object.size,
            time: object.modified.map(timestamp),
            etag: object.etag,
            location: format!("s3://{}/{}", watched.bucket, object.key),
            saved,
            key: object.key,
        }
    }

    /// What `--exec` finds in its environment: the record's fields, names escaped as on the
    /// terminal (a script that puts them in a message or a command line gets no control
    /// characters); empty for what is not there.
    fn environment(&self) -> Vec<(&'static str, String)> {
        let text = |value: Option<&str>| escape(value.unwrap_or_default()).into_owned();
        let saved = self.saved.as_ref().map(|p| p.display().to_string());
        vec![
            ("S3SHARE_ARRIVAL_NAME", text(Some(&self.name))),
            ("S3SHARE_ARRIVAL_FROM", text(self.from.as_deref())),
            ("S3SHARE_ARRIVAL_SAVED", text(saved.as_deref())),
            ("S3SHARE_ARRIVAL_KEY", text(Some(&self.key))),
            ("S3SHARE_ARRIVAL_SIZE", self.size.to_string()),
        ]
    }

    /// The line for a person: name, size, sender, where it is.
    fn line(&self, into: bool) -> String {
        let from = match &self.from {
            Some(name) => format!(" from {}", escape(name)),
            None => String::new(),
        };
        let place = match (&self.saved, into) {
            (Some(path), _) => format!(", saved as {}", escape(&path.display().to_string())),
            (None, true) => ", NOT saved (see above)".to_owned(),
            (None, false) => format!(" at {}", escape(&self.location)),
        };
        format!(
            "Arrived: {} ({}){from}{place}",
            escape(&self.name),
            human::size(self.size)
        )
    }
}

/// How many files a notification names; the rest are counted.
const NAMED_IN_NOTICE: usize = 5;

/// The notification for the files that arrived together (one listing): the file and where it
/// is, or how many and their names.
pub fn notice(arrivals: &[Arrival]) -> Option<Notice> {
    let [first, rest @ ..] = arrivals else {
        return None;
    };
    let described = |arrival: &Arrival| {
        let from = match &arrival.from {
            Some(name) => format!(" from {}", escape(name)),
            None => String::new(),
        };
        format!(
            "{} ({}){from}",
            escape(&arrival.name),
            human::size(arrival.size)
        )
    };
    if rest.is_empty() {
        let place = match &first.saved {
            Some(path) => format!("saved as {}", escape(&path.display().to_string())),
            None => format!("at {}", escape(&first.location)),
        };
        return Some(Notice {
            summary: format!("Arrived: {}", escape(&first.name)),
            body: format!("{}\n{place}", described(first)),
        });
    }
    let bytes: u64 = arrivals.iter().map(|a| a.size).sum();
    let mut lines: Vec<String> = arrivals
        .iter()
        .take(NAMED_IN_NOTICE)
        .map(described)
        .collect();
    if arrivals.len() > NAMED_IN_NOTICE {
        lines.push(format!("and {} more", arrivals.len() - NAMED_IN_NOTICE));
    }
    Some(Notice {
        summary: format!("{} files arrived ({})", arrivals.len(), human::size(bytes)),
        body: lines.join("\n"),
    })
}

/// Says what arrived, and counts it.
pub struct Reporter {
    exec: Option<String>,
    /// Files reported so far.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
}

impl Reporter {
    /// A reporter that runs `exec` for each arrival.
    pub fn new(exec: Option<String>) -> Reporter {
        Reporter {
            exec,
            files: 0,
            bytes: 0,
        }
    }

    /// Prints `arrival` (stdout, then stderr) and runs `--exec` with it.
    pub async fn report(&mut self, arrival: &Arrival, into: bool, out: &mut Output) -> Result<()> {
        self.files += 1;
        self.bytes += arrival.size;
        if out.json() {
            out.json_line(arrival)?;
        } else {
            let shown = match &arrival.saved {
                Some(path) => path.display().to_string(),
                None => arrival.location.clone(),
            };
            out.result(format!("{}\n", escape(&shown)).as_bytes())?;
        }
        out.flush()?;
        out.note(&arrival.line(into));
        if let Some(command) = &self.exec {
            let record = serde_json::to_vec(arrival)?;
            let command = command.clone();
            let environment = arrival.environment();
            let ran =
                tokio::task::spawn_blocking(move || run(&command, &record, &environment)).await?;
            if let Err(why) = ran {
                out.warn(&format!(
                    "--exec failed for {}: {why}; the watch goes on",
                    escape(&arrival.name)
                ));
            }
        }
        Ok(())
    }

    /// `3 files (1.2 MB)`.
    pub fn summary(&self) -> String {
        format!(
            "{} file{} ({})",
            self.files,
            if self.files == 1 { "" } else { "s" },
            human::size(self.bytes)
        )
    }
}

/// Runs `command` through the shell with `record` and a newline on its stdin and `environment`
/// added to its own; why it failed.
fn run(command: &str, record: &[u8], environment: &[(&str, String)]) -> Result<(), String> {
    #[cfg(unix)]
    let mut shell = Command::new("sh");
    #[cfg(unix)]
    shell.arg("-c");
    #[cfg(windows)]
    let mut shell = Command::new("cmd");
    #[cfg(windows)]
    shell.arg("/C");
    let mut child = shell
        .arg(command)
        .envs(environment.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        // stdout carries only the watch's results.
        .stdout(std::io::stderr())
        .spawn()
        .map_err(|e| format!("cannot start it: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input is no failure.
        let _ = stdin
            .write_all(record)
            .and_then(|()| stdin.write_all(b"\n"));
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("it ended with {status}"))
    }
}
