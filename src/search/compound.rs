//! Dutch compound splitting, checked against a lexicon.
//!
//! Dutch writes compounds as one word: `arbeidsuitbuiting`, `mensenhandel`,
//! `signalenlijst`. A search for `uitbuiting`, `arbeid` or `handel` should
//! find them. Matching inside words (infix search) would also make `handel`
//! find `behandeling`, so instead every indexed word of at least
//! [`MIN_COMPOUND_CHARS`] letters is split at build time into parts that are
//! themselves words of the lexicon (the site's own vocabulary plus
//! [`DOMAIN_WORDS`]):
//!
//! * every part has at least [`MIN_PART_CHARS`] letters, so the verb
//!   prefixes `be-`, `ge-`, `ver-`, `af-`, `op-`, `uit-` can never be a part
//!   (`behandeling`, `afhandeling`, `bezorgd` stay whole);
//! * a linking `s`, `e` or `en` may stand between two parts
//!   (`arbeid·s·uitbuiting`);
//! * suffix-like heads (`-heid`, `-lijk`, `-schap`, ...) and prefix-like
//!   modifiers (`over-`, `voor-`, `onder-`, ...) are refused, and
//!   [`NO_SPLIT`] lists words that look like compounds but are not;
//! * of all segmentations the one with the fewest parts wins, and each part
//!   is split again, so `mensenhandelzaken` yields `mensenhandel`, `zaken`,
//!   `mensen` and `handel`.
//!
//! The index then adds, for each part, a lower-weight "compound" posting.

use super::hash::{word_hash, FastSet};

/// Words shorter than this are never split.
pub const MIN_COMPOUND_CHARS: usize = 8;
/// Every part of a compound has at least this many letters.
pub const MIN_PART_CHARS: usize = 4;

/// Linking morphemes allowed between two parts.
pub const LINKERS: &[&str] = &["", "s", "e", "en"];

/// Domain words that are always in the lexicon, even if the site never uses
/// them on their own.
pub const DOMAIN_WORDS: &[&str] = &[
    "aandacht",
    "aanpak",
    "advies",
    "arbeid",
    "beleid",
    "bestuur",
    "code",
    "coordinatie",
    "coordinator",
    "dader",
    "daders",
    "dienst",
    "drugs",
    "functie",
    "functionaris",
    "geld",
    "geweld",
    "gezondheid",
    "handel",
    "hulp",
    "huis",
    "jeugd",
    "kaart",
    "keten",
    "kind",
    "kinderen",
    "land",
    "lijst",
    "markt",
    "meisje",
    "meld",
    "melding",
    "mens",
    "mensen",
    "migrant",
    "migranten",
    "misdaad",
    "netwerk",
    "offer",
    "opvang",
    "overleg",
    "partner",
    "partners",
    "plan",
    "politie",
    "prostitutie",
    "punt",
    "recht",
    "regio",
    "route",
    "schema",
    "seks",
    "signaal",
    "signalen",
    "slachtoffer",
    "slachtoffers",
    "smokkel",
    "team",
    "traject",
    "uitbuiting",
    "veiligheid",
    "verblijf",
    "vergunning",
    "verwijs",
    "vorm",
    "vormen",
    "werk",
    "wijzer",
    "woning",
    "zaak",
    "zaken",
    "zorg",
];

/// Words that look like compounds but must stay whole.
pub const NO_SPLIT: &[&str] = &[
    "slachtoffer",
    "slachtoffers",
    "behandeling",
    "behandelingen",
    "behandelaar",
    "behandelaars",
    "behandelen",
    "afhandeling",
    "mishandeling",
    "bezorgd",
    "gemeente",
    "gemeenten",
    "verzorging",
    "werkelijk",
    "werkelijkheid",
    "eigenlijk",
    "handelingen",
    "handeling",
    "handelaar",
    "handelaren",
];

/// Parts that may not be the head (last part): suffixes that happen to be
/// words, or are words only by accident.
pub const HEAD_STOP: &[&str] = &[
    "heid", "heden", "schap", "schappen", "lijk", "lijke", "lijken", "achtig", "achtige", "baar",
    "bare", "loos", "loze", "zaam", "zame", "isme", "isch", "ische", "atie", "aties", "ling",
    "lingen", "ster", "sters", "erij", "ende", "enden", "tjes", "ting", "tingen", "igen", "eren",
];

