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
/// and list h2 and h3 for the table of contents.
pub fn assign_ids(mut events: Spanned<'_>) -> (Spanned<'_>, Vec<TocEntry>, HashSet<String>) {
    let mut set = IdSet::default();
    let mut headings = 0;
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { id, .. }) = e {
            headings += 1;
            if let Some(id) = id {
                set.reserve(id);
            }
        }
    }
    // Room for every heading's id and the few that footnotes and flowcharts add, so the set
    // is not grown (and rehashed) while it fills.
    let mut all = HashSet::with_capacity(headings + 8);
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level as u8;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
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
            i = j;
        }
        i += 1;
    }
    (events, toc, all)
}

/// Without `allow_html`, a heading keeps only its id and classes: any other attribute
/// (`{#kop onfocus=…}`) could run script, so it is dropped with a warning.
pub fn drop_attributes(
    events: &mut Spanned<'_>,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (e, range) in events.iter_mut() {
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
