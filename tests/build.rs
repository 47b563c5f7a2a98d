//! `ketenwijzer build` and `check` on fixture sites and on the bundled site.

mod common;
use common::*;

#[test]
fn good_fixture_builds_with_working_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&fixture("good"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let problems = check_output(&out);
    assert!(problems.is_empty(), "{problems:#?}");
    for page in [
        "index.html",
        "plan/index.html",
        "plan/inleiding/index.html",
        "plan/aanpak/index.html",
        "signalen/werk/index.html",
        "routes/melden/index.html",
        "partners/index.html",
        "partners/politie/index.html",
        "partners/politie/politie.vcf",
        "partners/rol/opsporen/index.html",
        "gemeenten/index.html",
        "gemeenten/dorp/index.html",
        "begrippen/index.html",
        "zoeken/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let aanpak = std::fs::read_to_string(out.join("plan/aanpak/index.html")).unwrap();
    assert!(aanpak.contains("id=\"wie-doet-wat\""));
    assert!(
        aanpak.contains("id=\"wie-doet-wat-1\""),
        "duplicate headings get unique ids"
    );
    assert!(aanpak.contains("class=\"external\" href=\"https://wetten.overheid.nl/\""));
    assert!(
        aanpak.contains("rel=\"prev\""),
        "previous/next within the section"
    );
    let glossary = std::fs::read_to_string(out.join("begrippen/index.html")).unwrap();
    assert_eq!(glossary.matches("<dt id=").count(), 2);
    assert!(glossary.contains("contactfunctionaris"));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/test/plan/inleiding/</loc>"));
    let vcf = std::fs::read_to_string(out.join("partners/politie/politie.vcf")).unwrap();
    assert!(vcf.starts_with("BEGIN:VCARD") && vcf.contains("TEL;TYPE=WORK,VOICE:112"));
    let gemeente = std::fs::read_to_string(out.join("gemeenten/dorp/index.html")).unwrap();
    assert!(gemeente.contains("Intern meldpunt") && gemeente.contains("status-in-uitvoering"));
    assert!(
        gemeente.contains("../../partners/politie/index.html"),
        "partners serving the municipality"
    );
    let inleiding = std::fs::read_to_string(out.join("plan/inleiding/index.html")).unwrap();
    assert!(
        inleiding.contains("<table class=\"basisniveau\">"),
        "placeholder table rendered"
    );
    assert!(
        inleiding.contains("src=\"../../plan/overzicht.svg\""),
        "image beside the page"
    );
    assert_eq!(
        std::fs::read(out.join("plan/overzicht.svg")).unwrap(),
        std::fs::read(fixture("good").join("content/plan/overzicht.svg")).unwrap(),
        "files beside pages are copied as they are"
    );
}

/// The number in "… (N nieuw of gewijzigd, M verwijderd)" of a build's last line.
fn written_and_removed(o: &std::process::Output) -> (usize, usize) {
    let err = stderr(o);
    let tail = err.rsplit('(').next().unwrap_or("");
    let nums: Vec<usize> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(nums.len(), 2, "{err}");
    (nums[0], nums[1])
}

#[test]
fn rebuild_writes_only_what_changed_and_removes_what_is_gone() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = dir.path().join("public");
    for part in ["content", "partners"] {
        for e in walkdir::WalkDir::new(fixture("good").join(part)) {
            let e = e.unwrap();
            let to = site.join(e.path().strip_prefix(fixture("good")).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
    }
    std::fs::copy(fixture("good").join("site.yaml"), site.join("site.yaml")).unwrap();
    let first = build(&site, &out);
    assert!(first.status.success(), "{}", stderr(&first));
    // Every file of the site, and the manifest of what the build wrote.
    let files = snapshot(&out).len() - 1;
    assert!(out.join(ketenwijzer::output::MANIFEST).is_file());
    assert_eq!(written_and_removed(&first), (files, 0));
    let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
    let home = inode("index.html");

    let again = build(&site, &out);
    assert_eq!(
        written_and_removed(&again),
        (0, 0),
        "nothing changed, nothing written"
    );
    assert_eq!(inode("index.html"), home);

    let page = site.join("content/plan/02-aanpak.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("Een tweede kop", "Gewijzigd. Een tweede kop"),
    )
    .unwrap();
    let edited = build(&site, &out);
    let (written, removed) = written_and_removed(&edited);
    assert!(written >= 1 && written < files / 2, "{written} of {files}");
    assert_eq!(removed, 0);
    assert_eq!(inode("index.html"), home, "unchanged files are left alone");
    assert!(std::fs::read_to_string(out.join("plan/aanpak/index.html"))
        .unwrap()
        .contains("Gewijzigd."));

    std::fs::remove_file(site.join("content/plan/overzicht.svg")).unwrap();
    std::fs::write(
        site.join("content/plan/01-inleiding.md"),
        std::fs::read_to_string(site.join("content/plan/01-inleiding.md"))
            .unwrap()
            .replace("![Schema: van signaal naar melding](overzicht.svg)", ""),
    )
    .unwrap();
    let removed = build(&site, &out);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert_eq!(written_and_removed(&removed).1, 1);
    assert!(!out.join("plan/overzicht.svg").exists());
    assert_eq!(snapshot(&out).len() - 1, files - 1);
    // Beside them only the rebuild cache (tests/rebuild.rs), never a staging folder.
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != ".public.ketenwijzer-cache")
        .count();
    assert_eq!(leftovers, 2, "site and public, no staging folder");
}

#[test]
fn bundled_site_builds_with_working_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&repo(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let problems = check_output(&out);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(out.join("beleidsplan/volledig/index.html").is_file());
}

#[test]
fn raw_html_is_escaped_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("site.yaml"), "title: T\n").unwrap();
    std::fs::write(
        site.join("content/_index.md"),
        "---\ntitle: T\n---\n<script>alert(1)</script>\n",
    )
    .unwrap();
    let o = build(&site, &dir.path().join("out"));
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert(1)"));
    std::fs::write(site.join("site.yaml"), "title: T\nallow_html: true\n").unwrap();
    let o = build(&site, &dir.path().join("out"));
    assert!(o.status.success());
    let html = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(html.contains("<script>alert(1)</script>"));
}

