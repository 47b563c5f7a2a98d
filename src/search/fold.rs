//! Case and diacritic folding, tokenising and the Dutch stop-word list.
//!
//! Everything the index stores is folded: lower case, diacritics removed
//! (`financiële` → `financiele`, `coördinator` → `coordinator`), ligatures
//! spelled out (`ĳ` → `ij`, `ß` → `ss`). The browser client (`search.js`)
//! folds queries with the same rules; keep both in step.

/// Longest token that is indexed (longer runs are identifiers, URLs, noise).
pub const MAX_TOKEN_CHARS: usize = 40;

/// Fold one lower-case character into the string `out`.
fn push_folded(c: char, out: &mut String) {
    let mapped: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ĕ' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ĩ' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ĳ' => "ij",
        'þ' => "th",
        // Combining diacritical marks (text in NFD form): drop them.
        '\u{0300}'..='\u{036f}' => "",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(mapped);
}

/// Fold a string: lower case, diacritics removed. Non-letters are kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                push_folded(l, &mut out);
            }
        }
    }
    out
}

/// One token of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded text: only `a-z`, `0-9` (and other alphanumerics of other scripts).
    pub text: String,
    /// The original was written in capitals (`OM`, `IND`): an acronym, even if the
    /// folded form is a stop word.
    pub upper: bool,
    /// This token is a part of a hyphenated or soft-hyphenated word whose joined
    /// form is also emitted (`ketenpartner-overleg` → `ketenpartneroverleg`,
    /// `ketenpartner`, `overleg`).
    pub part: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

fn is_joiner(c: char) -> bool {
    // hyphen-minus, hyphen, non-breaking hyphen, soft hyphen
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00ad}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c)
}

/// A piece of a word between joiners, with its original spelling.
struct Piece {
    raw: String,
}

fn keep_token(text: &str) -> bool {
    let n = text.chars().count();
    if n == 0 || n > MAX_TOKEN_CHARS {
        return false;
    }
    // Single letters and single digits carry no meaning in a search.
    n >= 2
}

fn make_token(raw: &str, part: bool) -> Option<Token> {
    let text = fold(raw);
    if !keep_token(&text) {
        return None;
    }
    let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    Some(Token { text, upper, part })
}

