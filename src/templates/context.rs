//! The data every template gets: site, menu, breadcrumbs, page, children, previous/next.

use crate::check::index::SiteIndex;
use crate::config::SiteConfig;
use crate::content::Sources;
use crate::links::{href, root_of};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Serialize, Clone)]
pub(crate) struct LinkCtx {
    pub(crate) title: String,
    pub(crate) href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<String>,
    pub(crate) current: bool,
}

#[derive(Serialize)]
pub(crate) struct PageCtx {
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) url: String,
    pub(crate) kind: &'static str,
    pub(crate) content: String,
    pub(crate) toc: Vec<crate::markdown::TocEntry>,
    pub(crate) keywords: Vec<String>,
}

/// [`PageCtx`] borrowed from the page it shows, for content pages: the same fields, so the
/// same template data, without copying the page's HTML, contents and keywords first.
#[derive(Serialize)]
pub(crate) struct PageView<'p> {
    pub(crate) title: &'p str,
    pub(crate) summary: &'p str,
    pub(crate) url: &'p str,
    pub(crate) kind: &'static str,
    pub(crate) content: &'p str,
    pub(crate) toc: &'p [crate::markdown::TocEntry],
    pub(crate) keywords: &'p [String],
}

/// Data every page's template gets.
pub(crate) struct Common<'a> {
    pub(crate) config: &'a SiteConfig,
    pub(crate) titles: BTreeMap<String, String>,
    pub(crate) menu: Vec<(String, String)>,
    pub(crate) index: &'a SiteIndex,
    /// Pages by parent URL, in order (sections and pages), computed once for all pages.
    pub(crate) children: HashMap<String, Vec<usize>>,
    /// Non-section pages by parent URL, in order (for previous/next).
    pub(crate) siblings: HashMap<String, Vec<usize>>,
    /// Position of each page among its non-section siblings.
    pub(crate) sibling_pos: Vec<Option<usize>>,
    /// The plan's status (`plan:` of site.yaml), for every template, as template data.
    pub(crate) plan: tera::Value,
    /// site.yaml's texts and identity (`site` in the templates): the same for every page, so
    /// made into template data once (a `tera::Value` shares its maps when cloned).
    pub(crate) site: tera::Value,
    /// The menu and footer per depth of page (see [`Common::frame`]).
    pub(crate) frames: Frames,
}

/// What [`Common::frame`] makes for the pages at one depth, as template data.
#[derive(Clone)]
pub(crate) struct Frame {
    nav: tera::Value,
    home_href: tera::Value,
    search_href: tera::Value,
    footer_links: tera::Value,
}

/// Frames made so far, by the page's root and which menu items are current there.
pub(crate) type Frames = std::sync::Mutex<HashMap<(String, Vec<bool>), Frame>>;

/// The `site` of every template, from site.yaml.
pub(crate) fn site_data(config: &SiteConfig) -> tera::Value {
    tera::Value::from_serializable(&serde_json::json!({
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "footer": config.footer,
        "identity": crate::config::identity::template_data(config),
    }))
}

/// Children of every section and each page's place among its siblings, in one pass.
pub(crate) type Family = (
    HashMap<String, Vec<usize>>,
    HashMap<String, Vec<usize>>,
    Vec<Option<usize>>,
);

pub(crate) fn family(sources: &Sources) -> Family {
    let mut children: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in sources.pages.iter().enumerate() {
        if let Some(parent) = &p.parent {
            if !p.url.is_empty() {
                children.entry(parent.clone()).or_default().push(i);
            }
        }
    }
    let mut pos = vec![None; sources.pages.len()];
    let mut siblings = HashMap::new();
    for (parent, list) in children.iter_mut() {
        list.sort_by(|a, b| sources.pages[*a].sort_key.cmp(&sources.pages[*b].sort_key));
        let pages: Vec<usize> = list
            .iter()
            .copied()
            .filter(|i| !sources.pages[*i].is_section)
            .collect();
        for (k, i) in pages.iter().enumerate() {
            pos[*i] = Some(k);
        }
        siblings.insert(parent.clone(), pages);
    }
    (children, siblings, pos)
}

