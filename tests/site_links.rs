//! Links in site.yaml (menu, doors, footer_links) are checked like links in pages, each at its
//! line in site.yaml.

mod common;

use common::{bin, fixture, snapshot, stderr};

#[test]
fn broken_links_in_site_yaml_are_errors_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for (rel, bytes) in snapshot(&fixture("other-region")) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::write(
        root.join("content/concept.md"),
        "---\ntitle: Concept\ndraft: true\n---\nNog niet klaar.\n",
    )
    .unwrap();
    let yaml = "title: T\nmenu:\n  - { title: Plan, link: plan/_index.md }\n  - { title: Begrippen, link: glossary/ }\n  - { title: Partners, link: /partners/ }\n  - { title: Gemeenten, link: gemeenten/index.html }\ndoors:\n  - title: Ik zie een signaal\n    link: routes/meldn.md\n  - title: Concept\n    link: concept.md\nfooter_links:\n  - { title: Anker, link: \"plan/_index.md#x\" }\n  - { title: Rijksoverheid, link: \"https://www.rijksoverheid.nl/\" }\n  - { title: Begripen, link: begripen/ }\ngoals:\n  - { id: signaleren, title: S }\n  - { id: functionaris, title: F }\n  - { id: regelgeving, title: R }\n";
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
    let o = bin()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("site.yaml:"))
        .collect();
    assert_eq!(lines.len(), 5, "{err}");
    assert!(
        lines[0].starts_with("site.yaml:4:31: fout: de link \"glossary/\" in `menu`"),
        "{err}"
    );
    assert!(lines[1].starts_with("site.yaml:9:11: fout: de link \"routes/meldn.md\" in `doors` gaat naar content/routes/meldn.md, en die pagina bestaat niet"), "{err}");
    assert!(err.contains("hint: bedoel je routes/melden.md?"), "{err}");
    assert!(
        lines[2].starts_with("site.yaml:11:11:") && lines[2].contains("concept (draft: true)"),
        "{err}"
    );
    assert!(
        lines[3].starts_with("site.yaml:13:") && lines[3].contains("#anker"),
        "{err}"
    );
    assert!(
        lines[4].starts_with("site.yaml:15:") && lines[4].contains("\"begripen/\""),
        "{err}"
    );
    assert!(err.contains("hint: bedoel je begrippen/?"), "{err}");
}
