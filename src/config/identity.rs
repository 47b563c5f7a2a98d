//! A region's own look without programming: `logo`, `colors` and `stylesheet` in site.yaml, and
//! `language` as the `lang` of every page. Colours are checked for WCAG AA contrast against the
//! colours they meet in the theme; a pair below the norm is an error at its line in site.yaml.

use crate::error::Diagnostic;
use crate::yaml::Spanned;
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};

/// `logo: { src: logo.svg, alt: "Logo van de regio" }`: an SVG or PNG in content/.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// The image's path, relative to content/.
    pub src: String,
    /// The image's text alternative.
    #[serde(default)]
    pub alt: String,
}

/// `colors:` the theme's main colours, each `#rrggbb` or `#rgb`; what is left out keeps the
/// theme's colour.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    /// Body text (CSS `--text`).
    pub text: Option<String>,
    /// Secondary text (CSS `--muted`).
    pub muted: Option<String>,
    /// Links (CSS `--link`).
    pub link: Option<String>,
    /// Visited links (CSS `--link-visited`).
    pub link_visited: Option<String>,
    /// The accent, under white text in the menu, doors and buttons (CSS `--accent`).
    pub accent: Option<String>,
    /// The dark accent, under white text in the header (CSS `--accent-dark`).
    pub accent_dark: Option<String>,
    /// The page background (CSS `--bg`).
    pub background: Option<String>,
    /// The soft background (CSS `--bg-soft`).
    pub background_soft: Option<String>,
    /// The focus outline (CSS `--focus`).
    pub focus: Option<String>,
}

/// Each key of `colors`, its CSS variable in the theme, and the theme's own value.
const COLOR_KEYS: &[(&str, &str, &str)] = &[
    ("text", "text", "#1b1b1b"),
    ("muted", "muted", "#4a4a4a"),
    ("link", "link", "#0b4f8a"),
    ("link_visited", "link-visited", "#5a2d82"),
    ("accent", "accent", "#0b4f8a"),
    ("accent_dark", "accent-dark", "#073457"),
    ("background", "bg", "#ffffff"),
    ("background_soft", "bg-soft", "#f2f5f8"),
    ("focus", "focus", "#c75000"),
];

/// The white text the theme puts on `accent` (menu, doors, buttons) and `accent_dark` (header).
const WHITE: &str = "#ffffff";

/// Pairs that must be readable: (foreground, background, minimum ratio, where they meet).
const PAIRS: &[(&str, &str, f64, &str)] = &[
    ("text", "background", 4.5, "de tekst op de achtergrond"),
    ("muted", "background", 4.5, "grijze tekst op de achtergrond"),
    ("link", "background", 4.5, "links op de achtergrond"),
    (
        "link_visited",
        "background",
        4.5,
        "bezochte links op de achtergrond",
    ),
    (
        "text",
        "background_soft",
        4.5,
        "tekst in blokken met een lichte achtergrond",
    ),
    (
        "link",
        "background_soft",
        4.5,
        "links in blokken met een lichte achtergrond",
    ),
    (
        "white",
        "accent",
        4.5,
        "de witte tekst van het menu en de knoppen",
    ),
    (
        "white",
        "accent_dark",
        4.5,
        "de witte tekst in de kop van de pagina",
    ),
    (
        "focus",
        "background",
        3.0,
        "de focusrand rond wat je met het toetsenbord kiest",
    ),
];

impl Colors {
    fn get(&self, key: &str) -> Option<&String> {
        match key {
            "text" => self.text.as_ref(),
            "muted" => self.muted.as_ref(),
            "link" => self.link.as_ref(),
            "link_visited" => self.link_visited.as_ref(),
            "accent" => self.accent.as_ref(),
            "accent_dark" => self.accent_dark.as_ref(),
            "background" => self.background.as_ref(),
            "background_soft" => self.background_soft.as_ref(),
            "focus" => self.focus.as_ref(),
            _ => None,
        }
    }
}