/// Parts that may not be a modifier (non-last part): prefixes and particles.
pub const MODIFIER_STOP: &[&str] = &[
    "over", "door", "voor", "onder", "tegen", "terug", "samen", "mede", "weer", "weder", "zelf",
    "ander", "alle", "geen", "veel", "meer", "verder", "binnen", "buiten", "achter", "boven",
    "rond", "toch", "even", "eigen", "hier", "daar", "waar", "niet", "elke", "iedere",
];

/// A compound splitter with its lexicon.
#[derive(Debug, Default)]
pub struct Splitter {
    lexicon: FastSet<String>,
    /// Hashes of the prefixes of lexicon words (at least
    /// [`MIN_PART_CHARS`] long): a part that is not such a prefix cannot
    /// be made into a word by going on.
    prefixes: FastSet<u32>,
}

fn plain(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase())
}

impl Splitter {
    /// A splitter whose lexicon is `site_words` (folded words seen on the site)
    /// plus [`DOMAIN_WORDS`]. Stop words and short words are left out.
    pub fn new<I, S>(site_words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut lexicon = FastSet::default();
        let all = site_words
            .into_iter()
            .map(|w| w.as_ref().to_string())
            .chain(DOMAIN_WORDS.iter().map(|w| w.to_string()));
        for w in all {
            if w.len() >= MIN_PART_CHARS && plain(&w) && !super::fold::is_stop_word(&w) {
                lexicon.insert(w);
            }
        }
        let mut prefixes = FastSet::default();
        for w in &lexicon {
            for end in MIN_PART_CHARS..=w.len() {
                prefixes.insert(word_hash(&w.as_bytes()[..end]));
            }
        }
        Splitter { lexicon, prefixes }
    }

    /// Is `word` in the lexicon?
    pub fn knows(&self, word: &str) -> bool {
        self.lexicon.contains(word)
    }

    fn part_ok(&self, part: &str, last: bool) -> bool {
        if !self.lexicon.contains(part) {
            return false;
        }
        if last {
            !HEAD_STOP.contains(&part)
        } else {
            !MODIFIER_STOP.contains(&part)
        }
    }

    /// Best segmentation of `word` into at least two parts, or `None`.
    fn segment<'w>(&self, word: &'w str) -> Option<Vec<&'w str>> {
        let n = word.len();
        // best[i]: fewest-part segmentation of word[i..] (all parts valid;
        // the last one a valid head): (parts, linker chars, head length,
        // the end of its first part and where the rest starts).
        let mut best: Vec<Option<Seg>> = vec![None; n + 1];
        for i in (0..n).rev() {
            let mut cand: Option<Seg> = None;
            for j in (i + MIN_PART_CHARS)..=n {
                let part = &word[i..j];
                if !self.prefixes.contains(&word_hash(part.as_bytes())) {
                    // no lexicon word starts with `part`
                    break;
                }
                if j == n {
                    if i > 0 && self.part_ok(part, true) {
                        let c = Seg {
                            parts: 1,
                            links: 0,
                            head: part.len(),
                            end: j,
                            rest: n,
                        };
                        if c.better_than(&cand) {
                            cand = Some(c);
                        }
                    }
                    continue;
                }
                if !self.part_ok(part, false) {
                    continue;
                }
                for link in LINKERS {
                    let k = j + link.len();
                    if k >= n || !word[j..].starts_with(link) {
                        continue;
                    }
                    if let Some(r) = &best[k] {
                        let c = Seg {
                            parts: r.parts + 1,
                            links: r.links + link.len(),
                            head: r.head,
                            end: j,
                            rest: k,
                        };
                        if c.better_than(&cand) {
                            cand = Some(c);
                        }
                    }
                }
            }
            best[i] = cand;
        }
        best[0].as_ref()?;
        let mut parts = Vec::new();
        let mut i = 0;
        while let Some(seg) = best.get(i).copied().flatten() {
            parts.push(&word[i..seg.end]);
            if seg.rest >= n {
                break;
            }
            i = seg.rest;
        }
        Some(parts)
    }

    /// Split `word` (folded) into its parts, recursively. Returns an empty
    /// list when the word is not a compound. The parts are distinct and never
    /// include the word itself.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        self.split_into(word, &mut out, 0);
        out.retain(|p| p != word);
        out
    }

    /// Split a query word into the words it is made of: the segmentation
    /// with the fewest parts (one level, the linking-s modifier as its bare
    /// word), or an empty list when it is not a compound. The same rules as
    /// [`Splitter::split`]; `search.js` (`splitQuery`) does the same with the
    /// rules the index carries (`emit.rs`, meta `cs`).
    pub fn split_query(&self, word: &str) -> Vec<String> {
        let Some(parts) = self.bare_parts(word) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for p in parts {
            if !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
        out
    }

    fn split_into(&self, word: &str, out: &mut Vec<String>, depth: usize) {
        if depth > 4 {
            return;
        }
        let Some(parts) = self.bare_parts(word) else {
            return;
        };
        for p in parts {
            if !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
            self.split_into(p, out, depth + 1);
        }
    }

    /// The parts of the best segmentation of `word`, or `None` when it is no compound. A
    /// modifier written with a linking s whose bare form is a word ("arbeids") counts as the
    /// bare word ("arbeid").
    fn bare_parts<'w>(&self, word: &'w str) -> Option<Vec<&'w str>> {
        if word.len() < MIN_COMPOUND_CHARS || !plain(word) || NO_SPLIT.contains(&word) {
            return None;
        }
        let parts = self.segment(word)?;
        let last = parts.len() - 1;
        let bare = parts
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                if i < last && p.ends_with('s') && self.lexicon.contains(&p[..p.len() - 1]) {
                    &p[..p.len() - 1]
                } else {
                    p
                }
            })
            .collect();
        Some(bare)
    }
}

