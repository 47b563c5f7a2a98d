//! Building the inverted index.
//!
//! Each distinct folded word of the site (a *variant*) has a postings list of
//! (document, impact). Variants are grouped under their stem (the *key*), so
//! one lookup of `stem(query word)` gives the exact form and its inflections.
//! A key also carries the *compound* postings: the documents that contain a
//! compound one of whose parts has this stem (`uitbuiting` → the documents
//! with `arbeidsuitbuiting`).
//!
//! The impact is the document-side half of BM25F, summed over fields, with
//! per-field saturation:
//! `Σ_f w_f · tf_f·(k1+1) / (tf_f + k1·(1 − b_f + b_f·len_f/avglen_f))`,
//! quantised on a log scale to 1..=63 (see [`quantize`]). The client
//! multiplies it by the idf and the match-class weight.
//!
//! Building (`prepare`) scales linearly with the site: the documents are
//! tokenised in parallel chunks, each counting into its own vocabulary (an
//! `Interner`: no string is allocated per token); the vocabularies are
//! merged, and every distinct word is stemmed and split into compound parts
//! once (the vocabulary is far smaller than the text); terms are numbered
//! in the order of the entries; each chunk weighs its postings and groups
//! them by term, in parallel. `Postings::entries` then puts any range of
//! entries together from the chunks, so that `search::build` writes the
//! term shards a group at a time instead of holding every postings list.

use super::bytes::{block, equal, HIGH, LOW, ONES};
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::compound::Splitter;
use super::fold::{fold, for_each_run, for_each_token, is_stop_word, tokenize, Scratch};
use super::hash::{read4, read8};
use super::hash::{run_hash, word_hash, FastMap};
use super::stem::stem;
use super::{DocKind, SearchDoc};
use crate::util::spill::{ReadBack, Spill};

/// BM25 term-frequency saturation.
pub const K1: f64 = 1.2;

/// The fields of a document, in the order of [`FIELD_WEIGHTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The document's own title: a section heading or a record's name.
    Title = 0,
    /// Sub-headings inside the section.
    Headings = 1,
    /// Aliases and keywords.
    Aliases = 2,
    /// The title of the page the section belongs to.
    PageTitle = 3,
    /// The plain text.
    Body = 4,
}

/// Number of fields.
pub const FIELDS: usize = 5;
/// Field weights: title > headings = aliases > page title = body.
pub const FIELD_WEIGHTS: [f64; FIELDS] = [5.0, 3.0, 3.0, 1.0, 1.0];
/// Length normalisation per field.
pub const FIELD_B: [f64; FIELDS] = [0.3, 0.5, 0.3, 0.0, 0.75];

/// Steps of the per-document unit (64 levels, log scale, 0.02 .. 30).
pub const UNIT_MIN: f64 = 0.02;
/// One step of the unit's log scale (the natural log of the ratio between neighbouring levels).
pub const UNIT_STEP: f64 = 0.115;
/// Step of a posting's impact relative to its document's unit (11 %).
pub const REL_STEP: f64 = 0.105;
/// The code of "exactly one unit" (one occurrence in the body). Codes reach
/// from 0.12 to 90 units.
pub const REL_OFFSET: u8 = 20;

/// Quantise a document's unit impact (the impact of one body occurrence)
/// to 0..=63.
pub fn quantize_unit(u: f64) -> u8 {
    ((u.max(UNIT_MIN) / UNIT_MIN).ln() / UNIT_STEP)
        .round()
        .clamp(0.0, 63.0) as u8
}

/// The inverse of [`quantize_unit`].
pub fn dequantize_unit(q: u8) -> f64 {
    UNIT_MIN * (q as f64 * UNIT_STEP).exp()
}

/// Quantise an impact relative to its document's (quantised) unit: 0..=63,
/// [`REL_OFFSET`] meaning "one unit". Most postings are one body
/// occurrence, so most codes are the same and the index compresses well.
pub fn quantize(impact: f64, unit: u8) -> u8 {
    quantize_relative(impact, dequantize_unit(unit))
}

/// [`quantize`], given the impact of the unit (`dequantize_unit(unit)`, worked out once per
/// document).
fn quantize_relative(impact: f64, unit_impact: f64) -> u8 {
    let r = (impact / unit_impact).ln() / REL_STEP + REL_OFFSET as f64;
    r.round().clamp(0.0, 63.0) as u8
}

/// The impact of a posting with code `q` in a document with unit `unit`
/// (what the client computes).
pub fn dequantize(q: u8, unit: u8) -> f64 {
    dequantize_unit(unit) * ((q as f64 - REL_OFFSET as f64) * REL_STEP).exp()
}

/// One posting: a document and the quantised impact of the term in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The document's number: its place in [`Index::docs`].
    pub doc: u32,
    /// The quantised impact ([`quantize`]), relative to the document's unit.
    pub impact: u8,
}

/// A folded word as it occurs on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The folded word.
    pub term: String,
    /// The documents it occurs in.
    pub postings: Vec<Posting>,
}

/// All variants with one stem, plus the compound postings of that stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The stem that all variants share.
    pub key: String,
    /// The words with this stem, as they occur.
    pub variants: Vec<Variant>,
    /// Documents with a compound one of whose parts has this stem.
    pub compound: Vec<Posting>,
}

/// What the client shows for a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntry {
    /// Relative to the site root, as [`SearchDoc::url`].
    pub url: String,
    /// The document's title.
    pub title: String,
    /// Title of the page the section belongs to ("" when the same as `title`).
    pub page_title: String,
    /// The kind, shown beside the result and used by the facet "type".
    pub kind: DocKind,
    /// The start of the body, cut at a word boundary: the source of excerpts.
    pub excerpt: String,
}

/// One facet: name, Dutch label, and per value the sorted document ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// Stable name in the data files: `type`, `gemeente` or `rol`.
    pub name: &'static str,
    /// Dutch label shown to readers.
    pub label: &'static str,
    /// (value, label, document ids)
    pub values: Vec<(String, String, Vec<u32>)>,
}

/// A synonym group: how each member is written, and its folded tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynGroup {
    /// The members as written, to show.
    pub display: Vec<String>,
    /// Per member, its folded tokens.
    pub tokens: Vec<Vec<String>>,
}

/// The complete index, ready to be emitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// Per document number: what the client shows.
    pub docs: Vec<DocEntry>,
    /// Per document: the quantised unit impact ([`quantize_unit`]).
    pub units: Vec<u8>,
    /// Sorted by key.
    pub entries: Vec<Entry>,
    /// All variant terms, sorted (for prefix and typo look-ups).
    pub words: Vec<String>,
    /// The facets: type, gemeente and rol.
    pub facets: Vec<Facet>,
    /// The synonym groups, merged where they share a term.
    pub synonyms: Vec<SynGroup>,
}

/// Characters of body text kept per document for excerpts, given the number
/// of documents: generous on small sites, tighter on large ones so that the
/// index stays within its size budget.
pub fn excerpt_chars(n_docs: usize) -> usize {
    const TOTAL: usize = 80_000;
    (TOTAL / n_docs.max(1)).clamp(140, 800)
}

/// Cut `text` to at most `max` characters at a word boundary.
pub fn cut_at_word(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut end = 0;
    let mut last_space = None;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n == max {
            end = i;
            break;
        }
        if c.is_whitespace() {
            last_space = Some(i);
        }
    }
    cut_before(text, end, last_space)
}

/// `text` cut before byte `end` (a character's start) for an excerpt, with an ellipsis: at
/// the last space before it (`last_space`) when that keeps more than half, else at `end`.
fn cut_before(text: &str, end: usize, last_space: Option<usize>) -> String {
    let cut = match last_space {
        Some(s) if s > end / 2 => s,
        _ => end,
    };
    let kept = text[..cut].trim_end();
    let mut out = String::with_capacity(kept.len() + '…'.len_utf8());
    out.push_str(kept);
    out.push('…');
    out
}

/// Collapse runs of white space.
fn squash(s: &str) -> String {
    // Most titles are squashed already: single spaces, none at the ends.
    if is_squashed(s) || s.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Is `s` squashed: white space only single spaces between words?
fn is_squashed(s: &str) -> bool {
    let (mut prev, mut broken) = (1, 0);
    for (i, &c) in s.as_bytes().iter().enumerate() {
        let mut kind = SPACE_KIND[c as usize] & 3;
        if kind == 3 {
            kind = if s[i..].chars().next().is_some_and(char::is_whitespace) {
                2
            } else {
                0
            };
        }
        broken |= (kind + prev) & 2;
        prev = kind;
    }
    broken == 0 && prev == 0
}

/// Per byte of UTF-8 text, for telling squashed text (see [`is_squashed`]) a byte at a time:
/// the low bits 0 for a word's byte, 1 for a space, 2 for other white space, 3 for the first
/// byte of a character that may be white space (U+0085, U+00A0, U+1680, U+2000..U+3000);
/// [`START`] for the first byte of a character. A 2, or a 1 after a 1 (or at the start),
/// is white space that squashing changes: `broken |= (kind + prev) & 2`.
const SPACE_KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = if c == b' ' as usize {
            1 | START
        } else if c < 128 && ASCII_SPACE[c] {
            2 | START
        } else if matches!(c, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
            3 | START
        } else if c & 0xc0 == 0x80 {
            0
        } else {
            START
        };
        c += 1;
    }
    t
};
/// In [`SPACE_KIND`]: the byte starts a character.
const START: u8 = 4;

/// The ASCII bytes that are white space to `char::is_whitespace`.
const ASCII_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    let mut c = b'\t';
    while c <= b'\r' {
        t[c as usize] = true;
        c += 1;
    }
    t
};

/// The squashed text (runs of white space collapsed) cut to at most `max`
/// characters at a word boundary: `cut_at_word(&squash(text), max)`, without
/// squashing more of the text than the cut can see.
fn excerpt(text: &str, max: usize) -> String {
    // The whole text always decides its excerpt.
    excerpt_of_start(text, max, true).unwrap_or_default()
}

