//! The bundled routes and checklists are safe to follow (issue #15, review §2b). The checks run
//! on the parsed flowcharts of the bundled site, so they hold for the picture, the numbered steps
//! and the search index alike: a trainee who follows any answer must end at the right partner.

mod common;
use common::*;
use ketenwijzer::content::page::Page;
use ketenwijzer::flowchart::{self, Flowchart, Shape};
use ketenwijzer::site::{self, Mode};

/// The pages of the bundled site, loaded and checked as `ketenwijzer check` does.
fn pages() -> Vec<Page> {
    let loaded = site::load(&repo(), &Mode::default())
        .unwrap_or_else(|d| panic!("the bundled site does not load:\n{}", d.report(&repo())));
    assert!(
        !loaded.diags.has_errors(),
        "the bundled site has errors:\n{}",
        loaded.diags.report(&repo())
    );
    loaded.sources.pages
}

fn page<'a>(pages: &'a [Page], url: &str) -> &'a Page {
    pages
        .iter()
        .find(|p| p.url == url)
        .unwrap_or_else(|| panic!("no page {url}"))
}

/// The flowchart of route `slug` (`content/routes/SLUG.md`).
fn chart(pages: &[Page], slug: &str) -> Flowchart {
    let body = &page(pages, &format!("routes/{slug}/")).body;
    let start = body
        .find("```mermaid\n")
        .unwrap_or_else(|| panic!("{slug}: no mermaid fence"))
        + "```mermaid\n".len();
    let end = start
        + body[start..]
            .find("\n```")
            .unwrap_or_else(|| panic!("{slug}: unclosed fence"));
    flowchart::parse(&body[start..end]).unwrap_or_else(|e| panic!("{slug}: {e:?}"))
}

/// Click target of node `i`, if any.
fn click(fc: &Flowchart, i: usize) -> Option<&str> {
    let id = &fc.nodes()[i].id;
    fc.clicks()
        .iter()
        .find(|c| &c.node == id)
        .map(|c| c.target.as_str())
}

fn text(fc: &Flowchart, i: usize) -> String {
    fc.nodes()[i].text.to_lowercase()
}

/// A step that brings in the police: it links to the police record or says 112 or "politie".
fn reaches_police(fc: &Flowchart, i: usize) -> bool {
    fc.nodes()[i].shape != Shape::Question
        && (click(fc, i) == Some("partner:politie")
            || text(fc, i).contains("112")
            || text(fc, i).contains("politie"))
}

/// A step that offers anonymous reporting: Meld Misdaad Anoniem or the route Anoniem melden.
fn offers_anonymous(fc: &Flowchart, i: usize) -> bool {
    matches!(
        click(fc, i),
        Some("partner:meld-misdaad-anoniem") | Some("anoniem-melden.md")
    )
}

/// The question whether someone under 18 is involved.
fn asks_minor(fc: &Flowchart, i: usize) -> bool {
    fc.nodes()[i].shape == Shape::Question
        && (text(fc, i).contains("jonger dan 18") || text(fc, i).contains("minderjarig"))
}

/// One path: the nodes in order, and the label of the edge taken out of each node but the last.
struct Path {
    nodes: Vec<usize>,
    labels: Vec<Option<String>>,
}

/// Every path from a start (a node no edge points to) to a node with no way out. A path that
/// would come back to a node already on it ends there, so a loop cannot hide a dead end.
fn paths(fc: &Flowchart) -> Vec<Path> {
    let n = fc.nodes().len();
    let starts: Vec<usize> = (0..n)
        .filter(|&i| fc.edges().iter().all(|e| e.to != i))
        .collect();
    assert!(!starts.is_empty(), "no start");
    let mut out = Vec::new();
    for s in starts {
        walk(
            fc,
            Path {
                nodes: vec![s],
                labels: vec![],
            },
            &mut out,
        );
    }
    out
}

fn walk(fc: &Flowchart, path: Path, out: &mut Vec<Path>) {
    let here = *path.nodes.last().unwrap_or(&0);
    let next: Vec<_> = fc.edges().iter().filter(|e| e.from == here).collect();
    if next.is_empty() {
        out.push(path);
        return;
    }
    for e in next {
        let mut labels = path.labels.clone();
        labels.push(e.label.clone());
        let mut nodes = path.nodes.clone();
        let back = nodes.contains(&e.to);
        nodes.push(e.to);
        let longer = Path { nodes, labels };
        if back {
            out.push(longer);
        } else {
            walk(fc, longer, out);
        }
    }
}

