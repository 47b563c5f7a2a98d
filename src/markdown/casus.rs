//! Training cases (casussen): a situation, then questions under `##` headings, each with an
//! instruction line (`**Kies er één.**`, `**Kies alles wat klopt.**`, `**Zet in de goede
//! volgorde.**`) and a list of options whose indented lines are their feedback. The page becomes
//! one form per question; nothing is ever stored (shared computers), and without JavaScript a
//! disclosure per question holds all feedback.

use super::events::{blocks, is_h2, Ev};
use crate::error::Diagnostic;
use crate::util::html::{escape, strip_paragraph};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

/// What the case page's front matter adds to its form.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// Print the trainer's version (answers and feedback) instead of the participants' one.
    pub print_answers: bool,
    /// Front matter `department`, shown as a label.
    pub department: Option<String>,
    /// Labels of the front matter `forms`, shown as labels.
    pub forms: Vec<String>,
}

/// What `transform` made of a case page.
pub struct Transformed<'a> {
    /// The page's events with the case in place of its questions.
    pub events: Vec<Event<'a>>,
    /// Number of questions.
    pub questions: usize,
    /// Problems in the case's structure.
    pub diagnostics: Vec<Diagnostic>,
}

/// The three instruction lines, as the hint lists them.
pub const INSTRUCTIONS_HINT: &str = "zet direct onder de vraag één van deze regels: `**Kies er één.**` (één goed antwoord), `**Kies alles wat klopt.**` (een of meer goede antwoorden) of `**Zet in de goede volgorde.**` (een genummerde lijst in de goede volgorde)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    One,
    Several,
    Order,
}

impl Kind {
    fn attr(self) -> &'static str {
        match self {
            Kind::One => "een",
            Kind::Several => "meer",
            Kind::Order => "volgorde",
        }
    }
}

fn render(events: &[Event]) -> String {
    let mut s = String::new();
    pulldown_cmark::html::push_html(&mut s, events.iter().cloned().map(super::callouts::finish));
    s
}

fn render_ev(events: &[Ev]) -> String {
    render(&events.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>())
}

