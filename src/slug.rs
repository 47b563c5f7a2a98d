//! Ids for headings, terms and URLs: lower case, diacritics folded, `a-z0-9` joined by `-`.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Fold case and diacritics: "Coördinatie" → "coordinatie".
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Wat doe je bij acuut gevaar?" → "wat-doe-je-bij-acuut-gevaar".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
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

/// Hands out ids unique within one page: a second "doel" becomes "doel-1".
#[derive(Default, Debug)]
pub struct IdSet {
    seen: HashMap<String, usize>,
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
