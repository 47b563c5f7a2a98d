//! Signal checklists: task lists under headings become one accessible form with a live count
//! and advice by threshold. Ticks are never stored (shared computers).
//!
//! An item whose text starts with the bold marker `**Meld direct:**` is a direct-report signal:
//! ticking it alone shows the page's direct advice, whatever the count. A bold lead-in reads as
//! plain Dutch in any Markdown preview and needs no syntax beyond what editors already use.

use super::events::{blocks, is_h2, Ev};
use crate::util::html::{escape, strip_paragraph};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashSet;

/// What the page's front matter says about the checklist, resolved to HTML.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// The page title (not shown by the checklist itself).
    pub title: String,
    /// Advice blocks, each shown from its threshold of ticked signals.
    pub advice: Vec<AdviceBlock>,
    /// Front matter `direct_advice`: shown as soon as any direct-report signal is ticked.
    pub direct: Option<DirectBlock>,
}

#[derive(Debug, Clone)]
/// The `direct_advice` of a checklist page, resolved to HTML.
pub struct DirectBlock {
    /// Escaped text.
    pub text: String,
    /// Links to the route and partner, already resolved (may be empty).
    pub links_html: String,
}

/// What `transform` found: the events, the number of signals and where each direct item starts.
pub struct Transformed<'a> {
    /// The page's events with the checklist form in place of its task list.
    pub events: Vec<Event<'a>>,
    /// Number of signals.
    pub count: usize,
    /// Byte offset in the body of each direct-report item, for diagnostics.
    pub direct_offsets: Vec<usize>,
}

/// The marker's visible text, inside the label so screen readers read it too.
const DIRECT_LABEL: &str = "Meld direct:";

#[derive(Debug, Clone)]
/// One `advice` item of a checklist page, resolved to HTML.
pub struct AdviceBlock {
    /// Shown once this many signals are ticked.
    pub from: usize,
    /// Escaped text.
    pub text: String,
    /// Links to the route and partner, already resolved (may be empty).
    pub links_html: String,
}

fn render(events: &[Event]) -> String {
    let mut s = String::new();
    pulldown_cmark::html::push_html(&mut s, events.iter().cloned());
    s
}

fn is_task_list(block: &[Ev]) -> bool {
    matches!(block.first(), Some((Event::Start(Tag::List(_)), _)))
        && block
            .iter()
            .any(|(e, _)| matches!(e, Event::TaskListMarker(_)))
}

