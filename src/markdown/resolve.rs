//! Link targets written in content, resolved against the site index: one function for body
//! links, images and flowchart click targets, so a new kind of link or a changed message is one
//! edit. Each use keeps its own messages (a click names its node, an image may not come from
//! another site).

use super::{AnchorTarget, Options, PendingAnchor, Rendered};
use crate::error::Diagnostic;
use crate::links::{self, Link, Resolver};

/// Where a link target was written: that decides what it may be and how a problem is told.
#[derive(Clone, Copy)]
pub enum LinkUse<'a> {
    /// `[text](target)` in Markdown.
    Body,
    /// `![alt](target)`: only a file of the site.
    Image,
    /// `click NODE "target"` in a flowchart: no column, no check of `#anchor` alone.
    Click {
        /// The node id, named in the messages.
        node: &'a str,
    },
}

/// What a link target resolved to.
pub enum Target {
    /// An address on another site, as written.
    External(String),
    /// A path relative to the page (or `#anchor`).
    Internal(String),
}

impl Target {
    /// The href, whichever kind it is.
    pub fn into_href(self) -> String {
        match self {
            Target::External(h) | Target::Internal(h) => h,
        }
    }
}

/// What a link may be, for every refused link in content.
pub const LINK_POLICY_HINT: &str = "link naar een pagina of bestand van de site (zoals 04-signalering.md), of naar een adres dat begint met https://, http://, mailto: of tel:";

/// "bedoel je comensha?" or how partner ids are made.
pub fn partner_hint(id: &str, idx: &dyn Resolver) -> String {
    let ids = idx.partner_ids();
    match crate::error::closest(id, ids.iter().map(String::as_str)) {
        Some(best) => format!("bedoel je partner:{best}?"),
        None => "de id is de bestandsnaam in partners/ zonder .yaml, bijvoorbeeld partner:comensha"
            .into(),
    }
}

/// The error for a link whose scheme could run script or reach the reader's disk
/// (`javascript:`, `data:`, `file:` …), at `place` (line, column).
pub(super) fn refused_link(
    dest: &str,
    place: &(usize, usize),
    opts: &Options,
) -> Option<Diagnostic> {
    refused_classified(dest, &links::classify(dest), &|| *place, opts)
}

