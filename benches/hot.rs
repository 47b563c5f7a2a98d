//! The hot functions of a build, measured with criterion: Markdown rendering, templating and
//! the search index, on the bundled site (or the site in `KETENWIJZER_BENCH_SITE`, e.g. one
//! written by gen_corpus.py), plus the whole build in memory.
//!
//!     cargo bench --bench hot
//!     KETENWIJZER_BENCH_SITE=/tmp/kw1k cargo bench --bench hot

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ketenwijzer::markdown::Rendered;
use ketenwijzer::output::NullSink;
use ketenwijzer::site::{self, Mode};
use ketenwijzer::templates::Templates;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

fn site_root() -> PathBuf {
    std::env::var_os("KETENWIJZER_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn hot(c: &mut Criterion) {
    let root = site_root();
    let loaded = match site::load(&root, &Mode::default()) {
        Ok(l) => l,
        Err(d) => panic!("the bench site does not load:\n{}", d.report(&root)),
    };
    let (config, sources, index, theme) = (
        &loaded.config,
        &loaded.sources,
        &loaded.index,
        &loaded.theme,
    );
    let pages = sources.pages.len();
    let bytes: usize = sources.pages.iter().map(|p| p.body.len()).sum();
    let render = |i: usize| {
        ketenwijzer::render::page::render_page(config, sources, index, i, &sources.pages[i].body).0
    };

    let mut g = c.benchmark_group("markdown");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("render {pages} pages"), |b| {
        b.iter(|| {
            for i in 0..pages {
                black_box(render(i));
            }
        })
    });
    g.finish();

    let rendered: Vec<Rendered> = (0..pages).map(render).collect();
    let templates = Templates::new(config, sources, index, theme);
    let mut g = c.benchmark_group("templates");
    g.throughput(Throughput::Elements(pages as u64));
    g.bench_function(format!("{pages} content pages"), |b| {
        b.iter(|| {
            for (i, r) in rendered.iter().enumerate() {
                if templates.has_own_page(i) {
                    black_box(templates.page(i, r).ok());
                }
            }
        })
    });
    g.finish();

    let sections = rendered.iter().map(|r| r.sections.clone()).collect();
    let docs = ketenwijzer::search::docs::documents(sources, sections);
    let synonyms = ketenwijzer::search::docs::synonyms(sources);
    let mut g = c.benchmark_group("search");
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function(format!("index {} documents", docs.len()), |b| {
        b.iter(|| black_box(ketenwijzer::search::build(&docs, &synonyms)))
    });
    g.finish();

    let mut g = c.benchmark_group("build");
    g.bench_function("whole site in memory", |b| {
        b.iter(|| black_box(site::build(&root, &Mode::default(), &NullSink).is_ok()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = hot
}
criterion_main!(benches);
