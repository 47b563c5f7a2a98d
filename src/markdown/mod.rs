//! Markdown → HTML for one page: heading ids and table of contents, checked links, escaped raw
//! HTML, checklists and flowcharts, and the plain text of each section for search.

mod callouts;
mod headings;

use crate::error::Diagnostic;
use crate::links::{self, Link, Resolver};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options as CmOptions, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;

pub use callouts::record_block as open_points_block;
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
    pub allow_html: bool,
    pub resolver: &'a dyn Resolver,
    /// Generated blocks that `<!-- name -->` lines stand for.
    pub placeholders: &'a BTreeMap<String, String>,
    /// Render task lists as an interactive checklist (pages under signalen/).
    pub checklist: Option<&'a crate::checklist::Spec>,
    /// Title used for flowcharts without their own `accTitle`.
    pub title: &'a str,
    /// `open_points: hide` in site.yaml: open points are listed, never shown.
    pub hide_open_points: bool,
}

/// An anchor on another page, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct PendingAnchor {
    pub url: String,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// A stretch of the page between two headings (h2/h3), as plain text for search.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    /// Heading id, `None` for the text before the first heading.
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id on the page that a link may point at.
    pub ids: HashSet<String>,
    pub pending: Vec<PendingAnchor>,
    pub sections: Vec<TextSection>,
    pub diagnostics: Vec<Diagnostic>,
    /// Number of signals when the page is a checklist.
    pub signals: Option<usize>,
    /// Line of each direct-report signal (`**Meld direct:**`) of a checklist.
    pub direct_lines: Vec<usize>,
    /// Node texts of the page's flowcharts.
    pub flowchart_texts: Vec<String>,
    pub flowcharts: usize,
    pub words: usize,
    /// The `> [!OPEN]` blocks, shown or not.
    pub open_points: Vec<crate::open_points::OpenPoint>,
}

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
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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

