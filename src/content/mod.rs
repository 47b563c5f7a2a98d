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

/// The folder of the pages, relative to the site root.
pub const CONTENT_DIR: &str = "content";
/// The folder of the partner and municipality records, relative to the site root.
pub const PARTNERS_DIR: &str = "partners";

/// Everything loaded from disk, before rendering.
#[derive(Debug, Default)]
pub struct Sources {
    /// Every page that loaded, drafts left out (they are in `drafts`).
    pub pages: Vec<Page>,
    /// Every partner and municipality record that loaded.
    pub partners: Vec<Partner>,
    /// The glossary; empty when `content/begrippen.yaml` is absent.
    pub glossary: Glossary,
    /// Other files under content/ (images, PDFs), copied as they are: (path relative to the
    /// site root, path relative to content/).
    pub assets: Vec<(PathBuf, PathBuf)>,
    /// Pages that could not be read at all (file, URL): an error was reported; their URL stays
    /// known so links to them do not add a second, false error.
    pub unloaded_pages: Vec<(PathBuf, String)>,
    /// Pages with `draft: true` (file, URL): not published, and links to them say so.
    pub drafts: Vec<(PathBuf, String)>,
    /// Ids of partner records that failed to load (an error was reported).
    pub unloaded_partners: Vec<String>,
    /// The folder under content/ that holds the plan's chapters (`plan.section` of site.yaml);
    /// empty means the default, `beleidsplan`.
    pub plan_section: String,
}

impl Sources {
    /// The plan's section URL, `beleidsplan/` unless site.yaml names another folder.
    pub fn plan_url(&self) -> String {
        if self.plan_section.is_empty() {
            "beleidsplan/".to_string()
        } else {
            format!("{}/", self.plan_section)
        }
    }

    /// The URL of the whole plan on one page: `PLAN/volledig/`.
    pub fn whole_plan_url(&self) -> String {
        format!("{}volledig/", self.plan_url())
    }
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
/// A file that resolves outside the site root (through a symlink) is refused unread.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    if let Some(root_real) = real_root(root) {
        resolve_inside(&root_real, &root.join(rel), rel)?;
    }
    read_vetted(root, rel)
}

/// [`read_text`] for a file [`walk_tree`] found, so already known to be inside the root.
fn read_vetted(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Diagnostic::error(rel, 0, format!("kan het bestand niet lezen: {e}")))?;
    text_of(bytes, rel)
}

/// The bytes of the file `rel` as UTF-8, or where they stop being UTF-8.
fn text_of(bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
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

/// Loads pages, records and the glossary from the site at `root`, reporting every problem in `diags`.
/// `keep_prefix`: keep the numeric prefix in URLs (site.yaml `keep_order_prefix`).
pub fn load(root: &Path, keep_prefix: bool, diags: &mut Diagnostics) -> Sources {
    load_reusing(root, keep_prefix, diags, &|_| None)
}

/// [`load`], taking a page from `reuse` (by its file) instead of reading it where it gives
/// one: the preview server's pages that did not change (their bodies are left empty).
pub fn load_reusing(
    root: &Path,
    keep_prefix: bool,
    diags: &mut Diagnostics,
    reuse: &(dyn Fn(&Path) -> Option<Page> + Sync),
) -> Sources {
    load_with(root, keep_prefix, diags, reuse, &|_| None)
}

/// The bytes of a page file (by its path relative to the site root) as already read, e.g. by
/// the build cache while hashing it; None: read it from disk.
pub type Preread<'a> = &'a (dyn Fn(&Path) -> Option<Vec<u8>> + Sync);

/// [`load_reusing`], taking the bytes of a page from `preread` instead of reading the file
/// where it gives them. Only files the walk found (inside the root) are ever asked for.
pub fn load_with(
    root: &Path,
    keep_prefix: bool,
    diags: &mut Diagnostics,
    reuse: &(dyn Fn(&Path) -> Option<Page> + Sync),
    preread: Preread,
) -> Sources {
    let mut sources = Sources::default();
    load_pages(root, keep_prefix, &mut sources, diags, reuse, preread);
    load_partners(root, &mut sources, diags);
    let gfile = Path::new(glossary::FILE);
    if root.join(gfile).is_file() {
        match read_text(root, gfile) {
            Ok(text) => {
                let (g, problems) = glossary::parse(&text, gfile);
                sources.glossary = g;
                diags.extend(problems);
            }
            Err(d) => {
                sources.glossary.failed = true;
                diags.push(d);
            }
        }
    }
    sources
}

/// The site root with every symlink resolved, to tell inside from outside.
pub fn real_root(root: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(root).ok()
}

/// Where `path` really is, if that is inside the site root; else the error to report at `shown`
/// (the path as the editor sees it, relative to the root). Nothing outside is ever opened.
pub fn resolve_inside(root_real: &Path, path: &Path, shown: &Path) -> Result<PathBuf, Diagnostic> {
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(root_real) => Ok(real),
        Ok(real) => Err(Diagnostic::error(
            shown,
            0,
            format!(
                "symbolische link naar {}, buiten de site: die wordt niet gelezen en niet gepubliceerd",
                real.display()
            ),
        )
        .hint("kopieer het bestand of de map in de site als het gepubliceerd moet worden, of haal de link weg")),
        // ELOOP: 40 on Linux, 62 on macOS and the BSDs.
        Err(e) if matches!(e.raw_os_error(), Some(40 | 62)) => {
            Err(loop_error(shown))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let target = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "een bestand".into());
            Err(Diagnostic::error(
                shown,
                0,
                format!("symbolische link naar {target}, dat niet bestaat"),
            )
            .hint("haal de link weg, of laat hem wijzen naar een bestaand bestand binnen de site"))
        }
        Err(e) => Err(Diagnostic::error(shown, 0, format!("kan dit bestand niet lezen: {e}"))
            .hint("kijk of het bestand bestaat en leesbaar is")),
    }
}

