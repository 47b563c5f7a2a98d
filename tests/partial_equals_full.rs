//! The preview server's one-page rebuild must give exactly the bytes a full build gives. For
//! every page of the `good` fixture and of the bundled site in turn: build, edit the page's body,
//! redo only that page, and compare each file it made (the page, and the whole-plan page for a
//! chapter) and the search index with a full build of the edited site.

use ketenwijzer::output::MemorySink;
use ketenwijzer::output::OutFile;
use ketenwijzer::serve::partial::{self, Partial};
use ketenwijzer::site::{self, Mode};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn copy_site(from: &Path, to: &Path) {
    for name in ["site.yaml", "content", "partners", "templates", "themes"] {
        let src = from.join(name);
        if !src.exists() {
            continue;
        }
        for e in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e.path().strip_prefix(from).unwrap();
            let dst = to.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dst).unwrap();
            } else {
                std::fs::copy(e.path(), &dst).unwrap();
            }
        }
    }
}

fn full(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let sink = MemorySink::default();
    if let Err(d) = site::build(root, &Mode::default(), &sink) {
        panic!("full build failed:\n{d:?}");
    }
    files(sink.into_files())
}

fn files(v: Vec<OutFile>) -> BTreeMap<String, Vec<u8>> {
    v.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Every page file of `root`, relative to the root.
fn page_files(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

fn check_site(site: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_site(site, root);
    let mut redone = 0;
    for file in page_files(root) {
        let original = std::fs::read_to_string(root.join(&file)).unwrap();
        let sink = MemorySink::default();
        let (_, kept) = site::build_keeping(root, &Mode::default(), &sink, true)
            .unwrap_or_else(|d| panic!("build failed:\n{d:?}"));
        let mut kept = kept.expect("kept");
        let before = files(sink.into_files());
        let edited = format!(
            "{original}\n\nEen extra alinea om {} te testen.\n",
            file.display()
        );
        std::fs::write(root.join(&file), &edited).unwrap();
        let partial_files = match partial::rebuild_page(root, &mut kept, &file) {
            Partial::Done { files: f, .. } => files(f),
            // Pages whose HTML is part of a generated page take the full path, by design.
            Partial::NeedsFull => {
                std::fs::write(root.join(&file), &original).unwrap();
                continue;
            }
            Partial::Failed(d) => panic!("{}: one-page rebuild failed:\n{d:?}", file.display()),
        };
        let search = files(partial::search_files(partial::search_input(&kept)));
        let whole = full(root);
        assert!(!partial_files.is_empty(), "{}", file.display());
        for (path, bytes) in partial_files.iter().chain(search.iter()) {
            let want = whole
                .get(path)
                .unwrap_or_else(|| panic!("{}: {path} is not in the full build", file.display()));
            assert!(
                want == bytes,
                "{}: {path} differs from the full build",
                file.display()
            );
        }
        // Nothing the edit changed in a full build may be missing from the one-page rebuild.
        for (path, bytes) in &whole {
            if before.get(path) != Some(bytes) {
                assert!(
                    partial_files.contains_key(path) || search.contains_key(path),
                    "{}: the edit changes {path}, which the one-page rebuild did not redo",
                    file.display()
                );
            }
        }
        redone += 1;
        std::fs::write(root.join(&file), &original).unwrap();
    }
    assert!(redone > 3, "only {redone} pages took the one-page path");
}

#[test]
fn one_page_rebuilds_of_the_good_fixture_equal_a_full_build() {
    check_site(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"));
}

#[test]
fn one_page_rebuilds_of_the_bundled_site_equal_a_full_build() {
    check_site(Path::new(env!("CARGO_MANIFEST_DIR")));
}
