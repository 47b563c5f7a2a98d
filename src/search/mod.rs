//! Site search: a Dutch-aware index built at build time, shipped as classic
//! script files that a small client (`themes/default/static/js/search.js`)
//! loads lazily. Works from `file://` and over HTTP (no fetch, no ES modules,
//! no WebAssembly, nothing from another origin).
//!
//! * [`fold`]: case and diacritic folding, tokenising, stop words;
//! * [`stem`]: a light Dutch stemmer that never strips `ge-` (trap list in
//!   its tests);
//! * [`compound`]: lexicon-checked compound splitting
//!   (`uitbuiting` → `arbeidsuitbuiting`, `arbeid` → `arbeidsuitbuiting`,
//!   but `handel` ↛ `behandeling`);
//! * [`index`]: the inverted index: words grouped by stem, BM25F impacts per
//!   posting, compound postings per part; built in parallel (rayon), each
//!   distinct word stemmed and split once;
//! * [`emit`]: the data files (`zoeken/index-0.js` and its content-hashed
//!   parts) and their format;
//! * `query` (tests only): a Rust mirror of the client's ranking, checked
//!   against `search.js` under Node when `node` is installed.
//!
//! Matching, best class first: exact word > same stem > compound part =
//! synonym > prefix (while typing) > typo (edit distance 1 for 5–8 letters,
//! 2 for longer; only when a word matches nothing else). A query word the
//! index does not hold is split into indexed words with the rules of
//! [`compound`] (emitted in the meta part, `cs`, so the client splits the way
//! the index did) and matches the documents that hold all its parts. Stop
//! words never block a result, and a document that holds only the query's
//! stop words is no result. Ranking is BM25F (title > headings = aliases >
//! page title = body) times the class weight, with a coordination factor for
//! multi-word queries and small bonuses for the whole query as a phrase in a
//! title or excerpt.
//!
//! Results are pages: the sections of a page (a run of documents with the
//! same page URL, meta `pg`) are grouped under its best section, so the first
//! five results are five pages; `/zoeken/` lists the other sections under
//! each. When nothing is found at all the client offers the nearest indexed
//! words and, for a question, the routes and checklists those words find.
//!
//! The client API: `window.__kwSearch.query(q, {filters, typing, limit})`
//! ranks with the data loaded so far and lists the files it still needs in
//! `missing`; `window.__kwSearch.search(q, options)` loads them and resolves
//! with the same result. `tests/search/run-judged.js` and
//! `tests/search/bench.js` drive `query` under Node.
//!
//! Entry point: [`build`].

mod bytes;
pub mod compound;
pub mod docs;
pub mod emit;
pub mod fold;
mod hash;
pub mod index;
#[cfg(test)]
mod query;
pub mod stem;

/// The kind of a search document; the facet "type".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// A section of the plan (under `beleidsplan/`).
    Beleidsplan,
    /// A partner record.
    Partner,
    /// A municipality record.
    Gemeente,
    /// A checklist page (under `signalen/`).
    Signalenlijst,
    /// A referral route (under `routes/`).
    Route,
    /// A glossary term.
    Begrip,
    /// Any other page.
    Pagina,
}

impl DocKind {
    /// All kinds, in facet order.
    pub const ALL: [DocKind; 7] = [
        DocKind::Beleidsplan,
        DocKind::Partner,
        DocKind::Gemeente,
        DocKind::Signalenlijst,
        DocKind::Route,
        DocKind::Begrip,
        DocKind::Pagina,
    ];

    /// Facet value (stable, used in URLs and the data files).
    pub fn key(self) -> &'static str {
        match self {
            DocKind::Beleidsplan => "beleidsplan",
            DocKind::Partner => "partner",
            DocKind::Gemeente => "gemeente",
            DocKind::Signalenlijst => "signalenlijst",
            DocKind::Route => "route",
            DocKind::Begrip => "begrip",
            DocKind::Pagina => "pagina",
        }
    }

    /// Dutch label shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Beleidsplan => "Beleidsplan",
            DocKind::Partner => "Ketenpartner",
            DocKind::Gemeente => "Gemeente",
            DocKind::Signalenlijst => "Signalenlijst",
            DocKind::Route => "Verwijsroute",
            DocKind::Begrip => "Begrip",
            DocKind::Pagina => "Pagina",
        }
    }
}

/// One searchable unit: a page section (split at h2/h3), a partner or
/// municipality record, a glossary term, a checklist, a flowchart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// Relative to the site root, e.g.
    /// `beleidsplan/signalering/index.html#interne-meldroute`.
    pub url: String,
    /// Section heading or page/record title.
    pub title: String,
    /// Title of the page the section belongs to ("" when the same as `title`).
    pub page_title: String,
    /// The kind: the facet "type".
    pub kind: DocKind,
    /// Sub-headings inside this section.
    pub headings: Vec<String>,
    /// Record aliases, glossary aliases, front-matter keywords.
    pub aliases: Vec<String>,
    /// Plain text (no HTML).
    pub body: String,
    /// The rest of the body, parked in the build's spill file (large sites): read back and
    /// appended to `body` a chunk of documents at a time.
    pub spilled: Option<crate::util::spill::Spilled>,
    /// Facet "gemeente": municipality names; empty = not specific.
    pub gemeenten: Vec<String>,
    /// Facet "rol".
    pub rollen: Vec<String>,
}