pub fn render(source: &str, opts: &Options) -> Rendered {
    // CommonMark: a NUL becomes U+FFFD (a raw NUL in HTML is a parse error). Lines and columns
    // stay the same, as both are one character.
    let cleaned;
    let source = if source.contains('\0') {
        cleaned = source.replace('\0', "\u{FFFD}");
        cleaned.as_str()
    } else {
        source
    };
    let mut out = Rendered::default();
    let index = LineIndex::new(source);
    let at = |range: &Range<usize>| -> (usize, usize) {
        let (l, c) = index.position(source, range.start);
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
    let raw: Vec<(Event, Range<usize>)> = parser.collect();

    // Pass 1: heading ids (explicit ids first, so automatic ones never collide with them).
    let (mut events, toc, mut ids) = headings::assign_ids(raw);
    out.toc = toc;
    if !opts.allow_html {
        headings::drop_attributes(&mut events, &at, opts.file, &mut out.diagnostics);
    }
    let mut events = callouts::mark(events, &at, opts.file, opts.hide_open_points, &mut out);

    // Pass 2: links, raw HTML, code blocks; collect search text.
    let mut rewritten: Vec<(Event, Range<usize>)> = Vec::with_capacity(events.len());
    let mut link_stack: Vec<bool> = Vec::new();
    let mut in_heading = false;
    let mut section = TextSection::default();
    let mut fence: Option<(String, String, Range<usize>)> = None;
    let mut chart_no = 0;
    for (event, range) in events.drain(..) {
        if let Some((lang, text, start)) = fence.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text, start) = (lang.clone(), text.clone(), start.clone());
                    fence = None;
                    let before = out.flowchart_texts.len();
                    let html = code_block(
                        &lang,
                        &text,
                        &start,
                        opts,
                        &at,
                        &mut out,
                        &mut chart_no,
                        &mut ids,
                    );
                    section.text.push(' ');
                    if lang.split_whitespace().next() == Some("mermaid") {
                        // Search sees the chart's texts, not its source.
                        section
                            .text
                            .push_str(&out.flowchart_texts[before..].join(" "));
                    } else {
                        section.text.push_str(&text);
                    }
                    rewritten.push((Event::Html(html.into()), start));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, ref id, .. }) if level as usize <= 3 => {
                if level as usize >= 2 {
                    if !section.text.trim().is_empty() || section.anchor.is_some() {
                        out.sections.push(std::mem::take(&mut section));
                    }
                    section.anchor = id.as_ref().map(|i| i.to_string());
                    in_heading = true;
                }
                rewritten.push((event, range));
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                rewritten.push((event, range));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref lang))) => {
                fence = Some((lang.to_string(), String::new(), range));
            }
            Event::Start(Tag::Link {
                link_type,
                ref dest_url,
                ref title,
                ..
            }) => {
                let (html, external) =
                    if by_reference(link_type) && links::refused_scheme(dest_url, &[]).is_some() {
                        // Reported at its definition already.
                        ("<a class=\"broken\">".to_string(), false)
                    } else {
                        link_open(dest_url, title, &range, opts, &at, &mut out)
                    };
                link_stack.push(external);
                rewritten.push((Event::Html(html.into()), range));
            }
            Event::End(TagEnd::Link) => {
                let external = link_stack.pop().unwrap_or(false);
                let close = if external {
                    "<span class=\"visually-hidden\"> (externe link)</span></a>"
                } else {
                    "</a>"
                };
                rewritten.push((Event::Html(close.into()), range));
            }
            Event::Start(Tag::Image {
                link_type,
                ref dest_url,
                ..
            }) => {
                let src =
                    if by_reference(link_type) && links::refused_scheme(dest_url, &[]).is_some() {
                        String::new()
                    } else {
                        image_src(dest_url, &range, opts, &at, &mut out)
                    };
                rewritten.push((
                    Event::Start(Tag::Image {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url: src.into(),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }),
                    range,
                ));
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                let name = h
                    .trim()
                    .strip_prefix("<!--")
                    .and_then(|s| s.strip_suffix("-->"))
                    .map(str::trim);
                if let Some(block) = name.and_then(|n| opts.placeholders.get(n)) {
                    rewritten.push((Event::Html(block.clone().into()), range));
                } else if name.is_some() {
                    // A comment is a note to fellow editors: never shown.
                } else if opts.allow_html {
                    rewritten.push((event, range));
                } else {
                    let (line, col) = at(&range);
                    out.diagnostics.push(
                        Diagnostic::warning(
                            opts.file,
                            line,
                            "HTML in Markdown wordt als tekst getoond",
                        )
                        .col(col)
                        .hint("schrijf het in Markdown, of zet `allow_html: true` in site.yaml"),
                    );
                    rewritten.push((Event::Text(h.to_string().into()), range));
                }
            }
            Event::TaskListMarker(done) if opts.checklist.is_none() => {
                let mark = if done { "☑ " } else { "☐ " };
                rewritten.push((Event::Text(mark.into()), range));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if in_heading {
                    section.heading.push_str(t);
                } else {
                    section.text.push_str(t);
                }
                out.words += t.split_whitespace().count();
                rewritten.push((event, range));
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item) => {
                section.text.push(' ');
                rewritten.push((event, range));
            }
            _ => rewritten.push((event, range)),
        }
    }
    if !section.text.trim().is_empty() || section.anchor.is_some() {
        out.sections.push(section);
    }

    let events: Vec<Event> = match opts.checklist {
        Some(spec) => {
            let t = crate::checklist::transform(rewritten, spec, opts.root, &mut ids);
            out.signals = Some(t.count);
            out.direct_lines = t.direct_offsets.iter().map(|o| at(&(*o..*o)).0).collect();
            t.events
        }
        None => rewritten.into_iter().map(|(e, _)| e).collect(),
    };
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(callouts::finish));
    out.ids = ids;
    out
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
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    match resolve(dest, range, opts, at, out) {
        Some(Target::External(url)) => (
            format!(
                "<a class=\"external\" href=\"{}\"{title_attr}>",
                escape(&url)
            ),
            true,
        ),
        Some(Target::Internal(href)) => {
            (format!("<a href=\"{}\"{title_attr}>", escape(&href)), false)
        }
        None => (format!("<a class=\"broken\"{title_attr}>"), false),
    }
}

