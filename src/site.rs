//! The pipeline: load → index → render (parallel) → validate links → templates → files.

use crate::check::anchors::check_anchors;
use crate::check::index::asset_out;
use crate::check::index::SiteIndex;
use crate::config::SiteConfig;
use crate::content::Sources;
use crate::error::{Diagnostic, Diagnostics};
pub use crate::load::load;
pub use crate::load::{Loaded, Mode};
use crate::markdown::{self};
use crate::output::Sink;
use crate::render::deps::{placeholder_names, render_page_with_deps, PageDeps};
use crate::render::page::render_page;
use crate::render::records::render_records;
use crate::render::{Model, PageOut};
use crate::templates;
use crate::theme::Theme;
use crate::util::spill::Spill;
use crate::util::timing::phase;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The result of a successful build.
pub struct Built {
    /// Warnings of the build (with errors it fails).
    pub warnings: Diagnostics,
    /// HTML files made.
    pub pages: usize,
    /// All files made.
    pub files: usize,
    /// Pages whose Markdown was rendered (0 when the output was reused whole).
    pub rendered: usize,
}

/// What a build leaves for the preview server, to redo one page when only that page changed:
/// everything but the Markdown sources and the HTML of the pages.
pub struct Retained {
    /// site.yaml as loaded.
    pub config: SiteConfig,
    /// The theme as loaded.
    pub theme: Theme,
    /// Shared with background search updates (a one-page rebuild never changes it).
    pub sources: Arc<Sources>,
    /// What links may reach.
    pub index: SiteIndex,
    /// The model; its pages' `sections` are moved to `sections`.
    pub model: Model,
    /// Each page's text sections for the search index, shared with background updates.
    pub sections: Vec<Arc<Vec<markdown::TextSection>>>,
    /// Per page, what its Markdown took from the rest of the site.
    pub deps: Vec<crate::render::deps::PageDeps>,
    /// Per page, what its template shows of other pages ([`templates::Templates::view_key`]).
    pub views: Vec<u64>,
    /// What every page's template shows of the site ([`templates::Templates::site_view`]).
    pub site_view: templates::SiteView,
}

/// Load and check everything, then hand every file to `sink`. Errors: every problem found;
/// files already handed to the sink must then be thrown away (see `output::DiskSink::abort`).
pub fn build(root: &Path, mode: &Mode, sink: &dyn Sink) -> Result<Built, Diagnostics> {
    build_keeping(root, mode, sink, false).map(|(built, _)| built)
}

/// What a build reads, relative to the site root: a change anywhere in these renders again.
const INPUTS: [&str; 5] = ["site.yaml", "content", "partners", "templates", "themes"];

/// [`build`] into a folder on disk that an earlier build may have filled: when `cache` shows
/// that build read exactly what this one would (every input file, the binary, the date) and its
/// output is untouched, nothing is rendered and every file is taken over as it is; otherwise a
/// full build. Call [`crate::output::cache::BuildCache::save`] once the sink has committed.
pub fn build_cached(
    root: &Path,
    mode: &Mode,
    sink: &crate::output::DiskSink,
    cache: &mut crate::output::cache::BuildCache,
    binary: String,
) -> Result<Built, Diagnostics> {
    let t = std::time::Instant::now();
    let today = mode
        .today
        .unwrap_or_else(crate::content::partner::Date::today);
    // The pages' bytes are kept for load: each source is read once, and built from exactly
    // the bytes its hash was taken of.
    let (inputs, kept) = crate::output::cache::Inputs::read_keeping(
        root,
        &INPUTS,
        binary,
        format!("{today:?}"),
        &|rel| {
            // The page files load will ask for: its walk leaves out editors' temporary files.
            rel.starts_with("content/")
                && rel.ends_with(".md")
                && !rel.split('/').any(crate::content::is_temp_file)
        },
    );
    let reused = cache.reuse(inputs, sink);
    phase("cache", t);
    if let Some(r) = reused {
        drop(kept);
        return Ok(Built {
            warnings: r.warnings,
            pages: r.pages,
            files: r.files,
            rendered: 0,
        });
    }
    let built =
        build_from(root, mode, sink, false, &|file| kept.take(file)).map(|(built, _)| built)?;
    drop(kept);
    cache.remember(&built.warnings, built.pages, built.files);
    Ok(built)
}

/// Above this many bytes of Markdown, the pages' plain text waits for the search index in a
/// temporary file instead of memory (at 30,000 pages it is about 200 MB). Smaller sites keep
/// it in memory, which is a little faster. `KETENWIJZER_SPILL_ABOVE` (bytes) overrides it.
fn spill_above() -> usize {
    std::env::var("KETENWIJZER_SPILL_ABOVE")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(128 << 20)
}

/// [`build`], and with `keep` what the preview server needs to redo one page.
pub fn build_keeping(
    root: &Path,
    mode: &Mode,
    sink: &dyn Sink,
    keep: bool,
) -> Result<(Built, Option<Retained>), Diagnostics> {
    build_from(root, mode, sink, keep, &|_| None)
}

