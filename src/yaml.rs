//! Every YAML read goes through here, so the YAML crate stays swappable.
//! serde-saphyr reports missing fields and duplicate keys at their real line (serde_yaml said 1:1).

use crate::error::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

pub use serde_saphyr::Spanned;

/// Parse `src` (the YAML text of `file`) into `T`. `line_offset` is added to reported lines, for
/// YAML that starts below line 1 of its file (front matter).
pub fn parse<T: DeserializeOwned>(
    src: &str,
    file: &Path,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(src).map_err(|err| to_diagnostic(&err, file, line_offset))
}

fn to_diagnostic(err: &serde_saphyr::Error, file: &Path, line_offset: usize) -> Diagnostic {
    let plain = err.without_snippet().to_string();
    let (line, column) = match err.location() {
        Some(loc) => (loc.line() as usize, loc.column() as usize),
        None => (1, 0),
    };
    let message = strip_position(&plain);
    let hint = hint_for(&message);
    Diagnostic::error(file, line + line_offset, translate(&message))
        .col(column)
        .hint(hint)
}

/// serde-saphyr prefixes messages with "line N column M:"; our report shows the place itself.
fn strip_position(msg: &str) -> String {
    let mut m = msg.trim();
    if let Some(rest) = m.strip_prefix("error: ") {
        m = rest;
    }
    if m.starts_with("line ") {
        if let Some(idx) = m.find(": ") {
            m = &m[idx + 2..];
        }
    }
    // Drop a trailing " at line N column M" as well.
    let m = match m.rfind(" at line ") {
        Some(idx) => &m[..idx],
        None => m,
    };
    m.lines().next().unwrap_or("").trim().to_string()
}

/// Plain Dutch for the messages editors meet most; anything else is shown as the library said it.
fn translate(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest).trim();
        return format!("onbekend veld {field}");
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("verplicht veld {} ontbreekt", rest.trim());
    }
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("de sleutel `{key}` staat er twee keer in");
    }
    if msg.contains("duplicate") {
        return format!("dubbele sleutel: {msg}");
    }
    format!("YAML klopt niet: {msg}")
}

fn hint_for(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('`');
        if let Some(idx) = rest.find("expected") {
            let allowed = rest[idx..]
                .trim_start_matches("expected one of ")
                .trim_start_matches("expected ");
            let names: Vec<&str> = allowed
                .split(',')
                .map(|s| s.trim().trim_matches('`'))
                .collect();
            return match crate::error::closest(field, names.iter().copied()) {
                Some(best) => format!("bedoel je `{best}`? Toegestaan: {allowed}"),
                None => format!("controleer de spelling; toegestaan: {allowed}"),
            };
        }
        return "controleer de spelling van de sleutel".into();
    }
    if msg.starts_with("missing field ") {
        return "voeg dit veld toe (zie README, Inhoudsmodel)".into();
    }
    if msg.contains("duplicate") {
        return "elke sleutel mag één keer voorkomen; haal de dubbele regel weg".into();
    }
    "controleer inspringing, dubbele punten, haakjes en aanhalingstekens op deze regel en de regel erboven".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rec {
        naam: String,
        telefoon: Option<String>,
        rol: Vec<String>,
    }

    fn err(src: &str) -> Diagnostic {
        parse::<Rec>(src, Path::new("p.yaml"), 0).unwrap_err()
    }

    #[test]
    fn unknown_field_has_its_line() {
        let d = err("naam: a\nrol: [x]\nwebsite: b\n");
        assert_eq!(d.line, 3, "{d:?}");
        assert!(d.message.contains("onbekend veld"), "{d:?}");
        assert!(d.hint.contains("telefoon"), "{d:?}");
    }

    #[test]
    fn duplicate_key_has_its_line() {
        let d = err("naam: a\nnaam: b\nrol: []\n");
        assert_eq!(d.line, 2, "{d:?}");
    }

    #[test]
    fn missing_field_is_named() {
        let d = err("naam: a\n");
        assert!(d.message.contains("rol"), "{d:?}");
        assert!(d.line >= 1);
    }

    #[test]
    fn syntax_error_with_offset() {
        let d = parse::<Rec>("naam: a\nrol: [x\n", Path::new("p.md"), 1).unwrap_err();
        assert!(d.line >= 2, "{d:?}");
        assert!(!d.message.is_empty());
    }

    #[test]
    fn leading_zero_kept() {
        let r: Rec = parse(
            "naam: NO\ntelefoon: 0334481186\nrol: [yes]\n",
            Path::new("p"),
            0,
        )
        .unwrap();
        assert_eq!(r.naam, "NO");
        assert_eq!(r.telefoon.as_deref(), Some("0334481186"));
    }
}
