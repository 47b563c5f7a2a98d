//! LOAD: read site.yaml, the theme, pages, partners and glossary into [`Loaded`], with the
//! checks that need no rendered Markdown (records, URLs, output paths, areas).

use crate::check::index::{index_site, index_unloaded, SiteIndex};
use crate::check::records::check_areas;
use crate::check::safety::check_safety;
use crate::config::{self, SiteConfig};
use crate::content::{
    self,
    partner::{self, Date},
    Sources,
};
use crate::error::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use crate::util::timing::phase;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How a build is run.
#[derive(Debug, Clone, Default)]
pub struct Mode {
    /// Date used for "reviewed more than N months ago" (tests pin it).
    pub today: Option<Date>,
}

/// A site read and checked, before any Markdown is rendered.
pub struct Loaded {
    /// site.yaml, or the defaults when it is missing or broken.
    pub config: SiteConfig,
    /// The theme, or the embedded one when the site's own is broken.
    pub theme: Theme,
    /// Pages, partner records, glossary and assets.
    pub sources: Sources,
    /// What links may reach.
    pub index: SiteIndex,
    /// Problems so far. With errors among them, what did load is still complete enough to be
    /// rendered for its checks (a broken site.yaml or theme is replaced by the defaults, a broken
    /// page by a stand-in), but never to be written.
    pub diags: Diagnostics,
}

/// Read site.yaml, the theme, pages, partners and glossary, and check what can be checked
/// before rendering. Err only when there is nothing to go on checking (no page at all).
pub fn load(root: &Path, mode: &Mode) -> Result<Loaded, Diagnostics> {
    load_reusing(root, mode, &|_| None)
}

/// [`load`], taking the pages `reuse` gives (by file) instead of reading them: the preview
/// server's pages that did not change. Everything else is read and checked as in [`load`].
pub fn load_reusing(
    root: &Path,
    mode: &Mode,
    reuse: &(dyn Fn(&Path) -> Option<content::page::Page> + Sync),
) -> Result<Loaded, Diagnostics> {
    load_with(root, mode, reuse, &|_| None)
}

/// [`load_reusing`], taking the bytes of page files from `preread` where it gives them
/// (`content::load_with`): the build cache's, read once for its hash and the build.
pub fn load_with(
    root: &Path,
    mode: &Mode,
    reuse: &(dyn Fn(&Path) -> Option<content::page::Page> + Sync),
    preread: content::Preread,
) -> Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::default();
    let config = match config::load(root) {
        Ok(Some(c)) => Some(c),
        Ok(None) => {
            diags.push(
                Diagnostic::warning(
                    config::FILE,
                    0,
                    "er is geen site.yaml; de standaardinstellingen gelden",
                )
                .hint("maak site.yaml met minstens `title: Naam van de site`"),
            );
            Some(SiteConfig::fallback(root))
        }
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let theme = match Theme::load(root) {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            Theme::embedded().ok()
        }
    };
    let t = std::time::Instant::now();
    let keep_prefix = config.as_ref().is_some_and(|c| c.keep_order_prefix);
    let mut sources = content::load_with(root, keep_prefix, &mut diags, reuse, preread);
    if let Some(section) = config
        .as_ref()
        .and_then(|c| c.plan.as_ref())
        .and_then(|p| p.value.section.as_ref())
    {
        sources.plan_section = section.value.trim().trim_matches('/').to_string();
    }
    phase("load", t);
    if let Some(c) = &config {
        add_missing_sections(&mut sources, &c.title, c.keep_order_prefix);
    }
    let today = mode.today.unwrap_or_else(Date::today);
    let review_months = config.as_ref().map_or(12, |c| c.review_months);
    let default_goals = crate::config::region::default_goals();
    let goals = config.as_ref().map_or(&default_goals, |c| &c.goals);
    for p in &sources.partners {
        diags.extend(partner::check(p, today, review_months));
        diags.extend(crate::config::region::check_record(p, goals));
    }
    if let Some(c) = &config {
        diags.extend(c.settings_problems.iter().cloned());
        diags.extend(crate::config::identity::missing_files(
            &c.file_refs,
            &sources.assets,
        ));
    }
    for p in &sources.pages {
        crate::check::plan::check_updated(p, today, &mut diags);
    }
    phase("load checks", t);
    let mut index = index_site(&sources, &mut diags);
    index_unloaded(&sources, &mut index);
    if let Some(c) = &config {
        diags.extend(crate::check::site_links::check(
            &c.site_links,
            &index,
            &sources,
        ));
    }
    phase("index", t);
    check_safety(config.as_ref(), theme.as_ref(), &sources, &mut diags);
    phase("safety", t);
    check_areas(&sources, &mut diags);
    if let Some(c) = &config {
        crate::check::plan::check_plan(c, &sources, today, &mut diags);
    }
    let config_failed = config.is_none();
    let config = config.unwrap_or_else(|| SiteConfig::fallback(root));
    let Some(theme) = theme else {
        return Err(diags);
    };
    if sources.pages.is_empty() && diags.has_errors() {
        return Err(diags);
    }
    if config_failed {
        // Links to pages are checked with the default settings; say so.
        diags.push(
            Diagnostic::warning(
                config::FILE,
                0,
                "de rest van de site is gecontroleerd met de standaardinstellingen",
            )
            .hint(
                "herstel eerst de fout in site.yaml; daarna kunnen er andere meldingen bij komen",
            ),
        );
    }
    Ok(Loaded {
        config,
        theme,
        sources,
        index,
        diags,
    })
}

/// Every folder gets a section page, even without `_index.md`, so links to it reach a file.
pub(crate) fn add_missing_sections(sources: &mut Sources, site_title: &str, keep_prefix: bool) {
    let mut have: HashSet<String> = sources
        .pages
        .iter()
        .filter(|p| p.is_section)
        .map(|p| p.url.clone())
        .collect();
    if sources.pages.is_empty() {
        return;
    }
    let mut wanted: Vec<(String, PathBuf)> = Vec::new();
    for p in &sources.pages {
        let mut url = p.parent.clone();
        let mut folder = p.file.parent().map(Path::to_path_buf);
        while let (Some(u), Some(f)) = (url, folder) {
            if have.insert(u.clone()) {
                wanted.push((u.clone(), f.join("_index.md")));
            }
            url = parent_url(&u);
            folder = f.parent().map(Path::to_path_buf);
        }
    }
    for (url, file) in wanted {
        let name = url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .replace('-', " ");
        let title = if url.is_empty() {
            site_title.to_string()
        } else {
            let mut c = name.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        };
        let text = format!("---\ntitle: \"{}\"\n---\n", title.replace('"', ""));
        let rel = file
            .strip_prefix(content::CONTENT_DIR)
            .unwrap_or(&file)
            .to_path_buf();
        if let Ok(page) = content::page::parse(&text, &file, &rel, keep_prefix) {
            sources.pages.push(page);
        }
    }
}

pub(crate) fn parent_url(url: &str) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    Some(match trimmed.rfind('/') {
        Some(i) => trimmed[..=i].to_string(),
        None => String::new(),
    })
}