/// The instruction a paragraph states: `Ok(Some(kind))`, `Ok(None)` when the paragraph is no
/// instruction at all, `Err(text)` for a bold line that is no known instruction.
fn instruction(block: &[Ev]) -> Result<Option<Kind>, String> {
    if !matches!(block.first(), Some((Event::Start(Tag::Paragraph), _))) {
        return Ok(None);
    }
    let bold = matches!(block.get(1), Some((Event::Start(Tag::Strong), _)));
    let mut text = String::new();
    for (e, _) in block {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let words: Vec<String> = text
        .trim()
        .trim_end_matches(['.', ':', '!'])
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let phrase = words.join(" ");
    let kind = match phrase.as_str() {
        "kies er één" | "kies er een" | "kies er 1" => Some(Kind::One),
        "kies alles wat klopt" => Some(Kind::Several),
        "zet in de goede volgorde" => Some(Kind::Order),
        _ => None,
    };
    match kind {
        Some(k) => Ok(Some(k)),
        None if bold => Err(text.trim().to_string()),
        None => Ok(None),
    }
}

/// One option (or step) of a question, rendered.
struct Item {
    /// Inline HTML of the first line.
    label: String,
    /// HTML of the feedback (the indented lines under it).
    feedback: String,
    /// `[x]`: `Some(true)`, `[ ]`: `Some(false)`, no task marker: `None`.
    marked: Option<bool>,
    /// Whether the feedback has any text.
    has_feedback: bool,
    /// Byte offset of the item in the body.
    offset: usize,
}

fn is_block_start(t: &Tag) -> bool {
    matches!(
        t,
        Tag::Paragraph
            | Tag::List(_)
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::Heading { .. }
            | Tag::Table(_)
            | Tag::HtmlBlock
    )
}

/// The items of a list block: label (the first line) and feedback (the rest).
fn items(block: &[Ev]) -> Vec<Item> {
    let mut result = Vec::new();
    if block.len() < 2 {
        return result;
    }
    let inner = &block[1..block.len() - 1];
    let mut depth = 0usize;
    let mut label: Vec<Event> = Vec::new();
    let mut feedback: Vec<Event> = Vec::new();
    let mut marked = None;
    let mut split = false;
    // The feedback's own paragraph, opened at the split of a tight item or inside a paragraph.
    let mut open_para = false;
    let mut in_first_para = false;
    let mut offset = 0;
    for (e, range) in inner {
        if depth == 0 {
            if let Event::Start(Tag::Item) = e {
                depth = 1;
                label.clear();
                feedback.clear();
                marked = None;
                split = false;
                open_para = false;
                in_first_para = false;
                offset = range.start;
            }
            continue;
        }
        // The item's own level, or its first paragraph: a task marker sets the answer, a line
        // break ends the label.
        if depth == 1 || (depth == 2 && in_first_para) {
            match e {
                Event::TaskListMarker(done) if !split && label.is_empty() => {
                    marked = Some(*done);
                    continue;
                }
                Event::SoftBreak | Event::HardBreak if !split => {
                    // A tight item: the rest of its text is the first feedback paragraph.
                    split = true;
                    feedback.push(Event::Start(Tag::Paragraph));
                    open_para = true;
                    continue;
                }
                _ => {}
            }
        }
        if depth == 1 {
            match e {
                Event::End(TagEnd::Item) => {
                    if open_para {
                        feedback.push(Event::End(TagEnd::Paragraph));
                    }
                    let has_feedback = feedback.iter().any(|e| match e {
                        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                            !t.trim().is_empty()
                        }
                        _ => false,
                    });
                    result.push(Item {
                        label: strip_paragraph(&render(&label)).trim().to_string(),
                        feedback: render(&feedback).trim().to_string(),
                        marked,
                        has_feedback,
                        offset,
                    });
                    depth = 0;
                    continue;
                }
                Event::Start(Tag::Paragraph) if !split && !in_first_para && label.is_empty() => {
                    in_first_para = true;
                    depth += 1;
                    continue;
                }
                Event::Start(t) if is_block_start(t) => {
                    split = true;
                    if open_para {
                        feedback.push(Event::End(TagEnd::Paragraph));
                        open_para = false;
                    }
                }
                _ => {}
            }
        } else if depth == 2 && in_first_para {
            if let Event::End(TagEnd::Paragraph) = e {
                in_first_para = false;
                depth -= 1;
                if split {
                    feedback.push(e.clone());
                    open_para = false;
                }
                split = true;
                continue;
            }
        }
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if split {
            feedback.push(e.clone());
        } else {
            label.push(e.clone());
        }
    }
    result
}

