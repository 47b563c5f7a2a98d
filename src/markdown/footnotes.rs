//! Footnotes as GitHub shows them: a superscript number that links to the note, the notes in a
//! numbered list at the end of the page under the heading "Voetnoten", each with a link back to
//! where it was cited. pulldown-cmark leaves a definition where it is written; this gathers them.

use super::events::Ev;
use crate::error::Diagnostic;
use crate::util::html::escape;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// One note: its number and the ids of the references to it.
struct Note {
    number: usize,
    id: String,
    refs: Vec<String>,
}

/// Turn the references into numbered links, and move the definitions to a list at the end.
/// A definition no text refers to is still listed, with a warning. Every id made here goes into
/// `ids` (and never takes one a heading has).
pub fn gather<'a>(
    events: Vec<Ev<'a>>,
    ids: &mut HashSet<String>,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Ev<'a>> {
    // A page without notes (most pages) goes through as it is, without a copy.
    if !events.iter().any(|(e, _)| {
        matches!(
            e,
            Event::Start(Tag::FootnoteDefinition(_))
                | Event::End(TagEnd::FootnoteDefinition)
                | Event::FootnoteReference(_)
        )
    }) {
        return events;
    }
    // Split the definitions off, in the order they are written.
    let mut body: Vec<Ev<'a>> = Vec::with_capacity(events.len());
    let mut defs: Vec<(String, Range<usize>, Vec<Ev<'a>>)> = Vec::new();
    let mut open: Option<(String, Range<usize>, Vec<Ev<'a>>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open = Some((label.to_string(), range, Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => defs.extend(open.take()),
            e => match open.as_mut() {
                Some((_, _, inner)) => inner.push((e, range)),
                None => body.push((e, range)),
            },
        }
    }
    defs.extend(open.take());
    if defs.is_empty()
        && !body
            .iter()
            .any(|(e, _)| matches!(e, Event::FootnoteReference(_)))
    {
        return body;
    }
    let defined: HashSet<String> = defs.iter().map(|(l, _, _)| l.clone()).collect();
    let mut notes: HashMap<String, Note> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let body = number_refs(body, &defined, &mut notes, &mut order, ids);

    // The notes in the order of their first reference; notes can cite notes.
    let mut by_label: HashMap<String, (Range<usize>, Vec<Ev<'a>>)> = HashMap::new();
    let mut written: Vec<String> = Vec::new();
    for (label, range, inner) in defs {
        if by_label.contains_key(&label) {
            continue; // The first definition of a label counts, as in CommonMark.
        }
        written.push(label.clone());
        by_label.insert(label, (range, inner));
    }
    let mut listed: Vec<(String, Vec<Ev<'a>>)> = Vec::new();
    let mut next = 0;
    loop {
        let label = match order.get(next) {
            Some(l) => l.clone(),
            None => match written.iter().find(|l| !notes.contains_key(*l)) {
                // Never cited: listed all the same, so no text is lost.
                Some(l) => {
                    let (range, _) = &by_label[l];
                    let (line, col) = at(range);
                    diagnostics.push(
                        Diagnostic::warning(
                            file,
                            line,
                            format!("voetnoot [^{l}] staat nergens in de tekst"),
                        )
                        .col(col)
                        .hint(format!(
                            "zet [^{l}] in de zin waar de voetnoot bij hoort, of haal de voetnoot weg"
                        )),
                    );
                    let number = notes.len() + 1;
                    let id = fresh(ids, &format!("fn-{number}"));
                    notes.insert(
                        l.clone(),
                        Note {
                            number,
                            id,
                            refs: Vec::new(),
                        },
                    );
                    order.push(l.clone());
                    l.clone()
                }
                None => break,
            },
        };
        next += 1;
        let Some((_, inner)) = by_label.remove(&label) else {
            continue;
        };
        let inner = number_refs(inner, &defined, &mut notes, &mut order, ids);
        listed.push((label, inner));
    }

    let mut out = body;
    let heading_id = fresh(ids, "voetnoten");
    out.push((
        Event::Html(
            format!("<section class=\"footnotes\">\n<h2 id=\"{heading_id}\" class=\"footnotes-title\">Voetnoten</h2>\n<ol>\n").into(),
        ),
        0..0,
    ));
    for (label, mut inner) in listed {
        let note = &notes[&label];
        out.push((
            Event::Html(format!("<li id=\"{}\">\n", note.id).into()),
            0..0,
        ));
        let back = back_links(note);
        match inner
            .iter()
            .rposition(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            Some(i) if !back.is_empty() => inner.insert(i, (Event::Html(back.into()), 0..0)),
            _ if !back.is_empty() => {
                inner.push((Event::Html(format!("<p>{back}</p>\n").into()), 0..0))
            }
            _ => {}
        }
        out.extend(inner);
        out.push((Event::Html("</li>\n".into()), 0..0));
    }
    out.push((Event::Html("</ol>\n</section>\n".into()), 0..0));
    out
}

/// Replace each reference by a superscript link to its note; a reference without a note stays
/// the text it was (`[^x]`).
fn number_refs<'a>(
    events: Vec<Ev<'a>>,
    defined: &HashSet<String>,
    notes: &mut HashMap<String, Note>,
    order: &mut Vec<String>,
    ids: &mut HashSet<String>,
) -> Vec<Ev<'a>> {
    events
        .into_iter()
        .map(|(event, range)| match event {
            Event::FootnoteReference(label) if defined.contains(label.as_ref()) => {
                let label = label.to_string();
                if !notes.contains_key(&label) {
                    let number = notes.len() + 1;
                    let id = fresh(ids, &format!("fn-{number}"));
                    notes.insert(
                        label.clone(),
                        Note {
                            number,
                            id,
                            refs: Vec::new(),
                        },
                    );
                    order.push(label.clone());
                }
                let note = notes.get_mut(&label).expect("inserted above");
                let base = match note.refs.len() {
                    0 => format!("fnref-{}", note.number),
                    k => format!("fnref-{}-{}", note.number, k + 1),
                };
                let ref_id = fresh(ids, &base);
                note.refs.push(ref_id.clone());
                // "voetnoot 3" for a screen reader; the number alone on screen.
                let html = format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{ref_id}\"><span class=\"visually-hidden\">voetnoot </span>{}</a></sup>",
                    note.id, note.number
                );
                (Event::Html(CowStr::from(html)), range)
            }
            Event::FootnoteReference(label) => {
                (Event::Text(CowStr::from(format!("[^{label}]"))), range)
            }
            e => (e, range),
        })
        .collect()
}

