//! Splitting a Markdown file into its YAML front matter and its body.

use crate::error::Diagnostic;
use std::path::Path;

/// The two parts of a page file, with the line where each starts (1-based).
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the two `---` lines.
    pub yaml: &'a str,
    /// Line of the first YAML line (the line after the opening `---`).
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Line of the first body line.
    pub body_line: usize,
}

/// Front matter sits between a first line `---` and the next line `---` (or `...`).
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(
            Diagnostic::error(file, 1, "de pagina begint niet met front matter").hint(
                "zet bovenaan een regel `---`, dan `title: Titel van de pagina`, dan weer `---`",
            ),
        );
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(
        Diagnostic::error(file, 1, "de front matter wordt niet afgesloten")
            .hint("zet na de laatste regel van de front matter een regel met alleen `---`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_with_lines() {
        let s = split("---\ntitle: A\n---\nTekst\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "Tekst\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_bom() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nTekst", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Tekst");
    }

    #[test]
    fn unclosed_is_an_error_at_line_1() {
        let d = split("---\ntitle: A\nTekst\n", Path::new("a.md")).unwrap_err();
        assert_eq!(d.line, 1);
        assert!(d.message.contains("niet afgesloten"));
    }

    #[test]
    fn missing_is_an_error() {
        assert!(split("# Titel\n", Path::new("a.md")).is_err());
        assert!(split("", Path::new("a.md")).is_err());
    }

    #[test]
    fn empty_body() {
        let s = split("---\ntitle: A\n---", Path::new("a.md")).unwrap();
        assert_eq!(s.body, "");
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC*") {
            let _ = split(&text, Path::new("x.md"));
        }

        #[test]
        fn never_panics_with_dashes(a in "[-\\n\\r. a-z:]{0,40}") {
            let _ = split(&format!("---\n{a}"), Path::new("x.md"));
        }
    }
}
