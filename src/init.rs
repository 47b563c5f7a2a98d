//! `ketenwijzer init DIR [--regio NAAM] [--gemeenten a,b,c]`: a neutral starter site for any
//! region. The files live in `starter/` of the repository and are embedded in the binary (see
//! build.rs); `{{name}}` placeholders in them are filled here. What the region must still settle
//! is written as open points (`> [!OPEN]` in pages, `open:` in records), so `check --strict`
//! lists exactly what is left to fill in.

use crate::error::Diagnostic;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/starter.rs"));
}

/// The starter file that becomes one record per municipality; it is not written itself.
const GEMEENTE_TEMPLATE: &str = "partners/_gemeente.yaml";

/// The goals init writes into each municipality record, in the order of `goals:` in the
/// starter's site.yaml.
pub const STARTER_GOAL_IDS: &[&str] = &[
    "beleid",
    "aandachtsfunctionaris",
    "meldpunt",
    "kennis",
    "ketenpartners",
    "opvang",
];

/// A municipality named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gemeente {
    /// Record id (file name): lower case, `a-z0-9-`.
    pub id: String,
    /// Name as shown on the site.
    pub name: String,
}

/// What `init` was asked for, checked.
#[derive(Debug, Clone)]
pub struct Request {
    /// The region's name (`--regio`).
    pub region: String,
    /// The municipalities (`--gemeenten`), each becoming a record.
    pub gemeenten: Vec<Gemeente>,
}

impl Request {
    /// From the command line: `--regio` (default "Mijn regio") and `--gemeenten` (comma
    /// separated; default one example municipality).
    pub fn new(region: Option<&str>, gemeenten: Option<&str>) -> Result<Request, Diagnostic> {
        let region = region.map(str::trim).unwrap_or("Mijn regio").to_string();
        check_name("--regio", &region)?;
        let mut list: Vec<Gemeente> = Vec::new();
        for raw in gemeenten.unwrap_or("Voorbeeldgemeente").split(',') {
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            check_name("--gemeenten", raw)?;
            let id = crate::slug::slugify(raw);
            if id.is_empty() {
                return Err(usage(
                    format!("\"{raw}\" in --gemeenten geeft geen bruikbare id"),
                    "schrijf de naam van de gemeente met letters, bijvoorbeeld --gemeenten \"Zaanstad,Purmerend\"",
                ));
            }
            if list.iter().any(|g| g.id == id) {
                return Err(usage(
                    format!("de gemeente \"{raw}\" staat twee keer in --gemeenten"),
                    "noem elke gemeente één keer",
                ));
            }
            list.push(Gemeente {
                id,
                name: display_name(raw),
            });
        }
        if list.is_empty() {
            return Err(usage(
                "--gemeenten noemt geen gemeente",
                "noem de gemeenten met komma's ertussen, bijvoorbeeld --gemeenten \"Zaanstad,Purmerend\"",
            ));
        }
        Ok(Request {
            region,
            gemeenten: list,
        })
    }
}

fn usage(message: impl Into<String>, hint: &str) -> Diagnostic {
    Diagnostic::error("ketenwijzer init", 0, message).hint(hint)
}

