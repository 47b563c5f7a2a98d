//! The pipeline: load → index → render (parallel) → validate links → templates → files.

use crate::checklist::{self, AdviceBlock};
use crate::config::{self, OpenPointsShown, SiteConfig};
use crate::content::{
    self,
    page::Page,
    partner::{self, Date},
    Sources,
};
use crate::error::{Diagnostic, Diagnostics};
use crate::links::{self, Resolver};
use crate::markdown::{self, Rendered};
use crate::output::Sink;
use crate::render::{self, Theme};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// URLs the generator makes itself; a content page may not take them.
pub const GENERATED: &[&str] = &[
    "partners/",
    "gemeenten/",
    "begrippen/",
    "zoeken/",
    "beleidsplan/volledig/",
];

/// How a build is run.
#[derive(Debug, Clone, Default)]
pub struct Mode {
    /// Date used for "reviewed more than N months ago" (tests pin it).
    pub today: Option<Date>,
}

/// One file of the finished site.
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The result of a successful build.
pub struct Built {
    pub warnings: Diagnostics,
    /// HTML files made.
    pub pages: usize,
    /// All files made.
    pub files: usize,
}

/// What a build leaves for the preview server, to redo one page when only that page changed:
/// everything but the Markdown sources and the HTML of the pages.
pub struct Retained {
    pub config: SiteConfig,
    pub theme: Theme,
    /// Shared with background search updates (a one-page rebuild never changes it).
    pub sources: Arc<Sources>,
    pub index: SiteIndex,
    /// The model; its pages' `sections` are moved to `sections`.
    pub model: Model,
    /// Each page's text sections for the search index, shared with background updates.
    pub sections: Vec<Arc<Vec<markdown::TextSection>>>,
}

/// What link resolution knows about the site.
pub struct SiteIndex {
    page_by_file: HashMap<PathBuf, String>,
    partner_urls: HashMap<String, String>,
    terms: HashSet<String>,
    assets: HashMap<PathBuf, String>,
    urls: HashSet<String>,
    unloaded: Unloaded,
}

/// What the index knows of sources that did not load (each has its error already) and of drafts,
/// so links to them give no second, false error.
#[derive(Default)]
struct Unloaded {
    /// Draft pages' files: a link to one says it is a draft.
    drafts: HashSet<PathBuf>,
    /// The glossary could not be read: every `begrip:` is taken as known.
    glossary_failed: bool,
}

impl Resolver for SiteIndex {
    fn page_url(&self, file: &Path) -> Option<String> {
        self.page_by_file.get(file).cloned()
    }
    fn partner_url(&self, id: &str) -> Option<String> {
        self.partner_urls.get(id).cloned()
    }
    fn has_term(&self, id: &str) -> bool {
        self.unloaded.glossary_failed || self.terms.contains(id)
    }
    fn asset_url(&self, file: &Path) -> Option<String> {
        self.assets.get(file).cloned()
    }
    fn url_exists(&self, url: &str) -> bool {
        self.urls.contains(url)
    }
    fn partner_ids(&self) -> Vec<String> {
        self.partner_urls.keys().cloned().collect()
    }
    fn draft_page(&self, file: &Path) -> bool {
        self.unloaded.drafts.contains(file)
    }
}

/// Make pages and records that failed to load, and drafts, known to the index (see `Unloaded`).
fn index_unloaded(sources: &Sources, idx: &mut SiteIndex) {
    for (file, url) in &sources.unloaded_pages {
        idx.page_by_file
            .entry(file.clone())
            .or_insert_with(|| url.clone());
        idx.urls.insert(url.clone());
    }
    for id in &sources.unloaded_partners {
        let url = format!("partners/{id}/");
        idx.partner_urls.entry(id.clone()).or_insert(url);
    }
    idx.unloaded.drafts = sources.drafts.iter().map(|(f, _)| f.clone()).collect();
    idx.unloaded.glossary_failed = sources.glossary.failed;
}

/// Output path of an asset under content/: folders lose their order prefix like pages do.
fn asset_out(rel: &Path) -> String {
    let comps: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let Some((name, dirs)) = comps.split_last() else {
        return String::new();
    };
    let mut out = String::new();
    for d in dirs {
        out.push_str(&crate::slug::slugify(
            content::page::strip_order_prefix(d).1,
        ));
        out.push('/');
    }
    out.push_str(name);
    out
}

