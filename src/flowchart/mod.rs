//! Referral flowcharts: a strict subset of Mermaid's `flowchart` syntax in, three outputs out.
//!
//! ```text
//! parse.rs   text of a ```mermaid fence  → model (nodes, edges, clicks) + syntax problems
//! check.rs   model                       → graph problems (reachability, questions, clicks)
//! layout.rs  sizes + edges               → layered (Sugiyama-style) coordinates
//! svg.rs     model + layout              → inline <svg role="img">, no links inside
//! steps.rs   model                       → numbered text alternative with answer links
//! ```
//!
//! Only `std` is used. Every problem is a [`Diagnostic`] with a 1-based line and column inside
//! the fence body (in characters), a Dutch message and a Dutch hint.
//!
//! # Accepted syntax
//!
//! - Header `flowchart TD|TB|BT|LR|RL` or `graph ...` (no direction: `TD`); `%%` comment lines
//!   anywhere; `;` separates statements.
//! - Nodes: `id["stap"]`, `id{"vraag"}`, `id(["begin of einde"])`, `id(("cirkel"))`, unquoted
//!   `id[tekst]`, `id{tekst}`, `id(tekst)` (a step) and bare ids (text = id). In text: `<br>` is a
//!   line break, `#quot;`, `#amp;`, `#lt;`, `#gt;`, `#35;` are entity codes.
//! - Edges `a --> b`, `a -->|antwoord| b`, `a -- antwoord --> b`, longer `--->`, chains
//!   `a --> b --> c`, node definitions inside edges.
//! - `click id "doel"` and `click id href "doel"` (a tooltip and `_blank` are ignored with a
//!   warning / silently). The caller resolves the target (`partner:ID`, `.md` link, URL).
//! - `accTitle: ...`, `accDescr: ...`, `accDescr { ... }` over several lines.
//! - `classDef`, `class`, `style`, `linkStyle`, `:::klasse` and `%%{init}%%`: accepted and
//!   ignored with a warning.
//! - Errors: anything else (`subgraph`, `&`, `==>`, `-.->`, `---`, other shapes, the id `end`, ids
//!   with `-`), unclosed brackets and quotes, unknown direction, missing header, empty chart,
//!   edge to nothing, one id with two texts or shapes, self-loops, nodes unreachable from a start
//!   (a node without incoming edges), a question with fewer than two labelled answers, `click`
//!   on an unknown node or twice on one node.
//!
//! # Output (see [`render`])
//!
//! `<figure class="flowchart">` with `<figcaption>`, `<div class="flowchart-picture">` holding the
//! `<svg role="img">` and `<div class="flowchart-text">` holding
//! `<ol class="flowchart-steps" data-flowchart-steps>`. Ids are listed by [`element_ids`].
//! Styling and the no-JavaScript step mode live in `themes/default/static/css/flowchart.css`;
//! `themes/default/static/js/flowchart.js` moves focus to the step an answer link jumps to.

use std::collections::HashMap;
use std::fmt;

mod check;
mod layout;
mod model;
mod parse;
mod steps;
mod svg;

pub use model::{Click, Direction, Edge, Node, Shape};

/// One problem in a flowchart, positioned inside the fence body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line inside the fence body (the line after ```` ```mermaid ```` is line 1).
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong, in plain Dutch.
    pub message: String,
    /// What to do about it, in plain Dutch.
    pub hint: String,
    /// `true` for something that is accepted but ignored; the build goes on.
    pub warning: bool,
}

impl Diagnostic {
    pub(crate) fn error(line: usize, column: usize, message: String, hint: String) -> Self {
        Diagnostic {
            line,
            column,
            message,
            hint,
            warning: false,
        }
    }

