//! The picture: an inline `<svg role="img">` with `<title>` and `<desc>`, no links inside.
//!
//! Colours are set twice: as presentation attributes (so the picture reads well without the
//! theme's CSS, e.g. in a feed reader) and through CSS classes (`flowchart.css` wins over the
//! attributes). All pairs meet WCAG AA; see the contrast test below.

use std::collections::HashMap;
use std::fmt::Write;

use super::escape;
use super::layout::{
    label_size, layout, node_size, wrap, LayoutEdge, LayoutNode, Rect, FONT_SIZE, LINE_HEIGHT,
    WRAP_LABEL, WRAP_QUESTION, WRAP_STEP,
};
use super::model::{Direction, Shape};
use super::Flowchart;

/// Text on every fill.
pub(crate) const TEXT: &str = "#1b1b1b";
/// Background of the drawing and of edge labels.
pub(crate) const BACKGROUND: &str = "#ffffff";
/// Lines and arrowheads.
pub(crate) const EDGE: &str = "#4a4a4a";

/// Fill and border per node kind.
pub(crate) fn colours(shape: Shape) -> (&'static str, &'static str) {
    match shape {
        Shape::Step => ("#ffffff", "#1d4f7a"),
        Shape::Question => ("#fff4cc", "#7a5200"),
        Shape::Terminal => ("#e3f1e6", "#1e6b35"),
        Shape::Circle => ("#e3f1e6", "#1e6b35"),
    }
}

/// A number for an attribute: at most one decimal, no trailing `.0`.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_string()
    } else if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Edges as drawn: parallel edges (same source and target) become one line with the labels
/// joined, so they are not drawn on top of each other.
pub(crate) struct DrawnEdge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
}

pub(crate) fn drawn_edges(fc: &Flowchart) -> Vec<DrawnEdge> {
    let mut out: Vec<DrawnEdge> = Vec::new();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    for e in &fc.edges {
        match index.get(&(e.from, e.to)) {
            Some(&i) => {
                if let Some(l) = &e.label {
                    let d = &mut out[i];
                    d.label = Some(match d.label.take() {
                        Some(prev) if prev != *l => format!("{prev} / {l}"),
                        Some(prev) => prev,
                        None => l.clone(),
                    });
                }
            }
            None => {
                index.insert((e.from, e.to), out.len());
                out.push(DrawnEdge {
                    from: e.from,
                    to: e.to,
                    label: e.label.clone(),
                });
            }
        }
    }
    out
}

fn wrap_node(shape: Shape, text: &str) -> Vec<String> {
    let max = if shape == Shape::Question {
        WRAP_QUESTION
    } else {
        WRAP_STEP
    };
    wrap(text, max)
}

/// A summary for `<desc>` when the chart has no `accDescr`.
pub(crate) fn summary(fc: &Flowchart, order: &[usize]) -> String {
    let n = fc.nodes.len();
    let mut s = format!(
        "Stroomschema met {} {}, {}.",
        n,
        if n == 1 { "stap" } else { "stappen" },
        match fc.direction {
            Direction::TopDown => "van boven naar beneden",
            Direction::BottomUp => "van beneden naar boven",
            Direction::LeftRight => "van links naar rechts",
            Direction::RightLeft => "van rechts naar links",
        }
    );
    let quote = |i: usize| format!("“{}”", fc.nodes[i].text.replace('\n', " "));
    if let Some(&first) = order.first() {
        let _ = write!(s, " Het begint bij {}.", quote(first));
    }
    let questions: Vec<String> = order
        .iter()
        .filter(|&&i| fc.nodes[i].shape == Shape::Question)
        .map(|&i| quote(i))
        .collect();
    match questions.len() {
        0 => {}
        1 => {
            let _ = write!(s, " De vraag is {}.", questions[0]);
        }
        _ => {
            let _ = write!(s, " De vragen zijn {}.", join_or(&questions, "en"));
        }
    }
    let ends: Vec<String> = order
        .iter()
        .filter(|&&i| !fc.edges.iter().any(|e| e.from == i))
        .map(|&i| quote(i))
        .collect();
    if !ends.is_empty() && n > 1 {
        let _ = write!(s, " Het eindigt bij {}.", join_or(&ends, "of"));
    }
    s.push_str(" Alle stappen staan ook als genummerde lijst bij het schema.");
    s
}

fn join_or(items: &[String], word: &str) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        k => format!("{} {word} {}", items[..k - 1].join(", "), items[k - 1]),
    }
}