/// Plain text of an HTML fragment (tags dropped), for hashing and attribute-free copies.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// FNV-1a: a fixed hash, so the shuffled order is the same in every build.
fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A fixed order of `n` steps that is never the right one (0, 1, … n-1) when `n >= 2`, taken
/// from the hash of the steps' texts.
pub fn shuffled(n: usize, seed_text: &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = fnv1a(seed_text) | 1;
    for i in (1..n).rev() {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    if n >= 2 && order.iter().enumerate().all(|(i, v)| i == *v) {
        order.rotate_left(1);
    }
    order
}

/// One question as parsed, before it is written out.
struct Question {
    kind: Kind,
    heading: String,
    heading_text: String,
    instruction: String,
    intro: String,
    options: Vec<Item>,
    closing: String,
}

/// Parse the blocks of one question (`blocks[0]` is its `##` heading); problems go to `diags`.
/// `None` when the question cannot be shown as a form.
fn question(
    events: &[Ev],
    blocks: &[Range<usize>],
    file: &Path,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    diags: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let heading_ev = &events[blocks[0].clone()];
    let heading_line = at(&heading_ev[0].1).0;
    let heading = render_ev(heading_ev).trim().to_string();
    let heading_text = plain(&heading).trim().to_string();
    let shown = if heading_text.is_empty() {
        "zonder tekst".to_string()
    } else {
        format!("\"{heading_text}\"")
    };
    let mut rest = &blocks[1..];
    let kind = match rest.first().map(|b| instruction(&events[b.clone()])) {
        Some(Ok(Some(k))) => {
            rest = &rest[1..];
            Some(k)
        }
        Some(Err(text)) => {
            let line = at(&events[rest[0].start].1).0;
            diags.push(
                Diagnostic::error(
                    file,
                    line,
                    format!("onbekende instructie \"{text}\" bij de vraag {shown}"),
                )
                .hint(INSTRUCTIONS_HINT),
            );
            rest = &rest[1..];
            None
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    file,
                    heading_line,
                    format!("de vraag {shown} heeft geen instructie"),
                )
                .hint(INSTRUCTIONS_HINT),
            );
            None
        }
    };
    let instruction_html = match kind {
        Some(_) => render_ev(&events[blocks[1].clone()]),
        None => String::new(),
    };
    let Some(list_at) = rest
        .iter()
        .position(|b| matches!(events[b.start].0, Event::Start(Tag::List(_))))
    else {
        diags.push(
            Diagnostic::error(
                file,
                heading_line,
                format!("de vraag {shown} heeft geen antwoorden"),
            )
            .hint("zet onder de instructie een lijst met antwoorden: `- [x] Goed antwoord` of `- [ ] Fout antwoord`, met op de regel eronder (ingesprongen) de uitleg; bij `**Zet in de goede volgorde.**` een genummerde lijst `1.` `2.` …"),
        );
        return None;
    };
    let intro: String = rest[..list_at]
        .iter()
        .map(|b| render_ev(&events[b.clone()]))
        .collect();
    let list = &events[rest[list_at].clone()];
    let ordered = matches!(list[0].0, Event::Start(Tag::List(Some(_))));
    let options = items(list);
    let closing: String = rest[list_at + 1..]
        .iter()
        .map(|b| render_ev(&events[b.clone()]))
        .collect();
    let line_of = |offset: usize| at(&(offset..offset)).0;
    for item in &options {
        if item.label.is_empty() {
            diags.push(
                Diagnostic::error(file, line_of(item.offset), "dit antwoord heeft geen tekst")
                    .hint("schrijf het antwoord op dezelfde regel als `- [x]` of `- [ ]`, en de uitleg ingesprongen op de regel eronder"),
            );
        }
        if !item.has_feedback {
            diags.push(
                Diagnostic::error(
                    file,
                    line_of(item.offset),
                    format!(
                        "het antwoord \"{}\" heeft geen uitleg",
                        plain(&item.label).trim()
                    ),
                )
                .hint("zet op de regel onder het antwoord, ingesprongen met twee spaties, waarom het goed of fout is, bijvoorbeeld `  Goed. Zie de [signalen](../signalen/burgerzaken.md).`"),
            );
        }
    }
    let kind = kind?;
    let mut ok = true;
    match kind {
        Kind::One | Kind::Several => {
            for item in &options {
                if item.marked.is_none() {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            file,
                            line_of(item.offset),
                            format!(
                                "bij het antwoord \"{}\" staat geen [x] of [ ]",
                                plain(&item.label).trim()
                            ),
                        )
                        .hint("begin elk antwoord met `- [x] ` (goed) of `- [ ] ` (fout)"),
                    );
                }
            }
            let correct = options.iter().filter(|o| o.marked == Some(true)).count();
            if options.len() < 2 {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        file,
                        heading_line,
                        format!("de vraag {shown} heeft maar één antwoord"),
                    )
                    .hint("geef minstens twee antwoorden om uit te kiezen"),
                );
            }
            if correct == 0 && options.iter().all(|o| o.marked.is_some()) {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        file,
                        heading_line,
                        format!("de vraag {shown} heeft geen goed antwoord"),
                    )
                    .hint("zet bij het goede antwoord `[x]` in plaats van `[ ]`"),
                );
            }
            if kind == Kind::One && correct > 1 {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        file,
                        heading_line,
                        format!(
                            "de vraag {shown} is \"Kies er één\", maar heeft {correct} goede antwoorden"
                        ),
                    )
                    .hint("laat bij één antwoord `[x]` staan, of maak er `**Kies alles wat klopt.**` van"),
                );
            }
        }
        Kind::Order => {
            if !ordered {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        file,
                        at(&list[0].1).0,
                        format!("de stappen van de vraag {shown} staan niet in een genummerde lijst"),
                    )
                    .hint("schrijf de stappen in de goede volgorde als `1. Eerste stap`, `2. Tweede stap` …, elk met de uitleg ingesprongen op de regel eronder"),
                );
            }
            for item in options.iter().filter(|o| o.marked.is_some()) {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        file,
                        line_of(item.offset),
                        "een stap van een volgorde-vraag heeft geen [x] of [ ]",
                    )
                    .hint(
                        "haal `[x]` of `[ ]` weg: de volgorde van de lijst is het goede antwoord",
                    ),
                );
            }
            if options.len() < 2 {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        file,
                        heading_line,
                        format!("de vraag {shown} heeft minder dan twee stappen"),
                    )
                    .hint("zet minstens twee stappen in de goede volgorde: `1. …` en `2. …`"),
                );
            }
        }
    }
    ok.then_some(Question {
        kind,
        heading,
        heading_text,
        instruction: instruction_html,
        intro,
        options,
        closing,
    })
}

