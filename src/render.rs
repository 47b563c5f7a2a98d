//! Templates (Tera) and every generated file: pages, partner directory, glossary, search page,
//! the whole plan for print, 404, sitemap, robots.txt, vCards and static assets.

use crate::config::SiteConfig;
use crate::content::partner::{self, Partner, GOALS, ROLES};
use crate::content::Sources;
use crate::error::Diagnostic;
use crate::links::{href, root_of};
use crate::markdown::escape;
use crate::output::Sink;
use crate::site::{role_pages, Model, OutFile, SiteIndex};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// Templates and static files of the theme: the embedded default, then the site's own
/// `themes/default/` (so theme edits show without recompiling), then `templates/` overrides.
pub struct Theme {
    tera: tera::Tera,
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_from(Some(root))
    }

    /// The embedded default theme alone: used to go on checking a site whose own theme or
    /// templates are broken (the build still fails on their errors).
    pub fn embedded() -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_from(None)
    }

    fn load_from(root: Option<&Path>) -> Result<Theme, Vec<Diagnostic>> {
        let mut files: BTreeMap<String, (PathBuf, Vec<u8>)> = BTreeMap::new();
        for (rel, bytes) in embedded::EMBEDDED {
            files.insert(
                rel.to_string(),
                (Path::new("themes/default").join(rel), bytes.to_vec()),
            );
        }
        let mut problems = Vec::new();
        if let Some(root) = root {
            read_tree(
                root,
                Path::new("themes/default"),
                "",
                &mut files,
                &mut problems,
            );
            read_tree(
                root,
                Path::new("templates"),
                "templates/",
                &mut files,
                &mut problems,
            );
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        for (rel, (file, bytes)) in files {
            if let Some(name) = rel.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push((name.to_string(), text, file)),
                    Err(_) => problems.push(
                        Diagnostic::error(file, 0, "sjabloon is geen UTF-8")
                            .hint("sla het op als UTF-8"),
                    ),
                }
            } else if let Some(name) = rel.strip_prefix("static/") {
                statics.insert(name.to_string(), bytes);
            }
        }
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            let text = e.to_string();
            let file = templates
                .iter()
                .find(|(n, _, _)| text.contains(n.as_str()))
                .map_or_else(|| PathBuf::from("templates"), |t| t.2.clone());
            problems.push(
                Diagnostic::error(
                    file,
                    0,
                    format!("sjabloon klopt niet: {}", first_lines(&text)),
                )
                .hint("controleer {{ }} en {% %} in het sjabloon"),
            );
        }
        if problems.is_empty() {
            Ok(Theme { tera, statics })
        } else {
            Err(problems)
        }
    }

    fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| {
            Diagnostic::error(
                Path::new("templates").join(name),
                0,
                format!("sjabloon faalt: {}", first_lines(&e.to_string())),
            )
            .hint("een sjabloon van de site gebruikt een veld dat hier niet bestaat")
        })
    }
}

