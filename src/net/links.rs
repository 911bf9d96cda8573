//! The one way s3share builds an HTTP client for links (downloads, uploads to links and through
//! file requests, `inspect --check`): the same User-Agent, connect timeout and TLS set-up, and an
//! optional idle limit per read.

use std::sync::Mutex;
use std::time::Duration;

use crate::error::{ExitKind, Failure};
use crate::net::{CONNECT_TIMEOUT, USER_AGENT};

/// The HTTP client whose `read_timeout` fails a response that sends nothing for that long. One
/// per limit for the whole process: building one reads every system root certificate (tens of
/// milliseconds, which a folder of 10,000 files paid 10,000 times), and a shared one keeps its
/// connections open for the next request.
pub fn client(read_timeout: Option<Duration>) -> Result<reqwest::Client, Failure> {
    static CLIENTS: Mutex<Vec<(Option<Duration>, reqwest::Client)>> = Mutex::new(Vec::new());
    let mut clients = CLIENTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, client)) = clients.iter().find(|(limit, _)| *limit == read_timeout) {
        return Ok(client.clone());
    }
    let client = build(read_timeout)?;
    clients.push((read_timeout, client.clone()));
    Ok(client)
}

fn build(read_timeout: Option<Duration>) -> Result<reqwest::Client, Failure> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(CONNECT_TIMEOUT);
    if let Some(limit) = read_timeout {
        builder = builder.read_timeout(limit);
    }
    builder
        .build()
        .map_err(|e| Failure::new(ExitKind::Failure, "could not set up the HTTP client").cause(e))
}
