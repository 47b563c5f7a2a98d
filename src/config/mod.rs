//! `site.yaml`: the site's settings.

pub mod identity;
pub mod region;
pub mod site_links;

use crate::error::Diagnostic;
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

/// The settings of `site.yaml`, as written, with the problems found while reading them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's title, in the header of every page.
    pub title: String,
    /// A sentence about the site, given to templates as `site.description`.
    #[serde(default)]
    pub description: String,
    /// Only used for sitemap.xml; pages link each other relatively.
    #[serde(default)]
    pub base_url: String,
    /// The `lang` of every page; `nl` when left out.
    #[serde(default = "default_language")]
    pub language: String,
    /// Raw HTML in Markdown is escaped unless this is true (Hugo's safe default).
    #[serde(default)]
    pub allow_html: bool,
    /// The main navigation.
    #[serde(default)]
    pub menu: Vec<LinkItem>,
    /// The big doors on the home page.
    #[serde(default)]
    pub doors: Vec<Door>,
    /// A line of text in the footer.
    #[serde(default)]
    pub footer: String,
    /// Links in the footer, like the menu.
    #[serde(default)]
    pub footer_links: Vec<LinkItem>,
    /// Keep the numeric ordering prefix (`04-`) in URLs instead of dropping it.
    #[serde(default)]
    pub keep_order_prefix: bool,
    /// Partner records whose `reviewed` is older than this many months get a warning.
    #[serde(default = "default_review_months")]
    pub review_months: u32,
    /// The region's name: texts like "Alle gemeenten van de regio …" are built from it.
    #[serde(default)]
    pub region: String,
    /// The goals of the basisniveau (columns of the table, keys of `basisniveau:` in the
    /// municipality records).
    #[serde(default = "crate::config::region::default_goals")]
    pub goals: Vec<crate::config::region::Goal>,
    /// A logo in content/ shown in the header of every page.
    #[serde(default)]
    pub logo: Option<crate::config::identity::Logo>,
    /// The theme's main colours (checked for contrast).
    #[serde(default)]
    pub colors: Option<crate::config::identity::Colors>,
    /// A CSS file in content/, linked after the theme's stylesheets.
    #[serde(default)]
    pub stylesheet: Option<String>,
    /// Files in content/ that `logo` and `stylesheet` name, with their places.
    #[serde(skip)]
    pub file_refs: Vec<crate::config::identity::FileRef>,
    /// The links of `menu`, `doors` and `footer_links` with their places, checked against the
    /// site's pages once they are known.
    #[serde(skip)]
    pub site_links: Vec<crate::config::site_links::SiteLink>,
    /// Other problems of the settings found by [`load`] with their lines (goals, identity),
    /// reported with the site's other problems.
    #[serde(skip)]
    pub settings_problems: Vec<Diagnostic>,
    /// `show` (the default) or `hide`: whether open points appear on the published site.
    #[serde(default)]
    pub open_points: OpenPointsShown,
    /// Settings for the training cases under content/casussen/.
    #[serde(default)]
    pub casussen: Casussen,
    /// The plan's title, version, status, adoption per municipality and evaluation.
    #[serde(default)]
    pub plan: Option<yaml::Spanned<Plan>>,
    /// Unsafe links and a base_url that is no web address, found by [`load`] with their lines;
    /// the site reports them with its other problems.
    #[serde(skip)]
    pub url_problems: Vec<Diagnostic>,
}

/// One link of `menu` or `footer_links`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkItem {
    /// The link text.
    pub title: String,
    /// A content-relative link: `beleidsplan/_index.md`, `partners/`, `begrippen/`.
    pub link: String,
}

/// One door on the home page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Door {
    /// The door's title.
    pub title: String,
    /// A short text after the title; optional.
    #[serde(default)]
    pub text: String,
    /// A content-relative link, as in [`LinkItem::link`].
    pub link: String,
}

