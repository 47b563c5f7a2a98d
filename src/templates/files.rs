//! Generated files that are not pages: sitemap.xml and vCards.

use crate::config::SiteConfig;
use crate::content::partner::Partner;
use crate::util::html::escape;

pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    with_slash(path)
}

pub(crate) fn with_slash(s: &str) -> String {
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

pub(crate) fn sitemap(config: &SiteConfig, paths: &[String]) -> String {
    let base = with_slash(&config.base_url);
    let mut urls: Vec<&str> = paths
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html"))
        .collect();
    urls.sort();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    // One line per page, 10,000 at 10,000 pages: pushed into one string, the base escaped once.
    let base = escape(&base);
    s.reserve(urls.iter().map(|u| u.len() + base.len() + 32).sum());
    for u in urls {
        s.push_str("  <url><loc>");
        s.push_str(&base);
        s.push_str(&escape(u));
        s.push_str("</loc></url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// A vCard 3.0 text value: `\\`, `,` and `;` escaped; every line break (CR LF, LF or a lone CR)
/// becomes `\\n`, so no value can start a line of its own (`X\rTEL:…` would add a property);
/// other control characters but the tab are left out.
pub(crate) fn vcard_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// vCard 3.0 of a partner, so staff can save the contact in their phone.
pub(crate) fn vcard(p: &Partner) -> String {
    let esc = vcard_escape;
    let c = &p.record.contact;
    let mut v = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nORG:{}\r\n",
        esc(&p.record.name),
        esc(&p.record.name)
    );
    if let Some(x) = &c.phone {
        v.push_str(&format!("TEL;TYPE=WORK,VOICE:{}\r\n", esc(x)));
    }
    if let Some(x) = &c.phone_extra {
        v.push_str(&format!("TEL;TYPE=WORK:{}\r\n", esc(x)));
    }
    if let Some(x) = &c.email {
        v.push_str(&format!("EMAIL;TYPE=INTERNET:{}\r\n", esc(x)));
    }
    if let Some(x) = &c.website {
        v.push_str(&format!("URL:{}\r\n", esc(&x.value)));
    }
    if let Some(x) = &c.address {
        v.push_str(&format!("ADR;TYPE=WORK:;;{};;;;\r\n", esc(x)));
    }
    v.push_str(&format!(
        "NOTE:{}\r\nREV:{}\r\nEND:VCARD\r\n",
        esc(&p.record.summary),
        esc(&p.record.consulted.value)
    ));
    v
}

#[cfg(test)]
mod tests {
    use super::vcard_escape;

    #[test]
    fn vcard_values_never_break_a_line() {
        assert_eq!(vcard_escape("X\r\nTEL:+31-666"), "X\\nTEL:+31-666");
        assert_eq!(vcard_escape("X\rTEL:1"), "X\\nTEL:1");
        assert_eq!(vcard_escape("a\nb"), "a\\nb");
        assert_eq!(vcard_escape("a\0b\x0bc\u{85}d\te"), "abcd\te");
        assert_eq!(vcard_escape("a,b;c\\d"), "a\\,b\\;c\\\\d");
    }
}
