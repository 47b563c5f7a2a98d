//! No script from content (issue #17, probe F2, F3, F7, F14, F15): heading attributes, link
//! schemes in Markdown, records and site.yaml, content files that would replace generated
//! files, NUL bytes and line breaks in vCards.

mod common;
use common::*;
use ketenwijzer::output::MemorySink;
use ketenwijzer::site::{self, Mode};
use std::path::{Path, PathBuf};

/// A copy of the good fixture in a temporary folder: (the folder, the site root).
fn good_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture("good"), &root);
    (dir, root)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn replace(root: &Path, rel: &str, old: &str, new: &str) {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    assert!(text.contains(old), "{rel} has no {old:?}");
    write(root, rel, &text.replacen(old, new, 1));
}

fn check(root: &Path) -> std::process::Output {
    bin().args(["check", "--root"]).arg(root).output().unwrap()
}

/// Problems in one HTML text: an event-handler attribute, or an href/src whose scheme could
/// run script or reach the disk. Written independently of the code under test.
fn unsafe_bits(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Text is escaped, so every `<` starts a tag.
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let lower = tag.to_ascii_lowercase();
        for (i, _) in lower.match_indices(" on") {
            let name: String = lower[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if lower[i + 1 + name.len()..].starts_with('=') {
                found.push(format!("attribute {name} in <{tag}>"));
            }
        }
    }
    for attr in ["href", "src"] {
        // The theme's empty favicon (`<link rel="icon" href="data:,">`) is no content.
        for value in attr_values(html, attr)
            .into_iter()
            .filter(|v| *v != "data:,")
        {
            let squeezed: String = value
                .replace("&#106;", "j")
                .replace("&amp;", "&")
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "data:", "vbscript:", "file:"] {
                if squeezed.starts_with(scheme) {
                    found.push(format!("{attr}=\"{value}\""));
                }
            }
        }
    }
    found
}

/// The HTML files a build handed to its sink, also when the build failed (content pages are
/// written while they are rendered, before the site's problems are known).
fn rendered_html(root: &Path) -> (bool, Vec<(String, String)>) {
    let sink = MemorySink::default();
    let ok = site::build(root, &Mode::default(), &sink).is_ok();
    let files = sink
        .into_files()
        .into_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path, String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect();
    (ok, files)
}