/// The links from a note back to each place that cites it: ↩, then ↩², ↩³ … with a name that
/// says where they go.
fn back_links(note: &Note) -> String {
    note.refs
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let (label, mark) = if k == 0 {
                (
                    format!("Terug naar verwijzing {}", note.number),
                    String::new(),
                )
            } else {
                (
                    format!("Terug naar verwijzing {} ({})", note.number, k + 1),
                    format!("<sup>{}</sup>", k + 1),
                )
            };
            // The name is in hidden text, not in aria-label, so the link's name holds what it
            // shows (axe label-content-name-mismatch). U+FE0E: the arrow as text, not as an emoji.
            format!(
                " <a href=\"#{id}\" class=\"footnote-back\"><span aria-hidden=\"true\">↩\u{FE0E}{mark}</span><span class=\"visually-hidden\">{}</span></a>",
                escape(&label)
            )
        })
        .collect()
}

/// `base`, or `base-2`, `base-3` … when a heading or another note took it; recorded in `ids`.
fn fresh(ids: &mut HashSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    ids.insert(id.clone());
    id
}

#[cfg(test)]
pub(super) mod tests {
    use crate::markdown::tests::page;

    #[test]
    fn notes_are_numbered_links_gathered_at_the_end_with_a_way_back() {
        let r = page("Eerst[^b] dan[^a] en weer[^b].\n\n[^a]: Noot A.\n\n[^b]: Noot B.\n\n## Verder\n\nTekst na de noten.\n");
        let html = &r.html;
        // A superscript link, numbered in the order the text cites the notes.
        assert!(html.contains("Eerst<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\"><span class=\"visually-hidden\">voetnoot </span>1</a></sup> dan<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\">"), "{html}");
        assert!(
            html.contains("weer<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\">"),
            "{html}"
        );
        // The notes after everything else, under a heading, each with its way back.
        let notes = html.find("<section class=\"footnotes\">").expect(html);
        assert!(html.find("Tekst na de noten").unwrap() < notes, "{html}");
        assert!(html[notes..].starts_with("<section class=\"footnotes\">\n<h2 id=\"voetnoten\" class=\"footnotes-title\">Voetnoten</h2>\n<ol>\n<li id=\"fn-1\">\n<p>Noot B. <a href=\"#fnref-1\" class=\"footnote-back\"><span aria-hidden=\"true\">↩\u{FE0E}</span><span class=\"visually-hidden\">Terug naar verwijzing 1</span></a> <a href=\"#fnref-1-2\" class=\"footnote-back\"><span aria-hidden=\"true\">↩\u{FE0E}<sup>2</sup></span><span class=\"visually-hidden\">Terug naar verwijzing 1 (2)</span></a></p>\n</li>\n<li id=\"fn-2\">\n<p>Noot A. <a href=\"#fnref-2\""), "{}", &html[notes..]);
        assert!(!html.contains("footnote-definition"), "{html}");
        for id in [
            "fn-1",
            "fn-2",
            "fnref-1",
            "fnref-1-2",
            "fnref-2",
            "voetnoten",
        ] {
            assert!(r.ids.contains(id), "{id}: {:?}", r.ids);
        }
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn ids_never_take_a_headings_id() {
        let r = page("## Voetnoten\n\n## Fn 1\n\nTekst[^x].\n\n[^x]: Noot.\n");
        assert!(r.html.contains("<h2 id=\"voetnoten\">"), "{}", r.html);
        assert!(
            r.html
                .contains("<h2 id=\"voetnoten-2\" class=\"footnotes-title\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<li id=\"fn-1-2\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#fn-1-2\""), "{}", r.html);
    }

    #[test]
    fn a_note_nobody_cites_is_listed_with_a_warning_and_an_unknown_one_stays_text() {
        let r = page("Tekst[^onbekend].\n\n[^los]: Niemand verwijst hierheen.\n");
        assert!(r.html.contains("Tekst[^onbekend]."), "{}", r.html);
        assert!(
            r.html
                .contains("<li id=\"fn-1\">\n<p>Niemand verwijst hierheen.</p>\n</li>"),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let d = &r.diagnostics[0];
        assert_eq!(d.line, 7);
        assert!(
            d.message
                .contains("voetnoot [^los] staat nergens in de tekst"),
            "{d:?}"
        );
    }

    #[test]
    fn a_page_without_notes_has_no_notes_section() {
        assert!(!page("Gewoon tekst.\n").html.contains("footnotes"));
    }
}
