//! Markdown tables on a phone: each table sits in a labelled region that the keyboard can reach
//! and that scrolls sideways when the table is wider than the screen (the pattern GOV.UK and NL
//! Design System use), so no cell has to break its words letter by letter. And long web addresses
//! in text get break points after their slashes and before their dots, so a line breaks there and
//! not inside a word.

use crate::util::hash::FastMap;
use crate::util::html::escape;
use pulldown_cmark::{Event, Tag, TagEnd};

/// Wrap every table in `<div class="table-scroll" role="region" aria-label="…" tabindex="0">`.
/// A Markdown table has no caption, so the region is named after the heading above it (or the
/// page's title before the first heading): "Tabel bij Afspraken", then "Tabel 2 bij Afspraken"
/// for the next one under the same heading, so every name on the page is its own.
///
/// `addresses` false says no text can hold a web address (see [`may_hold_address`]), which
/// spares the search in every text of a page.
///
/// The events stream through on their way to the HTML writer: a heading comes before the
/// tables it names, so nothing needs the whole page, and no second list of events is made.
pub fn wrap<'a, 't, I>(events: I, page_title: &'t str, addresses: bool) -> Wrap<'a, 't, I::IntoIter>
where
    I: IntoIterator<Item = Event<'a>>,
{
    Wrap {
        events: events.into_iter(),
        queued: None,
        page_title,
        addresses,
        heading: String::new(),
        in_heading: false,
        image_depth: 0,
        per_name: FastMap::default(),
    }
}

/// The events of [`wrap`], as they come.
pub struct Wrap<'a, 't, I> {
    events: I,
    /// An event that follows the one just handed out (a region's opening comes before its
    /// table, its close after the table's end).
    queued: Option<Event<'a>>,
    page_title: &'t str,
    addresses: bool,
    /// Text of the last heading.
    heading: String,
    in_heading: bool,
    image_depth: usize,
    /// Tables so far per region name.
    per_name: FastMap<String, usize>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Wrap<'a, '_, I> {
    type Item = Event<'a>;

    // Inlined into the HTML writer's loop, so an event is not copied out once more for it.
    #[inline(always)]
    fn next(&mut self) -> Option<Event<'a>> {
        // `take` on an empty slot would still copy the whole (empty) event out of it.
        if self.queued.is_some() {
            return self.queued.take();
        }
        let event = self.events.next()?;
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                self.in_heading = true;
                self.heading.clear();
            }
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Text(t) | Event::Code(t) if self.in_heading => self.heading.push_str(t),
            Event::Start(Tag::Image { .. }) => self.image_depth += 1,
            Event::End(TagEnd::Image) => self.image_depth = self.image_depth.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                let open = self.region_open();
                self.queued = Some(event);
                return Some(Event::Html(open.into()));
            }
            Event::End(TagEnd::Table) => {
                self.queued = Some(Event::Html("</div>\n".into()));
            }
            // The alt text of an image is plain text: no markup in it.
            Event::Text(t) if self.addresses && self.image_depth == 0 && has_address(t) => {
                return Some(Event::Html(breakable(t).into()));
            }
            _ => {}
        }
        Some(event)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (low, _) = self.events.size_hint();
        (low + usize::from(self.queued.is_some()), None)
    }
}

impl<I> Wrap<'_, '_, I> {
    /// The opening tag of the region of the next table under the current heading.
    #[inline(never)]
    fn region_open(&mut self) -> String {
        let name = match self
            .heading
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
        {
            h if h.is_empty() => self.page_title.trim().to_string(),
            h => h,
        };
        let n = self.per_name.entry(name.clone()).or_insert(0);
        *n += 1;
        let label = if *n == 1 {
            format!("Tabel bij {name}")
        } else {
            format!("Tabel {n} bij {name}")
        };
        format!(
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n",
            escape(&label)
        )
    }
}