/// Replace the case page's questions by the case's forms; problems go to the result.
pub fn transform<'a>(
    mut events: Vec<Ev<'a>>,
    spec: &Spec,
    file: &Path,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
) -> Transformed<'a> {
    // The footnotes list (made by `footnotes::gather`) stays after the case, not in its last
    // question.
    let notes_at = events
        .iter()
        .position(
            |(e, _)| matches!(e, Event::Html(h) if h.starts_with("<section class=\"footnotes\">")),
        )
        .unwrap_or(events.len());
    let notes: Vec<Event<'a>> = events.drain(notes_at..).map(|(e, _)| e).collect();
    let blocks = blocks(&events);
    let mut diags = Vec::new();
    let heads: Vec<usize> = (0..blocks.len())
        .filter(|b| is_h2(&events[blocks[*b].clone()]))
        .collect();
    let Some(&first) = heads.first() else {
        diags.push(
            Diagnostic::error(file, at(&(0..0)).0, "deze casus heeft geen vragen")
                .hint("zet na de situatie een vraag als kopje `## Wat doe je?`, met daaronder `**Kies er één.**` en de antwoorden als `- [x] …` / `- [ ] …`"),
        );
        return Transformed {
            events: events.into_iter().map(|(e, _)| e).chain(notes).collect(),
            questions: 0,
            diagnostics: diags,
        };
    };
    let mut parsed = Vec::new();
    for (n, &h) in heads.iter().enumerate() {
        let end = heads.get(n + 1).copied().unwrap_or(blocks.len());
        parsed.push(question(&events, &blocks[h..end], file, at, &mut diags));
    }
    let total = parsed.len();

    let mut html = String::from("<section class=\"casus\" data-casus data-questions=\"");
    html.push_str(&format!("{total}\">\n"));
    let mut labels = String::new();
    if let Some(d) = spec.department.as_deref().filter(|d| !d.trim().is_empty()) {
        labels.push_str(&format!(
            "<span class=\"casus-label casus-department\"><span class=\"visually-hidden\">Afdeling: </span>{}</span> ",
            escape(d.trim())
        ));
    }
    for f in &spec.forms {
        labels.push_str(&format!(
            "<span class=\"casus-label casus-form\"><span class=\"visually-hidden\">Vorm van uitbuiting: </span>{}</span> ",
            escape(f)
        ));
    }
    if !labels.is_empty() {
        html.push_str(&format!(
            "<p class=\"casus-labels\">{}</p>\n",
            labels.trim_end()
        ));
    }
    html.push_str("<p class=\"casus-privacy\">Je antwoorden worden nergens bewaard: niet op deze computer, niet in een cookie en niet in de adresbalk. Na herladen of sluiten begin je opnieuw.</p>\n");
    let situation: String = blocks[..first]
        .iter()
        .map(|b| render_ev(&events[b.clone()]))
        .collect();
    if !situation.trim().is_empty() {
        html.push_str(&format!(
            "<div class=\"casus-situation\">\n{situation}</div>\n"
        ));
    }
    for (n, q) in parsed.iter().enumerate() {
        match q {
            Some(q) => html.push_str(&question_html(q, n + 1, spec.print_answers)),
            None => {
                // Its problems are reported; its text still shows as written.
                let h = heads[n];
                let end = heads.get(n + 1).copied().unwrap_or(blocks.len());
                for b in &blocks[h..end] {
                    html.push_str(&render_ev(&events[b.clone()]));
                }
            }
        }
    }
    html.push_str(&format!(
        "<div class=\"casus-score-area\" data-casus-score-area hidden>\n<p class=\"casus-score\" data-casus-score data-total=\"{total}\">0 van {total} goed</p>\n<button type=\"button\" class=\"button\" data-casus-reset>Opnieuw</button> <button type=\"button\" class=\"button\" data-print hidden>Afdrukken</button>\n<p class=\"visually-hidden\" data-casus-announce role=\"status\"></p>\n</div>\n</section>\n"
    ));
    let mut out = vec![Event::Html(html.into())];
    out.extend(notes);
    Transformed {
        events: out,
        questions: total,
        diagnostics: diags,
    }
}

