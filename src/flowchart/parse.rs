//! Line-based parser for the Mermaid `flowchart` subset. Reports every problem with the line and
//! column of the offending text and goes on with the next line, so editors see all of them.

use super::model::{Builder, Click, Direction, NodeRef, Shape};
use super::{Diagnostic, Flowchart};

const GENERAL_HINT: &str = "Gebruik een stap (`id[\"tekst\"]`), een vraag (`id{\"vraag\"}`), een pijl (`a --> b` of `a -->|antwoord| b`), `click id \"doel\"`, `accTitle: ...`, `accDescr: ...` of een opmerking (`%% ...`).";
const ARROW_HINT: &str =
    "Gebruik een gewone pijl: `a --> b`, `a -->|antwoord| b` of `a -- antwoord --> b`.";
const HEADER_HINT: &str = "Begin het schema met `flowchart TD` (van boven naar beneden) of `flowchart LR` (van links naar rechts).";

/// Parse the fence body into an unchecked model.
pub(crate) fn parse(src: &str) -> Result<Flowchart, Vec<Diagnostic>> {
    let mut p = Parser {
        b: Builder::new(),
        seen_header: false,
        descr_block: None,
    };
    for (i, raw) in src.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let chars: Vec<char> = raw.chars().collect();
        p.line(i + 1, &chars);
    }
    if let Some(block) = p.descr_block.take() {
        p.error(
            block.line,
            block.column,
            "Het blok `accDescr {` wordt niet gesloten.".into(),
            "Sluit de beschrijving af met `}`.".into(),
        );
    }
    if !p.seen_header {
        p.error(
            1,
            1,
            "Het stroomschema is leeg.".into(),
            format!("{HEADER_HINT} Zet daaronder de stappen en pijlen."),
        );
    }
    p.b.finish()
}

struct DescrBlock {
    line: usize,
    column: usize,
    parts: Vec<String>,
}

struct Parser {
    b: Builder,
    seen_header: bool,
    descr_block: Option<DescrBlock>,
}

/// A cursor over the characters of one line. Columns are 1-based character positions.
struct Cur<'a> {
    c: &'a [char],
    pos: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.c.get(self.pos + k).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.c.len()
    }

    fn col(&self) -> usize {
        self.pos + 1
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(c) if c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn starts_with(&self, s: &str) -> bool {
        (self.pos..)
            .zip(s.chars())
            .all(|(i, ch)| self.c.get(i) == Some(&ch))
    }

    fn word(&mut self) -> String {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if is_id_char(c)) {
            self.pos += 1;
        }
        self.c[start..self.pos].iter().collect()
    }

    fn rest(&self) -> String {
        self.c[self.pos.min(self.c.len())..].iter().collect()
    }

    /// Text from `from` up to the end of the line, shortened for messages.
    fn snippet(&self, from: usize) -> String {
        let text: String = self.c[from.min(self.c.len())..].iter().collect();
        shorten(text.trim_end())
    }

    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let n: Vec<char> = needle.chars().collect();
        if n.is_empty() {
            return Some(from);
        }
        (from..self.c.len()).find(|&i| self.c[i..].starts_with(&n))
    }

    fn at_statement_end(&self) -> bool {
        matches!(self.peek(), None | Some(';'))
    }
}

fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn shorten(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > 40 {
        let mut s: String = chars[..37].iter().collect();
        s.push_str("...");
        s
    } else {
        text.to_string()
    }
}

/// What to do after a statement.
enum Flow {
    /// The statement ended; more may follow after `;`.
    Next,
    /// Stop reading this line (an error, or a statement that takes the whole line).
    Stop,
}

impl Parser {
    fn error(&mut self, line: usize, column: usize, message: String, hint: String) {
        self.b
            .errors
            .push(Diagnostic::error(line, column, message, hint));
    }

    fn warn(&mut self, line: usize, column: usize, message: String, hint: String) {
        self.b
            .warnings
            .push(Diagnostic::warning(line, column, message, hint));
    }

    fn line(&mut self, line: usize, chars: &[char]) {
        let mut cur = Cur { c: chars, pos: 0 };
        if self.descr_block.is_some() {
            self.descr_line(line, &mut cur);
            return;
        }
        cur.skip_ws();
        if cur.at_end() {
            return;
        }
        if cur.starts_with("%%") {
            if cur.starts_with("%%{") {
                self.warn(
                    line,
                    cur.col(),
                    "Instellingen tussen `%%{` en `}%%` worden genegeerd.".into(),
                    "Laat deze regel weg: de kleuren en het lettertype komen uit het thema van de site.".into(),
                );
            }
            return;
        }
        if !self.seen_header {
            self.seen_header = true;
            let start = cur.pos;
            let word = cur.word();
            if (word == "flowchart" || word == "graph")
                && matches!(cur.peek(), None | Some(';') | Some(' ') | Some('\t'))
            {
                if !self.header(line, &mut cur) {
                    return;
                }
            } else {
                let shown = if word.is_empty() {
                    cur.snippet(start)
                } else {
                    word
                };
                self.error(
                    line,
                    start + 1,
                    format!("De kop `flowchart TD` ontbreekt; het schema begint met `{shown}`."),
                    HEADER_HINT.into(),
                );
                cur.pos = start;
            }
        }
        loop {
            cur.skip_ws();
            if cur.at_end() {
                return;
            }
            if cur.peek() == Some(';') {
                cur.pos += 1;
                continue;
            }
            match self.statement(line, &mut cur) {
                Flow::Stop => return,
                Flow::Next => {
                    cur.skip_ws();
                    if cur.at_end() {
                        return;
                    }
                    if cur.peek() == Some(';') {
                        cur.pos += 1;
                        continue;
                    }
                    self.unexpected(line, &cur);
                    return;
                }
            }
        }
    }

    fn unexpected(&mut self, line: usize, cur: &Cur) {
        let snippet = cur.snippet(cur.pos);
        let hint = if cur.starts_with("%%") {
            "Zet een opmerking met `%%` op een eigen regel.".to_string()
        } else if matches!(cur.peek(), Some('[') | Some('(') | Some('{')) {
            "Zet de haakjes direct achter het id, zonder spatie: `id[\"tekst\"]`.".to_string()
        } else {
            GENERAL_HINT.to_string()
        };
        self.error(
            line,
            cur.col(),
            format!("Onverwachte tekst `{snippet}`."),
            hint,
        );
    }