/// The places of the identity keys in site.yaml (read a second time, so the settings keep
/// plain strings).
#[derive(Deserialize)]
struct Places {
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    logo: Option<LogoPlaces>,
    #[serde(default)]
    colors: Option<std::collections::BTreeMap<String, Spanned<String>>>,
    #[serde(default)]
    stylesheet: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct LogoPlaces {
    src: Spanned<String>,
    #[serde(default)]
    alt: Option<Spanned<String>>,
}

/// A file in content/ that site.yaml names (the logo, the stylesheet), with its place; the
/// site checks that it is there.
#[derive(Debug, Clone)]
pub struct FileRef {
    /// The site.yaml key that names the file: `logo` or `stylesheet`.
    pub key: &'static str,
    /// Relative to content/.
    pub rel: PathBuf,
    /// Line in site.yaml.
    pub line: usize,
    /// Column in site.yaml.
    pub column: usize,
}

fn at(s: &Spanned<String>) -> (usize, usize) {
    (s.referenced.line() as usize, s.referenced.column() as usize)
}

fn error(place: (usize, usize), message: String, hint: impl Into<String>) -> Diagnostic {
    Diagnostic::error(crate::config::FILE, place.0, message)
        .col(place.1)
        .hint(hint)
}

/// Problems of `language`, `logo`, `colors` and `stylesheet` in the text of site.yaml, and the
/// files they name.
pub fn problems(site_yaml: &str) -> (Vec<Diagnostic>, Vec<FileRef>) {
    let mut out = Vec::new();
    let mut files = Vec::new();
    let Ok(places) = crate::yaml::parse::<Places>(site_yaml, Path::new(crate::config::FILE), 0)
    else {
        // The settings themselves are read (and their errors reported) by config::load.
        return (out, files);
    };
    if let Some(lang) = &places.language {
        if !is_language_tag(&lang.value) {
            out.push(error(
                at(lang),
                format!("`language` \"{}\" is geen taalcode", lang.value),
                "schrijf een taalcode als nl, en, fy of nl-NL",
            ));
        }
    }
    if let Some(logo) = &places.logo {
        match site_file(&logo.src.value, &["svg", "png"]) {
            Ok(rel) => files.push(FileRef {
                key: "logo",
                rel,
                line: at(&logo.src).0,
                column: at(&logo.src).1,
            }),
            Err(why) => out.push(error(
                at(&logo.src),
                format!("het logo \"{}\" {why}", logo.src.value),
                "zet een SVG- of PNG-bestand in content/ en schrijf de naam, bijvoorbeeld `logo: { src: logo.svg, alt: \"Logo van de regio\" }`",
            )),
        }
        if logo.alt.as_ref().is_none_or(|a| a.value.trim().is_empty()) {
            let place = logo.alt.as_ref().map_or(at(&logo.src), at);
            out.push(error(
                place,
                "het logo heeft geen `alt`-tekst".into(),
                "schrijf in `alt` wat er op het logo staat, voor wie het niet ziet, bijvoorbeeld `alt: \"Logo van de regio\"`",
            ));
        }
    }
    if let Some(css) = &places.stylesheet {
        match site_file(&css.value, &["css"]) {
            Ok(rel) => files.push(FileRef {
                key: "stylesheet",
                rel,
                line: at(css).0,
                column: at(css).1,
            }),
            Err(why) => out.push(error(
                at(css),
                format!("de stylesheet \"{}\" {why}", css.value),
                "zet een .css-bestand in content/ en schrijf de naam, bijvoorbeeld `stylesheet: eigen.css`",
            )),
        }
    }
    if let Some(colors) = &places.colors {
        out.extend(color_problems(colors));
    }
    (out, files)
}

/// `rel` if `value` names a file inside content/ with one of `exts`; else why not.
fn site_file(value: &str, exts: &[&str]) -> Result<PathBuf, String> {
    let v = value.trim();
    if v.contains(':') || v.starts_with("//") {
        return Err("is geen bestand van de site: een adres buiten de site laadt de site niet (er gaat geen verzoek naar buiten)".into());
    }
    let path = Path::new(v);
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err("ligt niet in content/ (geen `/` vooraan en geen `..`)".into());
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !ext.as_deref().is_some_and(|e| exts.contains(&e)) {
        return Err(format!("moet eindigen op .{}", exts.join(" of .")));
    }
    Ok(path.to_path_buf())
}

/// `nl`, `en`, `nl-NL`, `fy`: letters, then parts of letters and digits after a `-`.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `#rgb` or `#rrggbb` as red, green, blue.
pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
    match hex.len() {
        3 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        6 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        _ => None,
    }
}

