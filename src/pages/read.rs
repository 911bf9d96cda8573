//! Reading back the data a page carries, from its data block only (never its markup or
//! script), for every version s3share has written.

use super::data::{FolderData, PageData};
use super::render::DATA_ID;

/// The link of each file row of a version 2 folder page (written by s3share 0.1 builds of
/// 2026-11-27 to 2026-11-28, which kept links in the rows only), by the file's index in its data
/// block. Frozen: later versions keep every link in the data block, and markup changes need not
/// touch this.
fn version_2_row_links(page: &str) -> std::collections::HashMap<usize, String> {
    const ROW: &str = "<tr class=\"file\" data-i=\"";
    const LINK: &str = "<a href=\"";
    let mut links = std::collections::HashMap::new();
    for row in page.split(ROW).skip(1) {
        let Some((index, rest)) = row.split_once('"') else {
            continue;
        };
        let Some(href) = rest
            .split_once(LINK)
            .and_then(|(_, after)| after.split_once('"'))
            .map(|(href, _)| href)
        else {
            continue;
        };
        if let (Ok(index), Ok(url)) = (index.parse(), quick_xml::escape::unescape(href)) {
            links.insert(index, url.into_owned());
        }
    }
    links
}

/// Reads the data a page carries, from its data block only (never its markup or script), for
/// every version s3share has written.
pub fn read_data(page: &str) -> Option<PageData> {
    let open = format!("<script type=\"application/json\" id=\"{DATA_ID}\">");
    let start = page.find(&open)? + open.len();
    let end = start + page[start..].find("</script>")?;
    let value: serde_json::Value = serde_json::from_str(&page[start..end]).ok()?;
    match value.get("kind")?.as_str()? {
        "request" => serde_json::from_value(value).ok().map(PageData::Request),
        "e2e" => serde_json::from_value(value).ok().map(PageData::Encrypted),
        "e2e-folder" => serde_json::from_value(value)
            .ok()
            .map(PageData::EncryptedFolder),
        "folder" => {
            let mut data: FolderData = serde_json::from_value(value).ok()?;
            if data.version == 2 {
                let mut links = version_2_row_links(page);
                for (index, file) in data.files.iter_mut().enumerate() {
                    file.url = crate::redacted::SignedUrl(links.remove(&index)?);
                }
            }
            if data.files.iter().any(|f| f.url.is_empty()) {
                return None;
            }
            Some(PageData::Folder(data))
        }
        _ => None,
    }
}
