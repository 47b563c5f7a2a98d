use super::*;
use std::path::PathBuf;

struct Fake;

impl Resolver for Fake {
    fn page_url(&self, file: &Path) -> Option<String> {
        match file.to_str()? {
            "content/beleidsplan/04-signalering.md" => Some("beleidsplan/signalering/".into()),
            "content/beleidsplan/_index.md" => Some("beleidsplan/".into()),
            _ => None,
        }
    }
    fn partner_url(&self, id: &str) -> Option<String> {
        (id == "comensha").then(|| "partners/comensha/".into())
    }
    fn has_term(&self, id: &str) -> bool {
        id == "bedenktijd"
    }
    fn asset_url(&self, file: &Path) -> Option<String> {
        (file == Path::new("content/beleidsplan/schema.png"))
            .then(|| "beleidsplan/schema.png".into())
    }
    fn url_exists(&self, url: &str) -> bool {
        url == "partners/"
    }
}

/// A resolver that knows no page, partner, term, asset or address.
struct NoLinks;

impl Resolver for NoLinks {
    fn page_url(&self, _: &Path) -> Option<String> {
        None
    }
    fn partner_url(&self, _: &str) -> Option<String> {
        None
    }
    fn has_term(&self, _: &str) -> bool {
        false
    }
    fn asset_url(&self, _: &Path) -> Option<String> {
        None
    }
    fn url_exists(&self, _: &str) -> bool {
        false
    }
}

/// `md` rendered as the page `file`, titled "Pagina", whose body starts on line `body_line`; a
/// case page when `casus` is given. No link resolves.
fn render_page(md: &str, file: &str, body_line: usize, casus: Option<&casus::Spec>) -> Rendered {
    let file = PathBuf::from(file);
    let placeholders = BTreeMap::new();
    render(
        md,
        &Options {
            file: &file,
            link_base: &file,
            body_line,
            root: "../../",
            allow_html: false,
            resolver: &NoLinks,
            placeholders: &placeholders,
            checklist: None,
            casus,
            title: "Pagina",
            hide_open_points: false,
        },
    )
}

/// `md` rendered as a page titled "Pagina".
pub(super) fn page(md: &str) -> Rendered {
    render_page(md, "content/plan/01-inleiding.md", 5, None)
}

/// `md` rendered as a case page (default front matter) whose body starts on line `body_line`.
pub(super) fn case_page(md: &str, body_line: usize) -> Rendered {
    render_page(
        md,
        "content/casussen/x.md",
        body_line,
        Some(&casus::Spec::default()),
    )
}

fn run(md: &str, allow_html: bool) -> Rendered {
    let file = PathBuf::from("content/beleidsplan/05-samenwerking.md");
    let ph = BTreeMap::from([("tabel:x".to_string(), "<table></table>".to_string())]);
    let opts = Options {
        file: &file,
        link_base: &file,
        body_line: 5,
        root: "../../",
        allow_html,
        resolver: &Fake,
        placeholders: &ph,
        checklist: None,
        casus: None,
        title: "T",
        hide_open_points: false,
    };
    render(md, &opts)
}

#[test]
fn heading_ids_unique_and_folded() {
    let r = run(
        "## Coördinatie\n\n## Coördinatie\n\n### Wat nu? {#eigen}\n",
        false,
    );
    assert!(r.html.contains("<h2 id=\"coordinatie\">"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"coordinatie-1\">"), "{}", r.html);
    assert!(r.html.contains("<h3 id=\"eigen\">"), "{}", r.html);
    assert_eq!(r.toc.len(), 3);
}