    pub(crate) fn warning(line: usize, column: usize, message: String, hint: String) -> Self {
        Diagnostic {
            line,
            column,
            message,
            hint,
            warning: true,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.warning { "waarschuwing" } else { "fout" };
        write!(
            f,
            "regel {}, kolom {}: {}: {}",
            self.line, self.column, kind, self.message
        )?;
        if !self.hint.is_empty() {
            write!(f, " {}", self.hint)?;
        }
        Ok(())
    }
}

/// A parsed and checked flowchart.
#[derive(Debug, Clone)]
pub struct Flowchart {
    pub(crate) direction: Direction,
    pub(crate) nodes: Vec<Node>,
    pub(crate) edges: Vec<Edge>,
    pub(crate) clicks: Vec<Click>,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) header_line: usize,
}

/// Parse the text of a ```` ```mermaid ```` fence (without the fence lines).
///
/// Returns every error found (not just the first), sorted by position. Warnings (for example an
/// ignored `classDef`) do not stop the chart; they are available through
/// [`Flowchart::warnings`]. The `Err` side holds errors only.
pub fn parse(src: &str) -> Result<Flowchart, Vec<Diagnostic>> {
    let mut fc = parse::parse(src)?;
    let problems = check::check(&fc);
    let (warnings, mut errors): (Vec<_>, Vec<_>) = problems.into_iter().partition(|d| d.warning);
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.line, d.column));
        return Err(errors);
    }
    fc.warnings.extend(warnings);
    fc.warnings.sort_by_key(|d| (d.line, d.column));
    Ok(fc)
}

impl Flowchart {
    /// Problems that were accepted and ignored (`classDef`, `style`, ...).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Every click target with its line, so the caller can resolve `partner:ID`, relative `.md`
    /// links, and https URLs.
    pub fn click_targets(&self) -> Vec<(String, String, usize)> {
        self.clicks
            .iter()
            .map(|c| (c.node.clone(), c.target.clone(), c.line))
            .collect()
    }

    /// The click statements with line and column of the target text, for precise errors.
    pub fn clicks(&self) -> &[Click] {
        &self.clicks
    }

    /// All node texts and edge labels, for the search index.
    pub fn texts(&self) -> Vec<String> {
        let mut out: Vec<String> = self.nodes.iter().map(|n| n.text.clone()).collect();
        out.extend(self.edges.iter().filter_map(|e| e.label.clone()));
        out
    }

    /// The `accTitle`, if the chart has one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The `accDescr`, if the chart has one.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The direction from the header (`TD`, `LR`, ...).
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The nodes in order of first appearance.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The edges in order of appearance.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }
}

/// Render the figure: `<figure class="flowchart">` with a caption, an inline SVG picture
/// (`role="img"`, no links inside) and the numbered text alternative (`data-flowchart-steps`).
///
/// `prefix` makes ids unique on the page (e.g. `"route1"`); `hrefs` maps node id → resolved
/// relative href (already checked by the caller); `fallback_title` is used when there is no
/// `accTitle` (the page title).
pub fn render(
    fc: &Flowchart,
    prefix: &str,
    hrefs: &HashMap<String, String>,
    fallback_title: &str,
) -> String {
    let prefix = sanitize_prefix(prefix);
    let title = fc.title().unwrap_or(fallback_title);
    let order = steps::step_order(fc);
    let mut out = String::new();
    out.push_str("<figure class=\"flowchart\">\n");
    out.push_str("<figcaption class=\"flowchart-caption\">Stroomschema: ");
    out.push_str(&escape(title));
    out.push_str("</figcaption>\n");
    out.push_str("<div class=\"flowchart-picture\">\n");
    out.push_str(&svg::render_svg(fc, &prefix, title, &order));
    out.push_str("</div>\n");
    out.push_str(&steps::render_steps(fc, &prefix, hrefs, &order));
    out.push_str("</figure>\n");
    out
}

