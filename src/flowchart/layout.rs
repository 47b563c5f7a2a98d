//! Layered (Sugiyama-style) layout, written for small referral charts:
//!
//! 1. break cycles by reversing DFS back edges;
//! 2. rank by longest path from the sources (extra sources pulled down next to their children);
//! 3. double the ranks: real nodes sit on even layers, edge labels and bends on odd layers, so a
//!    label is a "node" of its own that the next steps keep clear of everything else;
//! 4. split long edges into chains of dummy vertices, one per layer;
//! 5. order each layer by barycenter sweeps plus adjacent swaps, keeping the order with the
//!    fewest crossings;
//! 6. place each layer by isotonic regression (pool adjacent violators): every vertex as close as
//!    possible to the mean of its neighbours, never closer to the next one than the minimum gap;
//! 7. turn chains into edge routes with ports spread over the node's side.
//!
//! Everything is computed in local coordinates (breadth across the ranks, depth along them) and
//! mapped to x/y for the direction at the end. Text sizes are estimates: the SVG uses the page's
//! font, which the build cannot measure.

use std::collections::VecDeque;

use super::model::{Direction, Shape};

/// Font size of all SVG text, in px (user units).
pub(crate) const FONT_SIZE: f64 = 14.0;
/// Distance between text lines, in px.
pub(crate) const LINE_HEIGHT: f64 = 18.0;
/// Maximum characters per line in a step.
pub(crate) const WRAP_STEP: usize = 22;
/// Maximum characters per line in a question (a diamond grows fast).
pub(crate) const WRAP_QUESTION: usize = 20;
/// Maximum characters per line in an edge label.
pub(crate) const WRAP_LABEL: usize = 18;
/// Blank space around the drawing.
pub(crate) const MARGIN: f64 = 12.0;

const EDGE_GAP: f64 = 14.0;
const PORT_SPACING: f64 = 16.0;
const MAX_RANK_GAP: f64 = 80.0;

/// Estimated width of one character at 14px, for common sans-serif fonts.
fn char_width(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | '`' => 3.9,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 4.8,
        'm' | 'w' => 11.2,
        'M' | 'W' => 12.6,
        '—' | '@' | '%' => 13.0,
        c if c.is_ascii_digit() => 7.8,
        c if c.is_uppercase() => 9.6,
        _ => 7.5,
    }
}

/// Estimated width of a line of text in px at [`FONT_SIZE`], with a safety margin.
pub(crate) fn text_width(line: &str) -> f64 {
    line.chars().map(char_width).sum::<f64>() * 1.08
}

/// Wrap text at `max` characters per line, on spaces; explicit line breaks (`\n`) are kept.
/// A word longer than one and a half lines is cut. Lines are balanced: of all widths that need
/// as few lines as `max` does, the narrowest is used (no lonely last word).
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(4);
    let best = greedy_wrap(text, max);
    let mut width = max;
    let mut result = best.clone();
    while width > 4 {
        let narrower = greedy_wrap(text, width - 1);
        if narrower.len() > best.len() {
            break;
        }
        width -= 1;
        result = narrower;
    }
    result
}

fn greedy_wrap(text: &str, max: usize) -> Vec<String> {
    let hard = max + max / 2;
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut len = 0usize;
        for word in para.split_whitespace() {
            let chars: Vec<char> = word.chars().collect();
            let pieces: Vec<String> = if chars.len() > hard {
                chars.chunks(max).map(|c| c.iter().collect()).collect()
            } else {
                vec![word.to_string()]
            };
            for piece in pieces {
                let pl = piece.chars().count();
                if len == 0 {
                    line = piece;
                    len = pl;
                } else if len + 1 + pl <= max {
                    line.push(' ');
                    line.push_str(&piece);
                    len += 1 + pl;
                } else {
                    out.push(std::mem::take(&mut line));
                    line = piece;
                    len = pl;
                }
            }
        }
        if len > 0 {
            out.push(line);
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Size of a node box for wrapped text lines.
pub(crate) fn node_size(shape: Shape, lines: &[String]) -> (f64, f64) {
    let tw = lines.iter().map(|l| text_width(l)).fold(0.0, f64::max);
    let th = lines.len() as f64 * LINE_HEIGHT;
    match shape {
        Shape::Step => ((tw + 28.0).max(64.0), th + 18.0),
        Shape::Terminal => {
            let h = th + 18.0;
            ((tw + 28.0 + h * 0.4).max(72.0), h)
        }
        Shape::Question => {
            let a = tw / 2.0 + 6.0;
            let b = th / 2.0 + 3.0;
            let w = 2.0 * a / 0.55;
            let h = 2.0 * b / 0.45;
            (w.max(80.0), h.max(48.0))
        }
        Shape::Circle => {
            let r = ((tw / 2.0 + 4.0).powi(2) + (th / 2.0 + 2.0).powi(2)).sqrt() + 4.0;
            let d = (2.0 * r).max(48.0);
            (d, d)
        }
    }
}

/// Size of an edge label box for wrapped text lines.
pub(crate) fn label_size(lines: &[String]) -> (f64, f64) {
    let tw = lines.iter().map(|l| text_width(l)).fold(0.0, f64::max);
    (tw + 10.0, lines.len() as f64 * LINE_HEIGHT + 4.0)
}

/// A box by its centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn left(&self) -> f64 {
        self.x - self.w / 2.0
    }
    pub fn right(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn top(&self) -> f64 {
        self.y - self.h / 2.0
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h / 2.0
    }
    /// Whether two boxes share more than a hair of area.
    #[cfg(test)]
    pub fn overlaps(&self, o: &Rect) -> bool {
        const EPS: f64 = 0.01;
        self.left() < o.right() - EPS
            && o.left() < self.right() - EPS
            && self.top() < o.bottom() - EPS
            && o.top() < self.bottom() - EPS
    }
}

/// A node to lay out: its size and shape (the shape decides where edges touch it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LayoutNode {
    pub w: f64,
    pub h: f64,
    pub shape: Shape,
}