/// Every bad input: exit 1, file:line in the message, previous output untouched, no panic.
#[test]
fn bad_inputs_fail_with_place_and_keep_old_output() {
    let cases = [
        ("yaml-syntax", "partners/org.yaml:4:"),
        (
            "unknown-key",
            "content/pagina.md:3:1: fout: onbekend veld `sumary`",
        ),
        (
            "missing-field",
            "partners/org.yaml:8:1: fout: verplicht veld `summary` ontbreekt",
        ),
        (
            "duplicate-key",
            "partners/org.yaml:4:1: fout: de sleutel `name` staat er twee keer in",
        ),
        (
            "missing-title",
            "content/pagina.md:2:1: fout: verplicht veld `title` ontbreekt",
        ),
        (
            "unclosed-front-matter",
            "content/pagina.md:1: fout: de front matter wordt niet afgesloten",
        ),
        (
            "non-utf8",
            "content/pagina.md:6:4: fout: het bestand is geen UTF-8",
        ),
        (
            "broken-link",
            "content/pagina.md:6:5: fout: de pagina content/03-bestaat-niet.md bestaat niet",
        ),
        (
            "broken-anchor",
            "content/pagina.md:6:29: fout: het anker #geen-kop bestaat niet op /doel/",
        ),
        (
            "unknown-partner",
            "content/pagina.md:4:5: fout: onbekende partner \"comensa\"",
        ),
        ("empty-content", "content/: fout: de map content/ is leeg"),
        (
            "checklist",
            "content/signalen/lijst.md:4:11: fout: drempel 5 kan niet",
        ),
    ];
    for (name, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("oud")).unwrap();
        std::fs::write(out.join("oud/index.html"), "vorige versie").unwrap();
        std::fs::write(out.join("index.html"), "vorige start").unwrap();
        // As an earlier build left it: with the manifest (a folder without one is refused
        // before the site is read).
        std::fs::write(
            out.join(ketenwijzer::output::MANIFEST),
            format!(
                "{}\nindex.html\noud/index.html\n",
                ketenwijzer::output::MANIFEST_HEADER
            ),
        )
        .unwrap();
        let before = snapshot(&out);
        let o = build(&fixture(name), &out);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains(expected),
            "{name}: expected {expected:?} in\n{err}"
        );
        assert!(
            err.contains("hint:"),
            "{name}: every problem has a hint\n{err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(snapshot(&out), before, "{name}: old output changed");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "{name}: no staging folder left behind");

        let c = bin()
            .args(["check", "--root"])
            .arg(fixture(name))
            .output()
            .unwrap();
        assert_eq!(c.status.code(), Some(1), "{name}: check");
        assert!(stderr(&c).contains(expected), "{name}: check output");
    }
}

