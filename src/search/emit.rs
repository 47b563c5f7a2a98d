//! Writing the index as classic script files.
//!
//! Every file is a script that calls `window.__kwSearch.register(kind, n, data)`
//! once per part it holds, so it can be loaded with a plain `<script src>`
//! (works from `file://`; no fetch, no modules, no WebAssembly).
//!
//! Parts:
//! * `"meta"` (always in `zoeken/index-0.js`): document count, the impact
//!   scale and every document's unit impact (`u`, one digit per document),
//!   kinds, facets (document id lists), synonym groups, the documents where
//!   a page starts (`pg`, an id list), the compound rules (`cs`, see
//!   `push_grouping_and_rules`), and the maps from term keys, words and
//!   document ids to the files that hold them;
//! * `"t"`: term shards, ranges of entries sorted by key, in two columns
//!   (see [`shard_json`]);
//! * `"w"`: word lists, ranges of the sorted variant words, front-coded in
//!   one string (an upper-case letter `A`–`Z` gives the number of leading
//!   characters shared with the previous word, the suffix follows);
//! * `"d"`: document chunks, ranges of document ids:
//!   `[url, title, page title, kind index, excerpt]`, each written relative
//!   to the previous document of the chunk (see `doc_json`).
//!
//! Postings are strings: per posting a variable-length document id delta
//! (base-32 digits, low digit first; a digit `>= 32` means "more digits
//! follow") then one impact digit `0..=63` relative to the document's unit, all in the 64-character alphabet
//! [`ALPHABET`]. Document id lists (facets) use the same deltas without
//! impacts.
//!
//! If everything fits in [`SINGLE_FILE_MAX`] bytes it all goes into
//! `zoeken/index-0.js`; otherwise `index-0.js` holds the meta part and every
//! other part gets its own file whose name carries a content hash, so a
//! cached old part is never mixed with a new meta part.

use super::bytes::{block, equal, HIGH, LOW, ONES};
use rayon::prelude::*;

#[cfg(test)]
use super::index::Index;
use super::index::{DocEntry, Entry, Facet, Posting, Postings, SynGroup, K1, REL_OFFSET, REL_STEP};
use super::{DocKind, SearchFile};

/// The digit alphabet of postings and id lists.
pub const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
/// Below this total everything is one file.
pub const SINGLE_FILE_MAX: usize = 100_000;
/// Target size of a term shard (bytes of JSON).
pub const TERM_PART_TARGET: usize = 24_000;
/// Target size of a word list part.
pub const WORD_PART_TARGET: usize = 16_000;
/// Target size of a document chunk.
pub const DOC_PART_TARGET: usize = 10_000;
/// Folder of the data files, relative to the output root.
pub const DIR: &str = "zoeken";
/// Name of the first file.
pub const FIRST_FILE: &str = "index-0.js";

/// Append a JSON string literal. `<`, `>`, `&`, U+2028 and U+2029 are
/// escaped too, so the text is safe inside any script context.
pub fn json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    json_chars(out, s);
    out.push('"');
}

/// Bytes that may need an escape in [`json_chars`] (`0xe2` starts U+2028
/// and U+2029).
const MAY_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || matches!(b as u8, b'"' | b'\\' | b'<' | b'>' | b'&' | 0xe2);
        b += 1;
    }
    t
};

/// Per byte of `x`, the high bit: set where the byte is a space, or `]` or above but not
/// 0xe2 (none of them needs an escape in [`json_chars`]).
#[inline]
fn plain_bytes(x: u64) -> u64 {
    // (b & 0x7f) + 0x23 reaches 0x80 from 0x5d (`]`) on, and carries into no other byte.
    let from_bracket = ((x & LOW) + ONES * (0x80 - b']' as u64)) | x;
    (from_bracket | equal(x, b' ')) & !equal(x, 0xe2) & HIGH
}

/// The inside of [`json_str`]: `s` escaped, without the quotes.
fn json_chars(out: &mut String, s: &str) {
    // Copy runs of characters that need no escape in one go.
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time up to one that is not a space nor from `]` up (lower-case
        // letters, most of UTF-8) but 0xe2: the bytes before it need no escape.
        if let Some(x) = block(b, i) {
            let doubt = !plain_bytes(x) & HIGH;
            i += (doubt.trailing_zeros() / 8) as usize;
            if doubt == 0 {
                continue;
            }
        }
        if !MAY_ESCAPE[b[i] as usize] {
            i += 1;
            continue;
        }
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        if b[i] == 0xe2
            && !(b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)))
        {
            i += 1;
            continue;
        }
        out.push_str(&s[run..i]);
        let ch = s[i..].chars().next().unwrap_or_default();
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => {
                use std::fmt::Write;
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        i += ch.len_utf8();
        run = i;
    }
    out.push_str(&s[run..]);
}

fn push_varint(out: &mut String, mut v: u32) {
    loop {
        let d = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(ALPHABET[d] as char);
            return;
        }
        out.push(ALPHABET[32 + d] as char);
    }
}

/// Encode a sorted postings list.
pub fn encode_postings(p: &[Posting]) -> String {
    let mut out = String::with_capacity(p.len() * 2);
    push_postings(&mut out, p);
    out
}

/// Append the encoding of a sorted postings list ([`encode_postings`]).
fn push_postings(out: &mut String, p: &[Posting]) {
    out.reserve(p.len() * 2);
    let mut prev = 0;
    for x in p {
        push_varint(out, x.doc - prev);
        prev = x.doc;
        out.push(ALPHABET[x.impact.min(63) as usize] as char);
    }
}

/// Encode a sorted list of document ids.
pub fn encode_ids(ids: &[u32]) -> String {
    let mut out = String::with_capacity(ids.len());
    let mut prev = 0;
    for &d in ids {
        push_varint(&mut out, d - prev);
        prev = d;
    }
    out
}