/// Replace the checklist part of the page by the form.
pub fn transform<'a>(
    events: Vec<Ev<'a>>,
    spec: &Spec,
    ids: &mut HashSet<String>,
) -> Transformed<'a> {
    let blocks = blocks(&events);
    let task_blocks: Vec<usize> = (0..blocks.len())
        .filter(|b| is_task_list(&events[blocks[*b].clone()]))
        .collect();
    let (Some(&first), Some(&last)) = (task_blocks.first(), task_blocks.last()) else {
        return Transformed {
            events: events.into_iter().map(|(e, _)| e).collect(),
            count: 0,
            direct_offsets: Vec::new(),
        };
    };
    // The form starts at the h2 above the first list, if there is one.
    let start = (0..first)
        .rev()
        .find(|b| is_h2(&events[blocks[*b].clone()]))
        .filter(|b| (*b + 1..first).all(|x| !is_h2(&events[blocks[x].clone()])))
        .unwrap_or(first);

    let mut html = String::from(
        "<form class=\"checklist\" data-checklist autocomplete=\"off\" aria-label=\"Signalenlijst\">\n\
         <p class=\"checklist-privacy\">Je vinkjes worden nergens bewaard: niet op deze computer, niet in een cookie en niet in de adresbalk. Na herladen of sluiten is de lijst weer leeg.</p>\n",
    );
    let mut count = 0usize;
    let mut direct_offsets = Vec::new();
    let mut group_open = false;
    let mut loose = String::new();
    for range in &blocks[start..=last] {
        let block = &events[range.clone()];
        if is_h2(block) {
            if group_open {
                html.push_str("</fieldset>\n");
            }
            let heading = render(&block.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>());
            html.push_str(&format!(
                "<fieldset class=\"checklist-group\">\n<legend>{}</legend>\n",
                heading.trim()
            ));
            group_open = true;
        } else if is_task_list(block) {
            if !group_open {
                html.push_str("<fieldset class=\"checklist-group\">\n<legend class=\"visually-hidden\">Signalen</legend>\n");
                group_open = true;
            }
            html.push_str(&std::mem::take(&mut loose));
            html.push_str("<ul class=\"checklist-items\">\n");
            for item in items(block) {
                count += 1;
                let id = format!("signaal-{count}");
                ids.insert(id.clone());
                let explain = if item.explain.trim().is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"checklist-explain\">{}</span>",
                        item.explain.trim()
                    )
                };
                let (class, attr, marker) = if item.direct {
                    direct_offsets.push(item.offset);
                    (
                        "checklist-item checklist-item-direct",
                        " data-direct",
                        format!("<strong class=\"checklist-direct\">{DIRECT_LABEL}</strong> "),
                    )
                } else {
                    ("checklist-item", "", String::new())
                };
                html.push_str(&format!(
                    "<li class=\"{class}\"><input type=\"checkbox\" id=\"{id}\" name=\"{id}\"{attr}><label for=\"{id}\"><span class=\"checklist-signal\">{marker}{}</span>{explain}</label></li>\n",
                    item.label.trim()
                ));
            }
            html.push_str("</ul>\n");
        } else {
            let part = render(&block.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>());
            if group_open {
                html.push_str(&part);
            } else {
                loose.push_str(&part);
            }
        }
    }
    if group_open {
        html.push_str("</fieldset>\n");
    }
    html.push_str(&summary(spec, count, !direct_offsets.is_empty()));
    html.push_str("</form>\n");

    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for (b, r) in blocks.iter().enumerate() {
        if b == start {
            out.push(Event::Html(std::mem::take(&mut html).into()));
        }
        if b < start || b > last {
            out.extend(events[r.clone()].iter().map(|(e, _)| e.clone()));
        }
    }
    Transformed {
        events: out,
        count,
        direct_offsets,
    }
}

struct Item {
    label: String,
    explain: String,
    direct: bool,
    /// Byte offset of the item in the body.
    offset: usize,
}

/// Label and explanation HTML of each item of a task list.
fn items(block: &[Ev]) -> Vec<Item> {
    let mut result = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(Vec<Event>, Vec<Event>, bool)> = None;
    let mut offset = 0usize;
    for (e, range) in &block[1..block.len().saturating_sub(1)] {
        match e {
            Event::Start(Tag::Item) if depth == 0 => {
                current = Some((Vec::new(), Vec::new(), false));
                offset = range.start;
                depth += 1;
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                depth -= 1;
                if let Some((mut label, explain, _)) = current.take() {
                    let direct = take_direct_marker(&mut label);
                    result.push(Item {
                        label: strip_paragraph(&render(&label)).to_string(),
                        explain: strip_paragraph(&render(&explain)).to_string(),
                        direct,
                        offset,
                    });
                }
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        let Some((label, explain, split)) = current.as_mut() else {
            continue;
        };
        match e {
            Event::TaskListMarker(_) => {}
            Event::SoftBreak | Event::HardBreak if !*split => *split = true,
            Event::End(TagEnd::Paragraph) if !*split => *split = true,
            Event::Start(Tag::Paragraph) if !*split => {}
            _ if *split => explain.push(e.clone()),
            _ => label.push(e.clone()),
        }
    }
    result
}

/// Remove a leading `**Meld direct:**` (or `**Meld direct**:`, any case) from a label's events.
fn take_direct_marker(label: &mut Vec<Event>) -> bool {
    if !matches!(label.first(), Some(Event::Start(Tag::Strong))) {
        return false;
    }
    let Some(end) = label
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Strong)))
    else {
        return false;
    };
    let mut text = String::new();
    for e in &label[1..end] {
        match e {
            Event::Text(t) => text.push_str(t),
            _ => return false,
        }
    }
    let words = text.trim().trim_end_matches(':').trim().to_lowercase();
    if words.split_whitespace().collect::<Vec<_>>() != ["meld", "direct"] {
        return false;
    }
    label.drain(..=end);
    // `**Meld direct**: tekst` leaves the colon outside the bold part.
    if let Some(Event::Text(t)) = label.first() {
        let rest = t
            .trim_start()
            .trim_start_matches(':')
            .trim_start()
            .to_string();
        if rest.is_empty() {
            label.remove(0);
        } else {
            label[0] = Event::Text(rest.into());
        }
    }
    true
}