    /// `flowchart DIR` or `graph DIR`, the word already read. Returns false to stop the line.
    fn header(&mut self, line: usize, cur: &mut Cur) -> bool {
        self.b.header_line = line;
        cur.skip_ws();
        if cur.at_statement_end() {
            return true;
        }
        let col = cur.col();
        let mut dir = String::new();
        while matches!(cur.peek(), Some(c) if !c.is_whitespace() && c != ';') {
            dir.push(cur.peek().unwrap_or(' '));
            cur.pos += 1;
        }
        match Direction::from_keyword(&dir) {
            Some(d) => {
                self.b.direction = d;
                true
            }
            None => {
                self.error(
                    line,
                    col,
                    format!("Onbekende richting `{}`.", shorten(&dir)),
                    "Gebruik `TD` (van boven naar beneden) of `LR` (van links naar rechts), in hoofdletters: `flowchart TD`.".into(),
                );
                false
            }
        }
    }

    fn statement(&mut self, line: usize, cur: &mut Cur) -> Flow {
        let start = cur.pos;
        if cur.starts_with("%%") {
            self.unexpected(line, cur);
            return Flow::Stop;
        }
        let word = cur.word();
        if word.is_empty() {
            self.unexpected(line, cur);
            return Flow::Stop;
        }
        // A keyword is followed by whitespace (or `:`/`{` for accTitle/accDescr), never by an
        // arrow or a bracket, so an id that happens to be `class` still works as a node.
        let after_keyword = {
            let mut probe = Cur {
                c: cur.c,
                pos: cur.pos,
            };
            let had_space = matches!(probe.peek(), Some(c) if c.is_whitespace());
            probe.skip_ws();
            (had_space, probe.peek())
        };
        let keyword_like =
            after_keyword.0 && matches!(after_keyword.1, Some(c) if is_id_char(c) || c == '"');
        match word.as_str() {
            "accTitle" | "accDescr" => return self.accessibility(line, start, &word, cur),
            "classDef" | "class" | "style" | "linkStyle" if keyword_like => {
                self.warn(
                    line,
                    start + 1,
                    format!("`{word}` wordt genegeerd."),
                    "De kleuren en vormen komen uit het thema van de site; je kunt deze regel weglaten.".into(),
                );
                return Flow::Stop;
            }
            "click" if keyword_like || cur.at_statement_end() => return self.click(line, cur),
            "flowchart" | "graph" if after_keyword.0 || cur.at_end() => {
                self.error(
                    line,
                    start + 1,
                    format!("Een tweede kop `{word}`: een schema heeft er maar één."),
                    "Haal deze regel weg, of zet een tweede schema in een eigen ```mermaid-blok."
                        .into(),
                );
                return Flow::Stop;
            }
            "subgraph" => {
                self.error(
                    line,
                    start + 1,
                    "Groepen met `subgraph` worden niet ondersteund.".into(),
                    "Laat `subgraph` en de bijbehorende `end` weg; zet de stappen en pijlen gewoon onder elkaar.".into(),
                );
                return Flow::Stop;
            }
            "direction" if keyword_like => {
                self.error(
                    line,
                    start + 1,
                    "`direction` wordt niet ondersteund.".into(),
                    "Geef de richting één keer in de kop: `flowchart TD` of `flowchart LR`.".into(),
                );
                return Flow::Stop;
            }
            "end" if cur.at_statement_end() => {
                self.error(
                    line,
                    start + 1,
                    "`end` hoort bij `subgraph`, en dat wordt niet ondersteund.".into(),
                    "Haal deze regel weg.".into(),
                );
                return Flow::Stop;
            }
            _ => {}
        }
        if keyword_like && !matches!(cur.peek(), Some('[') | Some('(') | Some('{')) {
            self.error(
                line,
                start + 1,
                format!("Onbekende opdracht `{}`.", shorten(&word)),
                GENERAL_HINT.into(),
            );
            return Flow::Stop;
        }
        self.chain(line, cur, word, start)
    }

    /// `a --> b -->|label| c ...` or a single node definition; the first id already read.
    fn chain(&mut self, line: usize, cur: &mut Cur, first: String, start: usize) -> Flow {
        let first_ref = match self.node_ref(line, cur, first, start) {
            Some(r) => r,
            None => return Flow::Stop,
        };
        let mut prev = self.b.node(&first_ref);
        loop {
            cur.skip_ws();
            if cur.at_statement_end() {
                return Flow::Next;
            }
            match cur.peek() {
                Some('&') => {
                    self.ampersand(line, cur);
                    return Flow::Stop;
                }
                Some(':') if cur.starts_with(":::") => {
                    self.warn(
                        line,
                        cur.col(),
                        "Een klasse met `:::` wordt genegeerd.".into(),
                        "De kleuren en vormen komen uit het thema van de site; je kunt `:::naam` weglaten.".into(),
                    );
                    cur.pos += 3;
                    cur.word();
                    continue;
                }
                Some('-') | Some('=') | Some('<') | Some('~') | Some('.') => {}
                _ => {
                    self.unexpected(line, cur);
                    return Flow::Stop;
                }
            }
            let arrow_col = cur.col();
            let label = match self.arrow(line, cur) {
                Some(label) => label,
                None => return Flow::Stop,
            };
            cur.skip_ws();
            if cur.at_statement_end() {
                self.error(
                    line,
                    arrow_col,
                    "Deze pijl wijst naar niets.".into(),
                    "Zet na de pijl het id van de volgende stap: `a --> b`.".into(),
                );
                return Flow::Stop;
            }
            if cur.peek() == Some('&') {
                self.ampersand(line, cur);
                return Flow::Stop;
            }
            let id_start = cur.pos;
            let id = cur.word();
            if id.is_empty() {
                self.unexpected(line, cur);
                return Flow::Stop;
            }
            let r = match self.node_ref(line, cur, id, id_start) {
                Some(r) => r,
                None => return Flow::Stop,
            };
            let to = self.b.node(&r);
            self.b.edge(prev, to, label, line, arrow_col);
            prev = to;
        }
    }

    fn ampersand(&mut self, line: usize, cur: &Cur) {
        self.error(
            line,
            cur.col(),
            "Meerdere stappen samen met `&` worden niet ondersteund.".into(),
            "Schrijf elke pijl op een eigen regel, bijvoorbeeld `a --> b` en `a --> c`.".into(),
        );
    }