#[cfg(test)]
fn digit(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Decode a postings string (the inverse of [`encode_postings`]); tests check the encoding with it.
#[cfg(test)]
pub fn decode_postings(s: &str) -> Option<Vec<Posting>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0u32);
    while i < b.len() {
        let (mut v, mut shift) = (0u32, 0);
        loop {
            let d = digit(*b.get(i)?)?;
            i += 1;
            if d >= 32 {
                v |= (d - 32) << shift;
                shift += 5;
            } else {
                v |= d << shift;
                break;
            }
        }
        doc += v;
        let impact = digit(*b.get(i)?)? as u8;
        i += 1;
        out.push(Posting { doc, impact });
    }
    Some(out)
}

/// Shared prefix of `a` and `b` in UTF-16 units (what JavaScript counts) and
/// bytes, at most 25 units.
fn shared_prefix(a: &str, b: &str) -> (usize, usize) {
    let (mut units, mut bytes) = (0usize, 0usize);
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y || units + x.len_utf16() > 25 {
            break;
        }
        units += x.len_utf16();
        bytes += x.len_utf8();
    }
    (units, bytes)
}

fn push_front_coded(out: &mut String, prev: &str, w: &str) {
    let (units, bytes) = shared_prefix(prev, w);
    out.push((b'A' + units as u8) as char);
    out.push_str(&w[bytes..]);
}

/// Serialise a term shard as two columns: `k` (keys and variant words) and
/// `p` (postings).
///
/// `k`: per entry, the key front-coded against the previous key; then `!`
/// if the key itself is not one of its variants; then `+` and each other
/// variant front-coded against the key. `p`: per entry (separated by a
/// space), the postings of its variants (key first, if it is a variant, then
/// the others in order) separated by `,`, then `~` and the compound
/// postings if there are any.
pub fn shard_json(entries: &[Entry]) -> String {
    let mut out = String::new();
    push_shard_json(&mut out, entries);
    out
}

/// Append [`shard_json`] to `out`.
fn push_shard_json(out: &mut String, entries: &[Entry]) {
    let mut k = String::with_capacity(entries.len() * 12);
    let mut p = String::with_capacity(TERM_PART_TARGET + TERM_PART_TARGET / 4);
    let mut prev = "";
    for (i, e) in entries.iter().enumerate() {
        push_front_coded(&mut k, prev, &e.key);
        prev = &e.key;
        let own = e.variants.iter().position(|v| v.term == e.key);
        if own.is_none() {
            k.push('!');
        }
        if i > 0 {
            p.push(' ');
        }
        if let Some(o) = own {
            push_postings(&mut p, &e.variants[o].postings);
        }
        let mut first = own.is_none();
        for (j, v) in e.variants.iter().enumerate() {
            if Some(j) == own {
                continue;
            }
            k.push('+');
            push_front_coded(&mut k, &e.key, &v.term);
            if !first {
                p.push(',');
            }
            first = false;
            push_postings(&mut p, &v.postings);
        }
        if !e.compound.is_empty() {
            p.push('~');
            push_postings(&mut p, &e.compound);
        }
    }
    out.reserve(k.len() + p.len() + 16);
    out.push_str("{\"k\":");
    json_str(out, &k);
    // Postings are digits of ALPHABET and ` ,~`: nothing to escape.
    debug_assert!(p
        .bytes()
        .all(|b| ALPHABET.contains(&b) || b" ,~".contains(&b)));
    out.push_str(",\"p\":\"");
    out.push_str(&p);
    out.push_str("\"}");
}

/// Parse the two columns of a term shard back (the inverse of [`shard_json`]); tests only.
#[cfg(test)]
pub fn parse_shard(k: &str, p: &str) -> Option<Vec<Entry>> {
    use super::index::Variant;
    fn read_word(chars: &[char], i: &mut usize, base: &str) -> Option<String> {
        let c = *chars.get(*i)?;
        if !c.is_ascii_uppercase() {
            return None;
        }
        let shared = (c as u8 - b'A') as usize;
        *i += 1;
        let mut w: String = {
            // `shared` counts UTF-16 units
            let mut units = 0;
            base.chars()
                .take_while(|ch| {
                    units += ch.len_utf16();
                    units <= shared
                })
                .collect()
        };
        while *i < chars.len() && !chars[*i].is_ascii_uppercase() && !matches!(chars[*i], '!' | '+')
        {
            w.push(chars[*i]);
            *i += 1;
        }
        Some(w)
    }
    let chars: Vec<char> = k.chars().collect();
    let lists: Vec<&str> = if p.is_empty() {
        Vec::new()
    } else {
        p.split(' ').collect()
    };
    let mut out = Vec::new();
    let mut i = 0;
    let mut prev = String::new();
    while i < chars.len() {
        let key = read_word(&chars, &mut i, &prev)?;
        let mut own = true;
        if chars.get(i) == Some(&'!') {
            own = false;
            i += 1;
        }
        let mut terms: Vec<String> = if own { vec![key.clone()] } else { Vec::new() };
        while chars.get(i) == Some(&'+') {
            i += 1;
            terms.push(read_word(&chars, &mut i, &key)?);
        }
        let spec = lists.get(out.len())?;
        let (vars, comp) = spec.split_once('~').unwrap_or((spec, ""));
        let vlists: Vec<&str> = vars.split(',').collect();
        if vlists.len() != terms.len() && !(terms.is_empty() && vars.is_empty()) {
            return None;
        }
        let mut variants = Vec::new();
        for (t, l) in terms.into_iter().zip(vlists) {
            variants.push(Variant {
                term: t,
                postings: decode_postings(l)?,
            });
        }
        variants.sort_by(|a, b| a.term.cmp(&b.term));
        out.push(Entry {
            key: key.clone(),
            variants,
            compound: decode_postings(comp)?,
        });
        prev = key;
    }
    Some(out)
}