/// The feedback block of one option: in the no-JS disclosure (`with_hooks`, moved next to its
/// option by casus.js) or in the trainer's printed key (no hooks, no ids).
fn feedback_html(q: &Question, n: usize, k: usize, item: &Item, with_hooks: bool) -> String {
    let verdict = match (q.kind, item.marked) {
        (Kind::Order, _) => format!("Stap {}:", k + 1),
        (_, Some(true)) => "Goed antwoord:".to_string(),
        _ => "Fout antwoord:".to_string(),
    };
    let right = item.marked == Some(true) || q.kind == Kind::Order;
    let hooks = if with_hooks {
        format!(
            " id=\"casus-v{n}-{}-uitleg\" data-casus-feedback data-option=\"{}\"",
            k + 1,
            k + 1
        )
    } else {
        String::new()
    };
    let class = if right {
        "casus-feedback casus-feedback-right"
    } else {
        "casus-feedback casus-feedback-wrong"
    };
    format!(
        "<div class=\"{class}\"{hooks}>\n<p class=\"casus-feedback-option\"><strong>{verdict}</strong> {}</p>\n<div class=\"casus-feedback-text\">\n{}\n</div>\n</div>\n",
        item.label, item.feedback
    )
}

/// All feedback of a question, as the disclosure and the printed key show it.
fn explanation_html(q: &Question, n: usize, with_hooks: bool) -> String {
    let mut s = String::new();
    if q.kind == Kind::Order {
        s.push_str("<p class=\"casus-explain-lead\">De goede volgorde:</p>\n");
    }
    for (k, item) in q.options.iter().enumerate() {
        s.push_str(&feedback_html(q, n, k, item, with_hooks));
    }
    if !q.closing.trim().is_empty() {
        let hook = if with_hooks {
            " data-casus-closing"
        } else {
            ""
        };
        s.push_str(&format!(
            "<div class=\"casus-closing\"{hook}>\n{}</div>\n",
            q.closing
        ));
    }
    s
}

