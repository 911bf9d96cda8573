//! Progress bars on stderr for transfers (uploads and downloads share them).
//!
//! Whether to draw at all is decided by [`Output::show_progress`]; a hidden bar costs nothing, so
//! transfer code updates its bar unconditionally.

use indicatif::{ProgressBar, ProgressStyle};

use crate::output::Output;

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
    bar.set_message(label.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
