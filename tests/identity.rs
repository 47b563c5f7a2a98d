//! A region's own look from site.yaml: logo, colours (checked for contrast), an extra
//! stylesheet and the language of every page.

mod common;

use common::{bin, build, fixture, snapshot, stderr};
use std::path::Path;

fn site_with(extra_yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for (rel, bytes) in snapshot(&fixture("other-region")) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let yaml = root.join("site.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str(extra_yaml);
    std::fs::write(&yaml, text).unwrap();
    std::fs::write(
        root.join("content/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/eigen.css"),
        ".site-title { letter-spacing: 0.02em; }\n",
    )
    .unwrap();
    dir
}

const IDENTITY: &str = "logo: { src: logo.svg, alt: \"Logo van Lindeland\" }\ncolors:\n  accent: \"#8a1538\"\n  accent_dark: \"#5c0e25\"\nstylesheet: eigen.css\nlanguage: fy\n";

#[test]
fn logo_colours_stylesheet_and_language_are_on_every_page() {
    let dir = site_with(IDENTITY);
    let out = dir.path().join("public");
    let o = build(&dir.path().join("site"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    for (rel, bytes) in snapshot(&out) {
        if rel.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&bytes);
        // The 404 page is served at any depth: its links start from the site's base path.
        let root = if rel == Path::new("404.html") {
            "/lindeland/".to_string()
        } else {
            "../".repeat(rel.components().count() - 1)
        };
        let at = rel.display();
        assert!(html.contains("<html lang=\"fy\""), "{at}: lang");
        assert!(
            html.contains(&format!(
                "<img class=\"site-logo\" src=\"{root}logo.svg\" alt=\"Logo van Lindeland\">"
            )),
            "{at}: logo"
        );
        assert!(
            html.contains("--accent:#8a1538;--accent-dark:#5c0e25;"),
            "{at}: colours"
        );
        let theme_css = html
            .find("css&#x2F;search.css")
            .or_else(|| html.find("css/search.css"));
        let own_css = html.find("eigen.css\">");
        assert!(
            matches!((theme_css, own_css), (Some(t), Some(o)) if o > t),
            "{at}: eigen.css not linked after the theme's"
        );
    }
    assert!(pages > 10);
    assert!(out.join("logo.svg").is_file() && out.join("eigen.css").is_file());
}

#[test]
fn a_site_without_identity_keys_gets_exactly_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(&fixture("other-region"), &out).status.success());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("<style>") && !home.contains("site-logo"));
    assert!(home.contains("<html lang=\"nl\""));
}

/// Lines of the fixture's site.yaml: what `site_with` adds starts on the line after.
fn fixture_lines() -> usize {
    std::fs::read_to_string(fixture("other-region").join("site.yaml"))
        .unwrap()
        .lines()
        .count()
}

fn check(root: &Path) -> (Option<i32>, String) {
    let o = bin().arg("check").arg("--root").arg(root).output().unwrap();
    (o.status.code(), stderr(&o))
}

#[test]
fn a_low_contrast_colour_is_refused_with_its_line_in_site_yaml() {
    let dir = site_with("colors:\n  link: \"#8da9c4\"\n");
    let (code, err) = check(&dir.path().join("site"));
    assert_eq!(code, Some(1), "{err}");
    // `link:` is the second added line.
    let line = fixture_lines() + 2;
    assert!(
        err.contains(&format!(
            "site.yaml:{line}:9: fout: te weinig contrast voor links op de achtergrond"
        )),
        "{err}"
    );
    assert!(err.contains("WCAG AA vraagt minstens 4.5:1"), "{err}");
    assert!(
        err.contains("hint: kies voor `link` een donkerdere kleur, bijvoorbeeld"),
        "{err}"
    );
}

#[test]
fn a_missing_logo_file_and_an_empty_alt_are_errors_with_their_lines() {
    let dir = site_with("logo: { src: beeld/logo.png, alt: \"\" }\nstylesheet: ontbreekt.css\n");
    let (code, err) = check(&dir.path().join("site"));
    assert_eq!(code, Some(1), "{err}");
    let first = fixture_lines() + 1;
    assert!(err.contains(&format!("site.yaml:{first}:")), "{err}");
    assert!(err.contains("het logo heeft geen `alt`-tekst"), "{err}");
    assert!(
        err.contains(
            "`logo` noemt content/beeld/logo.png, maar dat bestand staat niet in content/"
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "site.yaml:{}:13: fout: `stylesheet` noemt content/ontbreekt.css",
            first + 1
        )),
        "{err}"
    );
}
