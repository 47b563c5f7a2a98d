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

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::compound::Splitter;
use super::fold::{fold, for_each_token, is_stop_word, tokenize, Scratch};
use super::stem::stem;
use super::{DocKind, SearchDoc};

/// A small, fast, non-cryptographic hasher (the FxHash mix) for the
/// indexer's string maps; the keys come from the site itself.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            let v = u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

/// BM25 term-frequency saturation.
pub const K1: f64 = 1.2;

/// The fields of a document, in the order of [`FIELD_WEIGHTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title = 0,
    Headings = 1,
    Aliases = 2,
    PageTitle = 3,
    Body = 4,
}

/// Number of fields.
pub const FIELDS: usize = 5;
/// Field weights: title > headings = aliases > page title = body.
pub const FIELD_WEIGHTS: [f64; FIELDS] = [5.0, 3.0, 3.0, 1.0, 1.0];
/// Length normalisation per field.
pub const FIELD_B: [f64; FIELDS] = [0.3, 0.5, 0.3, 0.0, 0.75];

/// The largest possible impact (every field saturated).
pub fn impact_max() -> f64 {
    FIELD_WEIGHTS.iter().sum::<f64>() * (K1 + 1.0)
}

/// Steps of the per-document unit (64 levels, log scale, 0.02 .. 30).
pub const UNIT_MIN: f64 = 0.02;
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
    let r = (impact / dequantize_unit(unit)).ln() / REL_STEP + REL_OFFSET as f64;
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
    pub doc: u32,
    pub impact: u8,
}

/// A folded word as it occurs on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub term: String,
    pub postings: Vec<Posting>,
}

/// All variants with one stem, plus the compound postings of that stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub variants: Vec<Variant>,
    pub compound: Vec<Posting>,
}

/// What the client shows for a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntry {
    pub url: String,
    pub title: String,
    pub page_title: String,
    pub kind: DocKind,
    /// The start of the body, cut at a word boundary: the source of excerpts.
    pub excerpt: String,
}

/// One facet: name, Dutch label, and per value the sorted document ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub name: &'static str,
    pub label: &'static str,
    /// (value, label, document ids)
    pub values: Vec<(String, String, Vec<u32>)>,
}

/// A synonym group: how each member is written, and its folded tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynGroup {
    pub display: Vec<String>,
    pub tokens: Vec<Vec<String>>,
}

/// The complete index, ready to be emitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub docs: Vec<DocEntry>,
    /// Per document: the quantised unit impact ([`quantize_unit`]).
    pub units: Vec<u8>,
    /// Sorted by key.
    pub entries: Vec<Entry>,
    /// All variant terms, sorted (for prefix and typo look-ups).
    pub words: Vec<String>,
    pub facets: Vec<Facet>,
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
    let mut prev_space = true;
    let mut plain = true;
    for c in s.chars() {
        let space = c.is_whitespace();
        if space && (prev_space || c != ' ') {
            plain = false;
            break;
        }
        prev_space = space;
    }
    if plain && !prev_space || s.is_empty() {
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

/// The squashed text (runs of white space collapsed) cut to at most `max`
/// characters at a word boundary: `cut_at_word(&squash(text), max)`, without
/// squashing more of the text than the cut can see.
fn excerpt(text: &str, max: usize) -> String {
    let mut head = String::with_capacity((max + 16).min(text.len()));
    let mut chars = 0;
    for w in text.split_whitespace() {
        if !head.is_empty() {
            head.push(' ');
            chars += 1;
        }
        head.push_str(w);
        chars += w.chars().count();
        if chars > max {
            // The first `max + 1` characters are those of the whole text, and
            // that is all the cut looks at.
            break;
        }
    }
    cut_at_word(&head, max)
}

/// Call `f(field, text, stop words count)` for every text of a document.
/// Headings and aliases are separate texts (no token spans two of them);
/// stop words count in title, headings and aliases.
fn for_each_text(d: &SearchDoc, mut f: impl FnMut(usize, &str, bool)) {
    f(Field::Title as usize, &d.title, true);
    for h in &d.headings {
        f(Field::Headings as usize, h, true);
    }
    for a in &d.aliases {
        f(Field::Aliases as usize, a, true);
    }
    if d.page_title != d.title {
        f(Field::PageTitle as usize, &d.page_title, false);
    }
    f(Field::Body as usize, &d.body, false);
}

/// Term frequencies per field.
type Tf = [u32; FIELDS];

fn impact(tf: &Tf, lens: &[u32; FIELDS], avg: &[f64; FIELDS]) -> f64 {
    let mut s = 0.0;
    for f in 0..FIELDS {
        if tf[f] == 0 {
            continue;
        }
        let t = tf[f] as f64;
        let norm = if avg[f] > 0.0 {
            1.0 - FIELD_B[f] + FIELD_B[f] * lens[f] as f64 / avg[f]
        } else {
            1.0
        };
        s += FIELD_WEIGHTS[f] * t * (K1 + 1.0) / (t + K1 * norm);
    }
    s
}

fn merge_synonyms(groups: &[Vec<String>]) -> Vec<SynGroup> {
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
/// open-addressing table of (hash, id) over one text arena. Cheaper per
/// look-up than a map of boxed strings, and the words stay contiguous.
#[derive(Debug)]
pub(crate) struct Interner {
    /// 0 = empty; else the high half of the word's hash and its id + 1.
    slots: Vec<u64>,
    text: String,
    /// End of each word in `text` (its start is the previous end).
    ends: Vec<u32>,
}

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let r = a as u128 * b as u128;
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline]
fn word_hash(b: &[u8]) -> u32 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
    let n = b.len();
    let r8 = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
    let r4 = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap_or([0; 4])) as u64;
    let (x, y) = if n >= 8 {
        (r8(0), r8(n - 8))
    } else if n >= 4 {
        (r4(0), r4(n - 4))
    } else if n > 0 {
        (
            b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16,
            0,
        )
    } else {
        (0, 0)
    };
    let mut h = mix(x ^ P0, y ^ P1 ^ n as u64);
    let mut i = 8;
    while i + 8 < n {
        h = mix(h ^ r8(i), P2);
        i += 8;
    }
    (h >> 32) as u32
}

