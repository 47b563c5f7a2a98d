//! Open points, explanations, honest dates and the plan's status (fixture `open-points`), and
//! their wrong uses (fixture `open-points-bad`).
mod common;
use common::*;
use std::path::Path;

const FIXTURE: &str = "open-points";

/// Every open point of the fixture as `check` lists it.
const LISTED: &[&str] = &[
    "content/begrippen.yaml:5: Of de functie in beide gemeenten dezelfde naam krijgt. (beslist: regionaal overleg)",
    "content/beleidsplan/01-samenwerking.md:10: Wie in Westdorp aandachtsfunctionaris is, en hoe collega's die bereiken. (beslist: college van Westdorp)",
    "content/beleidsplan/01-samenwerking.md:19: Welke gemeente de opvang van slachtoffers regelt.",
    "partners/oostdorp.yaml:13: Wie in Oostdorp aandachtsfunctionaris is.",
    "partners/oostdorp.yaml:25: Of Oostdorp een eigen meldpunt voor inwoners opent.",
    "partners/oostdorp.yaml:26: Welke afdeling de signalen registreert. (beslist: college van Oostdorp)",
    "partners/westdorp.yaml:13: Wie in Westdorp aandachtsfunctionaris is.",
    "partners/westdorp.yaml:25: Of Westdorp een eigen meldpunt voor inwoners opent.",
    "partners/westdorp.yaml:26: Welke afdeling de signalen registreert. (beslist: college van Westdorp)",
    "site.yaml:9: Datum en besluit waarmee Westdorp het plan vaststelt.",
];

/// A phrase of each open point's text, to look for in the output.
const PHRASES: &[&str] = &[
    "dezelfde naam krijgt",
    "hoe collega",
    "opvang van slachtoffers regelt",
    "aandachtsfunctionaris is.",
    "eigen meldpunt voor inwoners",
    "signalen registreert",
];

fn run(args: &[&str], root: &Path) -> std::process::Output {
    bin()
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run ketenwijzer")
}

fn copy_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for e in walkdir::WalkDir::new(fixture(name))
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(fixture(name)).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(root.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), root.join(rel)).unwrap();
        }
    }
    (dir, root)
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

#[test]
fn check_ends_with_every_open_point_its_place_and_the_count() {
    let o = run(&["check"], &fixture(FIXTURE));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let list: Vec<&str> = err
        .lines()
        .skip_while(|l| *l != "Nog vast te stellen:")
        .skip(1)
        .collect();
    let expected: Vec<String> = LISTED.iter().map(|l| format!("  {l}")).collect();
    assert_eq!(list[..list.len() - 1], expected[..], "{err}");
    assert_eq!(list.last(), Some(&"10 open punten"), "{err}");
}

#[test]
fn strict_check_and_strict_build_refuse_while_open_points_remain() {
    let o = run(&["check", "--strict"], &fixture(FIXTURE));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--strict: nog 10 open punten in 5 bestanden"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(&fixture(FIXTURE), &out).status.success());
    let before = snapshot(&out);
    let o = bin()
        .args(["build", "--strict", "--root"])
        .arg(fixture(FIXTURE))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("is niet veranderd"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before, "the old output stays whole");
    // Without open points, strict builds.
    let (_d, root) = copy_fixture("good");
    let o = run(&["check", "--strict"], &root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn every_open_point_is_one_labelled_block_with_data_open_point() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&fixture(FIXTURE), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let count = |html: &str| {
        html.matches("<div class=\"open-point\" data-open-point")
            .count()
    };
    let chapter = read(&out, "beleidsplan/samenwerking/index.html");
    assert_eq!(count(&chapter), 2, "{chapter}");
    assert_eq!(chapter.matches("Nog vast te stellen</strong>").count(), 2);
    assert!(chapter.contains("<p class=\"open-point-decides\">Beslist: college van Westdorp</p>"));
    // The marker itself is never shown.
    assert!(!chapter.contains("[!OPEN]"), "{chapter}");
    let gemeente = read(&out, "gemeenten/oostdorp/index.html");
    assert_eq!(
        count(&gemeente),
        2,
        "the Markdown field and the record's list"
    );
    assert!(gemeente.contains("Of Oostdorp een eigen meldpunt voor inwoners opent."));
    assert!(gemeente.contains("(beslist: college van Oostdorp)"));
    assert_eq!(count(&read(&out, "begrippen/index.html")), 1);
    assert!(
        !out.join("_open-punten").exists(),
        "the worklist is preview only"
    );
    // The whole plan shows the chapter's open points too.
    assert_eq!(count(&read(&out, "beleidsplan/volledig/index.html")), 2);
}

#[test]
fn hidden_open_points_leave_nothing_in_the_output_but_stay_listed() {
    let (_dir, root) = copy_fixture(FIXTURE);
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("{yaml}open_points: hide\n")).unwrap();
    let out = root.join("public");
    let o = build(&root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    for (path, bytes) in snapshot(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("data-open-point"), "{path:?}");
        assert!(!text.contains("Nog vast te stellen"), "{path:?}");
        for phrase in PHRASES {
            assert!(!text.contains(phrase), "{path:?} holds {phrase:?}");
        }
    }
    // The explanation and the rest of the page stay.
    let chapter = read(&out, "beleidsplan/samenwerking/index.html");
    assert!(chapter.contains("data-explanation"));
    assert!(chapter.contains("Elke gemeente heeft een aandachtsfunctionaris mensenhandel."));
    let o = run(&["check"], &root);
    assert!(stderr(&o).contains("10 open punten"), "{}", stderr(&o));
}

