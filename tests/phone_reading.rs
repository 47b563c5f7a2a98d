//! Reading on a phone (#21), in the built HTML: the basisniveau table and its cards, Markdown
//! tables in named scroll regions, footnotes gathered with a way back, role pages that list the
//! municipalities, and a stylesheet that never breaks table cells inside a word. What the
//! browser then shows at 320 and 375 px is measured by tests/browser/phone.test.js.

mod common;
use common::*;
use std::collections::HashMap;
use std::path::Path;

fn built(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&fixture(name), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Ids that occur more than once on a page.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in attr_values(html, "id") {
        *seen.entry(id).or_default() += 1;
    }
    let mut dups: Vec<String> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id.to_string())
        .collect();
    dups.sort();
    dups
}

/// The names of the page's labelled regions (`role="region" aria-label="…"`).
fn region_names(html: &str) -> Vec<&str> {
    let needle = "role=\"region\" aria-label=\"";
    html.match_indices(needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .collect()
}

#[test]
fn the_phone_fixture_builds_without_warnings_and_with_working_anchors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&fixture("phone-reading"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("waarschuwing"), "{}", stderr(&o));
    let problems = check_output(&out);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn markdown_tables_scroll_in_regions_named_after_their_heading() {
    let (_d, out) = built("phone-reading");
    let page = read(&out, "plan/lezen/index.html");
    assert_eq!(
        region_names(&page),
        [
            "Tabel bij Lezen op een telefoon",
            "Tabel bij Afspraken per organisatie",
            "Tabel 2 bij Afspraken per organisatie"
        ],
        "{page}"
    );
    assert!(page.contains("tabindex=\"0\">\n<table>"), "{page}");
}

#[test]
fn footnotes_are_links_to_notes_at_the_end_with_links_back() {
    let (_d, out) = built("phone-reading");
    let page = read(&out, "plan/lezen/index.html");
    // Cited twice: two references, two ways back.
    assert!(page.contains("<a href=\"#fn-1\" id=\"fnref-1\"><span class=\"visually-hidden\">voetnoot </span>1</a></sup>"), "{page}");
    assert!(
        page.contains("<a href=\"#fn-1\" id=\"fnref-1-2\">"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"visually-hidden\">Terug naar verwijzing 1</span>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"visually-hidden\">Terug naar verwijzing 1 (2)</span>"),
        "{page}"
    );
    // The notes come after the last section, under their own heading, in the order cited.
    let notes = page.find("<section class=\"footnotes\">").expect(&page);
    assert!(page.find("Zie de wet.").unwrap() < notes);
    assert!(page[notes..].contains("<h2 id=\"voetnoten\" class=\"footnotes-title\">Voetnoten</h2>"));
    let order: Vec<usize> = [
        "De afspraak staat",
        "Een voetnoot met een cijfer",
        "Wetboek van Strafrecht",
    ]
    .iter()
    .map(|t| page[notes..].find(t).unwrap_or_else(|| panic!("{t}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // A note of two paragraphs keeps both, the way back after the last.
    assert!(
        page.contains("<p>Een tweede alinea in dezelfde voetnoot. <a href=\"#fnref-3\""),
        "{page}"
    );
    assert!(!page.contains("footnote-definition"));
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
}

#[test]
fn the_whole_plan_has_each_chapters_notes_and_no_id_twice() {
    for site in ["phone-reading", "other-region"] {
        let (_d, out) = built(site);
        let whole = read(&out, "plan/volledig/index.html");
        assert_eq!(duplicate_ids(&whole), Vec::<String>::new(), "{site}");
        let names = region_names(&whole);
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{site}: {names:?}");
    }
    let (_d, out) = built("phone-reading");
    let whole = read(&out, "plan/volledig/index.html");
    // Each chapter's notes under that chapter, with the chapter's prefix.
    assert!(whole.contains("<li id=\"inleiding-fn-1\">"), "{whole}");
    assert!(whole.contains("href=\"#inleiding-fnref-1\""), "{whole}");
    assert!(whole.contains("<li id=\"lezen-fn-3\">"), "{whole}");
    assert!(region_names(&whole)
        .contains(&"Lezen op een telefoon: Tabel bij Afspraken per organisatie"));
}

#[test]
fn basisniveau_is_a_table_and_a_card_per_municipality() {
    let (_d, out) = built("good");
    for rel in ["gemeenten/index.html", "plan/inleiding/index.html"] {
        let page = read(&out, rel);
        assert!(
            page.contains("<div class=\"table-scroll basisniveau-wide\" role=\"region\" aria-label=\"Stand per gemeente\" tabindex=\"0\">"),
            "{rel}: {page}"
        );
        let cards = &page[page.find("<ul class=\"basisniveau-cards\"").expect(rel)..];
        let cards = &cards[..cards.find("</ul>").unwrap()];
        assert_eq!(
            cards.matches("<li class=\"basisniveau-card\">").count(),
            1,
            "{rel}"
        );
        assert!(cards.contains(">Gemeente Dorp</a>"), "{cards}");
        // Six goals, each with its status in words.
        assert_eq!(cards.matches("<dt>").count(), 6, "{cards}");
        assert!(cards.contains("<span class=\"status status-gerealiseerd\">Gerealiseerd</span><span class=\"status-note\">Plan vastgesteld</span>"), "{cards}");
        assert!(cards.contains("<span class=\"status status-niet-gestart\">Niet gestart</span>"));
    }
}

#[test]
fn role_pages_list_the_municipalities_with_the_role() {
    let (_d, out) = built("good");
    // Gemeente Dorp has the roles signaleren and bestuurlijk; no other partner has bestuurlijk.
    let page = read(&out, "partners/rol/bestuurlijk/index.html");
    assert!(!page.contains("Geen partners met deze rol"), "{page}");
    assert!(page.contains("Deze gemeente heeft deze rol (<a href=\"../../../gemeenten/index.html\">alle gemeenten</a>):"), "{page}");
    assert!(
        page.contains("<li><a href=\"../../../gemeenten/dorp/index.html\">Gemeente Dorp</a></li>"),
        "{page}"
    );
    // The directory's own page says it under the role too.
    let all = read(&out, "partners/index.html");
    let role = &all[all.find("id=\"rol-bestuurlijk\"").unwrap()..];
    let role = &role[..role.find("</section>").unwrap()];
    assert!(role.contains("Gemeente Dorp"), "{role}");
    // A role nobody has still says so.
    let none = read(&out, "partners/rol/zorg/index.html");
    assert!(none.contains("Geen partners met deze rol."), "{none}");
}

#[test]
fn web_addresses_break_after_slashes_not_inside_words() {
    let (_d, out) = built("good");
    let page = read(&out, "gemeenten/dorp/index.html");
    assert!(
        page.contains(">https://<wbr>example<wbr>.org/<wbr>dorp<span class=\"visually-hidden\">"),
        "{page}"
    );
}

#[test]
fn the_stylesheet_never_breaks_a_table_cell_inside_a_word() {
    let css = std::fs::read_to_string(repo().join("themes/default/static/css/site.css")).unwrap();
    let mut cell_rules = 0;
    for chunk in css.split('}') {
        let Some(open) = chunk.rfind('{') else {
            continue;
        };
        let (head, body) = (&chunk[..open], &chunk[open + 1..]);
        // The selector: after an enclosing @media's `{` and after any comment.
        let selector = head.rsplit('{').next().unwrap_or(head);
        let selector = selector.rsplit("*/").next().unwrap_or(selector).trim();
        let on_cells = selector.split(',').any(|s| {
            s.split_whitespace()
                .last()
                .is_some_and(|t| t == "th" || t == "td")
        });
        if on_cells {
            cell_rules += 1;
            assert!(
                !body.contains("anywhere") && !body.contains("break-all"),
                "{selector} {{{body}}}"
            );
        }
    }
    assert!(cell_rules > 0, "no rule for table cells found");
}
