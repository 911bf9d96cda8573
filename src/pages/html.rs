//! Markup that is escaped by default. Templates are files with `{{NAME}}` placeholders; what
//! fills them is either text, which is always escaped, or [`Html`], which only this module can
//! make: by escaping text, by filling a template, or from the page assets compiled into the
//! binary. A new field on a page is text unless someone writes `Html` on purpose, so it cannot
//! become markup by accident.

/// Markup safe to put on a page as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// `text`, escaped for HTML content and attribute values.
    pub fn text(text: &str) -> Html {
        Html(escape(text))
    }

    /// One of s3share's own assets (`include_str!` of a file in `src/pages/`), taken as it is.
    pub(super) fn asset(markup: &'static str) -> Html {
        Html(markup.to_owned())
    }

    /// Markup s3share wrote itself from values that cannot hold markup: hashes, origins as the
    /// URL parser serialises them, JSON with `<`, `>` and `&` escaped.
    pub(super) fn trusted(markup: String) -> Html {
        Html(markup)
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// What fills a placeholder.
pub enum Fill<'a> {
    /// Text: escaped.
    Text(&'a str),
    /// Markup: as it is.
    Html(&'a Html),
}

impl<'a> From<&'a str> for Fill<'a> {
    fn from(text: &'a str) -> Self {
        Fill::Text(text)
    }
}

impl<'a> From<&'a String> for Fill<'a> {
    fn from(text: &'a String) -> Self {
        Fill::Text(text)
    }
}

impl<'a> From<&'a Html> for Fill<'a> {
    fn from(markup: &'a Html) -> Self {
        Fill::Html(markup)
    }
}

/// Fills each `{{NAME}}` of `template` in one pass: what is inserted is never scanned again, so a
/// key that reads `{{SCRIPT}}` stays text. A placeholder without a value is left as it is.
pub fn fill(template: &str, values: &[(&str, Fill<'_>)]) -> Html {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}").map(|e| start + e) else {
            break;
        };
        let name = &rest[start + 2..end];
        out.push_str(&rest[..start]);
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, Fill::Text(text))) => out.push_str(&escape(text)),
            Some((_, Fill::Html(markup))) => out.push_str(markup.as_str()),
            None => out.push_str(&rest[start..end + 2]),
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Html(out)
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Nothing that reorders or hides text reaches the page either.
            c if crate::terminal::is_control(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_markup_is_not() {
        let bold = Html::text("<b>");
        let filled = fill(
            "<p title=\"{{A}}\">{{B}}{{C}}{{MISSING}}</p>",
            &[
                ("A", "\"quoted\" & 'single'".into()),
                ("B", (&bold).into()),
                ("C", "{{A}}".into()),
            ],
        );
        assert_eq!(
            filled.as_str(),
            "<p title=\"&quot;quoted&quot; &amp; &#39;single&#39;\">&lt;b&gt;{{A}}{{MISSING}}</p>"
        );
    }
}
