//! Templates (Tera) and every generated file: pages, partner directory, glossary, search page,
//! the whole plan for print, 404, sitemap, robots.txt, vCards and static assets.

mod context;
mod files;
mod generated;
pub mod plan_status;

pub use generated::{write_generated, write_generated_pages, write_site_files};

use crate::check::index::{role_pages, SiteIndex};
use crate::config::SiteConfig;
use crate::content::partner::{self};
use crate::content::Sources;
use crate::error::Diagnostic;
use crate::links::{href, root_of};
use crate::output::OutFile;
use crate::output::Sink;
use crate::render::Model;
use crate::theme::Theme;
use context::{default_menu, family, menu_target, target_href, Common, LinkCtx, PageCtx, PageView};
use std::collections::BTreeMap;

/// Hands files to the sink and remembers their paths (for the sitemap and the count).
pub struct Emitter<'a> {
    pub(crate) sink: &'a dyn Sink,
    pub(crate) paths: std::sync::Mutex<Vec<String>>,
}

impl<'a> Emitter<'a> {
    /// An emitter that hands files to `sink`.
    pub fn new(sink: &'a dyn Sink) -> Self {
        Emitter {
            sink,
            paths: std::sync::Mutex::default(),
        }
    }

    /// Hand one file to the sink and remember its path.
    pub fn put(&self, path: String, mut bytes: Vec<u8>) -> Result<(), Diagnostic> {
        // A NUL from a record or title (`"a\0b"` in YAML) becomes U+FFFD, as in Markdown.
        if (path.ends_with(".html") || path.ends_with(".xml"))
            && memchr::memchr(0, &bytes).is_some()
        {
            bytes = String::from_utf8_lossy(&bytes)
                .replace('\0', "\u{FFFD}")
                .into_bytes();
        }
        crate::util::sync::lock(&self.paths).push(path.clone());
        self.sink.put(path.clone(), bytes).map_err(|e| {
            let crate::error::Error::Io { path: file, .. } = &e;
            let file = file.clone();
            // Two files for one path (see output::duplicate) is the site's doing, not the disk's.
            let hint = match &e {
                crate::error::Error::Io { source, .. }
                    if source.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    "geef een van de twee pagina's of bestanden een andere naam of map"
                }
                _ => "kijk of de uitvoermap schrijfbaar is en of de schijf vol is",
            };
            Diagnostic::error(file, 0, format!("kan dit bestand niet schrijven: {e}")).hint(hint)
        })
    }
}

/// What [`write_generated`] handed to the sink.
pub struct Emitted {
    /// All files.
    pub files: usize,
    /// HTML files.
    pub pages: usize,
}

/// The theme with what every page's template needs, prepared once per build.
pub struct Templates<'a> {
    pub(crate) common: Common<'a>,
    pub(crate) sources: &'a Sources,
    pub(crate) theme: &'a Theme,
}

impl<'a> Templates<'a> {
    /// Prepare menus, titles and each page's family for one build.
    pub fn new(
        config: &'a SiteConfig,
        sources: &'a Sources,
        index: &'a SiteIndex,
        theme: &'a Theme,
    ) -> Self {
        let mut titles: BTreeMap<String, String> = BTreeMap::new();
        for p in &sources.pages {
            titles.insert(p.url.clone(), p.meta.title.clone());
        }
        titles
            .entry("partners/".into())
            .or_insert_with(|| "Ketenpartners".into());
        titles
            .entry("gemeenten/".into())
            .or_insert_with(|| "Gemeenten".into());
        titles.insert("begrippen/".into(), "Begrippen".into());
        titles.insert("zoeken/".into(), "Zoeken".into());
        titles.insert(sources.whole_plan_url(), "Het hele plan".into());
        for p in &sources.partners {
            titles.insert(p.url(), p.record.name.clone());
        }
        for (id, url) in role_pages() {
            titles.insert(url, partner::role_label(id).unwrap_or(id).to_string());
        }
        let menu: Vec<(String, String)> = if config.menu.is_empty() {
            default_menu()
        } else {
            config
                .menu
                .iter()
                .map(|m| (m.title.clone(), menu_target(&m.link, index)))
                .collect()
        };
        let (children, siblings, sibling_pos) = family(sources);
        Templates {
            common: Common {
                plan: tera::Value::from_serializable(&crate::templates::plan_status::context(
                    config, sources,
                )),
                site: context::site_data(config),
                frames: Default::default(),
                children,
                siblings,
                sibling_pos,
                config,
                titles,
                menu,
                index,
            },
            sources,
            theme,
        }
    }

