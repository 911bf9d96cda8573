//! Progress bars on stderr for transfers (uploads and downloads share them).
//!
//! Whether to draw at all is decided by [`Output::show_progress`]; a hidden bar costs nothing, so
//! transfer code updates its bar unconditionally.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar. Only this module makes one, so only it decides whether a bar draws (on
/// stderr, when progress may be shown) and how; the rest of the program counts on it.
pub use indicatif::ProgressBar as Bar;

use crate::output::Output;
use crate::terminal::escape;
use crate::transfer::observed::Observed;

/// A byte-counting bar labelled `label`; `total` is `None` when the size is unknown (stdin), which
/// draws a spinner with the bytes so far and the rate instead.
pub fn bar(out: &Output, total: Option<u64>, label: &str) -> ProgressBar {
    if !out.show_progress() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {msg} {bytes} {binary_bytes_per_sec}",
        ),
    };
    let style = ProgressStyle::with_template(template)
        .expect("valid progress template")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(escape(label).into_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// The progress of one download: its own bar, or its share of a folder's bar. The download code
/// reports to it the same way either way.
#[derive(Clone)]
pub struct FileProgress {
    bar: ProgressBar,
    /// On a folder's bar: the bytes this file has counted on it.
    counted: Option<Arc<AtomicU64>>,
}

impl FileProgress {
    /// A bar of its own for `size` bytes labelled `label`, `position` of them already there; or,
    /// given a folder's bar, a share of that one, on which those bytes are counted now.
    pub fn new(
        out: &Output,
        folder: Option<&ProgressBar>,
        size: u64,
        position: u64,
        label: &str,
    ) -> FileProgress {
        match folder {
            Some(folder) => {
                folder.inc(position);
                FileProgress {
                    bar: folder.clone(),
                    counted: Some(Arc::new(AtomicU64::new(position))),
                }
            }
            None => {
                let bar = bar(out, Some(size), label);
                bar.set_position(position);
                FileProgress { bar, counted: None }
            }
        }
    }

    /// `n` more bytes arrived.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
        if let Some(counted) = &self.counted {
            counted.fetch_add(n, Ordering::Relaxed);
        }
    }

    /// `n` bytes counted will come again (a retried chunk).
    pub fn dec(&self, n: u64) {
        self.bar.dec(n);
        if let Some(counted) = &self.counted {
            counted.fetch_sub(n, Ordering::Relaxed);
        }
    }

    /// `received` bytes of the file have arrived in all.
    pub fn set_position(&self, received: u64) {
        match &self.counted {
            None => self.bar.set_position(received),
            Some(counted) => {
                let before = counted.swap(received, Ordering::Relaxed);
                if received >= before {
                    self.bar.inc(received - before);
                } else {
                    self.bar.dec(before - received);
                }
            }
        }
    }

    /// The bytes of this file that have arrived.
    pub fn position(&self) -> u64 {
        match &self.counted {
            None => self.bar.position(),
            Some(counted) => counted.load(Ordering::Relaxed),
        }
    }

    /// Done: its own bar is cleared; a folder's bar goes on.
    pub fn finish(&self) {
        if self.counted.is_none() {
            self.bar.finish_and_clear();
        }
    }

    /// Failed: its own bar stays where it stopped; on a folder's bar the file's bytes stay
    /// counted, as its part of the folder is over either way.
    pub fn abandon(&self) {
        if self.counted.is_none() {
            self.bar.abandon();
        }
    }
}

/// One bar for a whole folder: the bytes of all its files, and how many of them are done. Files
/// advance it as their bytes move ([`FileProgress`] for downloads, [`counted`] for uploads).
pub struct FolderProgress {
    bar: ProgressBar,
    label: String,
    files: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl FolderProgress {
    /// A bar for `files` files of `bytes` bytes in all, labelled `label`.
    pub fn new(out: &Output, files: usize, bytes: u64, label: &str) -> FolderProgress {
        let progress = FolderProgress {
            bar: bar(out, Some(bytes), label),
            label: escape(label).into_owned(),
            files,
            done: std::sync::atomic::AtomicUsize::new(0),
        };
        progress.show_count(0);
        progress
    }

    /// The bar the files advance.
    pub fn bar(&self) -> &ProgressBar {
        &self.bar
    }

    /// One more file is over; `uncounted` of its bytes never moved (it was already there) and
    /// are counted now.
    pub fn file_done(&self, uncounted: u64) {
        self.bar.inc(uncounted);
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        self.show_count(done);
    }

    /// Clears the bar; the command prints its summary instead.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn show_count(&self, done: usize) {
        self.bar
            .set_message(format!("{} {done}/{} files", self.label, self.files));
    }
}

