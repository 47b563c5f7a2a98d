//! Markdown → HTML for one page: heading ids and table of contents, checked links, escaped raw
//! HTML, checklists and flowcharts, and the plain text of each section for search.

mod callouts;
pub mod casus;
pub mod checklist;
mod events;
mod footnotes;
mod headings;
pub mod mermaid;
pub mod resolve;
pub mod tables;

use crate::error::Diagnostic;
use crate::links::{self, Resolver};
use crate::util::html::escape;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options as CmOptions, Parser, Tag, TagEnd};
pub use resolve::LINK_POLICY_HINT;
use resolve::{refused_link, resolve, LinkUse, Target};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;

pub use callouts::{is_open_point, record_block as open_points_block};
pub use headings::TocEntry;

/// Everything one page's render needs to know.
pub struct Options<'a> {
    /// The page's file, relative to the site root (for messages).
    pub file: &'a Path,
    /// Relative links are resolved from this file's folder (the page itself, or `content/x`
    /// for record fields, whose links are written relative to content/).
    pub link_base: &'a Path,
    /// Line of the file where the Markdown starts.
    pub body_line: usize,
    /// Relative path from the page to the site root (`../../`).
    pub root: &'a str,
    /// Raw HTML passes through (site.yaml `allow_html`); otherwise it is shown as text.
    pub allow_html: bool,
    /// What links may reach.
    pub resolver: &'a dyn Resolver,
    /// Generated blocks that `<!-- name -->` lines stand for.
    pub placeholders: &'a BTreeMap<String, String>,
    /// Render task lists as an interactive checklist (pages under signalen/).
    pub checklist: Option<&'a crate::markdown::checklist::Spec>,
    /// Render `##` questions as a training case (pages under casussen/).
    pub casus: Option<&'a crate::markdown::casus::Spec>,
    /// Title used for flowcharts without their own `accTitle`.
    pub title: &'a str,
    /// `open_points: hide` in site.yaml: open points are listed, never shown.
    pub hide_open_points: bool,
}

/// An `#anchor` link, checked once every page is rendered (see `check::anchors`).
#[derive(Debug, Clone)]
pub struct PendingAnchor {
    /// The page the anchor should be on.
    pub target: AnchorTarget,
    /// The anchor without `#`.
    pub anchor: String,
    /// Line of the link in its file.
    pub line: usize,
    /// Column of the link (0: not known).
    pub column: usize,
}

/// The page a `#anchor` link points into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorTarget {
    /// `#x` alone: the page the link is on (whose URL the renderer does not know).
    SamePage,
    /// The page at this URL (`beleidsplan/`).
    Url(String),
}

impl AnchorTarget {
    /// The URL of the target page, for a link found on the page at `page_url`.
    pub fn url<'a>(&'a self, page_url: &'a str) -> &'a str {
        match self {
            AnchorTarget::SamePage => page_url,
            AnchorTarget::Url(url) => url,
        }
    }
}

/// A stretch of the page between two headings (h2/h3), as plain text for search.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    /// Heading id, `None` for the text before the first heading.
    pub anchor: Option<String>,
    /// The heading's text.
    pub heading: String,
    /// The section's plain text (empty once moved to the spill file).
    pub text: String,
    /// Where the text went when a large site parks it in its spill file while the other pages
    /// render ([`crate::util::spill`]).
    pub spilled: Option<crate::util::spill::Spilled>,
}

#[derive(Debug, Default)]
/// What rendering one Markdown text gives.
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings h2 and h3, for the table of contents.
    pub toc: Vec<TocEntry>,
    /// Every id on the page that a link may point at.
    pub ids: HashSet<String>,
    /// `#anchor` links, checked once every page is rendered.
    pub pending: Vec<PendingAnchor>,
    /// Plain text per section, for the search index.
    pub sections: Vec<TextSection>,
    /// Problems found in the text.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of signals when the page is a checklist.
    pub signals: Option<usize>,
    /// Number of questions when the page is a training case.
    pub casus_questions: Option<usize>,
    /// Line of each direct-report signal (`**Meld direct:**`) of a checklist.
    pub direct_lines: Vec<usize>,
    /// Node texts of the page's flowcharts.
    pub flowchart_texts: Vec<String>,
    /// Number of flowcharts on the page.
    pub flowcharts: usize,
    /// The `> [!OPEN]` blocks, shown or not.
    pub open_points: Vec<crate::open_points::OpenPoint>,
}