    /// After an id: checks the id and reads an optional shape with its text.
    fn node_ref(
        &mut self,
        line: usize,
        cur: &mut Cur,
        id: String,
        start: usize,
    ) -> Option<NodeRef> {
        if id == "end" {
            self.error(
                line,
                start + 1,
                "Het id `end` kan niet: Mermaid leest het als het einde van een groep.".into(),
                "Kies een ander id, bijvoorbeeld `einde` of `End`.".into(),
            );
            return None;
        }
        if cur.peek() == Some('-') && matches!(cur.peek_at(1), Some(c) if is_id_char(c)) {
            self.error(
                line,
                cur.col(),
                format!("Een id mag alleen letters, cijfers en `_` bevatten; `{id}-` niet."),
                format!("Schrijf bijvoorbeeld `{id}_{}`.", {
                    let mut probe = Cur {
                        c: cur.c,
                        pos: cur.pos + 1,
                    };
                    probe.word()
                }),
            );
            return None;
        }
        let def = match cur.peek() {
            Some('[') | Some('(') | Some('{') => Some(self.shape(line, cur, &id)?),
            Some('>') => {
                self.unsupported_shape(line, cur.col(), ">tekst]");
                return None;
            }
            _ => None,
        };
        Some(NodeRef {
            id,
            line,
            column: start + 1,
            def,
        })
    }

    fn unsupported_shape(&mut self, line: usize, col: usize, shape: &str) {
        self.error(
            line,
            col,
            format!("De vorm `{shape}` wordt niet ondersteund."),
            "Gebruik `id[\"stap\"]`, `id{\"vraag\"}`, `id([\"begin of einde\"])` of `id((\"cirkel\"))`.".into(),
        );
    }

    fn shape(&mut self, line: usize, cur: &mut Cur, id: &str) -> Option<(Shape, String)> {
        let open_col = cur.col();
        let (shape, open, close) = match (cur.peek(), cur.peek_at(1), cur.peek_at(2)) {
            (Some('['), Some('['), _) => {
                self.unsupported_shape(line, open_col, "[[ ]]");
                return None;
            }
            (Some('['), Some('('), _) => {
                self.unsupported_shape(line, open_col, "[( )]");
                return None;
            }
            (Some('['), Some('/'), _) | (Some('['), Some('\\'), _) => {
                self.unsupported_shape(line, open_col, "[/ /]");
                return None;
            }
            (Some('['), _, _) => (Shape::Step, "[", "]"),
            (Some('('), Some('['), _) => (Shape::Terminal, "([", "])"),
            (Some('('), Some('('), Some('(')) => {
                self.unsupported_shape(line, open_col, "((( )))");
                return None;
            }
            (Some('('), Some('('), _) => (Shape::Circle, "((", "))"),
            (Some('('), _, _) => (Shape::Step, "(", ")"),
            (Some('{'), Some('{'), _) => {
                self.unsupported_shape(line, open_col, "{{ }}");
                return None;
            }
            _ => (Shape::Question, "{", "}"),
        };
        cur.pos += open.chars().count();
        let text = self.bracket_text(line, cur, id, open, close, open_col)?;
        Some((shape, text))
    }

    fn unclosed(&mut self, line: usize, col: usize, id: &str, open: &str, close: &str) {
        self.error(
            line,
            col,
            format!("Het haakje `{open}` van `{id}` wordt niet gesloten."),
            format!("Sluit de tekst af met `{close}`, bijvoorbeeld `{id}{open}\"tekst\"{close}`."),
        );
    }

    fn bracket_text(
        &mut self,
        line: usize,
        cur: &mut Cur,
        id: &str,
        open: &str,
        close: &str,
        open_col: usize,
    ) -> Option<String> {
        cur.skip_ws();
        let raw: String;
        if cur.peek() == Some('"') {
            let quote_col = cur.col();
            let end = match cur.find("\"", cur.pos + 1) {
                Some(e) => e,
                None => {
                    self.error(
                        line,
                        quote_col,
                        format!("Het aanhalingsteken in de tekst van `{id}` wordt niet gesloten."),
                        format!("Sluit de tekst af met `\"` en dan `{close}`: `{id}{open}\"tekst\"{close}`."),
                    );
                    return None;
                }
            };
            raw = cur.c[cur.pos + 1..end].iter().collect();
            cur.pos = end + 1;
            cur.skip_ws();
            if cur.starts_with(close) {
                cur.pos += close.chars().count();
            } else if cur.find(close, cur.pos).is_some() {
                self.error(
                    line,
                    cur.col(),
                    format!("Na de tekst tussen aanhalingstekens hoort `{close}`, niet `{}`.", cur.snippet(cur.pos)),
                    format!("Zet de hele tekst tussen de aanhalingstekens: `{id}{open}\"tekst\"{close}`."),
                );
                return None;
            } else {
                self.unclosed(line, open_col, id, open, close);
                return None;
            }
        } else {
            let start = cur.pos;
            let mut i = start;
            loop {
                if i >= cur.c.len() {
                    self.unclosed(line, open_col, id, open, close);
                    return None;
                }
                let rest = Cur { c: cur.c, pos: i };
                if rest.starts_with(close) {
                    break;
                }
                match cur.c[i] {
                    '"' => {
                        self.error(
                            line,
                            i + 1,
                            format!("Een aanhalingsteken midden in de tekst van `{id}`."),
                            format!("Zet de hele tekst tussen aanhalingstekens (`{id}{open}\"tekst\"{close}`), en schrijf een aanhalingsteken in de tekst als `#quot;`."),
                        );
                        return None;
                    }
                    '[' | ']' | '(' | ')' | '{' | '}' => {
                        self.error(
                            line,
                            i + 1,
                            format!("Een haakje `{}` in de tekst van `{id}` zonder aanhalingstekens.", cur.c[i]),
                            format!("Zet de tekst tussen aanhalingstekens: `{id}{open}\"tekst (met haakjes)\"{close}`."),
                        );
                        return None;
                    }
                    _ => {}
                }
                i += 1;
            }
            raw = cur.c[start..i].iter().collect();
            cur.pos = i + close.chars().count();
        }
        let text = clean_text(&raw);
        if text.is_empty() {
            self.error(
                line,
                open_col,
                format!("De tekst van `{id}` is leeg."),
                format!("Schrijf een tekst tussen de haakjes, of laat de haakjes weg: `{id}`."),
            );
            return None;
        }
        Some(text)
    }

