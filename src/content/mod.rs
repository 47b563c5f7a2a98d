//! Loading the site's sources: pages from `content/`, records from `partners/`, the glossary.
//! Every problem is collected; a bad file is skipped so the others are still checked.

pub mod frontmatter;
pub mod glossary;
pub mod page;
pub mod partner;

use crate::error::{Diagnostic, Diagnostics};
use glossary::Glossary;
use page::Page;
use partner::Partner;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";
pub const PARTNERS_DIR: &str = "partners";

/// Everything loaded from disk, before rendering.
#[derive(Debug, Default)]
pub struct Sources {
    pub pages: Vec<Page>,
    pub partners: Vec<Partner>,
    pub glossary: Glossary,
    /// Other files under content/ (images, PDFs), copied as they are: (path relative to the
    /// site root, path relative to content/).
    pub assets: Vec<(PathBuf, PathBuf)>,
}

/// 1-based line of a byte offset.
pub fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Files editors' tools leave behind: never content.
pub fn is_temp_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".bck")
        || name.ends_with(".bak")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.starts_with("___jb_")
        || name.starts_with(".#")
}

/// Read a file as UTF-8, or say where it stops being UTF-8.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Diagnostic::error(rel, 0, format!("kan het bestand niet lezen: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = line_of_offset(bytes, at);
        let line_start = bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..at])
            .chars()
            .count()
            + 1;
        Diagnostic::error(rel, line, "het bestand is geen UTF-8")
            .col(column)
            .hint(
                "sla het bestand op als UTF-8 (in de meeste editors: Opslaan als → Codering UTF-8)",
            )
    })
}

pub fn load(root: &Path, keep_prefix: bool, diags: &mut Diagnostics) -> Sources {
    let mut sources = Sources::default();
    load_pages(root, keep_prefix, &mut sources, diags);
    load_partners(root, &mut sources, diags);
    let gfile = Path::new(glossary::FILE);
    if root.join(gfile).is_file() {
        match read_text(root, gfile) {
            Ok(text) => match glossary::parse(&text, gfile) {
                Ok(g) => sources.glossary = g,
                Err(ds) => diags.extend(ds),
            },
            Err(d) => diags.push(d),
        }
    }
    sources
}

fn walk(dir: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_temp_file(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
}

fn load_pages(root: &Path, keep_prefix: bool, sources: &mut Sources, diags: &mut Diagnostics) {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, 0, "de map content/ ontbreekt")
                .hint("maak een map content/ met minstens content/_index.md (de startpagina); klopt --root?"),
        );
        return;
    }
    let mut folders_with_pages: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut page_files: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in walk(&content) {
        let Ok(rel) = entry.path().strip_prefix(&content) else {
            continue;
        };
        let rel = rel.to_path_buf();
        let file = Path::new(CONTENT_DIR).join(&rel);
        if entry.file_type().is_dir() {
            folders_with_pages.entry(rel).or_insert(0);
            continue;
        }
        let parent = rel.parent().map(Path::to_path_buf).unwrap_or_default();
        *folders_with_pages.entry(parent.clone()).or_insert(0) += 1;
        let name = rel.to_string_lossy();
        if name.ends_with(".md") {
            page_files.push((file, rel));
        } else if file.as_path() != Path::new(glossary::FILE) {
            sources.assets.push((file, rel));
        }
    }
    // Reading and parsing in parallel; the walk's order is kept.
    let parsed: Vec<Result<page::Page, Diagnostic>> = page_files
        .par_iter()
        .map(|(file, rel)| {
            read_text(root, file).and_then(|t| page::parse(&t, file, rel, keep_prefix))
        })
        .collect();
    for result in parsed {
        match result {
            Ok(p) if p.meta.draft => {}
            Ok(p) => sources.pages.push(p),
            Err(d) => diags.push(d),
        }
    }
    for (folder, count) in folders_with_pages {
        if count == 0 {
            let shown = Path::new(CONTENT_DIR).join(&folder);
            if folder.as_os_str().is_empty() {
                diags.push(
                    Diagnostic::error(shown, 0, "de map content/ is leeg")
                        .hint("maak minstens content/_index.md, de startpagina"),
                );
            } else {
                diags.push(
                    Diagnostic::warning(shown, 0, "lege map: er staat geen pagina in")
                        .hint("zet er een pagina in (bijvoorbeeld _index.md) of haal de map weg"),
                );
            }
        }
    }
}

fn load_partners(root: &Path, sources: &mut Sources, diags: &mut Diagnostics) {
    let dir = root.join(PARTNERS_DIR);
    if !dir.is_dir() {
        return;
    }
    for entry in walk(&dir) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            diags.push(
                Diagnostic::warning(rel, 0, "geen .yaml-bestand: overgeslagen")
                    .hint("een ketenpartner staat in partners/ID.yaml"),
            );
            continue;
        };
        if entry.depth() > 1 {
            diags.push(
                Diagnostic::error(
                    rel,
                    0,
                    "partnerrecords staan direct in partners/, niet in een submap",
                )
                .hint("verplaats het bestand naar partners/"),
            );
            continue;
        }
        match read_text(root, rel).and_then(|t| partner::parse(&t, rel, id)) {
            Ok(p) => sources.partners.push(p),
            Err(d) => diags.push(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files() {
        for n in [
            "a.md.swp",
            "a.md~",
            "4913",
            ".#a.md",
            "___jb_tmp___",
            ".hidden",
        ] {
            assert!(is_temp_file(n), "{n}");
        }
        assert!(!is_temp_file("arbeidsuitbuiting.md"));
    }

    #[test]
    fn non_utf8_has_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.md"), b"---\ntitle: a\n---\nab\xe9c\n").unwrap();
        let d = read_text(dir.path(), Path::new("x.md")).unwrap_err();
        assert_eq!((d.line, d.column), (4, 3));
    }
}
