//! The download link for an object s3share knows is there (`share`, `upload`): pointed at a
//! private copy when it is to be revocable, printed, and recorded in the history.

use anyhow::Result;

use crate::location::ObjectLocation;
use crate::output::{LinkRecord, Output};
use crate::s3::copy::CopyParts;
use crate::s3::download_signer::DownloadSigner;
use crate::s3::presign::{LinkOptions, PresignedLink};
use crate::s3::S3Context;
use crate::settings::Settings;

use super::record::Recorder;
use super::revocable::private_copy;

/// How download links are made for one command run.
pub struct DownloadLink<'a> {
    /// Signs the links, presigned or through the CloudFront distribution.
    pub signer: DownloadSigner<'a>,
    /// Makes the private copies.
    pub client: &'a aws_sdk_s3::Client,
    /// Records each link; `None` when the caller records them together (a folder).
    pub recorder: Option<&'a Recorder>,
    /// Point each link at a private copy `s3share revoke` can delete.
    pub revocable: bool,
    /// How that copy goes in parts when the object is large.
    pub copy_parts: CopyParts,
    /// How browsers save or show what the link serves.
    pub options: LinkOptions,
}

impl<'a> DownloadLink<'a> {
    /// Links signed by `signer`, recorded by `recorder`, pointed at private copies made with
    /// `context`'s client when `revocable`, served as S3 would by default.
    pub fn new(
        signer: DownloadSigner<'a>,
        context: &'a S3Context,
        recorder: &'a Recorder,
        revocable: bool,
        settings: &Settings,
    ) -> Self {
        DownloadLink {
            signer,
            client: &context.client,
            recorder: Some(recorder),
            revocable,
            copy_parts: settings.copy_parts(),
            options: LinkOptions::default(),
        }
    }

    /// Prints the link to `location` (`size` bytes, with the SHA-256 s3share sent, if any) and
    /// returns it.
    pub async fn print(
        &self,
        location: &ObjectLocation,
        size: Option<u64>,
        sha256: Option<&[u8; 32]>,
        out: &mut Output,
    ) -> Result<PresignedLink> {
        let copy = match self.revocable {
            true => {
                Some(private_copy(self.client, location, size.unwrap_or(0), self.copy_parts).await?)
            }
            false => None,
        };
        let target = copy.as_ref().unwrap_or(location);
        let link = self.signer.sign(target, &self.options).await?;
        let mut record = LinkRecord::new(&link, target);
        record.size = size;
        record.sha256 = sha256.map(hex::encode);
        out.link(&record)?;
        if let Some(recorder) = self.recorder {
            recorder.link(&link, location, copy.as_ref(), out);
        }
        Ok(link)
    }
}