    /// An arrow at the cursor. Returns the label (if any), or None after reporting an error.
    fn arrow(&mut self, line: usize, cur: &mut Cur) -> Option<Option<String>> {
        let col = cur.col();
        let mut dashes = 0;
        while cur.peek_at(dashes) == Some('-') {
            dashes += 1;
        }
        let after = cur.peek_at(dashes);
        let unsupported = |kind: &str| {
            (
                format!("{kind} wordt niet ondersteund."),
                ARROW_HINT.to_string(),
            )
        };
        let problem = if dashes >= 2 && after == Some('>') {
            cur.pos += dashes + 1;
            let save = cur.pos;
            cur.skip_ws();
            if cur.peek() == Some('|') {
                let bar_col = cur.col();
                return match cur.find("|", cur.pos + 1) {
                    Some(end) => {
                        let raw: String = cur.c[cur.pos + 1..end].iter().collect();
                        cur.pos = end + 1;
                        let label = clean_text(strip_quotes(raw.trim()));
                        Some(if label.is_empty() { None } else { Some(label) })
                    }
                    None => {
                        self.error(
                            line,
                            bar_col,
                            "Het antwoord na de pijl wordt niet gesloten met `|`.".into(),
                            "Schrijf het antwoord tussen twee strepen: `a -->|antwoord| b`.".into(),
                        );
                        None
                    }
                };
            }
            cur.pos = save;
            return Some(None);
        } else if dashes == 2
            && matches!(after, Some('o') | Some('x'))
            && matches!(cur.peek_at(3), None | Some(' ') | Some('\t'))
        {
            unsupported("Een pijl met een rondje of kruisje (`--o`, `--x`)")
        } else if dashes == 2 && after.is_some() && after != Some('-') {
            // `a -- antwoord --> b`
            let text_start = cur.pos + 2;
            match cur.find("-->", text_start) {
                Some(mut end) => {
                    let arrow_end = end + 3;
                    while end > text_start && cur.c[end - 1] == '-' {
                        end -= 1;
                    }
                    let raw: String = cur.c[text_start..end].iter().collect();
                    cur.pos = arrow_end;
                    let label = clean_text(strip_quotes(raw.trim()));
                    return Some(if label.is_empty() { None } else { Some(label) });
                }
                None => (
                    "Na `--` en het antwoord ontbreekt de pijl `-->`.".to_string(),
                    "Schrijf `a -- antwoord --> b` of `a -->|antwoord| b`.".to_string(),
                ),
            }
        } else if dashes >= 3 {
            unsupported("Een lijn zonder pijl (`---`)")
        } else if dashes == 1 && after == Some('.') {
            unsupported("Een stippellijn (`-.->`)")
        } else if cur.peek() == Some('=') {
            unsupported("Een dikke pijl (`==>`)")
        } else if cur.peek() == Some('<') {
            unsupported("Een pijl in twee richtingen (`<-->`)")
        } else if cur.peek() == Some('~') {
            unsupported("Een onzichtbare lijn (`~~~`)")
        } else {
            (
                format!("Onverwachte tekst `{}`.", cur.snippet(cur.pos)),
                ARROW_HINT.to_string(),
            )
        };
        self.error(line, col, problem.0, problem.1);
        None
    }

    fn accessibility(&mut self, line: usize, start: usize, word: &str, cur: &mut Cur) -> Flow {
        cur.skip_ws();
        match cur.peek() {
            Some(':') => {
                cur.pos += 1;
                let text = clean_text(&cur.rest());
                if text.is_empty() {
                    self.error(
                        line,
                        start + 1,
                        format!("`{word}:` is leeg."),
                        format!("Schrijf de tekst achter de dubbele punt: `{word}: ...`."),
                    );
                } else {
                    self.set_accessibility(line, start, word, text);
                }
            }
            Some('{') if word == "accDescr" => {
                cur.pos += 1;
                let rest = cur.rest();
                if let Some(end) = rest.find('}') {
                    let text = clean_text(&rest[..end]);
                    if !rest[end + 1..].trim().is_empty() {
                        self.error(
                            line,
                            cur.pos + rest[..end].chars().count() + 2,
                            "Na `}` mag op deze regel niets meer staan.".into(),
                            "Zet wat volgt op een nieuwe regel.".into(),
                        );
                    }
                    self.set_accessibility(line, start, word, text);
                } else {
                    let first = rest.trim().to_string();
                    self.descr_block = Some(DescrBlock {
                        line,
                        column: start + 1,
                        parts: if first.is_empty() {
                            vec![]
                        } else {
                            vec![first]
                        },
                    });
                }
            }
            _ => {
                self.error(
                    line,
                    start + 1,
                    format!("Na `{word}` hoort een dubbele punt."),
                    format!("Schrijf `{word}: tekst`."),
                );
            }
        }
        Flow::Stop
    }

    fn set_accessibility(&mut self, line: usize, start: usize, word: &str, text: String) {
        let slot = if word == "accTitle" {
            &mut self.b.title
        } else {
            &mut self.b.description
        };
        let had = slot.is_some();
        *slot = Some(text);
        if had {
            self.warn(
                line,
                start + 1,
                format!("`{word}` staat er twee keer; de laatste telt."),
                format!("Haal een van de twee `{word}`-regels weg."),
            );
        }
    }

    fn descr_line(&mut self, line: usize, cur: &mut Cur) {
        let text: String = cur.c.iter().collect();
        match text.find('}') {
            Some(end) => {
                let Some(mut block) = self.descr_block.take() else {
                    return;
                };
                let part = text[..end].trim();
                if !part.is_empty() {
                    block.parts.push(part.to_string());
                }
                if !text[end + 1..].trim().is_empty() {
                    self.error(
                        line,
                        text[..end].chars().count() + 2,
                        "Na `}` mag op deze regel niets meer staan.".into(),
                        "Zet wat volgt op een nieuwe regel.".into(),
                    );
                }
                let joined = clean_text(&block.parts.join(" "));
                if joined.is_empty() {
                    self.error(
                        block.line,
                        block.column,
                        "`accDescr { }` is leeg.".into(),
                        "Schrijf de beschrijving tussen de accolades.".into(),
                    );
                } else {
                    self.set_accessibility(block.line, block.column - 1, "accDescr", joined);
                }
            }
            None => {
                if let Some(block) = self.descr_block.as_mut() {
                    let part = text.trim();
                    if !part.is_empty() {
                        block.parts.push(part.to_string());
                    }
                }
            }
        }
    }

