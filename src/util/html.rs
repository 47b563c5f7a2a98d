//! HTML escaping, one copy for the whole site (Markdown, flowcharts, templates, the preview
//! overlay): `&#39;` for the apostrophe, which the other escapers write differently, so the
//! output stays the same.

/// The entity that stands for `b` in HTML text and attribute values (the five that must be
/// escaped: `&`, `<`, `>`, `"` and `'`), the same as tera's.
pub fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escape text for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // The five are ASCII, so their byte offsets are character boundaries: copy the runs
    // between them whole.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let Some(entity) = entity(b) else { continue };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}

/// Inline Markdown without the surrounding `<p>`, for one-line fields.
pub fn strip_paragraph(html: &str) -> &str {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    /// `escape` as first written, a character at a time, to compare against.
    fn escape_by_char(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escapes_the_five() {
        assert_eq!(escape("a<b>&\"c'd"), "a&lt;b&gt;&amp;&quot;c&#39;d");
        for text in ["", "&", "é&é", "<<", "x", "'\"'"] {
            assert_eq!(escape(text), escape_by_char(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn escapes_runs_as_characters(text in "[a&<>\"'é€ ]{0,24}|\\PC{0,24}") {
            proptest::prop_assert_eq!(escape(&text), escape_by_char(&text));
        }
    }
}
