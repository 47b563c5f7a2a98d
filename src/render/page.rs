//! The Markdown of one content page, with its checklist and route checks.

use crate::check::index::SiteIndex;
use crate::config::{OpenPointsShown, SiteConfig};
use crate::content::{page::Page, partner, Sources};
use crate::error::Diagnostic;
use crate::links::{self};
use crate::markdown::casus;
use crate::markdown::checklist::{self, AdviceBlock};
use crate::markdown::resolve::partner_hint;
use crate::markdown::{self, Rendered};
use std::collections::BTreeMap;

pub(crate) fn placeholders(
    sources: &Sources,
    goals: &[crate::config::region::Goal],
    root: &str,
) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert(
        "tabel:basisniveau".to_string(),
        crate::render::basisniveau::basisniveau_table(sources, goals, root),
    );
    m
}

/// Resolve the advice of a checklist page to HTML links, reporting unknown routes and partners.
pub(crate) fn checklist_spec(
    p: &Page,
    idx: &SiteIndex,
    sources: &Sources,
    root: &str,
    diags: &mut Vec<Diagnostic>,
) -> checklist::Spec {
    let line = |s: &crate::yaml::Spanned<String>| s.referenced.line() as usize + p.yaml_line - 1;
    let links = |route: &Option<crate::yaml::Spanned<String>>,
                 partner: &Option<crate::yaml::Spanned<String>>,
                 diags: &mut Vec<Diagnostic>| {
        let mut links_html = String::new();
        if let Some(route) = route {
            let url = format!("routes/{}/", route.value);
            match sources.pages.iter().find(|q| q.url == url) {
                Some(q) if idx.urls.contains(&url) => links_html.push_str(&format!(
                    "<p class=\"checklist-advice-link\">Volg de route: <a href=\"{}\">{}</a></p>",
                    links::href(root, &url, None),
                    crate::util::html::escape(&q.meta.title)
                )),
                // A route page that failed to load has its own error.
                None if idx.urls.contains(&url) => {}
                _ => diags.push(
                    Diagnostic::error(&p.file, line(route), format!("onbekende route \"{}\"", route.value))
                        .col(route.referenced.column() as usize)
                        .hint("gebruik de bestandsnaam van een route in content/routes/ zonder .md, bijvoorbeeld signaal-melden"),
                ),
            }
        }
        if let Some(pid) = partner {
            match sources.partners.iter().find(|x| x.id == pid.value) {
                Some(x) => links_html.push_str(&format!(
                    "<p class=\"checklist-advice-link\">Contact: <a href=\"{}\">{}</a></p>",
                    links::href(root, &x.url(), None),
                    crate::util::html::escape(&x.record.name)
                )),
                // A record that failed to load has its own error.
                None if sources.unloaded_partners.contains(&pid.value) => {}
                None => diags.push(
                    Diagnostic::error(
                        &p.file,
                        line(pid),
                        format!("onbekende partner \"{}\"", pid.value),
                    )
                    .col(pid.referenced.column() as usize)
                    .hint(partner_hint(&pid.value, idx)),
                ),
            }
        }
        links_html
    };
    let mut advice = Vec::new();
    for a in &p.meta.advice {
        let links_html = links(&a.route, &a.partner, diags);
        advice.push(AdviceBlock {
            from: a.from.value.max(0) as usize,
            text: checklist::advice_text(&a.text),
            links_html,
        });
    }
    let direct = p.meta.direct_advice.as_ref().map(|d| {
        let links_html = links(&d.value.route, &d.value.partner, diags);
        if d.value.text.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    &p.file,
                    direct_advice_line(p, d),
                    "direct_advice heeft geen tekst",
                )
                .hint("zet onder direct_advice een regel `text: Wat je vandaag doet`, bijvoorbeeld `text: Bel vandaag de aandachtsfunctionaris.`"),
            );
        }
        checklist::DirectBlock {
            text: checklist::advice_text(&d.value.text),
            links_html,
        }
    });
    checklist::Spec {
        title: p.meta.title.clone(),
        advice,
        direct,
    }
}

