//! A Rust mirror of the client's query function (`search.js`, `query`), used
//! by the tests to check matching and ranking on an in-memory [`Index`].
//! Keep the constants and steps in step with `search.js`.

use std::collections::HashMap;

use super::compound::Splitter;
use super::emit::page_starts;
use super::fold::{is_stop_word, tokenize};
use super::index::{dequantize, Index, Posting};

use super::stem::stem;

/// Match classes, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Exact,
    Stem,
    Compound,
    Synonym,
    Prefix,
    Typo,
}

impl Class {
    pub fn weight(self) -> f64 {
        match self {
            Class::Exact => 1.0,
            Class::Stem => 0.9,
            Class::Compound => 0.7,
            Class::Synonym => 0.7,
            Class::Prefix => 0.6,
            Class::Typo => 0.5,
        }
    }
}

/// Weight of a stop word that is not required.
const STOP_WEIGHT: f64 = 0.3;
/// Most prefix expansions per query word.
const MAX_PREFIX: usize = 12;
/// Most typo corrections per query word.
const MAX_TYPO: usize = 3;
/// Results re-ranked with the phrase and title bonuses.
const RERANK: usize = 10;
/// A part of a split query word that is an inflection of the part, or a
/// compound holding it, weighs this much of the part itself.
const PART_STEM: f64 = 0.9;
const PART_COMPOUND: f64 = 0.7;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The last word may still be incomplete: prefix-match it from 2 letters.
    pub typing: bool,
    /// Facet filters: (facet name, accepted values).
    pub filters: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: u32,
    pub score: f64,
    pub class: Class,
}

/// A page among the results: its best section (`head`) and its other
/// matching sections (`subs`), best first; indexes into `Outcome::hits`.
#[derive(Debug, Clone)]
pub struct Group {
    pub head: usize,
    pub subs: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    /// The hits grouped by page, in the order of their best section.
    pub groups: Vec<Group>,
    /// Synonyms that contributed ("Ook gezocht op").
    pub synonyms_used: Vec<String>,
    /// A corrected query ("Bedoelde u").
    pub did_you_mean: Option<String>,
}

#[derive(Debug, Clone)]
struct QTok {
    text: String,
    stop: bool,
    phrase: bool,
}

fn idf(n: usize, df: usize) -> f64 {
    let (n, df) = (n as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

type Scores = HashMap<u32, (f64, Class)>;

/// Postings lists that matched one query word, with their class and an extra factor.
type Lists<'a> = Vec<(&'a [Posting], Class, f64)>;

/// Score the lists of one query word. The idf belongs to the word, not to the
/// list: it uses the documents matched in any way (the sum of the list
/// lengths, at most N), so the class weights decide between a rare compound
/// and a common exact form.
fn score_lists(idx: &Index, lists: &Lists) -> Scores {
    let n = idx.docs.len();
    let df = lists.iter().map(|l| l.0.len()).sum::<usize>().min(n);
    let w_idf = idf(n, df);
    let mut out = Scores::new();
    for (list, class, extra) in lists {
        let w = class.weight() * w_idf * extra;
        for p in *list {
            let s = w * dequantize(p.impact, idx.units[p.doc as usize]);
            let e = out.entry(p.doc).or_insert((0.0, *class));
            if s > e.0 {
                *e = (s, *class);
            }
        }
    }
    out
}

/// Damerau-Levenshtein (optimal string alignment) distance, bounded.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

fn variant_postings<'a>(idx: &'a Index, word: &str) -> Option<&'a [Posting]> {
    idx.entry(&stem(word))?
        .variants
        .iter()
        .find(|v| v.term == word)
        .map(|v| v.postings.as_slice())
}