enum Target {
    External(String),
    Internal(String),
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

/// The error for a link whose scheme could run script or reach the reader's disk
/// (`javascript:`, `data:`, `file:` …), at `place` (line, column).
fn refused_link(dest: &str, place: &(usize, usize), opts: &Options) -> Option<Diagnostic> {
    if matches!(links::classify(dest), Link::Partner(_) | Link::Term(_)) {
        return None;
    }
    let scheme = links::refused_scheme(dest, &[])?;
    Some(
        Diagnostic::error(
            opts.file,
            place.0,
            format!(
                "de link \"{}\" gebruikt `{scheme}:`, en dat mag niet",
                links::shown(dest)
            ),
        )
        .col(place.1)
        .hint(LINK_POLICY_HINT),
    )
}

/// What a link may be, for every refused link in content.
pub const LINK_POLICY_HINT: &str = "link naar een pagina of bestand van de site (zoals 04-signalering.md), of naar een adres dat begint met https://, http://, mailto: of tel:";

/// Resolve a link target written in the content to an href, reporting what cannot be found.
fn resolve(
    dest: &str,
    range: &Range<usize>,
    opts: &Options,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    out: &mut Rendered,
) -> Option<Target> {
    let (line, col) = at(range);
    if let Some(d) = refused_link(dest, &(line, col), opts) {
        out.diagnostics.push(d);
        return None;
    }
    let mut fail = |message: String, hint: &str| {
        out.diagnostics.push(
            Diagnostic::error(opts.file, line, message)
                .col(col)
                .hint(hint),
        );
        None
    };
    match links::classify(dest) {
        Link::External(url) => Some(Target::External(url)),
        Link::Fragment(a) => {
            out.pending.push(PendingAnchor {
                url: String::from("\0self"),
                anchor: a.clone(),
                line,
                column: col,
            });
            Some(Target::Internal(format!("#{a}")))
        }
        Link::Partner(id) => match opts.resolver.partner_url(&id) {
            Some(url) => Some(Target::Internal(links::href(opts.root, &url, None))),
            None => {
                let hint = crate::site::partner_hint(&id, opts.resolver);
                fail(format!("onbekende partner \"{id}\""), &hint)
            }
        },
        Link::Term(id) => {
            if opts.resolver.has_term(&id) {
                Some(Target::Internal(links::href(
                    opts.root,
                    "begrippen/",
                    Some(&id),
                )))
            } else {
                fail(
                    format!("onbekend begrip \"{id}\""),
                    "voeg het begrip toe aan content/begrippen.yaml, of gebruik de id van een bestaand begrip",
                )
            }
        }
        Link::SiteAbsolute { url, anchor } => {
            if opts.resolver.url_exists(&url) {
                if let Some(a) = &anchor {
                    out.pending.push(PendingAnchor {
                        url: url.clone(),
                        anchor: a.clone(),
                        line,
                        column: col,
                    });
                }
                Some(Target::Internal(links::href(
                    opts.root,
                    &url,
                    anchor.as_deref(),
                )))
            } else {
                fail(
                    format!("de pagina /{url} bestaat niet"),
                    "link liever naar het .md-bestand, dan controleert de editor-preview hem ook",
                )
            }
        }
        Link::File { path, anchor } => {
            if path.is_empty() {
                return fail("lege link".into(), "vul het doel van de link in");
            }
            let Some(file) = links::join(opts.link_base, &path) else {
                return fail(
                    format!("de link \"{path}\" wijst buiten de site"),
                    "link naar een bestand binnen content/",
                );
            };
            if path.ends_with(".md") {
                match opts.resolver.page_url(&file) {
                    Some(url) => {
                        if let Some(a) = &anchor {
                            out.pending.push(PendingAnchor { url: url.clone(), anchor: a.clone(), line, column: col });
                        }
                        Some(Target::Internal(links::href(opts.root, &url, anchor.as_deref())))
                    }
                    None if opts.resolver.draft_page(&file) => fail(
                        format!("de pagina {} is een concept (`draft: true`) en wordt niet gepubliceerd", file.to_string_lossy().replace('\\', "/")),
                        "haal `draft: true` weg uit die pagina als ze af is, of haal de link weg tot dan",
                    ),
                    None => fail(
                        format!("de pagina {} bestaat niet", file.to_string_lossy().replace('\\', "/")),
                        "controleer de bestandsnaam (met cijfers vooraan, zoals 04-signalering.md) en het pad vanaf deze pagina",
                    ),
                }
            } else {
                match opts.resolver.asset_url(&file) {
                    Some(url) => Some(Target::Internal(format!("{}{url}", opts.root))),
                    None => fail(
                        format!(
                            "het bestand {} bestaat niet",
                            file.to_string_lossy().replace('\\', "/")
                        ),
                        "link naar een .md-bestand of naar een bestand in content/",
                    ),
                }
            }
        }
    }
}

fn image_src(
    dest: &str,
    range: &Range<usize>,
    opts: &Options,
    at: &dyn Fn(&Range<usize>) -> (usize, usize),
    out: &mut Rendered,
) -> String {
    if let Some(d) = refused_link(dest, &at(range), opts) {
        out.diagnostics.push(d);
        return String::new();
    }
    match links::classify(dest) {
        Link::External(_) => {
            let (line, col) = at(range);
            out.diagnostics.push(
                Diagnostic::error(opts.file, line, format!("afbeelding van een andere site: {dest}"))
                    .col(col)
                    .hint("de site laadt niets van buiten: zet de afbeelding in content/ en link er relatief naar"),
            );
            String::new()
        }
        _ => match resolve(dest, range, opts, at, out) {
            Some(Target::Internal(h)) => h,
            _ => String::new(),
        },
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
        return crate::flowchart_page::render(text, fence_line, *chart_no, opts, out, ids);
    }
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    format!("<pre><code{class}>{}</code></pre>\n", escape(text))
}

/// Escape text for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Inline Markdown without the surrounding `<p>`, for one-line fields.
pub fn strip_paragraph(html: &str) -> &str {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => t,
    }
}

#[cfg(test)]
mod tests;