impl SearchDoc {
    /// A document of `kind` that holds nothing (and allocates nothing): a place to fill, or
    /// what is left of a document once tokenised.
    pub fn empty(kind: DocKind) -> SearchDoc {
        SearchDoc {
            url: String::new(),
            title: String::new(),
            page_title: String::new(),
            kind,
            headings: Vec::new(),
            aliases: Vec::new(),
            body: String::new(),
            spilled: None,
            gemeenten: Vec::new(),
            rollen: Vec::new(),
        }
    }
}

/// A file to write, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFile {
    /// e.g. `zoeken/index-0.js`.
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// Build the search data files, in the order the first file lists them.
///
/// `synonyms`: groups of terms that mean the same, from the glossary and the
/// partner aliases, e.g. `["loverboy", "pooierboy"]`,
/// `["OM", "Openbaar Ministerie"]`. Groups that share a term are merged.
///
/// The first file is always `zoeken/index-0.js`; `search.js` loads it first
/// and it names the others. The same files as [`write`] (which the site build uses), held
/// together (the preview server's background updates, tests).
pub fn build(docs: &[SearchDoc], synonyms: &[Vec<String>]) -> Vec<SearchFile> {
    emit::collect(|put| write_with(docs, synonyms, None, put, drop))
}

/// Build the search data files and hand each to `put` as soon as it is made, in no particular
/// order (from several threads), so that memory stays bounded: the document chunks are
/// written (their entries made a block at a time) while the documents are tokenised, the
/// documents are then dropped, and the term shards are put together and written a group at a
/// time. (On a site large enough to park its texts in `spill`, the documents hold little.) The paths of the files, in the order the first file (`zoeken/index-0.js`) lists them.
///
/// Texts of documents parked in `spill` are read back a chunk at a time, for the excerpts and
/// again for the tokens.
///
/// The files equal `emit::emit(&index::Index::build(docs, synonyms))` (tests check).
pub fn write(
    docs: Vec<SearchDoc>,
    synonyms: &[Vec<String>],
    spill: Option<&crate::util::spill::Spill>,
    put: emit::Put,
) -> Vec<String> {
    // Freeing is many small frees: on the thread pool, beside the index's first steps.
    write_with(docs, synonyms, spill, put, |d| {
        rayon::spawn(move || drop(d))
    })
}

/// [`write`], given what to do with the documents once they are tokenised (`release`).
fn write_with<D: std::ops::Deref<Target = [SearchDoc]>>(
    docs: D,
    synonyms: &[Vec<String>],
    spill: Option<&crate::util::spill::Spill>,
    put: emit::Put,
    release: impl FnOnce(D),
) -> Vec<String> {
    let mut ph = index::Phases::new();
    let n_docs = docs.len();
    let writer = emit::Writer::new(put);
    // Facets and document chunks need nothing of the index, and the text only for excerpts:
    // made beside the tokeniser, so that their steps on one thread (page starts, the chunks
    // put together) leave no core idle.
    let all: &[SearchDoc] = &docs;
    let ((facets, page_starts), tokens) = rayon::join(
        || {
            rayon::join(
                || index::facets(all),
                || emit::doc_parts(n_docs, |r| index::doc_entries_of(all, r, spill), &writer),
            )
        },
        || index::tokenize_docs(all, spill),
    );
    release(docs);
    let synonyms = index::merge_synonyms(synonyms);
    ph.mark("docs+tokenize");
    let prep = index::prepare_from(tokens, &mut ph);
    emit::emit_postings(&prep.postings, &prep.words, &writer);
    let paths = writer.finish(&emit::Meta {
        n_docs,
        units: &prep.units,
        facets: &facets,
        synonyms: &synonyms,
        page_starts: &page_starts,
    });
    ph.mark("emit");
    // Freeing is many small frees: leave it to the thread pool, the caller
    // has other things to do.
    rayon::spawn(move || drop(prep));
    paths
}

#[cfg(test)]
pub(crate) mod testdocs {
    use super::{DocKind, SearchDoc};

    /// A small search document for tests.
    pub fn doc(url: &str, title: &str, kind: DocKind, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.to_string(),
            title: title.to_string(),
            page_title: String::new(),
            kind,
            headings: Vec::new(),
            aliases: Vec::new(),
            body: body.to_string(),
            spilled: None,
            gemeenten: Vec::new(),
            rollen: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testdocs::doc;
    use super::*;

    #[test]
    fn kinds_have_keys_and_labels() {
        let keys: Vec<&str> = DocKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(
            keys,
            vec![
                "beleidsplan",
                "partner",
                "gemeente",
                "signalenlijst",
                "route",
                "begrip",
                "pagina"
            ]
        );
        assert_eq!(DocKind::Route.label(), "Verwijsroute");
    }

    #[test]
    fn build_writes_the_first_file() {
        let docs = vec![doc(
            "a/index.html",
            "Mensenhandel",
            DocKind::Pagina,
            "uitbuiting",
        )];
        let files = build(&docs, &[]);
        assert_eq!(files[0].path, "zoeken/index-0.js");
        assert!(files[0].contents.starts_with("window.__kwSearch.register("));
    }

    #[test]
    fn build_with_no_documents_is_valid() {
        let files = build(&[], &[]);
        assert_eq!(files.len(), 1);
        assert!(files[0].contents.contains("\"n\":0"));
    }
}