/// An edge to lay out, with the size of its label box if it has one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LayoutEdge {
    pub from: usize,
    pub to: usize,
    pub label: Option<(f64, f64)>,
}

/// The route of one edge: points from the source's side to the target's side, and the label box.
#[derive(Debug, Clone)]
pub(crate) struct EdgeRoute {
    pub points: Vec<(f64, f64)>,
    pub label: Option<Rect>,
    /// Index in `points` of the label's centre.
    pub label_at: Option<usize>,
}

/// The finished layout: node boxes (same order as the input), edge routes (same order), size.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub nodes: Vec<Rect>,
    pub edges: Vec<EdgeRoute>,
    pub width: f64,
    pub height: f64,
    /// Ranks run top to bottom (or bottom to top): edges leave and enter vertically.
    pub vertical: bool,
}

/// One vertex of the layered graph: a real node or a dummy on a long edge.
#[derive(Debug, Clone)]
struct Vertex {
    layer: usize,
    /// Size across the ranks.
    breadth: f64,
    /// Size along the ranks.
    depth: f64,
    real: bool,
}

/// Lay out `nodes` and `edges` in direction `dir`. Self-loops and edges to unknown nodes are
/// given an empty route.
pub(crate) fn layout(nodes: &[LayoutNode], edges: &[LayoutEdge], dir: Direction) -> Layout {
    let n = nodes.len();
    let horizontal = dir.is_horizontal();
    let (node_gap, rank_gap): (f64, f64) = if horizontal {
        (22.0, 30.0)
    } else {
        (40.0, 26.0)
    };
    let local = |w: f64, h: f64| if horizontal { (h, w) } else { (w, h) };

    let valid: Vec<bool> = edges
        .iter()
        .map(|e| e.from < n && e.to < n && e.from != e.to)
        .collect();
    let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    let reversed = break_cycles(n, &pairs, &valid);
    let oriented: Vec<(usize, usize)> = pairs
        .iter()
        .zip(&reversed)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let rank = assign_ranks(n, &oriented, &valid);

    // Layered graph: real nodes first, then dummies.
    let mut verts: Vec<Vertex> = nodes
        .iter()
        .enumerate()
        .map(|(i, nd)| {
            let (b, d) = local(nd.w, nd.h);
            Vertex {
                layer: 2 * rank[i],
                breadth: b,
                depth: d,
                real: true,
            }
        })
        .collect();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    let mut label_vertex: Vec<Option<usize>> = vec![None; edges.len()];
    for (ei, &(u, v)) in oriented.iter().enumerate() {
        if !valid[ei] {
            chains.push(Vec::new());
            continue;
        }
        let lu = verts[u].layer;
        let lv = verts[v].layer;
        let mut chain = vec![u];
        let dummies = lv - lu - 1;
        let mid = dummies / 2;
        for k in 0..dummies {
            let (b, d) = match (k == mid, edges[ei].label) {
                (true, Some((w, h))) => local(w, h),
                _ => (0.0, 0.0),
            };
            verts.push(Vertex {
                layer: lu + 1 + k,
                breadth: b,
                depth: d,
                real: false,
            });
            let id = verts.len() - 1;
            if k == mid && edges[ei].label.is_some() {
                label_vertex[ei] = Some(id);
            }
            chain.push(id);
        }
        chain.push(v);
        chains.push(chain);
    }
    let nv = verts.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); nv];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); nv];
    for chain in &chains {
        for w in chain.windows(2) {
            down[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
    }
    let layer_count = verts.iter().map(|v| v.layer + 1).max().unwrap_or(0);

    let mut layers = initial_order(n, &verts, &oriented, &valid, &chains, layer_count);
    order_layers(&mut layers, &up, &down, nv);

    // Breadth coordinates.
    let gap = |a: usize, b: usize| {
        let (ra, rb) = (verts[a].real, verts[b].real);
        let labels = verts[a].breadth > 0.0 && verts[b].breadth > 0.0;
        let base = if ra && rb {
            node_gap
        } else if ra || rb || labels {
            node_gap / 2.0
        } else {
            EDGE_GAP
        };
        (verts[a].breadth + verts[b].breadth) / 2.0 + base
    };
    let mut pos_b = brandes_koepf(&layers, &up, &down, &verts, &gap);
    // A label reads best halfway along its edge, not above the target.
    for v in label_vertex.iter().flatten() {
        if let (Some(&u), Some(&w)) = (up[*v].first(), down[*v].first()) {
            pos_b[*v] = (pos_b[u] + pos_b[w]) / 2.0;
        }
    }
    // Balancing four alignments can bring neighbours too close: restore the gaps with the
    // smallest possible moves.
    for layer in &layers {
        if layer.is_empty() {
            continue;
        }
        let desired: Vec<f64> = layer.iter().map(|&v| pos_b[v]).collect();
        let seps: Vec<f64> = layer.windows(2).map(|w| gap(w[0], w[1])).collect();
        let weights = vec![1.0; layer.len()];
        for (&v, x) in layer.iter().zip(isotonic_place(&desired, &seps, &weights)) {
            pos_b[v] = x;
        }
    }

    // Depth coordinates: one band per layer.
    let mut pos_d = vec![0.0f64; nv];
    let mut band = Vec::with_capacity(layer_count);
    let mut cursor = 0.0;
    for (l, layer) in layers.iter().enumerate() {
        let thick = layer.iter().map(|&v| verts[v].depth).fold(0.0, f64::max);
        if l > 0 {
            // Steeper lines where edges fan out far: the gap grows with the widest sideways
            // step between the two layers (up to a limit).
            let spread = layers[l - 1]
                .iter()
                .flat_map(|&u| down[u].iter().map(move |&v| (u, v)))
                .map(|(u, v)| (pos_b[u] - pos_b[v]).abs())
                .fold(0.0, f64::max);
            cursor += rank_gap.max((spread * 0.22).min(MAX_RANK_GAP));
        }
        let centre = cursor + thick / 2.0;
        band.push(centre);
        cursor += thick;
        for &v in layer {
            pos_d[v] = centre;
        }
    }

    // Edge routes with ports spread along the node's side.
    let mut out_ports: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut in_ports: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (ei, chain) in chains.iter().enumerate() {
        if chain.len() < 2 {
            continue;
        }
        out_ports[chain[0]].push((ei, chain[1]));
        in_ports[chain[chain.len() - 1]].push((ei, chain[chain.len() - 2]));
    }
    let mut start_pt: Vec<(f64, f64)> = vec![(0.0, 0.0); edges.len()];
    let mut end_pt: Vec<(f64, f64)> = vec![(0.0, 0.0); edges.len()];
    for u in 0..n {
        for (ports, outgoing) in [(&mut out_ports[u], true), (&mut in_ports[u], false)] {
            ports.sort_by(|a, b| pos_b[a.1].total_cmp(&pos_b[b.1]));
            let k = ports.len();
            let usable = if k > 1 {
                (verts[u].breadth * 0.6).min((k - 1) as f64 * PORT_SPACING)
            } else {
                0.0
            };
            for (i, &(ei, _)) in ports.iter().enumerate() {
                let off = if k > 1 {
                    -usable / 2.0 + usable * i as f64 / (k - 1) as f64
                } else {
                    0.0
                };
                let half = side_depth(
                    nodes[u].shape,
                    verts[u].breadth,
                    verts[u].depth,
                    off,
                    horizontal,
                );
                let d = if outgoing {
                    pos_d[u] + half
                } else {
                    pos_d[u] - half
                };
                let p = (pos_b[u] + off, d);
                if outgoing {
                    start_pt[ei] = p;
                } else {
                    end_pt[ei] = p;
                }
            }
        }
    }

    let flip = if dir.is_reversed() { -1.0 } else { 1.0 };
    let to_xy = |b: f64, d: f64| {
        let d = d * flip;
        if horizontal {
            (d, b)
        } else {
            (b, d)
        }
    };
    let mut node_rects: Vec<Rect> = (0..n)
        .map(|i| {
            let (x, y) = to_xy(pos_b[i], pos_d[i]);
            Rect {
                x,
                y,
                w: nodes[i].w,
                h: nodes[i].h,
            }
        })
        .collect();
    let mut routes: Vec<EdgeRoute> = Vec::with_capacity(edges.len());
    for (ei, chain) in chains.iter().enumerate() {
        if chain.len() < 2 {
            routes.push(EdgeRoute {
                points: Vec::new(),
                label: None,
                label_at: None,
            });
            continue;
        }
        let mut pts = Vec::with_capacity(chain.len());
        pts.push(to_xy(start_pt[ei].0, start_pt[ei].1));
        for &v in &chain[1..chain.len() - 1] {
            pts.push(to_xy(pos_b[v], pos_d[v]));
        }
        pts.push(to_xy(end_pt[ei].0, end_pt[ei].1));
        if reversed[ei] {
            pts.reverse();
        }
        let (label, label_at) = match (label_vertex[ei], edges[ei].label) {
            (Some(v), Some((w, h))) => {
                let (x, y) = to_xy(pos_b[v], pos_d[v]);
                let k = chain.iter().position(|&c| c == v).unwrap_or(0);
                let at = if reversed[ei] { chain.len() - 1 - k } else { k };
                (Some(Rect { x, y, w, h }), Some(at))
            }
            _ => (None, None),
        };
        routes.push(EdgeRoute {
            points: pts,
            label,
            label_at,
        });
    }

    // Normalise to the margin.
    let mut min_x = f64::INFINITY;
    let mut min_y = f64::INFINITY;
    let mut max_x = f64::NEG_INFINITY;
    let mut max_y = f64::NEG_INFINITY;
    let mut grow = |l: f64, t: f64, r: f64, b: f64| {
        min_x = min_x.min(l);
        min_y = min_y.min(t);
        max_x = max_x.max(r);
        max_y = max_y.max(b);
    };
    for r in &node_rects {
        grow(r.left(), r.top(), r.right(), r.bottom());
    }
    for route in &routes {
        for &(x, y) in &route.points {
            grow(x, y, x, y);
        }
        if let Some(r) = &route.label {
            grow(r.left(), r.top(), r.right(), r.bottom());
        }
    }
    if !min_x.is_finite() {
        return Layout {
            nodes: node_rects,
            edges: routes,
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
            vertical: !horizontal,
        };
    }
    let dx = MARGIN - min_x;
    let dy = MARGIN - min_y;
    for r in &mut node_rects {
        r.x += dx;
        r.y += dy;
    }
    for route in &mut routes {
        for p in &mut route.points {
            p.0 += dx;
            p.1 += dy;
        }
        if let Some(r) = &mut route.label {
            r.x += dx;
            r.y += dy;
        }
    }
    Layout {
        nodes: node_rects,
        edges: routes,
        width: (max_x - min_x + 2.0 * MARGIN).ceil(),
        height: (max_y - min_y + 2.0 * MARGIN).ceil(),
        vertical: !horizontal,
    }
}

/// Brandes–Köpf coordinate assignment (as in dagre): four alignments (up/down × left/right) of
/// vertices into vertical blocks by median neighbours, each compacted; the narrowest one is the
/// reference and the result is the mean of the two middle values per vertex.
fn brandes_koepf(
    layers: &[Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    verts: &[Vertex],
    gap: &dyn Fn(usize, usize) -> f64,
) -> Vec<f64> {
    let nv = verts.len();
    let conflicts = type1_conflicts(layers, up, verts);
    let mut results: Vec<Vec<f64>> = Vec::with_capacity(4);
    for from_below in [false, true] {
        for right in [false, true] {
            let mut lay: Vec<Vec<usize>> = if from_below {
                layers.iter().rev().cloned().collect()
            } else {
                layers.to_vec()
            };
            if right {
                for l in &mut lay {
                    l.reverse();
                }
            }
            let nbrs = if from_below { down } else { up };
            let (root, _align) = vertical_alignment(&lay, nbrs, &conflicts, nv);
            let mut xs = horizontal_compaction(&lay, &root, gap, nv);
            if right {
                for x in &mut xs {
                    *x = -*x;
                }
            }
            results.push(xs);
        }
    }
    let extent = |xs: &Vec<f64>| {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for (v, x) in xs.iter().enumerate() {
            lo = lo.min(x - verts[v].breadth / 2.0);
            hi = hi.max(x + verts[v].breadth / 2.0);
        }
        (lo, hi)
    };
    let bounds = |xs: &Vec<f64>| {
        xs.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            })
    };
    let best = (0..results.len())
        .min_by(|&a, &b| {
            let (la, ha) = extent(&results[a]);
            let (lb, hb) = extent(&results[b]);
            (ha - la).total_cmp(&(hb - lb))
        })
        .unwrap_or(0);
    let (best_lo, best_hi) = bounds(&results[best]);
    for (i, xs) in results.iter_mut().enumerate() {
        if i == best {
            continue;
        }
        let (lo, hi) = bounds(xs);
        // Index 1 and 3 are the right alignments.
        let delta = if i % 2 == 0 {
            best_lo - lo
        } else {
            best_hi - hi
        };
        for x in xs.iter_mut() {
            *x += delta;
        }
    }
    (0..nv)
        .map(|v| {
            let mut vals = [results[0][v], results[1][v], results[2][v], results[3][v]];
            vals.sort_by(|a, b| a.total_cmp(b));
            (vals[1] + vals[2]) / 2.0
        })
        .collect()
}

