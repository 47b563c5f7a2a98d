//! From the rendered site to search documents: every page section (split at h2/h3), partner and
//! municipality records, glossary terms; synonyms from glossary and partner aliases.

use crate::content::page::Page;
use crate::content::{partner, Sources};
use crate::markdown::TextSection;
use crate::search::{DocKind, SearchDoc};
use rayon::prelude::*;

/// Plain text of a piece of Markdown (record fields, definitions), without its open points:
/// search finds what is settled (and a hidden open point must reach no output at all).
pub fn plain_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut s = String::new();
    let events: Vec<Event> = Parser::new_ext(md, crate::markdown::cmark_options()).collect();
    let mut skip_depth = 0usize;
    for (i, e) in events.iter().enumerate() {
        if skip_depth > 0 {
            match e {
                Event::Start(Tag::BlockQuote(_)) => skip_depth += 1,
                Event::End(TagEnd::BlockQuote(_)) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        if matches!(e, Event::Start(Tag::BlockQuote(_))) && opens_open_point(&events[i + 1..]) {
            skip_depth = 1;
            continue;
        }
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Whether a blockquote's events start with the `[!OPEN]` marker.
fn opens_open_point(after: &[pulldown_cmark::Event]) -> bool {
    use pulldown_cmark::{Event, Tag};
    let mut text = String::new();
    if !matches!(after.first(), Some(Event::Start(Tag::Paragraph))) {
        return false;
    }
    for e in &after[1..] {
        match e {
            Event::Text(t) => text.push_str(t),
            _ => break,
        }
    }
    crate::markdown::is_open_point(&text)
}

fn kind_of_page(top: &str, is_section: bool) -> DocKind {
    match (top, is_section) {
        ("signalen", false) => DocKind::Signalenlijst,
        ("routes", false) => DocKind::Route,
        _ => DocKind::Pagina,
    }
}

/// `sections`: the text sections of each page (moved in: at 10,000 pages they are the
/// biggest thing the build holds).
pub fn documents(sources: &Sources, sections: Vec<Vec<TextSection>>) -> Vec<SearchDoc> {
    // One document per page and per heading, partner and term, each made in its place: at
    // 30,000 pages a growing vector would hold twice their size for a while. The pages'
    // documents are made on all threads (serially this took ~40 ms at 10,000 pages).
    let per_page: Vec<usize> = sections
        .iter()
        .take(sources.pages.len())
        .map(|s| 1 + s.iter().filter(|s| s.anchor.is_some()).count())
        .collect();
    let count =
        per_page.iter().sum::<usize>() + sources.partners.len() + sources.glossary.terms.len();
    let mut docs = Vec::with_capacity(count);
    docs.resize_with(per_page.iter().sum(), || SearchDoc::empty(DocKind::Pagina));
    let mut slots: Vec<&mut [SearchDoc]> = Vec::with_capacity(per_page.len());
    let mut rest = docs.as_mut_slice();
    for &n in &per_page {
        let (page, after) = rest.split_at_mut(n);
        slots.push(page);
        rest = after;
    }
    let plan = sources.plan_url();
    slots
        .into_par_iter()
        .zip(sources.pages.par_iter())
        .zip(sections.into_par_iter())
        .for_each(|((slot, p), sections)| page_documents(p, sections, &plan, slot));
    let gemeente_name = |id: &str| {
        sources
            .partners
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.record.name.clone())
    };
    for p in &sources.partners {
        let r = &p.record;
        let gemeenten = match p.area_ids() {
            Some(ids) => ids.iter().map(|id| gemeente_name(id)).collect(),
            None => Vec::new(),
        };
        let mut body = format!(
            "{} {} {}",
            r.summary,
            plain_text(&r.description.value),
            plain_text(&r.when_to_contact.value)
        );
        for extra in [&r.meldpunt, &r.aandachtsfunctionaris]
            .into_iter()
            .flatten()
        {
            body.push(' ');
            body.push_str(&plain_text(&extra.value));
        }
        if let Some(n) = &r.contact.note {
            body.push(' ');
            body.push_str(&plain_text(n));
        }
        docs.push(SearchDoc {
            url: format!("{}index.html", p.url()),
            title: r.name.clone(),
            page_title: String::new(),
            kind: if p.is_gemeente() {
                DocKind::Gemeente
            } else {
                DocKind::Partner
            },
            headings: vec!["Wanneer neem je contact op?".into()],
            aliases: r.aliases.clone(),
            body,
            spilled: None,
            gemeenten,
            rollen: r
                .roles
                .iter()
                .filter_map(|x| partner::role_label(&x.value).map(String::from))
                .collect(),
        });
    }
    for (id, t) in &sources.glossary.terms {
        docs.push(SearchDoc {
            url: format!("begrippen/index.html#{id}"),
            title: t.term.value.clone(),
            page_title: "Begrippen".into(),
            kind: DocKind::Begrip,
            headings: Vec::new(),
            aliases: t.aliases.clone(),
            body: plain_text(&t.definition.value),
            spilled: None,
            gemeenten: Vec::new(),
            rollen: Vec::new(),
        });
    }
    docs
}

/// The documents of one page, into `slot` (one place for the page and one per heading):
/// the page itself (title, summary, keywords, its headings and the text before the first),
/// then each h2/h3 section, so a result deep-links to its heading.
fn page_documents(p: &Page, sections: Vec<TextSection>, plan: &str, slot: &mut [SearchDoc]) {
    let kind = if p.url.starts_with(plan) {
        DocKind::Beleidsplan
    } else {
        kind_of_page(p.top_section(), p.is_section)
    };
    let page_url = format!("{}index.html", p.url);
    let intro = sections.iter().find(|s| s.anchor.is_none());
    let intro_text = intro.map_or("", |s| s.text.as_str());
    let mut slot = slot.iter_mut();
    if let Some(d) = slot.next() {
        *d = SearchDoc {
            url: page_url.clone(),
            title: p.meta.title.clone(),
            page_title: String::new(),
            kind,
            headings: sections
                .iter()
                .filter(|s| s.anchor.is_some())
                .map(|s| s.heading.trim().to_string())
                .collect(),
            aliases: p.meta.keywords.clone(),
            body: format!("{} {intro_text}", p.meta.summary),
            spilled: intro.and_then(|s| s.spilled),
            gemeenten: Vec::new(),
            rollen: Vec::new(),
        };
    }
    for (s, d) in sections
        .into_iter()
        .filter(|s| s.anchor.is_some())
        .zip(slot)
    {
        let anchor = s.anchor.as_deref().unwrap_or_default();
        *d = SearchDoc {
            url: format!("{page_url}#{anchor}"),
            title: s.heading.trim().to_string(),
            page_title: p.meta.title.clone(),
            kind,
            headings: Vec::new(),
            aliases: Vec::new(),
            body: s.text,
            spilled: s.spilled,
            gemeenten: Vec::new(),
            rollen: Vec::new(),
        };
    }
}

/// Groups of words that mean the same: a glossary term with its aliases, a partner's name
/// with its aliases.
pub fn synonyms(sources: &Sources) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    for (_, t) in &sources.glossary.terms {
        if !t.aliases.is_empty() {
            let mut g = vec![t.term.value.clone()];
            g.extend(t.aliases.iter().cloned());
            groups.push(g);
        }
    }
    for p in &sources.partners {
        if !p.record.aliases.is_empty() {
            let mut g = vec![p.record.name.clone()];
            g.extend(p.record.aliases.iter().cloned());
            groups.push(g);
        }
    }
    groups
}
