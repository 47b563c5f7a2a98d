//! The manifest: the list of files a build made, one escaped path a line.

use super::MANIFEST_HEADER;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(super) fn escape(path: &str) -> String {
    path.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

pub(super) fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The paths a manifest lists; None when it is not one of ours.
pub(super) fn read_manifest(path: &Path) -> Option<HashSet<PathBuf>> {
    Some(
        manifest_paths(path)?
            .into_iter()
            .map(PathBuf::from)
            .collect(),
    )
}

/// The paths a manifest lists, in its order (sorted, as [`manifest_text`] writes them); None
/// when it is not one of ours.
pub(super) fn manifest_paths(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MANIFEST_HEADER {
        return None;
    }
    Some(lines.filter(|l| !l.is_empty()).map(unescape).collect())
}

pub(super) fn manifest_text(paths: &HashSet<String>) -> String {
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let mut text = format!("{MANIFEST_HEADER}\n");
    for p in sorted {
        text.push_str(&escape(p));
        text.push('\n');
    }
    text
}
