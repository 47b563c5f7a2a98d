//! Redoing part of the site for the preview server. When an editor saves a page and its front
//! matter is unchanged, no other page's HTML can change (titles, order and menus come from front
//! matter), so only that page is rendered again ([`rebuild_page`]). A front-matter edit, a new or
//! removed page, a partner record or the glossary go through [`rebuild_changed`]: the sources are
//! loaded and checked as in a full build (unchanged pages are not read again), and only the
//! pages whose inputs changed are rendered: their own source, what their template shows of
//! other pages (`Templates::view_key`), or an answer of the site index their Markdown asked
//! for (`render::deps`); the generated pages are all made again. The search index follows in a
//! second step. site.yaml, the theme, templates and other files take a full build.

use crate::content::{self, page, page::Page, Sources};
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::TextSection;
use crate::output::OutFile;
use crate::render::{deps::PageDeps, PageOut};
use crate::site::{Mode, Retained};
use crate::templates::Templates;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What redoing one page gave.
pub enum Partial {
    /// The page's new file (and the whole-plan page for a chapter); the rest of the site is as
    /// it was, the search index excepted.
    Done {
        /// The page's file, and the whole-plan page for a chapter.
        files: Vec<OutFile>,
        /// The page's warnings.
        warnings: Diagnostics,
    },
    /// Several pages redone ([`rebuild_changed`]).
    Many {
        /// The files made again: rendered pages and every generated page but the search index.
        files: Vec<OutFile>,
        /// Output paths the site no longer has (removed pages and records).
        removed: Vec<String>,
        /// Content pages rendered.
        pages: usize,
        /// The site's warnings, every open point included.
        warnings: Diagnostics,
    },
    /// The page has errors: the last good site stays.
    Failed(Diagnostics),
    /// The change reaches further than the page: build the whole site.
    NeedsFull,
}