/// `casussen:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Casussen {
    /// `true`: every case prints as the trainer's version (answers and feedback), unless the
    /// case's own `print_answers` says otherwise.
    #[serde(default)]
    pub print_answers: bool,
}

/// `open_points:` in site.yaml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpenPointsShown {
    /// Open points appear on the site.
    #[default]
    Show,
    /// Every open point is left out of the site.
    Hide,
}

/// `plan:` in site.yaml: what the title block of the plan says.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The folder under content/ whose pages are the plan's chapters (default `beleidsplan`).
    #[serde(default)]
    pub section: Option<yaml::Spanned<String>>,
    /// The plan's title.
    #[serde(default)]
    pub title: Option<String>,
    /// The version, as text (`"1.0"`).
    #[serde(default)]
    pub version: Option<String>,
    /// `concept` or `vastgesteld`.
    #[serde(default)]
    pub status: Option<PlanStatus>,
    /// Date of this version (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<yaml::Spanned<String>>,
    /// Per municipality record id: when and by which decision it adopted the plan. A
    /// municipality missing here is an open point.
    #[serde(default)]
    pub adopted: Option<yaml::Spanned<std::collections::BTreeMap<String, Adoption>>>,
    /// The planned evaluation, in a sentence.
    #[serde(default)]
    pub evaluation: Option<String>,
}

/// `plan.status:` in site.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanStatus {
    /// A draft, not yet adopted.
    Concept,
    /// Adopted.
    Vastgesteld,
}

impl PlanStatus {
    /// The status as the site shows it.
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Concept => "Concept",
            PlanStatus::Vastgesteld => "Vastgesteld",
        }
    }
}

/// One municipality's adoption of the plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adoption {
    /// The date of the decision (YYYY-MM-DD).
    pub date: yaml::Spanned<String>,
    /// The decision's reference, e.g. "Collegebesluit 2025/123".
    #[serde(default)]
    pub decision: Option<String>,
}

fn default_language() -> String {
    "nl".into()
}

fn default_review_months() -> u32 {
    12
}

/// The settings file, relative to the site root.
pub const FILE: &str = "site.yaml";

impl SiteConfig {
    /// Settings for a site without site.yaml: its folder name as title.
    pub fn fallback(root: &Path) -> SiteConfig {
        let name = std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Site".into());
        yaml::parse(
            &format!("title: \"{}\"\n", name.replace('"', "")),
            Path::new(FILE),
            0,
        )
        .unwrap_or_else(|_| unreachable_config())
    }
}

fn unreachable_config() -> SiteConfig {
    SiteConfig {
        title: "Site".into(),
        description: String::new(),
        base_url: String::new(),
        language: default_language(),
        allow_html: false,
        menu: Vec::new(),
        doors: Vec::new(),
        footer: String::new(),
        footer_links: Vec::new(),
        review_months: default_review_months(),
        keep_order_prefix: false,
        open_points: OpenPointsShown::Show,
        casussen: Casussen::default(),
        plan: None,
        url_problems: Vec::new(),
        region: String::new(),
        goals: crate::config::region::default_goals(),
        settings_problems: Vec::new(),
        logo: None,
        colors: None,
        stylesheet: None,
        file_refs: Vec::new(),
        site_links: Vec::new(),
    }
}

/// `Ok(None)` when the site has no site.yaml (defaults apply, with a warning).
pub fn load(root: &Path) -> Result<Option<SiteConfig>, Diagnostic> {
    // `symlink_metadata`: a dangling link is an error, not a missing file.
    if std::fs::symlink_metadata(root.join(FILE)).is_err() {
        return Ok(None);
    }
    // Through the content reader: a site.yaml that links outside the root is never read.
    let text = crate::content::read_text(root, Path::new(FILE))?;
    let mut config: SiteConfig = yaml::parse(&text, Path::new(FILE), 0)?;
    config.url_problems = url_problems(&text);
    config.settings_problems = crate::config::region::goal_problems(&text);
    let (identity_problems, file_refs) = crate::config::identity::problems(&text);
    config.settings_problems.extend(identity_problems);
    config.file_refs = file_refs;
    config.site_links = crate::config::site_links::places(&text);
    Ok(Some(config))
}

