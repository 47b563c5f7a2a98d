//! What makes a site one region's: its name and its basisniveau goals, both from site.yaml. No
//! text of the engine names a region, a municipality or a count of them: it is built here from
//! the site's settings and its municipality records.

use crate::content::partner::{Area, Partner};
use crate::error::Diagnostic;
use crate::yaml::Spanned;
use serde::Deserialize;

/// One goal of the basisniveau: a column of the table "Stand per gemeente" and a key under
/// `basisniveau:` in every municipality record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// The key in the municipality records: `beleid`, `meldpunt`.
    pub id: String,
    /// What the reader sees: "Beleidsmatige basis".
    pub title: String,
}

/// The goals when site.yaml names none: the basisniveau bestuurlijke aanpak mensenhandel (CCV)
/// with the agreements of the Interbestuurlijk Programma, as six goals. `ketenwijzer init`
/// writes the same list into site.yaml, so a region sees and can change it.
pub fn default_goals() -> Vec<Goal> {
    [
        ("beleid", "Beleidsmatige basis"),
        ("aandachtsfunctionaris", "Aandachtsfunctionaris"),
        ("meldpunt", "(Intern) meldpunt"),
        ("kennis", "Kennis en signaleren"),
        ("ketenpartners", "Beeld van de ketenpartners"),
        ("opvang", "Zorg en opvang slachtoffers"),
    ]
    .into_iter()
    .map(|(id, title)| Goal {
        id: id.into(),
        title: title.into(),
    })
    .collect()
}

/// "Alle zeven gemeenten van de regio Zaanstreek-Waterland": the area of a record with
/// `area: all`, from the region's name and the number of municipality records.
pub fn all_municipalities(region: &str, count: usize) -> String {
    let count = match count_word(count) {
        Some(w) if count > 1 => format!("{w} "),
        _ => String::new(),
    };
    let region = region.trim();
    if region.is_empty() {
        format!("Alle {count}gemeenten van de regio")
    } else {
        format!("Alle {count}gemeenten van de regio {region}")
    }
}

fn count_word(n: usize) -> Option<&'static str> {
    const WORDS: [&str; 21] = [
        "nul",
        "één",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
        "twintig",
    ];
    WORDS.get(n).copied()
}

/// Problems in `goals:` of site.yaml, each at its line: an id twice, an id that is no word, a
/// goal without title. Read a second time with places, so the settings keep plain goals.
pub fn goal_problems(site_yaml: &str) -> Vec<Diagnostic> {
    #[derive(Deserialize)]
    struct Places {
        #[serde(default)]
        goals: Vec<Spanned<Goal>>,
    }
    match crate::yaml::parse::<Places>(site_yaml, std::path::Path::new(crate::config::FILE), 0) {
        Ok(p) => check_goals(&p.goals),
        // The settings themselves are read (and their errors reported) by config::load.
        Err(_) => Vec::new(),
    }
}