impl Common<'_> {
    pub(crate) fn context(&self, url: &str, page: PageCtx) -> tera::Context {
        self.context_of(url, &page)
    }

    /// [`Common::context`] for any `page` data with the fields of [`PageCtx`].
    pub(crate) fn context_of(&self, url: &str, page: &impl Serialize) -> tera::Context {
        let root = root_of(url);
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site.clone());
        ctx.insert("root", &root);
        ctx.insert_value("plan", self.plan.clone());
        ctx.insert("in_plan", &false);
        ctx.insert("updated", &Option::<serde_json::Value>::None);
        let current: Vec<bool> = self
            .menu
            .iter()
            .map(|(_, target)| {
                if target.is_empty() {
                    url.is_empty()
                } else {
                    url.starts_with(target.as_str())
                }
            })
            .collect();
        let frame = self.frame(&root, current);
        ctx.insert_value("nav", frame.nav);
        ctx.insert("breadcrumbs", &self.breadcrumbs(url, &root));
        ctx.insert_value("home_href", frame.home_href);
        ctx.insert_value("search_href", frame.search_href);
        ctx.insert("page", page);
        ctx.insert("prev", &Option::<LinkCtx>::None);
        ctx.insert("next", &Option::<LinkCtx>::None);
        ctx.insert("children", &Vec::<LinkCtx>::new());
        ctx.insert("print_href", "");
        ctx.insert("doors", &Vec::<LinkCtx>::new());
        ctx.insert_value("footer_links", frame.footer_links);
        ctx
    }

    /// The menu, footer and home and search links of a page at `root` whose menu items are
    /// `current` or not: the same for every page at that depth, so made once.
    fn frame(&self, root: &str, current: Vec<bool>) -> Frame {
        let key = (root.to_string(), current);
        if let Some(frame) = crate::util::sync::lock(&self.frames).get(&key) {
            return frame.clone();
        }
        let nav: Vec<LinkCtx> = self
            .menu
            .iter()
            .zip(&key.1)
            .map(|((title, target), current)| LinkCtx {
                title: title.clone(),
                href: target_href(root, target),
                summary: None,
                current: *current,
            })
            .collect();
        let footer: Vec<LinkCtx> = self
            .config
            .footer_links
            .iter()
            .map(|f| LinkCtx {
                title: f.title.clone(),
                href: target_href(root, &menu_target(&f.link, self.index)),
                summary: None,
                current: false,
            })
            .collect();
        let frame = Frame {
            nav: tera::Value::from_serializable(&nav),
            home_href: tera::Value::from_serializable(&href(root, "", None)),
            search_href: tera::Value::from_serializable(&href(root, "zoeken/", None)),
            footer_links: tera::Value::from_serializable(&footer),
        };
        crate::util::sync::lock(&self.frames).insert(key, frame.clone());
        frame
    }

    pub(crate) fn breadcrumbs(&self, url: &str, root: &str) -> Vec<LinkCtx> {
        if url.is_empty() {
            return Vec::new();
        }
        let mut out = vec![LinkCtx {
            title: "Home".into(),
            href: href(root, "", None),
            summary: None,
            current: false,
        }];
        let mut acc = String::new();
        let parts: Vec<&str> = url.trim_end_matches('/').split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            acc.push_str(part);
            acc.push('/');
            if let Some(title) = self.titles.get(&acc) {
                out.push(LinkCtx {
                    title: title.clone(),
                    href: href(root, &acc, None),
                    summary: None,
                    current: i + 1 == parts.len(),
                });
            }
        }
        out
    }
}

/// The href of a menu, door or footer target: a site path made relative to the page, an
/// address with a scheme (`https:`, `mailto:`, `tel:`: site.yaml allows no other) as it is.
pub(crate) fn target_href(root: &str, target: &str) -> String {
    if crate::links::scheme_of(target).is_some() {
        target.to_string()
    } else {
        href(root, target, None)
    }
}

/// What a site.yaml link points at: a site path (`partners/`), or the address itself when it
/// has a scheme.
pub(crate) fn menu_target(link: &str, index: &SiteIndex) -> String {
    use crate::links::Resolver;
    if crate::links::scheme_of(link).is_some() {
        return link.to_string();
    }
    if link.ends_with(".md") {
        if let Some(u) = index.page_url(&Path::new("content").join(link)) {
            return u;
        }
    }
    let mut u = link
        .trim_start_matches('/')
        .trim_end_matches("index.html")
        .to_string();
    if !u.is_empty() && !u.ends_with('/') {
        u.push('/');
    }
    u
}

pub(crate) fn default_menu() -> Vec<(String, String)> {
    vec![
        ("Beleidsplan".into(), "beleidsplan/".into()),
        ("Signalenlijsten".into(), "signalen/".into()),
        ("Routes".into(), "routes/".into()),
        ("Ketenpartners".into(), "partners/".into()),
        ("Gemeenten".into(), "gemeenten/".into()),
        ("Begrippen".into(), "begrippen/".into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::{PageCtx, PageView};
    use crate::markdown::TocEntry;

    #[test]
    fn a_borrowed_page_is_the_same_template_data_as_an_owned_one() {
        let toc = vec![TocEntry {
            level: 2,
            id: "kop".into(),
            title: "Kop & <b>".into(),
        }];
        let keywords = vec!["een".to_string(), "twee".to_string()];
        let owned = PageCtx {
            title: "Titel".into(),
            summary: "Samenvatting \"x\"".into(),
            url: "a/b/".into(),
            kind: "page",
            content: "<p>Tekst van meer dan eenentwintig tekens</p>".into(),
            toc: toc.clone(),
            keywords: keywords.clone(),
        };
        let view = PageView {
            title: &owned.title,
            summary: &owned.summary,
            url: &owned.url,
            kind: owned.kind,
            content: &owned.content,
            toc: &toc,
            keywords: &keywords,
        };
        assert_eq!(
            tera::Value::from_serializable(&view),
            tera::Value::from_serializable(&owned)
        );
    }
}