/// The SVG for the chart. `order` is the step order (used for the generated description).
pub(crate) fn render_svg(fc: &Flowchart, prefix: &str, title: &str, order: &[usize]) -> String {
    let node_lines: Vec<Vec<String>> = fc
        .nodes
        .iter()
        .map(|n| wrap_node(n.shape, &n.text))
        .collect();
    let lnodes: Vec<LayoutNode> = fc
        .nodes
        .iter()
        .zip(&node_lines)
        .map(|(n, lines)| {
            let (w, h) = node_size(n.shape, lines);
            LayoutNode {
                w,
                h,
                shape: n.shape,
            }
        })
        .collect();
    let drawn = drawn_edges(fc);
    let label_lines: Vec<Option<Vec<String>>> = drawn
        .iter()
        .map(|e| e.label.as_ref().map(|l| wrap(l, WRAP_LABEL)))
        .collect();
    let ledges: Vec<LayoutEdge> = drawn
        .iter()
        .zip(&label_lines)
        .map(|(e, lines)| LayoutEdge {
            from: e.from,
            to: e.to,
            label: lines.as_ref().map(|l| label_size(l)),
        })
        .collect();
    let l = layout(&lnodes, &ledges, fc.direction);

    let desc = match &fc.description {
        Some(d) => d.clone(),
        None => summary(fc, order),
    };
    let (w, h) = (num(l.width), num(l.height));
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg class=\"flowchart-svg\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{prefix}-titel\" aria-describedby=\"{prefix}-beschrijving\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-size=\"{}\" focusable=\"false\">",
        num(FONT_SIZE)
    );
    let _ = writeln!(s, "<title id=\"{prefix}-titel\">{}</title>", escape(title));
    let _ = writeln!(
        s,
        "<desc id=\"{prefix}-beschrijving\">{}</desc>",
        escape(&desc)
    );
    let _ = writeln!(
        s,
        "<defs><marker id=\"{prefix}-pijl\" class=\"flowchart-arrowhead\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{EDGE}\"/></marker></defs>"
    );
    let _ = writeln!(
        s,
        "<rect class=\"flowchart-background\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{BACKGROUND}\"/>"
    );

    s.push_str("<g class=\"flowchart-edges\">\n");
    for route in &l.edges {
        if route.points.len() < 2 {
            continue;
        }
        let _ = writeln!(
            s,
            "<path class=\"flowchart-edge\" d=\"{}\" fill=\"none\" stroke=\"{EDGE}\" stroke-width=\"1.5\" marker-end=\"url(#{prefix}-pijl)\"/>",
            path_d(&route.points, l.vertical, route.label_at)
        );
    }
    s.push_str("</g>\n");

    s.push_str("<g class=\"flowchart-nodes\">\n");
    for ((node, rect), lines) in fc.nodes.iter().zip(&l.nodes).zip(&node_lines) {
        let (fill, stroke) = colours(node.shape);
        let _ = write!(
            s,
            "<g class=\"flowchart-node flowchart-node-{}\">",
            node.shape.class_name()
        );
        s.push_str(&shape_element(node.shape, rect, fill, stroke));
        s.push_str(&text_element("flowchart-node-text", rect, lines));
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");

    s.push_str("<g class=\"flowchart-labels\">\n");
    for (route, lines) in l.edges.iter().zip(&label_lines) {
        if let (Some(rect), Some(lines)) = (&route.label, lines) {
            let _ = write!(
                s,
                "<g class=\"flowchart-edge-label\"><rect class=\"flowchart-label-background\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{BACKGROUND}\"/>",
                num(rect.left()),
                num(rect.top()),
                num(rect.w),
                num(rect.h)
            );
            s.push_str(&text_element("flowchart-label-text", rect, lines));
            s.push_str("</g>\n");
        }
    }
    s.push_str("</g>\n");
    s.push_str("</svg>\n");
    s
}

