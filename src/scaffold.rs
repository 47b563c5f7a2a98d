//! `ketenwijzer new page|partner`: a new file with every field present and a short Dutch comment
//! per field. Never overwrites.

use std::io::Write;
use std::path::{Path, PathBuf};

const PARTNER: &str = "# Ketenpartner. De bestandsnaam is de id: link ernaar met [naam](partner:ID).
# Vul alleen contactgegevens in die je in een bron hebt gecontroleerd.

# Naam van de organisatie (verplicht).
name: NAAM
# Andere namen en afkortingen; de zoekfunctie gebruikt ze als synoniemen.
aliases: []
# landelijk, regionaal of gemeente (verplicht).
kind: landelijk
# Rollen (minstens één): signaleren, melden, opsporen, bestuurlijk, opvang, zorg, juridisch.
roles: [melden]
# Vormen: seksuele-uitbuiting, arbeidsuitbuiting, criminele-uitbuiting, orgaanverwijdering. Leeg = alle.
forms: []
# Werkgebied: all, of een lijst van de ids van gemeenterecords, zoals [gemeente-a, gemeente-b].
area: all
# Eén zin: wat doet deze partner in de aanpak van mensenhandel? (verplicht)
summary: \"\"
# Wat de organisatie doet, in Markdown (verplicht).
description: |
  Beschrijving.
# Wanneer neem je contact op? Markdown, bijvoorbeeld een lijst (verplicht).
when_to_contact: |
  - Bij ...
# Contact: alleen gecontroleerde gegevens. Laat leeg wat je niet zeker weet.
contact:
  phone: \"\"
  phone_label: \"\"
  email: \"\"
  website: \"\"
  address: \"\"
  hours: \"\"
  # Hoe bereik je ze als er geen gecontroleerd nummer is?
  note: \"\"
# Bron(nen) van deze gegevens (verplicht): één adres of een lijst.
source:
  - https://
# Datum waarop je de bronnen hebt geraadpleegd, JJJJ-MM-DD (verplicht).
# Alleen als de organisatie zelf de gegevens bevestigde:
# confirmed: { by: Naam van de afdeling, date: JJJJ-MM-DD }
# Wat nog vastgesteld moet worden (verschijnt als \"Nog vast te stellen\"):
# open:
#   - text: Wie het aanspreekpunt is.
#     decides: college
consulted: DATUM
";