/// Count, advice, buttons and the print-only notes field.
fn summary(spec: &Spec, total: usize, has_direct: bool) -> String {
    let mut s = format!(
        "<div class=\"checklist-summary\">\n<p class=\"checklist-count\" role=\"status\" data-checklist-count data-total=\"{total}\">0 van {total} signalen aangevinkt</p>\n"
    );
    // Direct advice that no item can trigger is left out (the check warns about it).
    let direct = spec.direct.as_ref().filter(|_| has_direct);
    if !spec.advice.is_empty() || direct.is_some() {
        s.push_str("<div class=\"checklist-advices\">\n");
        if let Some(d) = direct {
            s.push_str(&format!(
                "<div class=\"checklist-advice checklist-advice-direct\" data-checklist-advice data-direct-advice><p><strong>Bij een signaal met \u{201c}meld direct\u{201d}:</strong> {}</p>{}</div>\n",
                d.text, d.links_html
            ));
        }
        let mut advice = spec.advice.clone();
        advice.sort_by_key(|a| a.from);
        for a in &advice {
            s.push_str(&format!(
                "<div class=\"checklist-advice\" data-checklist-advice data-from=\"{}\"><p><strong>Bij {} of meer signalen:</strong> {}</p>{}</div>\n",
                a.from, a.from, a.text, a.links_html
            ));
        }
        s.push_str("</div>\n");
    }
    s.push_str(
        "<div class=\"checklist-actions\">\
         <button type=\"reset\" class=\"button\">Wis alle vinkjes</button> \
         <button type=\"button\" class=\"button\" data-checklist-print hidden>Afdrukken</button>\
         </div>\n\
         <div class=\"print-only checklist-notes\"><p>Datum: ____________________ &nbsp; Afdeling: ____________________</p><p>Notities:</p><div class=\"checklist-notes-lines\"></div></div>\n\
         </div>\n",
    );
    s
}

