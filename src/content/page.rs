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

impl FrontMatter {
    /// A front matter with only a title: every other key as if left out.
    fn titled(title: String) -> Self {
        FrontMatter {
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
        }
    }
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
    let (mut page, body_at) = parse_head(text, file, rel, keep_prefix)?;
    page.body = text[body_at..].to_string();
    Ok(page)
}

/// [`parse`] of a file's text it may keep: the body stays in the text's own memory (moved to
/// its front) instead of a copy. At 10,000 pages that is 100 MB the build need not touch
/// for the first time. On an error, the text comes back with the problem.
pub fn parse_owned(
    mut text: String,
    file: &Path,
    rel: &Path,
    keep_prefix: bool,
) -> Result<Page, (Diagnostic, String)> {
    match parse_head(&text, file, rel, keep_prefix) {
        Ok((mut page, body_at)) => {
            text.drain(..body_at);
            page.body = text;
            Ok(page)
        }
        Err(d) => Err((d, text)),
    }
}

/// [`parse`] without the body: the page with an empty body, and where the body starts in `text`.
fn parse_head(
    text: &str,
    file: &Path,
    rel: &Path,
    keep_prefix: bool,
) -> Result<(Page, usize), Diagnostic> {
    let parts = super::frontmatter::split(text, file)?;
    // The body is the end of the text (after a byte-order mark, the front matter and its lines).
    let body_at = text.len() - parts.body.len();
    let meta: FrontMatter = if parts.yaml.trim().is_empty() {
        return Err(
            Diagnostic::error(file, parts.yaml_line, "de front matter is leeg")
                .hint("geef de pagina minstens een titel: `title: Titel van de pagina`"),
        );
    } else if let Some(meta) = simple_front_matter(parts.yaml) {
        meta
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
    let page = Page {
        file: file.to_path_buf(),
        url,
        parent,
        is_section,
        yaml_line: parts.yaml_line,
        front_matter: parts.yaml.to_string(),
        body: String::new(),
        body_line: parts.body_line,
        sort_key: (order, name),
        meta,
    };
    Ok((page, body_at))
}

/// The front matter of the common simple shape, read without the YAML parser (which costs
/// about 30,000 instructions for two keys): one `key: value` per line, the keys those of
/// [`FrontMatter`] that hold one text, number or true/false (and `keywords: [a, b]`), each
/// once, `title` among them, the values plain or quoted without escapes and never one that YAML
/// could read as anything but that text, number or true/false. Anything else, and every
/// front matter with a problem, is None: it goes through `yaml::parse`, which gives the same
/// value for what this accepts (tests below) and the diagnostics for the rest.
fn simple_front_matter(yaml: &str) -> Option<FrontMatter> {
    if yaml
        .chars()
        .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}'))
    {
        return None;
    }
    let mut meta = FrontMatter::titled(String::new());
    let mut seen = [false; 7];
    for line in yaml.split('\n') {
        if line.is_empty() {
            continue;
        }
        let key_len = line
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
            .count();
        let (key, rest) = line.split_at(key_len);
        let value = rest.strip_prefix(':')?;
        let value = value.trim_start_matches(' ');
        if value.len() == rest.len() - 1 || value.is_empty() || value.ends_with(' ') {
            // No space after the colon, no value, or trailing spaces.
            return None;
        }
        let slot = match key {
            "title" => 0,
            "summary" => 1,
            "order" | "weight" => 2,
            "draft" => 3,
            "department" => 4,
            "print_answers" => 5,
            "keywords" => 6,
            _ => return None,
        };
        if std::mem::replace(&mut seen[slot], true) {
            return None;
        }
        match slot {
            0 => meta.title = simple_text(value)?,
            1 => meta.summary = simple_text(value)?,
            2 => meta.order = Some(simple_integer(value)?),
            3 => meta.draft = simple_bool(value)?,
            4 => meta.department = Some(simple_text(value)?),
            5 => meta.print_answers = Some(simple_bool(value)?),
            _ => meta.keywords = simple_list(value)?,
        }
    }
    seen[0].then_some(meta)
}

/// A text value on one line: `"…"` or `'…'` without quotes or escapes inside, or a plain text
/// that YAML reads as this text only (not a null, true/false, number or date, no comment, no
/// `: `, no reference, tag or other sign at its start).
fn simple_text(value: &str) -> Option<String> {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            return (!inner.contains(['"', '\'', '\\'])).then(|| inner.to_string());
        }
    }
    simple_plain(value, false).then(|| value.to_string())
}

