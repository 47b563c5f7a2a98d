//! The glossary `content/begrippen.yaml`.

use crate::error::Diagnostic;
use crate::yaml::{self, Spanned};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The glossary's path, relative to the site root.
pub const FILE: &str = "content/begrippen.yaml";

/// One entry of the glossary, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term; its slug is its id, as in `begrip:ID` links.
    pub term: Spanned<String>,
    /// Markdown, rendered like a page body.
    pub definition: Spanned<String>,
    /// Other names for the term: shown, and search synonyms.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What is still to be settled about this term.
    #[serde(default)]
    pub open: Vec<Spanned<crate::content::partner::OpenItem>>,
}

/// The loaded glossary: the terms without problems, sorted by name.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The glossary's path, relative to the site root.
    pub file: PathBuf,
    /// (id, term), sorted by the term's folded name.
    pub terms: Vec<(String, Term)>,
    /// The file could not be read: its terms are unknown, so `begrip:` links are not checked
    /// (the build fails on the reported error anyway).
    pub failed: bool,
}

impl Glossary {
    /// Whether a term with this id is in the glossary.
    pub fn has(&self, id: &str) -> bool {
        self.terms.iter().any(|(i, _)| i == id)
    }
}

/// The glossary and its problems. A term with a problem is left out; the others stay, so
/// links to them are still checked.
pub fn parse(text: &str, file: &Path) -> (Glossary, Vec<Diagnostic>) {
    let mut out = Glossary {
        file: file.to_path_buf(),
        terms: Vec::new(),
        failed: false,
    };
    let terms: Vec<Term> = if text.trim().is_empty() {
        Vec::new()
    } else {
        match yaml::parse(text, file, 0) {
            Ok(t) => t,
            Err(d) => {
                out.failed = true;
                return (out, vec![d]);
            }
        }
    };
    let mut problems = Vec::new();
    for t in terms {
        let id = crate::slug::slugify(&t.term.value);
        let line = t.term.referenced.line() as usize;
        if id.is_empty() {
            problems
                .push(Diagnostic::error(file, line, "begrip zonder naam").hint("vul `term:` in"));
            continue;
        }
        if out.has(&id) {
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    format!("het begrip \"{}\" staat er twee keer in", t.term.value),
                )
                .hint("voeg de twee beschrijvingen samen tot één"),
            );
            continue;
        }
        out.terms.push((id, t));
    }
    out.terms.sort_by(|a, b| {
        crate::slug::fold(&a.1.term.value).cmp(&crate::slug::fold(&b.1.term.value))
    });
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_terms() {
        let (g, e) = parse(
            "- term: OM\n  definition: a\n- term: Om\n  definition: b\n",
            Path::new(FILE),
        );
        assert_eq!(e[0].line, 3);
        assert!(g.has("om"), "the first one stays");
    }

    #[test]
    fn sorted_with_ids() {
        let g = parse(
            "- term: Zorgcoördinator\n  definition: a\n- term: Bedenktijd\n  definition: b\n  aliases: [reflectieperiode]\n",
            Path::new(FILE),
        );
        assert!(g.1.is_empty());
        let g = g.0;
        assert_eq!(g.terms[0].0, "bedenktijd");
        assert_eq!(g.terms[1].0, "zorgcoordinator");
    }
}
