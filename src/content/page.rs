//! A Markdown page: its front matter, its body and where it lives.

use crate::error::Diagnostic;
use crate::yaml::{self, Spanned};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A page's front matter, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title.
    pub title: String,
    /// One or two sentences for lists and search results; may be empty.
    #[serde(default)]
    pub summary: String,
    /// Lower comes first; `weight` is the name Hugo and Zola use.
    #[serde(default, alias = "weight")]
    pub order: Option<i64>,
    /// Extra search terms.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// `true`: not published, and links to the page say so.
    #[serde(default)]
    pub draft: bool,
    /// Advice by threshold, for checklist pages.
    #[serde(default)]
    pub advice: Vec<Advice>,
    /// Advice shown as soon as any `**Meld direct:**` signal is ticked, for checklist pages.
    #[serde(default)]
    pub direct_advice: Option<Spanned<DirectAdvice>>,
    /// Date of the last change that matters to readers (YYYY-MM-DD): "Laatst gewijzigd".
    #[serde(default)]
    pub updated: Option<Spanned<String>>,
    /// Training cases: the department the case is seen from (shown as a label).
    #[serde(default)]
    pub department: Option<String>,
    /// Training cases: the forms of exploitation the case is about (`arbeidsuitbuiting` …).
    #[serde(default)]
    pub forms: Vec<Spanned<String>>,
    /// Training cases: slugs of the checklist pages under `content/signalen/` it practises.
    #[serde(default)]
    pub checklists: Vec<Spanned<String>>,
    /// Training cases: `true` prints the trainer's version (answers and feedback).
    #[serde(default)]
    pub print_answers: Option<bool>,
}

/// `direct_advice:` of a checklist page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectAdvice {
    /// Required; checked by the site so a missing text gets a hint, not a serde message.
    #[serde(default)]
    pub text: String,
    /// Slug of a page under `content/routes/` to link to.
    #[serde(default)]
    pub route: Option<Spanned<String>>,
    /// Id of a partner record to link to.
    #[serde(default)]
    pub partner: Option<Spanned<String>>,
}

/// One item of `advice:`: shown once at least `from` signals are ticked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    /// The number of ticked signals from which this advice shows.
    pub from: Spanned<i64>,
    /// The advice.
    pub text: String,
    /// Slug of a page under `content/routes/` to link to.
    #[serde(default)]
    pub route: Option<Spanned<String>>,
    /// Id of a partner record to link to.
    #[serde(default)]
    pub partner: Option<Spanned<String>>,
}

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, e.g. `content/beleidsplan/04-signalering.md`.
    pub file: PathBuf,
    /// The URL path relative to the site root, ending in `/` (`""` for the home page).
    pub url: String,
    /// URL of the section this page belongs to (`beleidsplan/`), `None` for the home page.
    pub parent: Option<String>,
    /// `_index.md`: the page of its folder.
    pub is_section: bool,
    /// The front matter.
    pub meta: FrontMatter,
    /// Line in the file where the YAML starts, to place Spanned values.
    pub yaml_line: usize,
    /// The front matter as written: the preview server redoes only this page while it is unchanged.
    pub front_matter: String,
    /// The Markdown after the front matter.
    pub body: String,
    /// Line in the file where the body starts.
    pub body_line: usize,
    /// Ordering key: front matter `order`, else the file name's numeric prefix.
    pub sort_key: (i64, String),
}

impl Page {
    /// The first path component of the URL: `signalen`, `routes`, `beleidsplan`, `""`.
    pub fn top_section(&self) -> &str {
        self.url.split('/').next().unwrap_or("")
    }
}

/// Strip a numeric ordering prefix: `04-signalering` → (Some(4), `signalering`).
pub fn strip_order_prefix(name: &str) -> (Option<i64>, &str) {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < name.len() {
        let rest = &name[digits..];
        if let Some(stripped) = rest.strip_prefix('-').or_else(|| rest.strip_prefix('_')) {
            if !stripped.is_empty() {
                return (name[..digits].parse().ok(), stripped);
            }
        }
    }
    (None, name)
}