/// Scores of one query word per document, and a typo correction if one was used.
fn term_scores(idx: &Index, t: &QTok, prefix_ok: bool) -> (Scores, Option<String>) {
    let mut lists: Lists = Vec::new();
    let key = stem(&t.text);
    if let Some(e) = idx.entry(&key) {
        for v in &e.variants {
            if v.term == t.text {
                lists.push((&v.postings, Class::Exact, 1.0));
            } else if !t.stop {
                lists.push((&v.postings, Class::Stem, 1.0));
            }
        }
        if !t.stop && !e.compound.is_empty() {
            lists.push((&e.compound, Class::Compound, 1.0));
        }
    }
    if t.stop {
        return (score_lists(idx, &lists), None);
    }
    // A word the index does not hold: the words it is made of, all of them.
    let own = idx.entry(&key).is_some_and(|e| !e.variants.is_empty());
    let mut split = Scores::new();
    if !own {
        let parts = splitter(idx).split_query(&t.text);
        if parts.len() >= 2 {
            split = parts_scores(idx, &parts);
        }
    }
    if prefix_ok {
        let start = idx.words.partition_point(|w| w.as_str() < t.text.as_str());
        let mut cands: Vec<&String> = idx.words[start..]
            .iter()
            .take_while(|w| w.starts_with(&t.text))
            .filter(|w| **w != t.text && stem(w) != key && !is_stop_word(w))
            .collect();
        cands.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
        for w in cands.into_iter().take(MAX_PREFIX) {
            if let Some(list) = variant_postings(idx, w) {
                lists.push((list, Class::Prefix, 1.0));
            }
        }
    }
    let len = t.text.chars().count();
    if lists.is_empty() && split.is_empty() && len >= 5 {
        let maxd = if len <= 8 { 1 } else { 2 };
        let first = t.text.chars().next();
        let mut cands: Vec<(usize, usize, &String)> = idx
            .words
            .iter()
            .filter(|w| w.chars().next() == first)
            .filter(|w| w.chars().count().abs_diff(len) <= maxd)
            .filter_map(|w| {
                let d = edit_distance(&t.text, w);
                let df = variant_postings(idx, w).map_or(0, |l| l.len());
                (d <= maxd && df > 0).then_some((d, usize::MAX - df, w))
            })
            .collect();
        cands.sort();
        let best = cands.first().map(|c| c.2.clone());
        for (_, _, w) in cands.into_iter().take(MAX_TYPO) {
            if let Some(list) = variant_postings(idx, w) {
                lists.push((list, Class::Typo, 1.0));
            }
        }
        return (score_lists(idx, &lists), best);
    }
    (add_split(score_lists(idx, &lists), split), None)
}

/// The whole word's scores plus the split word's: a document with the whole
/// word (as part of a longer compound) and its parts ranks first.
fn add_split(mut whole: Scores, split: Scores) -> Scores {
    for (d, (v, c)) in split {
        let e = whole.entry(d).or_insert((0.0, c));
        e.0 += v;
        e.1 = e.1.min(c);
    }
    whole
}

/// The lexicon of the index's own words (as `search.js` reads it from the
/// word lists, with the domain words of the rules).
fn splitter(idx: &Index) -> Splitter {
    Splitter::new(idx.words.iter())
}

/// Scores of the parts of a split query word: documents that hold every part
/// (itself, an inflection, or a compound holding it), the parts' scores summed.
fn parts_scores(idx: &Index, parts: &[String]) -> Scores {
    let mut total: Option<Scores> = None;
    for p in parts {
        let mut lists: Lists = Vec::new();
        if let Some(e) = idx.entry(&stem(p)) {
            for v in &e.variants {
                let x = if v.term == *p { 1.0 } else { PART_STEM };
                lists.push((&v.postings, Class::Compound, x));
            }
            if !e.compound.is_empty() {
                lists.push((&e.compound, Class::Compound, PART_COMPOUND));
            }
        }
        total = Some(and_scores(total, score_lists(idx, &lists)));
    }
    total.unwrap_or_default()
}

/// The page of every document: documents in a run with the same page URL
/// share a number (see `emit::page_starts`).
pub fn pages(idx: &Index) -> Vec<u32> {
    let starts = page_starts(&idx.docs);
    let mut out = vec![0u32; idx.docs.len()];
    let mut page = 0u32;
    let mut next = 1;
    for (d, slot) in out.iter_mut().enumerate() {
        if next < starts.len() && starts[next] as usize == d {
            page += 1;
            next += 1;
        }
        *slot = page;
    }
    out
}

/// The documents in both `total` (none yet: all of `s`) and `s`, their scores summed; the
/// class stays `total`'s (search.js `andScores`).
fn and_scores(total: Option<Scores>, s: Scores) -> Scores {
    match total {
        None => s,
        Some(t) => t
            .into_iter()
            .filter_map(|(d, (a, c))| s.get(&d).map(|(b, _)| (d, (a + b, c))))
            .collect(),
    }
}

/// Scores of a synonym member (all its words must match, exact or stem).
fn member_scores(idx: &Index, words: &[String]) -> Scores {
    let mut total: Option<Scores> = None;
    for w in words {
        let mut lists: Lists = Vec::new();
        if let Some(e) = idx.entry(&stem(w)) {
            for v in &e.variants {
                let c = if v.term == *w {
                    1.0
                } else {
                    Class::Stem.weight()
                };
                lists.push((&v.postings, Class::Synonym, c));
            }
        }
        total = Some(and_scores(total, score_lists(idx, &lists)));
    }
    total.unwrap_or_default()
}