/// WCAG 2.1 relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG 2.1 contrast ratio, 1 to 21.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `colour` moved towards black or white (away from `other`) just far enough to reach `min`.
fn nearest_passing(colour: (u8, u8, u8), other: (u8, u8, u8), min: f64) -> (u8, u8, u8) {
    let target: f64 = if luminance(other) > 0.18 { 0.0 } else { 255.0 };
    for step in 1..=20 {
        let k = f64::from(step) / 20.0;
        let m = |c: u8| (f64::from(c) + (target - f64::from(c)) * k).round() as u8;
        let candidate = (m(colour.0), m(colour.1), m(colour.2));
        if contrast(candidate, other) >= min {
            return candidate;
        }
    }
    if target == 0.0 {
        (0, 0, 0)
    } else {
        (255, 255, 255)
    }
}

fn color_problems(colors: &std::collections::BTreeMap<String, Spanned<String>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (key, value) in colors {
        if COLOR_KEYS.iter().any(|(k, _, _)| k == key) && parse_hex(&value.value).is_none() {
            out.push(error(
                at(value),
                format!("de kleur `{key}: {}` is geen kleurcode", value.value),
                "schrijf een kleur als \"#0b4f8a\" (een # en zes tekens 0-9 of a-f), tussen aanhalingstekens",
            ));
        }
    }
    // The colour of `key` on the page: the site's, else the theme's.
    let value = |key: &str| -> Option<(u8, u8, u8)> {
        if key == "white" {
            return parse_hex(WHITE);
        }
        match colors.get(key) {
            Some(v) => parse_hex(&v.value),
            None => COLOR_KEYS
                .iter()
                .find(|(k, _, _)| *k == key)
                .and_then(|(_, _, d)| parse_hex(d)),
        }
    };
    let shown = |key: &str| -> String {
        match colors.get(key) {
            Some(v) => format!("`{key}` ({})", v.value.trim()),
            None if key == "white" => "wit (#ffffff)".into(),
            None => format!(
                "`{key}` van het thema ({})",
                COLOR_KEYS
                    .iter()
                    .find(|(k, _, _)| *k == key)
                    .map_or("", |(_, _, d)| d)
            ),
        }
    };
    for (fg, bg, min, what) in PAIRS {
        // Only the site's own colours are checked; the theme's pairs are fine together.
        let set = [fg, bg].into_iter().find(|k| colors.contains_key(**k));
        let Some(set) = set else { continue };
        let (Some(f), Some(b)) = (value(fg), value(bg)) else {
            continue;
        };
        let ratio = contrast(f, b);
        if ratio >= *min {
            continue;
        }
        let other = if set == fg { b } else { f };
        let mine = if set == fg { f } else { b };
        let better = nearest_passing(mine, other, *min);
        let place = colors.get(*set).map_or((0, 0), at);
        out.push(error(
            place,
            format!(
                "te weinig contrast voor {what}: {} en {} halen {:.2}:1, WCAG AA vraagt minstens {min}:1",
                shown(fg),
                shown(bg),
                (ratio * 100.0).floor() / 100.0
            ),
            format!(
                "kies voor `{set}` een {} kleur, bijvoorbeeld \"{}\" ({:.1}:1)",
                if luminance(better) < luminance(mine) { "donkerdere" } else { "lichtere" },
                hex(better),
                (contrast(better, other) * 10.0).floor() / 10.0
            ),
        ));
    }
    out
}

/// What the templates get as `site.identity`: the logo and stylesheet (paths in the output)
/// and the site's colours as CSS variables. Empty when site.yaml sets none of them, so a site
/// without them gets exactly the theme.
pub fn template_data(config: &crate::config::SiteConfig) -> serde_json::Value {
    let colors: Vec<serde_json::Value> = config
        .colors
        .as_ref()
        .map(|c| {
            COLOR_KEYS
                .iter()
                .filter_map(|(key, var, _)| {
                    let v = c.get(key)?;
                    let rgb = parse_hex(v)?;
                    Some(serde_json::json!({"var": var, "value": hex(rgb)}))
                })
                .collect()
        })
        .unwrap_or_default();
    let file = |value: &str, exts: &[&str]| {
        site_file(value, exts)
            .ok()
            .map(|rel| crate::content::asset_out(&rel))
    };
    let logo = config.logo.as_ref().and_then(|l| {
        file(&l.src, &["svg", "png"]).map(|src| serde_json::json!({"src": src, "alt": l.alt}))
    });
    let stylesheet = config.stylesheet.as_deref().and_then(|s| file(s, &["css"]));
    serde_json::json!({
        "colors": colors,
        "logo": logo,
        "stylesheet": stylesheet,
    })
}