/// The Markdown extensions content may use (tables, footnotes, task lists …).
pub fn cmark_options() -> CmOptions {
    CmOptions::ENABLE_TABLES
        | CmOptions::ENABLE_FOOTNOTES
        | CmOptions::ENABLE_STRIKETHROUGH
        | CmOptions::ENABLE_TASKLISTS
        | CmOptions::ENABLE_HEADING_ATTRIBUTES
}

/// Line starts of a text, to turn byte offsets into lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line and 1-based column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self
            .starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let col = text
            .get(start..offset.min(text.len()))
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

/// Lines and columns of offsets asked for mostly in order (links as the page runs): the
/// newlines are counted on from the last offset asked, not listed for the whole text first.
/// The same answers as [`LineIndex::position`].
struct Lines<'t> {
    text: &'t str,
    /// The last offset asked (at most the text's length) and how many newlines precede it.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    /// 0-based line and 1-based column of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let to = offset.min(bytes.len());
        let (from, before) = self.last.get();
        let line = if to >= from {
            before + memchr::memchr_iter(b'\n', &bytes[from..to]).count()
        } else {
            memchr::memchr_iter(b'\n', &bytes[..to]).count()
        };
        self.last.set((to, line));
        let start = memchr::memrchr(b'\n', &bytes[..to]).map_or(0, |i| i + 1);
        let col = self
            .text
            .get(start..to)
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

