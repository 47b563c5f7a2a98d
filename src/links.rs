//! Where a link in the content points, and the relative href that reaches it from a page.

use std::path::{Component, Path, PathBuf};

/// What the site knows about its targets; implemented by the site model.
pub trait Resolver: Sync {
    /// URL of the page built from a content file (`content/a/01-b.md` → `a/b/`).
    fn page_url(&self, file: &Path) -> Option<String>;
    /// URL of a partner or municipality record.
    fn partner_url(&self, id: &str) -> Option<String>;
    /// Whether the glossary holds a term with this id.
    fn has_term(&self, id: &str) -> bool;
    /// Output path of a copied asset (image, PDF) from its file path.
    fn asset_url(&self, file: &Path) -> Option<String>;
    /// Whether a site URL exists (for links written as `/partners/`).
    fn url_exists(&self, url: &str) -> bool;
    /// Every partner id, for "bedoel je ...?" hints.
    fn partner_ids(&self) -> Vec<String> {
        Vec::new()
    }
    /// Whether a content file is a page with `draft: true` (not published).
    fn draft_page(&self, _file: &Path) -> bool {
        false
    }
}

/// A link as written in Markdown, classified.
#[derive(Debug, PartialEq, Eq)]
pub enum Link {
    External(String),
    /// Only `#anchor`, on the same page.
    Fragment(String),
    /// `partner:ID`
    Partner(String),
    /// `begrip:ID`
    Term(String),
    /// A relative path to a file (`04-signalering.md#x`, `../img/a.png`).
    File {
        path: String,
        anchor: Option<String>,
    },
    /// A site-absolute path (`/partners/`).
    SiteAbsolute {
        url: String,
        anchor: Option<String>,
    },
}

pub fn classify(dest: &str) -> Link {
    let dest = dest.trim();
    if let Some(id) = dest.strip_prefix("partner:") {
        return Link::Partner(id.trim().to_string());
    }
    if let Some(id) = dest.strip_prefix("begrip:") {
        return Link::Term(id.trim().to_string());
    }
    if let Some(a) = dest.strip_prefix('#') {
        return Link::Fragment(a.to_string());
    }
    let lower = dest.to_ascii_lowercase();
    let has_scheme = lower.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || dest.starts_with("//") {
        return Link::External(dest.to_string());
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p.to_string(), Some(a.to_string())),
        None => (dest.to_string(), None),
    };
    if let Some(abs) = path.strip_prefix('/') {
        let mut url = abs.trim_end_matches("index.html").to_string();
        if !url.is_empty() && !url.ends_with('/') {
            url.push('/');
        }
        return Link::SiteAbsolute { url, anchor };
    }
    Link::File { path, anchor }
}

/// Join a relative link to the folder of `from` (a path relative to the site root) and
/// normalise `.` and `..`. `None` when it climbs above the site root.
pub fn join(from: &Path, rel: &str) -> Option<PathBuf> {
    let decoded = percent_decode(rel);
    let base = from.parent().unwrap_or(Path::new(""));
    let mut out: Vec<String> = Vec::new();
    for c in base.join(decoded).components() {
        match c {
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                out.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out.iter().collect())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The relative path from a page at `page_url` to the site root: `a/b/` → `../../`.
pub fn root_of(page_url: &str) -> String {
    "../".repeat(page_url.matches('/').count())
}

/// The href of a site URL from a page: folders name their `index.html` so links work from disk.
pub fn href(root: &str, url: &str, anchor: Option<&str>) -> String {
    let mut h = String::from(root);
    h.push_str(url);
    if url.is_empty() || url.ends_with('/') {
        h.push_str("index.html");
    }
    if let Some(a) = anchor.filter(|a| !a.is_empty()) {
        h.push('#');
        h.push_str(a);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(
            classify("https://x.nl"),
            Link::External("https://x.nl".into())
        );
        assert_eq!(
            classify("mailto:a@b.nl"),
            Link::External("mailto:a@b.nl".into())
        );
        assert_eq!(
            classify("partner:comensha"),
            Link::Partner("comensha".into())
        );
        assert_eq!(classify("#kop"), Link::Fragment("kop".into()));
        assert_eq!(
            classify("04-x.md#a"),
            Link::File {
                path: "04-x.md".into(),
                anchor: Some("a".into())
            }
        );
        assert_eq!(
            classify("/partners/"),
            Link::SiteAbsolute {
                url: "partners/".into(),
                anchor: None
            }
        );
    }

    #[test]
    fn joins() {
        let from = Path::new("content/beleidsplan/04-x.md");
        assert_eq!(
            join(from, "05-y.md"),
            Some(PathBuf::from("content/beleidsplan/05-y.md"))
        );
        assert_eq!(
            join(from, "../signalen/a.md"),
            Some(PathBuf::from("content/signalen/a.md"))
        );
        assert_eq!(join(from, "../../../../etc"), None);
        assert_eq!(
            join(from, "mijn%20bestand.md"),
            Some(PathBuf::from("content/beleidsplan/mijn bestand.md"))
        );
    }

    #[test]
    fn hrefs() {
        assert_eq!(root_of("a/b/"), "../../");
        assert_eq!(root_of(""), "");
        assert_eq!(
            href("../", "partners/x/", Some("y")),
            "../partners/x/index.html#y"
        );
        assert_eq!(href("", "", None), "index.html");
        assert_eq!(href("../", "css/site.css", None), "../css/site.css");
    }
}
