//! Output paths that content or theme files would take from the generator.

use crate::check::index::{asset_out, role_pages, GENERATED};
use crate::config::SiteConfig;
use crate::content::{page::Page, Sources};
use crate::error::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use crate::util::hash::FastMap;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Problems that would let content put script or someone else's file into the site: unsafe
/// links in site.yaml, and content or theme files whose output path the generator also writes
/// (compared without case, as on the disks of Windows and macOS).
pub(crate) fn check_safety(
    config: Option<&SiteConfig>,
    theme: Option<&Theme>,
    sources: &Sources,
    diags: &mut Diagnostics,
) {
    if let Some(c) = config {
        diags.extend(c.url_problems.iter().cloned());
    }
    let folded = |m: BTreeMap<String, String>| -> HashMap<String, String> {
        m.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect()
    };
    let taken = |generated: &HashMap<String, String>, path: &str| -> Option<String> {
        let path = path.to_lowercase();
        if let Some(what) = generated.get(&path) {
            return Some(what.clone());
        }
        // The search index's files (their number depends on the content) fill zoeken/.
        let name = path.strip_prefix(SEARCH_DIR)?;
        (!name.contains('/')).then(|| "de zoekindex (zoeken/)".to_string())
    };
    let without_theme = folded(generated_files(sources, None));
    for name in theme.iter().flat_map(|t| t.statics.keys()) {
        if let Some(what) = taken(&without_theme, name) {
            diags.push(
                Diagnostic::error(
                    Path::new("themes/default/static").join(name),
                    0,
                    format!("dit themabestand komt op /{name}, maar daar staat al {what}"),
                )
                .hint("geef het bestand een andere naam; ketenwijzer maakt dit bestand zelf"),
            );
        }
    }
    let generated = folded(generated_files(sources, theme));
    // Output path (folded) → the content file that makes it, said in words only on a clash.
    let mut made_by_content: FastMap<String, Made> = FastMap::default();
    made_by_content.reserve(sources.pages.len() + sources.assets.len());
    let whole_plan = sources.whole_plan_url();
    for p in &sources.pages {
        if is_generated_intro(p) || GENERATED.contains(&p.url.as_str()) || p.url == whole_plan {
            // Intros are shown inside the generated page; GENERATED is refused in index_site.
            continue;
        }
        let path = format!("{}index.html", p.url);
        if let Some(what) = taken(&generated, &path) {
            diags.push(
                Diagnostic::error(
                    &p.file,
                    1,
                    format!("deze pagina komt op /{}, maar daar staat al {what}", p.url),
                )
                .hint("kies een andere bestandsnaam of map voor deze pagina"),
            );
        }
        made_by_content.insert(path.to_lowercase(), Made::Page(p));
    }
    for (file, rel) in &sources.assets {
        let path = asset_out(rel);
        let other = taken(&generated, &path).or_else(|| {
            made_by_content
                .get(&path.to_lowercase())
                .map(|made| format!("{}, die ook op die plek komt", made.what()))
        });
        match other {
            Some(what) => diags.push(
                Diagnostic::error(
                    file,
                    0,
                    format!("dit bestand komt op /{path}, maar daar staat al {what}"),
                )
                .hint("geef het bestand een andere naam of zet het in een andere map"),
            ),
            None => {
                made_by_content.insert(path.to_lowercase(), Made::Asset(file));
            }
        }
    }
}

/// The folder of the search page and its index files.
/// What content makes an output file, for the message when an asset lands on the same place.
enum Made<'a> {
    Page(&'a Page),
    Asset(&'a Path),
}

impl Made<'_> {
    fn what(&self) -> String {
        match self {
            Made::Page(p) if p.is_section => {
                let folder = p.file.parent().unwrap_or(Path::new(""));
                format!("de overzichtspagina van {}/", folder.to_string_lossy())
            }
            Made::Page(p) => format!("de pagina van {}", p.file.to_string_lossy()),
            Made::Asset(file) => file.to_string_lossy().into_owned(),
        }
    }
}

pub(crate) const SEARCH_DIR: &str = "zoeken/";

/// A section intro (`content/partners/_index.md`) shown on a generated page, not on its own.
pub(crate) fn is_generated_intro(p: &Page) -> bool {
    p.is_section && (p.url == "partners/" || p.url == "gemeenten/")
}

/// Every file the generator writes itself whose path is known before rendering (the search
/// index files are all of `zoeken/`), with what it is, for collision messages. It follows
/// `templates::write_generated`; a test checks that a build writes nothing else.
pub fn generated_files(sources: &Sources, theme: Option<&Theme>) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let mut add = |path: String, what: String| {
        m.insert(path, what);
    };
    add(
        "partners/index.html".into(),
        "de lijst van ketenpartners".into(),
    );
    for (role, url) in role_pages() {
        add(
            format!("{url}index.html"),
            format!("de lijst van ketenpartners met de rol {role}"),
        );
    }
    for p in &sources.partners {
        let file = p.file.to_string_lossy();
        add(
            format!("{}index.html", p.url()),
            format!("de pagina van {file}"),
        );
        add(
            format!("{}{}.vcf", p.url(), p.id),
            format!("het visitekaartje (vCard) van {file}"),
        );
    }
    add(
        "gemeenten/index.html".into(),
        "de lijst van gemeenten".into(),
    );
    add(
        "begrippen/index.html".into(),
        format!(
            "de begrippenlijst ({})",
            sources.glossary.file.to_string_lossy()
        ),
    );
    add(format!("{SEARCH_DIR}index.html"), "de zoekpagina".into());
    add(
        format!("{}index.html", sources.whole_plan_url()),
        "het hele plan op één pagina".into(),
    );
    add("404.html".into(), "de foutpagina (404)".into());
    add("sitemap.xml".into(), "de sitemap".into());
    add(
        "robots.txt".into(),
        "robots.txt, dat ketenwijzer voor zoekmachines maakt".into(),
    );
    if let Some(theme) = theme {
        for name in theme.statics.keys() {
            add(
                name.clone(),
                format!("een bestand van het thema (themes/default/static/{name})"),
            );
        }
    }
    m
}
