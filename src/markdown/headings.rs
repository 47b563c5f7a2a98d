//! Heading ids and the table of contents.

use crate::slug::{slugify, IdSet};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

type Spanned<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Give every heading an id (explicit `{#id}` kept, others from the text, unique on the page),
/// and list h2 and h3 for the table of contents.
pub fn assign_ids(mut events: Spanned<'_>) -> (Spanned<'_>, Vec<TocEntry>, HashSet<String>) {
    let mut set = IdSet::default();
    let mut all = HashSet::new();
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            set.reserve(id);
        }
    }
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
