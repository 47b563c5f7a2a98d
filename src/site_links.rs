//! Links in site.yaml (`menu`, `doors`, `footer_links`) are checked like links in pages: a link
//! to a page or folder the site does not have is an error at its line in site.yaml.

use crate::content::Sources;
use crate::error::Diagnostic;
use crate::links::Resolver;
use crate::yaml::Spanned;
use serde::Deserialize;
use std::path::Path;

/// One link of site.yaml with its place.
#[derive(Debug, Clone)]
pub struct SiteLink {
    pub key: &'static str,
    pub link: String,
    pub line: usize,
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

/// Every link of `links` that reaches no page, folder or record of the site. The rules follow
/// how the menu is rendered (`render::menu_target`): `X.md` is a page in content/, anything
/// else a site path such as `partners/`.
pub fn check(links: &[SiteLink], idx: &dyn Resolver, sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let page_files: Vec<String> = sources
        .pages
        .iter()
        .filter_map(|p| p.file.strip_prefix(crate::content::CONTENT_DIR).ok())
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    let folders: Vec<String> = crate::site::GENERATED
        .iter()
        .map(|u| u.to_string())
        .chain(
            sources
                .pages
                .iter()
                .filter(|p| p.is_section)
                .map(|p| p.url.clone()),
        )
        .filter(|u| !u.is_empty())
        .collect();
    for l in links {
        let link = l.link.trim();
        if crate::links::scheme_of(link).is_some() {
            // Addresses outside the site; config::url_problems refuses unsafe schemes.
            continue;
        }
        let error = |message: String, hint: String| {
            Diagnostic::error(crate::config::FILE, l.line, message)
                .col(l.column)
                .hint(hint)
        };
        if link.contains('#') {
            out.push(error(
                format!(
                    "de link \"{link}\" in `{}` heeft een #anker; dat kan in site.yaml niet",
                    l.key
                ),
                "link naar de pagina zelf, zonder #, bijvoorbeeld beleidsplan/_index.md".into(),
            ));
            continue;
        }
        if link.ends_with(".md") {
            let file = Path::new(crate::content::CONTENT_DIR).join(link.trim_start_matches('/'));
            if idx.page_url(&file).is_some() {
                continue;
            }
            let message = if idx.draft_page(&file) {
                format!(
                    "de link \"{link}\" in `{}` gaat naar {}, en dat is een concept (draft: true)",
                    l.key,
                    file.display()
                )
            } else {
                format!(
                    "de link \"{link}\" in `{}` gaat naar {}, en die pagina bestaat niet",
                    l.key,
                    file.display()
                )
            };
            let hint = match crate::error::closest(link, page_files.iter().map(String::as_str)) {
                Some(best) => format!("bedoel je {best}?"),
                None => {
                    "schrijf het pad van een .md-bestand in content/, zoals beleidsplan/_index.md"
                        .into()
                }
            };
            out.push(error(message, hint));
            continue;
        }
        let mut url = link
            .trim_start_matches('/')
            .trim_end_matches("index.html")
            .to_string();
        if !url.is_empty() && !url.ends_with('/') {
            url.push('/');
        }
        if idx.url_exists(&url) {
            continue;
        }
        let hint = match crate::error::closest(&url, folders.iter().map(String::as_str)) {
            Some(best) => format!("bedoel je {best}?"),
            None => format!(
                "link naar een .md-bestand in content/ (zoals beleidsplan/_index.md) of naar een map van de site: {}",
                crate::site::GENERATED.join(", ")
            ),
        };
        out.push(error(
            format!(
                "de link \"{link}\" in `{}` gaat naar /{url}, en die pagina bestaat niet",
                l.key
            ),
            hint,
        ));
    }
    out
}
