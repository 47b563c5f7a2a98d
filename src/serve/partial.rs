//! Redoing one page for the preview server. When an editor saves a page and its front matter is
//! unchanged, no other page's HTML can change (titles, order and menus come from front matter),
//! so only that page is rendered again; the search index follows in a second step. Anything
//! else (a new or removed file, front matter, partners, glossary, theme, site.yaml) takes a full
//! build.

use crate::content::{self, page, Sources};
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::TextSection;
use crate::output::OutFile;
use crate::site::Retained;
use crate::templates::Templates;
use std::path::Path;
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
    let (mut rendered, problems) =
        crate::render::page::render_page(&kept.config, &kept.sources, &kept.index, i, &new.body);
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

fn failed(problems: Vec<Diagnostic>) -> Partial {
    let mut d = Diagnostics::default();
    d.extend(problems);
    Partial::Failed(d)
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