fn normalise(s: &str) -> String {
    tokenize(s)
        .into_iter()
        .filter(|t| !t.part)
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run a query.
pub fn search(idx: &Index, q: &str, opts: &Options) -> Outcome {
    // Tokens, with quoted phrases marked.
    let mut toks: Vec<QTok> = Vec::new();
    for (i, seg) in q.split('"').enumerate() {
        let phrase = i % 2 == 1 && q.matches('"').count() >= 2;
        for t in tokenize(seg).into_iter().filter(|t| !t.part) {
            let stop = is_stop_word(&t.text) && !t.upper;
            toks.push(QTok {
                text: t.text,
                stop,
                phrase,
            });
        }
    }
    if toks.iter().all(|t| t.stop) {
        for t in &mut toks {
            t.stop = false;
        }
    }
    let n_tok = toks.len();

    // Clauses, with synonym spans (longest member first).
    struct Clause {
        own: Vec<usize>,
        alts: Vec<(String, Vec<String>)>,
        required: bool,
        phrase: bool,
    }
    let mut clauses: Vec<Clause> = Vec::new();
    let mut i = 0;
    while i < n_tok {
        let mut best: Option<(usize, usize, usize)> = None; // (len, group, member)
        for (g, grp) in idx.synonyms.iter().enumerate() {
            for (m, mem) in grp.tokens.iter().enumerate() {
                let k = mem.len();
                if i + k > n_tok || best.is_some_and(|b| b.0 >= k) {
                    continue;
                }
                if k == 1 && toks[i].stop {
                    continue;
                }
                if (0..k).all(|j| toks[i + j].text == mem[j]) {
                    best = Some((k, g, m));
                }
            }
        }
        match best {
            Some((k, g, m)) => {
                let grp = &idx.synonyms[g];
                let alts = grp
                    .tokens
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != m)
                    .map(|(j, t)| (grp.display[j].clone(), t.clone()))
                    .collect();
                clauses.push(Clause {
                    own: (i..i + k).collect(),
                    alts,
                    required: true,
                    phrase: toks[i].phrase,
                });
                i += k;
            }
            None => {
                clauses.push(Clause {
                    own: vec![i],
                    alts: Vec::new(),
                    required: !toks[i].stop,
                    phrase: toks[i].phrase,
                });
                i += 1;
            }
        }
    }

    let mut doc_score: HashMap<u32, (f64, Class, usize, usize)> = HashMap::new();
    let mut syn_docs: HashMap<u32, Vec<String>> = HashMap::new();
    let mut corrections: Vec<(usize, String)> = Vec::new();
    let required = clauses.iter().filter(|c| c.required).count();
    let mut phrase_clauses = 0;
    for c in &clauses {
        if c.phrase {
            phrase_clauses += 1;
        }
        let mut cs: HashMap<u32, (f64, Class, Option<String>)> = HashMap::new();
        for &ti in &c.own {
            let t = &toks[ti];
            let prefix_ok = !c.phrase
                && (t.text.chars().count() >= 3
                    || (opts.typing && ti + 1 == n_tok && t.text.chars().count() >= 2));
            let (s, fix) = term_scores(idx, t, prefix_ok);
            if let Some(f) = fix {
                corrections.push((ti, f));
            }
            let w = if t.stop { STOP_WEIGHT } else { 1.0 };
            for (d, (v, cl)) in s {
                let e = cs.entry(d).or_insert((0.0, cl, None));
                e.0 += v * w;
                e.1 = e.1.min(cl);
            }
        }
        for (display, words) in &c.alts {
            // a member of m words stands in for the k words of the query
            let scale = c.own.len() as f64 / words.len().max(1) as f64;
            for (d, (v, _)) in member_scores(idx, words) {
                let v = v * scale;
                let e = cs.entry(d).or_insert((0.0, Class::Synonym, None));
                if v > e.0 {
                    *e = (v, Class::Synonym, Some(display.clone()));
                }
            }
        }
        for (d, (v, cl, syn)) in cs {
            let e = doc_score.entry(d).or_insert((0.0, cl, 0, 0));
            e.0 += v;
            e.1 = e.1.min(cl);
            if c.required {
                e.2 += 1;
            }
            if c.phrase {
                e.3 += 1;
            }
            if let Some(s) = syn {
                syn_docs.entry(d).or_default().push(s);
            }
        }
    }

    // Facet filters.
    let allowed = |d: u32| -> bool {
        opts.filters.iter().all(|(name, vals)| {
            if vals.is_empty() {
                return true;
            }
            idx.facets.iter().find(|f| f.name == name).is_some_and(|f| {
                f.values
                    .iter()
                    .any(|(v, _, ids)| vals.contains(v) && ids.binary_search(&d).is_ok())
            })
        })
    };

    let mut hits: Vec<Hit> = doc_score
        .into_iter()
        .filter(|(d, v)| v.3 == phrase_clauses && (required == 0 || v.2 > 0) && allowed(*d))
        .map(|(doc, (s, class, matched, _))| {
            let coord = if required == 0 {
                1.0
            } else {
                (matched as f64 / required as f64).powi(2)
            };
            Hit {
                doc,
                score: s * coord,
                class,
            }
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));

    // Bonuses on the top results: the query as a phrase in the title or the
    // excerpt, and a title equal to the query.
    let nq = normalise(&q.replace('"', " "));
    let quoted: Vec<String> = if q.matches('"').count() >= 2 {
        q.split('"')
            .skip(1)
            .step_by(2)
            .map(normalise)
            .filter(|p| p.contains(' '))
            .collect()
    } else {
        Vec::new()
    };
    let top = hits.len().min(RERANK);
    for h in &mut hits[..top] {
        let d = &idx.docs[h.doc as usize];
        let title = format!(" {} ", normalise(&d.title));
        let text = format!(" {} ", normalise(&d.excerpt));
        let has = |p: &str| {
            let p = format!(" {p} ");
            (title.contains(&p), text.contains(&p))
        };
        if n_tok >= 2 {
            match has(&nq) {
                (true, _) => h.score *= 1.5,
                (false, true) => h.score *= 1.2,
                _ => {}
            }
        }
        for p in &quoted {
            if matches!(has(p), (true, _) | (_, true)) {
                h.score *= 2.0;
            }
        }
        if title.trim() == nq {
            h.score *= 1.3;
        }
    }
    hits[..top].sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));

    let mut synonyms_used: Vec<String> = Vec::new();
    for h in hits.iter().take(RERANK) {
        for s in syn_docs.get(&h.doc).into_iter().flatten() {
            if !synonyms_used.contains(s) {
                synonyms_used.push(s.clone());
            }
        }
    }
    let did_you_mean = if corrections.is_empty() {
        None
    } else {
        let mut words: Vec<String> = toks.iter().map(|t| t.text.clone()).collect();
        for (i, f) in corrections {
            words[i] = f;
        }
        Some(words.join(" "))
    };
    // One page once: its best section heads the group, the others follow it.
    let page = pages(idx);
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<u32, usize> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        let p = page[h.doc as usize];
        match group_of.get(&p) {
            Some(&g) => groups[g].subs.push(i),
            None => {
                group_of.insert(p, groups.len());
                groups.push(Group {
                    head: i,
                    subs: Vec::new(),
                });
            }
        }
    }
    Outcome {
        hits,
        groups,
        synonyms_used,
        did_you_mean,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdocs::doc;
    use super::super::{DocKind, SearchDoc};
    use super::*;

    fn body(word: &str) -> String {
        format!("{word} alpha beta gamma")
    }

    fn corpus() -> Vec<SearchDoc> {
        vec![
            doc("exact", "Een", DocKind::Pagina, &body("handel")),
            doc("stem", "Twee", DocKind::Pagina, &body("handelen")),
            doc("compound", "Drie", DocKind::Pagina, &body("mensenhandel")),
            doc("prefix", "Vier", DocKind::Pagina, &body("handelsgeest")),
            doc("trap", "Vijf", DocKind::Pagina, &body("behandeling")),
            doc("trap2", "Zes", DocKind::Pagina, &body("afhandeling")),
            doc("zorg", "Zeven", DocKind::Pagina, &body("bezorgd")),
            doc("gemeente", "Acht", DocKind::Pagina, &body("menen")),
            doc("geweld", "Negen", DocKind::Pagina, &body("welkom wel")),
            doc("gezond", "Tien", DocKind::Pagina, &body("zon")),
        ]
    }

    fn urls(idx: &Index, o: &Outcome) -> Vec<String> {
        o.hits
            .iter()
            .map(|h| idx.docs[h.doc as usize].url.clone())
            .collect()
    }

    #[test]
    fn classes_rank_exact_stem_compound_prefix_typo() {
        let idx = Index::build(&corpus(), &[]);
        let o = search(&idx, "handel", &Options::default());
        assert_eq!(urls(&idx, &o), vec!["exact", "stem", "compound", "prefix"]);
        let classes: Vec<Class> = o.hits.iter().map(|h| h.class).collect();
        assert_eq!(
            classes,
            vec![Class::Exact, Class::Stem, Class::Compound, Class::Prefix]
        );
        // a typo only comes in as a fallback
        let t = search(&idx, "handek", &Options::default());
        assert_eq!(t.hits[0].class, Class::Typo);
        assert_eq!(idx.docs[t.hits[0].doc as usize].url, "exact");
        assert_eq!(t.did_you_mean.as_deref(), Some("handel"));
    }

    #[test]
    fn a_compound_the_index_lacks_is_split_into_its_words() {
        let docs = vec![
            doc(
                "both",
                "Signalen",
                DocKind::Pagina,
                "Signalen van mensenhandel herkennen.",
            ),
            doc(
                "one",
                "Signalen",
                DocKind::Pagina,
                "Signalen van uitbuiting.",
            ),
            doc(
                "whole",
                "Overleg",
                DocKind::Pagina,
                "Het mensenhandelsignalenoverleg.",
            ),
            doc(
                "trap",
                "Zorg",
                DocKind::Pagina,
                "Een behandeling en handel en zorg.",
            ),
            doc("r", "Route", DocKind::Route, "De route bij uitbuiting."),
        ];
        let idx = Index::build(&docs, &[]);
        let o = search(&idx, "mensenhandelsignalen", &Options::default());
        // both parts as words first, then both inside a longer compound;
        // a page with one part only is no hit
        assert_eq!(urls(&idx, &o), vec!["both", "whole"]);
        assert_eq!(o.hits[0].class, Class::Compound);
        // a word the index holds is not split
        let o = search(&idx, "mensenhandel", &Options::default());
        assert_eq!(o.hits[0].class, Class::Exact);
        // linking s
        let o = search(&idx, "uitbuitingsroute", &Options::default());
        assert_eq!(urls(&idx, &o), vec!["r"]);
        // trap words are never split, and never a stop word or a short part
        assert!(splitter(&idx).split_query("behandeling").is_empty());
        assert!(splitter(&idx).split_query("gemeente").is_empty());
        assert!(splitter(&idx).split_query("vanuitbuiting").is_empty());
    }

    #[test]
    fn sections_are_grouped_under_their_page() {
        let docs = vec![
            doc(
                "a/index.html",
                "Uitbuiting",
                DocKind::Pagina,
                "uitbuiting uitbuiting",
            ),
            doc(
                "a/index.html#x",
                "Uitbuiting x",
                DocKind::Pagina,
                "uitbuiting",
            ),
            doc(
                "a/index.html#y",
                "Uitbuiting y",
                DocKind::Pagina,
                "uitbuiting",
            ),
            doc("b/index.html", "Anders", DocKind::Pagina, "uitbuiting"),
        ];
        let idx = Index::build(&docs, &[]);
        let o = search(&idx, "uitbuiting", &Options::default());
        assert_eq!(o.hits.len(), 4);
        assert_eq!(o.groups.len(), 2);
        let heads: Vec<&str> = o
            .groups
            .iter()
            .map(|g| idx.docs[o.hits[g.head].doc as usize].url.as_str())
            .collect();
        assert!(heads[0].starts_with("a/index.html"), "{heads:?}");
        assert_eq!(heads[1], "b/index.html");
        assert_eq!(o.groups[0].subs.len(), 2);
    }

    #[test]
    fn stop_words_alone_make_no_result() {
        let docs = vec![doc("a", "Wat is het", DocKind::Pagina, "Een vraag.")];
        let idx = Index::build(&docs, &[]);
        assert!(search(&idx, "wat is een kapsalon", &Options::default())
            .hits
            .is_empty());
        // a query of stop words only still finds them
        assert_eq!(
            search(&idx, "wat is het", &Options::default()).hits.len(),
            1
        );
    }

    #[test]
    fn a_typo_match_weighs_less_than_a_prefix_match() {
        let idx = Index::build(
            &[doc("u", "Een", DocKind::Pagina, &body("arbeidsmarkt"))],
            &[],
        );
        let exact = search(&idx, "arbeidsmarkt", &Options::default()).hits[0].score;
        let prefix = search(&idx, "arbeidsma", &Options::default()).hits[0].score;
        let typo = search(&idx, "arbeidsmakt", &Options::default()).hits[0].score;
        assert!(exact > prefix && prefix > typo, "{exact} {prefix} {typo}");
        assert!((prefix / exact - Class::Prefix.weight()).abs() < 1e-9);
        assert!((typo / exact - Class::Typo.weight()).abs() < 1e-9);
        let w: Vec<f64> = [
            Class::Exact,
            Class::Stem,
            Class::Compound,
            Class::Prefix,
            Class::Typo,
        ]
        .iter()
        .map(|c| c.weight())
        .collect();
        assert!(w.windows(2).all(|p| p[0] > p[1]));
        assert_eq!(Class::Synonym.weight(), Class::Compound.weight());
    }

    #[test]
    fn traps_never_match() {
        let idx = Index::build(&corpus(), &[]);
        for (q, bad) in [
            ("handel", "trap"),
            ("handel", "trap2"),
            ("zorg", "zorg"),
            ("gemeente", "gemeente"),
            ("geweld", "geweld"),
            ("gezondheid", "gezond"),
        ] {
            let o = search(&idx, q, &Options::default());
            assert!(
                !urls(&idx, &o).contains(&bad.to_string()),
                "{q} found {bad}"
            );
        }
    }

    #[test]
    fn synonyms_are_found_and_reported() {
        let docs = vec![
            doc(
                "lb",
                "Pooierboys",
                DocKind::Begrip,
                "Een pooierboy maakt meisjes afhankelijk.",
            ),
            doc(
                "om",
                "Openbaar Ministerie",
                DocKind::Partner,
                "Vervolging van daders.",
            ),
            doc(
                "x",
                "Anders",
                DocKind::Pagina,
                "Niets hiervan; om te beginnen.",
            ),
        ];
        let syn = vec![
            vec!["loverboy".to_string(), "pooierboy".to_string()],
            vec!["OM".to_string(), "Openbaar Ministerie".to_string()],
        ];
        let idx = Index::build(&docs, &syn);
        let o = search(&idx, "loverboy", &Options::default());
        assert_eq!(urls(&idx, &o), vec!["lb"]);
        assert_eq!(o.hits[0].class, Class::Synonym);
        assert_eq!(o.synonyms_used, vec!["pooierboy"]);
        let o = search(&idx, "OM", &Options::default());
        assert_eq!(urls(&idx, &o)[0], "om");
        // lower-case "om" inside a question is the stop word, not the acronym
        let o = search(&idx, "wat doet het om te beginnen", &Options::default());
        assert_eq!(urls(&idx, &o), vec!["x"]);
    }

    #[test]
    fn stop_words_never_block_and_questions_work() {
        let docs = vec![
            doc(
                "wbi",
                "Wie bel ik?",
                DocKind::Route,
                "Bij acuut gevaar: bel 112.",
            ),
            doc(
                "other",
                "Signalen",
                DocKind::Pagina,
                "Let op gevaar en signalen.",
            ),
        ];
        let idx = Index::build(&docs, &[]);
        let o = search(&idx, "wie bel ik bij acuut gevaar", &Options::default());
        assert_eq!(urls(&idx, &o)[0], "wbi");
        let o = search(&idx, "Wie bel ik", &Options::default());
        assert_eq!(urls(&idx, &o)[0], "wbi");
    }

    #[test]
    fn diacritics_and_inflection() {
        let docs = vec![
            doc(
                "fin",
                "Geld",
                DocKind::Pagina,
                "Financiële uitbuiting door schulden.",
            ),
            doc(
                "zc",
                "Zorgcoördinator",
                DocKind::Partner,
                "Coördineert de zorg.",
            ),
            doc(
                "sig",
                "Signalen",
                DocKind::Signalenlijst,
                "Signalen van uitbuiting.",
            ),
        ];
        let idx = Index::build(&docs, &[]);
        assert_eq!(
            urls(&idx, &search(&idx, "financiele", &Options::default()))[0],
            "fin"
        );
        assert_eq!(
            urls(&idx, &search(&idx, "zorgcoordinator", &Options::default()))[0],
            "zc"
        );
        assert_eq!(
            urls(&idx, &search(&idx, "signaal", &Options::default()))[0],
            "sig"
        );
    }

    #[test]
    fn prefix_while_typing() {
        let docs = vec![doc("a", "Stroomschema", DocKind::Route, "Wie doet wat.")];
        let idx = Index::build(&docs, &[]);
        assert_eq!(search(&idx, "stroo", &Options::default()).hits.len(), 1);
        assert_eq!(search(&idx, "st", &Options::default()).hits.len(), 0);
        let typing = Options {
            typing: true,
            ..Options::default()
        };
        assert_eq!(search(&idx, "st", &typing).hits.len(), 1);
    }

    #[test]
    fn typo_lengths() {
        let docs = vec![
            doc("u", "Uitbuiting", DocKind::Pagina, "arbeidsuitbuiting"),
            doc("m", "Mensenhandel", DocKind::Pagina, "mensenhandel"),
            doc("c", "CoMensha", DocKind::Partner, "landelijk"),
        ];
        let idx = Index::build(&docs, &[]);
        for (q, want) in [
            ("uitbuting", "u"),
            ("mensehandel", "m"),
            ("comensa", "c"),
            ("mensenhndl", "m"),
        ] {
            let o = search(&idx, q, &Options::default());
            assert_eq!(
                urls(&idx, &o).first().map(String::as_str),
                Some(want),
                "{q}"
            );
        }
        // four letters: no typo tolerance
        assert!(search(&idx, "uitb", &Options::default())
            .hits
            .iter()
            .all(|h| h.class == Class::Prefix));
        assert!(search(&idx, "comx", &Options::default()).hits.is_empty());
        assert_eq!(edit_distance("uitbuting", "uitbuiting"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn phrase_and_facets() {
        let mut a = doc(
            "a",
            "Vormen",
            DocKind::Beleidsplan,
            "seksuele uitbuiting komt voor; criminele zaken.",
        );
        a.gemeenten = vec!["Hoorn".into()];
        let mut b = doc(
            "b",
            "Anders",
            DocKind::Beleidsplan,
            "criminele uitbuiting en seksuele voorlichting.",
        );
        b.gemeenten = vec!["Enkhuizen".into()];
        let idx = Index::build(&[a, b], &[]);
        let o = search(&idx, "\"seksuele uitbuiting\"", &Options::default());
        assert_eq!(urls(&idx, &o)[0], "a");
        let o = search(&idx, "\"criminele uitbuiting\"", &Options::default());
        assert_eq!(urls(&idx, &o)[0], "b");
        let f = Options {
            filters: vec![("gemeente".into(), vec!["Enkhuizen".into()])],
            ..Options::default()
        };
        assert_eq!(
            urls(&idx, &search(&idx, "seksuele uitbuiting", &f)),
            vec!["b"]
        );
    }
}

#[cfg(test)]
mod parity {
    //! The browser client must rank exactly like this mirror. Runs search.js
    //! under Node on a fixture index; skipped (with a note) when `node` is
    //! not installed.
    use super::super::testdocs::doc;
    use super::super::{emit, DocKind, SearchDoc};
    use super::*;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    fn corpus() -> Vec<SearchDoc> {
        let mut docs = vec![
            doc("a/index.html", "Arbeidsuitbuiting", DocKind::Signalenlijst,
                "Signalen van arbeidsuitbuiting: lange dagen, weinig loon, slechte huisvesting bij de werkgever."),
            doc("a/index.html#wonen", "Wonen en afhankelijkheid", DocKind::Signalenlijst,
                "Arbeidsmigranten wonen vaak bij de werkgever. Zo'n woning is soms overvol."),
            doc("b/index.html", "Mensenhandel", DocKind::Begrip,
                "Mensenhandel is het werven of vervoeren van mensen met dwang, om ze uit te buiten."),
            doc("c/index.html", "Behandeling en zorg", DocKind::Pagina,
                "Een medische behandeling; de arts is bezorgd over de gezondheid."),
            doc("d/index.html", "Wie bel ik?", DocKind::Route,
                "Bij acuut gevaar bel je 112. Geen spoed? Bel de politie of Veilig Thuis."),
            doc("e/index.html", "Openbaar Ministerie", DocKind::Partner,
                "Het OM vervolgt daders van mensenhandel en seksuele uitbuiting."),
            doc("f/index.html", "Loverboy", DocKind::Begrip,
                "Een pooierboy maakt een meisje verliefd en buit haar uit."),
            doc("g/index.html", "Gemeenten", DocKind::Pagina,
                "De zeven gemeenten werken samen; elke gemeente heeft een aandachtsfunctionaris."),
            doc("h/index.html", "Welkom", DocKind::Pagina, "Welkom op de site; zon en wel."),
            doc("i/index.html", "Zorgcoördinator", DocKind::Partner,
                "De zorgcoördinator regelt opvang en hulp; coördinatie met CoMensha."),
        ];
        docs[5].aliases = vec!["OM".into()];
        docs[5].gemeenten = vec!["Hoorn".into(), "Enkhuizen".into()];
        docs[9].gemeenten = vec!["Hoorn".into()];
        docs[9].rollen = vec!["zorg".into(), "opvang".into()];
        // an anchor that is the slug of its title (written as "" in the chunk)
        docs.push(doc(
            "a/index.html#werk-en-loon",
            "Werk en loon",
            DocKind::Signalenlijst,
            "Veel te weinig loon en lange dagen bij de werkgever.",
        ));
        docs
    }

    const QUERIES: &[&str] = &[
        "uitbuiting",
        "arbeid",
        "handel",
        "mensen",
        "zorg",
        "gemeente",
        "geweld",
        "gezondheid",
        "wie bel ik bij acuut gevaar",
        "OM",
        "pooierboy",
        "loverboy",
        "mensehandel",
        "uitbuting",
        "zorgcoordinator",
        "coördinatie",
        "\"seksuele uitbuiting\"",
        "zon",
        "wonen werkgever",
        "comensa",
        "st",
        "arbeidsmigrant",
        "mensenhandelwerkgever",
        "arbeidsuitbuitingsloon",
        "loonwerkgever",
        "handelaars",
        "wat doet een kapsalon",
        "behandelingzorg",
    ];

    fn client_path() -> PathBuf {
        let here = Path::new(file!());
        here.parent()
            .unwrap()
            .join("../../themes/default/static/js/search.js")
    }

    #[test]
    fn javascript_client_ranks_like_the_rust_mirror() {
        if Command::new("node").arg("--version").output().is_err() {
            eprintln!("node not found: parity with search.js not checked");
            return;
        }
        let client = client_path();
        assert!(client.exists(), "{}", client.display());
        let syn = vec![
            vec!["loverboy".to_string(), "pooierboy".to_string()],
            vec!["OM".to_string(), "Openbaar Ministerie".to_string()],
        ];
        let docs = corpus();
        let idx = Index::build(&docs, &syn);
        let dir = std::env::temp_dir().join(format!("kw-search-parity-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("zoeken")).unwrap();
        for f in emit::emit(&idx) {
            std::fs::write(dir.join(&f.path), &f.contents).unwrap();
        }
        let queries: Vec<String> = QUERIES.iter().map(|q| q.to_string()).collect();
        std::fs::write(
            dir.join("queries.json"),
            serde_json::to_string(&queries).unwrap(),
        )
        .unwrap();
        let script = r#"
const fs = require("fs"), path = require("path"), vm = require("vm");
const [client, dir] = process.argv.slice(2);
const ctx = {}; ctx.window = ctx; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(client, "utf8"), ctx);
for (const f of fs.readdirSync(path.join(dir, "zoeken"))) vm.runInContext(fs.readFileSync(path.join(dir, "zoeken", f), "utf8"), ctx);
const out = [];
for (const q of JSON.parse(fs.readFileSync(path.join(dir, "queries.json"), "utf8"))) {
  for (const typing of [false, true]) {
    const r = ctx.__kwSearch.query(q, { limit: 100, typing });
    out.push({ q, typing, total: r.total, hits: r.results.map((x) => [x.url, x.score, x.subs.map((y) => y.url), x.subTotal]), dym: r.didYouMean });
  }
}
const f = ctx.__kwSearch.query("opvang", { filters: { gemeente: ["Hoorn"] } });
out.push({ q: "opvang+Hoorn", typing: false, total: f.total, hits: f.results.map((x) => [x.url, x.score, x.subs.map((y) => y.url), x.subTotal]), dym: null });
console.log(JSON.stringify(out));
"#;
        std::fs::write(dir.join("run.js"), script).unwrap();
        let out = Command::new("node")
            .arg(dir.join("run.js"))
            .arg(&client)
            .arg(&dir)
            .output()
            .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let js: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut i = 0;
        let check = |label: &str, o: &Outcome, j: &serde_json::Value| {
            let jh = j["hits"].as_array().unwrap();
            assert_eq!(
                o.groups.len() as u64,
                j["total"].as_u64().unwrap(),
                "{label}: total (pages)"
            );
            assert_eq!(o.groups.len().min(100), jh.len(), "{label}: groups");
            for (g, jh) in o.groups.iter().zip(jh) {
                let h = &o.hits[g.head];
                let url = &idx.docs[h.doc as usize].url;
                assert_eq!(url, jh[0].as_str().unwrap(), "{label}: order");
                let js_score = jh[1].as_f64().unwrap();
                assert!(
                    (h.score - js_score).abs() <= 1e-9 * h.score.max(1.0),
                    "{label}: {url} {} vs {js_score}",
                    h.score
                );
                let subs: Vec<&str> = g
                    .subs
                    .iter()
                    .take(3)
                    .map(|&i| idx.docs[o.hits[i].doc as usize].url.as_str())
                    .collect();
                let js_subs: Vec<&str> = jh[2]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_str().unwrap())
                    .collect();
                assert_eq!(subs, js_subs, "{label}: sections of {url}");
                assert_eq!(
                    g.subs.len() as u64,
                    jh[3].as_u64().unwrap(),
                    "{label}: {url}"
                );
            }
            assert_eq!(
                o.did_you_mean.as_deref(),
                j["dym"].as_str(),
                "{label}: did you mean"
            );
        };
        for q in QUERIES {
            for typing in [false, true] {
                let o = search(
                    &idx,
                    q,
                    &Options {
                        typing,
                        ..Options::default()
                    },
                );
                check(&format!("{q} (typing {typing})"), &o, &js[i]);
                i += 1;
            }
        }
        let f = Options {
            filters: vec![("gemeente".into(), vec!["Hoorn".into()])],
            ..Options::default()
        };
        check("opvang+Hoorn", &search(&idx, "opvang", &f), &js[i]);
    }
}