/// Files site.yaml names that are not in content/.
pub fn missing_files(refs: &[FileRef], assets: &[(PathBuf, PathBuf)]) -> Vec<Diagnostic> {
    refs.iter()
        .filter(|r| !assets.iter().any(|(_, rel)| rel == &r.rel))
        .map(|r| {
            error(
                (r.line, r.column),
                format!(
                    "`{}` noemt {}, maar dat bestand staat niet in content/",
                    r.key,
                    Path::new(crate::content::CONTENT_DIR)
                        .join(&r.rel)
                        .display()
                ),
                format!(
                    "zet het bestand in content/{} of verbeter de naam",
                    r.rel.display()
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        let white = (255, 255, 255);
        assert!((contrast((0, 0, 0), white) - 21.0).abs() < 0.01);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes on white.
        assert!(contrast(parse_hex("#767676").unwrap(), white) >= 4.5);
        assert!(contrast(parse_hex("#777777").unwrap(), white) < 4.5);
        assert_eq!(parse_hex("#fff"), Some(white));
        assert_eq!(parse_hex("red"), None);
        assert_eq!(parse_hex("#12345g"), None);
    }

    #[test]
    fn the_theme_colours_pass() {
        let all: String = COLOR_KEYS
            .iter()
            .map(|(k, _, d)| format!("  {k}: \"{d}\"\n"))
            .collect();
        let (ds, _) = problems(&format!("title: T\ncolors:\n{all}"));
        assert!(ds.is_empty(), "{ds:?}");
    }

    #[test]
    fn a_low_contrast_pair_is_an_error_at_its_line_with_a_passing_suggestion() {
        let text = "title: T\ncolors:\n  accent: \"#ffcc00\"\n  text: \"#777777\"\n";
        let (ds, _) = problems(text);
        let lines: Vec<usize> = ds.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![4, 4, 3], "{ds:?}");
        assert!(ds[0].message.contains("4.47:1"), "{}", ds[0].message);
        assert!(
            ds[2].message.contains("witte tekst van het menu"),
            "{}",
            ds[2].message
        );
        let suggested = |d: &Diagnostic| parse_hex(d.hint.split('"').nth(1).unwrap()).unwrap();
        let (white, soft) = ((255, 255, 255), parse_hex("#f2f5f8").unwrap());
        assert!(contrast(suggested(&ds[0]), white) >= 4.5, "{}", ds[0].hint);
        assert!(contrast(suggested(&ds[1]), soft) >= 4.5, "{}", ds[1].hint);
        assert!(contrast(suggested(&ds[2]), white) >= 4.5, "{}", ds[2].hint);
        assert!(ds[2].hint.contains("donkerdere"), "{}", ds[2].hint);
    }

    #[test]
    fn a_dark_background_is_checked_against_the_theme_text() {
        let (ds, _) = problems("title: T\ncolors:\n  background: \"#222222\"\n");
        assert!(ds.iter().all(|d| d.line == 3));
        assert!(
            ds.iter()
                .any(|d| d.message.contains("`text` van het thema")),
            "{ds:?}"
        );
    }

    #[test]
    fn logo_stylesheet_and_language_are_checked() {
        let text = "title: T\nlanguage: Nederlands\nlogo: { src: \"https://x.nl/logo.png\" }\nstylesheet: ../eigen.css\ncolors:\n  link: blauw\n";
        let (ds, files) = problems(text);
        let lines: Vec<usize> = ds.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![2, 3, 3, 4, 6], "{ds:?}");
        assert!(files.is_empty());
        let (ds, files) = problems(
            "title: T\nlanguage: nl-NL\nlogo: { src: beeld/logo.svg, alt: Logo }\nstylesheet: eigen.css\n",
        );
        assert!(ds.is_empty(), "{ds:?}");
        let named: Vec<&Path> = files.iter().map(|f| f.rel.as_path()).collect();
        assert_eq!(
            named,
            vec![Path::new("beeld/logo.svg"), Path::new("eigen.css")]
        );
        let missing = missing_files(
            &files,
            &[(
                PathBuf::from("content/eigen.css"),
                PathBuf::from("eigen.css"),
            )],
        );
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].line, 3);
    }
}
