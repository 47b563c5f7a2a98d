//! The text alternative: numbered steps in breadth-first order from the start, each question a
//! heading with its answers as links to the next step. It is always on the page and is the
//! primary, accessible and printable form of the chart. With `flowchart.css`, following an
//! answer link shows only the targeted step (`:target`), without JavaScript.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write;

use super::escape;
use super::model::Shape;
use super::Flowchart;

/// Node indices in step order: breadth-first from the starts (nodes without incoming edges, in
/// order of appearance), answers in the order they are written.
pub(crate) fn step_order(fc: &Flowchart) -> Vec<usize> {
    let n = fc.nodes.len();
    let mut has_incoming = vec![false; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &fc.edges {
        if e.from != e.to {
            has_incoming[e.to] = true;
        }
        succ[e.from].push(e.to);
    }
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let starts = (0..n).filter(|&i| !has_incoming[i]).chain(0..n);
    for s in starts {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut queue = VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            order.push(u);
            for &v in &succ[u] {
                if !seen[v] {
                    seen[v] = true;
                    queue.push_back(v);
                }
            }
        }
    }
    order
}

fn one_line(text: &str) -> String {
    escape(&text.replace('\n', " "))
}

/// The `<div class="flowchart-text">` with the numbered list.
pub(crate) fn render_steps(
    fc: &Flowchart,
    prefix: &str,
    hrefs: &HashMap<String, String>,
    order: &[usize],
) -> String {
    let mut number = vec![0usize; fc.nodes.len()];
    for (k, &i) in order.iter().enumerate() {
        number[i] = k + 1;
    }
    let step_id = |i: usize| format!("{prefix}-stap-{}", number[i]);
    let mut s = String::new();
    s.push_str("<div class=\"flowchart-text\">\n");
    let _ = writeln!(
        s,
        "<h2 class=\"flowchart-steps-intro\" id=\"{prefix}-stappen-kop\">Stap voor stap ({} {})</h2>",
        order.len(),
        if order.len() == 1 { "stap" } else { "stappen" }
    );
    let _ = writeln!(
        s,
        "<ol class=\"flowchart-steps\" id=\"{prefix}-stappen\" data-flowchart-steps aria-labelledby=\"{prefix}-stappen-kop\">"
    );
    for &i in order {
        let node = &fc.nodes[i];
        let n = number[i];
        let outgoing: Vec<_> = fc.edges.iter().filter(|e| e.from == i).collect();
        let is_end = outgoing.is_empty();
        let _ = writeln!(
            s,
            "<li id=\"{}\" class=\"flowchart-step flowchart-step-{}{}\" tabindex=\"-1\">",
            step_id(i),
            node.shape.class_name(),
            if is_end { " flowchart-step-end" } else { "" }
        );
        let (tag, class) = if node.shape == Shape::Question {
            ("h3", "flowchart-step-title flowchart-question")
        } else {
            ("p", "flowchart-step-title")
        };
        let _ = writeln!(
            s,
            "<{tag} class=\"{class}\"><span class=\"flowchart-step-number\">Stap {n}:</span> {}</{tag}>",
            one_line(&node.text)
        );
        if let Some(href) = hrefs.get(&node.id) {
            let _ = writeln!(
                s,
                "<p class=\"flowchart-step-link\"><a href=\"{}\">Meer informatie: {}</a></p>",
                escape(href),
                one_line(&node.text)
            );
        }
        let preview = |to: usize| {
            format!(
                " <span class=\"flowchart-answer-next\">({})</span>",
                one_line(&fc.nodes[to].text)
            )
        };
        if is_end {
            s.push_str("<p class=\"flowchart-end\">Hier eindigt de route.</p>\n");
        } else if outgoing.len() == 1
            && outgoing[0].label.is_none()
            && node.shape != Shape::Question
        {
            let to = outgoing[0].to;
            let _ = writeln!(
                s,
                "<p class=\"flowchart-next\"><a href=\"#{}\">Volgende stap: stap {}</a>{}</p>",
                step_id(to),
                number[to],
                preview(to)
            );
        } else {
            let _ = writeln!(
                s,
                "<ul class=\"flowchart-answers\"{}>",
                if node.shape == Shape::Question {
                    " aria-label=\"Antwoorden\""
                } else {
                    ""
                }
            );
            for e in &outgoing {
                let text = match &e.label {
                    Some(l) => format!("{}: naar stap {}", one_line(l), number[e.to]),
                    None => format!("Naar stap {}", number[e.to]),
                };
                let _ = writeln!(
                    s,
                    "<li><a href=\"#{}\">{text}</a>{}</li>",
                    step_id(e.to),
                    preview(e.to)
                );
            }
            s.push_str("</ul>\n");
        }
        s.push_str("<p class=\"flowchart-nav\">");
        if n > 1 {
            let _ = write!(
                s,
                "<a class=\"flowchart-back\" href=\"#{prefix}-stap-1\">Terug naar het begin</a> "
            );
        }
        let _ = write!(
            s,
            "<a class=\"flowchart-all\" href=\"#{prefix}-stappen\">Alle stappen tonen</a>"
        );
        s.push_str("</p>\n</li>\n");
    }
    s.push_str("</ol>\n</div>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn order_is_breadth_first_from_start() {
        let fc = parse(
            "flowchart TD\nz[\"Later gedefinieerd\"]\nstart --> q{\"Vraag?\"}\nq -->|Ja| a --> z\nq -->|Nee| b\nz --> b\n",
        );
        // `z` appears first but has an incoming edge: `start` is the start.
        let fc = fc.unwrap();
        let ids: Vec<&str> = step_order(&fc)
            .iter()
            .map(|&i| fc.nodes[i].id.as_str())
            .collect();
        assert_eq!(ids, vec!["start", "q", "a", "b", "z"]);
    }

    #[test]
    fn every_answer_link_points_to_an_existing_step() {
        let fc = parse(super::super::tests::SAMPLE).unwrap();
        let order = step_order(&fc);
        let html = render_steps(&fc, "r", &HashMap::new(), &order);
        let ids: Vec<String> = html
            .match_indices("<li id=\"")
            .map(|(i, _)| html[i + 8..].split('"').next().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), fc.nodes.len());
        for (i, _) in html.match_indices("href=\"#") {
            let target = html[i + 7..].split('"').next().unwrap();
            assert!(
                ids.iter().any(|id| id == target) || target == "r-stappen",
                "dangling link #{target}"
            );
        }
    }

    #[test]
    fn question_is_heading_with_answers() {
        let fc = parse(super::super::tests::SAMPLE).unwrap();
        let html = render_steps(&fc, "r", &HashMap::new(), &step_order(&fc));
        assert!(html.contains("<h3 class=\"flowchart-step-title flowchart-question\"><span class=\"flowchart-step-number\">Stap 2:</span> Is er acuut gevaar?</h3>"));
        assert!(html.contains("<a href=\"#r-stap-3\">Ja: naar stap 3</a>"));
        assert!(html.contains("<a href=\"#r-stap-4\">Nee: naar stap 4</a>"));
        assert!(html.contains("Volgende stap: stap 2"));
        assert!(html.contains("Hier eindigt de route."));
        assert!(html
            .contains("<a class=\"flowchart-back\" href=\"#r-stap-1\">Terug naar het begin</a>"));
    }
}