fn create(path: &Path, text: &str) -> Result<PathBuf, String> {
    if path.exists() {
        return Err(format!(
            "{} bestaat al; ketenwijzer overschrijft nooit een bestand",
            path.display()
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("kan map {} niet maken: {e}", parent.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("kan {} niet maken: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("kan {} niet schrijven: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

/// `new page content/PATH.md`: a plain page.
pub fn new_page(root: &Path, path: &Path) -> Result<PathBuf, String> {
    new_page_of_kind(root, path, crate::page_kinds::PageKind::default())
}

/// `new page content/PATH.md --soort SOORT`
pub fn new_page_of_kind(
    root: &Path,
    path: &Path,
    kind: crate::page_kinds::PageKind,
) -> Result<PathBuf, String> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let Some(rel) = inside_content(rel) else {
        return Err(
            "geef een pad binnen content/, als content/MAP/NAAM.md\n  hint: het pad mag niet met `..` buiten content/ komen; bijvoorbeeld content/signalen/horeca.md"
                .into(),
        );
    };
    if rel.extension().and_then(|e| e.to_str()) != Some("md") {
        return Err("geef een pad als content/MAP/NAAM.md\n  hint: een pagina eindigt op .md, bijvoorbeeld content/signalen/horeca.md".into());
    }
    // A folder on the way may be a symlink: the new file must still land inside the site.
    if let Some(why) = leaves_root(root, &rel) {
        return Err(why);
    }
    let mut stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A section page is named after its folder; the home page is the start page.
    if stem == "_index" {
        stem = match rel
            .parent()
            .and_then(|p| p.strip_prefix(crate::content::CONTENT_DIR).ok())
        {
            Some(folder) if !folder.as_os_str().is_empty() => folder
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            _ => "Startpagina".into(),
        };
    }
    let title = crate::content::page::strip_order_prefix(&stem)
        .1
        .replace('-', " ");
    let mut title_chars = title.chars();
    let title: String = title_chars
        .next()
        .map(|c| c.to_uppercase().chain(title_chars).collect())
        .unwrap_or_default();
    create(&root.join(rel), &crate::page_kinds::template(kind, &title))
}

/// `rel` with `.` and `..` worked out, if it stays below `content/` (and names a file there).
fn inside_content(rel: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if parts.len() < 2 || parts[0] != crate::content::CONTENT_DIR {
        return None;
    }
    Some(parts.iter().collect())
}

/// Why `root/rel` would be outside the site root once symlinks on the way are followed.
fn leaves_root(root: &Path, rel: &Path) -> Option<String> {
    let root_real = std::fs::canonicalize(root).ok()?;
    let mut existing = root.join(rel);
    while !existing.exists() {
        if !existing.pop() {
            return None;
        }
    }
    let real = std::fs::canonicalize(&existing).ok()?;
    if real.starts_with(&root_real) {
        None
    } else {
        Some(format!(
            "{} ligt via een symbolische link buiten de site ({})\n  hint: maak de pagina in een gewone map binnen content/",
            root.join(rel).display(),
            real.display()
        ))
    }
}

/// `new partner ID`
pub fn new_partner(root: &Path, id: &str) -> Result<PathBuf, String> {
    if !crate::content::partner::is_valid_id(id) {
        return Err(format!(
            "ongeldige id \"{id}\": gebruik kleine letters, cijfers en streepjes\n  hint: de id wordt de bestandsnaam partners/ID.yaml, bijvoorbeeld `ketenwijzer new partner veilig-thuis`"
        ));
    }
    // `consulted` stays DATUM (an open point) until the editor has consulted the sources: today's
    // date would say they were.
    create(
        &root.join("partners").join(format!("{id}.yaml")),
        &PARTNER.replace("NAAM", id),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_is_valid_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_page(dir.path(), Path::new("content/signalen/05-nieuwe-lijst.md")).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains("title: Nieuwe lijst"));
        let page =
            crate::content::page::parse(&text, Path::new("content/x.md"), Path::new("x.md"), false)
                .unwrap();
        assert_eq!(page.meta.title, "Nieuwe lijst");
        assert!(new_page(dir.path(), Path::new("content/signalen/05-nieuwe-lijst.md")).is_err());
        assert!(new_page(dir.path(), Path::new("elders/x.md")).is_err());
        assert!(new_page(dir.path(), Path::new("content/a/../b.md")).is_ok());
    }

    #[test]
    fn page_path_may_not_climb_out_of_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for p in [
            "content/../../evil.md",
            "content/../evil.md",
            "content/a/../../../evil.md",
            "content/../site.yaml.md",
            "content/..",
            "/etc/evil.md",
        ] {
            let e = new_page(&root, Path::new(p)).unwrap_err();
            assert!(e.contains("hint:"), "{p}: {e}");
        }
        assert!(!dir.path().join("evil.md").exists());
        assert!(!root.join("evil.md").exists());
    }

    #[cfg(unix)]
    #[test]
    fn page_path_through_a_symlink_out_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(dir.path().join("elders")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elders"), root.join("content/uit")).unwrap();
        let e = new_page(&root, Path::new("content/uit/x.md")).unwrap_err();
        assert!(e.contains("buiten de site"), "{e}");
        assert!(!dir.path().join("elders/x.md").exists());
    }

    #[test]
    fn partner_parses() {
        let dir = tempfile::tempdir().unwrap();
        let p = new_partner(dir.path(), "nieuwe-partner").unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let rec = crate::content::partner::parse(
            &text,
            Path::new("partners/nieuwe-partner.yaml"),
            "nieuwe-partner",
        )
        .unwrap();
        assert_eq!(rec.record.name, "nieuwe-partner");
        assert!(new_partner(dir.path(), "nieuwe-partner").is_err());
        assert!(new_partner(dir.path(), "Fout ID").is_err());
    }
}
