//! A build into an existing output with nothing changed renders nothing and touches nothing
//! (#19 point 3); any change to an input, the output or the binary builds in full again, and
//! the output always equals a fresh full build's.

mod common;

use common::{bin, copy_dir, fixture, snapshot, stderr};
use ketenwijzer::output::cache::BuildCache;
use ketenwijzer::output::DiskSink;
use ketenwijzer::site::{build_cached, Mode};
use std::path::{Path, PathBuf};

/// A copy of tests/fixtures/good to edit.
fn site_copy(dir: &Path) -> PathBuf {
    let to = dir.join("site");
    copy_dir(&fixture("good"), &to);
    to
}

/// Rewrite the file at `p` with `change`.
fn rewrite(p: &Path, change: impl Fn(String) -> String) {
    let text = std::fs::read_to_string(p).unwrap();
    std::fs::write(p, change(text)).unwrap();
}

fn mode() -> Mode {
    Mode {
        today: ketenwijzer::util::date::Date::parse("2029-01-01"),
    }
}

/// Build `root` into `out` through the library as `ketenwijzer build` does, with the binary id
/// `binary`; how many pages were rendered, and the warnings as printed.
fn build_as(root: &Path, out: &Path, binary: &str) -> (usize, Vec<String>) {
    let sink = DiskSink::new(out).unwrap();
    let real = sink.out().to_path_buf();
    let mut cache = BuildCache::beside(&real);
    let built = build_cached(root, &mode(), &sink, &mut cache, binary.to_string())
        .unwrap_or_else(|ds| panic!("build failed: {}", ds.report(root)));
    sink.commit().unwrap();
    cache.save(&real);
    let mut warnings: Vec<String> = built.warnings.iter().map(|d| d.render(root)).collect();
    warnings.extend(
        built
            .warnings
            .open_points()
            .iter()
            .map(|p| format!("{p:?}")),
    );
    (built.rendered, warnings)
}

fn build(root: &Path, out: &Path) -> (usize, Vec<String>) {
    build_as(root, out, "test-1")
}

/// `out` holds what a fresh full build of `root` makes, byte for byte.
fn assert_equals_fresh(root: &Path, out: &Path, fresh: &Path) {
    let _ = std::fs::remove_dir_all(fresh);
    let (rendered, _) = build(root, fresh);
    assert!(rendered > 0);
    let (got, want) = (snapshot(out), snapshot(fresh));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &want {
        assert!(got[path] == *bytes, "{} differs", path.display());
    }
}

#[test]
fn nothing_changed_renders_nothing_and_equals_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let out = dir.path().join("public");
    let (first, warnings) = build(&root, &out);
    assert!(first > 5, "a first build renders every page");
    assert!(
        !warnings.is_empty(),
        "in 2029 the fixture's records are overdue for review: warnings to carry over"
    );
    let index = out.join("index.html");
    let before = std::fs::metadata(&index).unwrap();
    let (again, warnings_again) = build(&root, &out);
    assert_eq!(again, 0, "nothing changed, nothing rendered");
    assert_eq!(
        warnings_again, warnings,
        "the same warnings as the full build"
    );
    let after = std::fs::metadata(&index).unwrap();
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());
    assert_equals_fresh(&root, &out, &dir.path().join("fresh"));
    // The cache lies beside the output, never in it.
    assert!(dir.path().join(".public.ketenwijzer-cache").is_file());
    assert!(!snapshot(&out)
        .keys()
        .any(|p| p.to_string_lossy().contains("cache")));
}