/// [`excerpt`] of a text of which `text` is the start (the whole text if `whole`): `None` when
/// the start is too short to decide it (the excerpt reads the first `max + 1` characters of
/// the squashed text, or all of a shorter one).
fn excerpt_of_start(text: &str, max: usize, whole: bool) -> Option<String> {
    if let Some(plain) = plain_excerpt(text, max, whole) {
        return plain;
    }
    let mut head = String::with_capacity((max + 16).min(text.len()));
    let mut chars = 0;
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    // The words (runs without white space) one by one, as `split_whitespace` gives them, but
    // a byte at a time where the text is ASCII.
    let wide_space = |i: usize| {
        text.get(i..)
            .and_then(|t| t.chars().next())
            .map(|c| (c.is_whitespace(), c.len_utf8()))
    };
    while i < n {
        if b[i] < 0x80 {
            if ASCII_SPACE[b[i] as usize] {
                i += 1;
                continue;
            }
        } else {
            if let Some((true, len)) = wide_space(i) {
                i += len;
                continue;
            }
        }
        let start = i;
        loop {
            while i < n && !ASCII_SPACE[b[i] as usize] && b[i] < 0x80 {
                i += 1;
            }
            if i == n || b[i] < 0x80 {
                break;
            }
            match wide_space(i) {
                Some((false, len)) => i += len,
                _ => break,
            }
        }
        let w = &text[start..i];
        if !head.is_empty() {
            head.push(' ');
            chars += 1;
        }
        head.push_str(w);
        chars += if w.is_ascii() {
            w.len()
        } else {
            w.chars().count()
        };
        if chars > max {
            // The first `max + 1` characters are those of the whole text, and
            // that is all the cut looks at.
            break;
        }
    }
    if chars <= max {
        // All of the text, or not enough of it.
        return whole.then_some(head);
    }
    // What `cut_at_word` does, knowing that the only white space left is
    // single spaces.
    let end = if head.is_ascii() {
        max
    } else {
        head.char_indices().nth(max).map_or(head.len(), |(i, _)| i)
    };
    let cut = match head[..end].rfind(' ') {
        Some(s) if s > end / 2 => s,
        _ => end,
    };
    let kept = head[..cut].trim_end().len();
    head.truncate(kept);
    head.push('…');
    Some(head)
}

/// [`excerpt_of_start`] when the first `max + 1` characters of `text` (all of a shorter one)
/// are squashed already: white space only single spaces between words, the last of them part
/// of a word (most bodies). They are then the start of the squashed text, and the excerpt is
/// cut from them in place instead of put together a word at a time. `None`: not so.
fn plain_excerpt(text: &str, max: usize, whole: bool) -> Option<Option<String>> {
    // White space in front is left out of the squashed text anyway.
    let text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\u{b}');
    let b = text.as_bytes();
    let limit = max.saturating_add(1);
    let (mut i, mut chars) = (0, 0);
    // As in `is_squashed`.
    let (mut prev, mut broken) = (1, 0);
    while i < b.len() {
        // Eight bytes at a time where they are letters, spaces, `é` and the like (no control
        // byte, no first byte of a character other than 0xc3) and eight more characters
        // are wanted.
        if let Some(x) = block(b, i).filter(|_| limit - chars >= 8) {
            let control = !(((x & LOW) + ONES * 0x60) | x) & HIGH;
            let first_of_wide = x & (x << 1) & HIGH;
            if control == 0 && first_of_wide & !equal(x, 0xc3) == 0 {
                let spaces = equal(x, b' ');
                if spaces & ((spaces << 8) | (prev as u64 * 0x80)) != 0 {
                    return None; // two spaces in a row
                }
                let continuing = x & !(x << 1) & HIGH;
                chars += 8 - ((continuing >> 7).wrapping_mul(ONES) >> 56) as usize;
                prev = (spaces >> 63) as u8;
                i += 8;
                continue;
            }
        }
        let t = SPACE_KIND[b[i] as usize];
        if t & START != 0 {
            if chars == limit {
                break;
            }
            chars += 1;
        }
        let mut kind = t & 3;
        if kind == 3 {
            if text[i..].chars().next().is_some_and(char::is_whitespace) {
                return None;
            }
            kind = 0;
        }
        broken |= (kind + prev) & 2;
        prev = kind;
        i += 1;
    }
    // The last character may be a space: character `max`, with a word after it (then it is
    // one of the squashed text too).
    if broken != 0 || prev != 0 && (chars <= max || text[i..].trim_start().is_empty()) {
        return None;
    }
    if chars <= max {
        // All of the text, squashed already.
        return Some(whole.then(|| text.to_string()));
    }
    // More than `max` characters: cut where `excerpt_of_start` cuts, before character `max`.
    let end = text[..i].char_indices().next_back().map_or(0, |(j, _)| j);
    Some(Some(cut_before(text, end, text[..end].rfind(' '))))
}

/// Call `f(field, text, stop words count)` for every text of a document; `parked` is the rest
/// of its body, read back from the spill file (not checked as UTF-8: [`RunTable`] checks
/// each distinct run), and `joined` room to put the body together when its two parts do not
/// tokenise apart. Headings and aliases are separate texts (no token spans two of them);
/// stop words count in title, headings and aliases.
fn for_each_text(
    d: &SearchDoc,
    parked: &[u8],
    joined: &mut Vec<u8>,
    mut f: impl FnMut(usize, &[u8], bool),
) {
    f(Field::Title as usize, d.title.as_bytes(), true);
    for h in &d.headings {
        f(Field::Headings as usize, h.as_bytes(), true);
    }
    for a in &d.aliases {
        f(Field::Aliases as usize, a.as_bytes(), true);
    }
    if d.page_title != d.title {
        f(Field::PageTitle as usize, d.page_title.as_bytes(), false);
    }
    let body = d.body.as_bytes();
    if parked.is_empty() {
        f(Field::Body as usize, body, false);
    } else if body.last().is_none_or(|&b| super::fold::ends_run(b)) {
        // The body's runs, then the parked text's: those of the two together.
        f(Field::Body as usize, body, false);
        f(Field::Body as usize, parked, false);
    } else {
        joined.clear();
        joined.extend_from_slice(body);
        joined.extend_from_slice(parked);
        f(Field::Body as usize, joined, false);
    }
}

/// Term frequencies per field.
type Tf = [u32; FIELDS];

fn impact(tf: &Tf, lens: &[u32; FIELDS], avg: &[f64; FIELDS]) -> f64 {
    impact_normed(tf, &field_norms(lens, avg))
}

/// Per field, BM25F's length normaliser of a document with field lengths `lens`.
fn field_norms(lens: &[u32; FIELDS], avg: &[f64; FIELDS]) -> [f64; FIELDS] {
    std::array::from_fn(|f| {
        if avg[f] > 0.0 {
            1.0 - FIELD_B[f] + FIELD_B[f] * lens[f] as f64 / avg[f]
        } else {
            1.0
        }
    })
}

/// [`impact`], given the document's [`field_norms`].
fn impact_normed(tf: &Tf, norms: &[f64; FIELDS]) -> f64 {
    let mut s = 0.0;
    for f in 0..FIELDS {
        if tf[f] == 0 {
            continue;
        }
        let t = tf[f] as f64;
        s += FIELD_WEIGHTS[f] * t * (K1 + 1.0) / (t + K1 * norms[f]);
    }
    s
}