fn shape_element(shape: Shape, r: &Rect, fill: &str, stroke: &str) -> String {
    let paint = format!("fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"");
    match shape {
        Shape::Step => format!(
            "<rect class=\"flowchart-shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" {paint}/>",
            num(r.left()),
            num(r.top()),
            num(r.w),
            num(r.h)
        ),
        Shape::Terminal => format!(
            "<rect class=\"flowchart-shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" {paint}/>",
            num(r.left()),
            num(r.top()),
            num(r.w),
            num(r.h),
            num(r.h.min(r.w) / 2.0)
        ),
        Shape::Question => format!(
            "<polygon class=\"flowchart-shape\" points=\"{},{} {},{} {},{} {},{}\" {paint}/>",
            num(r.x),
            num(r.top()),
            num(r.right()),
            num(r.y),
            num(r.x),
            num(r.bottom()),
            num(r.left()),
            num(r.y)
        ),
        Shape::Circle => format!(
            "<ellipse class=\"flowchart-shape\" cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" {paint}/>",
            num(r.x),
            num(r.y),
            num(r.w / 2.0),
            num(r.h / 2.0)
        ),
    }
}

fn text_element(class: &str, r: &Rect, lines: &[String]) -> String {
    let mut s = format!(
        "<text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{TEXT}\">",
        num(r.x),
        num(r.y)
    );
    let k = lines.len() as f64;
    for (i, line) in lines.iter().enumerate() {
        let y = r.y + (i as f64 - (k - 1.0) / 2.0) * LINE_HEIGHT;
        let _ = write!(
            s,
            "<tspan x=\"{}\" y=\"{}\" dy=\"0.35em\">{}</tspan>",
            num(r.x),
            num(y),
            escape(line)
        );
    }
    s.push_str("</text>");
    s
}

/// Smooth path through the route points (cubic Hermite segments). The tangent runs along the
/// ranks at the ends and at bends, so lines leave and enter nodes straight, arrowheads point into
/// the node and long runs stay straight; at the label it follows the neighbouring points
/// (Catmull-Rom), so the line runs smoothly through its label.
pub(crate) fn path_d(points: &[(f64, f64)], vertical: bool, label_at: Option<usize>) -> String {
    let n = points.len();
    // Tangent at point `i` for the segment `seg` (`seg` is `i - 1` or `i`).
    let tangent = |i: usize, seg: usize| -> (f64, f64) {
        if Some(i) == label_at && i > 0 && i < n - 1 {
            return (
                (points[i + 1].0 - points[i - 1].0) / 2.0,
                (points[i + 1].1 - points[i - 1].1) / 2.0,
            );
        }
        let (p, q) = (points[seg], points[seg + 1]);
        if vertical {
            (0.0, (q.1 - p.1) * 1.5)
        } else {
            ((q.0 - p.0) * 1.5, 0.0)
        }
    };
    let mut d = format!("M{},{}", num(points[0].0), num(points[0].1));
    for i in 0..n.saturating_sub(1) {
        let (p, q) = (points[i], points[i + 1]);
        let (tp, tq) = (tangent(i, i), tangent(i + 1, i));
        let _ = write!(
            d,
            " C{},{} {},{} {},{}",
            num(p.0 + tp.0 / 3.0),
            num(p.1 + tp.1 / 3.0),
            num(q.0 - tq.0 / 3.0),
            num(q.1 - tq.1 / 3.0),
            num(q.0),
            num(q.1)
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
        let ch = |shift: u32| {
            let c = ((v >> shift) & 0xff) as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(16) + 0.7152 * ch(8) + 0.0722 * ch(0)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
        (hi + 0.05) / (lo + 0.05)
    }

    #[test]
    fn palette_meets_wcag_aa() {
        assert!(contrast(TEXT, BACKGROUND) >= 4.5);
        assert!(contrast(EDGE, BACKGROUND) >= 3.0);
        for shape in [Shape::Step, Shape::Question, Shape::Terminal, Shape::Circle] {
            let (fill, stroke) = colours(shape);
            assert!(contrast(TEXT, fill) >= 4.5, "text on {fill}");
            assert!(contrast(stroke, fill) >= 3.0, "border {stroke} on {fill}");
            assert!(
                contrast(stroke, BACKGROUND) >= 3.0,
                "border {stroke} on page"
            );
            assert!(contrast(EDGE, fill) >= 3.0, "arrow {EDGE} on {fill}");
        }
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.01), "0");
    }

    #[test]
    fn parallel_edges_are_merged() {
        let fc =
            parse("flowchart TD\nq{\"Weet je het?\"} -->|Ja| a\nq -->|Twijfel| a\nq -->|Nee| b\n")
                .unwrap();
        let d = drawn_edges(&fc);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].label.as_deref(), Some("Ja / Twijfel"));
    }

    #[test]
    fn summary_without_accdescr() {
        let fc = parse("flowchart LR\na([\"Begin\"]) --> q{\"Gevaar?\"}\nq -->|Ja| b[\"Bel 112\"]\nq -->|Nee| c[\"Meld\"]\n").unwrap();
        let s = summary(&fc, &[0, 1, 2, 3]);
        assert_eq!(
            s,
            "Stroomschema met 4 stappen, van links naar rechts. Het begint bij “Begin”. De vraag is “Gevaar?”. Het eindigt bij “Bel 112” of “Meld”. Alle stappen staan ook als genummerde lijst bij het schema."
        );
    }

    #[test]
    fn user_text_is_escaped() {
        let fc = parse("flowchart TD\naccTitle: A <b> & \"c\"\na[\"<script>x</script>\"] --> b[\"1 #lt; 2 & 3\"]\n").unwrap();
        let svg = render_svg(&fc, "p", fc.title().unwrap(), &[0, 1]);
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(svg.contains("1 &lt; 2 &amp; 3"));
        assert!(svg.contains("A &lt;b&gt; &amp; &quot;c&quot;"));
    }
}