/// A name goes into YAML strings and Markdown: no quotes, backslashes or control characters.
fn check_name(option: &str, name: &str) -> Result<(), Diagnostic> {
    if name.is_empty() {
        return Err(usage(
            format!("{option} is leeg"),
            "geef een naam, bijvoorbeeld --regio \"Zaanstreek-Waterland\"",
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || matches!(c, '"' | '\\' | '{' | '}' | '[' | ']' | '#'))
    {
        return Err(usage(
            format!("{option} \"{name}\" bevat het teken {c:?}, en dat kan niet in een naam"),
            "laat aanhalingstekens, haakjes, # en \\ weg uit de naam",
        ));
    }
    Ok(())
}

/// "zaanstad" → "Zaanstad", "edam-volendam" → "Edam-Volendam"; a name with capitals stays as
/// written ("'s-Hertogenbosch", "De Ronde Venen").
fn display_name(raw: &str) -> String {
    if raw.chars().any(char::is_uppercase) {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut start = true;
    for c in raw.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == ' ' || c == '-';
    }
    out
}

/// "A", "A en B", "A, B en C".
fn dutch_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

/// The text of `{{name}}` placeholders shared by every starter file.
fn fill_common(text: &str, req: &Request, today: &str) -> String {
    let names: Vec<String> = req.gemeenten.iter().map(|g| g.name.clone()).collect();
    let links: Vec<String> = req
        .gemeenten
        .iter()
        .map(|g| format!("[{}](partner:{})", g.name, g.id))
        .collect();
    text.replace("{{regio}}", &req.region)
        .replace("{{gemeenten}}", &dutch_list(&names))
        .replace("{{gemeenten_links}}", &dutch_list(&links))
        .replace("{{vandaag}}", today)
}

/// The record of municipality `g` of `region`, with a status `onbekend` on each of `goal_ids`.
pub fn gemeente_record(region: &str, g: &Gemeente, goal_ids: &[&str]) -> String {
    let template = embedded::EMBEDDED
        .iter()
        .find(|(rel, _)| *rel == GEMEENTE_TEMPLATE)
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let basisniveau: String = goal_ids
        .iter()
        .map(|id| format!("  {id}: {{ status: onbekend }}\n"))
        .collect::<String>()
        .trim_end()
        .to_string();
    let region = if region.trim().is_empty() {
        "de regio"
    } else {
        region.trim()
    };
    template
        .replace("{{basisniveau}}", &basisniveau)
        .replace("{{gemeente_id}}", &g.id)
        .replace("{{gemeente}}", &g.name)
        .replace("{{regio}}", region)
}

/// Every file of the starter site for `req`, as (path relative to the site, text).
pub fn files(req: &Request, today: &str) -> Vec<(String, String)> {
    // The built site and what `build` remembers beside it are made, not written: a region that
    // keeps its site in git should not commit them (build.rs embeds no dotfiles, so it is here).
    let mut out = vec![(
        ".gitignore".to_string(),
        "# Gemaakt door `ketenwijzer build`: de site en wat de bouw ernaast onthoudt.\n/public/\n.*.ketenwijzer-cache\n"
            .to_string(),
    )];
    for (rel, bytes) in embedded::EMBEDDED {
        if *rel == GEMEENTE_TEMPLATE {
            for g in &req.gemeenten {
                out.push((
                    format!("partners/{}.yaml", g.id),
                    gemeente_record(&req.region, g, STARTER_GOAL_IDS),
                ));
            }
        } else {
            let text = String::from_utf8_lossy(bytes);
            out.push((rel.to_string(), fill_common(&text, req, today)));
        }
    }
    out
}

/// `new partner ID --gemeente`: a municipality record with the site's region and goals, in
/// `root/partners/ID.yaml`. Never overwrites.
pub fn new_gemeente(root: &Path, id: &str) -> Result<PathBuf, String> {
    if !crate::content::partner::is_valid_id(id) {
        return Err(format!(
            "ongeldige id \"{id}\": gebruik kleine letters, cijfers en streepjes\n  hint: de id wordt de bestandsnaam partners/ID.yaml, bijvoorbeeld `ketenwijzer new partner edam-volendam --gemeente`"
        ));
    }
    // Broken settings are reported by `check`; the record then gets the default goals.
    let config = crate::config::load(root).ok().flatten();
    let goals = config
        .as_ref()
        .map_or_else(crate::config::region::default_goals, |c| c.goals.clone());
    let goal_ids: Vec<&str> = goals.iter().map(|g| g.id.as_str()).collect();
    let region = config.as_ref().map_or("", |c| c.region.as_str());
    let g = Gemeente {
        id: id.to_string(),
        name: display_name(id),
    };
    let path = root.join("partners").join(format!("{id}.yaml"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("kan map {} niet maken: {e}", parent.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} bestaat al; ketenwijzer overschrijft nooit een bestand",
                path.display()
            ),
            _ => format!("kan {} niet maken: {e}", path.display()),
        })?;
    std::io::Write::write_all(&mut f, gemeente_record(region, &g, &goal_ids).as_bytes())
        .map_err(|e| format!("kan {} niet schrijven: {e}", path.display()))?;
    Ok(path)
}

/// Write the starter site into `dir` (made if missing). Refuses a folder that holds anything,
/// so no one's work is ever overwritten. Returns the files written.
pub fn init(dir: &Path, req: &Request) -> Result<Vec<PathBuf>, Diagnostic> {
    let today = crate::content::partner::Date::today().iso();
    write_all(dir, &files(req, &today))
}

/// Write `files` into the empty (or missing) folder `dir`.
pub fn write_all(
    dir: &Path,
    files: &[(String, impl AsRef<[u8]>)],
) -> Result<Vec<PathBuf>, Diagnostic> {
    refuse_non_empty(dir)?;
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(parent, 0, format!("kan de map niet maken: {e}"))
                    .hint("kies een map waarin je mag schrijven")
            })?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            Diagnostic::error(&path, 0, format!("kan het bestand niet schrijven: {e}"))
                .hint("kies een map waarin je mag schrijven")
        })?;
        written.push(path);
    }
    Ok(written)
}