pub(crate) fn merge_synonyms(groups: &[Vec<String>]) -> Vec<SynGroup> {
    // Union-find over members keyed by their folded token list.
    let mut key_of: HashMap<Vec<String>, usize> = HashMap::new();
    let mut members: Vec<(Vec<String>, String)> = Vec::new();
    let mut parent: Vec<usize> = Vec::new();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for g in groups {
        let mut first: Option<usize> = None;
        for term in g {
            let toks: Vec<String> = tokenize(term)
                .into_iter()
                .filter(|t| !t.part)
                .map(|t| t.text)
                .collect();
            if toks.is_empty() {
                continue;
            }
            let id = *key_of.entry(toks.clone()).or_insert_with(|| {
                members.push((toks, squash(term)));
                parent.push(parent.len());
                parent.len() - 1
            });
            match first {
                None => first = Some(id),
                Some(f) => {
                    let (a, b) = (find(&mut parent, f), find(&mut parent, id));
                    if a != b {
                        parent[b] = a;
                    }
                }
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..members.len() {
        let r = find(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    by_root
        .into_values()
        .filter(|ids| ids.len() >= 2)
        .map(|ids| SynGroup {
            display: ids.iter().map(|&i| members[i].1.clone()).collect(),
            tokens: ids.iter().map(|&i| members[i].0.clone()).collect(),
        })
        .collect()
}

/// Distinct words with dense ids (in order of first use): an
/// open-addressing table over one text arena. Each slot holds the word's
/// hash, id, place and length, so that a look-up touches the table once
/// and the text once.
#[derive(Debug)]
pub(crate) struct Interner {
    /// `[hash, id + 1 (0 = empty), start in text, length]`.
    slots: Vec<[u32; 4]>,
    text: String,
    /// Start of each word in `text`, and the end of the last.
    starts: Vec<u32>,
}

/// `a == b` for two slices of the same length, quicker than a call to
/// `memcmp` for short words.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if read8(a, i) != read8(b, i) {
                return false;
            }
            i += 8;
        }
        read8(a, n - 8) == read8(b, n - 8)
    } else if n >= 4 {
        read4(a, 0) == read4(b, 0) && read4(a, n - 4) == read4(b, n - 4)
    } else if n > 0 {
        // First, middle and last byte: all of one to three bytes (`==` would call `memcmp`).
        (a[0], a[n / 2], a[n - 1]) == (b[0], b[n / 2], b[n - 1])
    } else {
        true
    }
}

impl Interner {
    pub(crate) fn new() -> Self {
        Interner {
            slots: vec![[0; 4]; 1024],
            text: String::new(),
            starts: vec![0],
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    #[inline]
    pub(crate) fn word(&self, id: u32) -> &str {
        let id = id as usize;
        &self.text[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    /// The id of `w`, and whether it is new.
    #[inline]
    pub(crate) fn intern(&mut self, w: &str) -> (u32, bool) {
        let tag = word_hash(w.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = tag as usize & mask;
        let text = self.text.as_bytes();
        loop {
            let [h, id, start, len] = self.slots[i];
            if id == 0 {
                break;
            }
            if h == tag && len as usize == w.len() {
                let start = start as usize;
                if same_bytes(&text[start..start + w.len()], w.as_bytes()) {
                    return (id - 1, false);
                }
            }
            i = (i + 1) & mask;
        }
        let id = self.len() as u32;
        let start = self.text.len() as u32;
        self.text.push_str(w);
        self.starts.push(self.text.len() as u32);
        self.slots[i] = [tag, id + 1, start, w.len() as u32];
        if self.len() * 2 > self.slots.len() {
            self.grow();
        }
        (id, true)
    }

    fn grow(&mut self) {
        self.slots = doubled(&self.slots, |s| (s[1] != 0).then_some(s[0]));
    }
}

/// An open-addressing table (linear probing, a power of two long) twice as long, with the
/// taken slots of `slots` placed again; `hash` gives a taken slot's hash, None for an empty one.
fn doubled<T: Copy + Default>(slots: &[T], hash: impl Fn(&T) -> Option<u32>) -> Vec<T> {
    let mut out = vec![T::default(); slots.len() * 2];
    let mask = out.len() - 1;
    for s in slots {
        let Some(h) = hash(s) else { continue };
        let mut i = h as usize & mask;
        while hash(&out[i]).is_some() {
            i = (i + 1) & mask;
        }
        out[i] = *s;
    }
    out
}

/// The tokens of each distinct run ([`for_each_run`]) of a chunk's text, so that a run seen
/// before costs one look-up instead of folding, splitting and interning its words again.
/// Open addressing; a slot holds the run's first eight bytes (most runs are no longer) and
/// its tokens: a run of one token (most runs: a word) holds it in the slot, any other a place
/// in `multi`.
struct RunTable {
    slots: Vec<RunSlot>,
    /// The bytes of the runs after their first eight.
    tails: Vec<u8>,
    len: usize,
    /// For runs of other than one token: the number of tokens, then the tokens.
    multi: Vec<u32>,
    /// A run was not UTF-8 (a text read back from the spill file was damaged); it has no
    /// tokens.
    invalid: bool,
    /// Room for the tokens of a new run, kept so that a new run allocates nothing.
    found: Vec<RunToken>,
}

#[derive(Clone, Copy, Default)]
struct RunSlot {
    head: u64,
    hash: u32,
    /// The run's length in bytes; 0 = an empty slot.
    len: u32,
    /// Where its bytes after the first eight are in `tails`.
    tail: u32,
    toks: u32,
}

/// A token as the run table keeps it: the chunk's word id and three flags.
type RunToken = u32;
const TOK_UPPER: RunToken = 1;
const TOK_PART: RunToken = 2;
const TOK_STOP: RunToken = 4;
const TOK_SHIFT: u32 = 3;
/// In a slot: the tokens are at this place in `multi` (the rest of the bits).
const RUN_MULTI: u32 = 1 << 31;

impl RunTable {
    fn new() -> Self {
        RunTable {
            slots: vec![RunSlot::default(); 1024],
            tails: Vec::new(),
            len: 0,
            multi: Vec::new(),
            invalid: false,
            found: Vec::new(),
        }
    }

    /// The tokens of `run` whose first eight bytes are `head` (for [`RunTable::replay`]),
    /// with `tokenize` (which interns the words) for a run not seen before.
    #[inline]
    fn tokens(
        &mut self,
        run: &[u8],
        head: u64,
        tokenize: impl FnOnce(&str, &mut Vec<RunToken>),
    ) -> u32 {
        let tag = run_hash(run, head);
        let mask = self.slots.len() - 1;
        let mut i = tag as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.len == 0 {
                break;
            }
            if slot.head == head
                && slot.len as usize == run.len()
                && (run.len() <= 8 || self.same_tail(slot.tail, &run[8..]))
            {
                return slot.toks;
            }
            i = (i + 1) & mask;
        }
        self.insert(i, tag, run, head, tokenize)
    }

    fn same_tail(&self, at: u32, tail: &[u8]) -> bool {
        let at = at as usize;
        self.tails
            .get(at..at + tail.len())
            .is_some_and(|t| same_bytes(t, tail))
    }

    /// Call `f` for each of the tokens `toks` ([`RunTable::tokens`]), in order.
    #[inline]
    fn replay(&self, toks: u32, mut f: impl FnMut(RunToken)) {
        if toks & RUN_MULTI == 0 {
            f(toks);
        } else {
            let at = (toks & !RUN_MULTI) as usize;
            let n = self.multi[at] as usize;
            for &t in &self.multi[at + 1..at + 1 + n] {
                f(t);
            }
        }
    }

    #[inline(never)]
    fn insert(
        &mut self,
        slot: usize,
        tag: u32,
        run: &[u8],
        head: u64,
        tokenize: impl FnOnce(&str, &mut Vec<RunToken>),
    ) -> u32 {
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        // A run ends next to ASCII bytes: always whole characters of UTF-8 text. Each
        // distinct run is checked once here; a run seen again is equal to a checked one.
        match std::str::from_utf8(run) {
            Ok(run) => tokenize(run, &mut found),
            Err(_) => self.invalid = true,
        }
        let toks = if found.len() == 1 && found[0] & RUN_MULTI == 0 {
            found[0]
        } else {
            let at = self.multi.len() as u32 | RUN_MULTI;
            self.multi.push(found.len() as u32);
            self.multi.extend_from_slice(&found);
            at
        };
        self.found = found;
        let tail = self.tails.len() as u32;
        self.tails
            .extend_from_slice(run.get(8..).unwrap_or_default());
        self.slots[slot] = RunSlot {
            head,
            hash: tag,
            len: run.len() as u32,
            tail,
            toks,
        };
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.slots = doubled(&self.slots, |s| (s.len != 0).then_some(s.hash));
        }
        toks
    }
}

/// With `KETENWIJZER_TIMINGS` set, the steps of the search build print
/// their wall time to stderr (for profiling), like the site's phases.
pub(crate) struct Phases {
    on: bool,
    t: std::time::Instant,
}

impl Phases {
    pub(crate) fn new() -> Self {
        Phases {
            on: std::env::var_os("KETENWIJZER_TIMINGS").is_some(),
            t: std::time::Instant::now(),
        }
    }

    pub(crate) fn mark(&mut self, name: &str) {
        if self.on {
            let name = format!("search.{name}");
            eprintln!(
                "    {name:<15} {:>7.1} ms {}",
                self.t.elapsed().as_secs_f64() * 1000.0,
                crate::util::timing::memory_now()
            );
            self.t = std::time::Instant::now();
        }
    }
}

/// The term frequencies of a posting as kept between tokenising and
/// weighting: `1..=255` is that many occurrences in the body only (most
/// postings); from [`TF_TABLE`] on, an index into the chunk's table of
/// other frequencies; [`TF_BIG`]: see the chunk's overflow map.
type TfCode = u16;
const TF_TABLE: TfCode = 256;
const TF_BIG: TfCode = TfCode::MAX;

/// The tokens of a contiguous range of documents, counted.
struct Chunk {
    /// The chunk's distinct words (its local ids).
    words: Interner,
    /// Per local word: the number of documents it was counted in (0 for a
    /// word that was only seen as a stop word in the body: not a term).
    df: Vec<u32>,
    /// Per document: field lengths.
    lens: Vec<[u32; FIELDS]>,
    /// Per document: the end of its postings in `ids` and `tfs`.
    ends: Vec<usize>,
    /// Per document, per distinct word: the local id and the term
    /// frequencies.
    ids: Vec<u32>,
    tfs: Vec<TfCode>,
    /// Term frequencies other than a few occurrences in the body.
    table: Vec<Tf>,
    /// Term frequencies that did not fit the table, by position in `tfs`.
    big: FastMap<usize, Tf>,
}

impl Chunk {
    fn tf(&self, pos: usize) -> Tf {
        match self.tfs[pos] {
            TF_BIG => self.big[&pos],
            c if c >= TF_TABLE => self.table[(c - TF_TABLE) as usize],
            c => {
                let mut tf = [0; FIELDS];
                tf[Field::Body as usize] = c as u32;
                tf
            }
        }
    }
}

/// What the tokeniser keeps per local word.
#[derive(Clone, Copy, Default)]
struct WordState {
    /// The document (1-based) it was last counted in.
    seen: u32,
    /// Where its counts in that document are (in `touched`).
    at: u32,
    /// Documents it was counted in.
    df: u32,
}

/// Tokenise a chunk of documents; `parked`: the parked rest of the body of each document
/// that has one ([`SearchDoc::spilled`]), in order. Also whether a parked text was not UTF-8.
fn tokenize_chunk(docs: &[SearchDoc], parked: Option<&ReadBack>) -> (Chunk, bool) {
    let mut words = Interner::new();
    let mut runs = RunTable::new();
    let mut state: Vec<WordState> = Vec::new();
    // The words of the current document and their counts.
    let mut touched: Vec<(u32, Tf)> = Vec::new();
    let mut scratch = Scratch::default();
    let mut lens = Vec::with_capacity(docs.len());
    let mut ends = Vec::with_capacity(docs.len());
    // A document has fewer distinct words than a tenth of its bytes, and
    // reserved but untouched memory costs nothing.
    let bytes: usize = docs
        .iter()
        .map(|d| d.body.len() + d.spilled.map_or(0, |s| s.bytes() as usize) + d.title.len() + 64)
        .sum();
    let mut ids = Vec::with_capacity(bytes / 10);
    let mut tfs = Vec::with_capacity(bytes / 10);
    let mut table: Vec<Tf> = Vec::new();
    let mut table_ids: FastMap<Tf, TfCode> = FastMap::default();
    let mut big = FastMap::default();
    let mut next_parked = 0;
    let mut joined = Vec::new();
    for (k, d) in docs.iter().enumerate() {
        let stamp = k as u32 + 1;
        let mut len = [0u32; FIELDS];
        let rest = match parked {
            Some(p) if d.spilled.is_some() && next_parked < p.len() => {
                next_parked += 1;
                p.get(next_parked - 1)
            }
            _ => &[],
        };
        for_each_text(d, rest, &mut joined, |f, text, keep_stop| {
            // A stop word counts here only if written in capitals.
            let skip = if keep_stop { RunToken::MAX } else { TOK_STOP };
            for_each_run(text, |run, head| {
                let new_run = |run: &str, out: &mut Vec<RunToken>| {
                    for_each_token(run, &mut scratch, |t, upper, part| {
                        let (id, new) = words.intern(t);
                        if new {
                            state.push(WordState::default());
                        }
                        let stop = if is_stop_word(t) { TOK_STOP } else { 0 };
                        let upper = if upper { TOK_UPPER } else { 0 };
                        let part = if part { TOK_PART } else { 0 };
                        out.push(id << TOK_SHIFT | stop | upper | part);
                    })
                };
                let toks = runs.tokens(run, head, new_run);
                runs.replay(toks, |tok| {
                    if tok & (TOK_STOP | TOK_UPPER) == skip {
                        return;
                    }
                    if tok & TOK_PART == 0 {
                        len[f] += 1;
                    }
                    let id = tok >> TOK_SHIFT;
                    let w = &mut state[id as usize];
                    if w.seen == stamp {
                        touched[w.at as usize].1[f] += 1;
                    } else {
                        // Most words of a section are new to it: counted where they are met.
                        w.seen = stamp;
                        w.at = touched.len() as u32;
                        w.df += 1;
                        let mut tf = [0; FIELDS];
                        tf[f] = 1;
                        touched.push((id, tf));
                    }
                })
            })
        });
        for &(id, tf) in &touched {
            let body = tf[Field::Body as usize];
            let code = if tf[..Field::Body as usize] == [0; FIELDS - 1] && body < TF_TABLE as u32 {
                body as TfCode
            } else if let Some(&c) = table_ids.get(&tf) {
                c
            } else if table.len() < (TF_BIG - TF_TABLE) as usize {
                let c = TF_TABLE + table.len() as TfCode;
                table.push(tf);
                table_ids.insert(tf, c);
                c
            } else {
                big.insert(ids.len(), tf);
                TF_BIG
            };
            ids.push(id);
            tfs.push(code);
        }
        touched.clear();
        lens.push(len);
        ends.push(ids.len());
    }
    let chunk = Chunk {
        words,
        df: state.iter().map(|w| w.df).collect(),
        lens,
        ends,
        ids,
        tfs,
        table,
        big,
    };
    (chunk, runs.invalid)
}

/// Impact codes of one document, computed once per distinct set of term
/// frequencies (most postings of a document share a handful of them, and
/// most of those are a few occurrences in the body).
struct CodeCache {
    /// The document's [`field_norms`] and the impact of its unit, worked out once.
    norms: [f64; FIELDS],
    unit_impact: f64,
    /// Codes of 1.. occurrences in the body only; `NONE` = not yet known.
    body: [u8; 8],
    seen: Vec<(Tf, u8)>,
}

impl CodeCache {
    const SIZE: usize = 16;
    const NONE: u8 = u8::MAX;

    fn new(lens: &[u32; FIELDS], avg: &[f64; FIELDS], unit: u8) -> Self {
        CodeCache {
            norms: field_norms(lens, avg),
            unit_impact: dequantize_unit(unit),
            body: [Self::NONE; 8],
            seen: Vec::new(),
        }
    }

    /// `quantize(impact(tf, lens, avg), unit)`: the same operations on the same values.
    fn compute(&self, tf: &Tf) -> u8 {
        quantize_relative(impact_normed(tf, &self.norms), self.unit_impact)
    }

    #[inline]
    fn code(&mut self, tf: &Tf) -> u8 {
        let b = tf[Field::Body as usize] as usize;
        if tf[..Field::Body as usize] == [0; FIELDS - 1] && (1..=self.body.len()).contains(&b) {
            let c = self.body[b - 1];
            if c != Self::NONE {
                return c;
            }
        }
        self.code_slow(tf)
    }

    #[inline(never)]
    fn code_slow(&mut self, tf: &Tf) -> u8 {
        let b = tf[Field::Body as usize] as usize;
        if tf[..Field::Body as usize] == [0; FIELDS - 1] && (1..=self.body.len()).contains(&b) {
            let c = self.compute(tf);
            self.body[b - 1] = c;
            return c;
        }
        if let Some((_, c)) = self.seen.iter().find(|(t, _)| t == tf) {
            return *c;
        }
        let c = self.compute(tf);
        if self.seen.len() < Self::SIZE {
            self.seen.push((*tf, c));
        }
        c
    }
}

/// Postings lists of one chunk of documents, grouped: the postings of
/// group `g` are `postings[start[g]..start[g + 1]]`, in document order,
/// each the document (counted from the chunk's `first`) shifted left by
/// [`CODE_BITS`] and the impact code. The groups of terms are the chunk's
/// own words (`local[t]` is the group of term `t`, `NONE` if the chunk
/// lacks it); the groups of compound keys are the keys.
struct Grouped {
    first: u32,
    local: Vec<u32>,
    start: Vec<u32>,
    postings: Vec<u32>,
}

/// Bits of an impact code (`0..=63`) in a packed posting.
const CODE_BITS: u32 = 6;
/// The most documents in a chunk, so that a packed posting fits in a `u32`.
const CHUNK_MAX: usize = 1 << (32 - CODE_BITS);

impl Grouped {
    const NONE: u32 = u32::MAX;

    fn pack(doc_in_chunk: usize, code: u8) -> u32 {
        (doc_in_chunk as u32) << CODE_BITS | code.min(63) as u32
    }

    fn unpack(&self, p: u32) -> Posting {
        Posting {
            doc: self.first + (p >> CODE_BITS),
            impact: (p & ((1 << CODE_BITS) - 1)) as u8,
        }
    }

    /// Where the postings of term (or key) `t` are.
    fn range(&self, t: usize) -> std::ops::Range<usize> {
        let g = if self.local.is_empty() {
            t
        } else {
            match self.local[t] {
                Self::NONE => return 0..0,
                g => g as usize,
            }
        };
        self.start[g] as usize..self.start[g + 1] as usize
    }
}

/// Offsets from counts: `start[i]` = sum of `counts[..i]`.
fn offsets(counts: &[u32]) -> Vec<u32> {
    let mut start = Vec::with_capacity(counts.len() + 1);
    let mut sum = 0u32;
    start.push(0);
    for &c in counts {
        sum += c;
        start.push(sum);
    }
    start
}

/// The inverted index before its entries are put together: every term's
/// and every key's postings, chunk by chunk. Terms are numbered in the
/// order of the entries (by key, then by term), so that a range of entries
/// is a range of keys and a range of terms.
pub(crate) struct Postings {
    /// The terms' text, by global id.
    vocab: Interner,
    /// Global id of each term, in entry order.
    order: Vec<u32>,
    /// The keys, sorted.
    keys: Vec<String>,
    /// Per key: the first of its terms (`keys.len() + 1` entries).
    key_terms: Vec<u32>,
    /// Postings per term and per key, in all chunks.
    term_count: Vec<usize>,
    comp_count: Vec<usize>,
    terms: Vec<Grouped>,
    comps: Vec<Grouped>,
}

impl Postings {
    pub(crate) fn n_keys(&self) -> usize {
        self.keys.len()
    }

    fn term(&self, t: usize) -> &str {
        self.vocab.word(self.order[t])
    }

    /// Does key `k` have an entry (any variant or compound posting)?
    pub(crate) fn has_entry(&self, k: usize) -> bool {
        self.key_terms[k] < self.key_terms[k + 1] || self.comp_count[k] > 0
    }

    /// The size estimate of key `k`'s entry in a term shard.
    pub(crate) fn estimate(&self, k: usize) -> usize {
        let terms = self.key_terms[k] as usize..self.key_terms[k + 1] as usize;
        entry_estimate(
            self.keys[k].len(),
            terms.map(|t| (self.term(t).len(), self.term_count[t])),
            self.comp_count[k],
        )
    }

    fn list(&self, groups: &[Grouped], count: usize, t: usize) -> Vec<Posting> {
        let mut out = Vec::with_capacity(count);
        for g in groups {
            out.extend(g.postings[g.range(t)].iter().map(|&p| g.unpack(p)));
        }
        out
    }

    /// The entries of the keys `keys` (those that have one).
    pub(crate) fn entries(&self, keys: std::ops::Range<usize>) -> Vec<Entry> {
        keys.filter(|&k| self.has_entry(k))
            .map(|k| Entry {
                key: self.keys[k].clone(),
                variants: (self.key_terms[k] as usize..self.key_terms[k + 1] as usize)
                    .map(|t| Variant {
                        term: self.term(t).to_string(),
                        postings: self.list(&self.terms, self.term_count[t], t),
                    })
                    .collect(),
                compound: self.list(&self.comps, self.comp_count[k], k),
            })
            .collect()
    }

    /// Ranges of keys with about `parts` equal shares of the postings.
    #[cfg(test)]
    fn key_ranges(&self, parts: usize) -> Vec<std::ops::Range<usize>> {
        let weight = |k: usize| {
            let terms = self.key_terms[k] as usize..self.key_terms[k + 1] as usize;
            1 + self.comp_count[k] + terms.map(|t| self.term_count[t]).sum::<usize>()
        };
        let total: usize = (0..self.keys.len()).map(weight).sum();
        let per = total.div_ceil(parts.max(1)).max(1);
        let mut out = Vec::new();
        let (mut start, mut sum) = (0, 0);
        for k in 0..self.keys.len() {
            sum += weight(k);
            if sum >= per {
                out.push(start..k + 1);
                start = k + 1;
                sum = 0;
            }
        }
        if start < self.keys.len() {
            out.push(start..self.keys.len());
        }
        out
    }
}

/// Everything the index is built from, but the documents' display data.
/// Average length of each field over the documents that have it (BM25F's normaliser).
fn field_averages(lens: &[[u32; FIELDS]]) -> [f64; FIELDS] {
    std::array::from_fn(|f| {
        let (sum, n) = lens
            .iter()
            .filter(|l| l[f] > 0)
            .fold((0u64, 0u64), |(s, n), l| (s + l[f] as u64, n + 1));
        if n == 0 {
            0.0
        } else {
            sum as f64 / n as f64
        }
    })
}

pub(crate) struct Prepared {
    pub(crate) postings: Postings,
    pub(crate) units: Vec<u8>,
    pub(crate) words: Vec<String>,
}

/// Tokenise, merge the vocabularies, stem and split every term once, and
/// weigh every posting.
///
/// Documents are tokenised in parallel chunks, each with its own
/// vocabulary; the vocabularies are merged, every distinct word is stemmed
/// and split once (in parallel), and the chunks are weighted in parallel
/// into postings lists grouped by term.
#[cfg(test)]
pub(crate) fn prepare(docs: &[SearchDoc], ph: &mut Phases) -> Prepared {
    let chunks = docs
        .par_chunks(chunk_docs(docs.len()))
        .map(|docs| tokenize_chunk(docs, None).0)
        .collect();
    ph.mark("tokenize");
    prepare_tokens(chunks, ph)
}

/// The numbers `0..n` sorted by their (distinct) texts `text(i)`: by the texts' first eight
/// bytes as one number, and only where those are equal by the texts themselves, so that most
/// comparisons neither follow a pointer nor call `memcmp`. (A text shorter than eight bytes
/// is padded with zeros: where that decides, it is a start of the other text, so first.)
fn sorted_by_text<'a>(n: usize, text: impl Fn(u32) -> &'a str + Sync) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..n as u32)
        .into_par_iter()
        .map(|i| {
            let b = text(i).as_bytes();
            let mut head = [0u8; 8];
            let k = b.len().min(8);
            head[..k].copy_from_slice(&b[..k]);
            (u64::from_be_bytes(head), i)
        })
        .collect();
    keyed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| text(a.1).cmp(text(b.1))));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Documents per tokenising chunk.