/// Parse one page file (`text` is its content, `file` its path relative to the site root,
/// `rel` its path relative to `content/`).
/// `keep_prefix`: keep the numeric prefix in the URL (site.yaml `keep_order_prefix`).
pub fn parse(text: &str, file: &Path, rel: &Path, keep_prefix: bool) -> Result<Page, Diagnostic> {
    let parts = super::frontmatter::split(text, file)?;
    let meta: FrontMatter = if parts.yaml.trim().is_empty() {
        return Err(
            Diagnostic::error(file, parts.yaml_line, "de front matter is leeg")
                .hint("geef de pagina minstens een titel: `title: Titel van de pagina`"),
        );
    } else {
        yaml::parse(parts.yaml, file, parts.yaml_line - 1)?
    };
    if meta.title.trim().is_empty() {
        return Err(
            Diagnostic::error(file, parts.yaml_line, "de titel is leeg").hint("vul `title:` in")
        );
    }
    if let Some(part) = nameless_part(rel, keep_prefix) {
        return Err(Diagnostic::error(
            file,
            0,
            format!("\"{part}\" geeft geen webadres: er staat geen letter of cijfer in"),
        )
        .hint("geef de map of het bestand een naam met letters of cijfers, bijvoorbeeld `signalen/` of `04-signalering.md`"));
    }
    let (url, parent, is_section, prefix_order, name) = url_of(rel, keep_prefix);
    let order = meta.order.or(prefix_order).unwrap_or(i64::MAX / 2);
    Ok(Page {
        file: file.to_path_buf(),
        url,
        parent,
        is_section,
        yaml_line: parts.yaml_line,
        front_matter: parts.yaml.to_string(),
        body: parts.body.to_string(),
        body_line: parts.body_line,
        sort_key: (order, name),
        meta,
    })
}

/// The URL a content path gets (`beleidsplan/04-signalering.md` → `beleidsplan/signalering/`),
/// without reading the file.
pub fn url_for(rel: &Path, keep_prefix: bool) -> String {
    url_of(rel, keep_prefix).0
}

/// A page whose front matter could not be read, standing in for it so its body is still checked
/// (links, anchors, flowcharts, signals) and links to it still resolve. Its title is made from
/// the file name. `None` when there is no body to check: no front matter found at all, or a
/// draft (`draft: true` on a line of its own), whose body is never checked.
pub fn stand_in(text: &str, file: &Path, rel: &Path, keep_prefix: bool) -> Option<Page> {
    let parts = super::frontmatter::split(text, file).ok()?;
    if parts
        .yaml
        .lines()
        .any(|l| l.split('#').next().unwrap_or("").trim() == "draft: true")
    {
        return None;
    }
    let (url, parent, is_section, prefix_order, name) = url_of(rel, keep_prefix);
    let title = if name.is_empty() {
        "Pagina".to_string()
    } else {
        name.replace('-', " ")
    };
    Some(Page {
        file: file.to_path_buf(),
        url,
        parent,
        is_section,
        meta: FrontMatter {
            title,
            summary: String::new(),
            order: None,
            keywords: Vec::new(),
            draft: false,
            advice: Vec::new(),
            direct_advice: None,
            updated: None,
            department: None,
            forms: Vec::new(),
            checklists: Vec::new(),
            print_answers: None,
        },
        yaml_line: parts.yaml_line,
        front_matter: parts.yaml.to_string(),
        body: parts.body.to_string(),
        body_line: parts.body_line,
        sort_key: (prefix_order.unwrap_or(i64::MAX / 2), name),
    })
}

/// The first folder or file name whose URL piece would be empty (`🙂`, `---.md`, `04-中文`):
/// the page's URL would then start with `/` and its output land outside the output folder.
fn nameless_part(rel: &Path, keep_prefix: bool) -> Option<String> {
    rel.iter()
        .map(|c| c.to_string_lossy().into_owned())
        .find(|name| {
            let stem = name.strip_suffix(".md").unwrap_or(name);
            let shown = if keep_prefix {
                stem
            } else {
                strip_order_prefix(stem).1
            };
            stem != "_index" && crate::slug::slugify(shown).is_empty()
        })
}

