//! `#anchor` links, checked once every page is rendered (the full build and serve's one-page
//! rebuild call the same check).

use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::{self};
use crate::render::Model;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub(crate) fn check_anchors(model: &Model, diags: &mut Diagnostics) {
    for (page_url, file, a) in &model.pending {
        if let Some(d) = check_anchor(&model.ids, page_url, file, a) {
            diags.push(d);
        }
    }
}

/// The problem with one `#anchor` link found on `page_url`, if its target lacks the id.
pub fn check_anchor(
    ids: &HashMap<String, HashSet<String>>,
    page_url: &str,
    file: &Path,
    a: &markdown::PendingAnchor,
) -> Option<Diagnostic> {
    let target = if a.url == "\0self" { page_url } else { &a.url };
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