fn chunk_docs(n_docs: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    n_docs.div_ceil(threads * 4).clamp(64, CHUNK_MAX)
}

/// The documents tokenised, a chunk at a time in parallel. Texts parked in `spill` are read
/// back a chunk at a time.
pub(crate) fn tokenize_docs(docs: &[SearchDoc], spill: Option<&Spill>) -> Tokens {
    Tokens(
        docs.par_chunks(chunk_docs(docs.len()))
            .map(|docs| {
                // The parked texts as bytes, straight from the file: the tokeniser checks each
                // distinct run as UTF-8 (most runs are words seen before), not every byte.
                let parked = spill
                    .map(|spill| spill.read_bytes(docs.iter().filter_map(|d| d.spilled), u32::MAX));
                let (tokens, invalid) = tokenize_chunk(docs, parked.as_ref());
                if invalid {
                    if let Some(spill) = spill {
                        spill.report_unreadable();
                    }
                }
                tokens
            })
            .collect(),
    )
}

/// What the client shows of the documents `range` of `docs` (a text parked in `spill` is read
/// back for its excerpt, and dropped again).
pub(crate) fn doc_entries_of(
    docs: &[SearchDoc],
    range: std::ops::Range<usize>,
    spill: Option<&Spill>,
) -> Vec<DocEntry> {
    let per_doc = excerpt_chars(docs.len());
    let Some(spill) = spill else {
        return docs[range]
            .par_iter()
            .map(|d| doc_entry(d, &d.body, per_doc))
            .collect();
    };
    // Parked texts are read back a few hundred documents at a time (a page's sections with
    // one read), and only their start: the excerpt is cut from the first `per_doc + 1`
    // characters. A text whose start does not decide it (long white space) is read whole.
    let window = excerpt_window(per_doc);
    docs[range]
        .par_chunks(256)
        .flat_map_iter(|docs| {
            let heads = spill.read_bytes(docs.iter().filter_map(|d| d.spilled), window);
            let mut k = 0;
            let mut text = String::new();
            docs.iter()
                .map(|d| {
                    let Some(s) = d.spilled else {
                        return doc_entry(d, &d.body, per_doc);
                    };
                    let whole = s.bytes() <= window;
                    let head = heads.get(k);
                    k += 1;
                    text.clear();
                    text.push_str(&d.body);
                    let known = utf8_start(head, whole).and_then(|head| {
                        text.push_str(head);
                        excerpt_of_start(&text, per_doc, whole)
                    });
                    let excerpt = known.unwrap_or_else(|| {
                        text.truncate(d.body.len());
                        spill.read_into(s, &mut text);
                        excerpt(&text, per_doc)
                    });
                    doc_entry_with(d, excerpt)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Bytes of a parked text read back for an excerpt of `per_doc` characters: enough for
/// `per_doc + 1` characters of two bytes and some white space (Dutch text is mostly ASCII).
fn excerpt_window(per_doc: usize) -> u32 {
    u32::try_from(2 * (per_doc + 1) + 64).unwrap_or(u32::MAX)
}

/// `bytes` as text, when they are the whole of a text (`whole`) or its start, cut anywhere
/// (then an unfinished last character is left off); `None` when they are not UTF-8.
fn utf8_start(bytes: &[u8], whole: bool) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) if !whole && e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    }
}

/// The tokens of the documents, counted, chunk by chunk (see [`tokenize_docs`]).
pub(crate) struct Tokens(Vec<Chunk>);

/// [`prepare`] from documents already tokenised.
pub(crate) fn prepare_from(tokens: Tokens, ph: &mut Phases) -> Prepared {
    prepare_tokens(tokens.0, ph)
}

fn prepare_tokens(mut chunks: Vec<Chunk>, ph: &mut Phases) -> Prepared {
    // The site's vocabulary: the chunks' words, merged in order.
    let mut vocab = Interner::new();
    let global: Vec<Vec<u32>> = chunks
        .iter()
        .map(|c| {
            (0..c.words.len() as u32)
                .zip(&c.df)
                .map(|(id, &df)| {
                    if df > 0 {
                        vocab.intern(c.words.word(id)).0
                    } else {
                        u32::MAX
                    }
                })
                .collect()
        })
        .collect();
    for c in &mut chunks {
        c.words = Interner::new();
    }
    let n_terms = vocab.len();
    ph.mark("merge");

    // Per term: its stem and the stems of its compound parts.
    let analysed: Vec<(String, Vec<String>)> = {
        let terms: Vec<&str> = (0..n_terms as u32).map(|t| vocab.word(t)).collect();
        let splitter = Splitter::new(terms.iter().copied());
        terms
            .par_iter()
            .map(|&t| {
                let own = stem(t);
                let parts = splitter.split(t);
                let mut keys: Vec<String> = parts.iter().map(|p| stem(p)).collect();
                keys.retain(|k| *k != own);
                keys.sort();
                keys.dedup();
                (own, keys)
            })
            .collect()
    };
    ph.mark("split");

    // Keys, sorted; terms in entry order (by key, then by term). Each term's keys are given
    // their ids as they are met, so no key is looked up twice; the words are sorted meanwhile.
    let (by_word, (key_names, term_keys)) = rayon::join(
        || sorted_by_text(n_terms, |t| vocab.word(t)),
        || {
            let mut key_id: FastMap<&str, u32> = FastMap::default();
            let mut key_names: Vec<&str> = Vec::new();
            // Per term: the id of its own key, then those of its compound keys.
            let mut term_keys: Vec<u32> = Vec::with_capacity(analysed.len() * 2);
            fn id_of<'k>(
                k: &'k str,
                ids: &mut FastMap<&'k str, u32>,
                names: &mut Vec<&'k str>,
            ) -> u32 {
                *ids.entry(k).or_insert_with(|| {
                    names.push(k);
                    names.len() as u32 - 1
                })
            }
            for (own, comps) in &analysed {
                term_keys.push(id_of(own, &mut key_id, &mut key_names));
                term_keys.push(comps.len() as u32);
                for k in comps {
                    term_keys.push(id_of(k, &mut key_id, &mut key_names));
                }
            }
            (key_names, term_keys)
        },
    );
    let by_name = sorted_by_text(key_names.len(), |k| key_names[k as usize]);
    let mut key_rank = vec![0u32; key_names.len()];
    for (r, &k) in by_name.iter().enumerate() {
        key_rank[k as usize] = r as u32;
    }
    // Per term: where its keys are in `term_keys`.
    let mut keys_at: Vec<u32> = Vec::with_capacity(n_terms);
    let mut stem_of: Vec<u32> = Vec::with_capacity(n_terms);
    let mut at = 0;
    while at < term_keys.len() {
        keys_at.push(at as u32);
        stem_of.push(key_rank[term_keys[at] as usize]);
        at += 2 + term_keys[at + 1] as usize;
    }
    // The terms by word (the word list), then by key and word: the words sorted once, and
    // spread over their keys in that order (a counting sort), instead of a second sort.
    let mut key_terms = vec![0u32; key_names.len() + 1];
    for &k in &stem_of {
        key_terms[k as usize + 1] += 1;
    }
    for k in 0..key_names.len() {
        key_terms[k + 1] += key_terms[k];
    }
    let mut order = vec![0u32; n_terms];
    let mut rank = vec![0u32; n_terms];
    {
        let mut next = key_terms.clone();
        for &t in &by_word {
            let at = &mut next[stem_of[t as usize] as usize];
            order[*at as usize] = t;
            rank[t as usize] = *at;
            *at += 1;
        }
    }
    // Compound keys per term, by rank.
    let mut comp_start: Vec<usize> = Vec::with_capacity(n_terms + 1);
    let mut comp_keys: Vec<u32> = Vec::new();
    for &t in &order {
        comp_start.push(comp_keys.len());
        let at = keys_at[t as usize] as usize;
        let n = term_keys[at + 1] as usize;
        comp_keys.extend(
            term_keys[at + 2..at + 2 + n]
                .iter()
                .map(|&k| key_rank[k as usize]),
        );
    }
    comp_start.push(comp_keys.len());
    let keys: Vec<String> = by_name
        .par_iter()
        .map(|&k| key_names[k as usize].to_string())
        .collect();
    drop(term_keys);
    drop(keys_at);
    drop(key_names);
    drop(analysed);
    let remaps: Vec<Vec<u32>> = global
        .into_iter()
        .map(|g| {
            g.into_iter()
                .map(|t| if t == u32::MAX { t } else { rank[t as usize] })
                .collect()
        })
        .collect();
    let comps_of = |t: u32| &comp_keys[comp_start[t as usize]..comp_start[t as usize + 1]];
    ph.mark("keys");

    // Field lengths, averages, document units.
    let lens: Vec<[u32; FIELDS]> = chunks
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.lens))
        .collect();
    let avg = field_averages(&lens);
    let units: Vec<u8> = lens
        .par_iter()
        .map(|l| {
            let mut tf = [0u32; FIELDS];
            tf[Field::Body as usize] = 1;
            quantize_unit(impact(&tf, l, &avg))
        })
        .collect();

    // Weights, per chunk in parallel, grouped by term and by key.
    let n_keys = keys.len();
    let mut first = Vec::with_capacity(chunks.len());
    let mut next = 0;
    for c in &chunks {
        first.push(next);
        next += c.ends.len();
    }
    let weighted: Vec<(Grouped, Grouped)> = chunks
        .into_par_iter()
        .zip(remaps)
        .zip(first)
        .map(|((c, remap), first)| {
            // Per local word: its term, its compound keys; its postings
            // go to `postings[pos[l]..]` (words in order of first use: the
            // frequent ones come first and stay in the cache).
            let mut local = vec![Grouped::NONE; n_terms];
            let mut lcomp_start: Vec<u32> = Vec::with_capacity(remap.len() + 1);
            let mut lcomps: Vec<u32> = Vec::new();
            for (l, &t) in remap.iter().enumerate() {
                lcomp_start.push(lcomps.len() as u32);
                if t != u32::MAX {
                    local[t as usize] = l as u32;
                    lcomps.extend_from_slice(comps_of(t));
                }
            }
            lcomp_start.push(lcomps.len() as u32);
            let start = offsets(&c.df);
            let mut pos = start.clone();
            let mut postings = vec![0u32; c.ids.len()];
            // Compound postings: (key, packed posting), grouped at the end.
            let mut comp: Vec<(u32, u32)> = Vec::new();
            let mut cacc: Vec<Tf> = vec![[0; FIELDS]; n_keys];
            let mut ctouched: Vec<u32> = Vec::new();
            let mut from = 0;
            for (k, &end) in c.ends.iter().enumerate() {
                let d = first + k;
                let mut cache = CodeCache::new(&lens[d], &avg, units[d]);
                for p in from..end {
                    let tf = c.tf(p);
                    let l = c.ids[p] as usize;
                    let at = pos[l] as usize;
                    pos[l] += 1;
                    postings[at] = Grouped::pack(k, cache.code(&tf));
                    let keys = lcomp_start[l] as usize..lcomp_start[l + 1] as usize;
                    for &key in &lcomps[keys] {
                        let a = &mut cacc[key as usize];
                        if *a == [0; FIELDS] {
                            ctouched.push(key);
                        }
                        for f in 0..FIELDS {
                            a[f] += tf[f];
                        }
                    }
                }
                for &key in &ctouched {
                    let tf = std::mem::take(&mut cacc[key as usize]);
                    comp.push((key, Grouped::pack(k, cache.code(&tf))));
                }
                ctouched.clear();
                from = end;
            }
            drop(c);
            let mut ccount = vec![0u32; n_keys];
            for &(key, _) in &comp {
                ccount[key as usize] += 1;
            }
            let cstart = offsets(&ccount);
            let mut cpos = cstart.clone();
            let mut cpostings = vec![0u32; comp.len()];
            for &(key, p) in &comp {
                let at = cpos[key as usize] as usize;
                cpos[key as usize] += 1;
                cpostings[at] = p;
            }
            (
                Grouped {
                    first: first as u32,
                    local,
                    start,
                    postings,
                },
                Grouped {
                    first: first as u32,
                    local: Vec::new(),
                    start: cstart,
                    postings: cpostings,
                },
            )
        })
        .collect();
    let (terms, comps): (Vec<Grouped>, Vec<Grouped>) = weighted.into_iter().unzip();
    let mut term_count = vec![0usize; n_terms];
    let mut comp_count = vec![0usize; n_keys];
    for g in &terms {
        for (t, n) in term_count.iter_mut().enumerate() {
            *n += g.range(t).len();
        }
    }
    for g in &comps {
        for (k, n) in comp_count.iter_mut().enumerate() {
            *n += g.range(k).len();
        }
    }
    ph.mark("weigh");

    let words: Vec<String> = by_word.iter().map(|&t| vocab.word(t).to_string()).collect();
    Prepared {
        postings: Postings {
            vocab,
            order,
            keys,
            key_terms,
            term_count,
            comp_count,
            terms,
            comps,
        },
        units,
        words,
    }
}