#[test]
fn all_problems_of_a_run_are_reported() {
    let o = bin()
        .args(["check", "--root"])
        .arg(fixture("two-files"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("content/een.md:3:1"), "{err}");
    assert!(
        err.contains("partners/org.yaml:3:19: fout: onbekende rol \"bellen\""),
        "{err}"
    );
    assert!(err.contains("2 fouten"), "{err}");
    let o = bin()
        .args(["check", "--root"])
        .arg(fixture("checklist"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        err.contains("content/signalen/leeg.md:7: fout: deze signalenlijst heeft geen signalen"),
        "{err}"
    );
    assert!(
        err.contains("content/signalen/lijst.md:8:12: fout: onbekende route \"nergens\""),
        "{err}"
    );
}

#[test]
fn broken_flowcharts_name_file_and_line() {
    let o = bin()
        .args(["check", "--root"])
        .arg(fixture("flowchart"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    for place in [
        "content/routes/open-knoop.md:8:20:",
        "content/routes/richting.md:5:11: fout: Onbekende richting `XY`",
        "content/routes/partner.md:9: fout: onbekende partner \"politi\"",
        "content/routes/opdracht.md:7:3:",
    ] {
        assert!(err.contains(place), "{place} in\n{err}");
    }
}

#[test]
fn flowchart_renders_svg_and_steps() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(&fixture("good"), &out).status.success());
    let html = std::fs::read_to_string(out.join("routes/melden/index.html")).unwrap();
    let figure = &html[html
        .find("<figure class=\"flowchart\"")
        .expect("figure.flowchart")..];
    let svg = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap()];
    assert!(svg.contains("role=\"img\""));
    assert!(!svg.contains("<a "), "no links inside the SVG");
    let steps = &figure[figure
        .find("data-flowchart-steps")
        .expect("text alternative")..];
    for text in [
        "Je ziet een signaal",
        "Acuut gevaar?",
        "Bel 112",
        "Meld bij de aandachtsfunctionaris",
        "Klaar",
    ] {
        for word in text.split_whitespace() {
            assert!(
                svg.contains(word),
                "{word} of {text} in SVG (wrapped over lines)"
            );
        }
        assert!(steps.contains(text), "{text} in steps");
    }
    assert!(
        steps.contains("href=\"../../partners/politie/index.html\""),
        "click partner:ID links the partner page"
    );
    assert!(steps.contains("href=\"../../plan/inleiding/index.html#aanleiding\""));
}

#[test]
fn check_passes_on_good_sites_and_writes_nothing() {
    for root in [fixture("good"), repo()] {
        let o = bin().args(["check", "--root"]).arg(&root).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(!fixture("good").join("public").exists());
}

#[test]
fn wrong_usage_exits_2() {
    let o = bin().arg("bouw").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin().args(["build", "--onbekend"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn site_templates_override_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("site.yaml"), "title: T\n").unwrap();
    std::fs::write(site.join("content/_index.md"), "---\ntitle: T\n---\nx\n").unwrap();
    std::fs::write(site.join("templates/home.html"), "<!DOCTYPE html><html lang=\"nl\"><title>{{ page.title }}</title><p>eigen sjabloon</p></html>").unwrap();
    let o = build(&site, &dir.path().join("out"));
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(html.contains("eigen sjabloon"));
    std::fs::write(site.join("templates/home.html"), "{% if %}").unwrap();
    let o = build(&site, &dir.path().join("out"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("templates/home.html"), "{}", stderr(&o));
}

#[test]
fn refuses_to_build_into_the_site_itself() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(
        site.join("content/_index.md"),
        "---\ntitle: Start\n---\nTekst\n",
    )
    .unwrap();
    std::fs::write(site.join("site.yaml"), "title: Test\n").unwrap();
    let before = snapshot(&site);
    for out in [site.clone(), dir.path().to_path_buf()] {
        let o = build(&site, &out);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("bevat"), "{}", stderr(&o));
        assert!(stderr(&o).contains("hint:"));
        assert_eq!(snapshot(&site), before, "the site is untouched");
    }
    let other = dir.path().join("andere-site");
    std::fs::create_dir_all(other.join("content")).unwrap();
    let o = build(&site, &other);
    assert_eq!(o.status.code(), Some(1));
    assert!(other.join("content").is_dir());
}