/// [`build_keeping`], with the bytes of page files from `preread` where it gives them.
fn build_from(
    root: &Path,
    mode: &Mode,
    sink: &dyn Sink,
    keep: bool,
    preread: crate::content::Preread,
) -> Result<(Built, Option<Retained>), Diagnostics> {
    let Loaded {
        config,
        theme,
        mut sources,
        index,
        mut diags,
    } = crate::load::load_with(root, mode, &|_| None, preread)?;
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
    let spill = (!keep && bodies.iter().map(String::len).sum::<usize>() > spill_above())
        .then(Spill::new)
        .flatten();
    let templates = templates::Templates::new(&config, &sources, &index, &theme);
    let out = templates::Emitter::new(sink);
    let t = std::time::Instant::now();
    let (mut model, deps) = render_all(
        &config,
        &sources,
        bodies,
        &index,
        &templates,
        &out,
        &mut diags,
        keep,
        spill.as_ref(),
    );
    phase("pages", t);
    if let Some(s) = &spill {
        crate::util::timing::note(&format!("spill        {} bytes", s.parked()));
    }
    if sources.glossary.failed {
        // Its terms are unknown, so anchors into the glossary cannot be checked.
        model.ids.remove("begrippen/");
    }
    check_anchors(&model.ids, &model.pending, &mut diags);
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
    let generated = templates::write_generated_pages(&templates, &model, &out);
    if !keep {
        // The search index needs none of the rendered Markdown but the plain text: the model
        // is freed first, and on a large site every thread hands back what it freed (the
        // sources were read by some threads and freed page by page by others).
        let rendered = std::mem::take(&mut model);
        if spill.is_some() {
            drop(rendered);
            crate::util::memory::release();
            phase("released", t);
        } else {
            // Freed beside the search index's first steps, which run on this thread alone
            // (at 10,000 pages the model is some 100,000 allocations).
            rayon::spawn(move || drop(rendered));
        }
    }
    let (emitted, mut problems) = match generated.and_then(|()| {
        templates::write_site_files(&templates, Some(sections), spill.as_ref(), &out)
    }) {
        Ok(e) => (Some(e), Vec::new()),
        Err(ds) => (None, ds),
    };
    let (views, site_view) = if keep {
        (
            (0..sources.pages.len())
                .into_par_iter()
                .map(|i| templates.view_key(i))
                .collect(),
            templates.site_view(),
        )
    } else {
        (Vec::new(), templates::SiteView::default())
    };
    drop(templates);
    let copied = copy_assets(root, &sources, sink, &mut problems);
    match emitted {
        Some(e) if problems.is_empty() => Ok((
            Built {
                warnings: diags,
                pages: e.pages,
                files: e.files + copied,
                rendered: sources.pages.len(),
            },
            keep.then(|| Retained {
                config,
                theme,
                sources: Arc::new(sources),
                index,
                model,
                sections: kept_sections,
                deps,
                views,
                site_view,
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

/// Render every page's Markdown and hand its HTML file to `out` at once (in parallel), so no
/// page's source or HTML is held longer than needed; then the record fields and definitions.
/// With `keep`, also what each page's Markdown took from the site. With `spill`, each page's
/// plain text is parked there once its page is written.
#[allow(clippy::too_many_arguments)]
fn render_all(
    config: &SiteConfig,
    sources: &Sources,
    bodies: Vec<String>,
    idx: &SiteIndex,
    templates: &templates::Templates,
    out: &templates::Emitter,
    diags: &mut Diagnostics,
    keep: bool,
    spill: Option<&Spill>,
) -> (Model, Vec<PageDeps>) {
    let keep_html = templates.html_kept();
    let names = placeholder_names(config, sources);
    let results: Vec<(PageOut, Vec<Diagnostic>, PageDeps)> = bodies
        .into_par_iter()
        .enumerate()
        .map(|(i, body)| {
            let (mut rendered, mut problems, deps) = if keep {
                render_page_with_deps(config, sources, idx, i, &body, &names)
            } else {
                let (r, p) = render_page(config, sources, idx, i, &body);
                (r, p, PageDeps::default())
            };
            drop(body);
            if templates.has_own_page(i) {
                if let Err(d) = templates
                    .page(i, &rendered)
                    .and_then(|f| out.put(f.path, f.bytes))
                {
                    problems.push(d);
                }
            }
            // Every page's text sections wait for the search index: parked in the spill file,
            // or kept without the slack of their growing (about a third; `shrink_to_fit` may
            // leave a block as it is).
            // A page's texts are parked side by side, to be read back in one go.
            let parked = spill.map_or_else(Vec::new, |spill| {
                spill.put_all(rendered.sections.iter().map(|s| s.text.as_str()))
            });
            for (k, s) in rendered.sections.iter_mut().enumerate() {
                if let Some(at) = parked.get(k).copied().flatten() {
                    s.spilled = Some(at);
                    s.text = String::new();
                } else if s.text.capacity() > s.text.len() + s.text.len() / 8 {
                    s.text = s.text.as_str().into();
                }
            }
            if !keep_html.contains(&i) {
                rendered.html = String::new();
            }
            (PageOut { rendered }, problems, deps)
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut all_deps = Vec::with_capacity(if keep { results.len() } else { 0 });
    let mut ids: HashMap<String, HashSet<String>> = HashMap::with_capacity(results.len());
    let mut pending = Vec::new();
    for ((mut out, problems, deps), p) in results.into_iter().zip(&sources.pages) {
        if keep {
            all_deps.push(deps);
        }
        diags.extend(problems);
        diags.extend_open(out.rendered.open_points.iter().cloned());
        ids.insert(p.url.clone(), std::mem::take(&mut out.rendered.ids));
        for a in &out.rendered.pending {
            pending.push((p.url.clone(), p.file.clone(), a.clone()));
        }
        pages.push(out);
    }
    let (partners, terms) = render_records(config, sources, idx, &mut ids, &mut pending, diags);
    (
        Model {
            pages,
            partners,
            terms,
            ids,
            pending,
        },
        all_deps,
    )
}
