//! Signal checklists: task lists under headings become one accessible form with a live count
//! and advice by threshold. Ticks are never stored (shared computers).

use crate::markdown::{escape, strip_paragraph};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// What the page's front matter says about the checklist, resolved to HTML.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub title: String,
    pub advice: Vec<AdviceBlock>,
}

#[derive(Debug, Clone)]
pub struct AdviceBlock {
    pub from: usize,
    /// Escaped text.
    pub text: String,
    /// Links to the route and partner, already resolved (may be empty).
    pub links_html: String,
}

type Ev<'a> = (Event<'a>, Range<usize>);

fn render(events: &[Event]) -> String {
    let mut s = String::new();
    pulldown_cmark::html::push_html(&mut s, events.iter().cloned());
    s
}

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

fn is_task_list(block: &[Ev]) -> bool {
    matches!(block.first(), Some((Event::Start(Tag::List(_)), _)))
        && block
            .iter()
            .any(|(e, _)| matches!(e, Event::TaskListMarker(_)))
}

/// Replace the checklist part of the page by the form; returns the events and the number of signals.
pub fn transform<'a>(
    events: Vec<Ev<'a>>,
    spec: &Spec,
    _root: &str,
    ids: &mut HashSet<String>,
) -> (Vec<Event<'a>>, usize) {
    // Top-level blocks.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let end = block_end(&events, i);
        blocks.push(i..end);
        i = end;
    }
    let task_blocks: Vec<usize> = (0..blocks.len())
        .filter(|b| is_task_list(&events[blocks[*b].clone()]))
        .collect();
    let (Some(&first), Some(&last)) = (task_blocks.first(), task_blocks.last()) else {
        return (events.into_iter().map(|(e, _)| e).collect(), 0);
    };
    // The form starts at the h2 above the first list, if there is one.
    let start = (0..first)
        .rev()
        .find(|b| {
            matches!(
                events[blocks[*b].start].0,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    ..
                })
            )
        })
        .filter(|b| {
            (*b + 1..first).all(|x| {
                !matches!(
                    events[blocks[x].start].0,
                    Event::Start(Tag::Heading {
                        level: HeadingLevel::H2,
                        ..
                    })
                )
            })
        })
        .unwrap_or(first);

    let mut html = String::from(
        "<form class=\"checklist\" data-checklist autocomplete=\"off\" aria-label=\"Signalenlijst\">\n\
         <p class=\"checklist-privacy\">Je vinkjes worden nergens bewaard: niet op deze computer, niet in een cookie en niet in de adresbalk. Na herladen of sluiten is de lijst weer leeg.</p>\n",
    );
    let mut count = 0usize;
    let mut group_open = false;
    let mut loose = String::new();
    for range in &blocks[start..=last] {
        let block = &events[range.clone()];
        if let Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            ..
        }) = block[0].0
        {
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
                let explain = if item.1.trim().is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"checklist-explain\">{}</span>",
                        item.1.trim()
                    )
                };
                html.push_str(&format!(
                    "<li class=\"checklist-item\"><input type=\"checkbox\" id=\"{id}\" name=\"{id}\"><label for=\"{id}\"><span class=\"checklist-signal\">{}</span>{explain}</label></li>\n",
                    item.0.trim()
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
    html.push_str(&summary(spec, count));
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
    (out, count)
}

/// Label and explanation HTML of each item of a task list.
fn items(block: &[Ev]) -> Vec<(String, String)> {
    let mut result = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(Vec<Event>, Vec<Event>, bool)> = None;
    for (e, _) in &block[1..block.len().saturating_sub(1)] {
        match e {
            Event::Start(Tag::Item) if depth == 0 => {
                current = Some((Vec::new(), Vec::new(), false));
                depth += 1;
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                depth -= 1;
                if let Some((label, explain, _)) = current.take() {
                    result.push((
                        strip_paragraph(&render(&label)).to_string(),
                        strip_paragraph(&render(&explain)).to_string(),
                    ));
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

/// Count, advice, buttons and the print-only notes field.
fn summary(spec: &Spec, total: usize) -> String {
    let mut s = format!(
        "<div class=\"checklist-summary\">\n<p class=\"checklist-count\" role=\"status\" data-checklist-count data-total=\"{total}\">0 van {total} signalen aangevinkt</p>\n"
    );
    if !spec.advice.is_empty() {
        s.push_str("<div class=\"checklist-advices\">\n");
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

    fn run(md: &str) -> (String, usize) {
        let events: Vec<Ev> = Parser::new_ext(md, crate::markdown::cmark_options())
            .into_offset_iter()
            .collect();
        let spec = Spec {
            title: "T".into(),
            advice: vec![AdviceBlock {
                from: 1,
                text: "Bespreek het.".into(),
                links_html: String::new(),
            }],
        };
        let mut ids = HashSet::new();
        let (ev, n) = transform(events, &spec, "../../", &mut ids);
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, ev.into_iter());
        (s, n)
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