#[test]
fn explanations_are_labelled_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(&fixture(FIXTURE), &out).status.success());
    let chapter = read(&out, "beleidsplan/samenwerking/index.html");
    let start = chapter
        .find("<div class=\"explanation\" data-explanation role=\"note\">")
        .expect("explanation block");
    let block = &chapter[start..start + chapter[start..].find("</div>").unwrap()];
    assert!(block.contains("<strong>Toelichting</strong>"), "{block}");
    assert!(
        block.contains("../../partners/politie/index.html"),
        "{block}"
    );
    assert!(!chapter.contains("[!TOELICHTING]"));
}

#[test]
fn partner_pages_say_where_the_facts_come_from_and_who_confirmed_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(&fixture(FIXTURE), &out).status.success());
    let politie = read(&out, "partners/politie/index.html");
    assert!(politie.contains(
        "Bron: de pagina's hieronder, geraadpleegd op <time datetime=\"2026-11-29\">29 november 2026</time>."
    ), "{politie}");
    assert!(politie.contains(
        "Bevestigd door Team Mensenhandel op <time datetime=\"2026-11-20\">20 november 2026</time>."
    ));
    // `reviewed` is the old name of `consulted`; nobody confirmed Oostdorp's facts.
    let gemeente = read(&out, "gemeenten/oostdorp/index.html");
    assert!(gemeente.contains("geraadpleegd op <time datetime=\"2026-11-28\">"));
    assert!(!gemeente.contains("Bevestigd"));
    for (path, bytes) in snapshot(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Laatst gecontroleerd"),
            "{path:?}"
        );
    }
}

#[test]
fn no_page_of_the_bundled_site_says_laatst_gecontroleerd() {
    let sink = ketenwijzer::output::MemorySink::default();
    ketenwijzer::site::build(&repo(), &ketenwijzer::site::Mode::default(), &sink)
        .unwrap_or_else(|d| panic!("{}", d.report(&repo())));
    let files = sink.into_files();
    let partner_pages = files
        .iter()
        .filter(|f| f.path.starts_with("partners/") && f.path.ends_with("index.html"))
        .count();
    assert!(partner_pages > 10);
    for f in &files {
        let text = String::from_utf8_lossy(&f.bytes);
        assert!(!text.contains("Laatst gecontroleerd"), "{}", f.path);
        if f.path.starts_with("partners/")
            && f.path.ends_with("/index.html")
            && f.path.matches('/').count() == 2
        {
            assert!(text.contains("geraadpleegd op <time"), "{}", f.path);
        }
    }
}

