//! `site.yaml`: the site's settings.

use crate::error::Diagnostic;
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Only used for sitemap.xml; pages link each other relatively.
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Raw HTML in Markdown is escaped unless this is true (Hugo's safe default).
    #[serde(default)]
    pub allow_html: bool,
    #[serde(default)]
    pub menu: Vec<LinkItem>,
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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkItem {
    pub title: String,
    /// A content-relative link: `beleidsplan/_index.md`, `partners/`, `begrippen/`.
    pub link: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Door {
    pub title: String,
    #[serde(default)]
    pub text: String,
    pub link: String,
}

fn default_language() -> String {
    "nl".into()
}

fn default_review_months() -> u32 {
    12
}

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
    }
}

/// `Ok(None)` when the site has no site.yaml (defaults apply, with a warning).
pub fn load(root: &Path) -> Result<Option<SiteConfig>, Diagnostic> {
    let path = root.join(FILE);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(FILE, 0, format!("kan {FILE} niet lezen: {e}"))
            .hint("elke site heeft een site.yaml met minstens `title:`; klopt --root?")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = crate::content::line_of_offset(e.as_bytes(), e.utf8_error().valid_up_to());
        Diagnostic::error(FILE, line, "het bestand is geen UTF-8").hint(
            "sla het bestand op als UTF-8 (in de meeste editors: Opslaan als → Codering UTF-8)",
        )
    })?;
    yaml::parse(&text, Path::new(FILE), 0).map(Some)
}