/// The path as readable text, for failure messages.
fn show(fc: &Flowchart, p: &Path) -> String {
    let mut s = String::new();
    for (k, &i) in p.nodes.iter().enumerate() {
        if k > 0 {
            match &p.labels[k - 1] {
                Some(l) => s.push_str(&format!(" --{l}--> ")),
                None => s.push_str(" --> "),
            }
        }
        s.push_str(&format!("[{}]", fc.nodes()[i].text));
    }
    s
}

/// Whether the path leaves question `q` by an answer starting with `answer`.
fn answers(fc: &Flowchart, p: &Path, q: impl Fn(usize) -> bool, answer: &str) -> bool {
    p.nodes.iter().enumerate().any(|(k, &i)| {
        q(i) && fc.nodes()[i].shape == Shape::Question
            && p.labels
                .get(k)
                .and_then(|l| l.as_deref())
                .is_some_and(|l| l.starts_with(answer))
    })
}

#[test]
fn minors_route_reaches_the_police_on_every_path_that_suspects_exploitation() {
    let pages = pages();
    let fc = chart(&pages, "minderjarige");
    // A path stops suspecting exploitation only where it answers "Nee" to a question that asks
    // about exploitation itself; worries about a minor are a suspicion until then.
    let asks_exploitation = |i: usize| text(&fc, i).contains("uitbuiting");
    let mut wrong = Vec::new();
    for p in paths(&fc) {
        if answers(&fc, &p, asks_exploitation, "Nee") {
            continue;
        }
        if !p.nodes.iter().any(|&i| reaches_police(&fc, i)) {
            wrong.push(show(&fc, &p));
        }
    }
    assert!(
        wrong.is_empty(),
        "paths of the minors' route that suspect exploitation and never reach the police:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn minors_route_asks_about_an_unaccompanied_minor_first_and_talks_only_when_safe() {
    let pages = pages();
    let fc = chart(&pages, "minderjarige");
    let amv = |i: usize| {
        fc.nodes()[i].shape == Shape::Question
            && text(&fc, i).contains("alleenstaande minderjarige")
    };
    let talk =
        |i: usize| fc.nodes()[i].shape != Shape::Question && text(&fc, i).contains("gesprek");
    let weigh_or_report = |i: usize| {
        talk(i)
            || click(&fc, i) == Some("partner:veilig-thuis")
            || text(&fc, i).contains("meldcode")
    };
    let mut wrong = Vec::new();
    for p in paths(&fc) {
        // The unaccompanied-minor question comes before any talk, Veilig Thuis step or meldcode.
        let first_amv = p.nodes.iter().position(|&i| amv(i));
        let first_other = p.nodes.iter().position(|&i| weigh_or_report(i));
        if let Some(o) = first_other {
            if first_amv.is_none_or(|a| a > o) {
                wrong.push(format!("no amv question first: {}", show(&fc, &p)));
            }
        }
        // A talk with the young person or the parents only after "Ja" to a question whether it
        // is safe.
        if let Some(t) = p.nodes.iter().position(|&i| talk(i)) {
            let safe_yes = p.nodes[..t].iter().enumerate().any(|(k, &i)| {
                fc.nodes()[i].shape == Shape::Question
                    && text(&fc, i).contains("veilig")
                    && p.labels[k].as_deref().is_some_and(|l| l.starts_with("Ja"))
            });
            if !safe_yes {
                wrong.push(format!("talk without a safety answer: {}", show(&fc, &p)));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn anonymous_reporting_comes_only_after_the_question_about_a_minor() {
    let pages = pages();
    for slug in ["wie-bel-ik", "anoniem-melden"] {
        let fc = chart(&pages, slug);
        let mut offered = false;
        let mut wrong = Vec::new();
        for p in paths(&fc) {
            let Some(a) = p.nodes.iter().position(|&i| offers_anonymous(&fc, i)) else {
                continue;
            };
            offered = true;
            let before = Path {
                nodes: p.nodes[..=a].to_vec(),
                labels: p.labels[..a].to_vec(),
            };
            if !answers(&fc, &before, |i| asks_minor(&fc, i), "Nee") {
                wrong.push(show(&fc, &before));
            }
        }
        assert!(offered, "{slug}: no node offers anonymous reporting");
        assert!(
            wrong.is_empty(),
            "{slug}: anonymous reporting offered before (or without) the answer \"Nee\" to the question about a minor:\n{}",
            wrong.join("\n")
        );
    }
}

#[test]
fn every_route_has_112_and_a_fallback_when_the_attention_officer_is_away() {
    let pages = pages();
    let routes: Vec<&Page> = pages
        .iter()
        .filter(|p| p.url.starts_with("routes/") && !p.is_section)
        .collect();
    let count = routes.len();
    for r in routes {
        let slug = r.url.trim_start_matches("routes/").trim_end_matches('/');
        let fc = chart(&pages, slug);
        let n = fc.nodes().len();
        assert!(
            (0..n).any(|i| text(&fc, i).contains("112")),
            "{slug}: no step with 112"
        );
        let uses_officer = (0..n).any(|i| {
            fc.nodes()[i].shape == Shape::Step && text(&fc, i).contains("aandachtsfunctionaris")
        });
        if !uses_officer {
            continue;
        }
        // A question whether the officer can be reached, whose other answer leads to a number
        // that answers in the evening and at the weekend (or to the police).
        let fallback = (0..n).any(|q| {
            fc.nodes()[q].shape == Shape::Question
                && text(&fc, q).contains("bereikbaar")
                && fc.edges().iter().any(|e| {
                    e.from == q
                        && e.label.as_deref().is_some_and(|l| l.starts_with("Nee"))
                        && (reaches_police(&fc, e.to) || text(&fc, e.to).contains("0800-2000"))
                })
        });
        assert!(
            fallback,
            "{slug}: the attention officer is a step, but no question whether they can be reached leads (on \"Nee\") to the police or Veilig Thuis"
        );
    }
    // Adult criminal exploitation has a route of its own besides the seven of before.
    assert!(count >= 8, "routes: {count}");
}

#[test]
fn at_least_four_checklists_have_direct_report_signals() {
    let pages = pages();
    let direct: Vec<&str> = pages
        .iter()
        .filter(|p| p.url.starts_with("signalen/") && !p.is_section)
        .filter(|p| {
            p.meta.direct_advice.is_some() && p.body.to_lowercase().contains("- [ ] **meld direct")
        })
        .map(|p| p.url.as_str())
        .collect();
    assert!(
        direct.len() >= 4,
        "checklists with direct signals: {direct:?}"
    );
    for must in [
        "signalen/minderjarigen/",
        "signalen/seksuele-uitbuiting/",
        "signalen/criminele-uitbuiting/",
        "signalen/arbeidsuitbuiting/",
    ] {
        assert!(direct.contains(&must), "{must} has no direct signal");
    }
}

#[test]
fn advice_sends_adults_and_desk_signals_the_right_way() {
    let pages = pages();
    let routes_of = |url: &str| -> Vec<String> {
        let p = page(&pages, url);
        let mut r: Vec<String> = p
            .meta
            .advice
            .iter()
            .filter_map(|a| a.route.as_ref().map(|s| s.value.clone()))
            .collect();
        if let Some(d) = &p.meta.direct_advice {
            r.extend(d.value.route.as_ref().map(|s| s.value.clone()));
        }
        r
    };
    // Adult criminal exploitation has its own route; the minors' route is only named in text.
    let crim = routes_of("signalen/criminele-uitbuiting/");
    assert!(
        !crim.iter().any(|r| r == "minderjarige"),
        "criminal exploitation advice links the minors' route: {crim:?}"
    );
    assert!(crim.iter().any(|r| r == "criminele-uitbuiting"), "{crim:?}");
    // At the desk the signals are about a person: the signal route first, never the
    // administrative route alone.
    let desk = routes_of("signalen/burgerzaken/");
    assert!(
        !desk.is_empty() && desk.iter().all(|r| r == "signaal-melden"),
        "desk advice: {desk:?}"
    );
}

#[test]
fn the_bundled_site_passes_check() {
    let o = bin()
        .args(["check", "--root"])
        .arg(repo())
        .output()
        .expect("run ketenwijzer");
    assert!(o.status.success(), "{}", stderr(&o));
}