fn check_goals(goals: &[Spanned<Goal>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for spanned in goals {
        let g = &spanned.value;
        let line = spanned.referenced.line() as usize;
        let at = |message: String, hint: &str| {
            Diagnostic::error(crate::config::FILE, line, message)
                .col(spanned.referenced.column() as usize)
                .hint(hint)
        };
        if !crate::content::partner::is_valid_id(&g.id) {
            out.push(at(
                format!("ongeldige id \"{}\" in `goals`", g.id),
                "gebruik kleine letters, cijfers en streepjes, bijvoorbeeld `{ id: meldpunt, title: (Intern) meldpunt }`",
            ));
        } else if !seen.insert(g.id.as_str()) {
            out.push(at(
                format!("het doel \"{}\" staat twee keer in `goals`", g.id),
                "geef elk doel een eigen id",
            ));
        }
        if g.title.trim().is_empty() {
            out.push(at(
                format!("het doel \"{}\" heeft geen `title`", g.id),
                "schrijf wat de lezer ziet, bijvoorbeeld `title: (Intern) meldpunt`",
            ));
        }
    }
    out
}

/// Checks of one record against the region: a municipality's `basisniveau` names exactly the
/// site's goals, and a municipality's own area is itself, never `all`.
pub fn check_record(p: &Partner, goals: &[Goal]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !p.is_gemeente() {
        return out;
    }
    let r = &p.record;
    if let Area::Word(w) = &r.area.value {
        if w == "all" {
            out.push(
                Diagnostic::error(
                    &p.file,
                    r.area.referenced.line() as usize,
                    "een gemeente werkt niet in alle gemeenten: `area: all` past niet bij `kind: gemeente`",
                )
                .col(r.area.referenced.column() as usize)
                .hint(format!("schrijf `area: [{}]`", p.id)),
            );
        }
    }
    let Some(b) = &r.basisniveau else {
        return out;
    };
    let line = b.referenced.line() as usize;
    let ids = || {
        goals
            .iter()
            .map(|g| g.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for key in b.value.keys() {
        if !goals.iter().any(|g| &g.id == key) {
            out.push(
                Diagnostic::error(
                    &p.file,
                    line,
                    format!("onbekend doel \"{key}\" in basisniveau"),
                )
                .hint(format!("de doelen (`goals` in site.yaml) heten: {}", ids())),
            );
        }
    }
    for g in goals {
        if !b.value.contains_key(&g.id) {
            out.push(
                Diagnostic::error(&p.file, line, format!("basisniveau mist doel \"{}\"", g.id))
                    .hint(format!(
                        "geef elk doel uit `goals` in site.yaml een status (onbekend mag): {}",
                        ids()
                    )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_area_all_text_comes_from_the_region_and_the_count() {
        assert_eq!(
            all_municipalities("West-Friesland", 7),
            "Alle zeven gemeenten van de regio West-Friesland"
        );
        assert_eq!(
            all_municipalities("Zaanstreek-Waterland", 2),
            "Alle twee gemeenten van de regio Zaanstreek-Waterland"
        );
        assert_eq!(all_municipalities("", 1), "Alle gemeenten van de regio");
        assert_eq!(all_municipalities("X", 0), "Alle gemeenten van de regio X");
        assert_eq!(all_municipalities("X", 30), "Alle gemeenten van de regio X");
    }

    const GEMEENTE: &str = "name: A\nkind: gemeente\nroles: [bestuurlijk]\narea: [a]\nsummary: s\ndescription: d\nwhen_to_contact: w\nsource: https://x\nreviewed: 2026-11-01\nmeldpunt: m\naandachtsfunctionaris: f\nbasisniveau:\n  beleid: { status: onbekend }\n  eigen-doel: { status: onbekend }\n";

    #[test]
    fn basisniveau_follows_the_sites_goals() {
        let p =
            crate::content::partner::parse(GEMEENTE, Path::new("partners/a.yaml"), "a").unwrap();
        let mut goals = default_goals();
        let ds = check_record(&p, &goals);
        assert!(
            ds.iter().any(|d| d.message.contains("\"eigen-doel\"")),
            "{ds:?}"
        );
        assert!(ds
            .iter()
            .any(|d| d.message.contains("mist doel \"meldpunt\"")));
        goals = vec![
            Goal {
                id: "beleid".into(),
                title: "Beleid".into(),
            },
            Goal {
                id: "eigen-doel".into(),
                title: "Eigen doel".into(),
            },
        ];
        assert!(check_record(&p, &goals).is_empty());
        let all = GEMEENTE.replace("area: [a]", "area: all");
        let p = crate::content::partner::parse(&all, Path::new("partners/a.yaml"), "a").unwrap();
        let ds = check_record(&p, &goals);
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].line, 4);
        assert!(ds[0].hint.contains("area: [a]"));
    }

    #[test]
    fn goals_need_unique_ids_and_titles_at_their_lines() {
        let text = "title: T\ngoals:\n  - { id: a, title: A }\n  - { id: a, title: B }\n  - { id: B c, title: C }\n  - { id: d, title: \" \" }\n";
        let ds = goal_problems(text);
        let lines: Vec<usize> = ds.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![4, 5, 6], "{ds:?}");
        assert!(ds.iter().all(|d| !d.hint.is_empty()));
        assert!(goal_problems("title: T\n").is_empty());
    }
}