fn loop_error(shown: &Path) -> Diagnostic {
    Diagnostic::error(
        shown,
        0,
        "symbolische link in een lus: hij wijst (via andere links) naar zichzelf of naar een map waar hij zelf in staat",
    )
    .hint("haal de link weg, of laat hem wijzen naar een bestand of map binnen de site die hem niet zelf bevat")
}

/// One file or folder found under a source folder, at the path the editor sees.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Relative to the walked folder.
    pub rel: PathBuf,
    /// A folder (its contents follow it).
    pub is_dir: bool,
    /// 1 for an entry directly in the walked folder.
    pub depth: usize,
    /// A symlink that was refused (the error is reported): never read, but its name still
    /// counts, e.g. to keep a page's URL known.
    pub refused: bool,
}

/// Every file and folder under `dir` (relative to the site root), sorted by name, folders
/// before their contents. Symlinks are followed only while they stay inside the site root;
/// one that leads outside, dangles or loops is an error at its own path and is left out, so
/// nothing outside the root is ever read, copied or served. `skip_temp`: leave out editors'
/// temporary and hidden files and folders. `dir` itself may be a symlink to a folder inside
/// the root.
pub fn walk_tree(
    root: &Path,
    dir: &Path,
    skip_temp: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut out = Vec::new();
    let top = root.join(dir);
    if std::fs::symlink_metadata(&top).is_err() {
        return out;
    }
    let Some(root_real) = real_root(root) else {
        return out;
    };
    // The folder itself may be a link, or sit below one (`themes/` → elsewhere).
    let top_real = match resolve_inside(&root_real, &top, dir) {
        Ok(real) => real,
        Err(d) => {
            diags.push(d);
            return out;
        }
    };
    if !top_real.is_dir() {
        return out;
    }
    let mut walker = Walker {
        dir,
        root_real,
        skip_temp,
        out: &mut out,
        diags,
    };
    walker.descend(&top, &top_real, Path::new(""), 1);
    out
}