#[test]
fn every_kind_of_input_change_builds_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let out = dir.path().join("public");
    let fresh = dir.path().join("fresh");
    build(&root, &out);
    let theme_page =
        std::fs::read_to_string(common::repo().join("themes/default/templates/page.html")).unwrap();
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let edits: Vec<Edit> = vec![
        (
            "a page's body",
            Box::new(|| {
                rewrite(&root.join("content/plan/02-aanpak.md"), |t| {
                    format!("{t}\nEen nieuwe zin in de aanpak.\n")
                })
            }),
        ),
        (
            "a site.yaml value",
            Box::new(|| {
                rewrite(&root.join("site.yaml"), |t| {
                    t.replace("title: Testsite ketenwijzer", "title: Andere testsite")
                })
            }),
        ),
        (
            "a partner record",
            Box::new(|| {
                rewrite(&root.join("partners/politie.yaml"), |t| {
                    t.replace("Onderzoekt meldingen", "Bekijkt meldingen")
                })
            }),
        ),
        (
            "a new page",
            Box::new(|| {
                std::fs::write(
                    root.join("content/plan/03-nieuw.md"),
                    "---\ntitle: Nieuw hoofdstuk\n---\nTekst.\n",
                )
                .unwrap();
            }),
        ),
        (
            "a template override",
            Box::new(|| {
                std::fs::create_dir_all(root.join("templates")).unwrap();
                std::fs::write(
                    root.join("templates/page.html"),
                    theme_page.replacen("</main>", "<p>eigen sjabloon</p></main>", 1),
                )
                .unwrap();
            }),
        ),
    ];
    for (what, edit) in edits {
        edit();
        let (rendered, _) = build(&root, &out);
        assert!(
            rendered > 0,
            "after changing {what} the pages are rendered again"
        );
        assert_equals_fresh(&root, &out, &fresh);
        assert_eq!(build(&root, &out).0, 0, "and then nothing again ({what})");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Andere testsite"));
}

#[test]
fn a_deleted_or_edited_output_file_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let out = dir.path().join("public");
    let fresh = dir.path().join("fresh");
    build(&root, &out);
    std::fs::remove_file(out.join("index.html")).unwrap();
    assert!(build(&root, &out).0 > 0);
    assert_equals_fresh(&root, &out, &fresh);
    let page = out.join("plan/inleiding/index.html");
    assert!(page.is_file());
    let mut bytes = std::fs::read(&page).unwrap();
    bytes.extend_from_slice(b"<!-- met de hand -->");
    std::fs::write(&page, bytes).unwrap();
    assert!(build(&root, &out).0 > 0);
    assert_equals_fresh(&root, &out, &fresh);
    // The same size, other bytes: its times give it away.
    let mut bytes = std::fs::read(&page).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(&page, bytes).unwrap();
    assert!(build(&root, &out).0 > 0);
    assert_equals_fresh(&root, &out, &fresh);
}

#[test]
fn another_binary_does_not_trust_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let out = dir.path().join("public");
    build_as(&root, &out, "test-1");
    assert_eq!(build_as(&root, &out, "test-1").0, 0);
    assert!(build_as(&root, &out, "test-2").0 > 0);
    assert_eq!(build_as(&root, &out, "test-2").0, 0);
}

/// The command prints the same as a full build, but for the time and the count of new files.
#[test]
fn the_command_prints_the_same_and_renders_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let out = dir.path().join("public");
    let run = || {
        let o = bin()
            .env("KETENWIJZER_TIMINGS", "1")
            .args(["build", "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stderr(&o)
    };
    let printed = |all: &str| -> Vec<String> {
        all.lines()
            .filter(|l| !l.starts_with("  "))
            .map(|l| l.split(" in ").next().unwrap_or(l).to_string())
            .collect()
    };
    let first = run();
    assert!(first.contains("rendered     "), "{first}");
    assert!(!first.contains("rendered     0 "));
    let second = run();
    assert!(second.contains("rendered     0 pagina's"), "{second}");
    assert_eq!(printed(&second), printed(&first));
}

/// A cache file of an older layout (format 1 kept SipHash values) is never trusted: one full
/// build, which writes a current cache, and then nothing again.
#[test]
fn an_older_cache_file_costs_one_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let out = dir.path().join("public");
    build(&root, &out);
    let cache = dir.path().join(".public.ketenwijzer-cache");
    let text = std::fs::read_to_string(&cache).unwrap();
    assert!(text.starts_with("{\"format\":2,"), "{}", &text[..40]);
    std::fs::write(&cache, text.replacen("{\"format\":2,", "{\"format\":1,", 1)).unwrap();
    assert!(build(&root, &out).0 > 0, "an old cache file is not reused");
    assert_equals_fresh(&root, &out, &dir.path().join("fresh"));
    assert_eq!(build(&root, &out).0, 0, "the new cache file is");
}