/// What the client shows of each document.
#[cfg(test)]
pub(crate) fn doc_entries(docs: &[SearchDoc]) -> Vec<DocEntry> {
    let per_doc = excerpt_chars(docs.len());
    docs.par_iter()
        .map(|d| doc_entry(d, &d.body, per_doc))
        .collect()
}

/// What the client shows of one document, with an excerpt of at most `per_doc` characters.
fn doc_entry(d: &SearchDoc, body: &str, per_doc: usize) -> DocEntry {
    doc_entry_with(d, excerpt(body, per_doc))
}

/// What the client shows of one document, with its excerpt.
fn doc_entry_with(d: &SearchDoc, excerpt: String) -> DocEntry {
    DocEntry {
        url: d.url.clone(),
        title: squash(&d.title),
        page_title: if d.page_title == d.title {
            String::new()
        } else {
            squash(&d.page_title)
        },
        kind: d.kind,
        excerpt,
    }
}

/// The facets: type, gemeente, rol.
pub(crate) fn facets(docs: &[SearchDoc]) -> Vec<Facet> {
    let mut type_values = Vec::new();
    for k in DocKind::ALL {
        let ids: Vec<u32> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == k)
            .map(|(i, _)| i as u32)
            .collect();
        if !ids.is_empty() {
            type_values.push((k.key().to_string(), k.label().to_string(), ids));
        }
    }
    let facet_of = |get: &dyn Fn(&SearchDoc) -> &Vec<String>| {
        let mut m: BTreeMap<String, (String, Vec<u32>)> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            for v in get(d) {
                let v = squash(v);
                if v.is_empty() {
                    continue;
                }
                let e = m.entry(fold(&v)).or_insert_with(|| (v.clone(), Vec::new()));
                if e.1.last() != Some(&(i as u32)) {
                    e.1.push(i as u32);
                }
            }
        }
        m.into_values()
            .map(|(label, ids)| (label.clone(), label, ids))
            .collect::<Vec<_>>()
    };
    vec![
        Facet {
            name: "type",
            label: "Soort",
            values: type_values,
        },
        Facet {
            name: "gemeente",
            label: "Gemeente",
            values: facet_of(&|d| &d.gemeenten),
        },
        Facet {
            name: "rol",
            label: "Rol",
            values: facet_of(&|d| &d.rollen),
        },
    ]
}

