//! The Markdown in partner records (description, when to contact, note, meldpunt,
//! aandachtsfunctionaris) and in the glossary's definitions.

use super::PartnerOut;
use crate::check::anchors::{Found, Ids};
use crate::check::index::SiteIndex;
use crate::config::{OpenPointsShown, SiteConfig};
use crate::content::{partner, Sources};
use crate::error::{Diagnostic, Diagnostics};
use crate::links;
use crate::markdown;
use std::collections::BTreeMap;
use std::path::Path;

/// Render every record field and definition; their problems go to `diags`, their anchor links
/// to `pending`, and the glossary's ids (its term ids) to `ids`.
pub fn render_records(
    config: &SiteConfig,
    sources: &Sources,
    idx: &SiteIndex,
    ids: &mut Ids,
    pending: &mut Vec<Found>,
    diags: &mut Diagnostics,
) -> (Vec<PartnerOut>, Vec<String>) {
    // Record fields: links are written relative to content/.
    let link_base = Path::new("content/_record");
    let empty = BTreeMap::new();
    let mut partners = Vec::new();
    for p in &sources.partners {
        let root = links::root_of(&p.url());
        // `indent`: columns before the text on its lines (a block scalar is indented).
        let mut field = |text: &str, line: usize, indent: usize| -> String {
            let opts = markdown::Options {
                file: &p.file,
                link_base,
                body_line: line,
                root: &root,
                allow_html: config.allow_html,
                resolver: idx,
                placeholders: &empty,
                checklist: None,
                casus: None,
                title: &p.record.name,
                hide_open_points: config.open_points == OpenPointsShown::Hide,
            };
            let r = markdown::render(text, &opts);
            diags.extend_open(r.open_points.iter().cloned());
            diags.extend(
                r.diagnostics
                    .iter()
                    .cloned()
                    .map(|d| shift_column(d, indent)),
            );
            for a in &r.pending {
                let mut a = a.clone();
                if a.column > 0 {
                    a.column += indent;
                }
                pending.push((p.url(), p.file.clone(), a));
            }
            r.html
        };
        let spanned = |s: &crate::yaml::Spanned<String>| -> (String, usize, usize) {
            (
                s.value.clone(),
                crate::yaml::first_line(s),
                crate::yaml::first_column(s).saturating_sub(1),
            )
        };
        let r = &p.record;
        let (d, dl, dc) = spanned(&r.description);
        let (w, wl, wc) = spanned(&r.when_to_contact);
        let description = field(&d, dl, dc);
        let when_to_contact = field(&w, wl, wc);
        let note = r
            .contact
            .note
            .as_deref()
            .map(|n| field(n, p.note_place.0, p.note_place.1))
            .unwrap_or_default();
        let meldpunt = r
            .meldpunt
            .as_ref()
            .map(|s| {
                let (t, l, c) = spanned(s);
                field(&t, l, c)
            })
            .unwrap_or_default();
        let aandachtsfunctionaris = r
            .aandachtsfunctionaris
            .as_ref()
            .map(|s| {
                let (t, l, c) = spanned(s);
                field(&t, l, c)
            })
            .unwrap_or_default();
        let mut problems = Vec::new();
        let points = partner::open_points(p, &mut problems);
        diags.extend(problems);
        let open = record_open_points(config, points, diags);
        partners.push(PartnerOut {
            open,
            description,
            when_to_contact,
            note,
            meldpunt,
            aandachtsfunctionaris,
            summary: crate::util::html::escape(&r.summary),
        });
    }
    let mut terms = Vec::new();
    let gfile = sources.glossary.file.clone();
    for (_, t) in &sources.glossary.terms {
        let opts = markdown::Options {
            file: &gfile,
            link_base: Path::new("content/begrippen.yaml"),
            body_line: crate::yaml::first_line(&t.definition),
            root: "../",
            allow_html: config.allow_html,
            resolver: idx,
            placeholders: &empty,
            checklist: None,
            casus: None,
            title: &t.term.value,
            hide_open_points: config.open_points == OpenPointsShown::Hide,
        };
        let r = markdown::render(&t.definition.value, &opts);
        diags.extend_open(r.open_points.iter().cloned());
        let indent = crate::yaml::first_column(&t.definition).saturating_sub(1);
        diags.extend(
            r.diagnostics
                .iter()
                .cloned()
                .map(|d| shift_column(d, indent)),
        );
        for a in &r.pending {
            pending.push(("begrippen/".to_string(), gfile.clone(), a.clone()));
        }
        let mut problems = Vec::new();
        let points = partner::open_list(&gfile, &t.open, &mut problems);
        diags.extend(problems);
        let mut html = r.html;
        html.push_str(&record_open_points(config, points, diags));
        terms.push(html);
    }
    ids.insert(
        "begrippen/".into(),
        sources
            .glossary
            .terms
            .iter()
            .map(|(id, _)| id.clone())
            .collect(),
    );
    (partners, terms)
}

/// A record's open points: listed for `check`, and as one block for its page unless hidden.
fn record_open_points(
    config: &SiteConfig,
    points: Vec<crate::open_points::OpenPoint>,
    diags: &mut Diagnostics,
) -> String {
    let shown: Vec<(String, Option<String>)> = points
        .iter()
        .map(|o| (o.text.clone(), o.decides.clone()))
        .collect();
    diags.extend_open(points);
    if shown.is_empty() || config.open_points == OpenPointsShown::Hide {
        String::new()
    } else {
        markdown::open_points_block(&shown)
    }
}

/// A problem in Markdown from a YAML value, moved right by the columns before the value's text.
fn shift_column(mut d: Diagnostic, indent: usize) -> Diagnostic {
    if d.column > 0 {
        d.column += indent;
    }
    d
}