/// Line of the `direct_advice:` key (its value starts on the next line in block style).
pub(crate) fn direct_advice_line(
    p: &Page,
    d: &crate::yaml::Spanned<crate::content::page::DirectAdvice>,
) -> usize {
    let value_line = d.referenced.line() as usize;
    let key_line = p
        .front_matter
        .lines()
        .take(value_line)
        .enumerate()
        .filter(|(_, l)| l.starts_with("direct_advice:"))
        .map(|(n, _)| n + 1)
        .last()
        .unwrap_or(value_line);
    key_line + p.yaml_line - 1
}

/// Whether the page is a training case: a page under `content/casussen/`, not its list.
pub fn is_casus(p: &Page) -> bool {
    p.top_section() == "casussen" && !p.is_section
}

/// The slug a checklist page is named by in a case's `checklists:` (`signalen/burgerzaken/` →
/// `burgerzaken`), `None` for a page that is no checklist.
pub fn checklist_slug(url: &str) -> Option<&str> {
    url.strip_prefix("signalen/")
        .map(|s| s.trim_end_matches('/'))
        .filter(|s| !s.is_empty())
}

/// Line of a top-level front matter key, for values that carry no position of their own.
fn key_line(p: &Page, key: &str) -> usize {
    p.front_matter
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(p.yaml_line, |n| n + p.yaml_line)
}

/// The front matter of a case page, checked: known forms, known checklists. On any other page
/// the case keys are an error.
pub(crate) fn casus_spec(
    p: &Page,
    config: &SiteConfig,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<casus::Spec> {
    let meta = &p.meta;
    let line = |s: &crate::yaml::Spanned<String>| s.referenced.line() as usize + p.yaml_line - 1;
    if !is_casus(p) {
        let keys = [
            ("department", meta.department.is_some()),
            ("forms", !meta.forms.is_empty()),
            ("checklists", !meta.checklists.is_empty()),
            ("print_answers", meta.print_answers.is_some()),
        ];
        for (key, _) in keys.iter().filter(|(_, set)| *set) {
            diags.push(
                Diagnostic::error(
                    &p.file,
                    key_line(p, key),
                    format!("`{key}` hoort alleen bij een casus"),
                )
                .hint("zet de casus in content/casussen/, of haal deze regel uit de front matter"),
            );
        }
        return None;
    }
    let mut forms = Vec::new();
    for f in &meta.forms {
        match partner::form_label(f.value.trim()) {
            Some(label) => forms.push(label.to_string()),
            None => diags.push(
                Diagnostic::unknown_choice(
                    &p.file,
                    line(f),
                    "vorm van uitbuiting",
                    &f.value,
                    partner::FORMS,
                )
                .col(f.referenced.column() as usize),
            ),
        }
    }
    let known: Vec<&str> = sources
        .pages
        .iter()
        .filter(|q| !q.is_section)
        .map(|q| q.url.as_str())
        .chain(sources.unloaded_pages.iter().map(|(_, u)| u.as_str()))
        .chain(sources.drafts.iter().map(|(_, u)| u.as_str()))
        .filter_map(checklist_slug)
        .collect();
    for c in &meta.checklists {
        if !known.contains(&c.value.trim()) {
            let hint = if known.is_empty() {
                "de site heeft nog geen signalenlijsten in content/signalen/; haal de regel weg"
                    .to_string()
            } else {
                format!(
                    "gebruik de bestandsnaam van een signalenlijst in content/signalen/ zonder .md: {}",
                    known.join(", ")
                )
            };
            diags.push(
                Diagnostic::error(
                    &p.file,
                    line(c),
                    format!("onbekende signalenlijst \"{}\"", c.value),
                )
                .col(c.referenced.column() as usize)
                .hint(hint),
            );
        }
    }
    Some(casus::Spec {
        print_answers: meta.print_answers.unwrap_or(config.casussen.print_answers),
        department: meta.department.clone(),
        forms,
    })
}

/// "Oefen met een casus": links to the cases that name checklist page `p` in `checklists:`.
fn practice_block(p: &Page, sources: &Sources, root: &str) -> String {
    let Some(slug) = checklist_slug(&p.url) else {
        return String::new();
    };
    let mut cases: Vec<&Page> = sources
        .pages
        .iter()
        .filter(|q| is_casus(q) && q.meta.checklists.iter().any(|c| c.value.trim() == slug))
        .collect();
    if cases.is_empty() {
        return String::new();
    }
    cases.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
    let mut s =
        String::from("<div class=\"casus-practice\">\n<h2>Oefen met een casus</h2>\n<ul>\n");
    for c in cases {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            links::href(root, &c.url, None),
            crate::util::html::escape(&c.meta.title)
        ));
    }
    s.push_str("</ul>\n</div>\n");
    s
}