fn conflict_key(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

/// Type 1 conflicts: a segment between a real vertex and a dummy that crosses a segment between
/// two dummies. Long edges win, so they stay straight.
fn type1_conflicts(
    layers: &[Vec<usize>],
    up: &[Vec<usize>],
    verts: &[Vertex],
) -> std::collections::HashSet<(usize, usize)> {
    let mut conflicts = std::collections::HashSet::new();
    let mut pos = vec![0usize; verts.len()];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    for li in 1..layers.len() {
        let prev_len = layers[li - 1].len();
        let layer = &layers[li];
        let Some(&last) = layer.last() else {
            continue;
        };
        let mut k0 = 0usize;
        let mut scan_pos = 0usize;
        for (i, &v) in layer.iter().enumerate() {
            let inner = if verts[v].real {
                None
            } else {
                up[v].iter().copied().find(|&u| !verts[u].real)
            };
            let k1 = inner.map(|w| pos[w]).unwrap_or(prev_len);
            if inner.is_some() || v == last {
                for &scan in &layer[scan_pos..=i] {
                    for &u in &up[scan] {
                        let u_pos = pos[u];
                        if (u_pos < k0 || k1 < u_pos) && (verts[u].real || verts[scan].real) {
                            conflicts.insert(conflict_key(u, scan));
                        }
                    }
                }
                scan_pos = i + 1;
                k0 = k1;
            }
        }
    }
    conflicts
}

/// Align each vertex with its median neighbour in the previous layer, left to right, never
/// crossing an earlier alignment. Returns the block root of each vertex (and the alignment ring).
fn vertical_alignment(
    lay: &[Vec<usize>],
    nbrs: &[Vec<usize>],
    conflicts: &std::collections::HashSet<(usize, usize)>,
    nv: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut root: Vec<usize> = (0..nv).collect();
    let mut align: Vec<usize> = (0..nv).collect();
    let mut pos = vec![0usize; nv];
    for l in lay {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    for l in lay {
        let mut prev_idx: isize = -1;
        for &v in l {
            let mut ws = nbrs[v].clone();
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&w| pos[w]);
            let lo = (ws.len() - 1) / 2;
            let hi = ws.len() / 2;
            for &w in &ws[lo..=hi] {
                if align[v] == v
                    && prev_idx < pos[w] as isize
                    && !conflicts.contains(&conflict_key(v, w))
                {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    prev_idx = pos[w] as isize;
                }
            }
        }
    }
    (root, align)
}

/// Place blocks as far left as their left neighbours allow, then pull each block right towards
/// its right neighbours where there is room.
fn horizontal_compaction(
    lay: &[Vec<usize>],
    root: &[usize],
    gap: &dyn Fn(usize, usize) -> f64,
    nv: usize,
) -> Vec<f64> {
    let mut sep: std::collections::HashMap<(usize, usize), f64> = std::collections::HashMap::new();
    for l in lay {
        for w in l.windows(2) {
            let key = (root[w[0]], root[w[1]]);
            let s = gap(w[0], w[1]);
            let e = sep.entry(key).or_insert(s);
            *e = e.max(s);
        }
    }
    let mut preds: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nv];
    let mut succs: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nv];
    let mut indeg = vec![0usize; nv];
    let mut keys: Vec<_> = sep.into_iter().collect();
    keys.sort_by_key(|&((a, b), _)| (a, b));
    for ((a, b), s) in keys {
        if a == b {
            continue;
        }
        preds[b].push((a, s));
        succs[a].push((b, s));
        indeg[b] += 1;
    }
    let roots: Vec<usize> = (0..nv).filter(|&v| root[v] == v).collect();
    let mut queue: VecDeque<usize> = roots.iter().copied().filter(|&r| indeg[r] == 0).collect();
    let mut topo = Vec::with_capacity(roots.len());
    let mut done = vec![false; nv];
    while let Some(r) = queue.pop_front() {
        topo.push(r);
        done[r] = true;
        for &(b, _) in &succs[r] {
            indeg[b] -= 1;
            if indeg[b] == 0 {
                queue.push_back(b);
            }
        }
    }
    // A cycle cannot happen with a consistent alignment; should it anyway, the gap repair after
    // balancing still keeps vertices apart.
    topo.extend(roots.iter().copied().filter(|&r| !done[r]));
    let mut xs = vec![0.0f64; nv];
    for &r in &topo {
        xs[r] = preds[r].iter().map(|&(p, s)| xs[p] + s).fold(0.0, f64::max);
    }
    for &r in topo.iter().rev() {
        let min = succs[r]
            .iter()
            .map(|&(q, s)| xs[q] - s)
            .fold(f64::INFINITY, f64::min);
        if min.is_finite() {
            xs[r] = xs[r].max(min);
        }
    }
    for v in 0..nv {
        xs[v] = xs[root[v]];
    }
    xs
}