/// Front-code a sorted word list.
pub fn front_code(words: &[String]) -> String {
    let mut out = String::new();
    let mut prev: &str = "";
    for w in words {
        push_front_coded(&mut out, prev, w);
        prev = w;
    }
    out
}

fn kind_index(k: DocKind) -> usize {
    DocKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

/// The anchor a heading gets from its text: folded, runs of anything but
/// `a-z0-9` become one `-` ("Eén signaal bewijst niets" →
/// `een-signaal-bewijst-niets`). Used only to leave out anchors that the
/// client can rebuild; `search.js` has the same function.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in super::fold::fold(s).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// One document of a chunk, written relative to the previous one in the
/// same chunk (`prev`): a URL on the same page is written as `#anchor`, or
/// as `""` when the anchor is the slug of the title; a page title equal to
/// the previous one is written as `1`.
fn doc_json(out: &mut String, d: &DocEntry, prev: Option<&DocEntry>) {
    let page = |u: &str| -> usize { u.find('#').unwrap_or(u.len()) };
    out.push('[');
    match (prev, d.url.split_once('#')) {
        (Some(p), Some((pg, anchor))) if p.url[..page(&p.url)] == *pg => {
            if is_slug_of(anchor, &d.title) {
                out.push_str("\"\"");
            } else {
                out.push_str("\"#");
                json_chars(out, anchor);
                out.push('"');
            }
        }
        _ => json_str(out, &d.url),
    }
    out.push(',');
    json_str(out, &d.title);
    out.push(',');
    match prev {
        Some(p) if p.page_title == d.page_title => out.push('1'),
        _ => json_str(out, &d.page_title),
    }
    out.push(',');
    let k = kind_index(d.kind);
    out.push(char::from(b'0' + k as u8));
    out.push(',');
    json_str(out, &d.excerpt);
    out.push(']');
}

/// Is `anchor` the [`slug`] of `title`? (Without building the slug when
/// the title is plain ASCII.)
fn is_slug_of(anchor: &str, title: &str) -> bool {
    if !title.is_ascii() {
        return anchor == slug(title);
    }
    let mut a = anchor.bytes();
    let mut dash = false;
    let mut empty = true;
    for c in title.bytes() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !empty && a.next() != Some(b'-') {
                return false;
            }
            dash = false;
            empty = false;
            if a.next() != Some(c) {
                return false;
            }
        } else {
            dash = true;
        }
    }
    a.next().is_none()
}

/// A part: its kind ("t", "w", "d"), its number among the parts of its
/// kind, the first key/word/doc id, and the script line that registers it:
/// `window.__kwSearch.register(kind,n,JSON);` (the JSON starts at `json_at`).
struct Part {
    kind: &'static str,
    n: usize,
    first: String,
    text: String,
    json_at: usize,
}

impl Part {
    /// A part whose JSON is still to be appended to `text`.
    fn start(kind: &'static str, n: usize, first: String, capacity: usize) -> Part {
        use std::fmt::Write;
        let mut text = String::with_capacity(capacity + 48);
        let _ = write!(text, "window.__kwSearch.register(\"{kind}\",{n},");
        Part {
            kind,
            n,
            first,
            json_at: text.len(),
            text,
        }
    }

    /// The JSON is complete: close the call.
    fn finish(mut self) -> Part {
        self.text.push_str(");\n");
        self
    }

    /// The JSON (of a finished part).
    fn json(&self) -> &str {
        &self.text[self.json_at..self.text.len() - 3]
    }
}

/// FNV-1a, for content-hashed file names.
fn hash(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Cut `n` entries with these size estimates into term shards of about
/// [`TERM_PART_TARGET`].
fn shard_ranges(n: usize, est: impl Fn(usize) -> usize) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for i in 0..n {
        let est = est(i);
        if size > 0 && size + est > TERM_PART_TARGET {
            ranges.push((start, i));
            start = i;
            size = 0;
        }
        size += est;
    }
    if start < n {
        ranges.push((start, n));
    }
    ranges
}

/// Term shard number `n`.
fn term_part(n: usize, entries: &[Entry]) -> Part {
    let first = entries[0].key.clone();
    let mut p = Part::start("t", n, first, TERM_PART_TARGET * 5 / 4);
    push_shard_json(&mut p.text, entries);
    p.finish()
}

/// Serialise a built index into script files: the reference for [`emit_postings`], which the
/// build uses (it writes while the index is made); tests compare the two.
#[cfg(test)]
pub fn emit(idx: &Index) -> Vec<SearchFile> {
    let ranges = shard_ranges(idx.entries.len(), |i| {
        let e = &idx.entries[i];
        super::index::entry_estimate(
            e.key.len(),
            e.variants.iter().map(|v| (v.term.len(), v.postings.len())),
            e.compound.len(),
        )
    });
    collect(|put| {
        let writer = Writer::new(put);
        ranges
            .par_iter()
            .enumerate()
            .for_each(|(n, &(a, b))| writer.add(term_part(n, &idx.entries[a..b])));
        word_parts(&idx.words, &writer);
        let page_starts = doc_parts(idx.docs.len(), |r| idx.docs[r].to_vec(), &writer);
        assert_eq!(page_starts, self::page_starts(&idx.docs));
        writer.finish(&Meta {
            n_docs: idx.docs.len(),
            units: &idx.units,
            facets: &idx.facets,
            synonyms: &idx.synonyms,
            page_starts: &page_starts,
        })
    })
}

