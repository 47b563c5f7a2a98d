//! Every YAML read goes through here, so the YAML crate stays swappable.
//! serde-saphyr reports missing fields and duplicate keys at their real line (serde_yaml said 1:1).

use crate::error::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

pub use serde_saphyr::Spanned;

/// Line (1-based, in the YAML text) of the first line of a string value. For a block scalar
/// (`description: |`) the span points at its first non-empty line, below the key; blank lines
/// the value starts with are kept in the value, so they are counted back.
pub fn first_line(s: &Spanned<String>) -> usize {
    let line = s.referenced.line() as usize;
    let leading = s.value.bytes().take_while(|b| *b == b'\n').count();
    if line == 0 {
        return 0;
    }
    line.saturating_sub(leading).max(1)
}

/// Column (1-based) where the text of a string value starts on its lines: for a block scalar,
/// its indentation plus one. 0 when unknown.
pub fn first_column(s: &Spanned<String>) -> usize {
    s.referenced.column() as usize
}

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
    let (message, hint) = translate(&strip_position(&plain));
    Diagnostic::error(file, line + line_offset, message)
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

const SYNTAX_HINT: &str = "controleer inspringing, dubbele punten, haakjes en aanhalingstekens op deze regel en de regel erboven";

/// The names serde and the YAML parser use for kinds of value, in the words of the README.
fn kind_nl(kind: &str) -> String {
    let k = kind
        .trim()
        .trim_start_matches("a ")
        .trim_start_matches("an ");
    let word = k.split([' ', '`']).next().unwrap_or(k);
    let nl = match word {
        "string" | "str" | "char" => "een tekst",
        "sequence" | "seq" => "een lijst",
        "map" | "mapping" | "struct" => "sleutels met waarden",
        "integer" | "i64" | "u64" | "i32" | "u32" | "u8" | "usize" => "een geheel getal",
        "floating" | "float" | "f64" | "f32" => "een getal",
        "boolean" | "bool" => "true of false",
        "unit" | "null" => "niets (een lege waarde)",
        "enum" => "een van de toegestane waarden",
        _ if k.contains(' ') => return k.to_string(),
        _ => return format!("`{}`", k.trim_matches('`')),
    };
    // Keep the value itself: `integer `12``.
    match k.split_once('`') {
        Some((_, rest)) if !rest.trim_end_matches('`').is_empty() => {
            format!("{nl} (`{}`)", rest.trim_end_matches('`'))
        }
        _ => nl.to_string(),
    }
}

/// Names in "expected one of a, b" or "expected `a` or `b`".
fn allowed_names(list: &str) -> Vec<String> {
    list.split([',', ' '])
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && s != "or" && s != "one" && s != "of")
        .collect()
}