fn question_html(q: &Question, n: usize, print_answers: bool) -> String {
    let id = format!("casus-v{n}");
    let mut s = format!(
        "<form class=\"casus-question\" id=\"{id}\" data-casus-question data-kind=\"{}\" autocomplete=\"off\">\n<fieldset>\n<legend>{}</legend>\n{}{}",
        q.kind.attr(),
        q.heading,
        q.instruction,
        q.intro
    );
    match q.kind {
        Kind::One | Kind::Several => {
            let input = if q.kind == Kind::One {
                "radio"
            } else {
                "checkbox"
            };
            s.push_str("<ul class=\"casus-options\">\n");
            for (k, item) in q.options.iter().enumerate() {
                let oid = format!("{id}-{}", k + 1);
                let correct = if item.marked == Some(true) {
                    " data-correct"
                } else {
                    ""
                };
                s.push_str(&format!(
                    "<li class=\"casus-option\" data-casus-option=\"{}\"><input type=\"{input}\" id=\"{oid}\" name=\"{id}\" value=\"{}\"{correct}><label for=\"{oid}\">{}</label></li>\n",
                    k + 1,
                    k + 1,
                    item.label
                ));
            }
            s.push_str("</ul>\n");
        }
        Kind::Order => {
            let seed: String = q
                .options
                .iter()
                .map(|o| plain(&o.label))
                .collect::<Vec<_>>()
                .join("\n");
            let total = q.options.len();
            s.push_str("<ul class=\"casus-steps\">\n");
            for k in shuffled(total, &seed) {
                let item = &q.options[k];
                let oid = format!("{id}-{}", k + 1);
                let mut choices = String::from("<option value=\"\">Kies een plek</option>");
                for p in 1..=total {
                    choices.push_str(&format!("<option value=\"{p}\">Stap {p}</option>"));
                }
                s.push_str(&format!(
                    "<li class=\"casus-step\" data-casus-option=\"{}\"><label for=\"{oid}\">{}</label> <select id=\"{oid}\" name=\"{oid}\" data-position=\"{}\">{choices}</select></li>\n",
                    k + 1,
                    item.label,
                    k + 1
                ));
            }
            s.push_str("</ul>\n");
        }
    }
    s.push_str("</fieldset>\n");
    s.push_str("<div class=\"casus-actions\"><button type=\"button\" class=\"button\" data-casus-check hidden>Controleer</button></div>\n");
    s.push_str("<p class=\"casus-result\" data-casus-result role=\"status\"></p>\n");
    s.push_str(&format!(
        "<details class=\"casus-explain\" data-casus-explain>\n<summary>Toon de uitleg</summary>\n{}</details>\n",
        explanation_html(q, n, true)
    ));
    s.push_str("</form>\n");
    if print_answers {
        s.push_str(&format!(
            "<div class=\"casus-key\">\n<p class=\"casus-key-title\"><strong>Antwoorden bij: {}</strong></p>\n{}</div>\n",
            escape(&q.heading_text),
            explanation_html(q, n, false)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::case_page;
    use pulldown_cmark::Parser;

    fn run_with(md: &str, spec: &Spec) -> (String, usize, Vec<Diagnostic>) {
        let events: Vec<Ev> = Parser::new_ext(md, crate::markdown::cmark_options())
            .into_offset_iter()
            .collect();
        let index = crate::markdown::LineIndex::new(md);
        let at = |r: &Range<usize>| {
            let (l, c) = index.position(md, r.start);
            (l + 1, c)
        };
        let t = transform(events, spec, Path::new("c.md"), &at);
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, t.events.into_iter());
        (s, t.questions, t.diagnostics)
    }

    fn run(md: &str) -> (String, usize, Vec<Diagnostic>) {
        run_with(md, &Spec::default())
    }

    fn messages(d: &[Diagnostic]) -> Vec<String> {
        d.iter()
            .map(|d| format!("{}: {}", d.line, d.message))
            .collect()
    }

    const GOOD: &str = "Situatie.\n\n## Welke signalen zie je?\n\n**Kies alles wat klopt.**\n\n- [x] Negen mensen.\n  Goed. Veel mensen.\n- [ ] Weinig Nederlands.\n  Geen signaal.\n\n## Wat doe je eerst?\n\n**Kies er één.**\n\nEen inleiding.\n\n- [ ] Weigeren.\n  Nee.\n- [x] Bespreken.\n  Goed.\n\nSlottekst.\n\n## In welke volgorde?\n\n**Zet in de goede volgorde.**\n\n1. Vastleggen.\n   Eerst.\n2. Bespreken.\n   Daarna.\n3. Melden.\n   Als laatste.\n";

    #[test]
    fn a_good_case_has_three_forms() {
        let (html, n, d) = run(GOOD);
        assert!(d.is_empty(), "{:?}", messages(&d));
        assert_eq!(n, 3);
        assert_eq!(html.matches("data-casus-question").count(), 3, "{html}");
        assert!(
            html.contains("<div class=\"casus-situation\">\n<p>Situatie.</p>\n</div>"),
            "{html}"
        );
        assert!(
            html.contains("<legend><h2>Welke signalen zie je?</h2></legend>"),
            "{html}"
        );
        assert!(html.contains("<input type=\"checkbox\" id=\"casus-v1-1\" name=\"casus-v1\" value=\"1\" data-correct><label for=\"casus-v1-1\">Negen mensen.</label>"), "{html}");
        assert!(html.contains("<input type=\"radio\" id=\"casus-v2-2\" name=\"casus-v2\" value=\"2\" data-correct><label for=\"casus-v2-2\">Bespreken.</label>"), "{html}");
        assert!(html.contains("<p>Een inleiding.</p>"), "{html}");
        assert!(
            html.contains("data-casus-closing>\n<p>Slottekst.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"casus-feedback-text\">\n<p>Goed. Veel mensen.</p>\n</div>"),
            "{html}"
        );
        assert_eq!(html.matches("<summary>Toon de uitleg</summary>").count(), 3);
        assert_eq!(html.matches("<select").count(), 3);
        assert!(html.contains("0 van 3 goed"));
        // Without print_answers there is no printed key.
        assert!(!html.contains("casus-key"));
    }

    #[test]
    fn steps_are_shown_in_a_fixed_wrong_order() {
        let (html, _, _) = run(GOOD);
        let positions: Vec<usize> = html
            .match_indices("data-position=\"")
            .map(|(i, m)| {
                html[i + m.len()..]
                    .chars()
                    .next()
                    .unwrap()
                    .to_digit(10)
                    .unwrap() as usize
            })
            .collect();
        assert_eq!(positions.len(), 3);
        assert_ne!(positions, vec![1, 2, 3]);
        assert_eq!(run(GOOD).0, html, "the same every build");
        for n in 2..9 {
            for seed in ["a", "b", "stap", "Vastleggen.\nBespreken."] {
                let order = shuffled(n, seed);
                assert_ne!(order, (0..n).collect::<Vec<_>>(), "{n} {seed}");
                let mut sorted = order.clone();
                sorted.sort();
                assert_eq!(sorted, (0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn loose_items_with_paragraphs_of_feedback() {
        let md = "## V\n\n**Kies er één**\n\n- [x] Goed.\n\n  Eerste alinea met [link](x).\n\n  Tweede alinea.\n\n- [ ] Fout.\n  Uitleg.\n";
        let (html, _, d) = run(md);
        assert!(d.is_empty(), "{:?}", messages(&d));
        assert!(
            html.contains("<label for=\"casus-v1-1\">Goed.</label>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<p>Eerste alinea met <a href=\"x\">link</a>.</p>\n<p>Tweede alinea.</p>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<label for=\"casus-v1-2\">Fout.</label>"),
            "{html}"
        );
        assert!(html.contains("<p>Uitleg.</p>"), "{html}");
    }

    #[test]
    fn every_problem_with_its_line() {
        let md = "Situatie.\n\n## Geen goede\n\n**Kies er één.**\n\n- [ ] A\n  x\n- [ ] B\n  y\n\n## Twee goede\n\n**Kies er één.**\n\n- [x] A\n  x\n- [x] B\n\n## Zonder instructie\n\n- [x] A\n  x\n\n## Raar\n\n**Kies wat.**\n\n- [x] A\n  x\n\n## Leeg\n\n**Kies alles wat klopt.**\n\nGeen lijst.\n\n## Volgorde\n\n**Zet in de goede volgorde.**\n\n- Een\n  x\n";
        let (_, n, d) = run(md);
        assert_eq!(n, 6);
        assert_eq!(
            messages(&d),
            vec![
                "3: de vraag \"Geen goede\" heeft geen goed antwoord",
                "18: het antwoord \"B\" heeft geen uitleg",
                "12: de vraag \"Twee goede\" is \"Kies er één\", maar heeft 2 goede antwoorden",
                "20: de vraag \"Zonder instructie\" heeft geen instructie",
                "27: onbekende instructie \"Kies wat.\" bij de vraag \"Raar\"",
                "32: de vraag \"Leeg\" heeft geen antwoorden",
                "42: de stappen van de vraag \"Volgorde\" staan niet in een genummerde lijst",
                "38: de vraag \"Volgorde\" heeft minder dan twee stappen",
            ]
        );
        assert!(d.iter().all(|d| !d.hint.is_empty()));
    }

    #[test]
    fn search_sees_situation_questions_options_and_feedback() {
        let r = case_page(GOOD, 5);
        assert_eq!(r.casus_questions, Some(3));
        assert!(r.diagnostics.is_empty(), "{:?}", messages(&r.diagnostics));
        let text: String = r
            .sections
            .iter()
            .map(|s| format!("{} {} ", s.heading, s.text))
            .collect();
        for words in [
            "Situatie",
            "Welke signalen zie je?",
            "Negen mensen",
            "Goed. Veel mensen",
            "Geen signaal",
            "Slottekst",
            "Vastleggen",
            "Als laatste",
        ] {
            assert!(text.contains(words), "{words} not searchable in {text}");
        }
        // The answers are no ticked boxes in the text.
        assert!(!r.html.contains('☑') && !r.html.contains('☐'), "{}", r.html);
        // Lines of a problem count from the page's body line.
        let r = case_page("Situatie.\n\n## V\n\n- [x] A\n  B\n", 5);
        assert_eq!(
            messages(&r.diagnostics),
            vec!["7: de vraag \"V\" heeft geen instructie"]
        );
    }

    #[test]
    fn footnotes_stay_after_the_case() {
        let md = "Situatie.[^1]\n\n## V\n\n**Kies er één.**\n\n- [x] A\n  Goed.\n- [ ] B\n  Fout.\n\n[^1]: Een bron.\n";
        let r = case_page(md, 1);
        assert!(r.diagnostics.is_empty(), "{:?}", messages(&r.diagnostics));
        let case_end = r.html.find("</section>\n").expect("case");
        let notes = r
            .html
            .find("<section class=\"footnotes\">")
            .expect("footnotes");
        assert!(notes > case_end, "{}", r.html);
        assert!(r.html.contains("Een bron."));
    }

    #[test]
    fn a_case_without_questions() {
        let (_, n, d) = run("Alleen een situatie.\n");
        assert_eq!(n, 0);
        assert_eq!(messages(&d), vec!["1: deze casus heeft geen vragen"]);
    }

    #[test]
    fn labels_and_trainer_key() {
        let spec = Spec {
            print_answers: true,
            department: Some("Burgerzaken".into()),
            forms: vec!["Arbeidsuitbuiting".into()],
        };
        let (html, _, _) = run_with(GOOD, &spec);
        assert!(
            html.contains("<span class=\"visually-hidden\">Afdeling: </span>Burgerzaken</span>"),
            "{html}"
        );
        assert!(html.contains("Arbeidsuitbuiting</span></p>"), "{html}");
        assert_eq!(html.matches("<div class=\"casus-key\">").count(), 3);
        // The key carries no test hooks and no ids (they are the disclosure's).
        assert_eq!(html.matches("data-casus-feedback").count(), 7);
    }
}