    fn click(&mut self, line: usize, cur: &mut Cur) -> Flow {
        const CLICK_HINT: &str = "Schrijf `click id \"partner:ID\"`, `click id \"pagina.md\"` of `click id \"https://...\"`.";
        cur.skip_ws();
        let node_column = cur.col();
        let node = cur.word();
        if node.is_empty() {
            self.error(
                line,
                node_column,
                "Na `click` hoort het id van een stap.".into(),
                CLICK_HINT.into(),
            );
            return Flow::Stop;
        }
        cur.skip_ws();
        let save = cur.pos;
        let word_col = cur.col();
        let word = cur.word();
        if word == "href" {
            cur.skip_ws();
        } else if !word.is_empty() {
            self.error(
                line,
                word_col,
                format!("`click {node} {word}` kan niet: een click wijst naar een link, niet naar een functie."),
                CLICK_HINT.into(),
            );
            return Flow::Stop;
        } else {
            cur.pos = save;
        }
        let target_column = cur.col();
        if cur.peek() != Some('"') {
            let message = if cur.at_statement_end() {
                format!("Na `click {node}` ontbreekt het doel.")
            } else {
                "Zet het doel van `click` tussen aanhalingstekens.".to_string()
            };
            self.error(line, target_column, message, CLICK_HINT.into());
            return Flow::Stop;
        }
        let end = match cur.find("\"", cur.pos + 1) {
            Some(e) => e,
            None => {
                self.error(
                    line,
                    target_column,
                    "Het aanhalingsteken van het doel wordt niet gesloten.".into(),
                    CLICK_HINT.into(),
                );
                return Flow::Stop;
            }
        };
        let target: String = cur.c[cur.pos + 1..end]
            .iter()
            .collect::<String>()
            .trim()
            .to_string();
        cur.pos = end + 1;
        if target.is_empty() {
            self.error(
                line,
                target_column,
                "Het doel van `click` is leeg.".into(),
                CLICK_HINT.into(),
            );
            return Flow::Stop;
        }
        if let Some(scheme) = crate::links::refused_scheme(&target, &["partner", "begrip"]) {
            self.error(
                line,
                target_column,
                format!("Een link met `{scheme}:` is niet toegestaan."),
                CLICK_HINT.into(),
            );
            return Flow::Stop;
        }
        // Optional tooltip and link target: accepted and ignored.
        cur.skip_ws();
        if cur.peek() == Some('"') {
            let tip_col = cur.col();
            match cur.find("\"", cur.pos + 1) {
                Some(e) => {
                    cur.pos = e + 1;
                    self.warn(
                        line,
                        tip_col,
                        "De tooltip van `click` wordt genegeerd.".into(),
                        "Zet uitleg liever in de tekst van de stap of op de pagina.".into(),
                    );
                }
                None => {
                    self.error(
                        line,
                        tip_col,
                        "Het aanhalingsteken van de tooltip wordt niet gesloten.".into(),
                        CLICK_HINT.into(),
                    );
                    return Flow::Stop;
                }
            }
            cur.skip_ws();
        }
        if cur.peek() == Some('_') {
            let save = cur.pos;
            let w = cur.word();
            if !matches!(w.as_str(), "_blank" | "_self" | "_parent" | "_top") {
                cur.pos = save;
            }
        }
        self.b.clicks.push(Click {
            node,
            target,
            line,
            node_column,
            target_column,
        });
        Flow::Next
    }
}

