//! Any region can publish its own plan: `init` writes a neutral starter site, and nothing in the
//! engine names a region (no West-Friesland word in another region's output).

mod common;

use common::{bin, build, copy_dir, fixture, snapshot, stderr};
use std::path::Path;

/// Words of the West-Friesland content: the region and its seven municipalities.
const WEST_FRIESLAND: &[&str] = &[
    "west-fries",
    "westfries",
    "west fries",
    "drechterland",
    "enkhuizen",
    "hoorn",
    "koggenland",
    "medemblik",
    "opmeer",
    "stede broec",
    "stede-broec",
];

/// Every West-Friesland word in any file under `out`, as "file: word".
fn west_friesland_words(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, bytes) in snapshot(out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for w in WEST_FRIESLAND {
            if text.contains(w) {
                found.push(format!("{}: {w}", rel.display()));
            }
        }
    }
    found
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn another_region_names_no_west_friesland_word() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&fixture("other-region"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let found = west_friesland_words(&out);
    assert!(
        found.is_empty(),
        "West-Friesland in another region: {found:?}"
    );
    // The texts the engine builds come from this region's content.
    let politie = read(&out, "partners/politie/index.html");
    assert!(
        politie.contains("Alle twee gemeenten van de regio Lindeland"),
        "area text not from site.yaml"
    );
    let table = read(&out, "plan/aanpak/index.html");
    for goal in [
        "Actief signaleren",
        "Functionaris of contactpersoon",
        "Beleid en lokale regelgeving",
    ] {
        assert!(table.contains(goal), "goal {goal} not in the table");
    }
    assert!(!table.contains("Beleidsmatige basis"));
    let aadorp = read(&out, "gemeenten/aadorp/index.html");
    assert!(aadorp.contains("Actief signaleren"));
}

#[test]
fn a_municipality_goal_outside_the_sites_goals_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture("other-region"), &root);
    let file = root.join("partners/beekum.yaml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("  regelgeving:", "  beleid:");
    std::fs::write(&file, text).unwrap();
    let o = bin()
        .arg("check")
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("partners/beekum.yaml:15: fout: onbekend doel \"beleid\""),
        "{err}"
    );
    assert!(
        err.contains("basisniveau mist doel \"regelgeving\""),
        "{err}"
    );
    assert!(
        err.contains("signaleren, functionaris, regelgeving"),
        "{err}"
    );
}

fn ketenwijzer(args: &[&str], dir: &Path) -> std::process::Output {
    bin().args(args).arg(dir).output().expect("run ketenwijzer")
}

#[test]
fn init_writes_a_site_that_checks_and_names_only_its_own_region() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("zw");
    let o = bin()
        .args(["init"])
        .arg(&site)
        .args([
            "--regio",
            "Zaanstreek-Waterland",
            "--gemeenten",
            "zaanstad,Purmerend,edam-volendam",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "site.yaml",
        "content/_index.md",
        "content/begrippen.yaml",
        "content/beleidsplan/01-inleiding.md",
        "content/beleidsplan/07-evaluatie.md",
        "content/signalen/algemeen.md",
        "content/routes/signaal-melden.md",
        "partners/zaanstad.yaml",
        "partners/purmerend.yaml",
        "partners/edam-volendam.yaml",
        "partners/politie.yaml",
        "partners/comensha.yaml",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    assert!(!site.join("partners/_gemeente.yaml").exists());
    let check = ketenwijzer(&["check", "--root"], &site);
    assert!(check.status.success(), "{}", stderr(&check));
    // `check --strict` fails and lists exactly the open points the starter wrote.
    let strict = ketenwijzer(&["check", "--strict", "--root"], &site);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    let mut listed: Vec<String> = stderr(&strict)
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| {
            let (place, _) = l.split_once(": ")?;
            place.contains(':').then(|| place.to_string())
        })
        .collect();
    listed.sort();
    let mut expected = written_open_points(&site);
    // Each municipality has not adopted the plan yet: one open point each, in site.yaml.
    let plan_line = listed
        .iter()
        .find(|p| p.starts_with("site.yaml:"))
        .cloned()
        .expect("adoption open points");
    expected.extend(std::iter::repeat_n(plan_line, 3));
    expected.sort();
    assert_eq!(listed, expected, "{}", stderr(&strict));
    assert!(stderr(&strict).contains(&format!("{} open punten", expected.len())));
    let out = dir.path().join("public");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let found = west_friesland_words(&out);
    assert!(
        found.is_empty(),
        "West-Friesland in a new region: {found:?}"
    );
    let home = read(&out, "index.html");
    assert!(home.contains("Aanpak mensenhandel Zaanstreek-Waterland"));
    assert!(read(&out, "gemeenten/edam-volendam/index.html").contains("Edam-Volendam"));
    assert!(read(&out, "partners/politie/index.html")
        .contains("Alle drie gemeenten van de regio Zaanstreek-Waterland"));
}

