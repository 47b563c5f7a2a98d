//! The preview server's one-page rebuild must give exactly the bytes a full build gives. For
//! every page of the `good` fixture and of the bundled site in turn: build, edit the page's body,
//! redo only that page, and compare each file it made (the page, and the whole-plan page for a
//! chapter) and the search index with a full build of the edited site.

mod common;

use common::copy_site;
use ketenwijzer::output::MemorySink;
use ketenwijzer::output::OutFile;
use ketenwijzer::serve::partial::{self, Partial};
use ketenwijzer::site::{self, Mode};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
            Partial::Many { .. } => unreachable!("rebuild_page redoes one page"),
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

/// One kind of edit for [`check_edit`]: it changes files under the root and returns the
/// changed paths (relative to the root), as the watcher would report them.
type Edit = fn(&Path) -> Vec<PathBuf>;

fn replace_in(root: &Path, file: &str, from: &str, to: &str) -> Vec<PathBuf> {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    vec![PathBuf::from(file)]
}

/// Replace the line of `file` that starts with `start` (a front matter key) by `to`.
fn replace_line(root: &Path, file: &str, start: &str, to: &str) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap()
        .to_string();
    replace_in(root, file, &line, to)
}

/// Add `text` at the end of `file`.
fn append(root: &Path, file: &str, text: &str) -> Vec<PathBuf> {
    let mut all = std::fs::read_to_string(root.join(file)).unwrap();
    all.push_str(text);
    std::fs::write(root.join(file), all).unwrap();
    vec![PathBuf::from(file)]
}

/// Write the new file `file`.
fn write_new(root: &Path, file: &str, text: &str) -> Vec<PathBuf> {
    std::fs::write(root.join(file), text).unwrap();
    vec![PathBuf::from(file)]
}

/// Remove `file`.
fn remove(root: &Path, file: &str) -> Vec<PathBuf> {
    std::fs::remove_file(root.join(file)).unwrap();
    vec![PathBuf::from(file)]
}

/// Build `site`, apply `edit`, redo what it reaches through the preview's partial update, and
/// compare every file the preview then serves (after its background search update) with a full
/// build of the edited site. Returns the number of pages the update rendered.
fn check_edit(site: &Path, name: &str, edit: Edit) -> usize {
    check_edit_after(site, name, |_| {}, edit)
}

/// [`check_edit`] on `site` as `prepare` leaves it.
fn check_edit_after(site: &Path, name: &str, prepare: fn(&Path), edit: Edit) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_site(site, root);
    prepare(root);
    let sink = MemorySink::default();
    let (built, kept) = site::build_keeping(root, &Mode::default(), &sink, true)
        .unwrap_or_else(|d| panic!("build failed:\n{d:?}"));
    let mut kept = kept.expect("kept");
    let mut served = files(sink.into_files());
    let changed = edit(root);
    let (made, removed, pages) =
        match partial::rebuild_changed(root, &mut kept, &changed, &Mode::default()) {
            Partial::Many {
                files: f,
                removed,
                pages,
                ..
            } => (f, removed, pages),
            Partial::NeedsFull => panic!("{name}: the partial update asked for a full build"),
            Partial::Failed(d) => panic!("{name}: failed:\n{d:?}"),
            Partial::Done { .. } => unreachable!(),
        };
    for path in &removed {
        served.remove(path);
    }
    served.extend(files(made));
    served.retain(|path, _| !partial::is_search_file(path));
    served.extend(files(partial::search_files(partial::search_input(&kept))));
    let whole = full(root);
    for (path, bytes) in &whole {
        match served.get(path) {
            None => panic!("{name}: {path} is missing from the preview"),
            Some(b) => assert!(b == bytes, "{name}: {path} differs from the full build"),
        }
    }
    for path in served.keys() {
        assert!(
            whole.contains_key(path),
            "{name}: {path} is not in the full build"
        );
    }
    assert!(
        pages < built.pages,
        "{name}: {pages} pages rendered, as many as a full build"
    );
    pages
}

const GOOD: &str = "tests/fixtures/good";

fn good() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD)
}

fn bundled() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_front_matter_title_edit_equals_a_full_build() {
    let n = check_edit(&good(), "title", |root| {
        replace_in(
            root,
            "content/plan/02-aanpak.md",
            "title: Aanpak",
            "title: De aanpak",
        )
    });
    // The page, its section's list, its neighbour's "previous", and the checklist (it names
    // routes by their titles).
    assert!(n <= 4, "{n} pages rendered");
    // A section's title is in the breadcrumbs of every page below it.
    check_edit(&good(), "section title", |root| {
        replace_line(
            root,
            "content/routes/_index.md",
            "title:",
            "title: Alle routes",
        )
    });
    check_edit(&bundled(), "title (bundled)", |root| {
        replace_line(
            root,
            "content/routes/signaal-melden.md",
            "title:",
            "title: Een signaal melden",
        )
    });
}