/// Redo the page in `file` (relative to the site root) if only its body changed.
pub fn rebuild_page(root: &Path, kept: &mut Retained, file: &Path) -> Partial {
    let t = std::time::Instant::now();
    let Some(i) = kept.sources.pages.iter().position(|p| p.file == file) else {
        return Partial::NeedsFull;
    };
    if !root.join(file).is_file() {
        // Removed or renamed away.
        return Partial::NeedsFull;
    }
    let Ok(rel) = file.strip_prefix(content::CONTENT_DIR) else {
        return Partial::NeedsFull;
    };
    let keep_prefix = kept.config.keep_order_prefix;
    let new = match content::read_text(root, file)
        .and_then(|text| page::parse(&text, file, rel, keep_prefix))
    {
        Ok(p) => p,
        Err(d) => return failed(vec![d]),
    };
    let old = &kept.sources.pages[i];
    if new.front_matter != old.front_matter || new.url != old.url || new.meta.draft {
        return Partial::NeedsFull;
    }
    crate::util::timing::phase("parse", t);
    let templates = Templates::new(&kept.config, &kept.sources, &kept.index, &kept.theme);
    if !templates.has_own_page(i) {
        // Its HTML is the top of a generated page (the partner or municipality intro).
        return Partial::NeedsFull;
    }
    let chapter = templates.is_chapter(i);
    crate::util::timing::phase("templates", t);
    let names = crate::render::deps::placeholder_names(&kept.config, &kept.sources);
    let (mut rendered, problems, deps) = crate::render::deps::render_page_with_deps(
        &kept.config,
        &kept.sources,
        &kept.index,
        i,
        &new.body,
        &names,
    );
    crate::util::timing::phase("markdown", t);
    let (mut errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(Diagnostic::is_error);
    let url = new.url.clone();
    // Anchors: this page's links, and other pages' links into this page when its ids changed.
    let mut ids = std::mem::take(&mut kept.model.ids);
    let old_ids = ids.insert(url.clone(), rendered.ids.clone());
    errors.extend(crate::check::anchors::check_page_anchors(
        &ids,
        &url,
        file,
        &rendered.pending,
        &kept.model.pending,
        old_ids.as_ref() != Some(&rendered.ids),
    ));
    if !errors.is_empty() {
        if let Some(o) = old_ids {
            ids.insert(url, o);
        }
        kept.model.ids = ids;
        return failed(errors);
    }
    kept.model.ids = ids;
    let page_file = match templates.page(i, &rendered) {
        Ok(f) => f,
        Err(d) => return failed(vec![d]),
    };
    crate::util::timing::phase("page", t);
    // Keep the model as a full build would have left it.
    kept.model.pending.retain(|(from, _, _)| from != &url);
    for a in &rendered.pending {
        kept.model
            .pending
            .push((url.clone(), file.to_path_buf(), a.clone()));
    }
    if !chapter {
        rendered.html = String::new();
    }
    kept.sections[i] = Arc::new(std::mem::take(&mut rendered.sections));
    kept.model.pages[i].rendered = rendered;
    if let Some(d) = kept.deps.get_mut(i) {
        *d = deps;
    }
    let mut files = vec![page_file];
    if chapter {
        match templates.whole_plan(&kept.model) {
            Ok(f) => files.push(f),
            Err(d) => return failed(vec![d]),
        }
    }
    let mut w = Diagnostics::default();
    w.extend(warnings);
    // The serve worklist replaces this page's open points with these.
    w.extend_open(kept.model.pages[i].rendered.open_points.iter().cloned());
    Partial::Done { files, warnings: w }
}

/// Redo what the changes in `changed` (paths relative to the root) reach, or say a full build
/// is needed. With errors a full build is asked for too, so every problem is reported at once.
pub fn rebuild_changed(
    root: &Path,
    kept: &mut Retained,
    changed: &[PathBuf],
    mode: &Mode,
) -> Partial {
    let t = std::time::Instant::now();
    let glossary = Path::new(content::glossary::FILE);
    let mut pages_changed: HashSet<&Path> = HashSet::new();
    let mut records_changed = false;
    for f in changed {
        if f == glossary || f.starts_with(content::PARTNERS_DIR) {
            records_changed = true;
        } else if f.starts_with(content::CONTENT_DIR) && f.extension().is_some_and(|e| e == "md") {
            pages_changed.insert(f);
        } else {
            // site.yaml, the theme, templates, images and folders.
            return Partial::NeedsFull;
        }
    }
    let old = Arc::clone(&kept.sources);
    let old_by_file: HashMap<&Path, usize> = old
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.file.as_path(), i))
        .collect();
    let reuse = |file: &Path| -> Option<Page> {
        if pages_changed.contains(file) {
            return None;
        }
        old_by_file.get(file).map(|&i| old.pages[i].clone())
    };
    let Ok(loaded) = crate::load::load_reusing(root, mode, &reuse) else {
        return Partial::NeedsFull;
    };
    crate::util::timing::phase("load", t);
    let crate::load::Loaded {
        config,
        theme,
        mut sources,
        index,
        mut diags,
    } = loaded;
    if diags.has_errors() {
        return Partial::NeedsFull;
    }
    // The bodies of the pages read again; the others are read when they must be rendered.
    let mut bodies: Vec<Option<String>> = sources
        .pages
        .iter_mut()
        .map(|p| {
            let reused = !pages_changed.contains(p.file.as_path())
                && old_by_file.contains_key(p.file.as_path());
            (!reused).then(|| std::mem::take(&mut p.body))
        })
        .collect();
    let templates = Templates::new(&config, &sources, &index, &theme);
    crate::util::timing::phase("templates", t);
    let site_view = templates.site_view();
    crate::util::timing::phase("site view", t);
    if site_view != kept.site_view {
        // Menu, plan status or site texts: on every page.
        return Partial::NeedsFull;
    }
    // Front matter or the set of pages: checklists show route titles.
    let titles_changed = old.pages.len() != sources.pages.len()
        || sources.pages.iter().any(|p| {
            old_by_file
                .get(p.file.as_path())
                .is_none_or(|&j| old.pages[j].front_matter != p.front_matter)
        });
    let html_kept = templates.html_kept();
    let old_html_kept: HashSet<usize> = crate::templates::chapters(&old)
        .into_iter()
        .chain((0..old.pages.len()).filter(|&j| crate::templates::is_intro(&old.pages[j].url)))
        .collect();
    crate::util::timing::phase("titles", t);
    let old_of: Vec<Option<usize>> = sources
        .pages
        .iter()
        .map(|p| {
            old_by_file
                .get(p.file.as_path())
                .copied()
                .filter(|&j| old.pages[j].url == p.url)
        })
        .collect();
    // Pages whose title, summary, order or existence changed, old and new: only their section,
    // their siblings (previous, next) and, for a section, the pages below it (breadcrumbs)
    // can show another view of them.
    let mut shown: Vec<&Page> = Vec::new();
    let mut still: HashSet<usize> = HashSet::new();
    for (i, p) in sources.pages.iter().enumerate() {
        match old_of[i] {
            Some(j) => {
                still.insert(j);
                if old.pages[j].front_matter != p.front_matter {
                    shown.push(&old.pages[j]);
                    shown.push(p);
                }
            }
            None => shown.push(p),
        }
    }
    shown.extend(
        old.pages
            .iter()
            .enumerate()
            .filter(|(j, _)| !still.contains(j))
            .map(|(_, p)| p),
    );
    let sees_shown = |p: &Page| {
        shown.iter().any(|q| {
            q.parent.as_deref() == Some(p.url.as_str())
                || (p.parent.is_some() && p.parent == q.parent && q.parent.as_deref() != Some(""))
                || (q.is_section && !q.url.is_empty() && p.url.starts_with(&q.url))
        })
    };
    let views: Vec<u64> = (0..sources.pages.len())
        .into_par_iter()
        .map(|i| match old_of[i] {
            // The home page links to sections that exist only with some kinds of page.
            Some(j) if !sources.pages[i].url.is_empty() && !sees_shown(&sources.pages[i]) => {
                kept.views[j]
            }
            _ => templates.view_key(i),
        })
        .collect();
    crate::util::timing::phase("views", t);
    let index_changes = index.changes(&kept.index);
    let redo: Vec<bool> = (0..sources.pages.len())
        .into_par_iter()
        .map(|i| match old_of[i] {
            None => true,
            Some(j) => {
                bodies[i].is_some()
                    || views[i] != kept.views[j]
                    || (html_kept.contains(&i) && !old_html_kept.contains(&j))
                    || (titles_changed && kept.deps[j].titles)
                    || (records_changed && kept.deps[j].records)
                    || (!index_changes.is_empty()
                        && kept.deps[j].reads.iter().any(|r| index_changes.touches(r)))
            }
        })
        .collect();
    crate::util::timing::phase("deps", t);
    let names = crate::render::deps::placeholder_names(&config, &sources);
    let sink = crate::output::MemorySink::default();
    let out = crate::templates::Emitter::new(&sink);
    let todo: Vec<(usize, Option<String>)> = redo
        .iter()
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(i, _)| (i, bodies[i].take()))
        .collect();
    type Done = (usize, crate::markdown::Rendered, Vec<Diagnostic>, PageDeps);
    let rendered: Vec<Result<Done, ()>> = todo
        .into_par_iter()
        .map(|(i, body)| {
            let p = &sources.pages[i];
            let body = match body {
                Some(b) => b,
                // Not read again: a stand-in section page has no file and no body.
                None if !root.join(&p.file).is_file() => String::new(),
                None => {
                    let rel = p.file.strip_prefix(content::CONTENT_DIR).map_err(|_| ())?;
                    content::read_text(root, &p.file)
                        .and_then(|text| page::parse(&text, &p.file, rel, config.keep_order_prefix))
                        .map_err(|_| ())?
                        .body
                }
            };
            let (mut r, mut problems, deps) = crate::render::deps::render_page_with_deps(
                &config, &sources, &index, i, &body, &names,
            );
            if templates.has_own_page(i) {
                if let Err(d) = templates.page(i, &r).and_then(|f| out.put(f.path, f.bytes)) {
                    problems.push(d);
                }
            }
            if !html_kept.contains(&i) {
                r.html = String::new();
            }
            Ok((i, r, problems, deps))
        })
        .collect();
    crate::util::timing::phase("pages", t);
    let mut fresh: HashMap<usize, (crate::markdown::Rendered, Vec<Diagnostic>, PageDeps)> =
        HashMap::new();
    for r in rendered {
        let Ok((i, r, problems, deps)) = r else {
            return Partial::NeedsFull;
        };
        fresh.insert(i, (r, problems, deps));
    }
    let count = fresh.len();
    // The model as a full build would have left it, in page order.
    let mut old_pending: HashMap<String, Vec<_>> = HashMap::new();
    for (url, file, a) in std::mem::take(&mut kept.model.pending) {
        old_pending.entry(url).or_default().push((file, a));
    }
    let mut old_ids = std::mem::take(&mut kept.model.ids);
    let mut pages = Vec::with_capacity(sources.pages.len());
    let mut sections = Vec::with_capacity(sources.pages.len());
    let mut deps = Vec::with_capacity(sources.pages.len());
    let mut ids = HashMap::new();
    let mut pending = Vec::new();
    for (i, p) in sources.pages.iter().enumerate() {
        if let Some((mut r, problems, d)) = fresh.remove(&i) {
            diags.extend(problems);
            diags.extend_open(r.open_points.iter().cloned());
            ids.insert(p.url.clone(), std::mem::take(&mut r.ids));
            for a in &r.pending {
                pending.push((p.url.clone(), p.file.clone(), a.clone()));
            }
            sections.push(Arc::new(std::mem::take(&mut r.sections)));
            deps.push(d);
            pages.push(PageOut { rendered: r });
        } else {
            let Some(j) = old_of[i] else {
                return Partial::NeedsFull;
            };
            let r = std::mem::take(&mut kept.model.pages[j].rendered);
            diags.extend_open(r.open_points.iter().cloned());
            ids.insert(p.url.clone(), old_ids.remove(&p.url).unwrap_or_default());
            for (file, a) in old_pending.remove(&p.url).unwrap_or_default() {
                pending.push((p.url.clone(), file, a));
            }
            sections.push(Arc::clone(&kept.sections[j]));
            deps.push(std::mem::take(&mut kept.deps[j]));
            pages.push(PageOut { rendered: r });
        }
    }
    let (partners, terms) = crate::render::records::render_records(
        &config,
        &sources,
        &index,
        &mut ids,
        &mut pending,
        &mut diags,
    );
    let model = crate::render::Model {
        pages,
        partners,
        terms,
        ids,
        pending,
    };
    crate::check::anchors::check_anchors(&model.ids, &model.pending, &mut diags);
    if diags.has_errors() {
        return Partial::NeedsFull;
    }
    // The sitemap lists every page, also those not made again.
    {
        let mut paths = crate::util::sync::lock(&out.paths);
        for (i, p) in sources.pages.iter().enumerate() {
            if !redo[i] && templates.has_own_page(i) {
                paths.push(format!("{}index.html", p.url));
            }
        }
    }
    if let Err(ds) = crate::templates::write_generated(&templates, &model, None, None, &out) {
        diags.extend(ds);
        return Partial::NeedsFull;
    }
    crate::util::timing::phase("generated", t);
    let made = |s: &Sources| -> HashSet<String> {
        let mut v: HashSet<String> = s
            .pages
            .iter()
            .filter(|p| !crate::templates::is_intro(&p.url))
            .map(|p| format!("{}index.html", p.url))
            .collect();
        for p in &s.partners {
            v.insert(format!("{}index.html", p.url()));
            v.insert(format!("{}{}.vcf", p.url(), p.id));
        }
        v
    };
    let now = made(&sources);
    let removed: Vec<String> = made(&old).difference(&now).cloned().collect();
    drop(templates);
    for p in &mut sources.pages {
        p.body = String::new();
    }
    kept.config = config;
    kept.theme = theme;
    kept.sources = Arc::new(sources);
    kept.index = index;
    kept.model = model;
    kept.sections = sections;
    kept.deps = deps;
    kept.views = views;
    kept.site_view = site_view;
    Partial::Many {
        files: sink.into_files(),
        removed,
        pages: count,
        warnings: diags,
    }
}