fn assert_no_unsafe_html(files: &[(String, String)]) {
    let problems: Vec<String> = files
        .iter()
        .flat_map(|(p, h)| unsafe_bits(h).into_iter().map(move |b| format!("{p}: {b}")))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

// X6 (F2): heading attributes. Chosen: a warning with file:line, the attribute dropped, the
// build goes on.
#[test]
fn x6_heading_attributes_keep_only_id_and_classes() {
    let (dir, root) = good_site();
    write(
        &root,
        "content/kop.md",
        "---\ntitle: Kop\n---\n## Kop {#kop-attr .evil onclick=alert(243) data-x=1}\n\nTekst.\n\n### Auto {#auto tabindex=1 autofocus onfocus=alert(1018)}\n",
    );
    replace(
        &root,
        "content/_index.md",
        "Welkom.",
        "## Start {#start autofocus onfocus=alert(1015)}\n\nWelkom.",
    );
    replace(
        &root,
        "partners/politie.yaml",
        "  De politie onderzoekt",
        "  ## Wie {#k onclick=alert(1005)}\n\n  De politie onderzoekt",
    );
    let out = dir.path().join("out");
    let o = build(&root, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for place in [
        "content/kop.md:4:1",
        "content/kop.md:8:1",
        "content/_index.md:5:1",
    ] {
        assert!(
            err.contains(&format!("{place}: waarschuwing: kopattribuut")),
            "{place} in {err}"
        );
    }
    assert!(err.contains("partners/politie.yaml:"), "{err}");
    let files: Vec<(String, String)> = snapshot(&out)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, b)| (p.display().to_string(), String::from_utf8(b).unwrap()))
        .collect();
    assert_no_unsafe_html(&files);
    let page = std::fs::read_to_string(out.join("kop/index.html")).unwrap();
    assert!(
        page.contains("<h2 id=\"kop-attr\" class=\"evil\">"),
        "{page}"
    );
    assert!(page.contains("<h3 id=\"auto\">"), "{page}");
    for tag in page
        .split('<')
        .filter(|t| t.starts_with('h') && t.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
    {
        let tag = tag.split('>').next().unwrap();
        for gone in ["autofocus", "tabindex", "data-x"] {
            assert!(!tag.contains(gone), "{gone} in <{tag}>");
        }
    }
}

/// Every refused Markdown link of the unsafe-links fixture, at its place.
const MARKDOWN_PLACES: &[&str] = &[
    "content/kwaad.md:7:1",
    "content/kwaad.md:7:28",
    "content/kwaad.md:7:55",
    "content/kwaad.md:8:1",
    "content/kwaad.md:8:33",
    "content/kwaad.md:8:63",
    "content/kwaad.md:9:9",
    "content/kwaad.md:10:1",
    "content/kwaad.md:10:65",
    "content/kwaad.md:11:1",
    "content/kwaad.md:11:25",
    "content/kwaad.md:11:53",
    // The reference definition `[r1]: javascript:…`, where it is written.
    "content/kwaad.md:13:1",
];

// X7 (F3): every spelling of a script link in a page.
#[test]
fn x7_markdown_links_with_unsafe_schemes_are_errors() {
    let root = fixture("unsafe-links");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&root, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for place in MARKDOWN_PLACES {
        assert!(
            err.contains(&format!("{place}: fout: de link")),
            "{place} in {err}"
        );
    }
    assert!(
        err.contains("hint: link naar een pagina of bestand van de site"),
        "{err}"
    );
    // Safe links are no error.
    for fine in ["https://example.org/", "mailto:a@example.org", "tel:112"] {
        assert!(!err.contains(&format!("\"{fine}\"")), "{fine} in {err}");
    }
    assert!(!out.exists(), "a failed build wrote {out:?}");
    // Even the pages rendered before the build stopped carry no script link.
    let (ok, files) = rendered_html(&root);
    assert!(!ok);
    let page = &files
        .iter()
        .find(|(p, _)| p == "kwaad/index.html")
        .unwrap()
        .1;
    assert!(page.contains("href=\"https://example.org/\""), "{page}");
    assert!(page.contains("href=\"tel:112\""), "{page}");
    assert_no_unsafe_html(&files);
}

// X8 (F3): the same in glossary definitions, checklist items and every Markdown field of a
// partner or municipality record.
#[test]
fn x8_unsafe_links_in_every_markdown_field_are_errors() {
    let root = fixture("unsafe-links");
    let o = check(&root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (payload, file) in [
        // The Markdown's own line and column, inside YAML block scalars too.
        ("javascript:alert(915)", "content/begrippen.yaml:7:9:"),
        ("javascript:alert(525)", "content/signalen/werk.md:18:19"),
        ("javascript:alert(1004)", "partners/politie.yaml:10:3:"),
        ("javascript:alert(1006)", "partners/politie.yaml:13:5:"),
        ("javascript:alert(1007)", "partners/politie.yaml:17:13:"),
        ("javascript:alert(1008)", "partners/dorp.yaml:12:3:"),
        ("javascript:alert(1009)", "partners/dorp.yaml:15:3:"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("\"{payload}\"")))
            .unwrap_or_else(|| panic!("no error for {payload} in {err}"));
        assert!(
            line.starts_with(file) && line.contains(": fout: "),
            "{line}"
        );
    }
    assert!(err.contains("20 fouten"), "{err}");
}

// X9 (F3): partner `contact.website` and `source` take only web addresses.
#[test]
fn x9_partner_website_and_source_must_be_web_addresses() {
    let (dir, root) = good_site();
    replace(
        &root,
        "partners/politie.yaml",
        "  phone_label: Spoed\n",
        "  phone_label: Spoed\n  website: \"javascript:alert(1001)\"\n",
    );
    replace(
        &root,
        "partners/politie.yaml",
        "source: https://www.politie.nl/",
        "source:\n  - https://www.politie.nl/\n  - \"javascript:alert(701)\"",
    );
    replace(
        &root,
        "partners/dorp.yaml",
        "source: [https://example.org/dorp]",
        "source: \"data:text/html,x\"",
    );
    let out = dir.path().join("out");
    let o = build(&root, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for place in [
        "partners/politie.yaml:15:12: fout: `website`",
        "partners/politie.yaml:18:5: fout: `source`",
        "partners/dorp.yaml:21:9: fout: `source`",
    ] {
        assert!(err.contains(place), "{place} in {err}");
    }
    assert!(err.contains("hint: kopieer het adres"), "{err}");
    assert!(!out.exists());
    let (ok, files) = rendered_html(&root);
    assert!(!ok);
    assert_no_unsafe_html(&files);
}

// X10 (F3): site.yaml `menu`, `doors`, `footer_links` and `base_url`.
#[test]
fn x10_site_yaml_links_and_base_url_are_checked() {
    let (dir, root) = good_site();
    replace(
        &root,
        "site.yaml",
        "base_url: https://example.org/test/",
        "base_url: \"javascript:alert(77)//\"",
    );
    replace(
        &root,
        "site.yaml",
        "  - { title: Begrippen, link: begrippen/ }",
        "  - { title: Begrippen, link: begrippen/ }\n  - { title: Kwaad, link: \"javascript:alert(1010)\" }",
    );
    replace(
        &root,
        "site.yaml",
        "link: routes/melden.md }",
        "link: routes/melden.md }\n  - { title: Deur, text: x, link: \"&#106;avascript:alert(1011)\" }",
    );
    replace(
        &root,
        "site.yaml",
        "  - { title: Zoeken, link: zoeken/ }",
        "  - { title: Zoeken, link: zoeken/ }\n  - { title: Voet, link: \"vbscript:x\" }\n  - { title: Mail, link: \"mailto:a@example.org\" }",
    );
    let out = dir.path().join("out");
    let o = build(&root, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for place in [
        "site.yaml:3:11: fout: `base_url`",
        "site.yaml:11:27: fout: de link \"javascript:alert(1010)\" in `menu`",
        "site.yaml:14:35: fout: de link \"&#106;avascript:alert(1011)\" in `doors`",
        "site.yaml:17:26: fout: de link \"vbscript:x\" in `footer_links`",
    ] {
        assert!(err.contains(place), "{place} in {err}");
    }
    assert!(err.contains("4 fouten"), "{err}");
    assert!(!out.exists());
}

// The addresses site.yaml does allow keep working: an `https:` menu item and a `mailto:`
// footer link come out as they are, not as a folder of the site.
#[test]
fn site_yaml_web_and_mail_links_come_out_as_they_are() {
    let (dir, root) = good_site();
    replace(
        &root,
        "site.yaml",
        "  - { title: Begrippen, link: begrippen/ }",
        "  - { title: Begrippen, link: begrippen/ }\n  - { title: Rijk, link: \"https://www.rijksoverheid.nl/\" }",
    );
    replace(
        &root,
        "site.yaml",
        "  - { title: Zoeken, link: zoeken/ }",
        "  - { title: Zoeken, link: zoeken/ }\n  - { title: Mail, link: \"mailto:a@example.org\" }",
    );
    let out = dir.path().join("out");
    let o = build(&root, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("begrippen/index.html")).unwrap();
    assert!(
        html.contains("href=\"https://www.rijksoverheid.nl/\""),
        "{html}"
    );
    assert!(html.contains("href=\"mailto:a@example.org\""), "{html}");
    assert!(!html.contains("/https:") && !html.contains("example.org/index.html"));
}

/// Each content file that would take the place of a generated file (probe B71, B73–B78), with
/// what the message must name besides the file itself.
const COLLISIONS: &[(&str, &str, &str)] = &[
    // B71 (F6): a page on a role page of the partner directory.
    (
        "content/partners/rol/melden.md",
        "---\ntitle: Rol\n---\nx\n",
        "de lijst van ketenpartners met de rol melden",
    ),
    ("content/sitemap.xml", "<urlset/>\n", "de sitemap"),
    ("content/404.html", "<p>weg</p>\n", "de foutpagina (404)"),
    (
        "content/routes/index.html",
        "<script>alert(1)</script>\n",
        "de overzichtspagina van content/routes/",
    ),
    (
        "content/css/site.css",
        "body{}\n",
        "themes/default/static/css/site.css",
    ),
    (
        "content/partners/politie.md",
        "---\ntitle: Nep\n---\nx\n",
        "partners/politie.yaml",
    ),
    (
        "content/gemeenten/dorp.md",
        "---\ntitle: Nep\n---\nx\n",
        "partners/dorp.yaml",
    ),
    ("content/robots.txt", "User-agent: *\n", "robots.txt"),
    // Compared without case: on Windows and macOS this file would be the sitemap.
    ("content/Sitemap.XML", "<urlset/>\n", "de sitemap"),
    (
        "content/partners/politie/politie.vcf",
        "BEGIN:VCARD\n",
        "het visitekaartje (vCard) van partners/politie.yaml",
    ),
    ("content/zoeken/index-0.js", "x\n", "de zoekindex"),
];

// F7, B71, B73–B78: a content file never replaces a generated file; the old output stays.
#[test]
fn content_files_on_generated_paths_are_errors() {
    for (file, text, other) in COLLISIONS {
        let (dir, root) = good_site();
        let out = dir.path().join("out");
        let o = build(&root, &out);
        assert!(o.status.success(), "{}", stderr(&o));
        let before = snapshot(&out);
        write(&root, file, text);
        let o = build(&root, &out);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        let line = err
            .lines()
            .find(|l| l.starts_with(file) && l.contains(": fout: "))
            .unwrap_or_else(|| panic!("{file} not named in {err}"));
        assert!(line.contains(other), "{other} not in {line}");
        assert!(err.contains("hint: "), "{err}");
        assert!(snapshot(&out) == before, "{file}: the old output changed");
        let c = check(&root);
        assert_eq!(
            c.status.code(),
            Some(1),
            "check with {file}: {}",
            stderr(&c)
        );
    }
}

// A file of the site's own theme cannot take a generated path either.
#[test]
fn theme_files_on_generated_paths_are_errors() {
    let (_dir, root) = good_site();
    write(&root, "themes/default/static/robots.txt", "User-agent: *\n");
    let o = check(&root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "themes/default/static/robots.txt: fout: dit themabestand komt op /robots.txt"
        ),
        "{err}"
    );
}

// The collisions fixture holds them all at once: one run names every one.
#[test]
fn collisions_fixture_reports_every_collision() {
    let o = check(&fixture("collisions"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // `Sitemap.XML` is left out of the fixture: beside sitemap.xml it cannot be checked out on
    // Windows or macOS.
    for (file, _, other) in COLLISIONS.iter().filter(|c| c.0 != "content/Sitemap.XML") {
        assert!(
            err.lines()
                .any(|l| l.starts_with(file) && l.contains(other)),
            "{file} / {other} in {err}"
        );
    }
}

// The set of generated paths the collision check uses covers every file a build writes that
// is not a content page or a copied content file, so a new generated file cannot be missed.
#[test]
fn every_generated_file_is_known_before_rendering() {
    let sink = MemorySink::default();
    let root = fixture("good");
    site::build(&root, &Mode::default(), &sink).unwrap_or_else(|_| panic!("good builds"));
    let loaded = site::load(&root, &Mode::default()).unwrap_or_else(|_| panic!("loads"));
    let known = ketenwijzer::check::safety::generated_files(&loaded.sources, Some(&loaded.theme));
    let content: Vec<String> = loaded
        .sources
        .pages
        .iter()
        .map(|p| format!("{}index.html", p.url))
        .collect();
    let mut unknown = Vec::new();
    for f in sink.into_files() {
        let search = f
            .path
            .strip_prefix("zoeken/")
            .is_some_and(|n| !n.contains('/'));
        let asset = loaded.sources.assets.iter().any(|(_, rel)| {
            rel.to_string_lossy()
                .ends_with(f.path.rsplit('/').next().unwrap())
        });
        if !known.contains_key(&f.path) && !search && !content.contains(&f.path) && !asset {
            unknown.push(f.path);
        }
    }
    assert!(
        unknown.is_empty(),
        "not in ketenwijzer::check::safety::generated_files: {unknown:?}"
    );
}

// F14: a NUL byte in Markdown or in a YAML string becomes U+FFFD.
#[test]
fn nul_bytes_become_replacement_characters() {
    let (dir, root) = good_site();
    write(
        &root,
        "content/nul.md",
        "---\ntitle: \"Nul\\0titel\"\n---\nVoor\0na.\n\n## Kop\0x\n",
    );
    let out = dir.path().join("out");
    let o = build(&root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    for (path, bytes) in snapshot(&out) {
        let is_text = path
            .extension()
            .is_some_and(|e| e == "html" || e == "xml" || e == "js" || e == "vcf");
        assert!(!(is_text && bytes.contains(&0)), "NUL in {path:?}");
    }
    let page = std::fs::read_to_string(out.join("nul/index.html")).unwrap();
    assert!(page.contains("Voor\u{FFFD}na."), "{page}");
    assert!(page.contains("Kop\u{FFFD}x"), "{page}");
    assert!(page.contains("Nul\u{FFFD}titel"), "{page}");
}

// F15: no vCard value can start a line of its own: CR is escaped as well as LF.
#[test]
fn vcard_values_escape_cr_as_well_as_lf() {
    let (dir, root) = good_site();
    replace(
        &root,
        "partners/politie.yaml",
        "name: Politie",
        "name: \"X\\r\\nTEL:+31-666\\rEMAIL:a@b\\nNOTE:c\"",
    );
    replace(
        &root,
        "partners/politie.yaml",
        "  phone_label: Spoed",
        "  phone_label: Spoed\n  address: \"Straat 1\\rURL:https://kwaad.example\"",
    );
    let out = dir.path().join("out");
    let o = build(&root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let card = std::fs::read_to_string(out.join("partners/politie/politie.vcf")).unwrap();
    let lines: Vec<&str> = card.trim_end_matches("\r\n").split("\r\n").collect();
    for l in &lines {
        assert!(
            !l.contains('\r') && !l.contains('\n'),
            "raw line break in {l:?}"
        );
    }
    let names: Vec<&str> = lines
        .iter()
        .map(|l| l.split([':', ';']).next().unwrap())
        .collect();
    assert_eq!(
        names,
        ["BEGIN", "VERSION", "FN", "ORG", "TEL", "ADR", "NOTE", "REV", "END"],
        "{card}"
    );
    assert!(
        card.contains("FN:X\\nTEL:+31-666\\nEMAIL:a@b\\nNOTE:c\r\n"),
        "{card}"
    );
}
