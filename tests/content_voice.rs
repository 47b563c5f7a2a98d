//! The bundled site speaks with one voice: the seven municipalities. A researcher's caveat
//! ("niet geverifieerd", "in onze bronnen niet gevonden" …) may only stand inside an open point,
//! the block that says what the region still has to settle; everywhere else the site states what
//! is known, with its source. And every chapter of the plan carries real text, not only open
//! points.
//!
//! Both tests build the bundled site (the repository root) in memory and read the HTML pages.

use ketenwijzer::output::MemorySink;
use ketenwijzer::site::{self, Mode};
use std::path::Path;

/// Phrases of a researcher's voice (content brief, issue #15, content review §2a/§2c/#51),
/// compared in lower case.
const CAVEATS: &[&str] = &[
    "niet geverifieerd",
    "in geen openbare bron",
    "in geen van de gebruikte bronnen",
    "niet in openbare bronnen",
    "niet gevonden",
    "niet teruggevonden",
    "niet nagelezen",
    "niet leesbaar",
    "alleen de inleiding",
    "dit hoofdstuk stelt voor",
    "een ander regionaal plan",
    "bronnen noemen",
    "volgens openbare bronnen",
    "openbare bronnen lieten",
    "in onze bronnen",
    "onze bronnen noemen",
    "verschillen de bronnen",
    "de bronnen verschillen",
    "in de bronnen",
    "in een bron terug te vinden",
    "aannemelijk, maar niet bewezen",
    "deze site noemt daarom geen",
];

/// Pages whose text is the engine's, not the plan's ("Pagina niet gevonden").
const ENGINE_PAGES: &[&str] = &["404.html"];

/// Every HTML page of the bundled site: (path, html).
fn bundled_pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sink = MemorySink::default();
    if let Err(diags) = site::build(root, &Mode::default(), &sink) {
        panic!("the bundled site does not build:\n{diags:?}");
    }
    let mut pages: Vec<(String, String)> = sink
        .into_files()
        .into_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path, String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect();
    pages.sort();
    pages
}

/// The name of the element whose start tag begins at `at` (`<aside …` → "aside").
fn tag_name(html: &str, at: usize) -> &str {
    let rest = &html[at + 1..];
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The byte just past the element that starts at `at`, counting nested elements of the same
/// name, so an open point holding a `<div>` in a `<div>` is removed whole.
fn element_end(html: &str, at: usize) -> usize {
    let name = tag_name(html, at);
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth = 0usize;
    let mut i = at;
    loop {
        let next_open = html[i..].find(&open).map(|p| i + p);
        let next_close = html[i..].find(&close).map(|p| i + p);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                // `<div` must not match `<divider`: the next character ends the name.
                let after = html[o + open.len()..].chars().next();
                if after.is_some_and(|c| c == '>' || c.is_whitespace() || c == '/') {
                    depth += 1;
                }
                i = o + open.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                i = c + close.len();
                if depth == 0 {
                    return i;
                }
            }
            _ => return html.len(),
        }
    }
}

/// Start of the tag that holds the byte `at` (the last `<` before it).
fn tag_start(html: &str, at: usize) -> usize {
    html[..at].rfind('<').unwrap_or(0)
}

/// The page without its open points: every element carrying `data-open-point`, and (until the
/// engine renders open points) every blockquote whose text starts with `[!OPEN]`.
fn without_open_points(html: &str) -> String {
    let mut out = html.to_string();
    loop {
        let marked = out
            .find("data-open-point")
            .map(|p| tag_start(&out, p))
            .filter(|&s| out[s..].starts_with('<') && !out[s..].starts_with("</"));
        let quoted = out.match_indices("<blockquote").map(|(p, _)| p).find(|&p| {
            let inner = &out[p..element_end(&out, p)];
            text(inner).trim_start().starts_with("[!OPEN]")
        });
        let Some(start) = marked.or(quoted) else {
            return out;
        };
        let end = element_end(&out, start);
        out.replace_range(start..end, " ");
    }
}

/// Text of an HTML fragment: tags removed, common entities decoded, whitespace collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chapter's own text: the `content` div up to the end of the article.
fn chapter_body(html: &str) -> &str {
    let start = html.find("<div class=\"content\">").unwrap_or(0);
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn no_researchers_caveat_outside_open_points() {
    let mut found = Vec::new();
    for (path, html) in bundled_pages() {
        if ENGINE_PAGES.contains(&path.as_str()) {
            continue;
        }
        let body = text(&without_open_points(&html)).to_lowercase();
        for phrase in CAVEATS {
            if let Some(at) = body.find(phrase) {
                let from = body[..at]
                    .char_indices()
                    .rev()
                    .nth(50)
                    .map_or(0, |(i, _)| i);
                let to = body[at..]
                    .char_indices()
                    .nth(phrase.chars().count() + 30)
                    .map_or(body.len(), |(i, _)| at + i);
                found.push(format!("{path}: \"{phrase}\" in \"…{}…\"", &body[from..to]));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} caveat(s) outside open points; make each a plain statement with a source, or an \
         open point (> [!OPEN] … Beslist: …):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_chapter_has_600_words_outside_open_points() {
    let mut short = Vec::new();
    let mut chapters = 0;
    for (path, html) in bundled_pages() {
        let Some(slug) = path
            .strip_prefix("beleidsplan/")
            .and_then(|p| p.strip_suffix("/index.html"))
        else {
            continue;
        };
        // The print version holds every chapter at once; it is not a chapter.
        if slug == "volledig" || slug.contains('/') {
            continue;
        }
        chapters += 1;
        let words = text(&without_open_points(chapter_body(&html)))
            .split(' ')
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if words < 600 {
            short.push(format!("{path}: {words} words"));
        }
    }
    assert!(
        chapters >= 7,
        "only {chapters} chapter pages under beleidsplan/"
    );
    assert!(
        short.is_empty(),
        "chapters with fewer than 600 words outside open points:\n{}",
        short.join("\n")
    );
}

#[test]
fn open_points_are_stripped_whole() {
    let html = "<p>voor</p><aside class=\"open\" data-open-point><div><p>niet gevonden</p></div>\
                <div>nog</div></aside><p>na</p>\
                <blockquote><p>[!OPEN] Wie beslist.</p><blockquote><p>binnen</p></blockquote></blockquote>\
                <blockquote><p>Een citaat.</p></blockquote>";
    let t = text(&without_open_points(html));
    assert_eq!(t, "voor na Een citaat.");
}