/// A segmentation of the rest of a word, from some position on.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Number of parts.
    parts: usize,
    /// Linking letters.
    links: usize,
    /// Length of the last part.
    head: usize,
    /// End of the first part.
    end: usize,
    /// Where the next part starts (after the linker), or the word's length.
    rest: usize,
}

impl Seg {
    /// Is this segmentation better than the current candidate? Fewer parts
    /// first, then fewer linking letters, then a longer head; on a tie the
    /// earlier candidate stays.
    fn better_than(&self, cur: &Option<Seg>) -> bool {
        match cur {
            None => true,
            Some(b) => {
                (self.parts, self.links, usize::MAX - self.head)
                    < (b.parts, b.links, usize::MAX - b.head)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitter(extra: &[&str]) -> Splitter {
        // A vocabulary like the site's: the words themselves appear too.
        let mut words: Vec<&str> = vec![
            "arbeidsuitbuiting",
            "mensenhandel",
            "behandeling",
            "afhandeling",
            "bezorgd",
            "gemeente",
            "menen",
            "signalenlijst",
            "slacht",
            "slachtoffer",
            "gezondheid",
            "gezond",
            "gezondheidszorg",
            "kinderopvang",
            "zorgcoordinator",
            "overleg",
            "ketenpartner",
            "lijk",
            "gemeentelijk",
            "wel",
            "geweld",
            "heid",
            "voorwaarde",
            "waarde",
        ];
        words.extend_from_slice(extra);
        Splitter::new(words)
    }

    #[test]
    fn splits_heads_and_modifiers() {
        let s = splitter(&[]);
        assert_eq!(s.split("arbeidsuitbuiting"), vec!["arbeid", "uitbuiting"]);
        assert_eq!(s.split("mensenhandel"), vec!["mensen", "handel"]);
        assert_eq!(s.split("signalenlijst"), vec!["signalen", "lijst"]);
        assert_eq!(s.split("gezondheidszorg"), vec!["gezondheid", "zorg"]);
        assert_eq!(s.split("zorgcoordinator"), vec!["zorg", "coordinator"]);
        assert_eq!(s.split("ketenpartner"), vec!["keten", "partner"]);
    }

    #[test]
    fn splits_recursively() {
        let s = splitter(&["mensenhandelzaken"]);
        let parts = s.split("mensenhandelzaken");
        for p in ["mensenhandel", "zaken", "mensen", "handel"] {
            assert!(parts.contains(&p.to_string()), "{parts:?} lacks {p}");
        }
    }

    #[test]
    fn linking_s_modifier_is_normalised() {
        let s = splitter(&["arbeids"]);
        assert_eq!(s.split("arbeidsuitbuiting"), vec!["arbeid", "uitbuiting"]);
    }

    #[test]
    fn trap_words_are_not_split() {
        let s = splitter(&[
            "beha",
            "ndeling",
            "deling",
            "zorgd",
            "handeling",
            "mening",
            "offer",
        ]);
        for w in [
            "behandeling",
            "afhandeling",
            "bezorgd",
            "gemeente",
            "slachtoffer",
            "gezondheid",
            "gemeentelijk",
            "geweld",
            "voorwaarde",
            "overleg",
        ] {
            assert!(s.split(w).is_empty(), "{w} was split: {:?}", s.split(w));
        }
    }

    #[test]
    fn query_words_split_one_level() {
        let s = splitter(&[
            "signalen", "route", "mensen", "handel", "aanpak", "loverboy",
        ]);
        assert_eq!(
            s.split_query("mensenhandelsignalen"),
            vec!["mensenhandel", "signalen"]
        );
        assert_eq!(
            s.split_query("uitbuitingsroute"),
            vec!["uitbuiting", "route"]
        );
        assert_eq!(s.split_query("loverboyaanpak"), vec!["loverboy", "aanpak"]);
        for w in [
            "behandeling",
            "gemeente",
            "gemeentelijk",
            "slachtoffer",
            "handel",
        ] {
            assert!(s.split_query(w).is_empty(), "{w}: {:?}", s.split_query(w));
        }
    }

    #[test]
    fn short_words_are_not_split() {
        let s = splitter(&["zorg", "plan"]);
        assert!(s.split("zorgpln").is_empty());
        assert!(s.split("meldpunt").contains(&"punt".to_string()));
    }

    #[test]
    fn unknown_parts_block_a_split() {
        let s = Splitter::new(["uitbuiting"]);
        // "xyzq" is not a word: no split
        assert!(s.split("xyzquitbuiting").is_empty());
        assert!(!s.knows("xyzq"));
    }

    /// The segmentation that [`Splitter::segment`] replaced (candidates as
    /// lists of strings, every substring looked up); the fast one must find
    /// the same parts.
    fn reference_segment(s: &Splitter, word: &str) -> Option<Vec<String>> {
        type Cand = Option<(Vec<String>, usize)>;
        fn better(a: &(Vec<String>, usize), cur: &Cand) -> bool {
            match cur {
                None => true,
                Some(b) => {
                    let key = |x: &(Vec<String>, usize)| {
                        (
                            x.0.len(),
                            x.1,
                            usize::MAX - x.0.last().map_or(0, |s| s.len()),
                        )
                    };
                    key(a) < key(b)
                }
            }
        }
        let n = word.len();
        let mut best: Vec<Cand> = vec![None; n + 1];
        for i in (0..n).rev() {
            let mut cand: Cand = None;
            for j in (i + MIN_PART_CHARS)..=n {
                let part = &word[i..j];
                if j == n {
                    if i > 0 && s.part_ok(part, true) {
                        let c = (vec![part.to_string()], 0);
                        if better(&c, &cand) {
                            cand = Some(c);
                        }
                    }
                    continue;
                }
                if !s.part_ok(part, false) {
                    continue;
                }
                for link in LINKERS {
                    let k = j + link.len();
                    if k >= n || !word[j..].starts_with(link) {
                        continue;
                    }
                    if let Some((rest, links)) = &best[k] {
                        let mut parts = vec![part.to_string()];
                        parts.extend(rest.iter().cloned());
                        let c = (parts, links + link.len());
                        if better(&c, &cand) {
                            cand = Some(c);
                        }
                    }
                }
            }
            best[i] = cand;
        }
        best[0].take().map(|(p, _)| p)
    }

    #[test]
    fn segmentation_matches_the_reference() {
        let pieces = [
            "arbeid",
            "arbeids",
            "uitbuiting",
            "mens",
            "mensen",
            "handel",
            "zaken",
            "zorg",
            "over",
            "voor",
            "heid",
            "lijk",
            "signaal",
            "signalen",
            "lijst",
            "keten",
            "partner",
            "meld",
            "punt",
            "offer",
            "slacht",
            "gezond",
            "gezondheid",
            "aanpak",
            "team",
            "huis",
            "huisje",
            "plan",
            "route",
            "regio",
            "werk",
            "werkelijk",
            "vorm",
            "vormen",
            "kind",
        ];
        let links = ["", "s", "e", "en"];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        let mut words: Vec<String> = Vec::new();
        for _ in 0..3000 {
            let parts = 1 + next(4);
            let mut w = String::new();
            for p in 0..parts {
                if p > 0 {
                    w.push_str(links[next(links.len())]);
                }
                w.push_str(pieces[next(pieces.len())]);
            }
            words.push(w);
        }
        let lexicon: Vec<&str> = pieces
            .iter()
            .copied()
            .chain(words.iter().step_by(7).map(|w| w.as_str()))
            .collect();
        let s = Splitter::new(lexicon);
        for w in &words {
            let fast: Option<Vec<String>> = s
                .segment(w)
                .map(|p| p.into_iter().map(str::to_string).collect());
            assert_eq!(fast, reference_segment(&s, w), "{w}");
        }
    }
}