    /// Whether page `i` is a page of its own (the partner and municipality intros are not:
    /// they are the top of generated pages).
    pub fn has_own_page(&self, i: usize) -> bool {
        !is_intro(&self.sources.pages[i].url)
    }

    /// Pages whose HTML other pages take in: the chapters (the whole plan) and the intros.
    pub fn html_kept(&self) -> std::collections::HashSet<usize> {
        let mut keep: std::collections::HashSet<usize> =
            chapters(self.sources).into_iter().collect();
        keep.extend(
            self.sources
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| is_intro(&p.url))
                .map(|(i, _)| i),
        );
        keep
    }

    /// Whether page `i` is a chapter of the plan (its HTML is also on the whole-plan page).
    pub fn is_chapter(&self, i: usize) -> bool {
        chapters(self.sources).contains(&i)
    }

    /// The whole plan on one page, from the chapters' HTML in `model`.
    pub fn whole_plan(&self, model: &Model) -> Result<OutFile, Diagnostic> {
        let sources = self.sources;
        let url = sources.whole_plan_url();
        let chapters: Vec<serde_json::Value> = chapters(sources)
            .into_iter()
            .map(|i| {
                let p = &sources.pages[i];
                let prefix = crate::slug::slugify(
                    p.url
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or("h"),
                );
                serde_json::json!({
                    "id": prefix,
                    "title": p.meta.title,
                    "content": name_regions(
                        &prefix_ids(&model.pages[i].rendered.html, &prefix),
                        &p.meta.title,
                    ),
                })
            })
            .collect();
        let mut ctx = self.common.context(
            &url,
            PageCtx {
                title: "Het hele plan".into(),
                summary: "Alle hoofdstukken van het beleidsplan op één pagina, om af te drukken."
                    .into(),
                url: url.clone(),
                kind: "print",
                content: String::new(),
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        ctx.insert("chapters", &chapters);
        let html = self.theme.render("print.html", &ctx)?;
        Ok(OutFile {
            path: format!("{url}index.html"),
            bytes: html.into_bytes(),
        })
    }

    /// The HTML file of content page `i`, from its rendered Markdown.
    pub fn page(
        &self,
        i: usize,
        rendered: &crate::markdown::Rendered,
    ) -> Result<OutFile, Diagnostic> {
        content_page(&self.common, self.sources, rendered, self.theme, i)
    }
}

pub(crate) fn is_intro(url: &str) -> bool {
    url == "partners/" || url == "gemeenten/"
}

pub(crate) fn content_page(
    common: &Common,
    sources: &Sources,
    r: &crate::markdown::Rendered,
    theme: &Theme,
    i: usize,
) -> Result<OutFile, Diagnostic> {
    let p = &sources.pages[i];
    let root = root_of(&p.url);
    let kind = if p.url.is_empty() {
        "home"
    } else if p.is_section {
        "section"
    } else if r.signals.is_some() {
        "checklist"
    } else if r.casus_questions.is_some() {
        "casus"
    } else if r.flowcharts > 0 {
        "route"
    } else {
        "page"
    };
    let mut ctx = common.context_of(
        &p.url,
        &PageView {
            title: &p.meta.title,
            summary: &p.meta.summary,
            url: &p.url,
            kind,
            content: &r.html,
            toc: &r.toc,
            keywords: &p.meta.keywords,
        },
    );
    ctx.insert("in_plan", &p.url.starts_with(&sources.plan_url()));
    if let Some(u) = &p.meta.updated {
        let shown = crate::content::partner::Date::parse(&u.value)
            .map_or_else(|| u.value.clone(), |d| d.dutch());
        ctx.insert(
            "updated",
            &serde_json::json!({"date": shown, "iso": u.value.trim()}),
        );
    }
    let (children, prev, next) = family_links(common, sources, i);
    if p.is_section {
        ctx.insert("children", &children);
        if p.url == "casussen/" {
            let empty = Vec::new();
            let idx = common.children.get(&p.url).unwrap_or(&empty);
            ctx.insert("cases", &case_list(sources, idx, &root));
        }
    }
    if prev.is_some() {
        ctx.insert("prev", &prev);
    }
    if next.is_some() {
        ctx.insert("next", &next);
    }
    if p.url.is_empty() {
        let doors: Vec<serde_json::Value> = common
            .config
            .doors
            .iter()
            .map(|d| serde_json::json!({"title": d.title, "text": d.text, "href": target_href(&root, &menu_target(&d.link, common.index))}))
            .collect();
        ctx.insert("doors", &doors);
        if sources.pages.iter().any(crate::render::page::is_casus) {
            ctx.insert("casussen_href", &href(&root, "casussen/", None));
        }
    }
    if p.url == sources.plan_url() {
        ctx.insert("print_href", &href(&root, &sources.whole_plan_url(), None));
    }
    let template = if p.url.is_empty() {
        "home.html"
    } else {
        "page.html"
    };
    Ok(OutFile {
        path: format!("{}index.html", p.url),
        bytes: theme.render_around(template, &ctx, r.html.len())?,
    })
}

/// What page `i` shows of other pages: its children (a section), or its previous and next
/// page among its siblings.
fn family_links(
    common: &Common,
    sources: &Sources,
    i: usize,
) -> (Vec<LinkCtx>, Option<LinkCtx>, Option<LinkCtx>) {
    let p = &sources.pages[i];
    let root = root_of(&p.url);
    let link = |c: &crate::content::page::Page| LinkCtx {
        title: c.meta.title.clone(),
        href: href(&root, &c.url, None),
        summary: Some(c.meta.summary.clone()),
        current: false,
    };
    let empty = Vec::new();
    let (mut children, mut prev, mut next) = (Vec::new(), None, None);
    if p.is_section {
        children = common
            .children
            .get(&p.url)
            .unwrap_or(&empty)
            .iter()
            .map(|c| link(&sources.pages[*c]))
            .collect();
    } else if let (Some(parent), Some(k)) = (&p.parent, common.sibling_pos[i]) {
        if !parent.is_empty() {
            let sib = common.siblings.get(parent).unwrap_or(&empty);
            if k > 0 {
                prev = Some(link(&sources.pages[sib[k - 1]]));
            }
            next = sib.get(k + 1).map(|n| link(&sources.pages[*n]));
        }
    }
    (children, prev, next)
}

fn hash_json(h: &mut impl std::hash::Hasher, value: &impl serde::Serialize) {
    h.write(serde_json::to_string(value).unwrap_or_default().as_bytes());
}

impl Templates<'_> {
    /// What content page `i`'s template shows of other pages (breadcrumbs, children, previous
    /// and next), as a hash: when it and the page's own source are unchanged, so is its file,
    /// as long as [`Templates::site_view`] is too.
    pub fn view_key(&self, i: usize) -> u64 {
        let p = &self.sources.pages[i];
        let root = root_of(&p.url);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        hash_json(&mut h, &self.common.breadcrumbs(&p.url, &root));
        hash_json(&mut h, &family_links(&self.common, self.sources, i));
        // Whatever else a template shows of the pages it lists (a case list: department and
        // forms) comes from their front matter.
        let empty = Vec::new();
        let shown: Vec<usize> = if p.is_section {
            self.common.children.get(&p.url).unwrap_or(&empty).clone()
        } else {
            match (&p.parent, self.common.sibling_pos[i]) {
                (Some(parent), Some(k)) if !parent.is_empty() => {
                    let sib = self.common.siblings.get(parent).unwrap_or(&empty);
                    sib[k.saturating_sub(1)..sib.len().min(k + 2)].to_vec()
                }
                _ => Vec::new(),
            }
        };
        for c in shown {
            std::hash::Hasher::write(&mut h, self.sources.pages[c].front_matter.as_bytes());
        }
        if p.url.is_empty() {
            // The home page links to sections that exist only with some kinds of page.
            for q in &self.sources.pages {
                std::hash::Hasher::write(&mut h, q.url.as_bytes());
            }
        }
        std::hash::Hasher::finish(&h)
    }

    /// What every page's template shows of the site (site.yaml's texts, the plan's status,
    /// menu, footer, home page doors), to compare with an earlier one.
    pub fn site_view(&self) -> SiteView {
        let contexts = ["", "a/", "a/b/"]
            .into_iter()
            .map(|url| {
                self.common.context(
                    url,
                    PageCtx {
                        title: String::new(),
                        summary: String::new(),
                        url: url.to_string(),
                        kind: "page",
                        content: String::new(),
                        toc: Vec::new(),
                        keywords: Vec::new(),
                    },
                )
            })
            .collect();
        let doors: Vec<(String, String, String)> = self
            .common
            .config
            .doors
            .iter()
            .map(|d| {
                (
                    d.title.clone(),
                    d.text.clone(),
                    menu_target(&d.link, self.common.index),
                )
            })
            .collect();
        SiteView {
            contexts,
            rest: serde_json::to_string(&(
                doors,
                self.sources.plan_url(),
                self.sources.whole_plan_url(),
            ))
            .unwrap_or_default(),
        }
    }
}