/// Where the finished files go, from several threads at once, in no particular order.
pub type Put<'a> = &'a (dyn Fn(SearchFile) + Sync);

/// The files that `write` hands to its [`Put`], in the order the meta part lists them
/// (`zoeken/index-0.js` first); `write` returns that order.
pub(crate) fn collect(write: impl FnOnce(Put) -> Vec<String>) -> Vec<SearchFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let order = write(&|f| crate::util::sync::lock(&files).push(f));
    let rank: std::collections::HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut files: Vec<SearchFile> = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by_key(|f| rank.get(f.path.as_str()).copied().unwrap_or(usize::MAX));
    files
}

/// What the meta part says besides the parts.
pub(crate) struct Meta<'a> {
    /// Number of documents.
    pub(crate) n_docs: usize,
    /// Per document: its quantised unit impact.
    pub(crate) units: &'a [u8],
    /// The facets.
    pub(crate) facets: &'a [Facet],
    /// The synonym groups.
    pub(crate) synonyms: &'a [SynGroup],
    /// The documents where a page starts ([`page_starts`]).
    pub(crate) page_starts: &'a [u32],
}

/// A part as the meta part names it.
struct Named {
    kind: &'static str,
    n: usize,
    first: String,
    file: String,
}

/// Parts held back while they may still all fit in the first file.
#[derive(Default)]
struct Held {
    /// The parts' total exceeds [`SINGLE_FILE_MAX`]: each part is its own file, written at once.
    separate: bool,
    /// The parts' JSON, plus 40 per part (the register call around it).
    total: usize,
    /// (order, text) of the parts not yet written.
    parts: Vec<((usize, usize), String)>,
    /// Every part so far.
    named: Vec<Named>,
}

/// The order of parts in the meta part and the files: term shards, word lists, document
/// chunks, each by number.
fn part_order(kind: &str, n: usize) -> (usize, usize) {
    let rank = match kind {
        "t" => 0,
        "w" => 1,
        _ => 2,
    };
    (rank, n)
}

/// Hands each part to the [`Put`] as soon as it is made, so the index is never held whole:
/// only while all parts so far fit in [`SINGLE_FILE_MAX`] are they kept, for the first file.
pub(crate) struct Writer<'a> {
    put: Put<'a>,
    held: std::sync::Mutex<Held>,
}

impl<'a> Writer<'a> {
    /// A writer that hands its files to `put`.
    pub(crate) fn new(put: Put<'a>) -> Self {
        Writer {
            put,
            held: std::sync::Mutex::default(),
        }
    }

    /// Take a finished part.
    fn add(&self, p: Part) {
        let size = p.json().len() + 40;
        let file = format!("{}{}-{:08x}.js", p.kind, p.n, hash(p.json()));
        let Part {
            kind,
            n,
            first,
            text,
            ..
        } = p;
        let mut held = crate::util::sync::lock(&self.held);
        held.total += size;
        let mut ready: Vec<(String, String)> = Vec::new();
        if held.separate {
            ready.push((file.clone(), text));
        } else {
            held.parts.push((part_order(kind, n), text));
            if held.total > SINGLE_FILE_MAX {
                held.separate = true;
                let named: FastNames = held
                    .named
                    .iter()
                    .map(|p| (part_order(p.kind, p.n), p.file.clone()))
                    .chain(std::iter::once((part_order(kind, n), file.clone())))
                    .collect();
                ready = std::mem::take(&mut held.parts)
                    .into_iter()
                    .map(|(order, text)| (named[&order].clone(), text))
                    .collect();
            }
        }
        held.named.push(Named {
            kind,
            n,
            first,
            file,
        });
        drop(held);
        for (file, contents) in ready {
            (self.put)(SearchFile {
                path: format!("{DIR}/{file}"),
                contents,
            });
        }
    }

    /// Write the first file (the meta part, and for a small index every part); the paths of
    /// all files, in the order the meta part lists them.
    pub(crate) fn finish(self, meta: &Meta) -> Vec<String> {
        let Held {
            separate,
            mut parts,
            mut named,
            ..
        } = self.held.into_inner().unwrap_or_else(|e| e.into_inner());
        named.sort_by_key(|p| part_order(p.kind, p.n));
        let mut files: Vec<String> = vec![FIRST_FILE.to_string()];
        if separate {
            files.extend(named.iter().map(|p| p.file.clone()));
        }
        let mut first = meta_part(meta, &files, &named, separate);
        if !separate {
            parts.sort_by_key(|(order, _)| *order);
            for (_, text) in &parts {
                first.push_str(text);
            }
        }
        (self.put)(SearchFile {
            path: format!("{DIR}/{FIRST_FILE}"),
            contents: first,
        });
        files.iter().map(|f| format!("{DIR}/{f}")).collect()
    }
}

/// Part order → file name, of the parts held when they turn out not to fit in one file.
type FastNames = std::collections::HashMap<(usize, usize), String>;

/// Serialise an index whose entries are still in `postings`: the entries are put together a
/// group of shards at a time, in parallel, and each shard is written and dropped as soon as it
/// is made; the word lists are written meanwhile.
pub(crate) fn emit_postings(postings: &Postings, words: &[String], writer: &Writer) {
    // Bytes of shards put together at once by one thread (the postings
    // take about four times as much memory).
    const GROUP: usize = 16 * TERM_PART_TARGET;
    let keys: Vec<usize> = (0..postings.n_keys())
        .filter(|&k| postings.has_entry(k))
        .collect();
    let est: Vec<usize> = keys.par_iter().map(|&k| postings.estimate(k)).collect();
    let ranges = shard_ranges(keys.len(), |i| est[i]);
    // Groups of consecutive shards.
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut g0, mut size) = (0, 0);
    for (i, &(a, b)) in ranges.iter().enumerate() {
        size += est[a..b].iter().sum::<usize>();
        if size >= GROUP || i + 1 == ranges.len() {
            groups.push(g0..i + 1);
            g0 = i + 1;
            size = 0;
        }
    }
    rayon::join(
        || {
            groups.into_par_iter().for_each(|g| {
                let (first, last) = (ranges[g.start].0, ranges[g.end - 1].1);
                let entries = postings.entries(keys[first]..keys[last - 1] + 1);
                for (&(a, b), n) in ranges[g.clone()].iter().zip(g) {
                    writer.add(term_part(n, &entries[a - first..b - first]));
                }
            })
        },
        || word_parts(words, writer),
    );
}