/// `body`, advancing `bar` by every chunk the HTTP client takes from it. A retried request
/// rebuilds the body; the rebuild first takes back what the failed attempt had counted, so the bar
/// never counts a byte twice.
pub fn counted(
    body: aws_sdk_s3::primitives::ByteStream,
    bar: &ProgressBar,
) -> aws_sdk_s3::primitives::ByteStream {
    let bar = bar.clone();
    let sent = Arc::new(AtomicU64::new(0));
    let body = body.into_inner().map_preserve_contents(move |inner| {
        bar.dec(sent.swap(0, Ordering::Relaxed));
        aws_sdk_s3::primitives::SdkBody::from_body_1_x(Observed::new(inner, counter(&bar, &sent)))
    });
    aws_sdk_s3::primitives::ByteStream::new(body)
}

/// `body` for reqwest (one attempt, never rebuilt), advancing `bar` by every chunk sent.
pub fn counted_reqwest(body: reqwest::Body, bar: &ProgressBar) -> reqwest::Body {
    reqwest::Body::wrap(Observed::new(body, counter(bar, &Arc::default())))
}

/// Advances `bar` by each chunk, noting in `sent` what this attempt counted.
fn counter(bar: &ProgressBar, sent: &Arc<AtomicU64>) -> impl FnMut(u64) + Unpin {
    let (bar, sent) = (bar.clone(), sent.clone());
    move |len| {
        sent.fetch_add(len, Ordering::Relaxed);
        bar.inc(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputOptions;

    #[tokio::test]
    async fn a_counted_body_advances_the_bar_once_per_byte_even_when_rebuilt() {
        let bar = ProgressBar::hidden();
        let body = counted(
            aws_sdk_s3::primitives::ByteStream::from(vec![7u8; 1000]),
            &bar,
        );
        // The SDK keeps the body as a checkpoint and sends a copy of it on every attempt.
        let checkpoint = body.into_inner();
        let attempt = || {
            let body = checkpoint
                .try_clone()
                .expect("in-memory bodies are retryable");
            aws_sdk_s3::primitives::ByteStream::new(body).collect()
        };
        let first = attempt().await.unwrap();
        assert_eq!(first.into_bytes().len(), 1000);
        assert_eq!(bar.position(), 1000);
        let second = attempt().await.unwrap();
        assert_eq!(second.into_bytes().len(), 1000);
        assert_eq!(bar.position(), 1000);
    }

    #[test]
    fn a_file_on_a_folder_bar_counts_only_its_own_bytes() {
        let folder = ProgressBar::hidden();
        folder.set_length(300);
        let out = Output::new(OutputOptions::default());
        let first = FileProgress::new(&out, Some(&folder), 100, 40, "a");
        let second = FileProgress::new(&out, Some(&folder), 200, 0, "b");
        first.set_position(70);
        second.inc(50);
        second.dec(20);
        first.set_position(100);
        first.finish();
        assert_eq!((first.position(), second.position()), (100, 30));
        assert_eq!(folder.position(), 100 + 30);
    }

    #[test]
    fn a_folder_bar_counts_files_and_the_bytes_that_never_moved() {
        let folder = FolderProgress::new(&Output::new(OutputOptions::default()), 3, 300, "docs");
        folder.bar().inc(100);
        folder.file_done(0);
        folder.file_done(200);
        assert_eq!(folder.bar().position(), 300);
        assert_eq!(folder.bar().message(), "docs 2/3 files");
    }
}