/// Whether a text parsed from `source` could hold a web address: only if the source spells
/// one, or has an entity or a backslash escape that could make one up (`http&#58;//`, `www\.`).
/// The texts of a page are pieces of its source otherwise.
pub fn may_hold_address(source: &str) -> bool {
    // Made once: `memmem::find` would set up its searcher again for every page.
    static FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("://"),
                memchr::memmem::Finder::new("www."),
            ]
        });
    let b = source.as_bytes();
    memchr::memchr2(b'&', b'\\', b).is_some() || FINDERS.iter().any(|f| f.find(b).is_some())
}

/// Whether a text holds a web address long enough to need break points: `://` or `www.`.
/// Prose has few `:` and `.`, so one vectorised search for those two finds every candidate.
fn has_address(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b':', b'.', b).any(|i| match b[i] {
        b':' => b[i + 1..].starts_with(b"//"),
        _ => b[..i].ends_with(b"www"),
    })
}

/// `text` as HTML, with `<wbr>` after each `/` and before each `.`, `-`, `_`, `?`, `&`, `=` and
/// `#` of a web address in it: the places a line may break without splitting a word.
pub fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !has_address(word) {
            out.push_str(&escape(word));
            continue;
        }
        let chars: Vec<char> = word.chars().collect();
        for (k, c) in chars.iter().enumerate() {
            let prev = k.checked_sub(1).map(|p| chars[p]);
            if matches!(c, '.' | '-' | '_' | '?' | '&' | '=' | '#')
                && prev.is_some_and(|p| p != '/')
            {
                out.push_str("<wbr>");
            }
            out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
            // After a slash, but not between the two of `https://`.
            if *c == '/' && chars.get(k + 1) != Some(&'/') {
                out.push_str("<wbr>");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_as_by_searching_both_patterns() {
        for text in [
            "zie https://x.nl",
            "www.x.nl",
            "wwww.x",
            "ww.x",
            "w.w.w.",
            "a/b",
            ":/",
            "://",
            "x:/ /",
            "het www .nl",
            ".www",
            "www",
            "www.",
            "ééwww.",
            "/",
            "",
            "a. b. c.",
        ] {
            let by_both = text.contains("://") || text.contains("www.");
            assert_eq!(has_address(text), by_both, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn addresses_are_found_in_any_text(text in "[w./:é a]{0,12}") {
            let by_both = text.contains("://") || text.contains("www.");
            proptest::prop_assert_eq!(has_address(&text), by_both);
        }
    }

    #[test]
    fn addresses_break_after_slashes_and_before_dots() {
        assert_eq!(
            breakable("zie https://wetten.overheid.nl/BWBR0001854/ nu"),
            "zie https://<wbr>wetten<wbr>.overheid<wbr>.nl/<wbr>BWBR0001854/<wbr> nu"
        );
        assert_eq!(breakable("a < b"), "a &lt; b");
    }
}

#[cfg(test)]
mod page_tests {
    use crate::markdown::tests::page;

    #[test]
    fn every_table_scrolls_in_its_own_named_region() {
        let t = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        let r = page(&format!(
            "{t}\n## Afspraken *per* organisatie\n\n{t}\n{t}\n## Bronnen\n\n{t}"
        ));
        let names: Vec<&str> = r
            .html
            .match_indices("<div class=\"table-scroll\" role=\"region\" aria-label=\"")
            .map(|(i, m)| {
                let rest = &r.html[i + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        assert_eq!(
            names,
            [
                "Tabel bij Pagina",
                "Tabel bij Afspraken per organisatie",
                "Tabel 2 bij Afspraken per organisatie",
                "Tabel bij Bronnen"
            ],
            "{}",
            r.html
        );
        assert!(r.html.contains("tabindex=\"0\">\n<table>"), "{}", r.html);
        assert_eq!(r.html.matches("</table>\n</div>").count(), 4, "{}", r.html);
    }
}