struct Walker<'a> {
    dir: &'a Path,
    root_real: PathBuf,
    skip_temp: bool,
    out: &'a mut Vec<Entry>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Walker<'_> {
    fn refuse(&mut self, rel: PathBuf, depth: usize) {
        self.out.push(Entry {
            rel,
            is_dir: false,
            depth,
            refused: true,
        });
    }

    fn shown(&self, rel: &Path) -> PathBuf {
        self.dir.join(rel)
    }

    /// `here`: the folder as reached (through links); `here_real`: where it really is.
    fn descend(&mut self, here: &Path, here_real: &Path, rel: &Path, depth: usize) {
        let read = match std::fs::read_dir(here) {
            Ok(r) => r,
            Err(e) => {
                let shown = self.shown(rel);
                self.diags.push(
                    Diagnostic::error(shown, 0, format!("kan deze map niet lezen: {e}"))
                        .hint("kijk of de map bestaat en leesbaar is"),
                );
                return;
            }
        };
        let mut entries: Vec<std::fs::DirEntry> = read.filter_map(Result::ok).collect();
        // Each name made once: `sort_by_key` made two per comparison.
        entries.sort_by_cached_key(std::fs::DirEntry::file_name);
        for e in entries {
            let name = e.file_name();
            if self.skip_temp && is_temp_file(&name.to_string_lossy()) {
                continue;
            }
            let child_rel = rel.join(&name);
            let path = here.join(&name);
            let Ok(ft) = e.file_type() else {
                continue;
            };
            if ft.is_symlink() {
                let shown = self.shown(&child_rel);
                let real = match resolve_inside(&self.root_real, &path, &shown) {
                    Ok(real) => real,
                    Err(d) => {
                        self.diags.push(d);
                        self.refuse(child_rel, depth);
                        continue;
                    }
                };
                if real.is_dir() {
                    // A link to its own folder or one above it would make the walk endless.
                    if here_real.starts_with(&real) {
                        self.diags.push(loop_error(&shown));
                        self.refuse(child_rel, depth);
                        continue;
                    }
                    self.out.push(Entry {
                        rel: child_rel.clone(),
                        is_dir: true,
                        depth,
                        refused: false,
                    });
                    self.descend(&path, &real, &child_rel, depth + 1);
                } else if real.is_file() {
                    self.out.push(Entry {
                        rel: child_rel,
                        is_dir: false,
                        depth,
                        refused: false,
                    });
                }
            } else if ft.is_dir() {
                self.out.push(Entry {
                    rel: child_rel.clone(),
                    is_dir: true,
                    depth,
                    refused: false,
                });
                self.descend(&path, &here_real.join(&name), &child_rel, depth + 1);
            } else if ft.is_file() {
                self.out.push(Entry {
                    rel: child_rel,
                    is_dir: false,
                    depth,
                    refused: false,
                });
            } else {
                let shown = self.shown(&child_rel);
                self.diags.push(
                    Diagnostic::warning(shown, 0, "geen gewoon bestand of map: overgeslagen")
                        .hint("zet alleen gewone bestanden en mappen in de site"),
                );
            }
        }
    }
}

