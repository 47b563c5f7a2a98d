//! Where a link in the content points, and the relative href that reaches it from a page.

use crate::util::percent::percent_decode;
use std::borrow::Cow;
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

/// A link as written in Markdown, classified: pieces of the link as written, so classifying
/// copies nothing (every link of every page is classified).
#[derive(Debug, PartialEq, Eq)]
pub enum Link<'a> {
    /// An address with a scheme (`https:`, `mailto:` …), as written.
    External(&'a str),
    /// Only `#anchor`, on the same page.
    Fragment(&'a str),
    /// `partner:ID`
    Partner(&'a str),
    /// `begrip:ID`
    Term(&'a str),
    /// A relative path to a file (`04-signalering.md#x`, `../img/a.png`).
    File {
        /// The path as written (still percent-encoded: [`join`] decodes it).
        path: &'a str,
        /// The `#anchor` after it, if any.
        anchor: Option<&'a str>,
    },
    /// A site-absolute path (`/partners/`).
    SiteAbsolute {
        /// The site path without the leading `/` (`beleidsplan/`).
        url: String,
        /// The `#anchor` after it, if any.
        anchor: Option<&'a str>,
    },
}

/// What kind of link target `dest` is (no lookup: see `markdown::resolve`).
pub fn classify(dest: &str) -> Link<'_> {
    let dest = dest.trim();
    if let Some(id) = dest.strip_prefix("partner:") {
        return Link::Partner(id.trim());
    }
    if let Some(id) = dest.strip_prefix("begrip:") {
        return Link::Term(id.trim());
    }
    if let Some(a) = dest.strip_prefix('#') {
        return Link::Fragment(a);
    }
    // Case does not change which characters are ASCII alphanumeric: no lower-case copy needed.
    let has_scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || dest.starts_with("//") {
        return Link::External(dest);
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
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

/// Schemes a link may use. Everything else (`javascript:`, `data:`, `vbscript:`, `file:`, any
/// unknown scheme) could run script in the reader's browser or reach the reader's own disk.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of a link as a browser could read it, in lower case; `None` for a relative link.
/// Judged after decoding HTML entities and percent-escapes (repeatedly, so double encoding
/// does not hide one) and ignoring case, whitespace and control characters, so
/// `JaVaScRiPt:`, ` javascript:`, `&#106;avascript:` and `java\tscript:` all count.
pub fn scheme_of(dest: &str) -> Option<String> {
    // Most links are plain up to their first `/`, `?` or `#` (or their end) and have no `:`
    // before it: decoding and squeezing leave that stretch and the mark after it as they are,
    // so no reading finds a scheme. One look at each byte says so.
    let ran_out = 'look: {
        for b in dest.bytes() {
            match FIRST_LOOK[usize::from(b)] {
                PLAIN => {}
                ENDS_SCHEME => return None,
                _ => break 'look false,
            }
        }
        true
    };
    // Plain to the end, without a `:`: no scheme either.
    if ran_out {
        return None;
    }
    if is_plain(dest) {
        return scheme_in(dest).map(str::to_ascii_lowercase);
    }
    scheme_of_decoded(dest)
}

/// Whether decoding and squeezing leave `dest` as it is: printable ASCII with no `&` (entity)
/// and no `%` (escape), so no whitespace, control or invisible character either. Most links
/// (`04-signalering.md#kop`, `https://x.nl/`) are, and skip the careful path.
fn is_plain(dest: &str) -> bool {
    dest.bytes().all(is_plain_byte)
}

/// [`FIRST_LOOK`]: a byte of a plain link that is no `:`.
const PLAIN: u8 = 0;
/// [`FIRST_LOOK`]: `/`, `?` or `#`, which end the place where a scheme could be.
const ENDS_SCHEME: u8 = 1;
/// [`FIRST_LOOK`]: a `:`, or a byte that decoding or squeezing could change.
const OTHER: u8 = 2;

/// What each byte is to the first look of [`scheme_of`]: one table look per byte.
const FIRST_LOOK: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        if is_plain_byte(b as u8) && b as u8 != b':' {
            table[b] = PLAIN;
        }
        b += 1;
    }
    table[b'/' as usize] = ENDS_SCHEME;
    table[b'?' as usize] = ENDS_SCHEME;
    table[b'#' as usize] = ENDS_SCHEME;
    table
};

/// A byte of a plain link (see [`is_plain`]).
const fn is_plain_byte(b: u8) -> bool {
    b.is_ascii_graphic() && b != b'&' && b != b'%'
}

/// [`scheme_of`] the careful way, for any link: decode, squeeze, then read the scheme.
fn scheme_of_decoded(dest: &str) -> Option<String> {
    let mut text = dest.to_string();
    for _ in 0..4 {
        let next = percent_decode(&decode_entities(&text), false).unwrap_or_default();
        if next == text {
            break;
        }
        text = next;
    }
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(*c))
        .collect();
    scheme_in(&squeezed).map(str::to_ascii_lowercase)
}