#[test]
fn a_front_matter_summary_edit_equals_a_full_build() {
    check_edit(&good(), "summary", |root| {
        replace_in(
            root,
            "content/routes/melden.md",
            "summary: Wat je doet met een signaal.",
            "summary: Wat je vandaag doet met een signaal.",
        )
    });
    check_edit(&bundled(), "summary (bundled)", |root| {
        replace_line(
            root,
            "content/beleidsplan/04-signalering.md",
            "summary:",
            "summary: Een nieuwe samenvatting.",
        )
    });
}

#[test]
fn a_new_page_equals_a_full_build() {
    let n = check_edit(&good(), "new page", |root| {
        write_new(
            root,
            "content/plan/03-evaluatie.md",
            "---\ntitle: Evaluatie\nweight: 3\n---\nZie de [aanpak](02-aanpak.md#wie-doet-wat).\n",
        )
    });
    assert!(n >= 1);
    check_edit(&bundled(), "new page (bundled)", |root| {
        write_new(root, "content/routes/nieuwe-route.md", "---\ntitle: Nieuwe route\nsummary: Een route om te testen.\n---\nTekst.\n\n```mermaid\nflowchart TD\n  A[Begin] --> B[Einde]\n```\n")
    });
}

#[test]
fn a_removed_page_equals_a_full_build() {
    check_edit(&good(), "removed page", |root| {
        // No page links to it (removing a page others link to is an error: a full build).
        remove(root, "content/signalen/werk.md")
    });
    // A page among the routes that no page links to.
    const EXTRA: &str = "content/routes/extra.md";
    check_edit_after(
        &bundled(),
        "removed page (bundled)",
        |root| {
            write_new(
                root,
                EXTRA,
                "---\ntitle: Extra route\n---\nTekst.\n\n```mermaid\nflowchart TD\n  A[Begin] --> B[Einde]\n```\n",
            );
        },
        |root| remove(root, EXTRA),
    );
}

#[test]
fn a_partner_record_edit_equals_a_full_build() {
    check_edit(&good(), "partner", |root| {
        replace_in(
            root,
            "partners/politie.yaml",
            "name: Politie",
            "name: De politie",
        )
    });
    check_edit(&good(), "partner summary", |root| {
        replace_in(
            root,
            "partners/politie.yaml",
            "summary: Onderzoekt meldingen en neemt aangifte op.",
            "summary: Onderzoekt meldingen.",
        )
    });
    check_edit(&bundled(), "partner (bundled)", |root| {
        replace_line(
            root,
            "partners/fairwork.yaml",
            "name:",
            "name: FairWork Nederland",
        )
    });
}

#[test]
fn a_glossary_edit_equals_a_full_build() {
    check_edit(&good(), "glossary", |root| {
        replace_in(
            root,
            "content/begrippen.yaml",
            "definition: Beslist over vervolging.",
            "definition: Beslist of een zaak voor de rechter komt.",
        )
    });
    check_edit(&good(), "glossary term added", |root| {
        append(
            root,
            "content/begrippen.yaml",
            "- term: Uitbuiting\n  definition: Iemand voor eigen gewin laten werken.\n",
        )
    });
    check_edit(&bundled(), "glossary (bundled)", |root| {
        append(
            root,
            "content/begrippen.yaml",
            "- term: Testbegrip\n  definition: Een begrip om te testen.\n",
        )
    });
}

#[test]
fn body_edits_of_several_pages_at_once_equal_a_full_build() {
    let n = check_edit(&good(), "two bodies", |root| {
        let mut v = append(root, "content/plan/01-inleiding.md", "\nNog een alinea.\n");
        v.extend(append(
            root,
            "content/routes/melden.md",
            "\nNog een alinea.\n",
        ));
        v
    });
    assert_eq!(n, 2, "only the two pages");
}

#[test]
fn a_case_edit_equals_a_full_build() {
    // The case list shows each case's department; checklists list the cases that name them.
    check_edit(&bundled(), "case department", |root| {
        replace_in(
            root,
            "content/casussen/pakketjes.md",
            "department: Leerplicht",
            "department: Onderwijs",
        )
    });
    check_edit(&bundled(), "case checklists", |root| {
        replace_in(
            root,
            "content/casussen/pakketjes.md",
            "checklists: [leerplicht, minderjarigen, criminele-uitbuiting]",
            "checklists: [leerplicht, criminele-uitbuiting]",
        )
    });
    check_edit(&bundled(), "new case", |root| {
        let text = std::fs::read_to_string(root.join("content/casussen/pakketjes.md")).unwrap();
        write_new(
            root,
            "content/casussen/nieuwe-casus.md",
            &text
                .replace(
                    "title: Een leerling die pakketjes rondbrengt",
                    "title: Een nieuwe casus",
                )
                .replace("order: 3", "order: 30"),
        )
    });
}
