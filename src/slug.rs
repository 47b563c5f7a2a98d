//! Ids for headings, terms and URLs: lower case, diacritics folded, `a-z0-9` joined by `-`.

use crate::util::hash::FastMap;
use unicode_normalization::UnicodeNormalization;

/// Fold case and diacritics: "Coördinatie" → "coordinatie".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_folded(text, |c| out.push(c));
    out
}

/// The characters of [`fold`], one by one. Decomposition (NFKD) only reorders marks between
/// two starters and an ASCII character is a starter that decomposes to itself, so each run of
/// ASCII is folded by lower-casing alone and only the runs between them take the full way.
fn for_each_folded(text: &str, mut f: impl FnMut(char)) {
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        rest[..ascii]
            .bytes()
            .for_each(|b| f(char::from(b.to_ascii_lowercase())));
        rest = &rest[ascii..];
        // An ASCII byte never occurs inside a UTF-8 sequence: this is a character boundary.
        let other = rest
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(rest.len());
        fold_slowly(&rest[..other]).for_each(&mut f);
        rest = &rest[other..];
    }
}

/// [`fold`] by the book: decompose, drop the combining marks, lower-case.
fn fold_slowly(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
}

/// "Wat doe je bij acuut gevaar?" → "wat-doe-je-bij-acuut-gevaar".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for_each_folded(text, |c| {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    });
    out
}

/// Hands out ids unique within one page: a second "doel" becomes "doel-1".
#[derive(Default, Debug)]
pub struct IdSet {
    seen: FastMap<String, usize>,
}

impl IdSet {
    /// `base` as a slug, with `-1`, `-2` … added when it is taken already.
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "kop" } else { base };
        let Some(&start) = self.seen.get(base) else {
            self.seen.insert(base.to_string(), 0);
            return base.to_string();
        };
        let mut n = start;
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base.to_string(), n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }

    /// Reserve an id given explicitly (`{#id}`), so automatic ids do not collide with it.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.seen.insert(id.to_string(), 0).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Wat doe je bij acuut gevaar?"),
            "wat-doe-je-bij-acuut-gevaar"
        );
        assert_eq!(slugify("Opvang & nazorg (COSM)"), "opvang-nazorg-cosm");
        assert_eq!(slugify("Financiële uitbuiting"), "financiele-uitbuiting");
        assert_eq!(slugify("Zorgcoördinator"), "zorgcoordinator");
        assert_eq!(slugify("  --  "), "");
    }

    proptest::proptest! {
        #[test]
        fn folding_ascii_runs_by_case_alone_changes_nothing(
            text in "([a-zA-Z0-9 ?&.-]|[\u{300}-\u{36F}\u{1DC0}-\u{1DFF}]|[éëïöüÀÅçßİıΣσﬁ①Ⅻ²ǅ\u{212B}\u{2126}]|[\u{AC00}-\u{AC20}\u{1100}-\u{1112}\u{1161}-\u{1175}]|\\PC){0,24}"
        ) {
            let slow: String = fold_slowly(&text).collect();
            proptest::prop_assert_eq!(fold(&text), slow);
        }
    }

    #[test]
    fn folds_like_the_book_on_tricky_text() {
        for text in [
            "e\u{301}",
            "E\u{301}\u{323}x",
            "a\u{323}\u{301}",
            "Ǆemal",
            "ﬁets",
            "①-Ⅻ",
            "İstanbul",
            "ΣΑΣ",
            "Straße",
            "Å\u{30A}",
            "\u{AC00}\u{11A8}",
            "\u{1100}\u{1161}a",
            "x\u{300}",
            "Coördinatie",
            "",
            "   ",
            "A\u{0}B",
        ] {
            let slow: String = fold_slowly(text).collect();
            assert_eq!(fold(text), slow, "{text:?}");
        }
    }

    #[test]
    fn unique_ids() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("doel"), "doel");
        assert_eq!(ids.unique("doel"), "doel-1");
        assert!(ids.reserve("doel-2"));
        assert_eq!(ids.unique("doel"), "doel-3");
        assert_eq!(ids.unique(""), "kop");
    }
}