/// [`refused_link`] for a `dest` already classified as `link`; `place` is asked only for the
/// message.
fn refused_classified(
    dest: &str,
    link: &Link,
    place: &dyn Fn() -> (usize, usize),
    opts: &Options,
) -> Option<Diagnostic> {
    if matches!(link, Link::Partner(_) | Link::Term(_)) {
        return None;
    }
    let scheme = links::refused_scheme(dest, &[])?;
    let place = place();
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

/// One problem with a link target, at `line` and `column` (0: the whole line).
fn fail(
    out: &mut Rendered,
    opts: &Options,
    (line, column): (usize, usize),
    message: String,
    hint: &str,
) -> Option<Target> {
    out.diagnostics.push(
        Diagnostic::error(opts.file, line, message)
            .col(column)
            .hint(hint),
    );
    None
}

/// Resolve the link target `dest`, written as `how` at the line and column `place` gives
/// (column 0 for a click), to an href. What cannot be found goes to `out.diagnostics`; an
/// `#anchor` into a page goes to `out.pending`, to be checked once every page is rendered.
/// `place` is only asked for a message or an anchor: most links need neither, and counting
/// lines up to every link costs more than the rest of resolving it.
pub fn resolve(
    dest: &str,
    how: LinkUse,
    place: &dyn Fn() -> (usize, usize),
    opts: &Options,
    out: &mut Rendered,
) -> Option<Target> {
    let click = match how {
        LinkUse::Click { node } => Some(node),
        LinkUse::Body | LinkUse::Image => None,
    };
    let link = links::classify(dest);
    if click.is_none() {
        if let Some(d) = refused_classified(dest, &link, place, opts) {
            out.diagnostics.push(d);
            return None;
        }
    }
    let anchor_to = |out: &mut Rendered, target: AnchorTarget, anchor: &str| {
        let (line, column) = place();
        out.pending.push(PendingAnchor {
            target,
            anchor: anchor.to_string(),
            line,
            column,
        });
    };
    match link {
        Link::External(url) => match how {
            LinkUse::Body => Some(Target::External(url.to_string())),
            LinkUse::Image => fail(
                out,
                opts,
                place(),
                format!("afbeelding van een andere site: {dest}"),
                "de site laadt niets van buiten: zet de afbeelding in content/ en link er relatief naar",
            ),
            LinkUse::Click { .. }
                if url.starts_with("https://") || url.starts_with("http://") =>
            {
                Some(Target::External(url.to_string()))
            }
            LinkUse::Click { .. } => fail(
                out,
                opts,
                place(),
                format!("onbekend linkdoel \"{url}\""),
                "gebruik partner:ID, een .md-bestand of een https-adres",
            ),
        },
        Link::Fragment(a) => {
            if click.is_none() {
                anchor_to(out, AnchorTarget::SamePage, a);
            }
            Some(Target::Internal(format!("#{a}")))
        }
        Link::Partner(id) => match opts.resolver.partner_url(id) {
            Some(url) => Some(Target::Internal(links::href(opts.root, &url, None))),
            None => {
                let hint = partner_hint(id, opts.resolver);
                let message = match click {
                    None => format!("onbekende partner \"{id}\""),
                    Some(node) => format!("onbekende partner \"{id}\" in click {node}"),
                };
                fail(out, opts, place(), message, &hint)
            }
        },
        Link::Term(id) => {
            if opts.resolver.has_term(id) {
                Some(Target::Internal(links::href(
                    opts.root,
                    "begrippen/",
                    Some(id),
                )))
            } else {
                let hint = match click {
                    None => "voeg het begrip toe aan content/begrippen.yaml, of gebruik de id van een bestaand begrip",
                    Some(_) => "gebruik de id van een begrip uit content/begrippen.yaml",
                };
                fail(out, opts, place(), format!("onbekend begrip \"{id}\""), hint)
            }
        }
        Link::SiteAbsolute { url, anchor } => {
            if opts.resolver.url_exists(&url) {
                if let (Some(a), None) = (&anchor, click) {
                    anchor_to(out, AnchorTarget::Url(url.clone()), a);
                }
                Some(Target::Internal(links::href(
                    opts.root,
                    &url,
                    anchor,
                )))
            } else {
                let hint = match click {
                    None => "link liever naar het .md-bestand, dan controleert de editor-preview hem ook",
                    Some(_) => "link liever naar het .md-bestand",
                };
                fail(out, opts, place(), format!("de pagina /{url} bestaat niet"), hint)
            }
        }
        Link::File { path, anchor } => {
            if let Some(node) = click {
                return click_file(path, anchor, node, place(), opts, out);
            }
            if path.is_empty() {
                return fail(
                    out,
                    opts,
                    place(),
                    "lege link".into(),
                    "vul het doel van de link in",
                );
            }
            let Some(file) = links::join(opts.link_base, path) else {
                return fail(
                    out,
                    opts,
                    place(),
                    format!("de link \"{path}\" wijst buiten de site"),
                    "link naar een bestand binnen content/",
                );
            };
            // Only a message shows the path; most links resolve.
            let shown = || file.to_string_lossy().replace('\\', "/");
            if path.ends_with(".md") {
                match opts.resolver.page_url(&file) {
                    Some(url) => {
                        if let Some(a) = &anchor {
                            anchor_to(out, AnchorTarget::Url(url.clone()), a);
                        }
                        Some(Target::Internal(links::href(opts.root, &url, anchor)))
                    }
                    None if opts.resolver.draft_page(&file) => fail(
                        out,
                        opts,
                        place(),
                        format!("de pagina {} is een concept (`draft: true`) en wordt niet gepubliceerd", shown()),
                        "haal `draft: true` weg uit die pagina als ze af is, of haal de link weg tot dan",
                    ),
                    None => fail(
                        out,
                        opts,
                        place(),
                        format!("de pagina {} bestaat niet", shown()),
                        "controleer de bestandsnaam (met cijfers vooraan, zoals 04-signalering.md) en het pad vanaf deze pagina",
                    ),
                }
            } else {
                match opts.resolver.asset_url(&file) {
                    Some(url) => Some(Target::Internal(format!("{}{url}", opts.root))),
                    None => fail(
                        out,
                        opts,
                        place(),
                        format!("het bestand {} bestaat niet", shown()),
                        "link naar een .md-bestand of naar een bestand in content/",
                    ),
                }
            }
        }
    }
}

/// A click target that is a file: only a page of the site, its anchor checked with the line.
fn click_file(
    path: &str,
    anchor: Option<&str>,
    node: &str,
    place: (usize, usize),
    opts: &Options,
    out: &mut Rendered,
) -> Option<Target> {
    let file = links::join(opts.link_base, path);
    match file.as_ref().and_then(|f| opts.resolver.page_url(f)) {
        Some(url) => {
            if let Some(a) = anchor {
                out.pending.push(PendingAnchor {
                    target: AnchorTarget::Url(url.clone()),
                    anchor: a.to_string(),
                    line: place.0,
                    column: place.1,
                });
            }
            Some(Target::Internal(links::href(opts.root, &url, anchor)))
        }
        None if file.as_ref().is_some_and(|f| opts.resolver.draft_page(f)) => fail(
            out,
            opts,
            place,
            format!("de pagina \"{path}\" in click {node} is een concept (`draft: true`) en wordt niet gepubliceerd"),
            "haal `draft: true` weg uit die pagina als ze af is, of haal de click weg tot dan",
        ),
        None => fail(
            out,
            opts,
            place,
            format!("de pagina \"{path}\" in click {node} bestaat niet"),
            "geef een .md-bestand relatief aan deze pagina, bijvoorbeeld ../signalen/arbeidsuitbuiting.md",
        ),
    }
}