/// Every `id` that [`render`] puts on the page for this chart and prefix (to check anchors and
/// keep ids unique): `{prefix}-titel`, `{prefix}-beschrijving`, `{prefix}-pijl`,
/// `{prefix}-stappen-kop`, `{prefix}-stappen` and `{prefix}-stap-1` ... `{prefix}-stap-N`.
pub fn element_ids(fc: &Flowchart, prefix: &str) -> Vec<String> {
    let p = sanitize_prefix(prefix);
    let mut ids: Vec<String> = ["titel", "beschrijving", "pijl", "stappen-kop", "stappen"]
        .iter()
        .map(|s| format!("{p}-{s}"))
        .collect();
    ids.extend((1..=fc.nodes.len()).map(|n| format!("{p}-stap-{n}")));
    ids
}

/// Keep ids valid and predictable: letters, digits, `-` and `_` only.
fn sanitize_prefix(prefix: &str) -> String {
    let cleaned: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "schema".to_string()
    } else if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("s{cleaned}")
    } else {
        cleaned
    }
}

pub(crate) use crate::util::html::escape;

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const SAMPLE: &str = r#"flowchart TD
  accTitle: Signaal melden
  accDescr: Wat een medewerker doet die een signaal van mensenhandel ziet.
  start(["Je ziet een signaal"]) --> gevaar{"Is er acuut gevaar?"}
  gevaar -->|Ja| bel112["Bel 112"]
  gevaar -- Nee --> vastleggen["Leg feitelijk vast wat je zag"]
  vastleggen --> af["Meld bij de aandachtsfunctionaris"] --> einde(("Klaar"))
  click bel112 "partner:politie"
  click af "../beleidsplan/04-signalering.md#interne-meldroute"
  %% comment
"#;

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn prefix_is_sanitized() {
        assert_eq!(sanitize_prefix("route 1"), "route-1");
        assert_eq!(sanitize_prefix(""), "schema");
        assert_eq!(sanitize_prefix("1a"), "s1a");
    }

    #[test]
    fn sample_parses_with_public_api() {
        let fc = parse(SAMPLE).expect("sample parses");
        assert_eq!(fc.title(), Some("Signaal melden"));
        assert_eq!(
            fc.click_targets(),
            vec![
                ("bel112".to_string(), "partner:politie".to_string(), 8),
                (
                    "af".to_string(),
                    "../beleidsplan/04-signalering.md#interne-meldroute".to_string(),
                    9
                ),
            ]
        );
        let texts = fc.texts();
        assert!(texts.contains(&"Is er acuut gevaar?".to_string()));
        assert!(texts.contains(&"Nee".to_string()));
        assert!(fc.warnings().is_empty());
    }

    #[test]
    fn render_holds_every_text_and_no_link_in_svg() {
        let fc = parse(SAMPLE).unwrap();
        let mut hrefs = HashMap::new();
        hrefs.insert("bel112".to_string(), "../../partners/politie/".to_string());
        let html = render(&fc, "route1", &hrefs, "Pagina");
        assert!(html.starts_with("<figure class=\"flowchart\">"));
        let svg_start = html.find("<svg").unwrap();
        let svg_end = html.find("</svg>").unwrap();
        let svg = &html[svg_start..svg_end];
        assert!(svg.contains("role=\"img\""));
        assert!(!svg.contains("<a"));
        assert!(!svg.contains("href"));
        let steps = &html[svg_end..];
        assert!(steps.contains("data-flowchart-steps"));
        assert!(steps.contains("href=\"../../partners/politie/\""));
        for text in fc.texts() {
            for word in text.split_whitespace() {
                assert!(svg.contains(&escape(word)), "{word} in svg");
            }
            assert!(steps.contains(&escape(&text)), "{text} in steps");
        }
    }

    const SMALL: &str = r#"flowchart TD
  accTitle: Klein schema
  start(["Begin"]) --> q{"Gevaar?"}
  q -->|Ja| bel["Bel 112"]
  q -- Nee --> meld["Meld het bij de aandachtsfunctionaris"]
  click meld "partner:x"