/// With `KETENWIJZER_TIMINGS` set, phases print their time to stderr (for profiling).
pub fn phase(name: &str, start: std::time::Instant) {
    if std::env::var_os("KETENWIJZER_TIMINGS").is_some() {
        eprintln!(
            "  {name:<12} {:>7.1} ms {}",
            start.elapsed().as_secs_f64() * 1000.0,
            memory_now()
        );
    }
}

/// Resident and peak memory so far (Linux), for the timings printout.
fn memory_now() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or_else(|| "?".to_string(), |kb| format!("{}", kb / 1024))
    };
    format!("(rss {} MB, peak {} MB)", field("VmRSS:"), field("VmHWM:"))
}

/// Load and check everything, then hand every file to `sink`. Errors: every problem found;
/// files already handed to the sink must then be thrown away (see `output::DiskSink::abort`).
pub fn build(root: &Path, mode: &Mode, sink: &dyn Sink) -> Result<Built, Diagnostics> {
    build_keeping(root, mode, sink, false).map(|(built, _)| built)
}

/// A site read and checked, before any Markdown is rendered.
pub struct Loaded {
    pub config: SiteConfig,
    pub theme: Theme,
    pub sources: Sources,
    pub index: SiteIndex,
    /// Problems so far. With errors among them, what did load is still complete enough to be
    /// rendered for its checks (a broken site.yaml or theme is replaced by the defaults, a broken
    /// page by a stand-in), but never to be written.
    pub diags: Diagnostics,
}

/// Read site.yaml, the theme, pages, partners and glossary, and check what can be checked
/// before rendering. Err only when there is nothing to go on checking (no page at all).
pub fn load(root: &Path, mode: &Mode) -> Result<Loaded, Diagnostics> {
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
    let mut sources = content::load(root, keep_prefix, &mut diags);
    phase("load", t);
    if let Some(c) = &config {
        add_missing_sections(&mut sources, &c.title, c.keep_order_prefix);
    }
    let today = mode.today.unwrap_or_else(Date::today);
    let review_months = config.as_ref().map_or(12, |c| c.review_months);
    for p in &sources.partners {
        diags.extend(partner::check(p, today, review_months));
    }
    for p in &sources.pages {
        check_updated(p, today, &mut diags);
    }
    let mut index = index_site(&sources, &mut diags);
    index_unloaded(&sources, &mut index);
    check_safety(config.as_ref(), theme.as_ref(), &sources, &mut diags);
    check_areas(&sources, &mut diags);
    if let Some(c) = &config {
        check_plan(c, &sources, today, &mut diags);
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

/// [`build`], and with `keep` what the preview server needs to redo one page.
pub fn build_keeping(
    root: &Path,
    mode: &Mode,
    sink: &dyn Sink,
    keep: bool,
) -> Result<(Built, Option<Retained>), Diagnostics> {
    let Loaded {
        config,
        theme,
        mut sources,
        index,
        mut diags,
    } = load(root, mode)?;
    // With errors already, the pages are still rendered for their checks (links, anchors,
    // flowcharts, signal thresholds), but into nothing: the build fails and writes nothing.
    let null_sink = crate::output::NullSink;
    let sink: &dyn Sink = if diags.has_errors() { &null_sink } else { sink };
    // Each body is dropped as soon as its page is rendered.
    let bodies: Vec<String> = sources
        .pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.body))
        .collect();
    let templates = render::Templates::new(&config, &sources, &index, &theme);
    let out = render::Emitter::new(sink);
    let t = std::time::Instant::now();
    let mut model = render_all(
        &config, &sources, bodies, &index, &templates, &out, &mut diags,
    );
    phase("pages", t);
    if sources.glossary.failed {
        // Its terms are unknown, so anchors into the glossary cannot be checked.
        model.ids.remove("begrippen/");
    }
    check_anchors(&model, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    // Moved out of the model; the preview server keeps a shared copy for its search updates.
    let sections: Vec<Vec<markdown::TextSection>> = model
        .pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.rendered.sections))
        .collect();
    let kept_sections: Vec<Arc<Vec<markdown::TextSection>>> = if keep {
        sections.iter().map(|s| Arc::new(s.clone())).collect()
    } else {
        Vec::new()
    };
    let (emitted, mut problems) = match render::write_generated(&templates, &model, sections, &out)
    {
        Ok(e) => (Some(e), Vec::new()),
        Err(ds) => (None, ds),
    };
    drop(templates);
    let copied = copy_assets(root, &sources, sink, &mut problems);
    match emitted {
        Some(e) if problems.is_empty() => Ok((
            Built {
                warnings: diags,
                pages: e.pages,
                files: e.files + copied,
            },
            keep.then(|| Retained {
                config,
                theme,
                sources: Arc::new(sources),
                index,
                model,
                sections: kept_sections,
            }),
        )),
        _ => {
            diags.extend(problems);
            Err(diags)
        }
    }
}

