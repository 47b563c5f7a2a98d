//! The preview's worklist: every open point of the site on one page, with a link to the page
//! that shows it. Only `serve` makes it; `build` never writes it.

use crate::content::Sources;
use crate::open_points::{self, OpenPoint};
use crate::util::html::escape;
use std::collections::HashMap;
use std::path::PathBuf;

/// Where the page is served.
pub const PATH: &str = "_open-punten/index.html";

/// The URL (relative to the site root) that shows the open points of each source file.
pub fn urls(sources: &Sources) -> HashMap<PathBuf, String> {
    let mut m = HashMap::new();
    for p in &sources.pages {
        m.insert(p.file.clone(), p.url.clone());
    }
    for p in &sources.partners {
        m.insert(p.file.clone(), p.url());
    }
    m.insert(sources.glossary.file.clone(), "begrippen/".to_string());
    m
}

/// The page itself, in the theme's stylesheet.
pub fn page(points: &[OpenPoint], urls: &HashMap<PathBuf, String>) -> Vec<u8> {
    let mut sorted = points.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Open punten (preview)</title>\n<link rel=\"stylesheet\" href=\"../css/site.css\">\n</head>\n<body>\n<main id=\"inhoud\" class=\"page\">\n<h1>Open punten</h1>\n",
    );
    html.push_str(&format!(
        "<p class=\"lead\">{} {}. Deze pagina staat alleen in de preview; <code>ketenwijzer build</code> schrijft haar nooit. <a href=\"../index.html\">Naar de site</a></p>\n",
        open_points::count_phrase(sorted.len()),
        if sorted.is_empty() { "in de site" } else { "nog vast te stellen" }
    ));
    if !sorted.is_empty() {
        html.push_str("<table>\n<caption>Open punten per bestand</caption>\n<thead><tr><th scope=\"col\">Waar</th><th scope=\"col\">Wat moet er nog vastgesteld worden</th><th scope=\"col\">Beslist</th></tr></thead>\n<tbody>\n");
        for p in &sorted {
            let place = escape(&p.location());
            let cell = match urls.get(&p.file) {
                Some(url) => format!("<a href=\"../{}index.html\">{place}</a>", escape(url)),
                None => place,
            };
            html.push_str(&format!(
                "<tr><td>{cell}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&p.text),
                escape(p.decides.as_deref().unwrap_or(""))
            ));
        }
        html.push_str("</tbody>\n</table>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html.into_bytes()
}