/// The word lists: front-coded per part; a part restarts the coding.
fn word_parts(words: &[String], writer: &Writer) {
    let mut wparts: Vec<&[String]> = Vec::new();
    let mut size = 0;
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        if i == 0 || size + w.len() > WORD_PART_TARGET {
            if i > 0 {
                wparts.push(&words[start..i]);
            }
            start = i;
            size = 0;
        }
        size += w.len() / 2 + 2;
    }
    if start < words.len() {
        wparts.push(&words[start..]);
    }
    wparts.par_iter().enumerate().for_each(|(n, ws)| {
        let mut p = Part::start("w", n, ws[0].clone(), WORD_PART_TARGET);
        json_str(&mut p.text, &front_code(ws));
        writer.add(p.finish());
    });
}

/// The document chunks of `n` documents, whose entries `entries(range)` makes (a block at a
/// time, so they are never all held): each document is written relative to the previous one,
/// the first of a chunk on its own. The relative forms are written in parallel, a block of
/// documents at a time, and the chunks are cut in order; the size limit counts the documents,
/// not the brackets.
pub(crate) fn doc_parts(
    n: usize,
    entries: impl Fn(std::ops::Range<usize>) -> Vec<DocEntry>,
    writer: &Writer,
) -> Vec<u32> {
    const BLOCK: usize = 4096;
    let mut n_chunks = 0;
    let mut new_chunk = |first: usize, d: &DocEntry| {
        let mut c = Part::start("d", n_chunks, first.to_string(), DOC_PART_TARGET * 5 / 4);
        n_chunks += 1;
        c.text.push('[');
        doc_json(&mut c.text, d, None);
        c
    };
    if n == 0 {
        return Vec::new();
    }
    let mut starts = vec![0];
    let mut chunk = new_chunk(0, &entries(0..1)[0]);
    for block in (1..n).step_by(BLOCK) {
        let end = (block + BLOCK).min(n);
        // With the document before the block, which the first is written relative to.
        let docs = entries(block - 1..end);
        starts.extend(
            page_starts(&docs)
                .into_iter()
                .skip(1)
                .map(|i| (block - 1) as u32 + i),
        );
        let relative: Vec<String> = (1..docs.len())
            .into_par_iter()
            .map(|i| {
                let d = &docs[i];
                let mut one = String::with_capacity(
                    d.url.len() + d.title.len() + d.page_title.len() + d.excerpt.len() + 32,
                );
                doc_json(&mut one, d, Some(&docs[i - 1]));
                one
            })
            .collect();
        for ((i, rel), d) in (block..end).zip(&relative).zip(&docs[1..]) {
            if chunk.text.len() - chunk.json_at - 1 + rel.len() > DOC_PART_TARGET {
                chunk.text.push(']');
                writer.add(std::mem::replace(&mut chunk, new_chunk(i, d)).finish());
                continue;
            }
            chunk.text.push(',');
            chunk.text.push_str(rel);
        }
    }
    chunk.text.push(']');
    writer.add(chunk.finish());
    starts
}

/// The page a document belongs to: its URL without the `#anchor`.
pub fn page_of(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// The documents where a new page starts (a run of documents with the same
/// page URL is one page: its sections follow the page itself).
pub fn page_starts(docs: &[DocEntry]) -> Vec<u32> {
    (0..docs.len())
        .filter(|&i| i == 0 || page_of(&docs[i].url) != page_of(&docs[i - 1].url))
        .map(|i| i as u32)
        .collect()
}

fn json_list(out: &mut String, items: &[&str]) {
    out.push('[');
    for (i, w) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_str(out, w);
    }
    out.push(']');
}

/// Meta `pg` (the documents where a page starts, an id list: the client
/// groups sections under their page) and `cs` (the compound rules of
/// `compound.rs`, so that `search.js` splits a query word the way the index
/// split the page words: minimum lengths, linking letters, refused heads and
/// modifiers, words never split, domain words).
fn push_grouping_and_rules(m: &mut String, page_starts: &[u32]) {
    use super::compound::{
        DOMAIN_WORDS, HEAD_STOP, LINKERS, MIN_COMPOUND_CHARS, MIN_PART_CHARS, MODIFIER_STOP,
        NO_SPLIT,
    };
    m.push_str(",\"pg\":");
    json_str(m, &encode_ids(page_starts));
    m.push_str(&format!(
        ",\"cs\":{{\"min\":{MIN_COMPOUND_CHARS},\"part\":{MIN_PART_CHARS},\"link\":"
    ));
    json_list(m, LINKERS);
    m.push_str(",\"head\":");
    json_list(m, HEAD_STOP);
    m.push_str(",\"mod\":");
    json_list(m, MODIFIER_STOP);
    m.push_str(",\"no\":");
    json_list(m, NO_SPLIT);
    m.push_str(",\"dom\":");
    json_list(m, DOMAIN_WORDS);
    m.push('}');
}

