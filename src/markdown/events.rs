//! A page's events by top-level block, for the transforms that replace part of a page by a form
//! (signal checklists, training cases).

use pulldown_cmark::{Event, HeadingLevel, Tag};
use std::ops::Range;

/// An event with the byte range of the Markdown it came from.
pub(super) type Ev<'a> = (Event<'a>, Range<usize>);

/// Index just past the block that starts at `i` (a Start matched by its End, or one event).
fn block_end(events: &[Ev], i: usize) -> usize {
    if !matches!(events[i].0, Event::Start(_)) {
        return i + 1;
    }
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(i) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// The top-level blocks of `events`, each as its range of indices, in order.
pub(super) fn blocks(events: &[Ev]) -> Vec<Range<usize>> {
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let end = block_end(events, i);
        blocks.push(i..end);
        i = end;
    }
    blocks
}

/// Whether `block` is a `##` heading.
pub(super) fn is_h2(block: &[Ev]) -> bool {
    matches!(
        block.first(),
        Some((
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }),
            _
        ))
    )
}