/// Distance from a node's centre to its side along the ranks, at breadth offset `off`.
fn side_depth(shape: Shape, breadth: f64, depth: f64, off: f64, horizontal: bool) -> f64 {
    let bh = breadth / 2.0;
    let dh = depth / 2.0;
    let t = if bh > 0.0 {
        (off / bh).abs().min(1.0)
    } else {
        0.0
    };
    match shape {
        Shape::Step => dh,
        Shape::Question => dh * (1.0 - t),
        Shape::Circle => dh * (1.0 - t * t).sqrt(),
        Shape::Terminal => {
            if horizontal {
                // The rounded ends face the ranks: a half circle of radius bh.
                (dh - bh) + (bh * bh - off * off).max(0.0).sqrt()
            } else {
                dh
            }
        }
    }
}

/// Mark the DFS back edges (the edges to reverse to make the graph acyclic). Sources are
/// visited first, so the chart's start stays on top.
fn break_cycles(n: usize, edges: &[(usize, usize)], valid: &[bool]) -> Vec<bool> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (ei, &(a, b)) in edges.iter().enumerate() {
        if valid[ei] {
            adj[a].push(ei);
            indeg[b] += 1;
        }
    }
    let mut reversed = vec![false; edges.len()];
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let roots = (0..n)
        .filter(|&i| indeg[i] == 0)
        .chain(0..n)
        .collect::<Vec<_>>();
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let (u, k) = *top;
            if k < adj[u].len() {
                top.1 += 1;
                let ei = adj[u][k];
                let v = edges[ei].1;
                match state[v] {
                    1 => reversed[ei] = true,
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Longest-path ranking on an acyclic edge list; sources other than the first ones are moved
/// down to sit just above their nearest child.
fn assign_ranks(n: usize, oriented: &[(usize, usize)], valid: &[bool]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (ei, &(a, b)) in oriented.iter().enumerate() {
        if valid[ei] {
            indeg[b] += 1;
            succ[a].push(b);
        }
    }
    let sources: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut rank = vec![0usize; n];
    let mut remaining = indeg.clone();
    let mut queue: VecDeque<usize> = sources.iter().copied().collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(u) = queue.pop_front() {
        topo.push(u);
        for &v in &succ[u] {
            rank[v] = rank[v].max(rank[u] + 1);
            remaining[v] -= 1;
            if remaining[v] == 0 {
                queue.push_back(v);
            }
        }
    }
    for &s in &sources {
        if let Some(min_child) = succ[s].iter().map(|&v| rank[v]).min() {
            rank[s] = min_child.saturating_sub(1);
        }
    }
    rank
}

/// A first order: breadth-first from the sources, each edge's dummies in edge order.
fn initial_order(
    n: usize,
    verts: &[Vertex],
    oriented: &[(usize, usize)],
    valid: &[bool],
    chains: &[Vec<usize>],
    layer_count: usize,
) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    let mut placed = vec![false; verts.len()];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for (ei, &(a, b)) in oriented.iter().enumerate() {
        if valid[ei] {
            out_edges[a].push(ei);
            indeg[b] += 1;
        }
    }
    let mut place = |v: usize, layers: &mut Vec<Vec<usize>>| {
        if !placed[v] {
            placed[v] = true;
            layers[verts[v].layer].push(v);
            true
        } else {
            false
        }
    };
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut all = (0..n).collect::<VecDeque<_>>();
    loop {
        let u = match queue.pop_front() {
            Some(u) => u,
            None => match all.pop_front() {
                Some(u) => u,
                None => break,
            },
        };
        place(u, &mut layers);
        for &ei in &out_edges[u] {
            let chain = &chains[ei];
            for &v in &chain[1..chain.len() - 1] {
                place(v, &mut layers);
            }
            let target = chain[chain.len() - 1];
            if place(target, &mut layers) {
                queue.push_back(target);
            }
        }
    }
    layers
}

/// Barycenter sweeps with adjacent swaps; keeps the order with the fewest crossings.
fn order_layers(layers: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>], nv: usize) {
    let mut pos = vec![0usize; nv];
    let refresh = |layers: &[Vec<usize>], pos: &mut Vec<usize>| {
        for layer in layers {
            for (i, &v) in layer.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    refresh(layers, &mut pos);
    let mut best = layers.to_vec();
    let mut best_cross = total_crossings(layers, down, &pos);
    if best_cross == 0 {
        return;
    }
    for it in 0..16 {
        let downward = it % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let nbrs = if downward { up } else { down };
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&v| {
                    let ns = &nbrs[v];
                    let key = if ns.is_empty() {
                        pos[v] as f64
                    } else {
                        ns.iter().map(|&u| pos[u] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in layers[l].iter().enumerate() {
                pos[v] = i;
            }
        }
        transpose(layers, up, down, &mut pos);
        let c = total_crossings(layers, down, &pos);
        if c < best_cross {
            best_cross = c;
            best = layers.to_vec();
            if c == 0 {
                break;
            }
        }
    }
    layers.clone_from_slice(&best);
}

/// Swap neighbours in a layer while that removes crossings.
fn transpose(layers: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>], pos: &mut [usize]) {
    let pair_cross = |a: usize, b: usize, pos: &[usize]| -> usize {
        let mut c = 0;
        for nbrs in [up, down] {
            for &x in &nbrs[a] {
                for &y in &nbrs[b] {
                    if pos[x] > pos[y] {
                        c += 1;
                    }
                }
            }
        }
        c
    };
    for _ in 0..4 {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for i in 0..layer.len().saturating_sub(1) {
                let (a, b) = (layer[i], layer[i + 1]);
                if pair_cross(b, a, pos) < pair_cross(a, b, pos) {
                    layer.swap(i, i + 1);
                    pos[a] = i + 1;
                    pos[b] = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

fn total_crossings(layers: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    for layer in layers {
        let segs: Vec<(usize, usize)> = layer
            .iter()
            .flat_map(|&u| down[u].iter().map(move |&v| (u, v)))
            .map(|(u, v)| (pos[u], pos[v]))
            .collect();
        for i in 0..segs.len() {
            for j in i + 1..segs.len() {
                let (a1, b1) = segs[i];
                let (a2, b2) = segs[j];
                if (a1 < a2 && b1 > b2) || (a1 > a2 && b1 < b2) {
                    total += 1;
                }
            }
        }
    }
    total
}

/// Place items in a fixed order as close as possible (weighted least squares) to `desired`,
/// keeping at least `seps[i]` between item `i` and `i + 1`. Pool adjacent violators on the
/// positions minus the cumulative minimum offsets.
fn isotonic_place(desired: &[f64], seps: &[f64], weights: &[f64]) -> Vec<f64> {
    let n = desired.len();
    let mut off = vec![0.0; n];
    for i in 1..n {
        off[i] = off[i - 1] + seps[i - 1];
    }
    // Blocks of (total weight, weighted mean, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        blocks.push((weights[i], desired[i] - off[i], 1));
        while blocks.len() >= 2 {
            let last = blocks[blocks.len() - 1];
            let prev = blocks[blocks.len() - 2];
            if prev.1 <= last.1 {
                break;
            }
            let w = prev.0 + last.0;
            let mean = (prev.0 * prev.1 + last.0 * last.1) / w;
            blocks.pop();
            let len = blocks.len();
            blocks[len - 1] = (w, mean, prev.2 + last.2);
        }
    }
    let mut out = Vec::with_capacity(n);
    for (_, mean, count) in blocks {
        for _ in 0..count {
            let i = out.len();
            out.push(mean + off[i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn boxes(n: usize) -> Vec<LayoutNode> {
        (0..n)
            .map(|i| LayoutNode {
                w: 60.0 + (i % 5) as f64 * 30.0,
                h: 36.0 + (i % 3) as f64 * 18.0,
                shape: match i % 4 {
                    0 => Shape::Step,
                    1 => Shape::Question,
                    2 => Shape::Terminal,
                    _ => Shape::Circle,
                },
            })
            .collect()
    }

    fn assert_no_overlap(l: &Layout) {
        for i in 0..l.nodes.len() {
            for j in i + 1..l.nodes.len() {
                assert!(
                    !l.nodes[i].overlaps(&l.nodes[j]),
                    "nodes {i} and {j} overlap: {:?} {:?}",
                    l.nodes[i],
                    l.nodes[j]
                );
            }
        }
    }

    fn assert_labels_clear(l: &Layout) {
        let labels: Vec<Rect> = l.edges.iter().filter_map(|e| e.label).collect();
        for (i, a) in labels.iter().enumerate() {
            for n in &l.nodes {
                assert!(!a.overlaps(n), "label {a:?} overlaps node {n:?}");
            }
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b), "labels {a:?} and {b:?} overlap");
            }
        }
    }

    fn assert_inside(l: &Layout) {
        for r in &l.nodes {
            assert!(r.left() >= -0.01 && r.top() >= -0.01);
            assert!(r.right() <= l.width + 0.01 && r.bottom() <= l.height + 0.01);
        }
    }

    #[test]
    fn wrap_breaks_on_spaces() {
        assert_eq!(
            wrap("Meld bij de aandachtsfunctionaris", 22),
            vec!["Meld bij de", "aandachtsfunctionaris"]
        );
        assert_eq!(wrap("Ja", 22), vec!["Ja"]);
        assert_eq!(wrap("een\ntwee drie", 22), vec!["een", "twee drie"]);
        assert_eq!(wrap("", 22), vec![""]);
        let long = "a".repeat(50);
        let lines = wrap(&long, 20);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.chars().count() <= 20));
    }

    #[test]
    fn sizes_grow_with_text() {
        let one = node_size(Shape::Step, &wrap("Bel 112", 22));
        let two = node_size(
            Shape::Step,
            &wrap("Leg feitelijk vast wat je zag en wanneer", 22),
        );
        assert!(two.0 > one.0 && two.1 > one.1);
        let q = node_size(Shape::Question, &wrap("Is er acuut gevaar?", 20));
        let s = node_size(Shape::Step, &wrap("Is er acuut gevaar?", 22));
        assert!(q.0 > s.0 && q.1 > s.1);
    }

    #[test]
    fn isotonic_respects_separation() {
        let x = isotonic_place(&[0.0, 0.0, 0.0], &[10.0, 20.0], &[1.0, 1.0, 1.0]);
        assert!((x[1] - x[0] - 10.0).abs() < 1e-9);
        assert!((x[2] - x[1] - 20.0).abs() < 1e-9);
        assert!((x[0] + x[1] + x[2]).abs() < 1e-9);
        let y = isotonic_place(&[0.0, 100.0], &[10.0], &[1.0, 1.0]);
        assert_eq!(y, vec![0.0, 100.0]);
    }

    #[test]
    fn chain_is_straight_top_down() {
        let nodes = boxes(1).repeat(3);
        let edges = vec![
            LayoutEdge {
                from: 0,
                to: 1,
                label: None,
            },
            LayoutEdge {
                from: 1,
                to: 2,
                label: None,
            },
        ];
        let l = layout(&nodes, &edges, Direction::TopDown);
        assert!((l.nodes[0].x - l.nodes[2].x).abs() < 1e-6);
        assert!(l.nodes[0].y < l.nodes[1].y && l.nodes[1].y < l.nodes[2].y);
        let lr = layout(&nodes, &edges, Direction::LeftRight);
        assert!(lr.nodes[0].x < lr.nodes[1].x && lr.nodes[1].x < lr.nodes[2].x);
        let bt = layout(&nodes, &edges, Direction::BottomUp);
        assert!(bt.nodes[0].y > bt.nodes[1].y);
        let rl = layout(&nodes, &edges, Direction::RightLeft);
        assert!(rl.nodes[0].x > rl.nodes[1].x);
    }

    #[test]
    fn cycle_keeps_start_on_top_and_routes_back_edge() {
        let nodes = boxes(1).repeat(3);
        let e = |from, to| LayoutEdge {
            from,
            to,
            label: None,
        };
        let edges = vec![e(0, 1), e(1, 2), e(2, 1)];
        let l = layout(&nodes, &edges, Direction::TopDown);
        assert!(l.nodes[0].y < l.nodes[1].y && l.nodes[1].y < l.nodes[2].y);
        let back = &l.edges[2].points;
        // The back edge starts at node 2's top and ends at node 1's bottom.
        assert!((back[0].1 - l.nodes[2].top()).abs() < 1.0);
        assert!((back[back.len() - 1].1 - l.nodes[1].bottom()).abs() < 1.0);
        assert_no_overlap(&l);
    }

    #[test]
    fn labels_sit_between_ranks() {
        let nodes = boxes(3);
        let edges = vec![
            LayoutEdge {
                from: 0,
                to: 1,
                label: Some((40.0, 22.0)),
            },
            LayoutEdge {
                from: 0,
                to: 2,
                label: Some((60.0, 22.0)),
            },
        ];
        let l = layout(&nodes, &edges, Direction::TopDown);
        assert_labels_clear(&l);
        let label = l.edges[0].label.unwrap();
        assert!(label.top() > l.nodes[0].bottom());
        assert!(label.bottom() < l.nodes[1].top());
    }

    #[test]
    fn empty_and_single() {
        let l = layout(&[], &[], Direction::TopDown);
        assert!(l.nodes.is_empty());
        let l = layout(&boxes(1), &[], Direction::LeftRight);
        assert_eq!(l.nodes.len(), 1);
        assert_inside(&l);
    }

    fn graph_strategy(dag: bool) -> impl Strategy<Value = (usize, Vec<(usize, usize, bool)>, u8)> {
        (1usize..=40).prop_flat_map(move |n| {
            let edge = (0..n, 1..n.max(2), any::<bool>()).prop_map(move |(a, d, l)| {
                let b = (a + d) % n;
                if dag {
                    (a.min(b), a.max(b), l)
                } else {
                    (a, b, l)
                }
            });
            let max_edges = if n == 1 { 0 } else { n * 2 };
            (
                Just(n),
                proptest::collection::vec(edge, 0..=max_edges),
                0u8..4,
            )
        })
    }

    fn run(n: usize, raw: &[(usize, usize, bool)], d: u8) {
        let nodes = boxes(n);
        let edges: Vec<LayoutEdge> = raw
            .iter()
            .map(|&(from, to, l)| LayoutEdge {
                from,
                to,
                label: if l { Some((48.0, 22.0)) } else { None },
            })
            .collect();
        let dir = [
            Direction::TopDown,
            Direction::LeftRight,
            Direction::BottomUp,
            Direction::RightLeft,
        ][d as usize];
        let l = layout(&nodes, &edges, dir);
        assert_eq!(l.nodes.len(), n);
        assert_eq!(l.edges.len(), edges.len());
        assert_no_overlap(&l);
        assert_labels_clear(&l);
        assert_inside(&l);
        for route in &l.edges {
            assert!(route.points.len() >= 3);
            for p in &route.points {
                assert!(p.0.is_finite() && p.1.is_finite());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn random_dags_never_overlap((n, edges, d) in graph_strategy(true)) {
            run(n, &edges, d);
        }

        #[test]
        fn random_graphs_never_overlap((n, edges, d) in graph_strategy(false)) {
            run(n, &edges, d);
        }
    }
}