/// Split text into tokens.
///
/// Words are runs of letters and digits. An apostrophe inside a word is dropped
/// (`auto's` → `autos`, which the stemmer takes to `auto`). A hyphen or soft hyphen
/// between word characters joins pieces: the joined word is emitted, then each piece
/// (marked `part`).
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        // Collect a word: pieces separated by joiners.
        let mut pieces: Vec<Piece> = Vec::new();
        let mut cur = String::new();
        while i < chars.len() {
            let c = chars[i];
            if is_word_char(c) {
                cur.push(c);
                i += 1;
            } else if is_apostrophe(c)
                && !cur.is_empty()
                && i + 1 < chars.len()
                && is_word_char(chars[i + 1])
            {
                // zo'n, m'n, z'n: the clitic ends the word ("zo'n" is not "zon")
                let clitic = matches!(chars[i + 1], 'n' | 't' | 'N' | 'T')
                    && chars.get(i + 2).is_none_or(|c| !is_word_char(*c));
                if clitic {
                    i += 2;
                    break;
                }
                i += 1; // drop the apostrophe inside a word: auto's → autos
            } else if is_joiner(c)
                && !cur.is_empty()
                && i + 1 < chars.len()
                && is_word_char(chars[i + 1])
            {
                pieces.push(Piece {
                    raw: std::mem::take(&mut cur),
                });
                i += 1;
            } else {
                break;
            }
        }
        if !cur.is_empty() {
            pieces.push(Piece { raw: cur });
        }
        if pieces.len() == 1 {
            if let Some(t) = make_token(&pieces[0].raw, false) {
                out.push(t);
            }
        } else if !pieces.is_empty() {
            let joined: String = pieces.iter().map(|p| p.raw.as_str()).collect();
            if let Some(t) = make_token(&joined, false) {
                out.push(t);
            }
            for p in &pieces {
                if let Some(t) = make_token(&p.raw, true) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// Dutch stop words (folded). They are never required for a match: a query
/// such as "wie bel ik bij acuut gevaar" searches for `bel`, `acuut`, `gevaar`.
/// In the body text they are not indexed at all; in titles, headings and
/// aliases they are, so that "Wie bel ik?" can still rank its own page first.
pub const STOP_WORDS: &[&str] = &[
    "aan", "af", "al", "alle", "alleen", "als", "altijd", "ben", "bent", "bij", "daar", "dan",
    "dat", "de", "der", "des", "deze", "die", "dit", "doe", "doen", "doet", "door", "dus", "een",
    "eens", "en", "er", "ga", "gaan", "gaat", "geen", "had", "heb", "hebben", "hebt", "heeft",
    "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "ja", "je", "jij", "jou", "jouw",
    "jullie", "kan", "kun", "kunt", "kunnen", "maar", "me", "mee", "men", "met", "mij", "mijn",
    "moet", "moeten", "na", "naar", "nee", "niet", "niets", "nog", "nu", "of", "om", "omdat",
    "ons", "onze", "ook", "op", "over", "te", "tot", "u", "uit", "uw", "van", "veel", "voor",
    "waar", "wanneer", "waarom", "was", "wat", "we", "wel", "welk", "welke", "werd", "wie", "wij",
    "wil", "wordt", "worden", "zal", "ze", "zei", "zelf", "zich", "zij", "zijn", "zo", "zou",
    "zonder",
];

/// Is `word` (folded) a stop word?
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Financiële"), "financiele");
        assert_eq!(fold("Zorgcoördinator"), "zorgcoordinator");
        assert_eq!(fold("IDEEËN"), "ideeen");
        assert_eq!(fold("ĳsbeer"), "ijsbeer");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("café"), "cafe");
        // NFD input: combining diaeresis is dropped.
        assert_eq!(fold("financie\u{0308}le"), "financiele");
    }

    #[test]
    fn tokenizes_words_and_drops_punctuation() {
        assert_eq!(
            texts("Wie bel ik bij acuut gevaar? Bel 112!"),
            vec!["wie", "bel", "ik", "bij", "acuut", "gevaar", "bel", "112"]
        );
        // single letters and digits are not tokens
        assert_eq!(texts("a b 1 ab"), vec!["ab"]);
    }

    #[test]
    fn apostrophe_inside_word_is_dropped() {
        assert_eq!(texts("auto's en baby’s"), vec!["autos", "en", "babys"]);
        assert_eq!(texts("zo'n man, m'n fiets"), vec!["zo", "man", "fiets"]);
        assert_eq!(texts("'t is 'zo'"), vec!["is", "zo"]);
    }

    #[test]
    fn hyphen_and_soft_hyphen_give_joined_word_and_parts() {
        let t = tokenize("ketenpartner-overleg");
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].text, "ketenpartneroverleg");
        assert!(!t[0].part);
        assert_eq!(t[1].text, "ketenpartner");
        assert!(t[1].part);
        assert_eq!(t[2].text, "overleg");
        assert_eq!(
            texts("arbeids\u{00ad}uitbuiting"),
            vec!["arbeidsuitbuiting", "arbeids", "uitbuiting"]
        );
        // a hyphen that is not between word characters splits normally
        assert_eq!(texts("signaal - melden"), vec!["signaal", "melden"]);
        // e-mail: the single letter part is dropped
        assert_eq!(texts("e-mail"), vec!["email", "mail"]);
    }

    #[test]
    fn upper_case_acronyms_are_marked() {
        let t = tokenize("het OM en de IND, Om");
        let up: Vec<(String, bool)> = t.into_iter().map(|t| (t.text, t.upper)).collect();
        assert_eq!(
            up,
            vec![
                ("het".into(), false),
                ("om".into(), true),
                ("en".into(), false),
                ("de".into(), false),
                ("ind".into(), true),
                ("om".into(), false)
            ]
        );
    }

    #[test]
    fn very_long_tokens_are_skipped() {
        let long = "x".repeat(MAX_TOKEN_CHARS + 1);
        assert!(tokenize(&long).is_empty());
    }

    #[test]
    fn stop_words() {
        assert!(is_stop_word("wie"));
        assert!(is_stop_word("om"));
        assert!(!is_stop_word("gevaar"));
        assert!(!is_stop_word("geweld"));
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), STOP_WORDS.len(), "no duplicates");
    }
}
