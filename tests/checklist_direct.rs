//! Direct-report signals in checklists (`- [ ] **Meld direct:** …` and front matter
//! `direct_advice`): the built page, and every bad use with file:line and a hint.

mod common;
use common::*;

#[test]
fn direct_item_and_its_advice_are_built() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&fixture("checklist-direct"), &out);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("waarschuwing"), "{err}");
    assert_eq!(check_output(&out), Vec::<String>::new());
    let html = std::fs::read_to_string(out.join("signalen/uitbuiting/index.html")).unwrap();
    // Exactly the one direct item carries data-direct, and its label says so in text.
    assert_eq!(html.matches(" data-direct>").count(), 1, "{html}");
    assert!(
        html.contains("name=\"signaal-2\" data-direct><label for=\"signaal-2\"><span class=\"checklist-signal\"><strong class=\"checklist-direct\">Meld direct:</strong> Een minderjarige werkt in de prostitutie.</span>"),
        "{html}"
    );
    assert!(!html.contains("**Meld direct"), "{html}");
    // The direct advice: an advice element like the others, with text, route and partner,
    // not hidden in the HTML (so it shows as text without JavaScript).
    let start = html
        .find("<div class=\"checklist-advice checklist-advice-direct\" data-checklist-advice data-direct-advice>")
        .expect("direct advice element");
    let advice = &html[start..start + html[start..].find("</div>").unwrap()];
    assert!(
        advice.contains("Meld het vandaag nog bij de politie; wacht niet op meer signalen."),
        "{advice}"
    );
    assert!(
        advice.contains("href=\"../../routes/melden/index.html\""),
        "{advice}"
    );
    assert!(
        advice.contains("href=\"../../partners/politie/index.html\""),
        "{advice}"
    );
    assert!(!advice.contains("hidden"), "{advice}");
    // The threshold advice is still there.
    assert!(
        html.contains("data-checklist-advice data-from=\"2\""),
        "{html}"
    );
}

#[test]
fn every_bad_use_of_direct_is_reported_with_file_and_line() {
    let o = bin()
        .args(["check", "--root"])
        .arg(fixture("checklist-direct-bad"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for expected in [
        "content/signalen/zonder-advies.md:10: fout: dit signaal is \"meld direct\", maar de pagina heeft geen direct_advice",
        "content/signalen/geen-tekst.md:6: fout: direct_advice heeft geen tekst",
        "content/signalen/onbekend.md:8:10: fout: onbekende route \"nergens\"",
        "content/signalen/onbekend.md:9:12: fout: onbekende partner \"polite\"",
        "content/signalen/ongebruikt.md:6: waarschuwing: direct_advice wordt nooit getoond",
        "5 fouten, 1 waarschuwing",
    ] {
        assert!(err.contains(expected), "expected {expected:?} in\n{err}");
    }
    assert_eq!(
        err.matches("hint:").count(),
        6,
        "every problem has a hint\n{err}"
    );
    assert!(err.contains("bedoel je partner:politie?"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_direct_item_on_a_non_checklist_page_is_plain_text() {
    // Outside content/signalen/ a task list is not a checklist; the marker stays bold text.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("site.yaml"), "title: T\n").unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Start\n---\n- [ ] **Meld direct:** iets\n",
    )
    .unwrap();
    let out = root.join("public");
    let o = build(root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("data-direct"), "{html}");
    assert!(html.contains("<strong>Meld direct:</strong>"), "{html}");
}