"#;

    fn small_figure(src: &str) -> String {
        let fc = parse(src).unwrap();
        let mut hrefs = HashMap::new();
        hrefs.insert("meld".to_string(), "../../partners/x/".to_string());
        render(&fc, "klein", &hrefs, "Paginatitel")
    }

    // File snapshots without the module path in their name, so they are the same files when this
    // module is compiled inside the main crate.
    #[test]
    fn snapshot_small_figure_html() {
        insta::with_settings!({prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("flowchart_small_figure", small_figure(SMALL));
        });
    }

    #[test]
    fn snapshot_small_svg_left_right() {
        let html = small_figure(&SMALL.replace("flowchart TD", "flowchart LR"));
        let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + 6];
        insta::with_settings!({prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("flowchart_small_svg_lr", svg);
        });
    }

    #[test]
    fn fallback_title_and_generated_description() {
        let html = small_figure(&SMALL.replace("  accTitle: Klein schema\n", ""));
        assert!(html.contains("<title id=\"klein-titel\">Paginatitel</title>"));
        assert!(html.contains("<desc id=\"klein-beschrijving\">Stroomschema met 4 stappen"));
        assert!(html.contains("Stroomschema: Paginatitel</figcaption>"));
    }

    #[test]
    fn ids_are_unique_per_prefix() {
        let fc = parse(SAMPLE).unwrap();
        let a = render(&fc, "route1", &HashMap::new(), "x");
        let b = render(&fc, "route2", &HashMap::new(), "x");
        let ids = |html: &str| -> Vec<String> {
            html.match_indices(" id=\"")
                .map(|(i, _)| html[i + 5..].split('"').next().unwrap().to_string())
                .collect()
        };
        let (ia, ib) = (ids(&a), ids(&b));
        let mut unique = ia.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ia.len(), "ids unique within a figure");
        assert!(
            ia.iter().all(|id| !ib.contains(id)),
            "ids differ between figures"
        );
        let mut listed = element_ids(&fc, "route1");
        listed.sort();
        assert_eq!(
            listed, unique,
            "element_ids lists exactly the ids in the HTML"
        );
        assert!(a.contains("marker-end=\"url(#route1-pijl)\""));
    }

    mod fuzz {
        use super::super::{parse, render};
        use proptest::prelude::*;
        use std::collections::HashMap;

        const PIECES: &[&str] = &[
            "flowchart TD\n",
            "graph LR\n",
            "\n",
            " ",
            "a",
            "b",
            "é",
            "end",
            "click",
            "href",
            "accTitle:",
            "accDescr",
            "{",
            "}",
            "[",
            "]",
            "(",
            ")",
            "([",
            "])",
            "((",
            "))",
            "\"",
            "|",
            "-->",
            "--",
            "---",
            "-.->",
            "==>",
            "<-->",
            "&",
            ";",
            ":::",
            "%%",
            "#quot;",
            "#",
            "<br>",
            "Ja",
            "tekst met spatie",
            "classDef",
            "style",
            "subgraph",
            "-",
            ">",
            "\r\n",
            "\t",
            "partner:x",
            "0",
            "_",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(400))]

            #[test]
            fn parse_and_render_never_panic(
                parts in proptest::collection::vec(0..PIECES.len(), 0..60)
            ) {
                let src: String = parts.iter().map(|&i| PIECES[i]).collect();
                match parse(&src) {
                    Ok(fc) => {
                        let html = render(&fc, "p", &HashMap::new(), "Titel");
                        prop_assert!(html.contains("data-flowchart-steps"));
                    }
                    Err(errors) => {
                        prop_assert!(!errors.is_empty());
                        for e in errors {
                            prop_assert!(e.line >= 1 && e.column >= 1);
                            prop_assert!(e.line <= src.split('\n').count());
                            prop_assert!(!e.message.is_empty() && !e.hint.is_empty());
                        }
                    }
                }
            }

            #[test]
            fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
                let _ = parse(&src);
                let _ = parse(&format!("flowchart TD\n{src}"));
            }
        }
    }

    #[test]
    fn diagnostic_display() {
        let d = Diagnostic::error(3, 7, "Fout.".into(), "Doe iets.".into());
        assert_eq!(d.to_string(), "regel 3, kolom 7: fout: Fout. Doe iets.");
    }
}