/// The scheme of an already decoded and squeezed link, as written (any case).
fn scheme_in(text: &str) -> Option<&str> {
    // These are ASCII, so a byte scan finds them (a UTF-8 sequence never holds an ASCII byte).
    let end = text
        .bytes()
        .position(|b| matches!(b, b':' | b'/' | b'?' | b'#'))?;
    let scheme = &text[..end];
    let valid = text[end..].starts_with(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// Zero-width and soft-hyphen characters: invisible in an editor, so never part of a scheme.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// The one URL policy for links from content, records and site.yaml: the scheme that makes
/// `dest` unsafe, or `None` when it is relative or uses a scheme of [`SAFE_SCHEMES`] or of
/// `also` (such as `partner` and `begrip` in Markdown).
pub fn refused_scheme(dest: &str, also: &[&str]) -> Option<String> {
    scheme_of(dest).filter(|s| !SAFE_SCHEMES.contains(&s.as_str()) && !also.contains(&s.as_str()))
}

/// Whether `url` is an absolute web address: `http://` or `https://`, a host, and no
/// whitespace or control characters (for `website`, `source` and `base_url`).
pub fn is_web_url(url: &str) -> bool {
    let t = url.trim();
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(scheme_of(t).as_deref(), Some("http" | "https"))
        && rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !t.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A link as shown in a message: long `data:` links cut short.
pub fn shown(dest: &str) -> String {
    let one_line: String = dest
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line
    }
}

/// Decode numeric character references (`&#106;`, `&#x6A;`, with or without `;`) and the named
/// ones that spell URL punctuation (`&colon;`, `&Tab;` …); others are left as they are.
fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("plus;", '+'),
        ("period;", '.'),
        ("sol;", '/'),
        ("quest;", '?'),
        ("num;", '#'),
        ("amp;", '&'),
        ("amp", '&'),
        ("nbsp;", '\u{A0}'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(num) = after.strip_prefix('#') {
            let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (h, 16, 2),
                None => (num, 10, 1),
            };
            let len = digits
                .find(|c: char| !c.is_digit(radix))
                .unwrap_or(digits.len());
            if len > 0 {
                let value = u32::from_str_radix(&digits[..len], radix).ok();
                out.push(
                    value
                        .filter(|v| *v != 0)
                        .and_then(char::from_u32)
                        .unwrap_or('\u{FFFD}'),
                );
                let semi = usize::from(digits[len..].starts_with(';'));
                rest = &after[skip + len + semi..];
                continue;
            }
        } else if let Some((name, c)) = NAMED.iter().find(|(n, _)| after.starts_with(n)) {
            out.push(*c);
            rest = &after[name.len()..];
            continue;
        }
        out.push('&');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Join a relative link to the folder of `from` (a path relative to the site root) and
/// normalise `.` and `..`. `None` when it climbs above the site root.
pub fn join(from: &Path, rel: &str) -> Option<PathBuf> {
    // Without a `%` there is nothing to decode: no copy.
    let decoded = match memchr::memchr(b'%', rel.as_bytes()).is_some() {
        true => Cow::Owned(percent_decode(rel, false).unwrap_or_default()),
        false => Cow::Borrowed(rel),
    };
    if let Some(from) = from.to_str().filter(|f| cfg!(unix) && !f.starts_with('/')) {
        return join_unix(from, &decoded);
    }
    let base = from.parent().unwrap_or(Path::new(""));
    let mut out = PathBuf::new();
    for c in base.join(&*decoded).components() {
        match c {
            Component::Normal(s) => out.push(s.to_string_lossy().as_ref()),
            // `pop` fails, as on an empty list, only when nothing is left to climb out of.
            Component::ParentDir => out.pop().then_some(())?,
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// [`join`] on text, where `/` is the only separator: what `Path::components` and
/// `Path::parent` do there (empty and `.` parts skipped, the last part of `from` dropped)
/// without their cost per call. `from` is relative (the site root's own paths are).
fn join_unix(from: &str, rel: &str) -> Option<PathBuf> {
    if rel.starts_with('/') {
        return None; // `Path::join` would start again at the root.
    }
    // The usual link: a file beside a page whose path is in normal form already.
    if !matches!(rel, "" | "." | "..")
        && memchr::memchr(b'/', rel.as_bytes()).is_none()
        && is_normal(from)
    {
        let folder = memchr::memrchr(b'/', from.as_bytes()).map_or("", |i| &from[..i]);
        let mut out = String::with_capacity(folder.len() + 1 + rel.len());
        if !folder.is_empty() {
            out.push_str(folder);
            out.push('/');
        }
        out.push_str(rel);
        return Some(PathBuf::from(out));
    }
    // One string, cut back at each `..`: every link of every page comes here.
    let mut out = String::with_capacity(from.len() + rel.len());
    let step = |out: &mut String, part: &str| -> Option<()> {
        match part {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return None;
                }
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            normal => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(normal);
            }
        }
        Some(())
    };
    // The folder of `from`: its parts but the last.
    let mut folder = from
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .peekable();
    while let Some(part) = folder.next() {
        if folder.peek().is_some() {
            step(&mut out, part)?;
        }
    }
    for part in rel.split('/') {
        step(&mut out, part)?;
    }
    Some(PathBuf::from(out))
}

/// Whether a relative path has no empty, `.` or `..` part (`a/b.md`, not `a//b`, `./a`, `a/`).
fn is_normal(path: &str) -> bool {
    let bytes = path.as_bytes();
    // A look at each part, found by a vectorised search for the few slashes.
    let mut start = 0;
    for end in memchr::memchr_iter(b'/', bytes).chain([bytes.len()]) {
        if matches!(&bytes[start..end], b"" | b"." | b"..") {
            return false;
        }
        start = end + 1;
    }
    true
}

/// The relative path from a page at `page_url` to the site root: `a/b/` → `../../`.
pub fn root_of(page_url: &str) -> String {
    "../".repeat(page_url.matches('/').count())
}

/// The href of a site URL from a page: folders name their `index.html` so links work from disk.
pub fn href(root: &str, url: &str, anchor: Option<&str>) -> String {
    let anchor_len = anchor.map_or(0, |a| a.len() + 1);
    let mut h = String::with_capacity(root.len() + url.len() + "index.html".len() + anchor_len);
    h.push_str(root);
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
        assert_eq!(classify("https://x.nl"), Link::External("https://x.nl"));
        assert_eq!(classify("mailto:a@b.nl"), Link::External("mailto:a@b.nl"));
        assert_eq!(classify("partner:comensha"), Link::Partner("comensha"));
        assert_eq!(classify("#kop"), Link::Fragment("kop"));
        assert_eq!(
            classify("04-x.md#a"),
            Link::File {
                path: "04-x.md",
                anchor: Some("a")
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

    /// Script and local schemes however they are written: every one must be refused.
    const REFUSED: &[&str] = &[
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#106avascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "java\u{200B}script:alert(1)",
        "data:text/html,<script>alert(4)</script>",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:x",
        "file:///etc/passwd",
        "chrome://settings",
    ];

    #[test]
    fn refuses_script_schemes_however_written() {
        for &bad in REFUSED {
            assert!(refused_scheme(bad, &["partner"]).is_some(), "{bad:?}");
        }
        assert_eq!(
            refused_scheme("JaVa\tScRiPt:x", &[]).as_deref(),
            Some("javascript")
        );
    }

    /// Safe and relative links: none may be refused.
    const ACCEPTED: &[&str] = &[
        "https://x.nl/a?b=c:d",
        "HTTP://x.nl",
        "mailto:a@b.nl",
        "tel:+31201234567",
        "04-x.md#a:b",
        "../img/a.png",
        "/partners/",
        "#kop",
        "partners/",
        "begrippen/",
        "//example.org/x",
        "a/b:c.md",
        "",
    ];

    #[test]
    fn accepts_safe_and_relative_links() {
        for &good in ACCEPTED {
            assert_eq!(refused_scheme(good, &[]), None, "{good:?}");
        }
        assert_eq!(refused_scheme("partner:comensha", &["partner"]), None);
        assert_eq!(
            refused_scheme("begrip:x", &["partner"]).as_deref(),
            Some("begrip")
        );
    }

    /// Links that take the fast path of [`scheme_of`] and links that must not, besides the
    /// refusals of [`REFUSED`] and the links of [`ACCEPTED`].
    const TRICKY: &[&str] = &[
        "java\u{B}script:alert(1)",
        "\u{7F}javascript:alert(1)",
        "%256Aavascript:alert(1)",
        "java\u{AD}script:alert(1)",
        "1abc:x",
        "a+b-c.d:x",
        "a_b:x",
        ":x",
        "partner:comensha",
        "mijn bestand.md",
        "café.md",
        "a%20b.md",
        "100%",
        "a&b",
    ];

    #[test]
    fn join_on_text_agrees_with_join_on_paths() {
        let froms = [
            "content/a/x.md",
            "x.md",
            "",
            ".",
            "..",
            "../x.md",
            "./a/x.md",
            "a/./b/x.md",
            "a//b/x.md",
            "a/x.md/",
            "a/..",
            "/",
            "/x.md",
            "//a/x.md",
        ];
        let rels = [
            "y.md",
            "../y.md",
            "../../y.md",
            "../../../y.md",
            "./y.md",
            "a/./b",
            "a//b",
            "a/",
            "",
            ".",
            "..",
            "/etc",
            "//x",
            "a/../../b",
            "mijn%20bestand.md",
            "%2e%2e/x",
            "b/..",
        ];
        for from in froms {
            for rel in rels {
                let from = Path::new(from);
                assert_eq!(join(from, rel), join_by_list(from, rel), "{from:?} {rel:?}");
            }
        }
    }

    #[test]
    fn fast_scheme_path_agrees_with_the_careful_one() {
        let mut fast = 0;
        for dest in REFUSED.iter().chain(ACCEPTED).chain(TRICKY) {
            fast += usize::from(is_plain(dest));
            assert_eq!(scheme_of(dest), scheme_of_decoded(dest), "{dest:?}");
        }
        // Both paths are exercised by the table.
        assert!(
            fast > 10 && fast < REFUSED.len() + ACCEPTED.len() + TRICKY.len() - 10,
            "{fast}"
        );
        assert!(!is_plain("java\tscript:x") && !is_plain("%6A:x") && !is_plain("&#106;:x"));
    }

    proptest::proptest! {
        #[test]
        fn fast_scheme_path_agrees_on_any_link(
            dest in "[a-zA-Z0-9:/?#.+_&;%\\- \t\x01\x7F\u{AD}\u{200B}é]{0,16}"
        ) {
            proptest::prop_assert_eq!(scheme_of(&dest), scheme_of_decoded(&dest));
        }

        #[test]
        fn join_agrees_with_the_list_of_components(
            rel in "([a-z%20]{1,4}|\\.|\\.\\.|/){0,6}",
            from in "([a-z]{1,3}|\\.|\\.\\.|/){0,5}"
        ) {
            let from = Path::new(&from);
            proptest::prop_assert_eq!(join(from, &rel), join_by_list(from, &rel));
        }
    }

    /// `join` as it was written first, with a list of owned components, to compare against.
    fn join_by_list(from: &Path, rel: &str) -> Option<PathBuf> {
        let decoded = percent_decode(rel, false).unwrap_or_default();
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

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://www.fairwork.nu/"));
        assert!(is_web_url("http://x.nl"));
        for bad in [
            "javascript:alert(1)",
            "https://",
            "https:///x",
            "www.x.nl",
            "ftp://x.nl",
            "https://x.nl/a b",
            "https://x.nl/\r\nSet: y",
            "&#106;avascript://x.nl",
        ] {
            assert!(!is_web_url(bad), "{bad:?}");
        }
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