/// Plain Dutch for the messages serde-saphyr and its parser give, with a hint for each.
/// Anything not known is still shown, after a Dutch introduction.
fn translate(msg: &str) -> (String, String) {
    let pair = |m: String, h: &str| (m, h.to_string());
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest).trim();
        let name = field.trim_matches('`');
        let hint = match rest.split_once("expected ") {
            Some((_, allowed)) => {
                let allowed = allowed.trim_start_matches("one of ");
                let names = allowed_names(allowed);
                match crate::error::closest(name, names.iter().map(String::as_str)) {
                    Some(best) => format!("bedoel je `{best}`? Toegestaan: {allowed}"),
                    None => format!("controleer de spelling; toegestaan: {allowed}"),
                }
            }
            None => "controleer de spelling van de sleutel".into(),
        };
        return (format!("onbekend veld {field}"), hint);
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let value = rest.split(',').next().unwrap_or(rest).trim();
        let name = value.trim_matches('`');
        let hint = match rest.split_once("expected ") {
            Some((_, allowed)) => {
                let allowed = allowed.trim_start_matches("one of ");
                let names = allowed_names(allowed);
                let shown = names.join(", ");
                match crate::error::closest(name, names.iter().map(String::as_str)) {
                    Some(best) => format!("bedoel je `{best}`? Toegestaan: {shown}"),
                    None => format!("kies uit: {shown}"),
                }
            }
            None => "controleer de spelling".into(),
        };
        return (format!("onbekende waarde {value}"), hint);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return pair(
            format!("verplicht veld {} ontbreekt", rest.trim()),
            "voeg dit veld toe (zie README, Inhoudsmodel)",
        );
    }
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return pair(
            format!("de sleutel `{key}` staat er twee keer in"),
            "elke sleutel mag één keer voorkomen; haal de dubbele regel weg",
        );
    }
    if msg.contains("duplicate") {
        return pair(
            "een sleutel staat er twee keer in".into(),
            "elke sleutel mag één keer voorkomen; haal de dubbele regel weg",
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let m = if want.is_empty() {
            format!("verkeerd soort waarde: {}", kind_nl(got))
        } else {
            format!(
                "verkeerd soort waarde: hier hoort {}, er staat {}",
                kind_nl(want),
                kind_nl(got)
            )
        };
        return pair(m, "kijk in de README (Inhoudsmodel) wat dit veld verwacht");
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return pair(
            format!("ongeldige waarde {}; verwacht: {want}", kind_nl(got)),
            "kijk in de README (Inhoudsmodel) wat dit veld verwacht",
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let (len, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return pair(
            format!("de lijst heeft {len} waarden; verwacht: {want}"),
            "kijk in de README (Inhoudsmodel) wat dit veld verwacht",
        );
    }
    if msg.starts_with("data did not match any variant of untagged enum") {
        let what = msg.rsplit(' ').next().unwrap_or("");
        let hint = match what {
            "Area" => "schrijf `area: all` of een lijst van de ids van gemeenterecords, zoals `area: [gemeente-a, gemeente-b]`",
            "Sources" => {
                "schrijf één adres (`source: https://…`) of een lijst met `- https://…` per regel"
            }
            _ => "kijk in de README (Inhoudsmodel) wat dit veld verwacht",
        };
        return pair("deze waarde heeft niet de goede vorm".into(), hint);
    }
    match msg {
        "expected string scalar" | "expected scalar" | "expected a string" => {
            return pair(
                "hier hoort één tekst, geen lijst of sleutels met waarden".into(),
                "staan er [ ] of { } in de tekst? Zet dan de hele tekst tussen aanhalingstekens: `title: \"[Concept] Titel\"`",
            )
        }
        "expected sequence start" => {
            return pair(
                "hier hoort een lijst".into(),
                "schrijf een lijst als `[a, b]`, of zet elk item op een eigen regel die begint met `- `",
            )
        }
        "expected mapping start" => {
            return pair(
                "hier horen sleutels met waarden (`sleutel: waarde`), geen lijst of losse tekst".into(),
                "zet elke sleutel op een eigen, ingesprongen regel: `  phone: 088 …`",
            )
        }
        "cannot deserialize null into string; use Option<String>" => {
            return pair(
                "de waarde is leeg".into(),
                "vul een tekst in; een lege tekst schrijf je als `\"\"`, en een veld dat niet verplicht is mag je ook weglaten",
            )
        }
        "unexpected end of input" | "unexpected eof" => {
            return pair(
                "het bestand houdt op voordat alles er staat (of het is leeg)".into(),
                "vul de verplichte velden in (zie README, Inhoudsmodel); `ketenwijzer new` maakt een ingevuld voorbeeld",
            )
        }
        "mapping values are not allowed in this context" => {
            return pair(
                "hier staat een dubbele punt die YAML als nieuwe sleutel leest".into(),
                "staat er nog een `: ` in de tekst? Zet de hele tekst tussen aanhalingstekens: `title: \"Let op: dit\"`; of klopt de inspringing niet?",
            )
        }
        "mapping keys are not allowed in this context" => {
            return pair(
                "hier mag geen sleutel staan".into(),
                SYNTAX_HINT,
            )
        }
        "block sequence entries are not allowed in this context" => {
            return pair(
                "hier mag geen lijstitem (`- `) staan".into(),
                "zet de lijst op de regels onder de sleutel, ingesprongen: `roles:` en dan `  - melden`",
            )
        }
        "unclosed quote" => {
            return pair(
                "een aanhalingsteken wordt niet gesloten".into(),
                "zet aan het eind van de tekst hetzelfde aanhalingsteken als aan het begin",
            )
        }
        "invalid trailing content after double-quoted scalar"
        | "invalid trailing content after single-quoted scalar" => {
            return pair(
                "na de tekst tussen aanhalingstekens staat nog iets".into(),
                "zet de hele tekst tussen de aanhalingstekens, of gebruik binnen dubbele aanhalingstekens \\\" voor een aanhalingsteken",
            )
        }
        "while scanning a plain scalar, found a tab"
        | "tabs disallowed within this context (block indentation)"
        | "tabs disallowed in this context" => {
            return pair(
                "hier staat een tab; YAML springt alleen in met spaties".into(),
                "vervang de tab door spaties (de meeste editors: Beeld → Witruimte tonen)",
            )
        }
        "recursion limit exceeded" => {
            return pair(
                "de waarde is te diep genest".into(),
                "zoveel haakjes of inspringniveaus in elkaar gebruikt de site nergens; haal ze weg",
            )
        }
        "alias references unknown anchor" | "unknown anchor" | "while parsing node, found unknown anchor" => {
            return pair(
                "de verwijzing `*naam` hoort bij geen `&naam`".into(),
                "een * aan het begin van een waarde is in YAML een verwijzing; zet de tekst tussen aanhalingstekens",
            )
        }
        "unexpected end of plain scalar" | "invalid indentation" => {
            return pair("de inspringing klopt niet".into(), SYNTAX_HINT)
        }
        _ => {}
    }
    if msg.starts_with("invalid boolean") {
        return pair(
            "dit is geen ja/nee-waarde".into(),
            "schrijf `true` (ja) of `false` (nee), zonder aanhalingstekens",
        );
    }
    if let Some(ty) = msg.strip_prefix("invalid ") {
        if matches!(
            ty,
            "i64" | "u64" | "i32" | "u32" | "i16" | "u16" | "i8" | "u8" | "usize" | "isize"
        ) {
            return pair(
                "dit is geen geheel getal (of het is te groot)".into(),
                "schrijf een geheel getal zonder aanhalingstekens en zonder komma, bijvoorbeeld `10`",
            );
        }
        if matches!(ty, "f64" | "f32") {
            return pair(
                "dit is geen getal".into(),
                "schrijf een getal met een punt, bijvoorbeeld `2.5`",
            );
        }
    }
    if msg.starts_with("budget breached") {
        return pair(
            "het bestand is te groot of herhaalt te veel (verwijzingen `*naam`)".into(),
            "schrijf de tekst uit in plaats van met `&naam`/`*naam` te herhalen, en houd een waarde onder de paar megabyte",
        );
    }
    if msg.starts_with("unclosed bracket") {
        return pair(
            "een haakje wordt niet gesloten".into(),
            "sluit `[` met `]` en `{` met `}`; of zet de tekst tussen aanhalingstekens",
        );
    }
    if msg.starts_with("unexpected EOF while parsing") {
        return pair(
            "het bestand houdt op midden in een lijst of blok".into(),
            "sluit de lijst met `]` of het blok met `}`",
        );
    }
    if msg.starts_with("while parsing a flow sequence")
        || msg.starts_with("while parsing a flow mapping")
    {
        return pair(
            "tussen de haakjes klopt iets niet: een komma of haakje ontbreekt".into(),
            "scheid waarden met een komma en sluit met `]` of `}`; tekst met een komma of dubbele punt zet je tussen aanhalingstekens",
        );
    }
    if msg.starts_with("while parsing a block mapping")
        || msg.starts_with("while parsing a block collection")
    {
        return pair(
            "de inspringing klopt niet: hier verwacht YAML een nieuwe sleutel of lijstitem".into(),
            SYNTAX_HINT,
        );
    }
    if msg.starts_with("while parsing a quoted scalar") {
        return pair(
            "een \\-teken binnen dubbele aanhalingstekens klopt niet".into(),
            "schrijf \\\\ voor een \\, of gebruik enkele aanhalingstekens",
        );
    }
    if let Some(what) = msg.strip_prefix("expected ") {
        return pair(format!("hier verwacht YAML {}", kind_nl(what)), SYNTAX_HINT);
    }
    pair(format!("de YAML klopt hier niet ({msg})"), SYNTAX_HINT)
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

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Typed {
        kind: Option<Kind>,
        order: Option<i64>,
        title: Option<String>,
        name: String,
        list: Option<Vec<String>>,
        draft: Option<bool>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        Landelijk,
        Regionaal,
        Gemeente,
    }

    fn typed(src: &str) -> Diagnostic {
        parse::<Typed>(src, Path::new("p.yaml"), 0).unwrap_err()
    }

    #[test]
    fn serde_messages_come_out_in_dutch() {
        let cases = [
            (
                "name: a\nkind: lndelijk\n",
                "onbekende waarde `lndelijk`",
                "bedoel je `landelijk`?",
            ),
            (
                "name: a\nkind: zzz\n",
                "onbekende waarde `zzz`",
                "kies uit: landelijk, regionaal, gemeente",
            ),
            ("name: a: b\n", "dubbele punt", "aanhalingstekens"),
            ("name: [a]\n", "hier hoort één tekst", "aanhalingstekens"),
            ("name: a\norder: abc\n", "geen geheel getal", "`10`"),
            (
                "name: a\norder: 123456789012345678901234\n",
                "geen geheel getal",
                "`10`",
            ),
            ("name: ~\n", "de waarde is leeg", "\"\""),
            ("name: a\nlist: x\n", "hier hoort een lijst", "- "),
            (
                "name: a\ndraft: misschien\n",
                "geen ja/nee-waarde",
                "`true`",
            ),
            ("- a\n", "sleutels met waarden", "sleutel"),
            (
                "name: \"a\n",
                "aanhalingsteken wordt niet gesloten",
                "aanhalingsteken",
            ),
            ("", "houdt op", "verplichte velden"),
            ("name: a\n\ttitle: b\n", "tab", "spaties"),
            ("name: a\nlist: [a, [b\n", "", ""),
        ];
        for (src, message, hint) in cases {
            let d = typed(src);
            assert!(d.message.contains(message), "{src:?}: {d:?}");
            assert!(d.hint.contains(hint), "{src:?}: {d:?}");
            for english in [
                "unknown variant",
                "mapping values",
                "invalid type",
                "expected string scalar",
                "invalid i64",
                "cannot deserialize",
                "expected sequence start",
                "expected mapping start",
                "unclosed quote",
                "unexpected end of input",
                "YAML klopt niet",
            ] {
                assert!(!d.message.contains(english), "{src:?}: {d:?}");
            }
        }
    }

    #[test]
    fn invalid_type_names_both_kinds_in_dutch() {
        let (m, _) = translate("invalid type: map, expected a string");
        assert_eq!(
            m,
            "verkeerd soort waarde: hier hoort een tekst, er staat sleutels met waarden"
        );
        let (m, h) =
            translate("unknown variant `regonaal`, expected one of `landelijk`, `regionaal`");
        assert!(m.contains("regonaal"), "{m}");
        assert!(h.starts_with("bedoel je `regionaal`?"), "{h}");
    }

    #[test]
    fn block_scalar_first_line() {
        #[derive(Deserialize)]
        struct B {
            a: Spanned<String>,
            b: Spanned<String>,
            c: Spanned<String>,
        }
        let b: B = serde_saphyr::from_str(
            "a: |\n  een\n  twee\nb: |\n\n  na een lege regel\nc: op de regel zelf\n",
        )
        .unwrap();
        assert_eq!(first_line(&b.a), 2);
        assert_eq!(first_line(&b.b), 5);
        assert_eq!(first_line(&b.c), 7);
        assert_eq!(first_column(&b.a), 3);
        assert_eq!(first_column(&b.c), 4);
    }
}
