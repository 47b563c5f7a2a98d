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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::compound::Splitter;
use super::fold::{fold, is_stop_word, tokenize};
use super::stem::stem;
use super::{DocKind, SearchDoc};

/// A small, fast, non-cryptographic hasher (the FxHash mix) for the
/// indexer's string maps; the keys come from the site itself.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

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
    format!("{}…", text[..cut].trim_end())
}

/// Collapse runs of white space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tokens of one field of one document: (folded term, counts towards length).
fn field_tokens(text: &str, keep_stop: bool) -> Vec<(String, bool)> {
    tokenize(text)
        .into_iter()
        .filter(|t| keep_stop || t.upper || !is_stop_word(&t.text))
        .map(|t| (t.text, !t.part))
        .collect()
}

/// Per document: per field, the tokens.
type DocTokens = [Vec<(String, bool)>; FIELDS];

fn doc_tokens(d: &SearchDoc) -> DocTokens {
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

impl Index {
    /// Build the index of `docs`.
    pub fn build(docs: &[SearchDoc], synonyms: &[Vec<String>]) -> Index {
        let tokens: Vec<DocTokens> = docs.iter().map(doc_tokens).collect();

        // Field lengths and averages.
        let lens: Vec<[u32; FIELDS]> = tokens
            .iter()
            .map(|ft| {
                let mut l = [0u32; FIELDS];
                for f in 0..FIELDS {
                    l[f] = ft[f].iter().filter(|(_, counts)| *counts).count() as u32;
                }
                l
            })
            .collect();
        let mut avg = [0f64; FIELDS];
        for f in 0..FIELDS {
            let (sum, n) = lens
                .iter()
                .filter(|l| l[f] > 0)
                .fold((0u64, 0u64), |(s, n), l| (s + l[f] as u64, n + 1));
            avg[f] = if n == 0 { 0.0 } else { sum as f64 / n as f64 };
        }

        // Vocabulary, compound parts per term.
        let vocab: FastSet<&str> = tokens
            .iter()
            .flat_map(|ft| ft.iter().flatten().map(|(t, _)| t.as_str()))
            .collect();
        let splitter = Splitter::new(vocab.iter().copied());
        let mut parts_of: FastMap<&str, Vec<String>> = FastMap::default();
        for &t in &vocab {
            let parts = splitter.split(t);
            if !parts.is_empty() {
                let mut keys: Vec<String> = parts.iter().map(|p| stem(p)).collect();
                let own = stem(t);
                keys.retain(|k| *k != own);
                keys.sort();
                keys.dedup();
                if !keys.is_empty() {
                    parts_of.insert(t, keys);
                }
            }
        }

        // Postings: term → (doc → tf), part key → (doc → tf).
        let mut term_post: FastMap<&str, Vec<(u32, Tf)>> = FastMap::default();
        let mut comp_post: FastMap<&str, Vec<(u32, Tf)>> = FastMap::default();
        for (d, ft) in tokens.iter().enumerate() {
            let d = d as u32;
            let mut tf: FastMap<&str, Tf> = FastMap::default();
            let mut ctf: FastMap<&str, Tf> = FastMap::default();
            for (f, toks) in ft.iter().enumerate() {
                for (t, _) in toks {
                    tf.entry(t.as_str()).or_default()[f] += 1;
                    if let Some(keys) = parts_of.get(t.as_str()) {
                        for k in keys {
                            ctf.entry(k.as_str()).or_default()[f] += 1;
                        }
                    }
                }
            }
            for (t, v) in tf {
                term_post.entry(t).or_default().push((d, v));
            }
            for (k, v) in ctf {
                comp_post.entry(k).or_default().push((d, v));
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
        let mut words: Vec<String> = Vec::with_capacity(term_post.len());
        for (t, mut list) in term_post {
            let key = stem(t);
            let e = by_key.entry(key.clone()).or_insert_with(|| Entry {
                key,
                variants: Vec::new(),
                compound: Vec::new(),
            });
            e.variants.push(Variant {
                term: t.to_string(),
                postings: to_postings(&mut list),
            });
            words.push(t.to_string());
        }
        for (k, mut list) in comp_post {
            let postings = to_postings(&mut list);
            let e = by_key.entry(k.to_string()).or_insert_with(|| Entry {
                key: k.to_string(),
                variants: Vec::new(),
                compound: Vec::new(),
            });
            e.compound = postings;
        }
        let mut entries: Vec<Entry> = by_key.into_values().collect();
        for e in &mut entries {
            e.variants.sort_by(|a, b| a.term.cmp(&b.term));
        }
        words.sort();

        // Documents.
        let per_doc = excerpt_chars(docs.len());
        let doc_entries: Vec<DocEntry> = docs
            .iter()
            .map(|d| DocEntry {
                url: d.url.clone(),
                title: squash(&d.title),
                page_title: if d.page_title == d.title {
                    String::new()
                } else {
                    squash(&d.page_title)
                },
                kind: d.kind,
                excerpt: cut_at_word(&squash(&d.body), per_doc),
            })
            .collect();

        // Facets.
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
