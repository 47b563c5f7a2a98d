//! Blockquotes that start with `[!OPEN]` (an open point) or `[!TOELICHTING]` (an explanation
//! added to the plan text). Any Markdown preview shows them as a quote with the marker, which
//! reads sensibly; the site shows them as labelled blocks.
//!
//! Two steps around the link pass: [`mark`] finds the blocks, takes the marker out, records the
//! open point and drops hidden blocks (so their text reaches neither the page nor search); it
//! tags the blocks with blockquote kinds the parser never produces here (GFM alerts are off), so
//! the link pass leaves them alone; [`finish`] turns those tags into the HTML of the blocks.

use super::Rendered;
use crate::error::Diagnostic;
use crate::open_points::{self, OpenPoint};
use crate::util::html::escape;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

/// Tag of an open-point block between [`mark`] and [`finish`].
const OPEN: BlockQuoteKind = BlockQuoteKind::Note;
/// Tag of an explanation block.
const EXPLANATION: BlockQuoteKind = BlockQuoteKind::Tip;
/// Tag of the `Beslist:` line of an open point (stands in for its paragraph).
const DECIDES: BlockQuoteKind = BlockQuoteKind::Important;

const DECIDES_LABEL: &str = "Beslist:";

/// Events with their source ranges, as the Markdown passes hand them on.
type Spans<'a> = Vec<(Event<'a>, Range<usize>)>;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Open,
    Explanation,
}

/// What the marker at the start of a blockquote's first paragraph says, and how many of the
/// Text events after the paragraph start it spans.
fn marker(events: &[(Event, Range<usize>)], start: usize) -> Option<(Kind, usize, String)> {
    if !matches!(
        events.get(start + 1),
        Some((Event::Start(Tag::Paragraph), _))
    ) {
        return None;
    }
    let mut text = String::new();
    let mut n = 0;
    while let Some((Event::Text(t), _)) = events.get(start + 2 + n) {
        text.push_str(t);
        n += 1;
    }
    for (word, kind) in [
        (OPEN_MARKER, Kind::Open),
        ("[!TOELICHTING]", Kind::Explanation),
    ] {
        if let Some(rest) = after_marker(&text, word) {
            let rest = rest.to_string();
            return Some((kind, n, rest));
        }
    }
    None
}

const OPEN_MARKER: &str = "[!OPEN]";

/// The text after `word` (a marker such as `[!OPEN]`, any case) at the start of `text`.
fn after_marker<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let lead = text.trim_start();
    lead.get(..word.len())
        .filter(|w| w.eq_ignore_ascii_case(word))
        .map(|_| lead[word.len()..].trim_start())
}

/// Whether the first text of a blockquote makes it an open point.
pub fn is_open_point(first_text: &str) -> bool {
    after_marker(first_text, OPEN_MARKER).is_some()
}

/// Index of the end of the blockquote that starts at `start`.
fn block_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// Find the open points and explanations of a page; see the module comment. Also says whether
/// any block was tagged, that is whether [`finish`] has anything to do.
pub fn mark<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    file: &Path,
    hide_open_points: bool,
    out: &mut Rendered,
) -> (Vec<(Event<'a>, Range<usize>)>, bool) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(_))))
    {
        return (events, false);
    }
    let mut tagged = false;
    let mut result = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let found = match &events[i].0 {
            Event::Start(Tag::BlockQuote(_)) => marker(&events, i),
            _ => None,
        };
        let Some((kind, marker_events, rest)) = found else {
            result.push(events[i].clone());
            i += 1;
            continue;
        };
        let end = block_end(&events, i);
        let (line, col) = at(&events[i].1);
        let inner = strip_marker(&events[i + 1..end], marker_events, rest);
        let (inner, text, decides) = match kind {
            Kind::Open => split_decides(inner),
            Kind::Explanation => {
                let text = plain_text(&inner);
                (inner, text, None)
            }
        };
        if text.trim().is_empty() {
            let (what, example) = match kind {
                Kind::Open => (
                    "open punt zonder tekst",
                    "schrijf onder `> [!OPEN]` wat er nog vastgesteld moet worden, bijvoorbeeld `> Wie de aandachtsfunctionaris is.`",
                ),
                Kind::Explanation => (
                    "toelichting zonder tekst",
                    "schrijf de toelichting onder `> [!TOELICHTING]`, of haal het blok weg",
                ),
            };
            out.diagnostics
                .push(Diagnostic::error(file, line, what).col(col).hint(example));
        }
        if kind == Kind::Open && !text.trim().is_empty() {
            out.open_points
                .push(OpenPoint::new(file, line, &text, decides.as_deref()));
        }
        if !(kind == Kind::Open && hide_open_points) {
            let tag = if kind == Kind::Open {
                OPEN
            } else {
                EXPLANATION
            };
            tagged = true;
            result.push((
                Event::Start(Tag::BlockQuote(Some(tag))),
                events[i].1.clone(),
            ));
            result.extend(inner);
            result.push((
                Event::End(TagEnd::BlockQuote(Some(tag))),
                events[end].1.clone(),
            ));
        }
        i = end + 1;
    }
    (result, tagged)
}