/// Images, PDFs and other files beside the pages in content/, copied as they are.
fn copy_assets(
    root: &Path,
    sources: &Sources,
    sink: &dyn Sink,
    problems: &mut Vec<Diagnostic>,
) -> usize {
    let results: Vec<Result<(), Diagnostic>> = sources
        .assets
        .par_iter()
        .map(|(file, rel)| {
            let bytes = std::fs::read(root.join(file)).map_err(|e| {
                Diagnostic::error(file, 0, format!("kan dit bestand niet lezen: {e}"))
                    .hint("kijk of het bestand bestaat en leesbaar is")
            })?;
            sink.put(asset_out(rel), bytes).map_err(|e| {
                Diagnostic::error(file, 0, format!("kan dit bestand niet kopiëren: {e}"))
                    .hint("kijk of de uitvoermap schrijfbaar is en of de schijf vol is")
            })
        })
        .collect();
    let count = results.len();
    problems.extend(results.into_iter().filter_map(Result::err));
    count
}

/// Every folder gets a section page, even without `_index.md`, so links to it reach a file.
fn add_missing_sections(sources: &mut Sources, site_title: &str, keep_prefix: bool) {
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

fn parent_url(url: &str) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    Some(match trimmed.rfind('/') {
        Some(i) => trimmed[..=i].to_string(),
        None => String::new(),
    })
}

fn index_site(sources: &Sources, diags: &mut Diagnostics) -> SiteIndex {
    let mut idx = SiteIndex {
        page_by_file: HashMap::new(),
        partner_urls: HashMap::new(),
        terms: sources
            .glossary
            .terms
            .iter()
            .map(|(id, _)| id.clone())
            .collect(),
        assets: HashMap::new(),
        urls: HashSet::new(),
        unloaded: Unloaded::default(),
    };
    let mut owner: HashMap<String, PathBuf> = HashMap::new();
    for url in GENERATED {
        idx.urls.insert(url.to_string());
    }
    for p in &sources.pages {
        let allowed_generated = p.is_section && (p.url == "partners/" || p.url == "gemeenten/");
        if GENERATED.contains(&p.url.as_str()) && !allowed_generated {
            diags.push(
                Diagnostic::error(
                    &p.file,
                    1,
                    format!("de URL /{} maakt ketenwijzer zelf", p.url),
                )
                .hint("kies een andere bestandsnaam"),
            );
        }
        if let Some(first) = owner.insert(p.url.clone(), p.file.clone()) {
            diags.push(
                Diagnostic::error(&p.file, 1, format!(
                    "twee pagina's krijgen dezelfde URL /{}: ook {}",
                    p.url,
                    first.to_string_lossy()
                ))
                .hint("hernoem een van de twee bestanden (het cijfer vooraan telt niet mee in de URL)"),
            );
        }
        idx.page_by_file.insert(p.file.clone(), p.url.clone());
        idx.urls.insert(p.url.clone());
    }
    // A folder link `_index.md` that does not exist still reaches the generated section page.
    let folders: Vec<(PathBuf, String)> = sources
        .pages
        .iter()
        .filter_map(|p| {
            p.parent.clone().map(|u| {
                (
                    p.file.parent().unwrap_or(Path::new("")).join("_index.md"),
                    u,
                )
            })
        })
        .collect();
    for (file, url) in folders {
        idx.page_by_file.entry(file).or_insert_with(|| url.clone());
        idx.urls.insert(url);
    }
    for p in &sources.partners {
        idx.partner_urls.insert(p.id.clone(), p.url());
        idx.urls.insert(p.url());
    }
    for (file, rel) in &sources.assets {
        idx.assets.insert(file.clone(), asset_out(rel));
    }
    for (_, role) in role_pages() {
        idx.urls.insert(role);
    }
    idx
}

