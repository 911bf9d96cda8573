//! What several commands share: the download link they print (and its private copy when it is
//! to be revocable), recording printed links in the history, the temporary-credentials check
//! every link-printing command makes, the generated completions and man page, and opening what
//! people sent through an encrypted request (`get` and `request --watch` both do).

pub mod download_link;
pub mod encrypted_request;
pub mod generation;
pub mod lifetime;
pub mod record;
pub mod revocable;
pub mod via;
