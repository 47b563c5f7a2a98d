//! Links in `menu`, `doors` and `footer_links` of site.yaml, checked like links in pages: each
//! must reach a page, folder or record of the site.

use crate::config::site_links::SiteLink;
use crate::content::Sources;
use crate::error::Diagnostic;
use crate::links::Resolver;
use std::path::Path;

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
    let folders: Vec<String> = super::index::GENERATED
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
                super::index::GENERATED.join(", ")
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
