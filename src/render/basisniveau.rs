//! The basisniveau table: each municipality's status on the six goals (a `<!-- tabel:basisniveau -->`
//! placeholder in content, and the municipalities page).
//!
//! Written twice: a table for wide screens (in a labelled, focusable region that scrolls when it
//! does not fit) and one card per municipality for phones, where eight columns would squeeze every
//! word to a letter per line. The stylesheet shows one of the two (`display: none` hides the other
//! from screen readers as well); print shows the table.

use crate::config::region::Goal;
use crate::content::partner::{Partner, Status};
use crate::content::Sources;
use crate::links::href;
use crate::util::html::escape;

/// The table of each municipality's status on the goals of the site (`goals` in site.yaml).
pub fn basisniveau_table(sources: &Sources, goals: &[Goal], root: &str) -> String {
    let gemeenten: Vec<&Partner> = sources
        .partners
        .iter()
        .filter(|p| p.is_gemeente())
        .collect();
    if gemeenten.is_empty() {
        return "<p>Er zijn nog geen gemeenterecords.</p>\n".into();
    }
    let mut s = wide_table(&gemeenten, goals, root);
    s.push_str(&cards(&gemeenten, goals, root));
    s
}

/// A municipality's status and note on one goal (`Onbekend` when the record has none).
fn status_of<'a>(g: &'a Partner, goal: &Goal) -> (Status, &'a str) {
    g.record
        .basisniveau
        .as_ref()
        .and_then(|b| b.value.get(&goal.id))
        .map_or((Status::Onbekend, ""), |st| (st.status, st.note.as_str()))
}

/// The status as text (the stylesheet adds an icon before it; colour is never the only sign),
/// then the note.
fn status_html(status: Status, note: &str) -> String {
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("<span class=\"status-note\">{}</span>", escape(note))
    };
    format!(
        "<span class=\"status status-{}\">{}</span>{note}",
        status.class(),
        status.label()
    )
}

fn wide_table(gemeenten: &[&Partner], goals: &[Goal], root: &str) -> String {
    let mut s = String::from("<div class=\"table-scroll basisniveau-wide\" role=\"region\" aria-label=\"Stand per gemeente\" tabindex=\"0\">\n<table class=\"basisniveau\">\n<caption>Stand van het basisniveau per gemeente</caption>\n<thead><tr><th scope=\"col\">Gemeente</th>");
    for goal in goals {
        s.push_str(&format!("<th scope=\"col\">{}</th>", escape(&goal.title)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for g in gemeenten {
        s.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th>",
            href(root, &g.url(), None),
            escape(&g.record.name)
        ));
        for goal in goals {
            let (status, note) = status_of(g, goal);
            s.push_str(&format!("<td>{}</td>", status_html(status, note)));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n</div>\n");
    s
}

/// One card per municipality: its name, then each goal with its status and note.
fn cards(gemeenten: &[&Partner], goals: &[Goal], root: &str) -> String {
    let mut s = String::from(
        "<ul class=\"basisniveau-cards\" aria-label=\"Stand van het basisniveau per gemeente\">\n",
    );
    for g in gemeenten {
        s.push_str(&format!(
            "<li class=\"basisniveau-card\"><p class=\"basisniveau-card-title\"><a href=\"{}\">{}</a></p>\n<dl>\n",
            href(root, &g.url(), None),
            escape(&g.record.name)
        ));
        for goal in goals {
            let (status, note) = status_of(g, goal);
            s.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>\n",
                escape(&goal.title),
                status_html(status, note)
            ));
        }
        s.push_str("</dl></li>\n");
    }
    s.push_str("</ul>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (Sources, Vec<Goal>) {
        let record = "name: Gemeente Dorp\nkind: gemeente\nroles: [bestuurlijk]\narea: [dorp]\nsummary: s\ndescription: d\nwhen_to_contact: w\nsource: https://example.org\nreviewed: 2026-01-01\nmeldpunt: m\naandachtsfunctionaris: a\nbasisniveau:\n  beleid: { status: gerealiseerd, note: \"Plan vastgesteld\" }\n  kennis: { status: niet-gestart }\n";
        let dorp = crate::content::partner::parse(
            record,
            std::path::Path::new("partners/dorp.yaml"),
            "dorp",
        )
        .unwrap();
        let sources = Sources {
            partners: vec![dorp],
            ..Sources::default()
        };
        let goal = |id: &str, title: &str| Goal {
            id: id.into(),
            title: title.into(),
        };
        let goals = vec![
            goal("beleid", "Beleidsmatige basis"),
            goal("kennis", "Kennis en signaleren"),
            goal("opvang", "Zorg en opvang"),
        ];
        (sources, goals)
    }

    #[test]
    fn a_table_in_a_named_region_and_a_card_per_municipality() {
        let (sources, goals) = site();
        let html = basisniveau_table(&sources, &goals, "../");
        assert!(html.contains("<div class=\"table-scroll basisniveau-wide\" role=\"region\" aria-label=\"Stand per gemeente\" tabindex=\"0\">"), "{html}");
        let cards = &html[html.find("<ul class=\"basisniveau-cards\"").expect(&html)..];
        assert_eq!(cards.matches("<li class=\"basisniveau-card\">").count(), 1);
        assert!(cards.contains("<a href=\"../gemeenten/dorp/index.html\">Gemeente Dorp</a>"));
        // Every goal with its status in words, and the note.
        assert!(cards.contains("<dt>Beleidsmatige basis</dt><dd><span class=\"status status-gerealiseerd\">Gerealiseerd</span><span class=\"status-note\">Plan vastgesteld</span></dd>"), "{cards}");
        assert!(cards.contains("<dt>Kennis en signaleren</dt><dd><span class=\"status status-niet-gestart\">Niet gestart</span></dd>"));
        assert!(cards.contains("<dt>Zorg en opvang</dt><dd><span class=\"status status-onbekend\">Onbekend</span></dd>"));
    }
}