#[test]
fn links_are_rewritten_and_checked() {
    let r = run(
        "[a](04-signalering.md#interne-meldroute) [b](partner:comensha) [c](https://x.nl) [d](begrip:bedenktijd) [e](/partners/) [f](_index.md)\n",
        false,
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(
        r.html
            .contains("href=\"../../beleidsplan/signalering/index.html#interne-meldroute\""),
        "{}",
        r.html
    );
    assert!(r
        .html
        .contains("href=\"../../partners/comensha/index.html\""));
    assert!(r.html.contains("class=\"external\" href=\"https://x.nl\""));
    assert!(r.html.contains("(externe link)"));
    assert!(r
        .html
        .contains("href=\"../../begrippen/index.html#bedenktijd\""));
    assert!(r.html.contains("href=\"../../partners/index.html\""));
    assert!(r.html.contains("href=\"../../beleidsplan/index.html\""));
    assert_eq!(r.pending.len(), 1);
    assert_eq!(r.pending[0].anchor, "interne-meldroute");
}

#[test]
fn broken_links_have_line_and_column() {
    let r = run(
        "Tekst\n\nZie [x](03-bestaat-niet.md) en [y](partner:onbekend).\n",
        false,
    );
    assert_eq!(r.diagnostics.len(), 2);
    assert_eq!(r.diagnostics[0].line, 7);
    assert_eq!(r.diagnostics[0].column, 5);
    assert!(r.diagnostics[1].message.contains("onbekend"));
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let r = run("<script>alert(1)</script>\n\nEen <b>vet</b> woord\n", false);
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(r.html.contains("&lt;script&gt;"));
    assert!(!r.html.contains("<b>"));
    let r = run("Een <b>vet</b> woord\n", true);
    assert!(r.html.contains("<b>vet</b>"));
}

#[test]
fn placeholder_and_comments() {
    let r = run(
        "<!-- tabel:x -->\n\n<!-- notitie voor redactie -->\n",
        false,
    );
    assert!(r.html.contains("<table></table>"));
    assert!(!r.html.contains("notitie"));
}

#[test]
fn search_sections_split_at_headings() {
    let r = run(
        "Intro tekst.\n\n## Eerste\n\nTekst een.\n\n### Sub\n\nTekst twee.\n",
        false,
    );
    assert_eq!(r.sections.len(), 3);
    assert_eq!(r.sections[1].anchor.as_deref(), Some("eerste"));
    assert_eq!(r.sections[1].heading, "Eerste");
    assert!(r.sections[2].text.contains("Tekst twee"));
}

#[test]
fn images_local_only() {
    let r = run(
        "![schema](schema.png) ![x](https://cdn.example/x.png)\n",
        false,
    );
    assert!(
        r.html.contains("src=\"../../beleidsplan/schema.png\""),
        "{}",
        r.html
    );
    assert_eq!(r.diagnostics.len(), 1);
}

#[test]
fn stock_task_list_replaced_outside_checklists() {
    let r = run("- [ ] een\n", false);
    assert!(!r.html.contains("<input"));
}

proptest::proptest! {
    #[test]
    fn never_panics(md in "\\PC{0,300}") {
        let _ = run(&md, false);
    }

    #[test]
    fn never_panics_markdownish(md in "([#\\-*>\\[\\]()`!|: \\n]|[a-z]{1,4}|partner:|\\.md|\\{#){0,80}") {
        let _ = run(&md, false);
        let _ = run(&md, true);
    }
}

#[test]
fn heading_keeps_only_id_and_classes_without_allow_html() {
    let r = run(
        "## Kop {#k .c tabindex=1 autofocus onfocus=alert(1)}\n",
        false,
    );
    assert!(
        r.html.contains("<h2 id=\"k\" class=\"c\">Kop</h2>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("onfocus"), "{}", r.html);
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert!(!r.diagnostics[0].is_error());
    assert_eq!(r.diagnostics[0].line, 5);
    assert!(r.diagnostics[0].message.contains("`onfocus`"));
    // With raw HTML allowed, the editor may write any attribute.
    let r = run("## Kop {#k data-x=1}\n", true);
    assert!(r.html.contains("data-x=\"1\""), "{}", r.html);
    assert!(r.diagnostics.is_empty());
}

#[test]
fn script_links_are_errors_at_their_line() {
    let r = run(
        "Tekst.\n\n[a](JaVaScRiPt:alert(1)) <javascript:alert(2)>\n[b][r] [ok](https://x.nl)\n\n[r]: data:text/html,x\n[c](partner:comensha) [d](tel:112)\n",
        false,
    );
    let places: Vec<(usize, usize)> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(
        places,
        vec![(10, 1), (7, 1), (7, 26)],
        "{:?}",
        r.diagnostics
    );
    assert_eq!(r.html.matches("href=").count(), 3, "{}", r.html);
    assert_eq!(
        r.html.matches("<a class=\"broken\">").count(),
        3,
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"https://x.nl\""), "{}", r.html);
    assert!(r.html.contains("href=\"tel:112\""), "{}", r.html);
}

#[test]
fn nul_becomes_replacement_character() {
    let r = run("a\0b\n\n## K\0p\n", false);
    assert!(!r.html.contains('\0'));
    assert!(r.html.contains("a\u{FFFD}b"), "{}", r.html);
    assert!(r.html.contains("K\u{FFFD}p"), "{}", r.html);
}

#[test]
fn web_addresses_get_break_points() {
    for (md, shown) in [
        ("Zie https://x.nl/a nu.", "https://<wbr>x<wbr>.nl/<wbr>a"),
        ("Zie www.x.nl nu.", "www<wbr>.x<wbr>.nl"),
    ] {
        let html = run(md, false).html;
        assert!(html.contains(shown), "{md}: {html}");
    }
    assert!(!run("Zie de kaart. Bel ons: morgen.", false)
        .html
        .contains("<wbr>"));
}

/// The search for addresses is skipped on a page whose source cannot hold one: no text the
/// parser makes of such a source may hold one (entities and escapes included).
fn no_address_is_missed(source: &str) {
    if tables::may_hold_address(source) {
        return;
    }
    for event in Parser::new_ext(source, cmark_options()) {
        if let Event::Text(t) = event {
            assert!(
                !t.contains("://") && !t.contains("www."),
                "{source:?}: {t:?}"
            );
        }
    }
}

#[test]
fn a_source_without_addresses_gives_texts_without_them() {
    for source in [
        "Zie https&#58;//x.nl",
        "www\\.x.nl",
        "ww&#119;.x",
        "http:/\\/x",
        "de kaart. Bel: nu",
        "[a](b) www",
        "ga naar www.x.nl",
        "zie a://b",
    ] {
        no_address_is_missed(source);
    }
}

proptest::proptest! {
    #[test]
    fn no_text_holds_an_address_its_source_does_not_spell(
        parts in proptest::collection::vec(
            proptest::sample::select(vec!["w", "ww", "w.", ".", ":", ":/", "/", "&#58;", "&#x2F;", "&#119;", "&period;", "\\", "\\.", "\\/", " ", "\n", "*", "`", "[", "]", "(", ")", "h", "<", ">"]),
            0..24,
        )
    ) {
        no_address_is_missed(&parts.concat());
    }
}

proptest::proptest! {
    /// Counting on from the last offset asked gives what the full index of line starts gives,
    /// whatever order the offsets come in (past the end, inside a character, backwards).
    #[test]
    fn lines_counted_on_match_the_line_index(
        text in "([a-zé\n€ ]|\r\n){0,40}",
        offsets in proptest::collection::vec(0usize..48, 0..12),
    ) {
        let index = LineIndex::new(&text);
        let lines = Lines::new(&text);
        for o in offsets {
            proptest::prop_assert_eq!(lines.position(o), index.position(&text, o), "offset {}", o);
        }
    }
}

#[test]
fn link_tags_escape_target_and_title() {
    let r = run(
        "[a](04-signalering.md \"Zie \\\"dit\\\" & dat\") [b](https://x.nl/?a=1&b=2 'x<y') [c](mist.md \"t\") [d](#kop)",
        false,
    );
    assert!(
        r.html.contains(
            "<a href=\"../../beleidsplan/signalering/index.html\" title=\"Zie &quot;dit&quot; &amp; dat\">a</a>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(
            "<a class=\"external\" href=\"https://x.nl/?a=1&amp;b=2\" title=\"x&lt;y\">b<span class=\"visually-hidden\"> (externe link)</span></a>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<a class=\"broken\" title=\"t\">c</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<a href=\"#kop\">d</a>"), "{}", r.html);
}