/// What every page's template shows of the site ([`Templates::site_view`]). Compared, not
/// hashed: a template context's maps have no fixed order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteView {
    contexts: Vec<tera::Context>,
    rest: String,
}

/// The cases of the section page `casussen/` with their department and forms, for its list.
fn case_list(sources: &Sources, children: &[usize], root: &str) -> Vec<serde_json::Value> {
    children
        .iter()
        .map(|c| &sources.pages[*c])
        .filter(|c| crate::render::page::is_casus(c))
        .map(|c| {
            let forms: Vec<&str> = c
                .meta
                .forms
                .iter()
                .filter_map(|f| partner::form_label(f.value.trim()))
                .collect();
            serde_json::json!({
                "title": c.meta.title,
                "href": href(root, &c.url, None),
                "summary": c.meta.summary,
                "department": c.meta.department.as_deref().map(str::trim).unwrap_or(""),
                "forms": forms,
            })
        })
        .collect()
}

/// Indices of the plan's chapters (pages directly under the plan's section), in order.
pub fn chapters(sources: &Sources) -> Vec<usize> {
    let plan = sources.plan_url();
    let mut idx: Vec<usize> = (0..sources.pages.len())
        .filter(|i| {
            sources.pages[*i].parent.as_deref() == Some(plan.as_str())
                && !sources.pages[*i].is_section
        })
        .collect();
    idx.sort_by(|a, b| sources.pages[*a].sort_key.cmp(&sources.pages[*b].sort_key));
    idx
}

/// Name a chapter's labelled regions (the scrollable tables) after the chapter on the combined
/// page, so two chapters with the same table never give two landmarks of one name.
pub(crate) fn name_regions(html: &str, chapter: &str) -> String {
    html.replace(
        "role=\"region\" aria-label=\"",
        &format!(
            "role=\"region\" aria-label=\"{}: ",
            crate::util::html::escape(chapter)
        ),
    )
}

/// Make a chapter's ids unique on the combined page: `id="x"` → `id="prefix-x"`, same for `#x` links.
pub(crate) fn prefix_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace(" for=\"", &format!(" for=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
        .replace("<h3", "<h4")
        .replace("</h3>", "</h4>")
        .replace("<h2", "<h3")
        .replace("</h2>", "</h3>")
}
