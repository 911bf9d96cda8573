//! What the AWS profile says about where S3 is, read offline from the AWS config file: its
//! `endpoint_url` (top level, or under `s3 =`) and `s3 = addressing_style`. The SDK honours
//! both; the settings read them too, so that `s3share config` shows them with their source and
//! path-style is decided as for any other endpoint. Credentials are never read here.

use std::path::PathBuf;

/// The values the profile sets, where it sets them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ProfileValues {
    /// `endpoint_url`, for S3 (`s3 = endpoint_url = …`) or for every service.
    pub endpoint_url: Option<String>,
    /// `s3 = addressing_style = path` (true) or `virtual` (false).
    pub path_style: Option<bool>,
}

/// The AWS config file as the SDK finds it: `AWS_CONFIG_FILE`, else `~/.aws/config`.
pub fn config_file(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match env("AWS_CONFIG_FILE") {
        Some(path) => Some(expand_home(&path, env)),
        None => env("HOME")
            .map(PathBuf::from)
            .or_else(dirs::home_dir)
            .map(|home| home.join(".aws").join("config")),
    }
}

fn expand_home(path: &str, env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => env("HOME")
            .map(PathBuf::from)
            .or_else(dirs::home_dir)
            .map_or_else(|| PathBuf::from(path), |home| home.join(rest)),
        None => PathBuf::from(path),
    }
}

/// What `profile` (`None`: `default`) sets in the AWS config file, and how to name where it came
/// from; nothing when the file cannot be read.
pub fn load(
    env: &dyn Fn(&str) -> Option<String>,
    profile: Option<&str>,
) -> (ProfileValues, String) {
    let Some(path) = config_file(env) else {
        return (ProfileValues::default(), String::new());
    };
    let ignore =
        env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let label = format!(
        "AWS profile {} in {}",
        profile.unwrap_or("default"),
        path.display()
    );
    (read(&text, profile, ignore), label)
}

/// What `profile` (`None`: `default`) sets in the config file `text`. Configured endpoints are
/// ignored as the SDK ignores them, with `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`.
pub fn read(text: &str, profile: Option<&str>, ignore_endpoints: bool) -> ProfileValues {
    let name = profile.unwrap_or("default");
    let mut values = ProfileValues::default();
    let mut in_profile = false;
    let mut in_s3 = false;
    for line in text.lines() {
        let bare = line.split(['#', ';']).next().unwrap_or_default();
        let trimmed = bare.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(section) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            let section = section.trim();
            let this = section
                .strip_prefix("profile ")
                .map(str::trim)
                .unwrap_or(section);
            in_profile = this == name && (section.starts_with("profile ") || this == "default");
            in_s3 = false;
            continue;
        }
        if !in_profile {
            continue;
        }
        let nested = bare.starts_with([' ', '\t']);
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if !nested {
            in_s3 = key == "s3" && value.is_empty();
            if key == "endpoint_url" && !ignore_endpoints && values.endpoint_url.is_none() {
                values.endpoint_url = Some(value.to_owned());
            }
            continue;
        }
        if !in_s3 {
            continue;
        }
        match key {
            // The S3-specific endpoint wins over the profile's general one.
            "endpoint_url" if !ignore_endpoints => values.endpoint_url = Some(value.to_owned()),
            "addressing_style" => {
                values.path_style = match value {
                    "path" => Some(true),
                    "virtual" => Some(false),
                    _ => None,
                }
            }
            _ => {}
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
[default]
region = eu-west-1

[profile minio]
region = us-east-1
endpoint_url = http://minio.lan:9000   # the NAS
s3 =
  addressing_style = path

[profile r2]
s3 =
  endpoint_url = https://acct.r2.cloudflarestorage.com
endpoint_url = https://other.example

[profile plain]
";

    #[test]
    fn the_named_profile_says_where_s3_is() {
        let minio = read(FILE, Some("minio"), false);
        assert_eq!(minio.endpoint_url.as_deref(), Some("http://minio.lan:9000"));
        assert_eq!(minio.path_style, Some(true));
        let r2 = read(FILE, Some("r2"), false);
        assert_eq!(
            r2.endpoint_url.as_deref(),
            Some("https://acct.r2.cloudflarestorage.com")
        );
        assert_eq!(read(FILE, None, false), ProfileValues::default());
        assert_eq!(read(FILE, Some("plain"), false), ProfileValues::default());
        assert_eq!(read(FILE, Some("nope"), false), ProfileValues::default());
        assert_eq!(read(FILE, Some("minio"), true).endpoint_url, None);
    }
}