fn first_lines(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The files under `dir` (relative to the site root) into `files`, keyed `prefix` + path.
/// Symlinks are followed only inside the site root (see `content::walk_tree`).
fn read_tree(
    root: &Path,
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, (PathBuf, Vec<u8>)>,
    problems: &mut Vec<Diagnostic>,
) {
    for e in crate::content::walk_tree(root, dir, false, problems) {
        let name = e
            .rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if e.is_dir || e.refused || crate::content::is_temp_file(&name) {
            continue;
        }
        let key = format!("{prefix}{}", e.rel.to_string_lossy().replace('\\', "/"));
        let shown = dir.join(&e.rel);
        match std::fs::read(root.join(&shown)) {
            Ok(bytes) => {
                files.insert(key, (shown, bytes));
            }
            Err(err) => problems.push(
                Diagnostic::error(shown, 0, format!("kan niet lezen: {err}"))
                    .hint("kijk of het bestand bestaat en leesbaar is"),
            ),
        }
    }
}

#[derive(Serialize, Clone)]
struct LinkCtx {
    title: String,
    href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    current: bool,
}

#[derive(Serialize)]
struct PageCtx {
    title: String,
    summary: String,
    url: String,
    kind: &'static str,
    content: String,
    toc: Vec<crate::markdown::TocEntry>,
    keywords: Vec<String>,
}

/// Data every page's template gets.
struct Common<'a> {
    config: &'a SiteConfig,
    titles: BTreeMap<String, String>,
    menu: Vec<(String, String)>,
    index: &'a SiteIndex,
    /// Pages by parent URL, in order (sections and pages), computed once for all pages.
    children: HashMap<String, Vec<usize>>,
    /// Non-section pages by parent URL, in order (for previous/next).
    siblings: HashMap<String, Vec<usize>>,
    /// Position of each page among its non-section siblings.
    sibling_pos: Vec<Option<usize>>,
    /// The plan's status (`plan:` of site.yaml), for every template.
    plan: serde_json::Value,
}

/// Children of every section and each page's place among its siblings, in one pass.
type Family = (
    HashMap<String, Vec<usize>>,
    HashMap<String, Vec<usize>>,
    Vec<Option<usize>>,
);