/// The script line of the meta part: the index's data and where its parts are (`files`, and
/// for each part its first key, word or document and the number of its file: 0 when
/// everything is in the first file).
fn meta_part(meta: &Meta, files: &[String], parts: &[Named], separate: bool) -> String {
    let mut m = String::new();
    let units: String = meta
        .units
        .iter()
        .map(|&u| ALPHABET[u as usize] as char)
        .collect();
    m.push_str(&format!(
        "{{\"v\":1,\"n\":{},\"k1\":{},\"rs\":{},\"ro\":{},\"um\":{},\"us\":{},\"u\":\"{}\",\"kinds\":[",
        meta.n_docs,
        K1,
        REL_STEP,
        REL_OFFSET,
        super::index::UNIT_MIN,
        super::index::UNIT_STEP,
        units
    ));
    for (i, k) in DocKind::ALL.iter().enumerate() {
        if i > 0 {
            m.push(',');
        }
        m.push('[');
        json_str(&mut m, k.key());
        m.push(',');
        json_str(&mut m, k.label());
        m.push(']');
    }
    m.push_str("],\"facets\":[");
    for (i, f) in meta.facets.iter().enumerate() {
        if i > 0 {
            m.push(',');
        }
        m.push_str("{\"name\":");
        json_str(&mut m, f.name);
        m.push_str(",\"label\":");
        json_str(&mut m, f.label);
        m.push_str(",\"values\":[");
        for (j, (v, l, ids)) in f.values.iter().enumerate() {
            if j > 0 {
                m.push(',');
            }
            m.push('[');
            json_str(&mut m, v);
            m.push(',');
            json_str(&mut m, l);
            m.push(',');
            json_str(&mut m, &encode_ids(ids));
            m.push(']');
        }
        m.push_str("]}");
    }
    m.push_str("],\"syn\":[");
    for (i, g) in meta.synonyms.iter().enumerate() {
        if i > 0 {
            m.push(',');
        }
        m.push_str("{\"d\":[");
        for (j, d) in g.display.iter().enumerate() {
            if j > 0 {
                m.push(',');
            }
            json_str(&mut m, d);
        }
        m.push_str("],\"t\":[");
        for (j, t) in g.tokens.iter().enumerate() {
            if j > 0 {
                m.push(',');
            }
            m.push('[');
            for (k, tok) in t.iter().enumerate() {
                if k > 0 {
                    m.push(',');
                }
                json_str(&mut m, tok);
            }
            m.push(']');
        }
        m.push_str("]}");
    }
    m.push(']');
    push_grouping_and_rules(&mut m, meta.page_starts);
    m.push_str(",\"files\":[");
    for (i, f) in files.iter().enumerate() {
        if i > 0 {
            m.push(',');
        }
        json_str(&mut m, f);
    }
    m.push(']');
    for kind in ["t", "w", "d"] {
        m.push_str(&format!(",\"{kind}\":["));
        let mut first = true;
        // `parts` is in file order: with separate files, part i is in file i + 1.
        for (i, p) in parts.iter().enumerate() {
            if p.kind != kind {
                continue;
            }
            if !first {
                m.push(',');
            }
            first = false;
            m.push('[');
            if kind == "d" {
                m.push_str(&p.first);
            } else {
                json_str(&mut m, &p.first);
            }
            let file = if separate { i + 1 } else { 0 };
            m.push_str(&format!(",{file}]"));
        }
        m.push(']');
    }
    m.push('}');
    let mut line = String::with_capacity(m.len() + 48);
    line.push_str("window.__kwSearch.register(\"meta\",0,");
    line.push_str(&m);
    line.push_str(");\n");
    line
}

#[cfg(test)]
mod tests {
    use super::super::testdocs::doc;
    use super::super::{build, DocKind};
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        let mut s = String::new();
        json_str(&mut s, "a\"b\\c\n</script>\u{2028}\u{1}é");
        assert_eq!(s, r#""a\"b\\c\n\u003c/script\u003e\u2028\u0001é""#);
        let v: String = serde_json::from_str(&s).unwrap();
        assert_eq!(v, "a\"b\\c\n</script>\u{2028}\u{1}é");
        // Every character that needs an escape, at every place of an eight-byte block.
        for special in [
            "\"", "\\", "\n", "\u{1f}", "<", ">", "&", "\u{2028}", "\u{2029}",
        ] {
            for at in 0..=11 {
                let text = format!("{}{special}xy z– ]^é", &"ab de fghij"[..at]);
                let mut s = String::new();
                json_str(&mut s, &text);
                let want: String = text
                    .chars()
                    .map(|c| match c {
                        '"' => "\\\"".to_string(),
                        '\\' => "\\\\".to_string(),
                        '\n' => "\\n".to_string(),
                        '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\0'..='\u{1f}' => {
                            format!("\\u{:04x}", c as u32)
                        }
                        c => c.to_string(),
                    })
                    .collect();
                assert_eq!(s, format!("\"{want}\""), "{text:?}");
            }
        }
    }

    #[test]
    fn file_hash_is_fnv_1a() {
        let fnv = |s: &str| {
            s.bytes().fold(0x811c_9dc5u32, |h, b| {
                (h ^ b as u32).wrapping_mul(0x0100_0193)
            })
        };
        let text = "abcdefghijklmnopqrstuvwxyzé";
        for n in 0..=text.len() {
            if let Some(s) = text.get(..n) {
                assert_eq!(hash(s), fnv(s), "{s:?}");
            }
        }
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
    }

