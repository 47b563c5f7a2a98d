//! HTML escaping, one copy for the whole site (Markdown, flowcharts, templates, the preview
//! overlay): `&#39;` for the apostrophe, which the other escapers write differently, so the
//! output stays the same.

/// Escape text for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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

/// Inline Markdown without the surrounding `<p>`, for one-line fields.
pub fn strip_paragraph(html: &str) -> &str {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => t,
    }
}
