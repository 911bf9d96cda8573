//! What several commands share: the download link they print (and its private copy when it is
//! to be revocable), recording printed links in the history, the temporary-credentials check
//! every link-printing command makes, and the generated completions and man page.

pub mod download_link;
pub mod generation;
pub mod lifetime;
pub mod record;
pub mod revocable;
pub mod via;