/// The block's events without the marker (and without its line or paragraph when the marker
/// stood alone there).
fn strip_marker<'a>(
    inner: &[(Event<'a>, Range<usize>)],
    marker_events: usize,
    rest: String,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut v: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(inner.len());
    v.push(inner[0].clone()); // Start(Paragraph)
    let mut k = 1 + marker_events;
    if rest.is_empty() {
        match inner.get(k) {
            Some((Event::SoftBreak | Event::HardBreak, _)) => k += 1,
            Some((Event::End(TagEnd::Paragraph), _)) => {
                v.pop();
                k += 1;
            }
            _ => {}
        }
    } else {
        v.push((Event::Text(CowStr::from(rest)), inner[1].1.clone()));
    }
    v.extend(inner[k..].iter().cloned());
    v
}

/// Takes the `Beslist:` line out of an open point's text: it becomes a line of its own (its
/// paragraph tagged [`DECIDES`]); returns the events, the open point's text and who decides.
fn split_decides(inner: Spans<'_>) -> (Spans<'_>, String, Option<String>) {
    let mut out = Vec::with_capacity(inner.len() + 2);
    let mut text = String::new();
    let mut decides: Option<String> = None;
    // Inside the `Beslist:` line: until the end of its paragraph.
    let mut in_decides = false;
    let mut i = 0;
    while i < inner.len() {
        let (e, r) = &inner[i];
        let starts_decides = |j: usize| matches!(inner.get(j), Some((Event::Text(t), _)) if t.trim_start().starts_with(DECIDES_LABEL));
        match e {
            Event::Start(Tag::Paragraph) if !in_decides && starts_decides(i + 1) => {
                in_decides = true;
                decides = Some(String::new());
                out.push((Event::Start(Tag::BlockQuote(Some(DECIDES))), r.clone()));
            }
            Event::SoftBreak | Event::HardBreak if !in_decides && starts_decides(i + 1) => {
                in_decides = true;
                decides = Some(String::new());
                out.push((Event::End(TagEnd::Paragraph), r.clone()));
                out.push((Event::Start(Tag::BlockQuote(Some(DECIDES))), r.clone()));
            }
            Event::End(TagEnd::Paragraph) if in_decides => {
                in_decides = false;
                out.push((Event::End(TagEnd::BlockQuote(Some(DECIDES))), r.clone()));
            }
            _ => {
                let target = if in_decides {
                    decides.as_mut().unwrap_or(&mut text)
                } else {
                    &mut text
                };
                push_plain(target, e);
                out.push((e.clone(), r.clone()));
            }
        }
        i += 1;
    }
    let decides = decides.map(|d| {
        d.trim_start()
            .strip_prefix(DECIDES_LABEL)
            .unwrap_or(&d)
            .trim()
            .to_string()
    });
    (out, text, decides)
}

fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        push_plain(&mut s, e);
    }
    s
}

fn push_plain(s: &mut String, e: &Event) {
    match e {
        Event::Text(t) | Event::Code(t) => s.push_str(t),
        Event::SoftBreak
        | Event::HardBreak
        | Event::End(TagEnd::Paragraph)
        | Event::End(TagEnd::Item) => s.push(' '),
        _ => {}
    }
}

/// The HTML of the tagged blocks, after the link pass.
pub fn finish(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Start(Tag::BlockQuote(Some(OPEN))) => Event::Html(open_points::block_start().into()),
        Event::Start(Tag::BlockQuote(Some(EXPLANATION))) => {
            Event::Html(open_points::EXPLANATION_START.into())
        }
        Event::End(TagEnd::BlockQuote(Some(OPEN | EXPLANATION))) => Event::Html("</div>\n".into()),
        Event::Start(Tag::BlockQuote(Some(DECIDES))) => {
            Event::Html("<p class=\"open-point-decides\">".into())
        }
        Event::End(TagEnd::BlockQuote(Some(DECIDES))) => Event::Html("</p>\n".into()),
        other => other,
    }
}

/// An open point's text for the HTML of a record page (already plain text).
pub fn record_block(points: &[(String, Option<String>)]) -> String {
    let mut html = open_points::block_start();
    html.push_str("<ul>\n");
    for (text, decides) in points {
        html.push_str("<li>");
        html.push_str(&escape(text));
        if let Some(d) = decides {
            html.push_str(&format!(
                " <span class=\"open-point-decides\">(beslist: {})</span>",
                escape(d)
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n</div>\n");
    html
}