/// Only the links of site.yaml, with their places (read a second time, so the settings keep
/// plain strings).
#[derive(Deserialize)]
struct LinkPlaces {
    #[serde(default)]
    base_url: Option<yaml::Spanned<String>>,
    #[serde(default)]
    menu: Vec<LinkPlace>,
    #[serde(default)]
    doors: Vec<LinkPlace>,
    #[serde(default)]
    footer_links: Vec<LinkPlace>,
}

#[derive(Deserialize)]
struct LinkPlace {
    link: yaml::Spanned<String>,
}

/// `menu`, `doors` and `footer_links` take links within the site or `http(s):`, `mailto:` and
/// `tel:` (the one policy of [`crate::links::refused_scheme`]); `base_url` is a web address.
fn url_problems(text: &str) -> Vec<Diagnostic> {
    let Ok(places) = yaml::parse::<LinkPlaces>(text, Path::new(FILE), 0) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(b) = &places.base_url {
        if !b.value.trim().is_empty() && !crate::links::is_web_url(&b.value) {
            out.push(
                Diagnostic::error(
                    FILE,
                    b.referenced.line() as usize,
                    format!(
                        "`base_url` moet een volledig webadres zijn dat begint met https:// of http://, niet \"{}\"",
                        crate::links::shown(&b.value)
                    ),
                )
                .col(b.referenced.column() as usize)
                .hint("schrijf het adres waar de site komt te staan, bijvoorbeeld https://www.voorbeeld.nl/mensenhandel/, of laat base_url weg"),
            );
        }
    }
    for (key, list) in [
        ("menu", &places.menu),
        ("doors", &places.doors),
        ("footer_links", &places.footer_links),
    ] {
        for item in list {
            let link = &item.link;
            if let Some(scheme) = crate::links::refused_scheme(&link.value, &[]) {
                out.push(
                    Diagnostic::error(
                        FILE,
                        link.referenced.line() as usize,
                        format!(
                            "de link \"{}\" in `{key}` gebruikt `{scheme}:`, en dat mag niet",
                            crate::links::shown(&link.value)
                        ),
                    )
                    .col(link.referenced.column() as usize)
                    .hint("link naar een pagina of map van de site (zoals beleidsplan/_index.md of partners/), of naar een adres dat begint met https://, http://, mailto: of tel:"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_links_in_site_yaml_have_their_lines() {
        let text = "title: T\nbase_url: \"javascript:alert(77)//\"\nmenu:\n  - { title: A, link: partners/ }\n  - { title: B, link: \"JaVaScRiPt:alert(1010)\" }\ndoors:\n  - title: C\n    text: x\n    link: \"data:text/html,x\"\nfooter_links:\n  - { title: D, link: \"https://x.nl/\" }\n  - { title: E, link: \"vbscript:x\" }\n";
        let ds = url_problems(text);
        let lines: Vec<usize> = ds.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![2, 5, 9, 12], "{ds:?}");
        assert!(ds.iter().all(|d| d.is_error() && !d.hint.is_empty()));
        assert!(ds[1].message.contains("`javascript:`"), "{:?}", ds[1]);
    }

    #[test]
    fn safe_site_yaml_has_no_url_problems() {
        let text = "title: T\nbase_url: https://www.example.org/mensenhandel/\nmenu:\n  - { title: A, link: beleidsplan/_index.md }\n  - { title: M, link: \"mailto:a@b.nl\" }\n";
        assert!(url_problems(text).is_empty());
        assert!(url_problems("title: T\nbase_url: \"\"\n").is_empty());
    }
}
