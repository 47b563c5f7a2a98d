//! Links in site.yaml (`menu`, `doors`, `footer_links`) are checked like links in pages: a link
//! to a page or folder the site does not have is an error at its line in site.yaml.

use crate::yaml::Spanned;
use serde::Deserialize;
use std::path::Path;

/// One link of site.yaml with its place.
#[derive(Debug, Clone)]
pub struct SiteLink {
    /// Where the link is: `menu`, `doors` or `footer_links`.
    pub key: &'static str,
    /// The link as written.
    pub link: String,
    /// Line in site.yaml.
    pub line: usize,
    /// Column in site.yaml.
    pub column: usize,
}

#[derive(Deserialize)]
struct Places {
    #[serde(default)]
    menu: Vec<Item>,
    #[serde(default)]
    doors: Vec<Item>,
    #[serde(default)]
    footer_links: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    link: Spanned<String>,
}

/// The links of site.yaml with their places (read a second time, so the settings keep plain
/// strings); none when site.yaml does not parse (config::load reports that).
pub fn places(site_yaml: &str) -> Vec<SiteLink> {
    let Ok(p) = crate::yaml::parse::<Places>(site_yaml, Path::new(crate::config::FILE), 0) else {
        return Vec::new();
    };
    [
        ("menu", p.menu),
        ("doors", p.doors),
        ("footer_links", p.footer_links),
    ]
    .into_iter()
    .flat_map(|(key, items)| {
        items.into_iter().map(move |i| SiteLink {
            key,
            link: i.link.value,
            line: i.link.referenced.line() as usize,
            column: i.link.referenced.column() as usize,
        })
    })
    .collect()
}