/// Problems that would let content put script or someone else's file into the site: unsafe
/// links in site.yaml, and content or theme files whose output path the generator also writes
/// (compared without case, as on the disks of Windows and macOS).
fn check_safety(
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
    // Output path (folded) → what content file makes it.
    let mut made_by_content: HashMap<String, String> = HashMap::new();
    for p in &sources.pages {
        if is_generated_intro(p) || GENERATED.contains(&p.url.as_str()) {
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
        let what = if p.is_section {
            let folder = p.file.parent().unwrap_or(Path::new(""));
            format!("de overzichtspagina van {}/", folder.to_string_lossy())
        } else {
            format!("de pagina van {}", p.file.to_string_lossy())
        };
        made_by_content.insert(path.to_lowercase(), what);
    }
    for (file, rel) in &sources.assets {
        let path = asset_out(rel);
        let other = taken(&generated, &path).or_else(|| {
            made_by_content
                .get(&path.to_lowercase())
                .map(|what| format!("{what}, die ook op die plek komt"))
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
                made_by_content.insert(path.to_lowercase(), file.to_string_lossy().into_owned());
            }
        }
    }
}

/// The folder of the search page and its index files.
const SEARCH_DIR: &str = "zoeken/";

/// A section intro (`content/partners/_index.md`) shown on a generated page, not on its own.
fn is_generated_intro(p: &Page) -> bool {
    p.is_section && (p.url == "partners/" || p.url == "gemeenten/")
}

/// Every file the generator writes itself whose path is known before rendering (the search
/// index files are all of `zoeken/`), with what it is, for collision messages. It follows
/// `render::write_generated`; a test checks that a build writes nothing else.
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
        "beleidsplan/volledig/index.html".into(),
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

/// `/partners/ROLE/`: the directory filtered by role, one page each (no JavaScript needed).
pub fn role_pages() -> Vec<(&'static str, String)> {
    partner::ROLES
        .iter()
        .map(|(id, _)| (*id, format!("partners/rol/{id}/")))
        .collect()
}

fn check_areas(sources: &Sources, diags: &mut Diagnostics) {
    let gemeenten: HashSet<&str> = sources
        .partners
        .iter()
        .filter(|p| p.is_gemeente())
        .map(|p| p.id.as_str())
        .collect();
    for p in &sources.partners {
        if let content::partner::Area::List(list) = &p.record.area.value {
            for g in list {
                if !gemeenten.contains(g.value.as_str())
                    && !sources.unloaded_partners.contains(&g.value)
                {
                    diags.push(
                        Diagnostic::error(
                            &p.file,
                            g.referenced.line() as usize,
                            format!("onbekende gemeente \"{}\" in area", g.value),
                        )
                        .col(g.referenced.column() as usize)
                        .hint(format!(
                            "gebruik de id van een gemeenterecord: {}",
                            gemeenten
                                .iter()
                                .copied()
                                .collect::<std::collections::BTreeSet<_>>()
                                .into_iter()
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                }
            }
        }
    }
}

/// `updated:` of a page: a date that has been.
fn check_updated(p: &Page, today: Date, diags: &mut Diagnostics) {
    let Some(u) = &p.meta.updated else {
        return;
    };
    let line = u.referenced.line() as usize + p.yaml_line - 1;
    match Date::parse(&u.value) {
        None => diags.push(
            Diagnostic::error(
                &p.file,
                line,
                format!("ongeldige datum \"{}\" in `updated`", u.value),
            )
            .hint("schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-29"),
        ),
        Some(d) if d > today => diags.push(
            Diagnostic::error(
                &p.file,
                line,
                format!(
                    "de datum {} in `updated` ligt in de toekomst (vandaag is het {})",
                    u.value.trim(),
                    today.iso()
                ),
            )
            .hint("zet `updated` op de dag waarop je de pagina wijzigde"),
        ),
        Some(_) => {}
    }
}

/// `plan:` of site.yaml: its dates, its municipalities, and an open point for every
/// municipality whose adoption is not recorded.
fn check_plan(config: &SiteConfig, sources: &Sources, today: Date, diags: &mut Diagnostics) {
    let Some(plan) = &config.plan else {
        return;
    };
    let file = Path::new(config::FILE);
    let date_ok = |v: &crate::yaml::Spanned<String>, what: &str, diags: &mut Diagnostics| {
        let line = v.referenced.line() as usize;
        match Date::parse(&v.value) {
            None => diags.push(
                Diagnostic::error(file, line, format!("ongeldige datum \"{}\" in {what}", v.value))
                    .hint("schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-29"),
            ),
            Some(d) if d > today => diags.push(
                Diagnostic::error(
                    file,
                    line,
                    format!("de datum {} in {what} ligt in de toekomst (vandaag is het {})", v.value.trim(), today.iso()),
                )
                .hint("schrijf alleen een datum die al geweest is; een geplande vaststelling is een open punt"),
            ),
            Some(_) => {}
        }
    };
    if let Some(d) = &plan.value.date {
        date_ok(d, "plan.date", diags);
    }
    let gemeenten: Vec<&partner::Partner> = sources
        .partners
        .iter()
        .filter(|p| p.is_gemeente())
        .collect();
    let adopted = plan.value.adopted.as_ref();
    if let Some(a) = adopted {
        for (id, adoption) in &a.value {
            date_ok(&adoption.date, &format!("plan.adopted.{id}"), diags);
            if !gemeenten.iter().any(|g| &g.id == id) {
                let ids: Vec<&str> = gemeenten.iter().map(|g| g.id.as_str()).collect();
                let hint = match crate::error::closest(id, ids.iter().copied()) {
                    Some(c) => format!(
                        "bedoel je `{c}`? Gebruik de id (bestandsnaam) van een gemeenterecord"
                    ),
                    None => "gebruik de id (bestandsnaam) van een gemeenterecord in partners/"
                        .to_string(),
                };
                diags.push(
                    Diagnostic::error(
                        file,
                        adoption.date.referenced.line() as usize,
                        format!("plan.adopted noemt \"{id}\", maar er is geen gemeente met die id"),
                    )
                    .hint(hint),
                );
            }
        }
    }
    let line = adopted.map_or(plan.referenced.line(), |a| a.referenced.line()) as usize;
    for g in &gemeenten {
        if !adopted.is_some_and(|a| a.value.contains_key(&g.id)) {
            diags.push_open(crate::open_points::OpenPoint::new(
                file,
                line,
                &format!(
                    "Datum en besluit waarmee {} het plan vaststelt.",
                    g.record.name
                ),
                None,
            ));
        }
    }
}

/// A page after Markdown rendering.
pub struct PageOut {
    pub rendered: Rendered,
}

/// Rendered record fields of one partner.
pub struct PartnerOut {
    /// The record's open points as one block (empty when none, or hidden).
    pub open: String,
    pub description: String,
    pub when_to_contact: String,
    pub note: String,
    pub meldpunt: String,
    pub aandachtsfunctionaris: String,
    pub summary: String,
}

pub struct Model {
    pub pages: Vec<PageOut>,
    pub partners: Vec<PartnerOut>,
    /// Glossary definitions as HTML, in glossary order.
    pub terms: Vec<String>,
    /// ids on each URL, for anchor checks.
    pub ids: HashMap<String, HashSet<String>>,
    /// URL of the page each pending anchor was found on, with the file.
    pub pending: Vec<(String, PathBuf, markdown::PendingAnchor)>,
}

fn placeholders(sources: &Sources, root: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert(
        "tabel:basisniveau".to_string(),
        render::basisniveau_table(sources, root),
    );
    m
}

/// Resolve the advice of a checklist page to HTML links, reporting unknown routes and partners.
fn checklist_spec(
    p: &Page,
    idx: &SiteIndex,
    sources: &Sources,
    root: &str,
    diags: &mut Vec<Diagnostic>,
) -> checklist::Spec {
    let line = |s: &crate::yaml::Spanned<String>| s.referenced.line() as usize + p.yaml_line - 1;
    let links = |route: &Option<crate::yaml::Spanned<String>>,
                 partner: &Option<crate::yaml::Spanned<String>>,
                 diags: &mut Vec<Diagnostic>| {
        let mut links_html = String::new();
        if let Some(route) = route {
            let url = format!("routes/{}/", route.value);
            match sources.pages.iter().find(|q| q.url == url) {
                Some(q) if idx.urls.contains(&url) => links_html.push_str(&format!(
                    "<p class=\"checklist-advice-link\">Volg de route: <a href=\"{}\">{}</a></p>",
                    links::href(root, &url, None),
                    markdown::escape(&q.meta.title)
                )),
                // A route page that failed to load has its own error.
                None if idx.urls.contains(&url) => {}
                _ => diags.push(
                    Diagnostic::error(&p.file, line(route), format!("onbekende route \"{}\"", route.value))
                        .col(route.referenced.column() as usize)
                        .hint("gebruik de bestandsnaam van een route in content/routes/ zonder .md, bijvoorbeeld signaal-melden"),
                ),
            }
        }
        if let Some(pid) = partner {
            match sources.partners.iter().find(|x| x.id == pid.value) {
                Some(x) => links_html.push_str(&format!(
                    "<p class=\"checklist-advice-link\">Contact: <a href=\"{}\">{}</a></p>",
                    links::href(root, &x.url(), None),
                    markdown::escape(&x.record.name)
                )),
                // A record that failed to load has its own error.
                None if sources.unloaded_partners.contains(&pid.value) => {}
                None => diags.push(
                    Diagnostic::error(
                        &p.file,
                        line(pid),
                        format!("onbekende partner \"{}\"", pid.value),
                    )
                    .col(pid.referenced.column() as usize)
                    .hint(partner_hint(&pid.value, idx)),
                ),
            }
        }
        links_html
    };
    let mut advice = Vec::new();
    for a in &p.meta.advice {
        let links_html = links(&a.route, &a.partner, diags);
        advice.push(AdviceBlock {
            from: a.from.value.max(0) as usize,
            text: checklist::advice_text(&a.text),
            links_html,
        });
    }
    let direct = p.meta.direct_advice.as_ref().map(|d| {
        let links_html = links(&d.value.route, &d.value.partner, diags);
        if d.value.text.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    &p.file,
                    direct_advice_line(p, d),
                    "direct_advice heeft geen tekst",
                )
                .hint("zet onder direct_advice een regel `text: Wat je vandaag doet`, bijvoorbeeld `text: Bel vandaag de aandachtsfunctionaris.`"),
            );
        }
        checklist::DirectBlock {
            text: checklist::advice_text(&d.value.text),
            links_html,
        }
    });
    checklist::Spec {
        title: p.meta.title.clone(),
        advice,
        direct,
    }
}

/// Line of the `direct_advice:` key (its value starts on the next line in block style).
fn direct_advice_line(
    p: &Page,
    d: &crate::yaml::Spanned<crate::content::page::DirectAdvice>,
) -> usize {
    let value_line = d.referenced.line() as usize;
    let key_line = p
        .front_matter
        .lines()
        .take(value_line)
        .enumerate()
        .filter(|(_, l)| l.starts_with("direct_advice:"))
        .map(|(n, _)| n + 1)
        .last()
        .unwrap_or(value_line);
    key_line + p.yaml_line - 1
}

/// "bedoel je comensha?" or how partner ids are made.
pub fn partner_hint(id: &str, idx: &dyn Resolver) -> String {
    let ids = idx.partner_ids();
    match crate::error::closest(id, ids.iter().map(String::as_str)) {
        Some(best) => format!("bedoel je partner:{best}?"),
        None => "de id is de bestandsnaam in partners/ zonder .yaml, bijvoorbeeld partner:comensha"
            .into(),
    }
}

/// The Markdown of page `i`, with the page's problems (checklist and route checks included).
pub fn render_page(
    config: &SiteConfig,
    sources: &Sources,
    idx: &SiteIndex,
    i: usize,
    body: &str,
) -> (Rendered, Vec<Diagnostic>) {
    let p = &sources.pages[i];
    let root = links::root_of(&p.url);
    let mut problems = Vec::new();
    let is_checklist = p.top_section() == "signalen" && !p.is_section;
    let spec = if is_checklist || !p.meta.advice.is_empty() || p.meta.direct_advice.is_some() {
        Some(checklist_spec(p, idx, sources, &root, &mut problems))
    } else {
        None
    };
    let ph = placeholders(sources, &root);
    let opts = markdown::Options {
        file: &p.file,
        link_base: &p.file,
        body_line: p.body_line,
        root: &root,
        allow_html: config.allow_html,
        resolver: idx,
        placeholders: &ph,
        checklist: spec.as_ref(),
        title: &p.meta.title,
        hide_open_points: config.open_points == OpenPointsShown::Hide,
    };
    let mut rendered = markdown::render(body, &opts);
    if let Some(count) = rendered.signals {
        if count == 0 {
            problems.push(
                Diagnostic::error(
                    &p.file,
                    p.body_line,
                    "deze signalenlijst heeft geen signalen",
                )
                .hint("schrijf elk signaal als taakpunt: `- [ ] Omschrijving van het signaal`"),
            );
        }
        match &p.meta.direct_advice {
            None => {
                for &line in &rendered.direct_lines {
                    problems.push(
                        Diagnostic::error(
                            &p.file,
                            line,
                            "dit signaal is \"meld direct\", maar de pagina heeft geen direct_advice",
                        )
                        .hint("zet in de front matter `direct_advice:` met `text:` (wat vandaag te doen), `route:` en `partner:`; of haal `**Meld direct:**` weg"),
                    );
                }
            }
            Some(d) if rendered.direct_lines.is_empty() => problems.push(
                Diagnostic::warning(
                    &p.file,
                    direct_advice_line(p, d),
                    "direct_advice wordt nooit getoond: geen signaal is \"meld direct\"",
                )
                .hint("begin een signaal dat alleen al direct melden vraagt met `**Meld direct:**`, bijvoorbeeld `- [ ] **Meld direct:** Een minderjarige werkt in de prostitutie.`; of haal direct_advice weg"),
            ),
            Some(_) => {}
        }
        for a in &p.meta.advice {
            let from = a.from.value;
            if from < 1 || from as usize > count.max(1) {
                problems.push(
                    Diagnostic::error(
                        &p.file,
                        a.from.referenced.line() as usize + p.yaml_line - 1,
                        format!("drempel {from} kan niet: de lijst heeft {count} signalen"),
                    )
                    .col(a.from.referenced.column() as usize)
                    .hint(format!("kies een drempel van 1 tot en met {count}")),
                );
            }
        }
    }
    if p.top_section() == "routes" && !p.is_section && rendered.flowcharts == 0 {
        problems.push(
            Diagnostic::warning(&p.file, p.body_line, "deze route heeft geen stroomschema")
                .hint("voeg een ```mermaid-blok toe met `flowchart TD`"),
        );
    }
    problems.append(&mut rendered.diagnostics);
    (rendered, problems)
}

/// Render every page's Markdown and hand its HTML file to `out` at once (in parallel), so no
/// page's source or HTML is held longer than needed; then the record fields and definitions.
fn render_all(
    config: &SiteConfig,
    sources: &Sources,
    bodies: Vec<String>,
    idx: &SiteIndex,
    templates: &render::Templates,
    out: &render::Emitter,
    diags: &mut Diagnostics,
) -> Model {
    let keep_html = templates.html_kept();
    let results: Vec<(PageOut, Vec<Diagnostic>)> = bodies
        .into_par_iter()
        .enumerate()
        .map(|(i, body)| {
            let (mut rendered, mut problems) = render_page(config, sources, idx, i, &body);
            drop(body);
            if templates.has_own_page(i) {
                if let Err(d) = templates
                    .page(i, &rendered)
                    .and_then(|f| out.put(f.path, f.bytes))
                {
                    problems.push(d);
                }
            }
            if !keep_html.contains(&i) {
                rendered.html = String::new();
            }
            (PageOut { rendered }, problems)
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut pending = Vec::new();
    for ((mut out, problems), p) in results.into_iter().zip(&sources.pages) {
        diags.extend(problems);
        for o in &out.rendered.open_points {
            diags.push_open(o.clone());
        }
        ids.insert(p.url.clone(), std::mem::take(&mut out.rendered.ids));
        for a in &out.rendered.pending {
            pending.push((p.url.clone(), p.file.clone(), a.clone()));
        }
        pages.push(out);
    }
    // Record fields: links are written relative to content/.
    let link_base = Path::new("content/_record");
    let empty = BTreeMap::new();
    let mut partners = Vec::new();
    for p in &sources.partners {
        let root = links::root_of(&p.url());
        // `indent`: columns before the text on its lines (a block scalar is indented).
        let mut field = |text: &str, line: usize, indent: usize| -> String {
            let opts = markdown::Options {
                file: &p.file,
                link_base,
                body_line: line,
                root: &root,
                allow_html: config.allow_html,
                resolver: idx,
                placeholders: &empty,
                checklist: None,
                title: &p.record.name,
                hide_open_points: config.open_points == OpenPointsShown::Hide,
            };
            let r = markdown::render(text, &opts);
            for o in &r.open_points {
                diags.push_open(o.clone());
            }
            diags.extend(
                r.diagnostics
                    .iter()
                    .cloned()
                    .map(|d| shift_column(d, indent)),
            );
            for a in &r.pending {
                let mut a = a.clone();
                if a.column > 0 {
                    a.column += indent;
                }
                pending.push((p.url(), p.file.clone(), a));
            }
            r.html
        };
        let spanned = |s: &crate::yaml::Spanned<String>| -> (String, usize, usize) {
            (
                s.value.clone(),
                crate::yaml::first_line(s),
                crate::yaml::first_column(s).saturating_sub(1),
            )
        };
        let r = &p.record;
        let (d, dl, dc) = spanned(&r.description);
        let (w, wl, wc) = spanned(&r.when_to_contact);
        let description = field(&d, dl, dc);
        let when_to_contact = field(&w, wl, wc);
        let note = r
            .contact
            .note
            .as_deref()
            .map(|n| field(n, p.note_place.0, p.note_place.1))
            .unwrap_or_default();
        let meldpunt = r
            .meldpunt
            .as_ref()
            .map(|s| {
                let (t, l, c) = spanned(s);
                field(&t, l, c)
            })
            .unwrap_or_default();
        let aandachtsfunctionaris = r
            .aandachtsfunctionaris
            .as_ref()
            .map(|s| {
                let (t, l, c) = spanned(s);
                field(&t, l, c)
            })
            .unwrap_or_default();
        let mut problems = Vec::new();
        let points = partner::open_points(p, &mut problems);
        diags.extend(problems);
        let open = record_open_points(config, points, diags);
        partners.push(PartnerOut {
            open,
            description,
            when_to_contact,
            note,
            meldpunt,
            aandachtsfunctionaris,
            summary: markdown::escape(&r.summary),
        });
    }
    let mut terms = Vec::new();
    let gfile = sources.glossary.file.clone();
    for (_, t) in &sources.glossary.terms {
        let opts = markdown::Options {
            file: &gfile,
            link_base: Path::new("content/begrippen.yaml"),
            body_line: crate::yaml::first_line(&t.definition),
            root: "../",
            allow_html: config.allow_html,
            resolver: idx,
            placeholders: &empty,
            checklist: None,
            title: &t.term.value,
            hide_open_points: config.open_points == OpenPointsShown::Hide,
        };
        let r = markdown::render(&t.definition.value, &opts);
        for o in &r.open_points {
            diags.push_open(o.clone());
        }
        let indent = crate::yaml::first_column(&t.definition).saturating_sub(1);
        diags.extend(
            r.diagnostics
                .iter()
                .cloned()
                .map(|d| shift_column(d, indent)),
        );
        for a in &r.pending {
            pending.push(("begrippen/".to_string(), gfile.clone(), a.clone()));
        }
        let mut problems = Vec::new();
        let points = partner::open_list(&gfile, &t.open, &mut problems);
        diags.extend(problems);
        let mut html = r.html;
        html.push_str(&record_open_points(config, points, diags));
        terms.push(html);
    }
    ids.insert(
        "begrippen/".into(),
        sources
            .glossary
            .terms
            .iter()
            .map(|(id, _)| id.clone())
            .collect(),
    );
    Model {
        pages,
        partners,
        terms,
        ids,
        pending,
    }
}

/// A record's open points: listed for `check`, and as one block for its page unless hidden.
fn record_open_points(
    config: &SiteConfig,
    points: Vec<crate::open_points::OpenPoint>,
    diags: &mut Diagnostics,
) -> String {
    let shown: Vec<(String, Option<String>)> = points
        .iter()
        .map(|o| (o.text.clone(), o.decides.clone()))
        .collect();
    for o in points {
        diags.push_open(o);
    }
    if shown.is_empty() || config.open_points == OpenPointsShown::Hide {
        String::new()
    } else {
        markdown::open_points_block(&shown)
    }
}

/// A problem in Markdown from a YAML value, moved right by the columns before the value's text.
fn shift_column(mut d: Diagnostic, indent: usize) -> Diagnostic {
    if d.column > 0 {
        d.column += indent;
    }
    d
}

fn check_anchors(model: &Model, diags: &mut Diagnostics) {
    for (page_url, file, a) in &model.pending {
        if let Some(d) = check_anchor(&model.ids, page_url, file, a) {
            diags.push(d);
        }
    }
}

/// The problem with one `#anchor` link found on `page_url`, if its target lacks the id.
pub fn check_anchor(
    ids: &HashMap<String, HashSet<String>>,
    page_url: &str,
    file: &Path,
    a: &markdown::PendingAnchor,
) -> Option<Diagnostic> {
    let target = if a.url == "\0self" { page_url } else { &a.url };
    // Generated pages other than the glossary have no checked anchors.
    let ids = ids.get(target)?;
    if ids.contains(&a.anchor) {
        return None;
    }
    let mut known: Vec<&String> = ids.iter().filter(|i| !i.starts_with("signaal-")).collect();
    known.sort();
    let close = known
        .iter()
        .filter(|k| k.contains(a.anchor.as_str()) || a.anchor.contains(k.as_str()))
        .take(3)
        .map(|k| format!("#{k}"))
        .collect::<Vec<_>>();
    let hint = if close.is_empty() {
        format!(
            "het anker is de kop in kleine letters met streepjes; de pagina /{target} heeft {} koppen",
            known.len()
        )
    } else {
        format!("bedoel je {}?", close.join(" of "))
    };
    Some(
        Diagnostic::error(
            file,
            a.line,
            format!("het anker #{} bestaat niet op /{target}", a.anchor),
        )
        .col(a.column)
        .hint(hint),
    )
}
