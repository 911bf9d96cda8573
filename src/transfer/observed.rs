//! A request body that tells someone about every chunk the HTTP client takes from it: the stall
//! watchdog (that the transfer moves) and the progress bar (how far it got) both watch bodies.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;

/// `inner`, calling `on_chunk` each time a poll for the next frame completes, with the length of
/// the data it carried (0 for trailers, errors and the end).
pub struct Observed<B, F> {
    inner: B,
    on_chunk: F,
}

impl<B, F> Observed<B, F> {
    /// Watches `inner`.
    pub fn new(inner: B, on_chunk: F) -> Observed<B, F> {
        Observed { inner, on_chunk }
    }
}

impl<B, F> http_body::Body for Observed<B, F>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    F: FnMut(u64) + Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(frame) = &polled {
            let len = match frame {
                Some(Ok(frame)) => frame.data_ref().map_or(0, |data| data.len() as u64),
                _ => 0,
            };
            (self.on_chunk)(len);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
