//! Checks on the graph: something to show, clicks on known nodes, questions with answers,
//! every node reachable from a start.

use std::collections::{HashMap, VecDeque};

use super::model::Shape;
use super::{Diagnostic, Flowchart};

/// `stap1` and `stap2`: the same length, and every character that differs is a digit in both.
fn only_numbers_differ(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || (x.is_ascii_digit() && y.is_ascii_digit()))
}

/// All graph problems (errors and warnings) of a parsed chart.
pub(crate) fn check(fc: &Flowchart) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if fc.nodes.is_empty() {
        out.push(Diagnostic::error(
            fc.header_line,
            1,
            "Het stroomschema is leeg: er staan geen stappen in.".into(),
            "Voeg stappen en pijlen toe, bijvoorbeeld `start([\"Je ziet een signaal\"]) --> stap[\"Bespreek het met een collega\"]`.".into(),
        ));
        return out;
    }

    for e in &fc.edges {
        if e.from == e.to {
            let id = &fc.nodes[e.from].id;
            out.push(Diagnostic::error(
                e.line,
                e.column,
                format!("Een pijl van `{id}` naar zichzelf."),
                "Laat de pijl naar een andere stap wijzen, bijvoorbeeld een vraag die terugverwijst.".into(),
            ));
        }
    }

    let index: HashMap<&str, usize> = fc
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    // A bare id (no text anywhere) is legal Mermaid: it shows the id itself. One that is a
    // near miss of a step that does have a text is almost always a typo (`bel12` for `bel112`),
    // which would otherwise silently add a new, empty step.
    // Short ids (`a`, `b`) and numbered ones (`stap1` beside `stap2`) are left alone: there a
    // near miss is more likely meant.
    for n in fc
        .nodes
        .iter()
        .filter(|n| !n.defined && n.id.chars().count() >= 4)
    {
        let described = fc
            .nodes
            .iter()
            .filter(|m| m.defined && m.id != n.id && !only_numbers_differ(&m.id, &n.id))
            .map(|m| m.id.as_str());
        if let Some(best) = crate::error::closest(&n.id, described) {
            out.push(Diagnostic::error(
                n.line,
                n.column,
                format!(
                    "`{}` krijgt nergens een tekst; er is wel een stap `{best}`.",
                    n.id
                ),
                format!(
                    "Bedoel je `{best}`? Verbeter het id, of geef `{}` een eigen tekst: `{}[\"...\"]`.",
                    n.id, n.id
                ),
            ));
        }
    }

    let mut clicked: HashMap<&str, usize> = HashMap::new();
    for c in &fc.clicks {
        if !index.contains_key(c.node.as_str()) {
            out.push(Diagnostic::error(
                c.line,
                c.node_column,
                format!(
                    "`click {}`: er is geen stap met het id `{}`.",
                    c.node, c.node
                ),
                "Gebruik het id van een stap uit dit schema (het woord vóór de haakjes).".into(),
            ));
        } else if let Some(first) = clicked.get(c.node.as_str()) {
            out.push(Diagnostic::error(
                c.line,
                c.node_column,
                format!("`{}` heeft al een link (regel {first}).", c.node),
                "Geef een stap maar één `click`-regel.".into(),
            ));
        } else {
            clicked.insert(c.node.as_str(), c.line);
        }
    }

    for (i, n) in fc.nodes.iter().enumerate() {
        if n.shape != Shape::Question {
            continue;
        }
        let labelled = fc
            .edges
            .iter()
            .filter(|e| e.from == i && e.to != i && e.label.is_some())
            .count();
        if labelled < 2 {
            out.push(Diagnostic::error(
                n.def_line,
                n.def_column,
                format!(
                    "De vraag `{}` (“{}”) heeft {} met een antwoord; een vraag heeft er minstens twee nodig.",
                    n.id,
                    n.text,
                    match labelled {
                        0 => "geen pijl".to_string(),
                        _ => "maar één pijl".to_string(),
                    }
                ),
                format!(
                    "Geef elke pijl uit de vraag een antwoord: `{0} -->|Ja| ...` en `{0} -->|Nee| ...`. Is het geen vraag, schrijf dan `{0}[\"...\"]`.",
                    n.id
                ),
            ));
        }
    }

    let n = fc.nodes.len();
    let mut indegree = vec![0usize; n];
    let mut degree = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &fc.edges {
        degree[e.from] += 1;
        degree[e.to] += 1;
        if e.from != e.to {
            indegree[e.to] += 1;
            succ[e.from].push(e.to);
        }
    }
    let starts: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    if starts.is_empty() {
        out.push(Diagnostic::error(
            fc.nodes[0].line,
            fc.nodes[0].column,
            "Het schema heeft geen begin: elke stap heeft een pijl die ernaar wijst.".into(),
            "Laat het schema beginnen bij een stap waar geen pijl naartoe gaat, bijvoorbeeld `start([\"Je ziet een signaal\"]) --> ...`.".into(),
        ));
        return out;
    }
    let mut seen = vec![false; n];
    let mut queue: VecDeque<usize> = starts.iter().copied().collect();
    for &s in &starts {
        seen[s] = true;
    }
    while let Some(u) = queue.pop_front() {
        for &v in &succ[u] {
            if !seen[v] {
                seen[v] = true;
                queue.push_back(v);
            }
        }
    }
    for (i, node) in fc.nodes.iter().enumerate() {
        if !seen[i] {
            out.push(Diagnostic::error(
                node.line,
                node.column,
                format!("`{}` (“{}”) is vanaf het begin niet te bereiken.", node.id, node.text),
                format!(
                    "Zet een pijl naar `{}` vanuit een stap die wel bereikbaar is, of haal `{}` weg.",
                    node.id, node.id
                ),
            ));
        }
    }
    if !fc.edges.is_empty() {
        for (i, node) in fc.nodes.iter().enumerate() {
            if degree[i] == 0 {
                out.push(Diagnostic::warning(
                    node.line,
                    node.column,
                    format!(
                        "`{}` (“{}”) is met geen enkele andere stap verbonden.",
                        node.id, node.text
                    ),
                    format!(
                        "Zet een pijl naar of vanuit `{}`, of haal de stap weg.",
                        node.id
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn a_bare_id_that_misses_a_described_step_is_an_error() {
        let errs =
            parse("flowchart TD\nstart([\"Signaal\"]) --> bel112[\"Bel 112\"]\nstart --> bel12\n")
                .unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (3, 11), "{errs:?}");
        assert!(errs[0].message.contains("bel12"), "{errs:?}");
        assert!(errs[0].hint.contains("`bel112`"), "{errs:?}");
    }

    #[test]
    fn bare_ids_that_are_meant_stay_fine() {
        // Short ids, numbered steps and ids far from any other are legal Mermaid.
        parse("flowchart TD\na --> b[\"B\"]\nb --> c\n").unwrap();
        parse("flowchart TD\nstap1 --> stap2[\"Twee\"]\n").unwrap();
        parse("flowchart TD\nbegin --> melden[\"Meld\"]\n").unwrap();
    }
}