/// Render `source` to HTML, checking its links, flowcharts and checklist.
pub fn render(source: &str, opts: &Options) -> Rendered {
    // CommonMark: a NUL becomes U+FFFD (a raw NUL in HTML is a parse error). Lines and columns
    // stay the same, as both are one character.
    let cleaned;
    let source = if memchr::memchr(0, source.as_bytes()).is_some() {
        cleaned = source.replace('\0', "\u{FFFD}");
        cleaned.as_str()
    } else {
        source
    };
    let mut out = Rendered::default();
    let lines = Lines::new(source);
    let at = |range: &Range<usize>| -> (usize, usize) {
        let (l, c) = lines.position(range.start);
        (l + opts.body_line, c)
    };
    let parser = Parser::new_ext(source, cmark_options()).into_offset_iter();
    // Reference definitions are checked where they are written, used or not.
    let mut defs: Vec<(&str, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| (d.dest.as_ref(), d.span.clone()))
        .collect();
    defs.sort_by_key(|(_, span)| span.start);
    for (dest, span) in defs {
        if let Some(d) = refused_link(dest, &at(&span), opts) {
            out.diagnostics.push(d);
        }
    }
    // The parser cannot tell how many events follow, so collecting would grow the vector (and
    // copy it) about ten times; a page has rarely more than one event per eight bytes.
    let mut raw: Vec<(Event, Range<usize>)> = Vec::with_capacity(source.len() / 8 + 16);
    raw.extend(parser);

    // Pass 1: heading ids (explicit ids first, so automatic ones never collide with them).
    let (mut events, toc, mut ids, heading_at) = headings::assign_ids(raw);
    out.toc = toc;
    if !opts.allow_html {
        headings::drop_attributes(
            &mut events,
            &heading_at,
            &at,
            opts.file,
            &mut out.diagnostics,
        );
    }
    let (mut events, tagged) =
        callouts::mark(events, &at, opts.file, opts.hide_open_points, &mut out);

    // Pass 2: links, raw HTML, code blocks; collect search text. In place: most events stay as
    // they are, so they are neither moved nor copied to a second list.
    let mut link_stack: Vec<bool> = Vec::new();
    let mut in_heading = false;
    let mut section = TextSection::default();
    // The text of the section being read, copied out at its own size when the section ends
    // (the section's string would otherwise grow, and be copied, a dozen times as it fills).
    let mut text = String::new();
    let mut fence: Option<(String, String, Range<usize>)> = None;
    let mut chart_no = 0;
    // Whether the page has footnotes: the footnote step need not look for them again.
    let mut notes = false;
    events.retain_mut(|(event, range)| {
        if fence.is_some() {
            if let (Event::Text(t), Some((_, code, _))) = (&*event, fence.as_mut()) {
                code.push_str(t);
            }
            if !matches!(event, Event::End(TagEnd::CodeBlock)) {
                return false;
            }
            let Some((lang, code, start)) = fence.take() else {
                return false;
            };
            let before = out.flowchart_texts.len();
            let html = code_block(
                &lang,
                &code,
                &start,
                opts,
                &at,
                &mut out,
                &mut chart_no,
                &mut ids,
            );
            text.push(' ');
            if lang.split_whitespace().next() == Some("mermaid") {
                // Search sees the chart's texts, not its source.
                text.push_str(&out.flowchart_texts[before..].join(" "));
            } else {
                text.push_str(&code);
            }
            *event = Event::Html(html.into());
            *range = start;
            return true;
        }
        notes |= matches!(
            event,
            Event::FootnoteReference(_)
                | Event::Start(Tag::FootnoteDefinition(_))
                | Event::End(TagEnd::FootnoteDefinition)
        );
        match event {
            // h2 and h3 start a section.
            Event::Start(Tag::Heading { level, id, .. })
                if (2..=3).contains(&(*level as usize)) =>
            {
                if !text.trim().is_empty() || section.anchor.is_some() {
                    section.text = text.as_str().into();
                    text.clear();
                    out.sections.push(std::mem::take(&mut section));
                }
                section.anchor = id.as_ref().map(|i| i.to_string());
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                fence = Some((lang.to_string(), String::new(), range.clone()));
                return false;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let (html, external) =
                    if by_reference(*link_type) && links::refused_scheme(dest_url, &[]).is_some() {
                        // Reported at its definition already.
                        ("<a class=\"broken\">".to_string(), false)
                    } else {
                        link_open(dest_url, title, range, opts, &at, &mut out)
                    };
                link_stack.push(external);
                *event = Event::Html(html.into());
            }
            Event::End(TagEnd::Link) => {
                let external = link_stack.pop().unwrap_or(false);
                let close = if external {
                    "<span class=\"visually-hidden\"> (externe link)</span></a>"
                } else {
                    "</a>"
                };
                *event = Event::Html(close.into());
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let src =
                    if by_reference(*link_type) && links::refused_scheme(dest_url, &[]).is_some() {
                        String::new()
                    } else {
                        image_src(dest_url, range, opts, &at, &mut out)
                    };
                *event = Event::Start(Tag::Image {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: src.into(),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                });
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let name = h
                    .trim()
                    .strip_prefix("<!--")
                    .and_then(|s| s.strip_suffix("-->"))
                    .map(str::trim);
                if let Some(block) = name.and_then(|n| opts.placeholders.get(n)) {
                    *event = Event::Html(block.clone().into());
                } else if name.is_some() {
                    // A comment is a note to fellow editors: never shown.
                    return false;
                } else if !opts.allow_html {
                    let (line, col) = at(range);
                    out.diagnostics.push(
                        Diagnostic::warning(
                            opts.file,
                            line,
                            "HTML in Markdown wordt als tekst getoond",
                        )
                        .col(col)
                        .hint("schrijf het in Markdown, of zet `allow_html: true` in site.yaml"),
                    );
                    let shown = std::mem::replace(h, CowStr::Borrowed(""));
                    *event = Event::Text(shown);
                }
            }
            Event::TaskListMarker(done) if opts.checklist.is_none() && opts.casus.is_none() => {
                let mark = if *done { "☑ " } else { "☐ " };
                *event = Event::Text(mark.into());
            }
            Event::Text(t) | Event::Code(t) => {
                if in_heading {
                    section.heading.push_str(t);
                } else {
                    text.push_str(t);
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item) => text.push(' '),
            _ => {}
        }
        true
    });
    if !text.trim().is_empty() || section.anchor.is_some() {
        section.text = text.as_str().into();
        out.sections.push(section);
    }
    let events = if notes {
        footnotes::gather(events, &mut ids, &at, opts.file, &mut out.diagnostics)
    } else {
        events
    };
    // A checklist's or case's texts also come from elsewhere (advice, other pages' titles).
    let addresses =
        opts.checklist.is_some() || opts.casus.is_some() || tables::may_hold_address(source);
    // The HTML is about as long as the Markdown and a half: room for it at once, instead of
    // growing (and copying) the string a dozen times.
    out.html.reserve(source.len() + source.len() / 2);
    // A form's transform makes its own events; a plain page's go to the writer straight from
    // the link pass (each step between them would move every event once more).
    let (title, html) = (opts.title, &mut out.html);
    match (opts.checklist, opts.casus) {
        (_, Some(spec)) => {
            let t = casus::transform(events, spec, opts.file, &at);
            write_html(html, t.events.into_iter(), title, addresses, tagged);
            out.casus_questions = Some(t.questions);
            out.diagnostics.extend(t.diagnostics);
        }
        (Some(spec), None) => {
            let t = checklist::transform(events, spec, &mut ids);
            write_html(html, t.events.into_iter(), title, addresses, tagged);
            out.signals = Some(t.count);
            out.direct_lines = t.direct_offsets.iter().map(|o| at(&(*o..*o)).0).collect();
        }
        (None, None) => {
            let events = events.into_iter().map(|(e, _)| e);
            write_html(html, events, title, addresses, tagged);
        }
    }
    out.ids = ids;
    out
}

/// The HTML of a page's events, with its tables in scrolling regions and its tagged blocks
/// finished (see [`tables::wrap`] and [`callouts::finish`]).
fn write_html<'a>(
    html: &mut String,
    events: impl Iterator<Item = Event<'a>>,
    title: &str,
    addresses: bool,
    tagged: bool,
) {
    let events = tables::wrap(events, title, addresses);
    if tagged {
        pulldown_cmark::html::push_html(html, events.map(callouts::finish));
    } else {
        // No block to finish (most pages): the events go to the writer as they are.
        pulldown_cmark::html::push_html(html, events);
    }
}