/// `a == b`, quicker than a call to `memcmp` for short words.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let r8 = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or([0; 8]));
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if r8(a, i) != r8(b, i) {
                return false;
            }
            i += 8;
        }
        r8(a, n - 8) == r8(b, n - 8)
    } else {
        let r = |s: &[u8]| {
            let mut x = [0u8; 8];
            x[..n].copy_from_slice(s);
            u64::from_le_bytes(x)
        };
        r(a) == r(b)
    }
}

impl Interner {
    pub(crate) fn new() -> Self {
        Interner {
            slots: vec![0; 1024],
            text: String::new(),
            ends: Vec::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    pub(crate) fn word(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.text[start..self.ends[id] as usize]
    }

    /// The id of `w`, and whether it is new.
    #[inline]
    pub(crate) fn intern(&mut self, w: &str) -> (u32, bool) {
        let tag = word_hash(w.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = tag as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                break;
            }
            if (s >> 32) as u32 == tag {
                let id = s as u32 - 1;
                if same_bytes(self.word(id).as_bytes(), w.as_bytes()) {
                    return (id, false);
                }
            }
            i = (i + 1) & mask;
        }
        let id = self.ends.len() as u32;
        self.text.push_str(w);
        self.ends.push(self.text.len() as u32);
        self.slots[i] = (tag as u64) << 32 | (id as u64 + 1);
        if self.ends.len() * 2 > self.slots.len() {
            self.grow();
        }
        (id, true)
    }

    fn grow(&mut self) {
        let mut slots = vec![0u64; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for &s in &self.slots {
            if s == 0 {
                continue;
            }
            let mut i = (s >> 32) as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = s;
        }
        self.slots = slots;
    }
}

/// A term frequency as kept between tokenising and weighting: per field,
/// saturated at [`TF_BIG`] (the exact counts are then in [`Chunk::big`]).
type SmallTf = [u8; FIELDS];
const TF_BIG: u8 = u8::MAX;

/// The tokens of a contiguous range of documents, counted.
struct Chunk {
    /// The chunk's distinct words (its local ids).
    words: Interner,
    /// Per local word: it was counted at least once (stop words in the body
    /// are seen but not counted, and must not become terms).
    used: Vec<bool>,
    /// Per document: field lengths.
    lens: Vec<[u32; FIELDS]>,
    /// Per document: the end of its postings in `post`.
    ends: Vec<usize>,
    /// Per document, per distinct word: (local id, term frequencies).
    post: Vec<(u32, SmallTf)>,
    /// Exact term frequencies where one reached [`TF_BIG`], by position in `post`.
    big: FastMap<usize, Tf>,
}

/// What the tokeniser keeps per local word.
#[derive(Clone, Copy, Default)]
struct WordState {
    /// Counts in the current document.
    tf: Tf,
    /// The document (1-based) it was last counted in.
    seen: u32,
    stop: bool,
    used: bool,
}

fn tokenize_chunk(docs: &[SearchDoc]) -> Chunk {
    let mut words = Interner::new();
    let mut state: Vec<WordState> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut scratch = Scratch::default();
    let mut lens = Vec::with_capacity(docs.len());
    let mut ends = Vec::with_capacity(docs.len());
    // A document has fewer distinct words than a tenth of its bytes, and
    // reserved but untouched memory costs nothing.
    let bytes: usize = docs.iter().map(|d| d.body.len() + d.title.len() + 64).sum();
    let mut post = Vec::with_capacity(bytes / 10);
    let mut big = FastMap::default();
    for (k, d) in docs.iter().enumerate() {
        let stamp = k as u32 + 1;
        let mut len = [0u32; FIELDS];
        for_each_text(d, |f, text, keep_stop| {
            for_each_token(text, &mut scratch, |t, upper, part| {
                let (id, new) = words.intern(t);
                if new {
                    state.push(WordState {
                        stop: is_stop_word(t),
                        ..WordState::default()
                    });
                }
                let w = &mut state[id as usize];
                if w.stop && !(keep_stop || upper) {
                    return;
                }
                if !part {
                    len[f] += 1;
                }
                if w.seen != stamp {
                    w.seen = stamp;
                    touched.push(id);
                }
                w.tf[f] += 1;
            })
        });
        for &id in &touched {
            let w = &mut state[id as usize];
            let tf = std::mem::take(&mut w.tf);
            w.used = true;
            let small = tf.map(|x| x.min(TF_BIG as u32) as u8);
            if small.contains(&TF_BIG) {
                big.insert(post.len(), tf);
            }
            post.push((id, small));
        }
        touched.clear();
        lens.push(len);
        ends.push(post.len());
    }
    Chunk {
        words,
        used: state.iter().map(|w| w.used).collect(),
        lens,
        ends,
        post,
        big,
    }
}

/// Impact codes of one document, computed once per distinct set of term
/// frequencies (most postings of a document share a handful of them, and
/// most of those are a few occurrences in the body).
struct CodeCache<'a> {
    lens: &'a [u32; FIELDS],
    avg: &'a [f64; FIELDS],
    unit: u8,
    /// Codes of 1.. occurrences in the body only; `NONE` = not yet known.
    body: [u8; 8],
    seen: Vec<(Tf, u8)>,
}

impl<'a> CodeCache<'a> {
    const SIZE: usize = 16;
    const NONE: u8 = u8::MAX;