/// Escape advice text from front matter (plain text, not Markdown).
pub fn advice_text(text: &str) -> String {
    escape(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn spec() -> Spec {
        Spec {
            title: "T".into(),
            advice: vec![AdviceBlock {
                from: 1,
                text: "Bespreek het.".into(),
                links_html: String::new(),
            }],
            direct: None,
        }
    }

    fn run_with(md: &str, spec: &Spec) -> (String, usize, Vec<usize>) {
        let events: Vec<Ev> = Parser::new_ext(md, crate::markdown::cmark_options())
            .into_offset_iter()
            .collect();
        let mut ids = HashSet::new();
        let t = transform(events, spec, &mut ids);
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, t.events.into_iter());
        (s, t.count, t.direct_offsets)
    }

    fn run(md: &str) -> (String, usize) {
        let (s, n, _) = run_with(md, &spec());
        (s, n)
    }

    fn direct_spec() -> Spec {
        Spec {
            direct: Some(DirectBlock {
                text: "Bel vandaag.".into(),
                links_html: "<p class=\"checklist-advice-link\">Contact: <a href=\"x\">X</a></p>"
                    .into(),
            }),
            ..spec()
        }
    }

    #[test]
    fn direct_item_is_marked_in_text_and_attribute() {
        let md = "## A\n\n- [ ] Gewoon\n- [ ] **Meld direct:** Een minderjarige werkt in de prostitutie.\n  Uitleg.\n- [ ] **meld direct**: Tweede\n";
        let (html, n, offsets) = run_with(md, &direct_spec());
        assert_eq!(n, 3);
        assert_eq!(offsets.len(), 2, "{html}");
        assert_eq!(&md[offsets[0]..offsets[0] + 7], "- [ ] *");
        assert!(html.contains("<li class=\"checklist-item checklist-item-direct\"><input type=\"checkbox\" id=\"signaal-2\" name=\"signaal-2\" data-direct><label for=\"signaal-2\"><span class=\"checklist-signal\"><strong class=\"checklist-direct\">Meld direct:</strong> Een minderjarige werkt in de prostitutie.</span> <span class=\"checklist-explain\">Uitleg.</span></label></li>"), "{html}");
        assert!(html.contains("data-direct><label for=\"signaal-3\"><span class=\"checklist-signal\"><strong class=\"checklist-direct\">Meld direct:</strong> Tweede</span>"), "{html}");
        // The ordinary item is not direct.
        assert!(
            html.contains("id=\"signaal-1\" name=\"signaal-1\"><label"),
            "{html}"
        );
        assert_eq!(html.matches("data-direct>").count(), 2);
        // The direct advice, shown as text without JavaScript (no `hidden`), before the others.
        assert!(html.contains("<div class=\"checklist-advice checklist-advice-direct\" data-checklist-advice data-direct-advice><p><strong>Bij een signaal met \u{201c}meld direct\u{201d}:</strong> Bel vandaag.</p><p class=\"checklist-advice-link\">Contact:"), "{html}");
        assert!(html.find("data-direct-advice") < html.find("data-from=\"1\""));
        assert!(!html.contains(" hidden>Bel"), "{html}");
    }

    #[test]
    fn other_bold_lead_ins_are_not_direct() {
        let (html, _, offsets) = run_with(
            "## A\n\n- [ ] **Let op:** iets\n- [ ] Meld direct: zonder vet\n- [ ] **Meld direct *nu*:** x\n",
            &direct_spec(),
        );
        assert!(offsets.is_empty(), "{html}");
        assert!(!html.contains("data-direct"), "{html}");
        assert!(html.contains("<strong>Let op:</strong> iets"), "{html}");
    }

    #[test]
    fn direct_advice_without_direct_item_is_left_out() {
        let (html, _, _) = run_with("## A\n\n- [ ] Een\n", &direct_spec());
        assert!(!html.contains("Bel vandaag"), "{html}");
        assert!(html.contains("data-from=\"1\""), "{html}");
    }

    #[test]
    fn groups_items_and_explanations() {
        let (html, n) = run("Intro.\n\n## Werk\n\n- [ ] Lange dagen\n  Zeven dagen per week.\n- [ ] Geen loon\n\n## Wonen\n\n- [ ] Overbewoning\n");
        assert_eq!(n, 3);
        assert!(html.starts_with("<p>Intro.</p>"), "{html}");
        assert_eq!(html.matches("<fieldset").count(), 2);
        assert!(html.contains("<legend><h2>Werk</h2></legend>"), "{html}");
        assert!(html.contains("<label for=\"signaal-1\"><span class=\"checklist-signal\">Lange dagen</span> <span class=\"checklist-explain\">Zeven dagen per week.</span></label>"), "{html}");
        assert!(html.contains("data-checklist-count data-total=\"3\">0 van 3 signalen aangevinkt"));
        assert!(
            html.contains("<strong>Bij 1 of meer signalen:</strong> Bespreek het."),
            "{html}"
        );
        assert!(!html.contains("disabled"));
    }

    #[test]
    fn snapshot_of_a_checklist() {
        let (html, _) = run(
            "Intro.\n\n## Werk\n\n- [ ] Lange *dagen*\n  Zeven dagen per week.\n- [ ] Geen loon\n",
        );
        insta::assert_snapshot!("checklist_form", html);
    }

    #[test]
    fn loose_list_items() {
        let (html, n) = run("## A\n\n- [ ] Een\n\n- [ ] Twee\n");
        assert_eq!(n, 2);
        assert!(
            html.contains("<span class=\"checklist-signal\">Een</span></label>"),
            "{html}"
        );
    }

    #[test]
    fn no_task_list_no_form() {
        let (html, n) = run("## A\n\n- gewoon\n");
        assert_eq!(n, 0);
        assert!(!html.contains("<form"));
    }
}