/// The Markdown of page `i`, with the page's problems (checklist and route checks included).
pub fn render_page(
    config: &SiteConfig,
    sources: &Sources,
    idx: &SiteIndex,
    i: usize,
    body: &str,
) -> (Rendered, Vec<Diagnostic>) {
    let p = &sources.pages[i];
    let root = links::root_of(&p.url);
    let mut problems = Vec::new();
    let is_checklist = p.top_section() == "signalen" && !p.is_section;
    let spec = if is_checklist || !p.meta.advice.is_empty() || p.meta.direct_advice.is_some() {
        Some(checklist_spec(p, idx, sources, &root, &mut problems))
    } else {
        None
    };
    let casus_spec = casus_spec(p, config, sources, &mut problems);
    let ph = placeholders(sources, &config.goals, &root);
    let opts = markdown::Options {
        file: &p.file,
        link_base: &p.file,
        body_line: p.body_line,
        root: &root,
        allow_html: config.allow_html,
        resolver: idx,
        placeholders: &ph,
        checklist: spec.as_ref(),
        casus: casus_spec.as_ref(),
        title: &p.meta.title,
        hide_open_points: config.open_points == OpenPointsShown::Hide,
    };
    let mut rendered = markdown::render(body, &opts);
    if is_checklist {
        rendered.html.push_str(&practice_block(p, sources, &root));
    }
    if let Some(count) = rendered.signals {
        if count == 0 {
            problems.push(
                Diagnostic::error(
                    &p.file,
                    p.body_line,
                    "deze signalenlijst heeft geen signalen",
                )
                .hint("schrijf elk signaal als taakpunt: `- [ ] Omschrijving van het signaal`"),
            );
        }
        match &p.meta.direct_advice {
            None => {
                for &line in &rendered.direct_lines {
                    problems.push(
                        Diagnostic::error(
                            &p.file,
                            line,
                            "dit signaal is \"meld direct\", maar de pagina heeft geen direct_advice",
                        )
                        .hint("zet in de front matter `direct_advice:` met `text:` (wat vandaag te doen), `route:` en `partner:`; of haal `**Meld direct:**` weg"),
                    );
                }
            }
            Some(d) if rendered.direct_lines.is_empty() => problems.push(
                Diagnostic::warning(
                    &p.file,
                    direct_advice_line(p, d),
                    "direct_advice wordt nooit getoond: geen signaal is \"meld direct\"",
                )
                .hint("begin een signaal dat alleen al direct melden vraagt met `**Meld direct:**`, bijvoorbeeld `- [ ] **Meld direct:** Een minderjarige werkt in de prostitutie.`; of haal direct_advice weg"),
            ),
            Some(_) => {}
        }
        for a in &p.meta.advice {
            let from = a.from.value;
            if from < 1 || from as usize > count.max(1) {
                problems.push(
                    Diagnostic::error(
                        &p.file,
                        a.from.referenced.line() as usize + p.yaml_line - 1,
                        format!("drempel {from} kan niet: de lijst heeft {count} signalen"),
                    )
                    .col(a.from.referenced.column() as usize)
                    .hint(format!("kies een drempel van 1 tot en met {count}")),
                );
            }
        }
    }
    if p.top_section() == "routes" && !p.is_section && rendered.flowcharts == 0 {
        problems.push(
            Diagnostic::warning(&p.file, p.body_line, "deze route heeft geen stroomschema")
                .hint("voeg een ```mermaid-blok toe met `flowchart TD`"),
        );
    }
    problems.append(&mut rendered.diagnostics);
    (rendered, problems)
}