    fn new(lens: &'a [u32; FIELDS], avg: &'a [f64; FIELDS], unit: u8) -> Self {
        CodeCache {
            lens,
            avg,
            unit,
            body: [Self::NONE; 8],
            seen: Vec::new(),
        }
    }

    fn compute(&self, tf: &Tf) -> u8 {
        quantize(impact(tf, self.lens, self.avg), self.unit)
    }

    #[inline]
    fn code(&mut self, tf: &Tf) -> u8 {
        let b = tf[Field::Body as usize] as usize;
        if tf[..Field::Body as usize] == [0; FIELDS - 1] && (1..=self.body.len()).contains(&b) {
            let slot = b - 1;
            if self.body[slot] == Self::NONE {
                self.body[slot] = self.compute(tf);
            }
            return self.body[slot];
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

/// The weighted postings of a chunk: per document, (term id, code) and
/// (compound key id, code), with per-term and per-key counts.
struct Weighted {
    terms: Vec<(u32, u8)>,
    term_ends: Vec<usize>,
    comps: Vec<(u32, u8)>,
    comp_ends: Vec<usize>,
}

impl Index {
    /// Build the index of `docs`.
    ///
    /// Documents are tokenised in parallel chunks, each with its own
    /// vocabulary; the vocabularies are merged, every distinct word is
    /// stemmed and split once (in parallel), and the chunks are weighted in
    /// parallel and appended to the postings lists in document order.
    pub fn build(docs: &[SearchDoc], synonyms: &[Vec<String>]) -> Index {
        let threads = rayon::current_num_threads().max(1);
        let mut tt = std::time::Instant::now(); // TMPT
        let mut tc = cpu_ms(); // TMPT
        let chunk_docs = docs.len().div_ceil(threads * 4).max(64);
        let mut chunks: Vec<Chunk> = docs.par_chunks(chunk_docs).map(tokenize_chunk).collect();
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  tokenize {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT

        // The site's vocabulary: the chunks' words, merged in order.
        let mut vocab = Interner::new();
        let remaps: Vec<Vec<u32>> = chunks
            .iter()
            .map(|c| {
                (0..c.words.len() as u32)
                    .zip(&c.used)
                    .map(|(id, &used)| {
                        if used {
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
        let terms: Vec<&str> = (0..vocab.len() as u32).map(|t| vocab.word(t)).collect();
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  merge {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT

        // Per term: its stem and the stems of its compound parts.
        let splitter = Splitter::new(terms.iter().copied());
        let analysed: Vec<(String, Vec<String>)> = terms
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
            .collect();
        drop(splitter);
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  split {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT
        let mut key_id: FastMap<&str, u32> = FastMap::default();
        let mut keys: Vec<&str> = Vec::new();
        fn intern<'a>(k: &'a str, ids: &mut FastMap<&'a str, u32>, keys: &mut Vec<&'a str>) -> u32 {
            *ids.entry(k).or_insert_with(|| {
                keys.push(k);
                keys.len() as u32 - 1
            })
        }
        let stem_of: Vec<u32> = analysed
            .iter()
            .map(|(own, _)| intern(own, &mut key_id, &mut keys))
            .collect();
        let mut comp_start: Vec<usize> = Vec::with_capacity(terms.len() + 1);
        let mut comp_keys: Vec<u32> = Vec::new();
        for (_, ks) in &analysed {
            comp_start.push(comp_keys.len());
            for k in ks {
                comp_keys.push(intern(k, &mut key_id, &mut keys));
            }
        }
        comp_start.push(comp_keys.len());
        drop(key_id);
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  keys {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT
        let comps_of = |t: u32| &comp_keys[comp_start[t as usize]..comp_start[t as usize + 1]];

        // Field lengths, averages, document units.
        let lens: Vec<[u32; FIELDS]> = chunks
            .iter_mut()
            .flat_map(|c| std::mem::take(&mut c.lens))
            .collect();
        let mut avg = [0f64; FIELDS];
        for f in 0..FIELDS {
            let (sum, n) = lens
                .iter()
                .filter(|l| l[f] > 0)
                .fold((0u64, 0u64), |(s, n), l| (s + l[f] as u64, n + 1));
            avg[f] = if n == 0 { 0.0 } else { sum as f64 / n as f64 };
        }
        let units: Vec<u8> = lens
            .par_iter()
            .map(|l| {
                let mut tf = [0u32; FIELDS];
                tf[Field::Body as usize] = 1;
                quantize_unit(impact(&tf, l, &avg))
            })
            .collect();

        // Weights, per chunk in parallel.
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  units {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT
        let n_keys = keys.len();
        let mut first = Vec::with_capacity(chunks.len());
        let mut next = 0;
        for c in &chunks {
            first.push(next);
            next += c.ends.len();
        }
        let weighted: Vec<Weighted> = chunks
            .into_par_iter()
            .zip(remaps)
            .zip(first)
            .map(|((c, remap), first)| {
                let mut terms = Vec::with_capacity(c.post.len());
                let mut term_ends = Vec::with_capacity(c.ends.len());
                let mut comps = Vec::new();
                let mut comp_ends = Vec::with_capacity(c.ends.len());
                let mut cacc: Vec<Tf> = vec![[0; FIELDS]; n_keys];
                let mut ctouched: Vec<u32> = Vec::new();
                let mut start = 0;
                for (k, &end) in c.ends.iter().enumerate() {
                    let d = first + k;
                    let mut cache = CodeCache::new(&lens[d], &avg, units[d]);
                    for (pos, &(local, small)) in c.post[start..end].iter().enumerate() {
                        let tf: Tf = if small.contains(&TF_BIG) {
                            c.big[&(start + pos)]
                        } else {
                            small.map(u32::from)
                        };
                        let t = remap[local as usize];
                        terms.push((t, cache.code(&tf)));
                        for &key in comps_of(t) {
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
                        comps.push((key, cache.code(&tf)));
                    }
                    ctouched.clear();
                    term_ends.push(terms.len());
                    comp_ends.push(comps.len());
                    start = end;
                }
                Weighted {
                    terms,
                    term_ends,
                    comps,
                    comp_ends,
                }
            })
            .collect();

        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  weigh {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT
        let mut term_count = vec![0usize; terms.len()];
        let mut comp_count = vec![0usize; n_keys];
        for w in &weighted {
            for &(t, _) in &w.terms {
                term_count[t as usize] += 1;
            }
            for &(k, _) in &w.comps {
                comp_count[k as usize] += 1;
            }
        }
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  [terms {} keys {} P {} C {}]",
                terms.len(),
                n_keys,
                term_count.iter().sum::<usize>(),
                comp_count.iter().sum::<usize>()
            );
        } // TMPT
        let mut term_post: Vec<Vec<Posting>> =
            term_count.iter().map(|&n| Vec::with_capacity(n)).collect();
        let mut comp_post: Vec<Vec<Posting>> =
            comp_count.iter().map(|&n| Vec::with_capacity(n)).collect();
        let mut d = 0u32;
        for w in weighted {
            let (mut ts, mut cs) = (0, 0);
            for (&te, &ce) in w.term_ends.iter().zip(&w.comp_ends) {
                for &(t, impact) in &w.terms[ts..te] {
                    term_post[t as usize].push(Posting { doc: d, impact });
                }
                for &(k, impact) in &w.comps[cs..ce] {
                    comp_post[k as usize].push(Posting { doc: d, impact });
                }
                (ts, cs) = (te, ce);
                d += 1;
            }
        }

        // Entries: variants grouped under their stem, sorted.
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  fill {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT
        let mut by_key: Vec<Entry> = keys
            .iter()
            .zip(comp_post)
            .map(|(k, compound)| Entry {
                key: k.to_string(),
                variants: Vec::new(),
                compound,
            })
            .collect();
        for (t, postings) in term_post.into_iter().enumerate() {
            by_key[stem_of[t] as usize].variants.push(Variant {
                term: terms[t].to_string(),
                postings,
            });
        }
        let mut entries: Vec<Entry> = by_key
            .into_iter()
            .filter(|e| !e.variants.is_empty() || !e.compound.is_empty())
            .collect();
        entries.par_sort_unstable_by(|a, b| a.key.cmp(&b.key));
        entries
            .par_iter_mut()
            .for_each(|e| e.variants.sort_unstable_by(|a, b| a.term.cmp(&b.term)));
        let mut words: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        words.par_sort_unstable();
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  entries {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT

        // Documents.
        let per_doc = excerpt_chars(docs.len());
        let doc_entries: Vec<DocEntry> = docs
            .par_iter()
            .map(|d| DocEntry {
                url: d.url.clone(),
                title: squash(&d.title),
                page_title: if d.page_title == d.title {
                    String::new()
                } else {
                    squash(&d.page_title)
                },
                kind: d.kind,
                excerpt: excerpt(&d.body, per_doc),
            })
            .collect();

        // Facets.
        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  docs {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        }
        tt = std::time::Instant::now();
        tc = cpu_ms(); // TMPT
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
        let facets = vec![
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
        ];

        if std::env::var_os("KW_T").is_some() {
            eprintln!(
                "  facets {:.0} ms wall {} ms cpu",
                tt.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - tc
            );
        } // TMPT
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

pub(crate) fn cpu_ms() -> u64 {
    // TMPT
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default(); // TMPT
    let f: Vec<&str> = s
        .rsplit_once(')')
        .map(|x| x.1)
        .unwrap_or("")
        .split_whitespace()
        .collect(); // TMPT
    f.get(11).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0) * 10
        + f.get(12).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0) * 10 // TMPT
} // TMPT

#[cfg(test)]
mod tests {
    use super::super::testdocs::doc;
    use super::*;

    fn idx(docs: &[SearchDoc]) -> Index {
        Index::build(docs, &[])
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
    fn excerpts_are_cut_at_words() {
        assert_eq!(cut_at_word("een twee drie", 100), "een twee drie");
        assert_eq!(cut_at_word("een twee drie", 9), "een twee…");
        assert_eq!(excerpt_chars(10), 800);
        assert_eq!(excerpt_chars(1_000_000), 140);
    }
}

#[doc(hidden)] // TMPT
pub fn bench_tokenize(docs: &[SearchDoc]) -> usize {
    // TMPT
    let c = tokenize_chunk(docs); // TMPT
    c.post.len() + c.words.len() * 1000000 // TMPT
} // TMPT
