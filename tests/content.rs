//! The bundled site is the plan itself: its pages, sizes, the plan's own words, and that every
//! phone number on it is one the fact sheets mark as found.

mod common;
use common::*;
use std::path::Path;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&repo(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, out)
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|_| panic!("missing {page}"))
}

/// Text of an HTML fragment: tags removed, entities for quotes decoded, whitespace collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn main_content(html: &str) -> &str {
    let start = html.find("<div class=\"content\">").expect("content div");
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn every_contract_url_exists() {
    let (_d, out) = built();
    for page in [
        "index.html",
        "beleidsplan/index.html",
        "beleidsplan/inleiding/index.html",
        "beleidsplan/verschijningsvormen/index.html",
        "beleidsplan/verantwoordelijkheid/index.html",
        "beleidsplan/signalering/index.html",
        "beleidsplan/samenwerking/index.html",
        "beleidsplan/opvang-en-nazorg/index.html",
        "beleidsplan/evaluatie/index.html",
        "beleidsplan/volledig/index.html",
        "signalen/index.html",
        "routes/index.html",
        "routes/signaal-melden/index.html",
        "partners/index.html",
        "gemeenten/index.html",
        "begrippen/index.html",
        "zoeken/index.html",
        "toegankelijkheid/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    for g in [
        "drechterland",
        "enkhuizen",
        "hoorn",
        "koggenland",
        "medemblik",
        "opmeer",
        "stede-broec",
    ] {
        assert!(
            out.join(format!("gemeenten/{g}/index.html")).is_file(),
            "gemeente {g}"
        );
    }
    let count = |dir: &str| {
        std::fs::read_dir(out.join(dir))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
            .count()
    };
    assert!(
        count("partners") > 18,
        "at least 18 partner pages (minus rol/)"
    );
    assert!(count("signalen") >= 6, "at least 6 checklists");
    assert!(count("routes") >= 5, "at least 5 routes");
    let home = read(&out, "index.html");
    assert!(
        home.contains("Ik zie een signaal") && home.contains("routes/signaal-melden/index.html")
    );
}

#[test]
fn chapters_have_substance() {
    let (_d, out) = built();
    for slug in [
        "inleiding",
        "verschijningsvormen",
        "verantwoordelijkheid",
        "signalering",
        "samenwerking",
        "opvang-en-nazorg",
        "evaluatie",
    ] {
        let html = read(&out, &format!("beleidsplan/{slug}/index.html"));
        let words = text(main_content(&html)).split(' ').count();
        assert!(words >= 600, "{slug}: {words} words");
    }
}

#[test]
fn ambition_and_goals_in_the_plans_own_words() {
    let (_d, out) = built();
    let page = text(&read(&out, "beleidsplan/inleiding/index.html"));
    let seed = [
        "“De Westfriese gemeenten voldoen aan het basisniveau bestuurlijke aanpak mensenhandel en streven naar het voorkomen, bestrijden en het beschermen van de slachtoffers van mensenhandel”",
        "De gemeenten hebben een beleidsmatige basis voor de aanpak van mensenhandel;",
        "De gemeenten hebben allen een aandachtsfunctionaris aangesteld welke als aanspreekpunt fungeert voor de aanpak van mensenhandel;",
        "De gemeenten hebben een (intern) meldpunt waar de signalen van mensenhandel gemeld kunnen worden;",
        "De gemeenten investeren organisatiebreed in het vergroten van kennis en het signaleren van mensenhandel;",
        "De gemeenten hebben een duidelijk beeld welke partijen een rol spelen bij de aanpak van mensenhandel;",
        "De gemeenten nemen allen haar verantwoordelijkheid voor de zorg en opvang van de slachtoffers van mensenhandel.",
    ];
    for s in seed {
        assert!(page.contains(s), "not word for word: {s}");
    }
}

#[test]
fn glossary_has_thirty_terms() {
    let (_d, out) = built();
    let g = read(&out, "begrippen/index.html");
    assert!(g.matches("<dt id=").count() >= 30);
    for alias in ["pooierboy", "KMar", "Inspectie SZW", "B8"] {
        assert!(g.contains(alias), "{alias}");
    }
}

/// Numbers the fact sheets mark ✅ (shared/research/domain-facts.md and contact-facts.md).
const VERIFIED: &[&str] = &[
    "112",
    "0900-8844",
    "0800-1814",
    "+31 88 958 18 14",
    "0800-5151",
    "+31 70 333 44 44",
    "033-448 11 86",
    "0800-2000",
    "0900-0101",
    "0800-7000",
    "0226-363 333",
    // Not in a fact sheet: shown on the official page centrumseksueelgeweld.nl/category/in-de-media/
    // (source of partners/centrum-seksueel-geweld.yaml).
    "0800-0188",
];

#[test]
fn every_phone_number_is_verified() {
    let (_d, out) = built();
    for (rel, bytes) in snapshot(&out) {
        let name = rel.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".vcf")) {
            continue;
        }
        let t = text(&String::from_utf8_lossy(&bytes));
        let chars: Vec<char> = t.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let starts = chars[i] == '+'
                || (chars[i] == '0'
                    && (i == 0
                        || !(chars[i - 1].is_ascii_digit()
                            || chars[i - 1] == '.'
                            || chars[i - 1] == ',')));
            if starts {
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].is_ascii_digit()
                        || ((chars[j] == ' ' || chars[j] == '-')
                            && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
                {
                    j += 1;
                }
                let number: String = chars[i..j].iter().collect();
                let digits = number.chars().filter(char::is_ascii_digit).count();
                if digits >= 9 {
                    assert!(
                        VERIFIED.contains(&number.as_str()),
                        "{name}: unverified phone number {number}"
                    );
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
}