    #[test]
    fn postings_round_trip() {
        let p: Vec<Posting> = [(0, 1), (1, 63), (40, 7), (1_000, 30), (70_000, 2)]
            .iter()
            .map(|&(doc, impact)| Posting { doc, impact })
            .collect();
        let s = encode_postings(&p);
        assert!(s.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(decode_postings(&s).unwrap(), p);
        assert_eq!(encode_ids(&[0, 1, 2, 40]), "011C1");
    }

    #[test]
    fn shard_round_trip_with_odd_variants() {
        use super::super::index::{Entry, Variant};
        let p = |d: u32| vec![Posting { doc: d, impact: 20 }];
        let entries = vec![
            Entry {
                key: "gemeent".into(),
                variants: vec![
                    Variant {
                        term: "gemeente".into(),
                        postings: p(1),
                    },
                    Variant {
                        term: "gemeenten".into(),
                        postings: p(2),
                    },
                ],
                compound: p(3),
            },
            Entry {
                key: "handel".into(),
                variants: Vec::new(),
                compound: p(4),
            },
            Entry {
                key: "signaal".into(),
                variants: vec![
                    Variant {
                        term: "signaal".into(),
                        postings: p(5),
                    },
                    Variant {
                        term: "signalen".into(),
                        postings: p(6),
                    },
                ],
                compound: Vec::new(),
            },
            Entry {
                key: "ωμεγα".into(),
                variants: vec![Variant {
                    term: "ωμεγα".into(),
                    postings: p(7),
                }],
                compound: Vec::new(),
            },
        ];
        let json = shard_json(&entries);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["k"], "Agemeent!+He+HenAhandel!Asignaal+FlenAωμεγα");
        assert_eq!(v["p"], "1k,2k~3k ~4k 5k,6k 7k");
        let back = parse_shard(v["k"].as_str().unwrap(), v["p"].as_str().unwrap()).unwrap();
        assert_eq!(back, entries);
    }

    #[test]
    fn slug_test_agrees_with_slug() {
        let titles = [
            "Eén signaal bewijst niets",
            "Acuut gevaar? Bel 112",
            "  Opvang: welke plek past?  ",
            "",
            "--",
            "a",
            "A-B",
            "Wat is een signaal?",
            "x  y",
            "Ĳsselmeer",
            "ωμέγα",
        ];
        for t in titles {
            let s = slug(t);
            for a in [
                s.as_str(),
                "",
                "a",
                "een-signaal",
                "wat-is-een-signaal",
                "wat-is-een-signaal-",
                "-wat-is-een-signaal",
                "x-y",
                "xy",
                "ijsselmeer",
            ] {
                assert_eq!(is_slug_of(a, t), a == s, "{a:?} vs {t:?}");
            }
        }
    }

    #[test]
    fn slugs_match_heading_anchors() {
        assert_eq!(
            slug("Eén signaal bewijst niets"),
            "een-signaal-bewijst-niets"
        );
        assert_eq!(slug("Acuut gevaar? Bel 112"), "acuut-gevaar-bel-112");
        assert_eq!(
            slug("  Opvang: welke plek past?  "),
            "opvang-welke-plek-past"
        );
    }