/// URL, parent URL, whether it is a section page, order prefix and sort name for a content path.
fn url_of(rel: &Path, keep_prefix: bool) -> (String, Option<String>, bool, Option<i64>, String) {
    // A name without letters or digits is an error (`nameless_part`); its piece is never empty,
    // so no URL (of a stand-in page either) starts with `/`.
    let piece = |name: &str| -> String {
        let shown = if keep_prefix {
            name
        } else {
            strip_order_prefix(name).1
        };
        let slug = crate::slug::slugify(shown);
        if slug.is_empty() {
            "naamloos".to_string()
        } else {
            slug
        }
    };
    let mut dirs: Vec<String> = Vec::new();
    let comps: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let (last, folders) = comps
        .split_last()
        .map_or(("", &[][..]), |(l, f)| (l.as_str(), f));
    for f in folders {
        dirs.push(piece(f));
    }
    let stem = last.strip_suffix(".md").unwrap_or(last);
    let folder_url =
        |d: &[String]| -> String { d.iter().map(|s| format!("{s}/")).collect::<String>() };
    if stem == "_index" {
        let url = folder_url(&dirs);
        let parent = if dirs.is_empty() {
            None
        } else {
            Some(folder_url(&dirs[..dirs.len() - 1]))
        };
        let (order, name) = folders
            .last()
            .map(|f| strip_order_prefix(f))
            .unwrap_or((None, ""));
        (url, parent, true, order, name.to_string())
    } else {
        let (order, name) = strip_order_prefix(stem);
        let parent = folder_url(&dirs);
        let url = format!("{parent}{}/", piece(stem));
        (url, Some(parent), false, order, name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, text: &str) -> Result<Page, Diagnostic> {
        let file = Path::new("content").join(rel);
        parse(text, &file, Path::new(rel), false)
    }

    #[test]
    fn urls_follow_paths() {
        let p = page("beleidsplan/04-signalering.md", "---\ntitle: S\n---\n").unwrap();
        assert_eq!(p.url, "beleidsplan/signalering/");
        assert_eq!(p.parent.as_deref(), Some("beleidsplan/"));
        assert_eq!(p.sort_key.0, 4);
        let s = page("beleidsplan/_index.md", "---\ntitle: B\n---\n").unwrap();
        assert_eq!(s.url, "beleidsplan/");
        assert_eq!(s.parent.as_deref(), Some(""));
        assert!(s.is_section);
        let h = page("_index.md", "---\ntitle: H\n---\n").unwrap();
        assert_eq!(h.url, "");
        assert_eq!(h.parent, None);
        let t = page("toegankelijkheid.md", "---\ntitle: T\n---\n").unwrap();
        assert_eq!(t.url, "toegankelijkheid/");
        assert_eq!(t.parent.as_deref(), Some(""));
    }

    #[test]
    fn a_name_without_letters_or_digits_is_an_error() {
        // Found by tests/parsers_never_panic.rs: `content/🙂/a.md` had the URL `/a/`, and the
        // build wrote it to `/a/index.html`, outside the output folder.
        for rel in [
            "🙂/a.md",
            "🙂/_index.md",
            "---.md",
            "a/04-中文.md",
            "_/b.md",
        ] {
            let d = page(rel, "---\ntitle: T\n---\n").unwrap_err();
            assert_eq!(d.file, Path::new("content").join(rel), "{rel}");
            assert_eq!(d.line, 0, "{rel}");
            assert!(d.message.contains("geen letter of cijfer"), "{rel}: {d:?}");
            assert!(d.hint.contains("letters of cijfers"), "{rel}: {d:?}");
        }
        let kept = parse(
            "---\ntitle: T\n---\n",
            Path::new("content/04-🙂.md"),
            Path::new("04-🙂.md"),
            true,
        )
        .unwrap();
        assert_eq!(kept.url, "04/");
        assert!(page("04-🙂.md", "---\ntitle: T\n---\n").is_err());
        assert_eq!(page("ü.md", "---\ntitle: T\n---\n").unwrap().url, "u/");
        // The URL used for a stand-in or an unloaded page stays relative as well.
        assert_eq!(url_for(Path::new("🙂/a.md"), false), "naamloos/a/");
        assert_eq!(url_for(Path::new("---.md"), false), "naamloos/");
    }

    #[test]
    fn prefix_kept_on_request() {
        let p = parse(
            "---\ntitle: S\n---\n",
            Path::new("content/01-a/04-b.md"),
            Path::new("01-a/04-b.md"),
            true,
        )
        .unwrap();
        assert_eq!(p.url, "01-a/04-b/");
        assert_eq!(p.sort_key.0, 4);
    }

    #[test]
    fn order_and_weight() {
        let p = page("a/02-x.md", "---\ntitle: X\nweight: 7\n---\n").unwrap();
        assert_eq!(p.sort_key.0, 7);
        assert_eq!(strip_order_prefix("2024"), (None, "2024"));
        assert_eq!(strip_order_prefix("10_b"), (Some(10), "b"));
    }

    #[test]
    fn unknown_key_has_file_line() {
        let d = page("a.md", "---\ntitle: X\nsumary: y\n---\n").unwrap_err();
        assert_eq!(d.line, 3, "{d:?}");
        assert!(d.message.contains("sumary"), "{d:?}");
    }

    #[test]
    fn missing_title() {
        let d = page("a.md", "---\nsummary: y\n---\n").unwrap_err();
        assert!(d.message.contains("title"), "{d:?}");
        assert!(d.line >= 2, "{d:?}");
    }

    #[test]
    fn advice_spans() {
        let p = page(
            "signalen/x.md",
            "---\ntitle: X\nadvice:\n  - from: 2\n    text: t\n    route: r\n---\n",
        )
        .unwrap();
        assert_eq!(p.meta.advice[0].from.value, 2);
        // YAML line 3 of the block (1-based) is file line 4.
        let line = p.meta.advice[0].from.referenced.line() as usize + p.yaml_line - 1;
        assert_eq!(line, 4);
    }
}