impl Index {
    /// Build the index of `docs`.
    #[cfg(test)]
    pub fn build(docs: &[SearchDoc], synonyms: &[Vec<String>]) -> Index {
        let mut ph = Phases::new();
        let prep = prepare(docs, &mut ph);
        let threads = rayon::current_num_threads().max(1);
        let entries: Vec<Entry> = prep
            .postings
            .key_ranges(threads * 4)
            .into_par_iter()
            .map(|r| prep.postings.entries(r))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        ph.mark("entries");
        Index::assemble(docs, synonyms, prep.units, entries, prep.words, &mut ph)
    }

    /// The index of `docs` from its parts.
    #[cfg(test)]
    pub(crate) fn assemble(
        docs: &[SearchDoc],
        synonyms: &[Vec<String>],
        units: Vec<u8>,
        entries: Vec<Entry>,
        words: Vec<String>,
        ph: &mut Phases,
    ) -> Index {
        let doc_entries = doc_entries(docs);
        ph.mark("docs");
        let facets = facets(docs);
        ph.mark("facets");
        Index {
            docs: doc_entries,
            units,
            entries,
            words,
            facets,
            synonyms: merge_synonyms(synonyms),
        }
    }

    /// The entry with this key, if any.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.entries[i])
    }
}

/// The size estimate of an entry in a term shard, from the length of its
/// key, per variant the length of its term and its number of postings, and
/// its number of compound postings.
pub(crate) fn entry_estimate(
    key_len: usize,
    variants: impl Iterator<Item = (usize, usize)>,
    compound: usize,
) -> usize {
    key_len + 4 + variants.map(|(t, n)| t / 2 + n * 2 + 2).sum::<usize>() + compound * 2
}

#[cfg(test)]
mod tests {
    use super::super::testdocs::doc;
    use super::*;

    #[test]
    fn same_bytes_is_equality() {
        let a: Vec<u8> = (0..20u8).map(|i| b'a' + i).collect();
        for n in 0..=a.len() {
            assert!(same_bytes(&a[..n], &a[..n]), "{n}");
            for k in 0..n {
                let mut b = a[..n].to_vec();
                b[k] = b'#';
                assert!(!same_bytes(&a[..n], &b), "{n} {k}");
            }
        }
        assert!(!same_bytes(b"ab", b"abc"));
    }

    #[test]
    fn excerpts_of_parked_texts_equal_those_of_the_texts_in_memory() {
        // Long bodies, a body that starts with a long run of white space, multi-byte
        // characters, a prefix kept in memory (the page's own document), short and empty ones.
        let long = "één uitbuiting, signaal ".repeat(200);
        let bodies = [
            long.clone(),
            format!("{}{}", " \n".repeat(2000), long),
            format!("{}ë{}", "a".repeat(3455), long),
            format!("{}{}", "é".repeat(1728), long),
            "kort".to_string(),
            String::new(),
        ];
        let spill = crate::util::spill::Spill::new().expect("temporary file");
        let mut docs = Vec::new();
        let mut parked = Vec::new();
        for (i, b) in bodies.iter().enumerate() {
            for keep in [0, 5] {
                let keep = b.char_indices().nth(keep).map_or(b.len(), |(at, _)| at);
                let d = doc(
                    &format!("p{i}-{keep}/index.html"),
                    "Titel",
                    DocKind::Pagina,
                    b,
                );
                let mut p = d.clone();
                p.spilled = spill.put(&b[keep..]);
                p.body.truncate(keep);
                docs.push(d);
                parked.push(p);
            }
        }
        assert_eq!(excerpt_chars(docs.len()), 800);
        let whole = doc_entries_of(&docs, 0..docs.len(), None);
        let read = doc_entries_of(&parked, 0..parked.len(), Some(&spill));
        assert!(!spill.failed());
        for (a, b) in whole.iter().zip(&read) {
            assert_eq!(a.excerpt, b.excerpt, "{}", a.url);
        }
    }