/// Open tag of a link, after checking and rewriting its target.
fn link_open(
    dest: &str,
    title: &str,
    range: &Range<usize>,
    opts: &Options,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    out: &mut Rendered,
) -> (String, bool) {
    let target = resolve(dest, LinkUse::Body, &|| at(range), opts, out);
    let href = match &target {
        Some(Target::External(h) | Target::Internal(h)) => h.as_str(),
        None => "",
    };
    // One string for the tag, escaped into it as it is written.
    let mut html = String::with_capacity(40 + href.len() + title.len());
    let external = matches!(target, Some(Target::External(_)));
    html.push_str(match target {
        Some(Target::External(_)) => "<a class=\"external\" href=\"",
        Some(Target::Internal(_)) => "<a href=\"",
        None => "<a class=\"broken\"",
    });
    if target.is_some() {
        push_escaped(&mut html, href);
        html.push('"');
    }
    if !title.is_empty() {
        html.push_str(" title=\"");
        push_escaped(&mut html, title);
        html.push('"');
    }
    html.push('>');
    (html, external)
}

/// [`escape`] into `out`.
fn push_escaped(out: &mut String, s: &str) {
    // Most hrefs and titles hold none of the five: two vectorised looks, then one copy.
    let b = s.as_bytes();
    if memchr::memchr3(b'&', b'<', b'>', b).is_none() && memchr::memchr2(b'"', b'\'', b).is_none() {
        out.push_str(s);
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let Some(entity) = crate::util::html::entity(b) else {
            continue;
        };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Whether a link's destination comes from a reference definition (`[tekst][1]`).
fn by_reference(t: pulldown_cmark::LinkType) -> bool {
    use pulldown_cmark::LinkType as L;
    matches!(
        t,
        L::Reference
            | L::ReferenceUnknown
            | L::Collapsed
            | L::CollapsedUnknown
            | L::Shortcut
            | L::ShortcutUnknown
    )
}

fn image_src(
    dest: &str,
    range: &Range<usize>,
    opts: &Options,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    out: &mut Rendered,
) -> String {
    match resolve(dest, LinkUse::Image, &|| at(range), opts, out) {
        Some(Target::Internal(h)) => h,
        _ => String::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn code_block(
    lang: &str,
    text: &str,
    start: &Range<usize>,
    opts: &Options,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    out: &mut Rendered,
    chart_no: &mut usize,
    ids: &mut HashSet<String>,
) -> String {
    let lang = lang.split_whitespace().next().unwrap_or("");
    if lang == "mermaid" {
        *chart_no += 1;
        let (fence_line, _) = at(start);
        return crate::markdown::mermaid::render(text, fence_line, *chart_no, opts, out, ids);
    }
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    format!("<pre><code{class}>{}</code></pre>\n", escape(text))
}

#[cfg(test)]
mod tests;