/// "file:line" of every `> [!OPEN]` block in content/, and of every `open:` item and field
/// left to fill in in partners/.
fn written_open_points(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, bytes) in snapshot(site) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = rel.to_string_lossy().replace('\\', "/");
        let mut in_open = false;
        for (i, line) in text.lines().enumerate() {
            if name.ends_with(".md") && line.trim_end() == "> [!OPEN]" {
                out.push(format!("{name}:{}", i + 1));
            }
            if name.starts_with("partners/") {
                // What the record leaves to fill in: an empty source and no consulted date.
                if line.trim_end() == "  - https://" || line.trim_end() == "consulted: DATUM" {
                    out.push(format!("{name}:{}", i + 1));
                }
                if !line.starts_with(' ') {
                    in_open = line.trim_end() == "open:";
                } else if in_open && line.starts_with("  - ") {
                    out.push(format!("{name}:{}", i + 1));
                }
            }
        }
    }
    out
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mijn-tekst.md"), "niet weggooien").unwrap();
    let o = ketenwijzer(&["init"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("niet leeg"), "{}", stderr(&o));
    assert!(stderr(&o).contains("hint:"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mijn-tekst.md")).unwrap(),
        "niet weggooien"
    );
    assert!(!dir.path().join("site.yaml").exists());
}

#[test]
fn theme_export_writes_the_embedded_theme_and_a_site_keeps_building_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture("other-region"), &root);
    let theme = root.join("themes/default");
    let o = ketenwijzer(&["theme", "export"], &theme);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(theme.join("templates/base.html").is_file());
    assert!(theme.join("static/css/site.css").is_file());
    // The exported theme is the embedded one: the output does not change.
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(build(&fixture("other-region"), &a).status.success());
    assert!(build(&root, &b).status.success());
    assert_eq!(snapshot(&a), snapshot(&b));
    // A second export never overwrites.
    let again = ketenwijzer(&["theme", "export"], &theme);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn help_names_no_region() {
    let o = bin().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout).to_lowercase();
    for w in WEST_FRIESLAND {
        assert!(!text.contains(w), "--help names {w}");
    }
}

#[test]
fn new_page_of_every_kind_passes_check_on_another_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture("other-region"), &root);
    for kind in ["pagina", "hoofdstuk", "signalenlijst", "route"] {
        let o = bin()
            .args(["new", "page", "--root"])
            .arg(&root)
            .arg(root.join(format!("content/nieuw/{kind}-voorbeeld.md")))
            .args(["--soort", kind])
            .output()
            .unwrap();
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
    }
    let o = bin()
        .args(["new", "page", "--root"])
        .arg(&root)
        .arg("content/nieuw/_index.md")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let index = std::fs::read_to_string(root.join("content/nieuw/_index.md")).unwrap();
    assert!(index.contains("title: Nieuw\n"), "{index}");
    let out = dir.path().join("public");
    let o = build(&root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("waarschuwing"),
        "a new page gives a warning: {}",
        stderr(&o)
    );
    let list = read(&out, "nieuw/signalenlijst-voorbeeld/index.html");
    assert!(list.contains("data-checklist"), "no checklist");
    assert!(list.contains("data-checklist-advice"));
    let route = read(&out, "nieuw/route-voorbeeld/index.html");
    assert!(route.contains("<figure class=\"flowchart"), "no flowchart");
    assert!(route.contains("data-flowchart-steps"));
    let plain = read(&out, "nieuw/pagina-voorbeeld/index.html");
    assert!(!plain.contains("partner:ID"), "the example link is shown");
}

