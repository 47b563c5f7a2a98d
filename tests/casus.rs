//! Training cases (casussen, issue #20): the built case pages, the list, the links from
//! checklists and the home page, the print switch, and every broken case with file:line.

mod common;
use common::*;
use std::path::Path;

fn built(site: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(site, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("waarschuwing:"), "{err}");
    (dir, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_case_page_is_one_form_per_question_with_its_feedback() {
    let (_dir, out) = built(&fixture("casus"));
    assert_eq!(check_output(&out), Vec::<String>::new());
    let html = read(&out, "casussen/vol-adres/index.html");
    assert!(html.contains("<body class=\"kind-casus\">"), "{html}");
    assert!(html.contains("<section class=\"casus\" data-casus data-questions=\"3\">"));
    assert_eq!(html.matches(" data-casus-question ").count(), 3);
    // Choose several: checkboxes; choose one: radio buttons; order: one select per step.
    assert_eq!(html.matches("<input type=\"checkbox\"").count(), 3);
    assert_eq!(html.matches("<input type=\"radio\"").count(), 2);
    assert_eq!(html.matches("<select ").count(), 3);
    assert_eq!(html.matches("<legend><h2 ").count(), 3);
    // Every option has its feedback, in the disclosure that works without JavaScript.
    assert_eq!(html.matches(" data-casus-feedback ").count(), 8);
    assert_eq!(html.matches("<summary>Toon de uitleg</summary>").count(), 3);
    assert!(html.contains(
        "Dat is op zich geen signaal: veel nieuwe inwoners spreken nog geen Nederlands."
    ));
    // Links in feedback are resolved like every link.
    assert!(html.contains(
        "<a href=\"../../signalen/burgerzaken/index.html\">signalen voor burgerzaken</a>"
    ));
    assert!(html.contains("<a href=\"../../partners/politie/index.html\">politie</a>"));
    // The closing text and the labels of the front matter.
    assert!(html.contains("data-casus-closing>\n<p>Een signaal alleen bewijst niets."));
    assert!(html.contains("<span class=\"visually-hidden\">Afdeling: </span>Burgerzaken</span>"));
    assert!(html.contains(
        "<span class=\"visually-hidden\">Vorm van uitbuiting: </span>Arbeidsuitbuiting</span>"
    ));
    // The steps are never shown in the right order.
    let positions: Vec<&str> = attr_values(&html, "data-position");
    assert_eq!(positions.len(), 3);
    assert_ne!(positions, vec!["1", "2", "3"]);
    // The script and stylesheet load on case pages only; no case page has a table of contents.
    assert!(html.contains("<script src=\"../../js/casus.js\" defer></script>"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"../../css/casus.css\">"));
    assert!(!html.contains("class=\"toc\""));
    assert!(!read(&out, "signalen/burgerzaken/index.html").contains("casus.js"));
    assert!(out.join("js/casus.js").is_file());
    assert!(!html.contains('☐') && !html.contains('☑'), "{html}");
}

#[test]
fn the_script_stores_nothing() {
    let js = std::fs::read_to_string(repo().join("themes/default/static/js/casus.js")).unwrap();
    for word in [
        "localStorage",
        "sessionStorage",
        "indexedDB",
        "document.cookie",
        "location",
        "history",
    ] {
        assert!(!js.contains(word), "casus.js uses {word}");
    }
}

#[test]
fn the_list_the_checklist_and_the_home_page_link_to_the_cases() {
    let (_dir, out) = built(&fixture("casus"));
    let list = read(&out, "casussen/index.html");
    assert!(list.contains("<ul class=\"cards casus-list\">"), "{list}");
    assert!(list.contains("<a href=\"../casussen/salon/index.html\">Een salon bij de vergunningcontrole</a></h2><p class=\"casus-labels\"><span class=\"casus-label casus-department\"><span class=\"visually-hidden\">Afdeling: </span>Handhaving</span> <span class=\"casus-label casus-form\"><span class=\"visually-hidden\">Vorm van uitbuiting: </span>Seksuele uitbuiting</span> <span class=\"casus-label casus-form\"><span class=\"visually-hidden\">Vorm van uitbuiting: </span>Arbeidsuitbuiting</span></p>"), "{list}");
    let checklist = read(&out, "signalen/burgerzaken/index.html");
    assert!(
        checklist.contains("<div class=\"casus-practice\">\n<h2>Oefen met een casus</h2>\n<ul>\n<li><a href=\"../../casussen/vol-adres/index.html\">Een vol adres bij de inschrijving</a></li>\n</ul>"),
        "{checklist}"
    );
    let home = read(&out, "index.html");
    assert!(
        home.contains("<a href=\"casussen/index.html\">Oefen met casussen</a>"),
        "{home}"
    );
    // A site without cases has no such link.
    let (_dir2, plain) = built(&fixture("checklist-direct"));
    assert!(!read(&plain, "index.html").contains("Oefen met casussen"));
}

#[test]
fn print_answers_gives_the_trainers_key() {
    let (_dir, out) = built(&fixture("casus"));
    // `print_answers: true` on the page.
    let salon = read(&out, "casussen/salon/index.html");
    assert_eq!(salon.matches("<div class=\"casus-key\">").count(), 2);
    assert!(salon.contains("<strong>Antwoorden bij: Wat zie je?</strong>"));
    // The key is a copy without test hooks.
    assert_eq!(salon.matches(" data-casus-feedback ").count(), 4);
    assert!(!read(&out, "casussen/vol-adres/index.html").contains("casus-key"));

    // site.yaml `casussen: { print_answers: true }` for every case; a page's own false wins.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("casus"), &site);
    std::fs::write(
        site.join("site.yaml"),
        "title: Oefensite\ncasussen:\n  print_answers: true\n",
    )
    .unwrap();
    let (_d, out) = built(&site);
    assert_eq!(
        read(&out, "casussen/vol-adres/index.html")
            .matches("<div class=\"casus-key\">")
            .count(),
        3
    );
    let page = site.join("content/casussen/02-salon.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("print_answers: true", "print_answers: false"),
    )
    .unwrap();
    let (_d, out) = built(&site);
    assert!(!read(&out, "casussen/salon/index.html").contains("casus-key"));

    // Unknown keys under `casussen:` stay errors.
    std::fs::write(
        site.join("site.yaml"),
        "title: Oefensite\ncasussen:\n  print_antwoorden: true\n",
    )
    .unwrap();
    let o = bin().args(["check", "--root"]).arg(&site).output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("site.yaml:3"), "{err}");
    assert!(err.contains("print_antwoorden"), "{err}");
}

#[test]
fn every_broken_case_is_reported_with_file_and_line() {
    let o = bin()
        .args(["check", "--root"])
        .arg(fixture("casus-bad"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let expected = [
        "content/casussen/geen-goed-antwoord.md:6: fout: de vraag \"Wat doe je?\" heeft geen goed antwoord",
        "content/casussen/geen-uitleg.md:10: fout: het antwoord \"Veel mensen op één adres.\" heeft geen uitleg",
        "content/casussen/kapotte-link.md:11:16: fout: de pagina content/routes/bestaat-niet.md bestaat niet",
        "content/casussen/kapotte-link.md:11:54: fout: onbekende partner \"onbekend\"",
        "content/casussen/geen-vragen.md:4: fout: deze casus heeft geen vragen",
        "content/casussen/front-matter.md:3:28: fout: onbekende vorm van uitbuiting \"mensensmokkel\"",
        "content/casussen/front-matter.md:4:27: fout: onbekende signalenlijst \"horeca\"",
        "content/casussen/front-matter.md:10: fout: onbekende instructie \"Kies er twee.\" bij de vraag \"Wat doe je?\"",
        "content/casussen/front-matter.md:17: fout: de vraag \"Wat eerst?\" is \"Kies er één\", maar heeft 2 goede antwoorden",
        "content/casussen/front-matter.md:26: fout: de vraag \"Volgorde\" heeft minder dan twee stappen",
        "content/casussen/front-matter.md:33: fout: de vraag \"Zonder antwoorden\" heeft geen antwoorden",
        "content/_index.md:3: fout: `department` hoort alleen bij een casus",
    ];
    for e in expected {
        assert!(err.contains(e), "missing {e:?} in\n{err}");
    }
    assert!(err.contains(&format!("{} fouten", expected.len())), "{err}");
    // Every problem has a hint: the known checklists, the forms, the three instructions.
    assert!(err.contains("zonder .md: burgerzaken"), "{err}");
    assert!(err.contains("kies uit: seksuele-uitbuiting, arbeidsuitbuiting, criminele-uitbuiting, orgaanverwijdering"), "{err}");
    assert!(
        err.contains("`**Kies er één.**` (één goed antwoord), `**Kies alles wat klopt.**`"),
        "{err}"
    );
    assert_eq!(err.matches("hint:").count(), expected.len(), "{err}");
}

#[test]
fn a_new_case_page_passes_check_on_another_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture("other-region"), &root);
    for rel in ["content/casussen/voorbeeld.md", "content/nieuw/casus.md"] {
        let o = bin()
            .args(["new", "page", "--root"])
            .arg(&root)
            .arg(root.join(rel))
            .args(["--soort", "casus"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{rel}: {}", stderr(&o));
    }
    let (_d, out) = built(&root);
    let html = read(&out, "casussen/voorbeeld/index.html");
    assert!(html.contains("data-casus data-questions=\"3\""), "{html}");
    assert_eq!(html.matches("<summary>Toon de uitleg</summary>").count(), 3);
    assert!(!html.contains("partner:ID"), "the example link is shown");
}