fn load_pages(
    root: &Path,
    keep_prefix: bool,
    sources: &mut Sources,
    diags: &mut Diagnostics,
    reuse: &(dyn Fn(&Path) -> Option<Page> + Sync),
    preread: Preread,
) {
    let content = root.join(CONTENT_DIR);
    let mut problems = Vec::new();
    let entries = walk_tree(root, Path::new(CONTENT_DIR), true, &mut problems);
    if !problems.is_empty() && entries.is_empty() && !content.is_dir() {
        // content/ itself is a refused or dangling link: that error says it all.
        diags.extend(problems);
        return;
    }
    diags.extend(problems);
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, 0, "de map content/ ontbreekt")
                .hint("maak een map content/ met minstens content/_index.md (de startpagina); klopt --root?"),
        );
        return;
    }
    let mut folders_with_pages: BTreeMap<PathBuf, usize> = BTreeMap::new();
    folders_with_pages.insert(PathBuf::new(), 0);
    let mut page_files: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in entries {
        let rel = entry.rel;
        let file = Path::new(CONTENT_DIR).join(&rel);
        if entry.is_dir {
            folders_with_pages.entry(rel).or_insert(0);
            continue;
        }
        let parent = rel.parent().map(Path::to_path_buf).unwrap_or_default();
        *folders_with_pages.entry(parent.clone()).or_insert(0) += 1;
        let name = rel.to_string_lossy();
        if entry.refused {
            if name.ends_with(".md") {
                sources
                    .unloaded_pages
                    .push((file, page::url_for(&rel, keep_prefix)));
            }
        } else if name.ends_with(".md") {
            page_files.push((file, rel));
        } else if file.as_path() != Path::new(glossary::FILE) {
            sources.assets.push((file, rel));
        }
    }
    // Reading and parsing in parallel; the walk's order is kept. A page whose front matter is
    // wrong still has its body checked, through a stand-in (the build fails on the error).
    let parsed: Vec<(Option<Page>, Option<Diagnostic>)> = page_files
        .par_iter()
        .map(|(file, rel)| {
            if let Some(p) = reuse(file) {
                return (Some(p), None);
            }
            let text = match preread(file) {
                Some(bytes) => text_of(bytes, file),
                None => read_vetted(root, file),
            };
            match text {
                Err(d) => (None, Some(d)),
                Ok(t) => match page::parse_owned(t, file, rel, keep_prefix) {
                    Ok(p) => (Some(p), None),
                    Err((d, t)) => (page::stand_in(&t, file, rel, keep_prefix), Some(d)),
                },
            }
        })
        .collect();
    for ((file, rel), (loaded, problem)) in page_files.iter().zip(parsed) {
        diags.extend(problem);
        match loaded {
            Some(p) if p.meta.draft => sources.drafts.push((p.file, p.url)),
            Some(p) => sources.pages.push(p),
            None => sources
                .unloaded_pages
                .push((file.clone(), page::url_for(rel, keep_prefix))),
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
    let mut problems = Vec::new();
    let entries = walk_tree(root, Path::new(PARTNERS_DIR), true, &mut problems);
    diags.extend(problems);
    for entry in entries {
        if entry.is_dir {
            continue;
        }
        let rel = Path::new(PARTNERS_DIR).join(&entry.rel);
        let name = entry
            .rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(id) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            if !entry.refused {
                diags.push(
                    Diagnostic::warning(rel, 0, "geen .yaml-bestand: overgeslagen")
                        .hint("een ketenpartner staat in partners/ID.yaml"),
                );
            }
            continue;
        };
        if entry.depth > 1 {
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
        if entry.refused {
            sources.unloaded_partners.push(id.to_string());
            continue;
        }
        match read_vetted(root, &rel).and_then(|t| partner::parse(&t, &rel, id)) {
            Ok(p) => sources.partners.push(p),
            Err(d) => {
                sources.unloaded_partners.push(id.to_string());
                diags.push(d);
            }
        }
    }
}

/// Output path of an asset under content/: folders lose their order prefix like pages do.
pub fn asset_out(rel: &Path) -> String {
    let comps: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let Some((name, dirs)) = comps.split_last() else {
        return String::new();
    };
    let mut out = String::new();
    for d in dirs {
        out.push_str(&crate::slug::slugify(page::strip_order_prefix(d).1));
        out.push('/');
    }
    out.push_str(name);
    out
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
    fn pages_come_from_preread_bytes_where_given() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        for (name, title) in [("_index.md", "Schijf"), ("a.md", "Schijf A"), ("b.md", "B")] {
            let text = format!("---\ntitle: {title}\n---\n");
            std::fs::write(root.join("content").join(name), text).unwrap();
        }
        let asked = std::sync::Mutex::new(Vec::new());
        let preread = |file: &Path| -> Option<Vec<u8>> {
            asked.lock().unwrap().push(file.to_path_buf());
            match file.to_str()? {
                "content/_index.md" => Some(b"---\ntitle: Gelezen\n---\nTekst\n".to_vec()),
                "content/a.md" => Some(b"---\ntitle: a\n---\nab\xe9c\n".to_vec()),
                _ => None,
            }
        };
        let mut diags = Diagnostics::default();
        let sources = load_with(root, false, &mut diags, &|_| None, &preread);
        let titles: Vec<&str> = sources
            .pages
            .iter()
            .map(|p| p.meta.title.as_str())
            .collect();
        // a.md's preread bytes are not UTF-8: reported as a file on disk would be.
        assert_eq!(titles, ["Gelezen", "B"]);
        assert_eq!(sources.pages[0].body, "Tekst\n");
        let d = diags.iter().next().unwrap();
        assert_eq!(
            (d.file.as_path(), d.line, d.column),
            (Path::new("content/a.md"), 4, 3)
        );
        assert!(d.message.contains("geen UTF-8"), "{d:?}");
        let mut asked = asked.into_inner().unwrap();
        asked.sort();
        assert_eq!(
            asked,
            ["content/_index.md", "content/a.md", "content/b.md"].map(PathBuf::from)
        );
    }

    #[test]
    fn non_utf8_has_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.md"), b"---\ntitle: a\n---\nab\xe9c\n").unwrap();
        let d = read_text(dir.path(), Path::new("x.md")).unwrap_err();
        assert_eq!((d.line, d.column), (4, 3));
    }
}