#[test]
fn new_partner_gemeente_follows_the_sites_region_and_goals() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture("other-region"), &root);
    let new = || {
        bin()
            .args(["new", "partner", "lindenhoek", "--gemeente", "--root"])
            .arg(&root)
            .output()
            .unwrap()
    };
    let o = new();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(root.join("partners/lindenhoek.yaml")).unwrap();
    assert!(
        text.contains("kind: gemeente") && text.contains("van Lindeland."),
        "{text}"
    );
    for goal in ["signaleren", "functionaris", "regelgeving"] {
        assert!(
            text.contains(&format!("  {goal}: {{ status: onbekend }}")),
            "{text}"
        );
    }
    let check = ketenwijzer(&["check", "--root"], &root);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("partners/lindenhoek.yaml:"),
        "its open points are listed"
    );
    assert_eq!(
        new().status.code(),
        Some(1),
        "a second run must not overwrite"
    );
}

/// The starter's national partners carry the same national facts as the bundled site's
/// records: when a name or number changes there, this fails until starter/ follows.
#[test]
fn starter_national_partners_match_the_bundled_records() {
    use ketenwijzer::content::partner::{parse, Kind};
    let repo = common::repo();
    let mut compared = 0;
    for entry in std::fs::read_dir(repo.join("starter/partners")).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let bundled = repo.join("partners").join(format!("{id}.yaml"));
        if id.starts_with('_') || !bundled.exists() {
            continue;
        }
        let read = |p: &Path| parse(&std::fs::read_to_string(p).unwrap(), p, &id).unwrap();
        let (s, b) = (read(&path), read(&bundled));
        if b.record.kind != Kind::Landelijk {
            continue;
        }
        compared += 1;
        let (sc, bc) = (&s.record.contact, &b.record.contact);
        assert_eq!(s.record.name, b.record.name, "{id}: name");
        assert_eq!(sc.phone, bc.phone, "{id}: phone");
        assert_eq!(sc.phone_extra, bc.phone_extra, "{id}: phone_extra");
        // A contact detail the starter gives must be the bundled one (it may give fewer).
        if sc.email.is_some() {
            assert_eq!(sc.email, bc.email, "{id}: email");
        }
        if let Some(w) = &sc.website {
            assert_eq!(
                Some(&w.value),
                bc.website.as_ref().map(|b| &b.value),
                "{id}: website"
            );
        }
    }
    assert!(compared >= 10, "only {compared} national records compared");
}

#[test]
fn an_init_site_in_git_shows_nothing_the_build_made() {
    // The built site and the build's cache beside it (.public.ketenwijzer-cache) are made, not
    // written: git must not offer them for a commit.
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("git not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("regio");
    let o = bin()
        .args(["init"])
        .arg(&site)
        .args(["--regio", "Proefregio", "--gemeenten", "alfa,beta"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(&site)
            .output()
            .expect("run git")
    };
    assert!(git(&["init", "-q"]).status.success());
    let o = bin()
        .args(["build", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(site.join("public"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join(".public.ketenwijzer-cache").exists());
    let status =
        String::from_utf8(git(&["status", "--porcelain", "--untracked-files=all"]).stdout).unwrap();
    assert!(status.contains("site.yaml"), "{status}");
    assert!(status.contains(".gitignore"), "{status}");
    assert!(!status.contains("public"), "{status}");
    assert!(!status.contains("ketenwijzer-cache"), "{status}");
}
