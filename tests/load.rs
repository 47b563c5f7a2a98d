//! Loading the sources (issue #17, items 4 and 5): symlinks never reach outside the site root,
//! `new page` stays inside content/, and one run reports every problem, each at its exact line,
//! in Dutch.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A copy of fixture `name` in a fresh temporary folder: (the folder, the site in it).
fn site_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture(name), &root);
    (dir, root)
}

fn check(root: &Path) -> Output {
    bin()
        .args(["check", "--root"])
        .arg(root)
        .output()
        .expect("run ketenwijzer")
}

/// The `fout:` lines of a run.
fn errors(o: &Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter(|l| l.contains(": fout: "))
        .map(str::to_string)
        .collect()
}

/// The report for one problem: its `fout:` line and the lines below it up to the next problem.
fn report_of<'a>(err: &'a str, place: &str) -> &'a str {
    let start = err
        .find(&format!("{place}: fout: "))
        .unwrap_or_else(|| panic!("no error at {place}:\n{err}"));
    let rest = &err[start..];
    let end = rest[1..]
        .find(": fout: ")
        .and_then(|i| rest[..i + 1].rfind('\n'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// A build into `out` that already holds a good build: it fails and leaves `out` as it was.
fn fails_and_keeps_output(root: &Path, out: &Path) -> Output {
    let before = snapshot(out);
    assert!(!before.is_empty(), "no earlier build in {}", out.display());
    let o = build(root, out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        snapshot(out) == before,
        "the output changed: {}",
        stderr(&o)
    );
    o
}

/// The site built once, then `out` holding that build.
fn built_once(root: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = build(root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

const SECRET: &str = "GEHEIM-BUITEN-DE-SITE";

/// A folder beside the site with a secret file, a valid page and a valid partner record.
fn outside(dir: &Path) -> PathBuf {
    let o = dir.join("buiten");
    std::fs::create_dir_all(o.join("map")).unwrap();
    std::fs::write(
        o.join("passwd"),
        format!("root:x:0:0:{SECRET}:/root:/bin/bash\n"),
    )
    .unwrap();
    std::fs::write(o.join("secret.env"), format!("TOKEN={SECRET}\n")).unwrap();
    std::fs::write(
        o.join("geheim.md"),
        format!("---\ntitle: Geheim\n---\n{SECRET}\n"),
    )
    .unwrap();
    std::fs::write(
        o.join("map/x.md"),
        format!("---\ntitle: X\n---\n{SECRET}\n"),
    )
    .unwrap();
    let partner = std::fs::read_to_string(fixture("good").join("partners/politie.yaml")).unwrap();
    std::fs::write(o.join("extern.yaml"), partner.replace("Politie", SECRET)).unwrap();
    o
}

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// Nothing of the outside files reached the output or the report.
fn not_leaked(out: &Path, o: &Output) {
    assert!(!stderr(o).contains(SECRET), "{}", stderr(o));
    for (path, bytes) in snapshot(out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "{} holds the secret",
            path.display()
        );
    }
}

// ---- F5: symlinks ----

#[cfg(unix)]
#[test]
fn b120_b150_symlinked_assets_to_outside_are_errors_and_never_copied() {
    let (dir, root) = site_copy("good");
    let out = built_once(&root, dir.path());
    let o = outside(dir.path());
    link(o.join("passwd"), root.join("content/passwd.txt"));
    link(o.join("secret.env"), root.join("content/plan/secret.env"));
    let run = fails_and_keeps_output(&root, &out);
    let err = stderr(&run);
    for place in ["content/passwd.txt", "content/plan/secret.env"] {
        let r = report_of(&err, place);
        assert!(r.contains("buiten de site"), "{r}");
        assert!(r.contains("hint:"), "{r}");
    }
    not_leaked(&out, &run);
    // `serve` builds from the same load: the file is not among what it would serve.
    let sink = ketenwijzer::output::MemorySink::default();
    assert!(ketenwijzer::site::build(&root, &ketenwijzer::site::Mode::default(), &sink).is_err());
    assert!(sink.into_files().iter().all(|f| !f.path.contains("passwd")));
}

#[cfg(unix)]
#[test]
fn b149_b119_symlinked_pages_to_outside_are_errors_and_their_text_is_never_shown() {
    let (dir, root) = site_copy("good");
    let out = built_once(&root, dir.path());
    let o = outside(dir.path());
    // A valid page outside, and a file that is no page at all (like /etc/passwd).
    link(o.join("geheim.md"), root.join("content/geheim.md"));
    link(o.join("passwd"), root.join("content/passwd.md"));
    let run = fails_and_keeps_output(&root, &out);
    let err = stderr(&run);
    for place in ["content/geheim.md", "content/passwd.md"] {
        assert!(report_of(&err, place).contains("buiten de site"), "{err}");
    }
    assert!(!err.contains("begint niet met front matter"), "{err}");
    assert!(!err.contains("root:x"), "{err}");
    not_leaked(&out, &run);
}

#[cfg(unix)]
#[test]
fn b121_a_symlinked_folder_to_outside_is_refused_not_read() {
    let (dir, root) = site_copy("good");
    let o = outside(dir.path());
    link(o.join("map"), root.join("content/etc"));
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    let r = report_of(&err, "content/etc");
    assert!(r.contains("buiten de site"), "{r}");
    assert!(!err.contains("Is a directory"), "{err}");
    assert_eq!(errors(&run).len(), 1, "{err}");
}

#[cfg(unix)]
#[test]
fn b122_a_symlinked_partner_record_to_outside_is_refused() {
    let (dir, root) = site_copy("good");
    let out = built_once(&root, dir.path());
    let o = outside(dir.path());
    link(o.join("extern.yaml"), root.join("partners/extern.yaml"));
    let run = fails_and_keeps_output(&root, &out);
    assert!(
        report_of(&stderr(&run), "partners/extern.yaml").contains("buiten de site"),
        "{}",
        stderr(&run)
    );
    not_leaked(&out, &run);
}

#[cfg(unix)]
#[test]
fn a_site_yaml_linked_outside_is_refused_and_never_read() {
    let (dir, root) = site_copy("good");
    let out = built_once(&root, dir.path());
    let o = outside(dir.path());
    std::fs::write(o.join("site.yaml"), format!("title: {SECRET}\n")).unwrap();
    std::fs::remove_file(root.join("site.yaml")).unwrap();
    link(o.join("site.yaml"), root.join("site.yaml"));
    let run = fails_and_keeps_output(&root, &out);
    assert!(
        report_of(&stderr(&run), "site.yaml").contains("buiten de site"),
        "{}",
        stderr(&run)
    );
    not_leaked(&out, &run);
    // A dangling site.yaml is an error too, not "no site.yaml, defaults apply".
    std::fs::remove_file(root.join("site.yaml")).unwrap();
    link(dir.path().join("weg.yaml"), root.join("site.yaml"));
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
}

#[cfg(unix)]
#[test]
fn themes_and_templates_symlinked_outside_are_refused() {
    let (dir, root) = site_copy("good");
    let o = outside(dir.path());
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    link(
        o.join("secret.env"),
        root.join("themes/default/static/secret.env"),
    );
    std::fs::create_dir_all(root.join("templates")).unwrap();
    link(o.join("passwd"), root.join("templates/page.html"));
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(report_of(&err, "themes/default/static/secret.env").contains("buiten de site"));
    assert!(report_of(&err, "templates/page.html").contains("buiten de site"));
    assert!(!err.contains(SECRET), "{err}");
}

#[cfg(unix)]
#[test]
fn b123_b124_b125_symlink_loops_are_errors_with_a_hint() {
    let (_dir, root) = site_copy("good");
    link(".", root.join("content/lus"));
    link("..", root.join("content/routes/omhoog"));
    link("b", root.join("content/a"));
    link("a", root.join("content/b"));
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    for place in [
        "content/lus",
        "content/routes/omhoog",
        "content/a",
        "content/b",
    ] {
        let r = report_of(&err, place);
        assert!(r.contains("lus"), "{r}");
        assert!(r.contains("hint:"), "{r}");
    }
    assert!(!err.contains("Is a directory"), "{err}");
    assert_eq!(errors(&run).len(), 4, "{err}");
}

#[cfg(unix)]
#[test]
fn b126_a_dangling_symlink_is_an_error_with_a_hint() {
    let (dir, root) = site_copy("good");
    link(dir.path().join("bestaat-niet"), root.join("content/weg.md"));
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let r = report_of(&stderr(&run), "content/weg.md").to_string();
    assert!(r.contains("niet bestaat"), "{r}");
    assert!(r.contains("hint:"), "{r}");
}

#[cfg(unix)]
#[test]
fn b127_content_itself_may_be_a_symlink_inside_the_root_but_not_outside() {
    // Inside the root: followed, and the output is the same as without the link.
    let (dir, root) = site_copy("good");
    std::fs::rename(root.join("content"), root.join("bron")).unwrap();
    link("bron", root.join("content"));
    let out = dir.path().join("out");
    let run = build(&root, &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let (dir2, plain) = site_copy("good");
    let out2 = dir2.path().join("out");
    assert!(build(&plain, &out2).status.success());
    assert!(snapshot(&out) == snapshot(&out2));

    // Outside the root: a clear error at content/.
    let (dir3, root3) = site_copy("good");
    std::fs::rename(root3.join("content"), dir3.path().join("content_real")).unwrap();
    link("../content_real", root3.join("content"));
    let run = check(&root3);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        report_of(&err, "content").contains("buiten de site"),
        "{err}"
    );
    assert!(!err.contains("Is a directory"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_that_stay_inside_the_root_are_followed_and_the_root_may_be_a_link() {
    let (dir, root) = site_copy("good");
    std::fs::create_dir_all(root.join("media")).unwrap();
    std::fs::write(root.join("media/logo.txt"), "logo").unwrap();
    link("../../media/logo.txt", root.join("content/plan/logo.txt"));
    link("plan", root.join("content/hoofdstukken"));
    let through = dir.path().join("via-link");
    link(&root, &through);
    let out = dir.path().join("out");
    let run = build(&through, &out);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(out.join("plan/logo.txt")).unwrap(),
        "logo"
    );
    assert!(out.join("hoofdstukken/inleiding/index.html").is_file());
}

// ---- F16: new page ----

#[test]
fn n2_new_page_refuses_a_path_that_climbs_out_of_content() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("a/site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    for path in [
        "content/../../evil2.md",
        "content/../evil.md",
        "content/x/../../../e.md",
    ] {
        let o = bin()
            .args(["new", "page", path, "--root"])
            .arg(&root)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{path}: {}", stderr(&o));
        assert!(stderr(&o).contains("hint:"), "{path}: {}", stderr(&o));
    }
    let made: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(made.is_empty(), "{made:?}");
    // A path that stays inside still works.
    let o = bin()
        .args(["new", "page", "content/a/../nieuw.md", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(root.join("content/nieuw.md").is_file());
}

#[test]
fn new_partner_ids_stay_validated() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["../../evilp", "Fout ID", "a/b"] {
        let o = bin()
            .args(["new", "partner", id, "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{id}");
        assert!(stderr(&o).contains("hint:"), "{id}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

// ---- F12: every problem in one run ----

#[test]
fn b148_every_problem_of_every_file_in_one_run_and_the_output_untouched() {
    let (dir, root) = site_copy("many-errors");
    // The earlier, good build comes from the good fixture into the same folder.
    let out = dir.path().join("out");
    assert!(build(&fixture("good"), &out).status.success());
    let run = fails_and_keeps_output(&root, &out);
    let err = stderr(&run);
    let expected = [
        // Front matter and body of the same file.
        ("content/plan/01-inleiding.md:3", "onbekend veld `sumary`"),
        (
            "content/plan/01-inleiding.md:8",
            "bestaat-niet.md bestaat niet",
        ),
        ("content/plan/02-aanpak.md:8", "is een concept"),
        (
            "content/routes/melden.md:",
            "onbekende partner \"polittie\"",
        ),
        ("content/signalen/werk.md:5", "drempel 0 kan niet"),
        ("partners/dorp.yaml:1", "dubbele punt"),
        ("partners/politie.yaml:3", "onbekende waarde `lndelijk`"),
    ];
    for (place, message) in expected {
        assert!(
            err.lines()
                .any(|l| l.starts_with(place) && l.contains(": fout: ") && l.contains(message)),
            "missing {place} {message}:\n{err}"
        );
    }
    assert_eq!(errors(&run).len(), expected.len(), "{err}");
    // Records and pages that failed to load cause no second, false error elsewhere.
    assert!(!err.contains("onbekende partner \"politie\""), "{err}");
    assert!(!err.contains("onbekende partner \"dorp\""), "{err}");
    assert!(!err.contains("onbekende gemeente"), "{err}");
    assert!(!err.contains("01-inleiding.md bestaat niet"), "{err}");
    assert!(stderr(&run).contains("bedoel je `landelijk`?"), "{err}");
    assert!(stderr(&run).contains("bedoel je partner:politie?"), "{err}");
}

#[test]
fn b152_an_unknown_key_in_one_page_does_not_hide_a_threshold_in_another() {
    let (dir, root) = site_copy("good");
    let out = built_once(&root, dir.path());
    let page = root.join("content/plan/02-aanpak.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("weight: 2", "wieght: 2")).unwrap();
    let list = root.join("content/signalen/werk.md");
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, text.replace("  - from: 2\n", "  - from: 0\n")).unwrap();
    let run = fails_and_keeps_output(&root, &out);
    let err = stderr(&run);
    assert!(err.contains("content/plan/02-aanpak.md:3"), "{err}");
    assert!(err.contains("bedoel je `weight`?"), "{err}");
    assert!(err.contains("content/signalen/werk.md:8"), "{err}");
    assert!(err.contains("drempel 0 kan niet"), "{err}");
    assert_eq!(errors(&run).len(), 2, "{err}");
}

#[test]
fn a_broken_site_yaml_or_template_does_not_hide_the_pages_problems() {
    let (_dir, root) = site_copy("good");
    std::fs::write(root.join("site.yaml"), "title: [Testsite\n").unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/page.html"), "{% if %}").unwrap();
    let page = root.join("content/routes/melden.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("partner:politie", "partner:polite")).unwrap();
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("site.yaml:1"), "{err}");
    assert!(err.contains("templates/page.html"), "{err}");
    assert!(err.contains("onbekende partner \"polite\""), "{err}");
}

// ---- exact lines, Dutch messages ----

#[test]
fn lines_inside_yaml_block_scalars_are_exact() {
    let run = check(&fixture("block-scalar-lines"));
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    let expected = [
        // 3rd line of `description: |` (the key is on line 8).
        (
            "partners/politie.yaml:11:21:",
            "bestaat-niet.md bestaat niet",
        ),
        // `when_to_contact: |` starting with a blank line.
        (
            "partners/politie.yaml:15:12:",
            "onbekende partner \"niemand\"",
        ),
        // contact.note, nested one level down.
        ("partners/politie.yaml:21:13:", "nergens.md bestaat niet"),
        ("partners/dorp.yaml:14:7:", "regeling.md bestaat niet"),
        ("partners/dorp.yaml:6:5:", "onbekende gemeente \"drop\""),
        // A glossary definition below its aliases.
        ("content/begrippen.yaml:6:8:", "plan/weg.md bestaat niet"),
    ];
    for (place, message) in expected {
        assert!(
            err.lines()
                .any(|l| l.starts_with(place) && l.contains(message)),
            "missing {place} {message}:\n{err}"
        );
    }
    assert_eq!(errors(&run).len(), expected.len(), "{err}");
    // The caret line shows the line itself (columns count the block's indentation).
    assert!(
        err.contains("11 |   Een kapotte link: [weg](bestaat-niet.md)."),
        "{err}"
    );
}

#[test]
fn yaml_errors_come_out_in_dutch() {
    let cases = [
        (
            "kind: landelijk",
            "kind: regionaaal",
            "bedoel je `regionaal`?",
        ),
        ("name: Politie", "name: Politie: landelijk", "dubbele punt"),
        (
            "roles: [opsporen, melden]",
            "roles: opsporen",
            "hier hoort een lijst",
        ),
        ("name: Politie", "name: [Politie]", "hier hoort één tekst"),
        ("name: Politie", "name: ~", "de waarde is leeg"),
        (
            "contact:\n  phone",
            "contact: 12\nx:\n  phone",
            "sleutels met waarden",
        ),
    ];
    for (old, new, dutch) in cases {
        let (_dir, root) = site_copy("good");
        let file = root.join("partners/politie.yaml");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(old), "{old}");
        std::fs::write(&file, text.replacen(old, new, 1)).unwrap();
        let run = check(&root);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{new}: {err}");
        assert!(err.contains(dutch), "{new}: {err}");
        for english in [
            "unknown variant",
            "mapping values",
            "expected",
            "invalid type",
            "cannot deserialize",
            "YAML klopt niet",
        ] {
            assert!(!err.contains(english), "{new}: {err}");
        }
    }
}

// ---- item 6 ----

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let (_dir, root) = site_copy("good");
    std::fs::write(
        root.join("content/plan/03-later.md"),
        "---\ntitle: Later\ndraft: true\n---\nNog niet af.\n",
    )
    .unwrap();
    let page = root.join("content/plan/_index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nZie [later](03-later.md).\n")).unwrap();
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let r = report_of(&stderr(&run), "content/plan/_index.md:7:5").to_string();
    assert!(r.contains("is een concept"), "{r}");
    assert!(r.contains("draft: true"), "{r}");
    assert!(!r.contains("bestaat niet"), "{r}");
    // The same for a flowchart's click.
    let route = root.join("content/routes/melden.md");
    let text = std::fs::read_to_string(&route).unwrap();
    std::fs::write(
        &route,
        text.replace("../plan/01-inleiding.md#aanleiding", "../plan/03-later.md"),
    )
    .unwrap();
    let err = stderr(&check(&root));
    let r = report_of(&err, "content/routes/melden.md:16").to_string();
    assert!(r.contains("click af is een concept"), "{err}");
}

#[test]
fn a_flowchart_edge_to_a_misspelt_step_is_an_error_with_the_nearest_id() {
    let (_dir, root) = site_copy("good");
    let page = root.join("content/routes/melden.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace(
            "af --> klaar((\"Klaar\"))",
            "af --> klaar((\"Klaar\"))\n  klaar --> bell",
        ),
    )
    .unwrap();
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("content/routes/melden.md:15:"), "{err}");
    assert!(err.contains("`bell`"), "{err}");
    assert!(
        err.contains("Bedoel je `bel`?") || err.contains("bedoel je `bel`?"),
        "{err}"
    );
}

#[test]
fn a_review_date_in_the_future_is_an_error() {
    let (_dir, root) = site_copy("good");
    let file = root.join("partners/politie.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("reviewed: 2026-11-01", "reviewed: 2999-01-01"),
    )
    .unwrap();
    let run = check(&root);
    assert_eq!(run.status.code(), Some(1));
    let r = report_of(&stderr(&run), "partners/politie.yaml:16:11").to_string();
    assert!(r.contains("in de toekomst"), "{r}");
    assert!(r.contains("hint:"), "{r}");
}