fn strip_quotes(s: &str) -> &str {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Decode Mermaid entity codes (`#quot;`, `#35;`), turn `<br>` into a line break, collapse
/// whitespace and trim.
pub(crate) fn clean_text(raw: &str) -> String {
    let mut decoded = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            if let Some(semi) = (i + 1..chars.len().min(i + 12)).find(|&j| chars[j] == ';') {
                let name: String = chars[i + 1..semi].iter().collect();
                let rep = match name.as_str() {
                    "quot" => Some('"'),
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some(' '),
                    "apos" => Some('\''),
                    _ if !name.is_empty() && name.chars().all(|d| d.is_ascii_digit()) => {
                        name.parse::<u32>().ok().and_then(char::from_u32)
                    }
                    _ => None,
                };
                if let Some(r) = rep {
                    decoded.push(r);
                    i = semi + 1;
                    continue;
                }
            }
        }
        if c == '<' {
            let ahead: String = chars[i..chars.len().min(i + 6)]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(tag) = ["<br />", "<br/>", "<br>"]
                .iter()
                .find(|t| ahead.starts_with(**t))
            {
                decoded.push('\n');
                i += tag.len();
                continue;
            }
        }
        decoded.push(c);
        i += 1;
    }
    decoded
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Diagnostic, Direction, Flowchart, Shape};

    fn ok(src: &str) -> Flowchart {
        parse(src).unwrap_or_else(|e| panic!("expected no errors, got {e:#?}"))
    }

    fn errors(src: &str) -> Vec<Diagnostic> {
        match parse(src) {
            Ok(_) => panic!("expected errors for {src:?}"),
            Err(e) => e,
        }
    }

    /// The only error: (line, column, message).
    fn one(src: &str) -> (usize, usize, String) {
        let e = errors(src);
        assert_eq!(e.len(), 1, "expected one error, got {e:#?}");
        assert!(!e[0].warning);
        assert!(!e[0].hint.is_empty());
        (e[0].line, e[0].column, e[0].message.clone())
    }

    fn node<'a>(fc: &'a Flowchart, id: &str) -> &'a super::super::Node {
        fc.nodes().iter().find(|n| n.id == id).expect("node exists")
    }

    fn edges(fc: &Flowchart) -> Vec<(String, String, Option<String>)> {
        fc.edges()
            .iter()
            .map(|e| {
                (
                    fc.nodes()[e.from].id.clone(),
                    fc.nodes()[e.to].id.clone(),
                    e.label.clone(),
                )
            })
            .collect()
    }

    fn e(a: &str, b: &str, l: Option<&str>) -> (String, String, Option<String>) {
        (a.to_string(), b.to_string(), l.map(str::to_string))
    }

    // ---- constructs ----

    #[test]
    fn headers_and_directions() {
        for (header, dir) in [
            ("flowchart TD", Direction::TopDown),
            ("flowchart TB", Direction::TopDown),
            ("flowchart BT", Direction::BottomUp),
            ("flowchart LR", Direction::LeftRight),
            ("flowchart RL", Direction::RightLeft),
            ("graph TD", Direction::TopDown),
            ("graph LR;", Direction::LeftRight),
            ("flowchart", Direction::TopDown),
            ("  flowchart   LR  ", Direction::LeftRight),
        ] {
            let fc = ok(&format!("{header}\na --> b\n"));
            assert_eq!(fc.direction(), dir, "{header}");
        }
    }

    #[test]
    fn node_shapes() {
        let fc = ok(r#"flowchart TD
s(["Begin hier"]) --> st["Een stap"]
st --> q{"Een vraag?"}
q -->|Ja| c(("Klaar"))
q -->|Nee| r(Rond is een stap)
r --> u[Zonder aanhalingstekens]
u --> v{Vraag zonder?}
v -->|a| w([Einde zonder])
v -->|b| x((Cirkel zonder))
x --> kaal
"#);
        let shape = |id: &str| (node(&fc, id).shape, node(&fc, id).text.as_str());
        assert_eq!(shape("s"), (Shape::Terminal, "Begin hier"));
        assert_eq!(shape("st"), (Shape::Step, "Een stap"));
        assert_eq!(shape("q"), (Shape::Question, "Een vraag?"));
        assert_eq!(shape("c"), (Shape::Circle, "Klaar"));
        assert_eq!(shape("r"), (Shape::Step, "Rond is een stap"));
        assert_eq!(shape("u"), (Shape::Step, "Zonder aanhalingstekens"));
        assert_eq!(shape("v"), (Shape::Question, "Vraag zonder?"));
        assert_eq!(shape("w"), (Shape::Terminal, "Einde zonder"));
        assert_eq!(shape("x"), (Shape::Circle, "Cirkel zonder"));
        assert_eq!(shape("kaal"), (Shape::Step, "kaal"));
        assert_eq!(fc.nodes().len(), 10);
    }

    #[test]
    fn positions_of_nodes() {
        let fc = ok("flowchart TD\n  a --> b[\"B\"]\n  b --> c\n");
        let b = node(&fc, "b");
        assert_eq!((b.line, b.column), (2, 9));
        assert_eq!((b.def_line, b.def_column), (2, 9));
        assert_eq!(fc.edges()[1].line, 3);
        assert_eq!(fc.edges()[1].column, 5);
    }

    #[test]
    fn edge_forms() {
        let fc = ok(r#"flowchart TD
a --> b
b -->|Ja| c
b -- Nee --> d
d-->e
e --> |met spatie| f
f -->|"tussen aanhalingstekens"| g
g -- "ook zo" --> h
h ---> i
i --> j --> k -->|laatste| l
"#);
        assert_eq!(
            edges(&fc),
            vec![
                e("a", "b", None),
                e("b", "c", Some("Ja")),
                e("b", "d", Some("Nee")),
                e("d", "e", None),
                e("e", "f", Some("met spatie")),
                e("f", "g", Some("tussen aanhalingstekens")),
                e("g", "h", Some("ook zo")),
                e("h", "i", None),
                e("i", "j", None),
                e("j", "k", None),
                e("k", "l", Some("laatste")),
            ]
        );
    }

    #[test]
    fn inline_definitions_in_chains() {
        let fc =
            ok("flowchart LR\na[\"Een\"] -->|x| b{\"Twee?\"} -- y --> c([\"Drie\"])\nb -->|z| c\n");
        assert_eq!(node(&fc, "a").text, "Een");
        assert_eq!(node(&fc, "b").shape, Shape::Question);
        assert_eq!(node(&fc, "c").shape, Shape::Terminal);
        assert_eq!(fc.edges().len(), 3);
    }

    #[test]
    fn later_definition_fills_bare_reference() {
        let fc = ok("flowchart TD\na --> b\nb[\"Tekst van b\"]\nb[\"Tekst van b\"] --> c\n");
        let b = node(&fc, "b");
        assert_eq!(b.text, "Tekst van b");
        assert_eq!((b.line, b.def_line), (2, 3));
    }

    #[test]
    fn semicolons_separate_statements() {
        let fc = ok("graph TD;\na --> b; b --> c;\nc --> d\n");
        assert_eq!(fc.edges().len(), 3);
    }

    #[test]
    fn click_forms() {
        let fc = ok(r#"flowchart TD
a --> b --> c --> d
click a "partner:politie"
click b href "../beleidsplan/04-signalering.md#meldroute"
click c "https://www.example.org/" "Tooltip" _blank
click d href "pagina.md" _self
"#);
        assert_eq!(
            fc.click_targets(),
            vec![
                ("a".into(), "partner:politie".into(), 3),
                (
                    "b".into(),
                    "../beleidsplan/04-signalering.md#meldroute".into(),
                    4
                ),
                ("c".into(), "https://www.example.org/".into(), 5),
                ("d".into(), "pagina.md".into(), 6),
            ]
        );
        assert_eq!(fc.clicks()[1].node_column, 7);
        assert_eq!(fc.clicks()[1].target_column, 14);
        let w = fc.warnings();
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].line, w[0].column), (5, 36));
        assert!(w[0].warning);
    }

    #[test]
    fn accessibility_lines() {
        let fc =
            ok("flowchart TD\naccTitle: Mijn titel\naccDescr : Een korte beschrijving.\na --> b\n");
        assert_eq!(fc.title(), Some("Mijn titel"));
        assert_eq!(fc.description(), Some("Een korte beschrijving."));
        let fc = ok("flowchart TD\naccDescr {\n  Eerste regel\n  tweede regel.\n}\na --> b\n");
        assert_eq!(fc.description(), Some("Eerste regel tweede regel."));
        let fc = ok("flowchart TD\naccDescr { Op één regel }\na --> b\n");
        assert_eq!(fc.description(), Some("Op één regel"));
        let fc = ok("flowchart TD\naccTitle: Een\naccTitle: Twee\na --> b\n");
        assert_eq!(fc.title(), Some("Twee"));
        assert_eq!(fc.warnings().len(), 1);
        assert_eq!(fc.warnings()[0].line, 3);
    }

    #[test]
    fn comments_are_ignored() {
        let fc = ok("%% voor de kop\nflowchart TD\n  %% een opmerking\na --> b\n%% a --> zzz\n");
        assert_eq!(fc.nodes().len(), 2);
        assert!(fc.warnings().is_empty());
        let fc = ok("%%{init: {\"theme\": \"dark\"}}%%\nflowchart TD\na --> b\n");
        assert_eq!(fc.warnings().len(), 1);
        assert_eq!(fc.warnings()[0].line, 1);
    }

    #[test]
    fn styling_is_ignored_with_warnings() {
        let fc = ok(r#"flowchart TD
a:::rood --> b
classDef rood fill:#f00
class a rood
style b fill:#0f0
linkStyle 0 stroke:#00f
"#);
        let lines: Vec<(usize, usize)> = fc.warnings().iter().map(|w| (w.line, w.column)).collect();
        assert_eq!(lines, vec![(2, 2), (3, 1), (4, 1), (5, 1), (6, 1)]);
        assert!(fc
            .warnings()
            .iter()
            .all(|w| w.warning && !w.hint.is_empty()));
        assert_eq!(fc.edges().len(), 1);
    }

    #[test]
    fn keyword_like_ids_still_work_as_nodes() {
        let fc = ok("flowchart TD\nclass --> style\nclick --> End\n");
        assert_eq!(fc.nodes().len(), 4);
    }

    #[test]
    fn text_cleanup() {
        let fc = ok("flowchart TD\na[\"Regel een<br>regel  twee\"] --> b[\"Zeg #quot;hoi#quot; #35;1 &amp\"]\nb --> c[\"  ruimte   rond  \"]\n");
        assert_eq!(node(&fc, "a").text, "Regel een\nregel twee");
        assert_eq!(node(&fc, "b").text, "Zeg \"hoi\" #1 &amp");
        assert_eq!(node(&fc, "c").text, "ruimte rond");
        assert!(fc.texts().contains(&"Regel een\nregel twee".to_string()));
    }

    #[test]
    fn windows_line_endings_and_unicode_columns() {
        let fc = ok("flowchart TD\r\nbegin[\"Één\"] --> é\r\n");
        assert_eq!(node(&fc, "é").column, 18);
        let (line, col, _) = one("flowchart TD\r\nbegin[\"Één\"] --> é ==> x\r\n");
        assert_eq!((line, col), (2, 20));
    }

    // ---- errors, each with its line and column ----

    #[test]
    fn unclosed_bracket() {
        let (line, col, msg) = one("flowchart TD\na --> b[Tekst zonder einde\n");
        assert_eq!((line, col), (2, 8));
        assert!(msg.contains("niet gesloten"), "{msg}");
        let (line, col, _) = one("flowchart TD\na --> b([\"Tekst\"]\n");
        assert_eq!((line, col), (2, 8));
        let (line, col, _) = one("flowchart TD\na --> b{\"Vraag?\"\n");
        assert_eq!((line, col), (2, 8));
    }

    #[test]
    fn unclosed_quote() {
        let (line, col, msg) = one("flowchart TD\na --> b\nb --> c[\"Tekst]\n");
        assert_eq!((line, col), (3, 9));
        assert!(msg.contains("aanhalingsteken"), "{msg}");
    }

    #[test]
    fn text_after_closing_quote() {
        let (line, col, _) = one("flowchart TD\na[\"Tekst\" en meer] --> b\n");
        assert_eq!((line, col), (2, 11));
    }

    #[test]
    fn quote_or_bracket_inside_unquoted_text() {
        let (line, col, _) = one("flowchart TD\na[Zeg \"hoi\"] --> b\n");
        assert_eq!((line, col), (2, 7));
        let (line, col, msg) = one("flowchart TD\na[Politie (AVIM)] --> b\n");
        assert_eq!((line, col), (2, 11));
        assert!(msg.contains("haakje"), "{msg}");
    }

    #[test]
    fn empty_text() {
        let (line, col, _) = one("flowchart TD\na[\"\"] --> b\n");
        assert_eq!((line, col), (2, 2));
    }

    #[test]
    fn unknown_direction() {
        let (line, col, msg) = one("flowchart XY\na --> b\n");
        assert_eq!((line, col), (1, 11));
        assert!(msg.contains("XY"), "{msg}");
        let (line, col, _) = one("\n\ngraph td\na --> b\n");
        assert_eq!((line, col), (3, 7));
    }

    #[test]
    fn missing_header() {
        let (line, col, msg) = one("\n  a --> b\n");
        assert_eq!((line, col), (2, 3));
        assert!(msg.contains("flowchart TD"), "{msg}");
        // The rest is still read, so later problems are reported too.
        let e = errors("sequenceDiagram\na --> b\nb ==> c\n");
        assert_eq!(e.iter().map(|d| d.line).collect::<Vec<_>>(), vec![1, 3]);
    }

    #[test]
    fn empty_chart() {
        let (line, _, msg) = one("");
        assert_eq!(line, 1);
        assert!(msg.contains("leeg"), "{msg}");
        let (line, _, _) = one("%% alleen een opmerking\n\n");
        assert_eq!(line, 1);
        let (line, _, msg) = one("\nflowchart TD\naccTitle: Titel\n");
        assert_eq!(line, 2);
        assert!(msg.contains("leeg"), "{msg}");
    }

    #[test]
    fn unknown_statement() {
        let (line, col, msg) = one("flowchart TD\na --> b\n  foo bar baz\n");
        assert_eq!((line, col), (3, 3));
        assert!(msg.contains("Onbekende opdracht `foo`"), "{msg}");
        let (line, col, msg) = one("flowchart TD\na --> b\n  -> c\n");
        assert_eq!((line, col), (3, 3));
        assert!(msg.contains("Onverwachte tekst"), "{msg}");
        let (line, col, _) = one("flowchart TD\na --> b\ntitle Mijn schema\n");
        assert_eq!((line, col), (3, 1));
    }

    #[test]
    fn unsupported_keywords() {
        let e = errors("flowchart TD\nsubgraph Groep\na --> b\nend\ndirection LR\n");
        let at: Vec<(usize, usize)> = e.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, vec![(2, 1), (4, 1), (5, 1)]);
        let (line, col, _) = one("flowchart TD\na --> b\nflowchart LR\n");
        assert_eq!((line, col), (3, 1));
    }

    #[test]
    fn end_is_not_an_id() {
        let (line, col, msg) = one("flowchart TD\na --> end\n");
        assert_eq!((line, col), (2, 7));
        assert!(msg.contains("end"), "{msg}");
    }

    #[test]
    fn dash_in_id() {
        let (line, col, _) = one("flowchart TD\nstap-1 --> b\n");
        assert_eq!((line, col), (2, 5));
    }

    #[test]
    fn space_before_bracket() {
        let e = errors("flowchart TD\na [\"Tekst\"] --> b\n");
        assert_eq!((e[0].line, e[0].column), (2, 3));
        assert!(e[0].hint.contains("direct achter het id"));
    }

    #[test]
    fn edge_to_nothing() {
        let (line, col, msg) = one("flowchart TD\na --> b\nb -->\n");
        assert_eq!((line, col), (3, 3));
        assert!(msg.contains("niets"), "{msg}");
        let (line, col, _) = one("flowchart TD\na -->|Ja|   \n");
        assert_eq!((line, col), (2, 3));
        let (line, col, _) = one("flowchart TD\na --> b;\nc -- Nee -->\n");
        assert_eq!((line, col), (3, 3));
    }

    #[test]
    fn unclosed_label() {
        let (line, col, _) = one("flowchart TD\na -->|Ja b\n");
        assert_eq!((line, col), (2, 6));
        let (line, col, msg) = one("flowchart TD\na -- Nee b\n");
        assert_eq!((line, col), (2, 3));
        assert!(msg.contains("-->"), "{msg}");
    }

    #[test]
    fn unsupported_arrows() {
        for (src, col) in [
            ("a ==> b", 3),
            ("a -.-> b", 3),
            ("a --- b", 3),
            ("a <--> b", 3),
            ("a --o b", 3),
            ("a --x b", 3),
            ("a ~~~ b", 3),
        ] {
            let (line, c, msg) = one(&format!("flowchart TD\n{src}\n"));
            assert_eq!((line, c), (2, col), "{src}");
            assert!(msg.contains("niet ondersteund"), "{src}: {msg}");
        }
    }

    #[test]
    fn unsupported_shapes() {
        for src in [
            "a[[Sub]] --> b",
            "a{{Zeshoek}} --> b",
            "a>Vlag] --> b",
            "a[(Database)] --> b",
            "a(((Dubbel))) --> b",
            "a[/Schuin/] --> b",
        ] {
            let (line, col, msg) = one(&format!("flowchart TD\n{src}\n"));
            assert_eq!((line, col), (2, 2), "{src}");
            assert!(msg.contains("vorm"), "{src}: {msg}");
        }
    }

    #[test]
    fn ampersand_is_an_error() {
        let (line, col, msg) = one("flowchart TD\na --> b & c\n");
        assert_eq!((line, col), (2, 9));
        assert!(msg.contains('&'), "{msg}");
        let (_, col, _) = one("flowchart TD\na & b --> c\n");
        assert_eq!(col, 3);
    }

    #[test]
    fn comment_after_statement() {
        let (line, col, _) = one("flowchart TD\na --> b %% uitleg\n");
        assert_eq!((line, col), (2, 9));
    }

    #[test]
    fn id_with_two_texts() {
        let (line, col, msg) = one("flowchart TD\na[\"Een\"] --> b\nb --> a[\"Twee\"]\n");
        assert_eq!((line, col), (3, 7));
        assert!(
            msg.contains("Een") && msg.contains("Twee") && msg.contains("regel 2"),
            "{msg}"
        );
        let (line, col, msg) = one("flowchart TD\na[\"Een\"] --> b\nb --> a{\"Een\"}\n");
        assert_eq!((line, col), (3, 7));
        assert!(msg.contains("vraag"), "{msg}");
    }

    #[test]
    fn unreachable_nodes() {
        let e = errors("flowchart TD\na --> b\nc --> d\nd --> c\n");
        let at: Vec<(usize, usize)> = e.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, vec![(3, 1), (3, 7)]);
        assert!(e[0].message.contains("niet te bereiken"));
    }

    #[test]
    fn no_start() {
        let (line, col, msg) = one("flowchart TD\na --> b\nb --> a\n");
        assert_eq!((line, col), (2, 1));
        assert!(msg.contains("geen begin"), "{msg}");
    }

    #[test]
    fn question_needs_two_labelled_answers() {
        let (line, col, msg) = one("flowchart TD\ns --> q{\"Vraag?\"}\nq -->|Ja| a\nq --> b\n");
        assert_eq!((line, col), (2, 7));
        assert!(msg.contains("maar één"), "{msg}");
        let (line, _, msg) = one("flowchart TD\nq{\"Vraag?\"}\ns --> q\n");
        assert_eq!(line, 2);
        assert!(msg.contains("geen pijl"), "{msg}");
        // Two answers to the same step count as two.
        ok("flowchart TD\nq{\"Vraag?\"} -->|Ja| a\nq -->|Weet niet| a\n");
    }

    #[test]
    fn click_problems() {
        let (line, col, msg) = one("flowchart TD\na --> b\nclick c \"partner:politie\"\n");
        assert_eq!((line, col), (3, 7));
        assert!(msg.contains("`c`"), "{msg}");
        let (line, col, _) = one("flowchart TD\na --> b\nclick a \"x.md\"\nclick a \"y.md\"\n");
        assert_eq!((line, col), (4, 7));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a partner:politie\n");
        assert_eq!((line, col), (3, 9));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a\n");
        assert_eq!((line, col), (3, 8));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a callback\n");
        assert_eq!((line, col), (3, 9));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a \"javascript:alert(1)\"\n");
        assert_eq!((line, col), (3, 9));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a \"&#106;ava\tscript:alert(1)\"\n");
        assert_eq!((line, col), (3, 9));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a \"vbscript:x\"\n");
        assert_eq!((line, col), (3, 9));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a \"niet dicht\n");
        assert_eq!((line, col), (3, 9));
        let (line, col, _) = one("flowchart TD\na --> b\nclick a \"\"\n");
        assert_eq!((line, col), (3, 9));
    }

    #[test]
    fn accessibility_problems() {
        let (line, col, _) = one("flowchart TD\n  accTitle Titel\na --> b\n");
        assert_eq!((line, col), (2, 3));
        let (line, col, _) = one("flowchart TD\naccTitle:   \na --> b\n");
        assert_eq!((line, col), (2, 1));
        let (line, col, msg) = one("flowchart TD\na --> b\naccDescr {\nnooit gesloten\n");
        assert_eq!((line, col), (3, 1));
        assert!(msg.contains("niet gesloten"), "{msg}");
        let (line, _, _) = one("flowchart TD\naccDescr {\n}\na --> b\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn self_loop() {
        let (line, col, _) = one("flowchart TD\ns --> a\na --> a\n");
        assert_eq!((line, col), (3, 3));
    }

    #[test]
    fn all_problems_are_reported_in_order() {
        let e = errors("flowchart TD\na[\"open --> b\nfoo bar\nc ==> d\nclick\nx --> y\n");
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5]);
        assert!(e.iter().all(|d| !d.warning));
    }

    #[test]
    fn warnings_for_isolated_nodes() {
        let fc = ok("flowchart TD\na --> b\nlos[\"Niet verbonden\"]\n");
        assert_eq!(fc.warnings().len(), 1);
        assert_eq!(fc.warnings()[0].line, 3);
    }
}
