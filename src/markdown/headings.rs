//! Heading ids and the table of contents.

use crate::error::Diagnostic;
use crate::slug::{slugify, IdSet};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

#[derive(Debug, Clone, serde::Serialize)]
/// One heading in a page's table of contents.
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id (its anchor).
    pub id: String,
    /// The heading text.
    pub title: String,
}

type Spanned<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Give every heading an id (explicit `{#id}` kept, others from the text, unique on the page),
/// and list h2 and h3 for the table of contents. Also gives where the headings are in
/// `events`, so later steps visit the few headings instead of every event again.
pub fn assign_ids(
    mut events: Spanned<'_>,
) -> (Spanned<'_>, Vec<TocEntry>, HashSet<String>, Vec<usize>) {
    let mut set = IdSet::default();
    let mut at = Vec::new();
    for (i, (e, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { id, .. }) = e {
            at.push(i);
            if let Some(id) = id {
                set.reserve(id);
            }
        }
    }
    // Room for every heading's id and the few that footnotes and flowcharts add, so the set
    // is not grown (and rehashed) while it fills.
    let mut all = HashSet::with_capacity(at.len() + 8);
    let mut toc = Vec::new();
    for &i in &at {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            continue;
        };
        let level = *level as u8;
        let mut text = String::new();
        for (e, _) in &events[i + 1..] {
            match e {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let id = match id {
            Some(id) => id.to_string(),
            None => set.unique(&slugify(&text)),
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
            *slot = Some(id.clone().into());
        }
        all.insert(id.clone());
        if (2..=3).contains(&level) {
            toc.push(TocEntry {
                level,
                id,
                title: text.trim().to_string(),
            });
        }
    }
    (events, toc, all, at)
}

/// Without `allow_html`, a heading keeps only its id and classes: any other attribute
/// (`{#kop onfocus=…}`) could run script, so it is dropped with a warning.
/// `headings` are the indices of the headings in `events` (from [`assign_ids`]).
pub fn drop_attributes(
    events: &mut Spanned<'_>,
    headings: &[usize],
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for &i in headings {
        let (e, range) = &mut events[i];
        if let Event::Start(Tag::Heading { attrs, .. }) = e {
            if attrs.is_empty() {
                continue;
            }
            let names: Vec<String> = attrs.iter().map(|(k, _)| format!("`{k}`")).collect();
            let (line, col) = at(range);
            diagnostics.push(
                Diagnostic::warning(
                    file,
                    line,
                    format!(
                        "kopattribuut {} wordt weggelaten: een kop houdt alleen {{#id}} en .klassen",
                        names.join(", ")
                    ),
                )
                .col(col)
                .hint("haal het attribuut weg, of zet `allow_html: true` in site.yaml"),
            );
            attrs.clear();
        }
    }
}