/// A plain scalar that is a text and nothing else; `in_list`: inside `[…]`, where a comma
/// ends it.
fn simple_plain(value: &str, in_list: bool) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() {
        // Digits (numbers, dates), signs and YAML's indicators (`- ? : , [ ] { } # & * ! | > ' " % @ \``).
        return false;
    }
    if value.ends_with(':')
        || value.contains(": ")
        || value.contains(" #")
        || value.contains(['[', ']', '{', '}', '$', '\\'])
        || (in_list && value.contains([',', ':', '#', '"', '\'']))
    {
        return false;
    }
    // YAML 1.1 and 1.2 words for null and true/false, in any case.
    const WORDS: [&str; 10] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan",
    ];
    !WORDS.iter().any(|w| value.eq_ignore_ascii_case(w))
}

/// A whole number as YAML writes it in decimal: `0`, `12`, `-3` (no `+`, leading zeros, `_`).
fn simple_integer(value: &str) -> Option<i64> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let plain = !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| value.parse().ok()).flatten()
}

/// `true` or `false`, exactly.
fn simple_bool(value: &str) -> Option<bool> {
    match value {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `[]` or `[a, b c, d]`: plain texts separated by a comma and one space.
fn simple_list(value: &str) -> Option<Vec<String>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(", ")
        .map(|item| {
            let plain = simple_plain(item, true) && !item.ends_with(' ');
            plain.then(|| item.to_string())
        })
        .collect()
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
        meta: FrontMatter::titled(title),
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
    fn a_page_parsed_from_its_own_text_is_the_page_parsed_from_a_borrowed_one() {
        let file = Path::new("content/a.md");
        for text in [
            "---\ntitle: A\n---\nTekst\n\n## Kop\n",
            "\u{feff}---\ntitle: \"B\"\nsummary: s\n---\n\nMet BOM.",
            "---\r\ntitle: C\r\n...\r\nWindows-regels\r\n",
            "---\ntitle: D\n---\n",
        ] {
            let borrowed = parse(text, file, Path::new("a.md"), false).unwrap();
            let owned = parse_owned(text.to_string(), file, Path::new("a.md"), false).unwrap();
            assert_eq!(format!("{owned:?}"), format!("{borrowed:?}"));
            assert!(text.ends_with(&owned.body));
        }
        // On an error the text comes back whole, for the stand-in page.
        let (d, back) =
            parse_owned("geen front matter".into(), file, Path::new("a.md"), false).unwrap_err();
        assert_eq!(back, "geen front matter");
        assert!(d.message.contains("front matter"));
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

    /// What serde-saphyr makes of `yaml`: the value, or the diagnostic as text.
    fn by_parser(yaml: &str) -> Result<String, String> {
        yaml::parse::<FrontMatter>(yaml, Path::new("content/a.md"), 1)
            .map(|m| format!("{m:?}"))
            .map_err(|d| format!("{d:?}"))
    }

    /// Where the fast path reads a front matter, the YAML parser reads the same.
    fn assert_same(yaml: &str) -> bool {
        match simple_front_matter(yaml) {
            Some(fast) => {
                assert_eq!(Ok(format!("{fast:?}")), by_parser(yaml), "{yaml:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_fast_path_reads_the_common_shapes() {
        for yaml in [
            "title: \"Provincie trein wens\"\nweight: 2735\n",
            "title: Signalen\nsummary: Wat je ziet, en wat je dan doet.\norder: 2\n",
            "title: 'Een titel'\nsummary: \"Let op: dit # is geen commentaar\"\n",
            "title: Casussen\nsummary: Oefen met situaties uit het werk van de gemeente. Welke signalen zie je?\nkeywords: [casus, casussen, oefenen, Zorg- en Veiligheidshuis, non-punishment]\n",
            "title: T\ndraft: true\n",
            "title: T\ndraft: false\nprint_answers: true\ndepartment: Wmo-consulent\n",
            "title: T\norder: -3\n",
            "title: T\norder: 0\nkeywords: []\n",
            "title: Één café\nsummary: C# en https://example.org/x?a=b, met 'aanhalingstekens' en \"zo\"\n",
            "\ntitle: T\n\nsummary: S\n",
            "title: \"\"\n",
            "title:   ruim\n",
        ] {
            assert!(assert_same(yaml), "fast path not taken: {yaml:?}");
        }
    }

    #[test]
    fn everything_else_goes_to_the_yaml_parser() {
        for yaml in [
            "title: yes\n",
            "title: ~\n",
            "title: null\n",
            "title: Null\n",
            "title: NO\n",
            "title: off\n",
            "title: 2024\n",
            "title: 2024-01-01\n",
            "title: 1e3\n",
            "title: .inf\n",
            "title: T # commentaar\n",
            "# commentaar\ntitle: T\n",
            "title: \"a\\\"b\"\n",
            "title: \"a\\tb\"\n",
            "title: 'it''s'\n",
            "title: a: b\n",
            "title: a:\n",
            "title: T\n  vervolg\n",
            " title: T\n",
            "title: &a T\nsummary: *a\n",
            "title: !!str T\n",
            "title: T\ntitle: U\n",
            "title: T\norder: 1\nweight: 2\n",
            "title: T\norder: 007\n",
            "title: T\norder: +7\n",
            "title: T\norder: 0x10\n",
            "title: T\norder: 1_000\n",
            "title: T\norder: 99999999999999999999\n",
            "title: T\ndraft: True\n",
            "title: T\ndraft: yes\n",
            "title:\tT\n",
            "title: T\t\n",
            "title: T \n",
            "title: T\r\n",
            "title:T\n",
            "title:\n",
            "summary: S\n",
            "title: T\nsumary: S\n",
            "title: T\nupdated: 2024-01-01\n",
            "title: T\nkeywords: [a,b]\n",
            "title: T\nkeywords: [a, [b]]\n",
            "title: T\nkeywords: [a, 'b']\n",
            "title: T\nkeywords: [a, b: c]\n",
            "title: T\nkeywords: [a, 12]\n",
            "title: T\nkeywords: [ a]\n",
            "title: T\nkeywords:\n  - a\n",
            "title: [Concept] Titel\n",
            "title: {a: b}\n",
            "title: ${HOME}\n",
            "title: - a\n",
            "title: | a\n",
            "\"title\": T\n",
            "title: T\n---\n",
            "title: \u{feff}T\n",
        ] {
            assert!(simple_front_matter(yaml).is_none(), "{yaml:?}");
        }
    }

    #[test]
    fn bad_front_matter_keeps_its_diagnostics() {
        // The fast path never answers for these, so each diagnostic is the YAML parser's.
        for (text, line) in [
            ("---\ntitle: X\nsumary: y\n---\n", 3),
            ("---\ntitle: X\ntitle: Y\n---\n", 3),
            ("---\ntitle: X\ndraft: misschien\n---\n", 3),
            ("---\ntitle: X\norder: abc\n---\n", 3),
            ("---\ntitle: a: b\n---\n", 2),
            ("---\ntitle: ~\n---\n", 2),
        ] {
            let d = page("a.md", text).unwrap_err();
            assert_eq!(d.line, line, "{text:?}: {d:?}");
            let yaml = super::super::frontmatter::split(text, Path::new("a.md"))
                .unwrap()
                .yaml;
            assert_eq!(Err(format!("{d:?}")), by_parser(yaml), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Lines of known and unknown keys with values from an alphabet full of YAML's signs:
        /// wherever the fast path answers, the YAML parser answers the same.
        #[test]
        fn fast_path_equals_the_yaml_parser(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "title", "summary", "order", "weight", "draft", "department",
                        "print_answers", "keywords", "updated", "titel",
                    ]),
                    proptest::sample::select(vec![": ", ":  ", ":", ": \"", ": '", ": [", " : "]),
                    "[a-zA-Zé0-9 :#'\"\\[\\],\\-?&*!|>%@~.$\\\\{}\t]{0,12}",
                    proptest::sample::select(vec!["", "\"", "'", "]", " ", ":", " #x"]),
                ),
                1..5,
            )
        ) {
            let yaml: String = lines
                .iter()
                .map(|(k, sep, v, end)| format!("{k}{sep}{v}{end}\n"))
                .collect();
            assert_same(&yaml);
        }

        #[test]
        fn fast_path_equals_the_yaml_parser_on_values(
            value in "[a-zA-Zé0-9 :#'\",\\-?&*!%@~.]{1,16}",
            number in "-?[0-9]{1,20}",
            flag in proptest::sample::select(vec!["true", "false", "True", "yes", "no", "1", "~"]),
            words in proptest::collection::vec("[a-zA-Z][a-zA-Z \\-:#']{0,8}", 0..4),
        ) {
            let list = format!("[{}]", words.join(", "));
            for yaml in [
                format!("title: {value}\n"),
                format!("title: T\nsummary: {value}\n"),
                format!("title: \"{value}\"\n"),
                format!("title: '{value}'\n"),
                format!("title: T\norder: {number}\n"),
                format!("title: T\nweight: {number}\n"),
                format!("title: T\ndraft: {flag}\n"),
                format!("title: T\nprint_answers: {flag}\n"),
                format!("title: T\ndepartment: {value}\n"),
                format!("title: T\nkeywords: {list}\n"),
            ] {
                assert_same(&yaml);
            }
        }
    }
}
