//! Standard output as a writer whose "closed" is told apart from every other broken pipe.
//!
//! A reader that stops early (`s3share presign - | head -1`) is not an error: s3share then exits
//! with 0 and prints nothing. But a broken pipe is also what a socket says when the server (or
//! a proxy) closes a connection mid-upload, and that is a failure to report. So only a write to
//! stdout made through [`StdoutWriter`] carries the [`StdoutClosed`] mark that
//! [`is_closed_stdout`] looks for.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;

/// The mark inside the `BrokenPipe` error of a write to a closed stdout.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed")]
pub struct StdoutClosed;

/// A writer to standard output (or a buffer around it) that marks its broken pipes.
#[derive(Debug)]
pub struct StdoutWriter<W>(W);

impl<W> StdoutWriter<W> {
    /// Wraps `inner`, which writes to standard output.
    pub fn new(inner: W) -> Self {
        StdoutWriter(inner)
    }
}

/// Marks a broken pipe as stdout's; other errors pass unchanged.
fn marked(error: io::Error) -> io::Error {
    if error.kind() == io::ErrorKind::BrokenPipe {
        io::Error::new(io::ErrorKind::BrokenPipe, StdoutClosed)
    } else {
        error
    }
}

impl<W: Write> Write for StdoutWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(marked)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(marked)
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for StdoutWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf).map_err(marked)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx).map_err(marked)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx).map_err(marked)
    }
}

/// Whether `error` comes from writing to a closed stdout (and from nothing else).
pub fn is_closed_stdout(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.is::<StdoutClosed>()
            || cause
                .downcast_ref::<io::Error>()
                .and_then(io::Error::get_ref)
                .is_some_and(|inner| inner.is::<StdoutClosed>())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose reader has gone.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_stdout_is_told_apart_from_a_closed_connection() {
        let stdout = StdoutWriter::new(Closed).write_all(b"link\n").unwrap_err();
        assert!(is_closed_stdout(&anyhow::Error::from(stdout)));

        // What a socket says when the server closes it mid-upload, wrapped as the SDK does.
        let socket = io::Error::from(io::ErrorKind::BrokenPipe);
        let upload = anyhow::Error::from(socket).context("the upload to s3://b/k failed");
        assert!(!is_closed_stdout(&upload));
    }
}
