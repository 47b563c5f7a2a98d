//! What a page's Markdown took from the rest of the site while it was rendered: the preview
//! server renders a page again only when one of these changed (or its own source, or what its
//! template shows of other pages, see `templates::Templates::view_key`).

use crate::check::index::{recording, Read, SiteIndex};
use crate::config::SiteConfig;
use crate::content::Sources;
use crate::error::Diagnostic;
use crate::markdown::Rendered;

/// What page `i`'s Markdown depends on beyond its own source.
#[derive(Debug, Clone, Default)]
pub struct PageDeps {
    /// Every question it asked the site index (which pages, partners, terms, files exist and
    /// where): while each gets the same answer, the links came out the same.
    pub reads: Vec<Read>,
    /// It shows other pages' front matter or checks which pages exist: a checklist's advice
    /// names its routes by their titles and lists the cases that practise it; a case checks
    /// the checklists it names. Rendered again whenever any front matter or the set of pages
    /// changes.
    pub titles: bool,
    /// It takes in partner records or the glossary: a placeholder block (the basisniveau
    /// table), a checklist's advice (partner names), a partner or glossary link. Rendered
    /// again whenever a record or the glossary changes.
    pub records: bool,
}

/// The names of the generated blocks (`tabel:basisniveau`) a page may take in.
pub fn placeholder_names(config: &SiteConfig, sources: &Sources) -> Vec<String> {
    crate::render::page::placeholders(sources, &config.goals, "")
        .into_keys()
        .collect()
}

/// [`crate::render::page::render_page`], and what the page took from the site.
pub fn render_page_with_deps(
    config: &SiteConfig,
    sources: &Sources,
    idx: &SiteIndex,
    i: usize,
    body: &str,
    placeholders: &[String],
) -> (Rendered, Vec<Diagnostic>, PageDeps) {
    let ((rendered, problems), reads) =
        recording(|| crate::render::page::render_page(config, sources, idx, i, body));
    let p = &sources.pages[i];
    let titles = !p.meta.advice.is_empty()
        || p.meta.direct_advice.is_some()
        || (p.top_section() == "signalen" && !p.is_section)
        || crate::render::page::is_casus(p);
    let records = titles
        || placeholders.iter().any(|n| body.contains(n.as_str()))
        || reads
            .iter()
            .any(|r| matches!(r, Read::PartnerUrl(_) | Read::PartnerIds | Read::HasTerm(_)));
    (
        rendered,
        problems,
        PageDeps {
            reads,
            titles,
            records,
        },
    )
}