fn failed(problems: Vec<Diagnostic>) -> Partial {
    let mut d = Diagnostics::default();
    d.extend(problems);
    Partial::Failed(d)
}

/// Whether `path` is a file of the search index (everything under /zoeken/ but its page): a
/// new index replaces all of them, its files are named after their content.
pub fn is_search_file(path: &str) -> bool {
    path.starts_with("zoeken/") && path != "zoeken/index.html"
}

/// What the search index is made from, taken from `kept` in an instant (shared, not copied),
/// so the slow part runs without holding the site.
pub struct SearchInput {
    sources: Arc<Sources>,
    sections: Vec<Arc<Vec<TextSection>>>,
}

/// Take what the search index needs from `kept`.
pub fn search_input(kept: &Retained) -> SearchInput {
    SearchInput {
        sources: Arc::clone(&kept.sources),
        sections: kept.sections.clone(),
    }
}

/// The search index files.
pub fn search_files(input: SearchInput) -> Vec<OutFile> {
    let sections = input.sections.iter().map(|s| (**s).clone()).collect();
    let docs = crate::search::docs::documents(&input.sources, sections);
    let synonyms = crate::search::docs::synonyms(&input.sources);
    crate::search::build(&docs, &synonyms)
        .into_iter()
        .map(|f| OutFile {
            path: f.path,
            bytes: f.contents.into_bytes(),
        })
        .collect()
}