fn family(sources: &Sources) -> Family {
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
    fn context(&self, url: &str, page: PageCtx) -> tera::Context {
        let root = root_of(url);
        let mut ctx = tera::Context::new();
        ctx.insert(
            "site",
            &serde_json::json!({
                "title": self.config.title,
                "description": self.config.description,
                "language": self.config.language,
                "footer": self.config.footer,
            }),
        );
        ctx.insert("root", &root);
        ctx.insert("plan", &self.plan);
        ctx.insert("in_plan", &false);
        ctx.insert("updated", &Option::<serde_json::Value>::None);
        let nav: Vec<LinkCtx> = self
            .menu
            .iter()
            .map(|(title, target)| LinkCtx {
                title: title.clone(),
                href: target_href(&root, target),
                summary: None,
                current: if target.is_empty() {
                    url.is_empty()
                } else {
                    url.starts_with(target.as_str())
                },
            })
            .collect();
        ctx.insert("nav", &nav);
        ctx.insert("breadcrumbs", &self.breadcrumbs(url, &root));
        ctx.insert("home_href", &href(&root, "", None));
        ctx.insert("search_href", &href(&root, "zoeken/", None));
        ctx.insert("page", &page);
        ctx.insert("prev", &Option::<LinkCtx>::None);
        ctx.insert("next", &Option::<LinkCtx>::None);
        ctx.insert("children", &Vec::<LinkCtx>::new());
        ctx.insert("print_href", "");
        ctx.insert("doors", &Vec::<LinkCtx>::new());
        let footer: Vec<LinkCtx> = self
            .config
            .footer_links
            .iter()
            .map(|f| LinkCtx {
                title: f.title.clone(),
                href: target_href(&root, &menu_target(&f.link, self.index)),
                summary: None,
                current: false,
            })
            .collect();
        ctx.insert("footer_links", &footer);
        ctx
    }

    fn breadcrumbs(&self, url: &str, root: &str) -> Vec<LinkCtx> {
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

/// Hands files to the sink and remembers their paths (for the sitemap and the count).
pub struct Emitter<'a> {
    sink: &'a dyn Sink,
    paths: std::sync::Mutex<Vec<String>>,
}

impl<'a> Emitter<'a> {
    pub fn new(sink: &'a dyn Sink) -> Self {
        Emitter {
            sink,
            paths: std::sync::Mutex::default(),
        }
    }

    pub fn put(&self, path: String, mut bytes: Vec<u8>) -> Result<(), Diagnostic> {
        // A NUL from a record or title (`"a\0b"` in YAML) becomes U+FFFD, as in Markdown.
        if (path.ends_with(".html") || path.ends_with(".xml")) && bytes.contains(&0) {
            bytes = String::from_utf8_lossy(&bytes)
                .replace('\0', "\u{FFFD}")
                .into_bytes();
        }
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.clone());
        self.sink.put(path.clone(), bytes).map_err(|e| {
            let file = match &e {
                crate::error::Error::Io { path, .. } => path.clone(),
                crate::error::Error::Site(_) => PathBuf::from(path),
            };
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

/// What [`write_all`] handed to the sink.
pub struct Emitted {
    pub files: usize,
    pub pages: usize,
}

/// The theme with what every page's template needs, prepared once per build.
pub struct Templates<'a> {
    common: Common<'a>,
    sources: &'a Sources,
    theme: &'a Theme,
}

impl<'a> Templates<'a> {
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
        titles.insert("beleidsplan/volledig/".into(), "Het hele plan".into());
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
                plan: crate::plan_status::context(config, sources),
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
        let url = "beleidsplan/volledig/".to_string();
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
                    "content": prefix_ids(&model.pages[i].rendered.html, &prefix),
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

fn is_intro(url: &str) -> bool {
    url == "partners/" || url == "gemeenten/"
}

/// The generated pages (partner directory, partners, municipalities, glossary, search page,
/// whole plan, 404), the theme's files, the search index, sitemap and robots.txt. The content
/// pages went to `out` while their Markdown was rendered.
pub fn write_generated(
    templates: &Templates,
    model: &Model,
    sections: Vec<Vec<crate::markdown::TextSection>>,
    out: &Emitter,
) -> Result<Emitted, Vec<Diagnostic>> {
    let Templates {
        common,
        sources,
        theme,
    } = templates;
    let (sources, theme) = (*sources, *theme);
    let config = common.config;
    let intro_of = |url: &str| sources.pages.iter().position(|p| p.url == url);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let t = std::time::Instant::now();

    let push = |problems: &mut Vec<Diagnostic>, name: &str, url: String, ctx: tera::Context| {
        if let Err(d) = theme
            .render(name, &ctx)
            .and_then(|html| out.put(format!("{url}index.html"), html.into_bytes()))
        {
            problems.push(d);
        }
    };

    crate::site::phase("generated", t);
    // Partner directory: all, and one page per role.
    let directory = directory_ctx(sources);
    for (role, url) in std::iter::once((None, "partners/".to_string()))
        .chain(role_pages().into_iter().map(|(id, u)| (Some(id), u)))
    {
        // The intro was rendered for /partners/; role pages sit deeper and get their own line.
        let intro = match role {
            None => intro_of("partners/").map(|i| model.pages[i].rendered.html.clone()).unwrap_or_default(),
            Some(r) => format!(
                "<p>Ketenpartners met de rol <strong>{}</strong>. <a href=\"../../index.html\">Alle ketenpartners</a>.</p>",
                escape(&partner::role_label(r).unwrap_or(r).to_lowercase())
            ),
        };
        let title = common.titles.get(&url).cloned().unwrap_or_default();
        let root = root_of(&url);
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: if role.is_some() {
                    format!("Ketenpartners: {}", title.to_lowercase())
                } else {
                    title
                },
                summary: String::new(),
                url: url.clone(),
                kind: "partners",
                content: intro,
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        ctx.insert("roles", &roles_ctx(&directory, &root, role));
        ctx.insert("role_links", &role_links(&root, role));
        ctx.insert("all_partners", &all_partners(&directory, &root));
        ctx.insert(
            "current_role",
            &role.map(|r| partner::role_label(r).unwrap_or(r)),
        );
        push(&mut problems, "partners.html", url, ctx);
    }
    for (i, p) in sources.partners.iter().enumerate() {
        let url = p.url();
        let root = root_of(&url);
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: p.record.name.clone(),
                summary: p.record.summary.clone(),
                url: url.clone(),
                kind: if p.is_gemeente() {
                    "gemeente"
                } else {
                    "partner"
                },
                content: String::new(),
                toc: Vec::new(),
                keywords: p.record.aliases.clone(),
            },
        );
        ctx.insert(
            "partner",
            &partner_ctx(p, &model.partners[i], sources, &root),
        );
        push(&mut problems, "partner.html", url.clone(), ctx);
        if let Err(d) = out.put(format!("{url}{}.vcf", p.id), vcard(p).into_bytes()) {
            problems.push(d);
        }
    }
    // Municipalities.
    {
        let url = "gemeenten/".to_string();
        let root = root_of(&url);
        let intro = intro_of("gemeenten/")
            .map(|i| model.pages[i].rendered.html.clone())
            .unwrap_or_default();
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: common.titles.get(&url).cloned().unwrap_or_default(),
                summary: String::new(),
                url: url.clone(),
                kind: "gemeenten",
                content: intro,
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        let list: Vec<LinkCtx> = sources
            .partners
            .iter()
            .filter(|p| p.is_gemeente())
            .map(|p| LinkCtx {
                title: p.record.name.clone(),
                href: href(&root, &p.url(), None),
                summary: Some(p.record.summary.clone()),
                current: false,
            })
            .collect();
        ctx.insert("gemeenten", &list);
        ctx.insert("basisniveau", &basisniveau_table(sources, &root));
        push(&mut problems, "gemeenten.html", url, ctx);
    }
    // Glossary.
    {
        let url = "begrippen/".to_string();
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: "Begrippen".into(),
                summary: "Wat de woorden in het plan betekenen.".into(),
                url: url.clone(),
                kind: "glossary",
                content: String::new(),
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        let terms: Vec<serde_json::Value> = sources
            .glossary
            .terms
            .iter()
            .zip(&model.terms)
            .map(|((id, t), html)| serde_json::json!({"id": id, "term": t.term.value, "aliases": t.aliases, "definition": html}))
            .collect();
        let mut letters: Vec<(String, String)> = Vec::new();
        for (id, t) in &sources.glossary.terms {
            let l = crate::slug::fold(&t.term.value)
                .chars()
                .next()
                .unwrap_or('#')
                .to_uppercase()
                .to_string();
            if letters.last().map(|x| &x.0) != Some(&l) {
                letters.push((l, id.clone()));
            }
        }
        ctx.insert("terms", &terms);
        ctx.insert(
            "letters",
            &letters
                .iter()
                .map(|(l, id)| serde_json::json!({"letter": l, "id": id}))
                .collect::<Vec<_>>(),
        );
        push(&mut problems, "glossary.html", url, ctx);
    }
    // Search page.
    {
        let url = "zoeken/".to_string();
        let ctx = common.context(
            &url,
            PageCtx {
                title: "Zoeken".into(),
                summary: String::new(),
                url: url.clone(),
                kind: "search",
                content: String::new(),
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        push(&mut problems, "search.html", url, ctx);
    }
    // The whole plan on one page.
    if let Err(d) = templates
        .whole_plan(model)
        .and_then(|f| out.put(f.path, f.bytes))
    {
        problems.push(d);
    }
    // 404: served at any depth, so its links start from the site's base path.
    {
        let base_path = base_path(&config.base_url);
        let mut ctx = common.context(
            "",
            PageCtx {
                title: "Pagina niet gevonden".into(),
                summary: String::new(),
                url: String::new(),
                kind: "404",
                content: String::new(),
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        ctx.insert("root", &base_path);
        ctx.insert("home_href", &format!("{base_path}index.html"));
        ctx.insert("search_href", &format!("{base_path}zoeken/index.html"));
        let nav: Vec<LinkCtx> = common
            .menu
            .iter()
            .map(|(t, u)| LinkCtx {
                title: t.clone(),
                href: href(&base_path, u, None),
                summary: None,
                current: false,
            })
            .collect();
        ctx.insert("nav", &nav);
        if let Err(d) = theme
            .render("404.html", &ctx)
            .and_then(|html| out.put("404.html".into(), html.into_bytes()))
        {
            problems.push(d);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut put = |path: String, bytes: Vec<u8>| {
        if let Err(d) = out.put(path, bytes) {
            problems.push(d);
        }
    };
    // Static files of the theme and of content/.
    for (name, bytes) in &theme.statics {
        put(name.clone(), bytes.clone());
    }
    let t = std::time::Instant::now();
    let docs = crate::search_docs::documents(sources, sections);
    for f in crate::search::build(&docs, &crate::search_docs::synonyms(sources)) {
        put(f.path, f.contents.into_bytes());
    }
    drop(docs);
    crate::site::phase("search", t);
    let paths = std::mem::take(&mut *out.paths.lock().unwrap_or_else(|e| e.into_inner()));
    put("sitemap.xml".into(), sitemap(config, &paths).into_bytes());
    put(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            with_slash(&config.base_url)
        )
        .into_bytes(),
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    // sitemap.xml and robots.txt were recorded after `paths` was taken.
    let after = out.paths.lock().unwrap_or_else(|e| e.into_inner()).len();
    Ok(Emitted {
        files: paths.len() + after,
        pages,
    })
}

fn content_page(
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
    } else if r.flowcharts > 0 {
        "route"
    } else {
        "page"
    };
    let mut ctx = common.context(
        &p.url,
        PageCtx {
            title: p.meta.title.clone(),
            summary: p.meta.summary.clone(),
            url: p.url.clone(),
            kind,
            content: r.html.clone(),
            toc: r.toc.clone(),
            keywords: p.meta.keywords.clone(),
        },
    );
    ctx.insert("in_plan", &(p.top_section() == "beleidsplan"));
    if let Some(u) = &p.meta.updated {
        let shown = crate::content::partner::Date::parse(&u.value)
            .map_or_else(|| u.value.clone(), |d| d.dutch());
        ctx.insert(
            "updated",
            &serde_json::json!({"date": shown, "iso": u.value.trim()}),
        );
    }
    // Children of a section; previous and next among siblings.
    let link = |c: &crate::content::page::Page| LinkCtx {
        title: c.meta.title.clone(),
        href: href(&root, &c.url, None),
        summary: Some(c.meta.summary.clone()),
        current: false,
    };
    let empty = Vec::new();
    if p.is_section {
        let children = common.children.get(&p.url).unwrap_or(&empty);
        ctx.insert(
            "children",
            &children
                .iter()
                .map(|c| link(&sources.pages[*c]))
                .collect::<Vec<_>>(),
        );
    } else if let (Some(parent), Some(k)) = (&p.parent, common.sibling_pos[i]) {
        if !parent.is_empty() {
            let sib = common.siblings.get(parent).unwrap_or(&empty);
            if k > 0 {
                ctx.insert("prev", &Some(link(&sources.pages[sib[k - 1]])));
            }
            if let Some(n) = sib.get(k + 1) {
                ctx.insert("next", &Some(link(&sources.pages[*n])));
            }
        }
    }
    if p.url.is_empty() {
        let doors: Vec<serde_json::Value> = common
            .config
            .doors
            .iter()
            .map(|d| serde_json::json!({"title": d.title, "text": d.text, "href": target_href(&root, &menu_target(&d.link, common.index))}))
            .collect();
        ctx.insert("doors", &doors);
    }
    if p.url == "beleidsplan/" {
        ctx.insert("print_href", &href(&root, "beleidsplan/volledig/", None));
    }
    let template = if p.url.is_empty() {
        "home.html"
    } else {
        "page.html"
    };
    let html = theme.render(template, &ctx)?;
    Ok(OutFile {
        path: format!("{}index.html", p.url),
        bytes: html.into_bytes(),
    })
}

/// Indices of the plan's chapters (pages directly under beleidsplan/), in order.
pub fn chapters(sources: &Sources) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..sources.pages.len())
        .filter(|i| {
            sources.pages[*i].parent.as_deref() == Some("beleidsplan/")
                && !sources.pages[*i].is_section
        })
        .collect();
    idx.sort_by(|a, b| sources.pages[*a].sort_key.cmp(&sources.pages[*b].sort_key));
    idx
}

/// Make a chapter's ids unique on the combined page: `id="x"` → `id="prefix-x"`, same for `#x` links.
fn prefix_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace(" for=\"", &format!(" for=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
        .replace("<h3", "<h4")
        .replace("</h3>", "</h4>")
        .replace("<h2", "<h3")
        .replace("</h2>", "</h3>")
}

/// The href of a menu, door or footer target: a site path made relative to the page, an
/// address with a scheme (`https:`, `mailto:`, `tel:`: site.yaml allows no other) as it is.
fn target_href(root: &str, target: &str) -> String {
    if crate::links::scheme_of(target).is_some() {
        target.to_string()
    } else {
        href(root, target, None)
    }
}

/// What a site.yaml link points at: a site path (`partners/`), or the address itself when it
/// has a scheme.
fn menu_target(link: &str, index: &SiteIndex) -> String {
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

fn default_menu() -> Vec<(String, String)> {
    vec![
        ("Beleidsplan".into(), "beleidsplan/".into()),
        ("Signalenlijsten".into(), "signalen/".into()),
        ("Routes".into(), "routes/".into()),
        ("Ketenpartners".into(), "partners/".into()),
        ("Gemeenten".into(), "gemeenten/".into()),
        ("Begrippen".into(), "begrippen/".into()),
    ]
}

fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    with_slash(path)
}

fn with_slash(s: &str) -> String {
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

fn sitemap(config: &SiteConfig, paths: &[String]) -> String {
    let base = with_slash(&config.base_url);
    let mut urls: Vec<&str> = paths
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html"))
        .collect();
    urls.sort();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        s.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            escape(&base),
            escape(u)
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// Directory data: partners grouped by role.
struct DirEntry {
    name: String,
    url: String,
    summary: String,
    kind: &'static str,
    roles: Vec<String>,
    gemeente: bool,
}

fn directory_ctx(sources: &Sources) -> Vec<DirEntry> {
    let mut v: Vec<DirEntry> = sources
        .partners
        .iter()
        .map(|p| DirEntry {
            name: p.record.name.clone(),
            url: p.url(),
            summary: p.record.summary.clone(),
            kind: match p.record.kind {
                partner::Kind::Landelijk => "Landelijk",
                partner::Kind::Regionaal => "Regionaal",
                partner::Kind::Gemeente => "Gemeente",
            },
            roles: p.record.roles.iter().map(|r| r.value.clone()).collect(),
            gemeente: p.is_gemeente(),
        })
        .collect();
    v.sort_by_key(|a| crate::slug::fold(&a.name));
    v
}

fn roles_ctx(dir: &[DirEntry], root: &str, only: Option<&str>) -> Vec<serde_json::Value> {
    ROLES
        .iter()
        .filter(|(id, _)| only.is_none_or(|o| o == *id))
        .map(|(id, label)| {
            let members: Vec<serde_json::Value> = dir
                .iter()
                .filter(|d| !d.gemeente && d.roles.iter().any(|r| r == id))
                .map(|d| serde_json::json!({"name": d.name, "href": href(root, &d.url, None), "summary": d.summary, "kind": d.kind}))
                .collect();
            serde_json::json!({"id": id, "label": label, "partners": members, "href": href(root, &format!("partners/rol/{id}/"), None)})
        })
        .collect()
}

fn role_links(root: &str, current: Option<&str>) -> Vec<LinkCtx> {
    std::iter::once(LinkCtx {
        title: "Alle rollen".into(),
        href: href(root, "partners/", None),
        summary: None,
        current: current.is_none(),
    })
    .chain(ROLES.iter().map(|(id, label)| LinkCtx {
        title: label.to_string(),
        href: href(root, &format!("partners/rol/{id}/"), None),
        summary: None,
        current: current == Some(*id),
    }))
    .collect()
}

fn all_partners(dir: &[DirEntry], root: &str) -> Vec<serde_json::Value> {
    dir.iter()
        .filter(|d| !d.gemeente)
        .map(|d| serde_json::json!({"name": d.name, "href": href(root, &d.url, None), "summary": d.summary, "kind": d.kind,
            "roles": d.roles.iter().filter_map(|r| partner::role_label(r)).collect::<Vec<_>>()}))
        .collect()
}

fn partner_ctx(
    p: &Partner,
    out: &crate::site::PartnerOut,
    sources: &Sources,
    root: &str,
) -> serde_json::Value {
    let r = &p.record;
    let area: Vec<serde_json::Value> = match p.area_ids() {
        None => vec![
            serde_json::json!({"name": "Alle zeven West-Friese gemeenten", "href": href(root, "gemeenten/", None)}),
        ],
        Some(ids) => ids
            .iter()
            .filter_map(|id| sources.partners.iter().find(|g| &g.id == id))
            .map(|g| serde_json::json!({"name": g.record.name, "href": href(root, &g.url(), None)}))
            .collect(),
    };
    // For a municipality: the partners that serve it.
    let serving: Vec<serde_json::Value> = if p.is_gemeente() {
        sources
            .partners
            .iter()
            .filter(|o| !o.is_gemeente() && o.area_ids().is_none_or(|ids| ids.contains(&p.id)))
            .map(|o| serde_json::json!({"name": o.record.name, "href": href(root, &o.url(), None), "summary": o.record.summary}))
            .collect()
    } else {
        Vec::new()
    };
    let goals: Vec<serde_json::Value> = r
        .basisniveau
        .as_ref()
        .map(|b| {
            GOALS
                .iter()
                .filter_map(|(id, label)| b.value.get(*id).map(|g| serde_json::json!({"label": label, "status": g.status.label(), "class": g.status.class(), "note": g.note})))
                .collect()
        })
        .unwrap_or_default();
    let dutch = |v: &str| partner::Date::parse(v).map_or_else(|| v.to_string(), |d| d.dutch());
    let confirmed = r.confirmed.as_ref().map(|c| {
        serde_json::json!({"by": c.by, "date": dutch(&c.date.value), "iso": c.date.value.trim()})
    });
    let tel = |n: &Option<String>| {
        n.as_ref().map(|n| {
            n.chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect::<String>()
        })
    };
    serde_json::json!({
        "id": p.id,
        "name": r.name,
        "aliases": r.aliases,
        "kind": match r.kind { partner::Kind::Landelijk => "Landelijk", partner::Kind::Regionaal => "Regionaal", partner::Kind::Gemeente => "Gemeente" },
        "roles": r.roles.iter().filter_map(|x| partner::role_label(&x.value).map(|l| serde_json::json!({"label": l, "href": href(root, &format!("partners/rol/{}/", x.value), None)}))).collect::<Vec<_>>(),
        "forms": if r.forms.is_empty() { vec!["Alle vormen".to_string()] } else { r.forms.iter().filter_map(|f| partner::form_label(&f.value).map(String::from)).collect() },
        "area": area,
        "summary": out.summary,
        "description": out.description,
        "when_to_contact": out.when_to_contact,
        "contact": r.contact,
        "phone_tel": tel(&r.contact.phone),
        "phone_extra_tel": tel(&r.contact.phone_extra),
        "note": out.note,
        "sources": r.source.value.urls(),
        "consulted": dutch(&r.consulted.value),
        "consulted_iso": r.consulted.value.trim(),
        "confirmed": confirmed,
        "open": out.open,
        "vcard": format!("{}.vcf", p.id),
        "meldpunt": out.meldpunt,
        "aandachtsfunctionaris": out.aandachtsfunctionaris,
        "goals": goals,
        "serving": serving,
        "is_gemeente": p.is_gemeente(),
    })
}

/// The table of each municipality's status on the six goals.
pub fn basisniveau_table(sources: &Sources, root: &str) -> String {
    let gemeenten: Vec<&Partner> = sources
        .partners
        .iter()
        .filter(|p| p.is_gemeente())
        .collect();
    if gemeenten.is_empty() {
        return "<p>Er zijn nog geen gemeenterecords.</p>\n".into();
    }
    let mut s = String::from("<div class=\"table-scroll\" role=\"region\" aria-label=\"Stand per gemeente\" tabindex=\"0\">\n<table class=\"basisniveau\">\n<caption>Stand van het basisniveau per gemeente</caption>\n<thead><tr><th scope=\"col\">Gemeente</th>");
    for (_, label) in GOALS {
        s.push_str(&format!("<th scope=\"col\">{}</th>", escape(label)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for g in gemeenten {
        s.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th>",
            href(root, &g.url(), None),
            escape(&g.record.name)
        ));
        for (id, _) in GOALS {
            let cell = g
                .record
                .basisniveau
                .as_ref()
                .and_then(|b| b.value.get(*id))
                .map(|st| {
                    let title = if st.note.is_empty() {
                        String::new()
                    } else {
                        format!("<span class=\"status-note\">{}</span>", escape(&st.note))
                    };
                    format!(
                        "<span class=\"status status-{}\">{}</span>{title}",
                        st.status.class(),
                        st.status.label()
                    )
                })
                .unwrap_or_else(|| "<span class=\"status status-onbekend\">Onbekend</span>".into());
            s.push_str(&format!("<td>{cell}</td>"));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n</div>\n");
    s
}

/// A vCard 3.0 text value: `\\`, `,` and `;` escaped; every line break (CR LF, LF or a lone CR)
/// becomes `\\n`, so no value can start a line of its own (`X\rTEL:…` would add a property);
/// other control characters but the tab are left out.
fn vcard_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// vCard 3.0 of a partner, so staff can save the contact in their phone.
fn vcard(p: &Partner) -> String {
    let esc = vcard_escape;
    let c = &p.record.contact;
    let mut v = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nORG:{}\r\n",
        esc(&p.record.name),
        esc(&p.record.name)
    );
    if let Some(x) = &c.phone {
        v.push_str(&format!("TEL;TYPE=WORK,VOICE:{}\r\n", esc(x)));
    }
    if let Some(x) = &c.phone_extra {
        v.push_str(&format!("TEL;TYPE=WORK:{}\r\n", esc(x)));
    }
    if let Some(x) = &c.email {
        v.push_str(&format!("EMAIL;TYPE=INTERNET:{}\r\n", esc(x)));
    }
    if let Some(x) = &c.website {
        v.push_str(&format!("URL:{}\r\n", esc(&x.value)));
    }
    if let Some(x) = &c.address {
        v.push_str(&format!("ADR;TYPE=WORK:;;{};;;;\r\n", esc(x)));
    }
    v.push_str(&format!(
        "NOTE:{}\r\nREV:{}\r\nEND:VCARD\r\n",
        esc(&p.record.summary),
        esc(&p.record.consulted.value)
    ));
    v
}

#[cfg(test)]
mod tests {
    use super::vcard_escape;

    #[test]
    fn vcard_values_never_break_a_line() {
        assert_eq!(vcard_escape("X\r\nTEL:+31-666"), "X\\nTEL:+31-666");
        assert_eq!(vcard_escape("X\rTEL:1"), "X\\nTEL:1");
        assert_eq!(vcard_escape("a\nb"), "a\\nb");
        assert_eq!(vcard_escape("a\0b\x0bc\u{85}d\te"), "abcd\te");
        assert_eq!(vcard_escape("a,b;c\\d"), "a\\,b\\;c\\\\d");
    }
}
