//! The one way s3share builds an HTTP client for links (downloads, uploads to links and through
//! file requests, `inspect --check`): the same User-Agent, connect timeout and TLS set-up, and an
//! optional idle limit per read. It follows a redirect only within the origin it was sent to,
//! and never sends a Referer: a link (a folder page's file, an encrypted share's data, a
//! request page's upload target) is fetched from where it points, not from wherever its server
//! sends the client on to (a LAN or metadata address), and no link travels to another site.

use std::sync::Mutex;
use std::time::Duration;

use crate::error::{ExitKind, Failure};
use crate::net::{CONNECT_TIMEOUT, USER_AGENT};
use crate::terminal::escape;

/// How many redirects within one origin are followed before giving up.
const MAX_REDIRECTS: usize = 5;

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
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(same_origin_only())
        .referer(false);
    if let Some(limit) = read_timeout {
        builder = builder.read_timeout(limit);
    }
    builder
        .build()
        .map_err(|e| Failure::new(ExitKind::Failure, "could not set up the HTTP client").cause(e))
}

/// Follows a redirect only to the origin (scheme, host and port) of the request's first URL.
fn same_origin_only() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let origin = attempt.previous().first().map(url::Url::origin);
        if origin.as_ref() != Some(&attempt.url().origin()) {
            let to = shown(attempt.url());
            return attempt.error(RefusedRedirect { to });
        }
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(TooManyRedirects);
        }
        attempt.follow()
    })
}

/// Where a redirect pointed, for a person: scheme, host, port and path, without the query and
/// fragment (which may carry a signature or a key).
fn shown(url: &url::Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// A redirect to another origin, refused.
#[derive(Debug)]
struct RefusedRedirect {
    /// Where it pointed ([`shown`]).
    to: String,
}

impl std::fmt::Display for RefusedRedirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirected to another site, {}", escape(&self.to))
    }
}

impl std::error::Error for RefusedRedirect {}

/// More redirects within one origin than [`MAX_REDIRECTS`].
#[derive(Debug)]
struct TooManyRedirects;

impl std::fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "more than {MAX_REDIRECTS} redirects")
    }
}

impl std::error::Error for TooManyRedirects {}

/// The failure for a request whose redirect this client refused, if that is why `error`
/// happened: where the redirect pointed (escaped, without its query), and that s3share does
/// not follow it. Not a network failure: trying again gets the same redirect.
pub fn refused_redirect(error: &reqwest::Error) -> Option<Failure> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(error) = cause {
        if let Some(refused) = error.downcast_ref::<RefusedRedirect>() {
            return Some(
                Failure::new(
                    ExitKind::Failure,
                    format!(
                        "the server answered with a redirect to another site, {}, which s3share \
                         does not follow: a link is fetched only from where it points",
                        escape(&refused.to)
                    ),
                )
                .hint("ask whoever shared the link for one that answers directly"),
            );
        }
        if error.downcast_ref::<TooManyRedirects>().is_some() {
            return Some(
                Failure::new(
                    ExitKind::Failure,
                    format!("the server answered with more than {MAX_REDIRECTS} redirects"),
                )
                .hint("ask whoever shared the link for one that answers directly"),
            );
        }
        cause = error.source();
    }
    None
}
