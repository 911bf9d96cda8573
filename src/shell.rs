//! Ready-to-run command lines for people: quoting and `curl` invocations.

/// Quotes `text` for a POSIX shell, leaving plain words alone.
pub fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | ',' | '+' | '@' | '=')
        });
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The `curl` command that uses a presigned link: `-T FILE` for a PUT, `-o FILE` for a GET,
/// and every signed header with `-H`.
pub fn curl_command(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    file: Option<&str>,
) -> String {
    let mut words = vec!["curl".to_owned(), "--fail".to_owned()];
    match (method, file) {
        ("PUT", Some(file)) => words.extend(["-T".to_owned(), quote(file)]),
        ("GET", Some(file)) => words.extend(["-o".to_owned(), quote(file)]),
        ("GET", None) => {}
        ("HEAD", _) => words.push("-I".to_owned()),
        (other, _) => words.extend(["-X".to_owned(), other.to_owned()]),
    }
    for (name, value) in headers {
        words.extend(["-H".to_owned(), quote(&format!("{name}: {value}"))]);
    }
    words.push(quote(url));
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote("report.pdf"), "report.pdf");
        assert_eq!(quote("my file.pdf"), "'my file.pdf'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("https://h/k?a=1&b=2"), "'https://h/k?a=1&b=2'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn curl_line_sends_signed_headers() {
        let headers = [("content-type".to_owned(), "image/png".to_owned())];
        assert_eq!(
            curl_command("PUT", "https://h/k?X=1&Y=2", &headers, Some("a b.png")),
            "curl --fail -T 'a b.png' -H 'content-type: image/png' 'https://h/k?X=1&Y=2'"
        );
        assert_eq!(
            curl_command("HEAD", "https://h/k", &[], None),
            "curl --fail -I https://h/k"
        );
        assert_eq!(
            curl_command("DELETE", "https://h/k", &[], None),
            "curl --fail -X DELETE https://h/k"
        );
    }
}