#[test]
fn the_whole_plan_starts_with_its_title_block_and_chapters_name_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(&fixture(FIXTURE), &out).status.success());
    let whole = read(&out, "beleidsplan/volledig/index.html");
    let article = &whole[whole.find("<article").unwrap()..];
    let after_open = &article[article.find('>').unwrap() + 1..];
    assert!(
        after_open
            .trim_start()
            .starts_with("<header class=\"plan-titleblock\" data-plan-titleblock>"),
        "{after_open}"
    );
    let block = &after_open[..after_open.find("</header>").unwrap()];
    for want in [
        "<h1>Beleidsplan Aanpak mensenhandel Testregio</h1>",
        "<dt>Versie</dt><dd>0.9</dd>",
        "<dt>Status</dt><dd>Concept</dd>",
        "<time datetime=\"2026-11-30\">30 november 2026</time>",
        "<li>Oostdorp: <time datetime=\"2026-10-06\">6 oktober 2026</time> (Collegebesluit 2026/41)</li>",
        "<dt>Evaluatie</dt><dd>Evaluatie twee jaar na vaststelling.</dd>",
    ] {
        assert!(block.contains(want), "{want} not in {block}");
    }
    assert!(whole.contains("<nav class=\"toc\""), "a table of contents");
    let line = "<p class=\"plan-status\">Beleidsplan Aanpak mensenhandel Testregio · versie 0.9 · concept · 30 november 2026</p>";
    assert!(read(&out, "index.html").contains(line));
    let chapter = read(&out, "beleidsplan/samenwerking/index.html");
    assert!(chapter.contains(line));
    assert!(chapter.contains(
        "<p class=\"page-updated\">Laatst gewijzigd: <time datetime=\"2026-11-15\">15 november 2026</time>.</p>"
    ));
}

#[test]
fn wrong_uses_are_errors_with_their_lines_and_hints() {
    let o = run(&["check"], &fixture("open-points-bad"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (place, what) in [
        ("content/_index.md:3:", "in `updated` ligt in de toekomst"),
        ("content/_index.md:7:1:", "open punt zonder tekst"),
        ("content/_index.md:9:1:", "toelichting zonder tekst"),
        ("partners/oostdorp.yaml:21:9:", "ligt in de toekomst"),
        ("partners/oostdorp.yaml:23:5:", "open punt zonder tekst"),
        ("partners/oostdorp.yaml:24:5:", "open punt zonder tekst"),
        ("site.yaml:5:", "in plan.date ligt in de toekomst"),
        ("site.yaml:7:", "plan.adopted noemt \"oostdrop\""),
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(place) && l.contains(what)),
            "{place} {what} missing in\n{err}"
        );
    }
    assert!(err.contains("bedoel je `oostdorp`?"), "{err}");
    assert!(err.contains("8 fouten"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn an_untouched_new_partner_is_listed_as_open_and_fails_strict() {
    let (_dir, root) = copy_fixture("good");
    let o = bin()
        .args(["new", "partner", "nieuw", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["check"], &root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for field in [
        "summary",
        "description",
        "when_to_contact",
        "source",
        "consulted",
    ] {
        assert!(
            err.lines().any(|l| l.contains("partners/nieuw.yaml")
                && l.contains(&format!("`{field}` is nog niet ingevuld"))),
            "{field}: {err}"
        );
    }
    assert_eq!(run(&["check", "--strict"], &root).status.code(), Some(1));
}

#[test]
fn the_whole_plan_collects_the_section_site_yaml_names() {
    // other-region keeps its chapters in content/plan/ (`plan.section: plan`).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&fixture("other-region"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !out.join("beleidsplan").exists(),
        "no empty whole plan elsewhere"
    );
    let whole = read(&out, "plan/volledig/index.html");
    assert_eq!(
        whole.matches("<section class=\"chapter\"").count(),
        2,
        "{whole}"
    );
    assert!(whole.contains("<h1>Plan tegen mensenhandel Lindeland</h1>"));
    // Both chapters hold the basisniveau table: each region is named after its chapter, so
    // the page has no two landmarks of one name (axe's landmark-unique).
    let labels = attr_values(&whole, "aria-label");
    assert!(
        labels.contains(&"Inleiding: Stand per gemeente"),
        "{labels:?}"
    );
    assert!(labels.contains(&"Aanpak: Stand per gemeente"), "{labels:?}");
    assert!(read(&out, "plan/index.html").contains("href=\"../plan/volledig/index.html\""));
    // A section that holds no pages is an error at its line.
    let (_d, root) = copy_fixture("other-region");
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        yaml.replace("section: plan", "section: plam"),
    )
    .unwrap();
    let o = run(&["check"], &root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("site.yaml:")
            && l.contains("plan.section noemt \"plam\", maar content/plam heeft geen pagina's")),
        "{err}"
    );
    assert!(err.contains("bedoel je `plan`?"), "{err}");
}