    #[test]
    fn a_damaged_parked_text_is_reported_and_gives_no_tokens() {
        let mut d = doc("a/index.html", "Titel", DocKind::Pagina, "begin ");
        d.spilled = crate::util::spill::Spill::new().and_then(|s| s.put("x"));
        assert!(d.spilled.is_some());
        let good = ReadBack::of(&[b"signaal uitbuiting"]);
        let (chunk, invalid) = tokenize_chunk(std::slice::from_ref(&d), Some(&good));
        assert!(!invalid);
        assert_eq!(chunk.words.len(), 4);
        let bad = ReadBack::of(&[b"signaal \xff\xfe uitbuiting"]);
        let (chunk, invalid) = tokenize_chunk(std::slice::from_ref(&d), Some(&bad));
        assert!(invalid);
        assert_eq!(chunk.words.len(), 4);
    }

    #[test]
    fn impact_codes_worked_out_once_per_document_are_those_of_the_formula() {
        let avg = [1.5, 2.25, 0.0, 3.0, 97.3];
        for lens in [[1, 2, 0, 3, 40], [0, 0, 0, 0, 1], [7, 11, 2, 5, 4000]] {
            let unit = quantize_unit(impact(&[0, 0, 0, 0, 1], &lens, &avg));
            let mut cache = CodeCache::new(&lens, &avg, unit);
            for tf in [
                [0, 0, 0, 0, 1],
                [0, 0, 0, 0, 9],
                [1, 0, 0, 0, 3],
                [2, 1, 1, 1, 0],
            ] {
                let want = quantize(impact(&tf, &lens, &avg), unit);
                assert_eq!(cache.code(&tf), want, "{tf:?} {lens:?}");
                assert_eq!(cache.code(&tf), want, "{tf:?} {lens:?} again");
            }
        }
    }

    fn idx(docs: &[SearchDoc]) -> Index {
        Index::build(docs, &[])
    }

    /// The straightforward build that [`Index::build`] replaced: tokens as
    /// strings per document, maps of strings, every word stemmed and split
    /// where it occurs. The fast build must give exactly the same index.
    fn reference_build(docs: &[SearchDoc], synonyms: &[Vec<String>]) -> Index {
        fn field_tokens(text: &str, keep_stop: bool) -> Vec<(String, bool)> {
            tokenize(text)
                .into_iter()
                .filter(|t| keep_stop || t.upper || !is_stop_word(&t.text))
                .map(|t| (t.text, !t.part))
                .collect()
        }
        let tokens: Vec<[Vec<(String, bool)>; FIELDS]> = docs
            .iter()
            .map(|d| {
                let page_title = if d.page_title == d.title {
                    ""
                } else {
                    &d.page_title
                };
                [
                    field_tokens(&d.title, true),
                    field_tokens(&d.headings.join(" \n "), true),
                    field_tokens(&d.aliases.join(" \n "), true),
                    field_tokens(page_title, false),
                    field_tokens(&d.body, false),
                ]
            })
            .collect();
        let lens: Vec<[u32; FIELDS]> = tokens
            .iter()
            .map(|ft| std::array::from_fn(|f| ft[f].iter().filter(|(_, c)| *c).count() as u32))
            .collect();
        let avg = field_averages(&lens);
        let vocab: std::collections::HashSet<&str> = tokens
            .iter()
            .flat_map(|ft| ft.iter().flatten().map(|(t, _)| t.as_str()))
            .collect();
        let splitter = Splitter::new(vocab.iter().copied());
        let mut parts_of: HashMap<&str, Vec<String>> = HashMap::new();
        for &t in &vocab {
            let mut keys: Vec<String> = splitter.split(t).iter().map(|p| stem(p)).collect();
            let own = stem(t);
            keys.retain(|k| *k != own);
            keys.sort();
            keys.dedup();
            if !keys.is_empty() {
                parts_of.insert(t, keys);
            }
        }
        let mut term_post: HashMap<&str, Vec<(u32, Tf)>> = HashMap::new();
        let mut comp_post: HashMap<&str, Vec<(u32, Tf)>> = HashMap::new();
        for (d, ft) in tokens.iter().enumerate() {
            let mut tf: HashMap<&str, Tf> = HashMap::new();
            let mut ctf: HashMap<&str, Tf> = HashMap::new();
            for (f, toks) in ft.iter().enumerate() {
                for (t, _) in toks {
                    tf.entry(t.as_str()).or_default()[f] += 1;
                    for k in parts_of.get(t.as_str()).into_iter().flatten() {
                        ctf.entry(k.as_str()).or_default()[f] += 1;
                    }
                }
            }
            for (t, v) in tf {
                term_post.entry(t).or_default().push((d as u32, v));
            }
            for (k, v) in ctf {
                comp_post.entry(k).or_default().push((d as u32, v));
            }
        }
        let units: Vec<u8> = lens
            .iter()
            .map(|l| {
                let mut tf = [0u32; FIELDS];
                tf[Field::Body as usize] = 1;
                quantize_unit(impact(&tf, l, &avg))
            })
            .collect();
        let to_postings = |list: &mut Vec<(u32, Tf)>| -> Vec<Posting> {
            list.sort_by_key(|(d, _)| *d);
            list.iter()
                .map(|(d, tf)| Posting {
                    doc: *d,
                    impact: quantize(impact(tf, &lens[*d as usize], &avg), units[*d as usize]),
                })
                .collect()
        };
        let mut by_key: BTreeMap<String, Entry> = BTreeMap::new();
        let mut words: Vec<String> = Vec::new();
        let new_entry = |key: String| Entry {
            key,
            variants: Vec::new(),
            compound: Vec::new(),
        };
        for (t, mut list) in term_post {
            let key = stem(t);
            by_key
                .entry(key.clone())
                .or_insert_with(|| new_entry(key))
                .variants
                .push(Variant {
                    term: t.to_string(),
                    postings: to_postings(&mut list),
                });
            words.push(t.to_string());
        }
        for (k, mut list) in comp_post {
            by_key
                .entry(k.to_string())
                .or_insert_with(|| new_entry(k.to_string()))
                .compound = to_postings(&mut list);
        }
        let mut entries: Vec<Entry> = by_key.into_values().collect();
        for e in &mut entries {
            e.variants.sort_by(|a, b| a.term.cmp(&b.term));
        }
        words.sort();
        let mut idx = Index::assemble(docs, synonyms, units, entries, words, &mut Phases::new());
        let per_doc = excerpt_chars(docs.len());
        for (e, d) in idx.docs.iter_mut().zip(docs) {
            e.excerpt = cut_at_word(&squash(&d.body), per_doc);
        }
        idx
    }

    /// Varied documents: compounds, inflections, stop words, acronyms,
    /// hyphens, diacritics, words repeated hundreds of times, fields of
    /// every kind; enough of them for several chunks.
    fn varied_docs(n: usize) -> Vec<SearchDoc> {
        let words = [
            "arbeidsuitbuiting",
            "uitbuiting",
            "arbeid",
            "mensenhandel",
            "handel",
            "behandeling",
            "signalen",
            "signaal",
            "signalenlijst",
            "de",
            "het",
            "een",
            "bij",
            "OM",
            "IND",
            "Om",
            "gemeente",
            "gemeenten",
            "financiële",
            "coördinator",
            "zorgcoördinator",
            "ketenpartner-overleg",
            "zo'n",
            "auto's",
            "e-mail",
            "slachtoffers",
            "slachtoffer",
            "meldpunt",
            "zorg",
            "bezorgd",
            "Wie",
            "bel",
            "ik",
            "acuut",
            "gevaar",
            "112",
            "B8",
            "ωμέγα",
            "ĳsbeer",
            "straße",
            "mensenhandelzaken",
            "zaken",
            "huisjes",
            "huis",
            "kinderopvang",
            "opvang",
            "kind",
        ];
        let state = std::cell::Cell::new(0x9e37_79b9_7f4a_7c15u64);
        let next = |m: usize| {
            let mut x = state.get();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            state.set(x);
            (x % m as u64) as usize
        };
        (0..n)
            .map(|i| {
                let text = |len: usize| -> String {
                    (0..len)
                        .map(|_| words[next(words.len())])
                        .collect::<Vec<_>>()
                        .join(if next(5) == 0 { "  \n" } else { " " })
                };
                let title = text(1 + next(4));
                let mut body = text(next(120));
                if i % 97 == 3 {
                    // more than 255 occurrences of one word
                    body.push_str(&" signaal".repeat(300));
                }
                let mut d = doc(
                    &format!("p{}/index.html#s{i}", i / 5),
                    &title,
                    DocKind::ALL[i % 7],
                    &body,
                );
                d.page_title = if i % 3 == 0 { title.clone() } else { text(2) };
                d.headings = (0..next(3)).map(|_| text(3)).collect();
                d.aliases = (0..next(2)).map(|_| text(2)).collect();
                if i % 11 == 0 {
                    d.gemeenten = vec!["Hoorn".into(), "Enkhuizen".into()];
                    d.rollen = vec!["opvang".into()];
                }
                d
            })
            .collect()
    }

    #[test]
    fn build_matches_the_reference() {
        let syn = vec![vec!["OM".to_string(), "Openbaar Ministerie".to_string()]];
        for n in [0, 1, 7, 700] {
            let docs = varied_docs(n);
            let fast = Index::build(&docs, &syn);
            let slow = reference_build(&docs, &syn);
            assert_eq!(fast.entries.len(), slow.entries.len(), "{n} docs");
            for (a, b) in fast.entries.iter().zip(&slow.entries) {
                assert_eq!(a, b, "{n} docs");
            }
            assert_eq!(fast, slow, "{n} docs");
        }
    }