/// An error when `dir` exists and is not an empty folder.
pub fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostic> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => Err(Diagnostic::error(dir, 0, "dit is geen map")
            .hint("geef de naam van een nieuwe of lege map")),
        Ok(_) => {
            let has_entries = std::fs::read_dir(dir)
                .map_err(|e| {
                    Diagnostic::error(dir, 0, format!("kan de map niet lezen: {e}"))
                        .hint("kies een map waarin je mag schrijven")
                })?
                .next()
                .is_some();
            if has_entries {
                Err(Diagnostic::error(
                    dir,
                    0,
                    "de map is niet leeg; ketenwijzer schrijft alleen in een nieuwe of lege map",
                )
                .hint("geef de naam van een nieuwe map, bijvoorbeeld `ketenwijzer init mijn-site`"))
            } else {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ids_and_display_names() {
        let r = Request::new(
            Some("Zaanstreek-Waterland"),
            Some("zaanstad, Purmerend,edam-volendam,"),
        )
        .unwrap();
        let got: Vec<(&str, &str)> = r
            .gemeenten
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("zaanstad", "Zaanstad"),
                ("purmerend", "Purmerend"),
                ("edam-volendam", "Edam-Volendam")
            ]
        );
        assert_eq!(display_name("'s-Hertogenbosch"), "'s-Hertogenbosch");
        assert_eq!(
            dutch_list(&["A".into(), "B".into(), "C".into()]),
            "A, B en C"
        );
    }

    #[test]
    fn bad_names_are_refused_with_a_hint() {
        for (regio, gemeenten) in [
            (Some("Zaan\"streek"), None),
            (Some(""), None),
            (None, Some("a,A")),
            (None, Some(",,")),
            (None, Some("???")),
        ] {
            let d = Request::new(regio, gemeenten).unwrap_err();
            assert!(d.is_error() && !d.hint.is_empty(), "{d:?}");
        }
    }

    #[test]
    fn every_placeholder_is_filled() {
        let r = Request::new(Some("Testregio"), Some("Aadorp,Beedorp")).unwrap();
        let files = files(&r, "2026-12-01");
        for (rel, text) in &files {
            assert!(!text.contains("{{"), "{rel} keeps a placeholder");
        }
        let names: Vec<&str> = files.iter().map(|(r, _)| r.as_str()).collect();
        assert!(names.contains(&"partners/aadorp.yaml"), "{names:?}");
        assert!(names.contains(&"partners/beedorp.yaml"));
        assert!(!names.contains(&GEMEENTE_TEMPLATE));
    }

    #[test]
    fn a_non_empty_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notities.txt"), "van mij").unwrap();
        let r = Request::new(None, None).unwrap();
        let d = init(dir.path(), &r).unwrap_err();
        assert!(d.message.contains("niet leeg"), "{d:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notities.txt")).unwrap(),
            "van mij"
        );
        assert!(!dir.path().join("site.yaml").exists());
        // A new folder, and an empty one, are fine.
        assert!(init(&dir.path().join("nieuw"), &r).is_ok());
        std::fs::create_dir(dir.path().join("leeg")).unwrap();
        assert!(init(&dir.path().join("leeg"), &r).is_ok());
    }
}