    #[test]
    fn documents_are_written_relative_to_the_previous_one() {
        let mk = |url: &str, title: &str, pt: &str| DocEntry {
            url: url.into(),
            title: title.into(),
            page_title: pt.into(),
            kind: DocKind::Beleidsplan,
            excerpt: "x".into(),
        };
        let a = mk("p/index.html", "Signalering", "");
        let b = mk(
            "p/index.html#wat-is-een-signaal",
            "Wat is een signaal?",
            "Signalering",
        );
        let c = mk("p/index.html#meldroute", "Interne meldroute", "Signalering");
        let d = mk("q/index.html#x", "X", "Andere");
        let mut s = String::new();
        doc_json(&mut s, &b, Some(&a));
        assert_eq!(s, r#"["","Wat is een signaal?","Signalering",0,"x"]"#);
        s.clear();
        doc_json(&mut s, &c, Some(&b));
        assert_eq!(s, r##"["#meldroute","Interne meldroute",1,0,"x"]"##);
        s.clear();
        doc_json(&mut s, &d, Some(&c));
        assert_eq!(s, r#"["q/index.html#x","X","Andere",0,"x"]"#);
    }

    #[test]
    fn meta_names_page_starts_and_compound_rules() {
        let docs = vec![
            doc("a/index.html", "A", DocKind::Pagina, "een"),
            doc("a/index.html#x", "X", DocKind::Pagina, "twee"),
            doc("b/index.html", "B", DocKind::Pagina, "drie"),
            doc("b/index.html#y", "Y", DocKind::Pagina, "vier"),
            doc("b/index.html#z", "Z", DocKind::Pagina, "vijf"),
            doc("c/index.html", "C", DocKind::Pagina, "zes"),
        ];
        let files = build(&docs, &[]);
        let (_, _, meta) = payload(files[0].contents.lines().next().unwrap());
        assert_eq!(meta["pg"], encode_ids(&[0, 2, 5]));
        assert_eq!(
            meta["cs"]["min"],
            super::super::compound::MIN_COMPOUND_CHARS
        );
        assert_eq!(meta["cs"]["part"], super::super::compound::MIN_PART_CHARS);
        assert_eq!(meta["cs"]["link"][1], "s");
        let no: Vec<&str> = meta["cs"]["no"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(no.contains(&"behandeling") && no.contains(&"gemeente"));
    }

    #[test]
    fn front_coding() {
        let w: Vec<String> = ["signaal", "signalen", "signalering", "slachtoffer"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(front_code(&w), "AsignaalFlenHringBlachtoffer");
    }

    fn payload(line: &str) -> (&str, usize, serde_json::Value) {
        let rest = line
            .strip_prefix("window.__kwSearch.register(\"")
            .expect("register call");
        let (kind, rest) = rest.split_once("\",").unwrap();
        let (n, rest) = rest.split_once(',').unwrap();
        let json = rest.strip_suffix(");").unwrap();
        (
            kind,
            n.parse().unwrap(),
            serde_json::from_str(json).unwrap(),
        )
    }

    fn sample(n: usize) -> Vec<super::super::SearchDoc> {
        (0..n)
            .map(|i| {
                let mut d = doc(
                    &format!("p{i}/index.html#s{i}"),
                    &format!("Sectie {i} over arbeidsuitbuiting"),
                    DocKind::Beleidsplan,
                    &format!(
                        "Tekst {i} over signalen van mensenhandel, woord{i} en term{} in de regio.",
                        i * 7
                    ),
                );
                d.gemeenten = vec!["Hoorn".into()];
                d
            })
            .collect()
    }

    #[test]
    fn small_index_is_one_valid_file() {
        let files = build(
            &sample(5),
            &[vec!["OM".into(), "Openbaar Ministerie".into()]],
        );
        assert_eq!(files.len(), 1);
        let mut kinds = Vec::new();
        for line in files[0].contents.lines() {
            let (kind, _, v) = payload(line);
            kinds.push(kind.to_string());
            if kind == "meta" {
                assert_eq!(v["n"], 5);
                assert_eq!(v["files"][0], "index-0.js");
                assert_eq!(v["facets"][1]["values"][0][0], "Hoorn");
                assert_eq!(v["syn"][0]["t"][1][0], "openbaar");
            }
        }
        assert_eq!(kinds[0], "meta");
        assert!(kinds.contains(&"t".to_string()));
        assert!(kinds.contains(&"w".to_string()));
        assert!(kinds.contains(&"d".to_string()));
    }

    #[test]
    fn building_while_writing_equals_writing_the_built_index() {
        // Enough documents for several groups of term shards.
        let docs = sample(12_000);
        let syn = vec![vec!["OM".to_string(), "Openbaar Ministerie".to_string()]];
        let files = build(&docs, &syn);
        let (_, _, meta) = payload(files[0].contents.trim_end());
        let shards = meta["t"].as_array().unwrap().len();
        assert!(shards > 32, "only {shards} term shards");
        let idx = super::super::index::Index::build(&docs, &syn);
        assert_eq!(files, emit(&idx));
        // and the same for a site that fits in one file
        let docs = sample(5);
        assert_eq!(
            build(&docs, &syn),
            emit(&super::super::index::Index::build(&docs, &syn))
        );
    }

    #[test]
    fn bounded_write_equals_the_in_memory_build() {
        // `search::write` (the site build's: documents dropped chunk by chunk, every file
        // handed out as it is made) gives the files of the index built whole and then
        // emitted: one file, just over one file, several groups of term shards.
        let syn = vec![vec!["OM".to_string(), "Openbaar Ministerie".to_string()]];
        for n in [0, 1, 5, 180, 400, 9_000] {
            let docs = sample(n);
            let whole = emit(&super::super::index::Index::build(&docs, &syn));
            let written = collect(|put| super::super::write(docs.clone(), &syn, None, put));
            assert_eq!(written.len(), whole.len(), "{n} docs");
            assert_eq!(written, whole, "{n} docs");
            // The same with the bodies parked in a spill file (large sites): all of a body, or
            // what follows a prefix kept in memory, as the page's own document has it.
            let spill = crate::util::spill::Spill::new().expect("temporary file");
            let parked: Vec<super::super::SearchDoc> = docs
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let mut d = d.clone();
                    // Cut inside a word (the body is tokenised whole again) or after a
                    // space (its two parts apart).
                    let keep = match i % 3 {
                        0 => d.body.char_indices().nth(7).map_or(0, |(at, _)| at),
                        1 => d.body.find(' ').map_or(0, |at| at + 1),
                        _ => 0,
                    };
                    d.spilled = spill.put(&d.body[keep..]);
                    d.body.truncate(keep);
                    d
                })
                .collect();
            let written = collect(|put| super::super::write(parked, &syn, Some(&spill), put));
            assert!(!spill.failed());
            assert_eq!(written, whole, "{n} docs parked");
        }
    }

    #[test]
    fn parts_go_out_before_the_first_file() {
        // A large index is never held whole: every part is handed out before the meta
        // part, the last file, is written.
        let order = std::sync::Mutex::new(Vec::new());
        super::super::write(sample(3_000), &[], None, &|f| {
            crate::util::sync::lock(&order).push(f.path)
        });
        let order = order.into_inner().unwrap();
        assert!(order.len() > 10);
        assert_eq!(order.last().map(String::as_str), Some("zoeken/index-0.js"));
    }

    #[test]
    fn large_index_is_split_and_every_part_is_named_in_meta() {
        let docs = sample(2_000);
        let files = build(&docs, &[]);
        assert!(files.len() > 3);
        let (_, _, meta) = payload(files[0].contents.trim_end());
        let names: Vec<String> = meta["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| format!("zoeken/{}", v.as_str().unwrap()))
            .collect();
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(names, paths);
        let mut entries = Vec::new();
        for f in &files[1..] {
            assert!(f.contents.len() < 100_000, "{} too big", f.path);
            for line in f.contents.lines() {
                let (kind, _, v) = payload(line);
                if kind == "t" {
                    let k = v["k"].as_str().unwrap();
                    let p = v["p"].as_str().unwrap();
                    entries.extend(parse_shard(k, p).expect("shard parses"));
                }
            }
        }
        // the shards hold exactly the index's entries
        let idx = super::super::index::Index::build(&docs, &[]);
        assert_eq!(entries, idx.entries);
        // the first keys of the term shards are sorted
        let firsts: Vec<String> = meta["t"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_str().unwrap().to_string())
            .collect();
        let mut sorted = firsts.clone();
        sorted.sort();
        assert_eq!(firsts, sorted);
    }
}
