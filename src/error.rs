//! One error type for everything an editor can get wrong: a message with a place and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the build: nothing is written and the run exits 1.
    Error,
    /// Printed, but the build goes on.
    Warning,
}

/// One problem found in the site, with its place (file relative to the site root, line, column)
/// and a hint that says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether this problem stops the build.
    pub severity: Severity,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    /// What is wrong, in Dutch.
    pub message: String,
    /// What to do about it, in Dutch; empty when there is no hint.
    pub hint: String,
}

impl Diagnostic {
    /// An error at `line` of `file` (0: the whole file), without column or hint.
    pub fn error(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            column: 0,
            message: message.into(),
            hint: String::new(),
        }
    }

    /// A warning at `line` of `file` (0: the whole file), without column or hint.
    pub fn warning(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

    /// An error for a value outside a fixed list, `onbekende WHAT "VALUE"`, whose hint lists the
    /// ids of `choices` (id, label) to pick from.
    pub fn unknown_choice(
        file: impl Into<PathBuf>,
        line: usize,
        what: &str,
        value: &str,
        choices: &[(&str, &str)],
    ) -> Self {
        let ids: Vec<&str> = choices.iter().map(|(id, _)| *id).collect();
        Diagnostic::error(file, line, format!("onbekende {what} \"{value}\""))
            .hint(format!("kies uit: {}", ids.join(", ")))
    }

    /// Sets the 1-based column.
    pub fn col(mut self, column: usize) -> Self {
        self.column = column;
        self
    }

    /// Sets the hint that says what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, the form editors and terminals recognise as a place.
    pub fn location(&self) -> String {
        let file = self.file.to_string_lossy().replace('\\', "/");
        match (self.line, self.column) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }

    /// The full report: place, message, the offending source line with a caret, and the hint.
    /// `root` is the site root, used to read the source line.
    pub fn render(&self, root: &Path) -> String {
        let kind = match self.severity {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
        };
        let mut out = format!("{}: {kind}: {}\n", self.location(), self.message);
        if self.line > 0 {
            if let Some(text) = source_line(&root.join(&self.file), self.line) {
                let number = self.line.to_string();
                let pad = " ".repeat(number.len());
                out.push_str(&format!("{pad} |\n{number} | {text}\n"));
                if self.column > 0 {
                    let offset: usize = text
                        .chars()
                        .take(self.column.saturating_sub(1))
                        .map(|c| if c == '\t' { 4 } else { 1 })
                        .sum();
                    out.push_str(&format!("{pad} | {}^\n", " ".repeat(offset)));
                }
            }
        }
        if !self.hint.is_empty() {
            out.push_str(&format!("  hint: {}\n", self.hint));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if !self.hint.is_empty() {
            write!(f, " ({})", self.hint)?;
        }
        Ok(())
    }
}

fn source_line(path: &Path, line: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let raw = text.lines().nth(line - 1)?;
    Some(raw.replace('\t', "    ").chars().take(160).collect())
}

/// Everything one run found. A build succeeds when it holds no error.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Not problems: what the region still has to settle, listed at the end of `check`.
    open: Vec<crate::open_points::OpenPoint>,
}

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds several problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Adds an open point (not a problem; see [`Diagnostics::open_points`]).
    pub fn push_open(&mut self, p: crate::open_points::OpenPoint) {
        self.open.push(p);
    }

    /// Record several open points at once.
    pub fn extend_open(&mut self, points: impl IntoIterator<Item = crate::open_points::OpenPoint>) {
        self.open.extend(points);
    }

    /// The open points found, in file order, each once.
    pub fn open_points(&self) -> Vec<crate::open_points::OpenPoint> {
        let mut v = self.open.clone();
        v.sort();
        v.dedup();
        v
    }

    /// Whether any problem is an error, so that the build must fail.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file and line, errors before warnings at the same place.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
        });
        items.dedup();
        items
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether no problem was found (open points do not count).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The report printed by `build` and `check`: every problem, then a count.
    pub fn report(&self, root: &Path) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render(root));
            out.push('\n');
        }
        let (e, w) = (self.error_count(), self.warning_count());
        if e > 0 || w > 0 {
            out.push_str(&format!(
                "{}, {w} {}\n",
                count_errors(e),
                if w == 1 {
                    "waarschuwing"
                } else {
                    "waarschuwingen"
                }
            ));
        }
        out
    }
}

/// `1 fout`, `3 fouten`: the count of errors in every message that gives one.
pub fn count_errors(n: usize) -> String {
    format!("{n} {}", if n == 1 { "fout" } else { "fouten" })
}

/// Edit distance, for "bedoel je ...?" hints.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Failures that are not the editor's: the disk, the output folder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing `path` failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder that could not be read or written.
        path: PathBuf,
        /// The error the operating system gave.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(distance("comensa", "comensha"), 1);
        assert_eq!(
            closest("comensa", ["politie", "comensha"]),
            Some("comensha")
        );
        assert_eq!(closest("xyz", ["politie"]), None);
    }

    #[test]
    fn location_forms() {
        assert_eq!(Diagnostic::error("a.md", 0, "x").location(), "a.md");
        assert_eq!(Diagnostic::error("a.md", 3, "x").location(), "a.md:3");
        assert_eq!(
            Diagnostic::error("a.md", 3, "x").col(7).location(),
            "a.md:3:7"
        );
    }

    #[test]
    fn render_shows_line_and_caret() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.yaml"), "name: x\nrol: [a\n").unwrap();
        let d = Diagnostic::error("p.yaml", 2, "kapot")
            .col(6)
            .hint("sluit de lijst");
        let text = d.render(dir.path());
        assert!(text.starts_with("p.yaml:2:6: fout: kapot\n"));
        assert!(text.contains("2 | rol: [a\n"));
        assert!(text.contains("  |      ^\n"));
        assert!(text.contains("hint: sluit de lijst"));
    }

    #[test]
    fn counts_and_sorting() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::warning("b.md", 1, "w"));
        ds.push(Diagnostic::error("a.md", 9, "e"));
        assert!(ds.has_errors());
        assert_eq!(ds.sorted()[0].file, PathBuf::from("a.md"));
        assert!(ds
            .report(Path::new("/nonexistent"))
            .ends_with("1 fout, 1 waarschuwing\n"));
    }
}
