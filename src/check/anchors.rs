//! `#anchor` links, checked once every page is rendered (the full build and serve's one-page
//! rebuild call the same check).

use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::{self, PendingAnchor};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The ids on each URL that an anchor may point at.
pub type Ids = HashMap<String, HashSet<String>>;

/// An anchor link with the URL and the file of the page it was found on.
pub type Found = (String, PathBuf, PendingAnchor);

/// The full build: every anchor of the site.
pub fn check_anchors(ids: &Ids, pending: &[Found], diags: &mut Diagnostics) {
    for (page_url, file, a) in pending {
        if let Some(d) = check_anchor(ids, page_url, file, a) {
            diags.push(d);
        }
    }
}

/// A one-page rebuild: the anchors of the page at `url` (`own`, found in `file`), and when its
/// ids changed, the anchors of other pages (in `pending`) that point into it.
pub fn check_page_anchors(
    ids: &Ids,
    url: &str,
    file: &Path,
    own: &[PendingAnchor],
    pending: &[Found],
    ids_changed: bool,
) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = own
        .iter()
        .filter_map(|a| check_anchor(ids, url, file, a))
        .collect();
    if ids_changed {
        for (from, f, a) in pending {
            if a.target.url(from) == url && from != url {
                errors.extend(check_anchor(ids, from, f, a));
            }
        }
    }
    errors
}

/// The problem with one `#anchor` link found on `page_url`, if its target lacks the id.
pub fn check_anchor(
    ids: &Ids,
    page_url: &str,
    file: &Path,
    a: &markdown::PendingAnchor,
) -> Option<Diagnostic> {
    let target = a.target.url(page_url);
    // Generated pages other than the glossary have no checked anchors.
    let ids = ids.get(target)?;
    if ids.contains(&a.anchor) {
        return None;
    }
    let mut known: Vec<&String> = ids.iter().filter(|i| !i.starts_with("signaal-")).collect();
    known.sort();
    let close = known
        .iter()
        .filter(|k| k.contains(a.anchor.as_str()) || a.anchor.contains(k.as_str()))
        .take(3)
        .map(|k| format!("#{k}"))
        .collect::<Vec<_>>();
    let hint = if close.is_empty() {
        format!(
            "het anker is de kop in kleine letters met streepjes; de pagina /{target} heeft {} koppen",
            known.len()
        )
    } else {
        format!("bedoel je {}?", close.join(" of "))
    };
    Some(
        Diagnostic::error(
            file,
            a.line,
            format!("het anker #{} bestaat niet op /{target}", a.anchor),
        )
        .col(a.column)
        .hint(hint),
    )
}
