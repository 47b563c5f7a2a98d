//! Open points: what the region still has to settle, written by editors in pages (`> [!OPEN]`)
//! and records (`open:`), listed by `check`, shown as "Nog vast te stellen" or hidden.

use std::path::{Path, PathBuf};

/// Label of every open-point block on the site.
pub const LABEL: &str = "Nog vast te stellen";

/// One thing still to settle, with its place in the sources.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OpenPoint {
    /// Relative to the site root.
    pub file: PathBuf,
    /// 1-based; 0 when the point concerns the whole file.
    pub line: usize,
    /// What must be settled, as plain text.
    pub text: String,
    /// Who decides, when the editor named it.
    pub decides: Option<String>,
}

impl OpenPoint {
    /// An open point at `file:line`; whitespace in the texts is folded to single spaces.
    pub fn new(file: &Path, line: usize, text: &str, decides: Option<&str>) -> Self {
        OpenPoint {
            file: file.to_path_buf(),
            line,
            text: one_line(text),
            decides: decides.map(one_line).filter(|d| !d.is_empty()),
        }
    }

    /// `file:line`, as diagnostics write it.
    pub fn location(&self) -> String {
        let file = self.file.to_string_lossy().replace('\\', "/");
        if self.line == 0 {
            file
        } else {
            format!("{file}:{}", self.line)
        }
    }

    /// One line of the list `check` prints.
    pub fn report_line(&self) -> String {
        match &self.decides {
            Some(d) => format!("{}: {} (beslist: {d})", self.location(), self.text),
            None => format!("{}: {}", self.location(), self.text),
        }
    }
}

/// Whitespace of a multi-line text folded to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The list `check` ends with: every open point in file order, then the count.
pub fn report(points: &[OpenPoint]) -> String {
    if points.is_empty() {
        return String::new();
    }
    let mut sorted = points.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut out = format!("{LABEL}:\n");
    for p in &sorted {
        out.push_str("  ");
        out.push_str(&p.report_line());
        out.push('\n');
    }
    out.push_str(&format!("{}\n", count_phrase(sorted.len())));
    out
}

/// "1 open punt" / "3 open punten".
pub fn count_phrase(n: usize) -> String {
    format!("{n} {}", if n == 1 { "open punt" } else { "open punten" })
}

/// The outer element of an open-point block, up to and including its label.
pub fn block_start() -> String {
    format!(
        "<div class=\"open-point\" data-open-point role=\"note\">\n<p class=\"open-point-label\"><strong>{LABEL}</strong></p>\n"
    )
}

/// The line that names who decides, inside an open-point block.
pub fn decides_html(escaped: &str) -> String {
    format!("<p class=\"open-point-decides\">Beslist: {escaped}</p>\n")
}

/// The outer element of an explanation block (`> [!TOELICHTING]`), with its label.
pub const EXPLANATION_START: &str =
    "<div class=\"explanation\" data-explanation role=\"note\">\n<p class=\"explanation-label\"><strong>Toelichting</strong></p>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_sorts_counts_and_names_who_decides() {
        let a = OpenPoint::new(Path::new("partners/b.yaml"), 3, "Wie\n  meldt?", None);
        let b = OpenPoint::new(Path::new("content/a.md"), 9, "Welke opvang", Some("OOV"));
        let r = report(&[a, b]);
        assert_eq!(
            r,
            "Nog vast te stellen:\n  content/a.md:9: Welke opvang (beslist: OOV)\n  partners/b.yaml:3: Wie meldt?\n2 open punten\n"
        );
        assert_eq!(report(&[]), "");
        assert_eq!(count_phrase(1), "1 open punt");
    }
}
