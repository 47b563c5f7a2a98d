//! The flowchart model: nodes, edges and clicks, and the builder the parser fills.

use std::collections::HashMap;

use super::{Diagnostic, Flowchart};

/// The direction given in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `TD` or `TB`: top to bottom.
    TopDown,
    /// `BT`: bottom to top.
    BottomUp,
    /// `LR`: left to right.
    LeftRight,
    /// `RL`: right to left.
    RightLeft,
}

impl Direction {
    pub(crate) fn from_keyword(word: &str) -> Option<Direction> {
        match word {
            "TD" | "TB" => Some(Direction::TopDown),
            "BT" => Some(Direction::BottomUp),
            "LR" => Some(Direction::LeftRight),
            "RL" => Some(Direction::RightLeft),
            _ => None,
        }
    }

    /// Ranks run along the horizontal axis (`LR`, `RL`).
    pub(crate) fn is_horizontal(self) -> bool {
        matches!(self, Direction::LeftRight | Direction::RightLeft)
    }

    /// Ranks run against the axis (`BT`, `RL`).
    pub(crate) fn is_reversed(self) -> bool {
        matches!(self, Direction::BottomUp | Direction::RightLeft)
    }
}

/// The kind of a node, from its brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `id["tekst"]`, `id(tekst)` or a bare id.
    Step,
    /// `id{"vraag"}`.
    Question,
    /// `id(["tekst"])`: start or end.
    Terminal,
    /// `id(("tekst"))`.
    Circle,
}

impl Shape {
    pub(crate) fn class_name(self) -> &'static str {
        match self {
            Shape::Step => "step",
            Shape::Question => "question",
            Shape::Terminal => "terminal",
            Shape::Circle => "circle",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Shape::Step => "een stap [ ]",
            Shape::Question => "een vraag { }",
            Shape::Terminal => "een begin of einde ([ ])",
            Shape::Circle => "een cirkel (( ))",
        }
    }
}

/// One node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The id as written.
    pub id: String,
    /// The text (the id itself for a bare id that is never given a text).
    pub text: String,
    /// The kind of node.
    pub shape: Shape,
    /// Line and column where the node first appears.
    pub line: usize,
    /// Column of the node id in its line.
    pub column: usize,
    /// Line and column where the node's text is given (first appearance for a bare id).
    pub def_line: usize,
    /// Column where the node's label is defined.
    pub def_column: usize,
    /// Whether a text was given with brackets.
    pub defined: bool,
}

/// One edge `from --> to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Index into the node list.
    pub from: usize,
    /// Index into the node list.
    pub to: usize,
    /// The answer or label, if any.
    pub label: Option<String>,
    /// Line and column of the arrow.
    pub line: usize,
    /// Column of the `click` line's node id.
    pub column: usize,
}

/// One `click id "target"` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Click {
    /// The node id as written.
    pub node: String,
    /// The target as written (`partner:ID`, a relative `.md` link, an `https://` URL).
    pub target: String,
    /// Line of the statement.
    pub line: usize,
    /// Column of the node id.
    pub node_column: usize,
    /// Column of the target's opening quote.
    pub target_column: usize,
}

/// Collects nodes and edges while parsing, and reports conflicting definitions.
#[derive(Debug)]
pub(crate) struct Builder {
    pub direction: Direction,
    pub header_line: usize,
    pub nodes: Vec<Node>,
    index: HashMap<String, usize>,
    pub edges: Vec<Edge>,
    pub clicks: Vec<Click>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// A node reference as parsed: id with position and, if given, its shape and text.
#[derive(Debug, Clone)]
pub(crate) struct NodeRef {
    pub id: String,
    pub line: usize,
    pub column: usize,
    pub def: Option<(Shape, String)>,
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            direction: Direction::TopDown,
            header_line: 1,
            nodes: Vec::new(),
            index: HashMap::new(),
            edges: Vec::new(),
            clicks: Vec::new(),
            title: None,
            description: None,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Add or look up a node; returns its index.
    pub fn node(&mut self, r: &NodeRef) -> usize {
        if let Some(&i) = self.index.get(&r.id) {
            if let Some((shape, text)) = &r.def {
                let existing = &mut self.nodes[i];
                if !existing.defined {
                    existing.shape = *shape;
                    existing.text = text.clone();
                    existing.defined = true;
                    existing.def_line = r.line;
                    existing.def_column = r.column;
                } else if existing.text != *text {
                    let msg = format!(
                        "`{}` heeft al een andere tekst: “{}” (regel {}). Nu staat er “{}”.",
                        r.id, existing.text, existing.def_line, text
                    );
                    let hint = format!(
                        "Geef één id maar één tekst. Verwijs daarna alleen met het id, zonder haakjes: `{}`. Bedoel je een andere stap, geef die dan een eigen id.",
                        r.id
                    );
                    self.errors
                        .push(Diagnostic::error(r.line, r.column, msg, hint));
                } else if existing.shape != *shape {
                    let msg = format!(
                        "`{}` is op regel {} {}, maar hier {}.",
                        r.id,
                        existing.def_line,
                        existing.shape.describe(),
                        shape.describe()
                    );
                    let hint = format!(
                        "Geef `{}` één vorm. Verwijs daarna alleen met het id, zonder haakjes.",
                        r.id
                    );
                    self.errors
                        .push(Diagnostic::error(r.line, r.column, msg, hint));
                }
            }
            return i;
        }
        let (shape, text, defined) = match &r.def {
            Some((shape, text)) => (*shape, text.clone(), true),
            None => (Shape::Step, r.id.clone(), false),
        };
        self.nodes.push(Node {
            id: r.id.clone(),
            text,
            shape,
            line: r.line,
            column: r.column,
            def_line: r.line,
            def_column: r.column,
            defined,
        });
        let i = self.nodes.len() - 1;
        self.index.insert(r.id.clone(), i);
        i
    }

    pub fn edge(
        &mut self,
        from: usize,
        to: usize,
        label: Option<String>,
        line: usize,
        column: usize,
    ) {
        self.edges.push(Edge {
            from,
            to,
            label,
            line,
            column,
        });
    }

    pub fn finish(self) -> Result<Flowchart, Vec<Diagnostic>> {
        if !self.errors.is_empty() {
            let mut errors = self.errors;
            errors.sort_by_key(|d| (d.line, d.column));
            return Err(errors);
        }
        Ok(Flowchart {
            direction: self.direction,
            nodes: self.nodes,
            edges: self.edges,
            clicks: self.clicks,
            title: self.title,
            description: self.description,
            warnings: self.warnings,
            header_line: self.header_line,
        })
    }
}