    #[test]
    fn the_run_table_gives_each_run_its_own_tokens() {
        // Runs that share their first eight bytes, their length or both, runs of several
        // tokens and of none, capitals and stop words; each several times.
        let text = "signalenlijst signalenlijsT Signalenlijst signalen signalenlijsten \
                    arbeidsuitbuiting arbeidsuitbuitinG ketenpartner-overleg zo'n de De DE \
                    a 1 ab OM Om om één\u{a0}twee x-y-z 12345678 123456789 abcdefgh abcdefghi"
            .to_string();
        // Thousands of runs with the same start and length, so that they meet in the table.
        let mut text = text;
        for x in b'a'..=b'z' {
            for y in b'a'..=b'z' {
                for z in [b'a', b'q', b'z'] {
                    text.push_str(" abcdefgh");
                    text.extend([x as char, y as char, z as char]);
                }
            }
        }
        let text = text.as_str();
        let mut words = Interner::new();
        let mut runs = RunTable::new();
        let mut scratch = Scratch::default();
        for _ in 0..3 {
            let mut got: Vec<RunToken> = Vec::new();
            let mut want: Vec<(String, RunToken)> = Vec::new();
            for_each_run(text.as_bytes(), |run, head| {
                let tokenize = |run: &str, out: &mut Vec<RunToken>| {
                    for_each_token(run, &mut scratch, |t, upper, part| {
                        let stop = if is_stop_word(t) { TOK_STOP } else { 0 };
                        let flags = stop | if upper { TOK_UPPER } else { 0 };
                        let flags = flags | if part { TOK_PART } else { 0 };
                        out.push(words.intern(t).0 << TOK_SHIFT | flags);
                    })
                };
                let toks = runs.tokens(run, head, tokenize);
                runs.replay(toks, |t| got.push(t));
            });
            for t in tokenize(text) {
                let stop = if is_stop_word(&t.text) { TOK_STOP } else { 0 };
                let flags = stop | if t.upper { TOK_UPPER } else { 0 };
                let flags = flags | if t.part { TOK_PART } else { 0 };
                want.push((t.text, flags));
            }
            let got: Vec<(String, RunToken)> = got
                .into_iter()
                .map(|t| (words.word(t >> TOK_SHIFT).to_string(), t & 7))
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn quantize_round_trips() {
        for u in [0.35, 0.8, 1.0, 1.69] {
            let uq = quantize_unit(u);
            assert!((dequantize_unit(uq) - u).abs() / u < 0.06, "unit {u}");
            for x in [0.4, 1.0, 2.0, 5.0, 10.0, 20.0, 28.6] {
                let y = dequantize(quantize(x, uq), uq);
                assert!((y - x).abs() / x < 0.06, "{x} -> {y} (unit {u})");
            }
            // one body occurrence is exactly the offset
            assert_eq!(quantize(dequantize_unit(uq), uq), REL_OFFSET);
        }
        assert_eq!(quantize_unit(0.0), 0);
        assert_eq!(quantize_unit(1e9), 63);
    }

    #[test]
    fn variants_are_grouped_by_stem() {
        let i = idx(&[
            doc("a", "Signalen", DocKind::Pagina, "een signaal"),
            doc("b", "Iets", DocKind::Pagina, "signalen herkennen"),
        ]);
        let e = i.entry("signaal").expect("entry");
        let terms: Vec<&str> = e.variants.iter().map(|v| v.term.as_str()).collect();
        assert_eq!(terms, vec!["signaal", "signalen"]);
        let sig = &e.variants[1];
        assert_eq!(
            sig.postings.iter().map(|p| p.doc).collect::<Vec<_>>(),
            vec![0, 1]
        );
        // title occurrence weighs more than body occurrence
        assert!(sig.postings[0].impact > sig.postings[1].impact);
    }

    #[test]
    fn compound_postings_reach_heads_and_modifiers() {
        let i = idx(&[
            doc(
                "a",
                "Vormen",
                DocKind::Pagina,
                "arbeidsuitbuiting en mensenhandel",
            ),
            doc("b", "Zorg", DocKind::Pagina, "behandeling en bezorgd"),
        ]);
        for part in ["uitbuiting", "arbeid", "handel", "mens"] {
            let e = i.entry(&stem(part)).unwrap_or_else(|| panic!("{part}"));
            let docs: Vec<u32> = e.compound.iter().map(|p| p.doc).collect();
            assert_eq!(docs, vec![0], "{part}");
        }
        // behandeling / bezorgd contribute nothing to handel / zorg
        assert!(i
            .entry("zorg")
            .is_none_or(|e| e.compound.iter().all(|p| p.doc != 1)));
        assert!(i
            .entry("handel")
            .unwrap()
            .compound
            .iter()
            .all(|p| p.doc != 1));
    }

    #[test]
    fn stop_words_are_dropped_from_body_but_kept_in_title() {
        let i = idx(&[doc(
            "a",
            "Wie bel ik?",
            DocKind::Route,
            "bel de politie bij het OM",
        )]);
        assert!(i.words.contains(&"wie".to_string()));
        let e = i.entry("bij");
        assert!(e.is_none(), "stop word in body must not be indexed");
        // capitalised acronym that is also a stop word is kept
        assert!(i.words.contains(&"om".to_string()));
    }

    #[test]
    fn facets_list_documents() {
        let mut a = doc("a", "A", DocKind::Partner, "x");
        a.gemeenten = vec!["Hoorn".into(), "Enkhuizen".into()];
        a.rollen = vec!["opvang".into()];
        let mut b = doc("b", "B", DocKind::Gemeente, "y");
        b.gemeenten = vec!["Hoorn".into()];
        let i = idx(&[a, b]);
        let t = &i.facets[0];
        assert_eq!(t.name, "type");
        assert_eq!(t.values[0].0, "partner");
        assert_eq!(t.values[1].2, vec![1]);
        let g = &i.facets[1];
        let names: Vec<&str> = g.values.iter().map(|v| v.0.as_str()).collect();
        assert_eq!(names, vec!["Enkhuizen", "Hoorn"]);
        assert_eq!(g.values[1].2, vec![0, 1]);
        assert_eq!(i.facets[2].values[0].2, vec![0]);
    }

    #[test]
    fn synonym_groups_merge_on_shared_members() {
        let g = merge_synonyms(&[
            vec!["loverboy".into(), "pooierboy".into()],
            vec!["Pooierboy".into(), "tienerpooier".into()],
            vec!["OM".into(), "Openbaar Ministerie".into()],
            vec!["alleen".into()],
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].tokens.len(), 3);
        assert_eq!(
            g[1].tokens[1],
            vec!["openbaar".to_string(), "ministerie".to_string()]
        );
        assert_eq!(g[1].display[0], "OM");
    }

    #[test]
    fn excerpts_and_squashing_agree_with_the_plain_definitions() {
        fn plain_squash(s: &str) -> String {
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        let texts = [
            "",
            " ",
            "een",
            "een twee drie",
            " een  twee\tdrie\n",
            "een\u{b}twee\u{c}drie\rvier",
            "een\u{a0}twee\u{2003}drie",
            "Eén signaal bewijst niets, maar twee signalen zeggen iets over ĳs en ß",
            "aaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbb ccccccccccccccccccc",
            "ééééééé ééééééééééééééé ééééé ééééééééééé éééééééééééééééé éééééé",
            "x                                                                 y",
            "woordzonderspatiesdatveellangerisdanhetmaximumvandeuitsnede",
        ];
        for t in texts {
            assert_eq!(squash(t), plain_squash(t), "{t:?}");
            for max in [0, 1, 3, 5, 10, 20, 40, 140] {
                assert_eq!(
                    excerpt(t, max),
                    cut_at_word(&plain_squash(t), max),
                    "{t:?} {max}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn an_excerpt_from_the_start_of_a_text_is_that_of_the_whole(
            text in "[a-cé \u{a0}\t\n.]{0,80}",
            cut in 0usize..100,
            max in 0usize..50,
        ) {
            // Any start of the text (cut at a character) gives the whole text's excerpt, or
            // says that it cannot; all of the text always can.
            let at = text.char_indices().nth(cut).map_or(text.len(), |(i, _)| i);
            let full = excerpt(&text, max);
            proptest::prop_assert_eq!(excerpt_of_start(&text, max, true), Some(full.clone()));
            if let Some(e) = excerpt_of_start(&text[..at], max, at == text.len()) {
                proptest::prop_assert_eq!(e, full);
            }
            // Bytes cut anywhere, even inside a character: the character is left off.
            let bytes = &text.as_bytes()[..cut.min(text.len())];
            let start = utf8_start(bytes, bytes.len() == text.len());
            proptest::prop_assert!(start.is_some_and(|s| text.starts_with(s)));
        }

        #[test]
        fn texts_sorted_by_their_first_bytes_are_sorted(
            texts in proptest::collection::hash_set("[ab\u{0}é]{0,10}", 0..60),
        ) {
            let texts: Vec<String> = texts.into_iter().collect();
            let mut want: Vec<u32> = (0..texts.len() as u32).collect();
            want.sort_by_key(|&i| texts[i as usize].as_str());
            proptest::prop_assert_eq!(sorted_by_text(texts.len(), |i| &texts[i as usize]), want);
        }

        #[test]
        fn excerpts_of_mostly_squashed_text_agree_with_the_plain_definition(
            text in "[ab é’–\u{a0}\u{2003}.]{0,60}",
            max in 0usize..50,
        ) {
            // Mostly one space between words, and characters that start as white space
            // does: the excerpt cut in place (or not) is the same.
            excerpts_agree_with_the_plain_definition(&text, max)?;
        }

        #[test]
        fn excerpts_of_any_text_agree_with_the_plain_definition(
            text in "[a-cé \u{a0}\t\n.]{0,60}",
            max in 0usize..50,
        ) {
            excerpts_agree_with_the_plain_definition(&text, max)?;
        }
    }

    /// The excerpt of `text`, and the one from its start alone, are the plain definition's:
    /// the squashed text cut at a word.
    fn excerpts_agree_with_the_plain_definition(
        text: &str,
        max: usize,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let plain = text.split_whitespace().collect::<Vec<_>>().join(" ");
        proptest::prop_assert_eq!(excerpt(text, max), cut_at_word(&plain, max));
        let at = text
            .char_indices()
            .nth(max + 3)
            .map_or(text.len(), |(i, _)| i);
        if let Some(e) = excerpt_of_start(&text[..at], max, at == text.len()) {
            proptest::prop_assert_eq!(e, cut_at_word(&plain, max));
        }
        Ok(())
    }

    #[test]
    fn excerpts_are_cut_at_words() {
        assert_eq!(cut_at_word("een twee drie", 100), "een twee drie");
        assert_eq!(cut_at_word("een twee drie", 9), "een twee…");
        assert_eq!(excerpt_chars(10), 800);
        assert_eq!(excerpt_chars(1_000_000), 140);
    }
}
