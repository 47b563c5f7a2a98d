//! Case and diacritic folding, tokenising and the Dutch stop-word list.
//!
//! Everything the index stores is folded: lower case, diacritics removed
//! (`financiële` → `financiele`, `coördinator` → `coordinator`), ligatures
//! spelled out (`ĳ` → `ij`, `ß` → `ss`). The browser client (`search.js`)
//! folds queries with the same rules; keep both in step.

use super::bytes::{block, HIGH, ONES};

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

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c)
    }
}

/// The character that starts at byte `i` of `s` (`i` on a char boundary).
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        None => None,
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => s[i..].chars().next(),
    }
}

/// Is `text` (folded) long enough, and not too long, to be a token?
fn keep_token(text: &str) -> bool {
    if text.len() < 2 {
        return false;
    }
    // Single letters and single digits carry no meaning in a search; longer
    // runs than MAX_TOKEN_CHARS are identifiers, URLs, noise.
    let n = if text.len() <= MAX_TOKEN_CHARS {
        text.chars().count()
    } else {
        text.chars().take(MAX_TOKEN_CHARS + 1).count()
    };
    (2..=MAX_TOKEN_CHARS).contains(&n)
}

/// A piece of a word between joiners: where its folded text starts in the
/// word's folded text, and its letters (for the acronym test).
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    letters: usize,
    all_upper: bool,
}

/// Reusable buffers for [`for_each_token`], so that tokenising many texts
/// allocates nothing per token.
#[derive(Debug, Default)]
pub struct Scratch {
    folded: String,
    pieces: Vec<Piece>,
}

/// Byte classes of the ASCII fast path of [`for_each_token`].
const WORD: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
/// ASCII that ends a word and cannot join it to more (not `-`, not `'`).
const END: u8 = 8;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            WORD | LOWER
        } else if c.is_ascii_uppercase() {
            WORD | UPPER
        } else if c.is_ascii_digit() {
            WORD
        } else if c == b'-' || c == b'\'' {
            0
        } else {
            END
        };
        b += 1;
    }
    t
};

/// Whether the byte `b` ends every run ([`for_each_run`]) that it follows: the runs of two
/// texts one after the other are then those of each.
pub fn ends_run(b: u8) -> bool {
    CLASS[b as usize] & END != 0
}

/// The end of the run of ASCII lower-case letters that starts at `j`,
/// eight bytes at a time.
#[inline]
fn skip_lower(b: &[u8], mut j: usize) -> usize {
    while let Some(x) = block(b, j) {
        // Per byte, the high bit: set from `a` up, set above `z`, set for
        // non-ASCII. Up to the first byte that is not a-z no byte carries
        // into the next, so that byte is found exactly.
        let from_a = x.wrapping_add(ONES * (0x80 - b'a' as u64));
        let above_z = x.wrapping_add(ONES * (0x80 - b'z' as u64 - 1));
        let lower = from_a & !above_z & !x & HIGH;
        if lower != HIGH {
            return j + ((!lower & HIGH).trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while b.get(j).is_some_and(u8::is_ascii_lowercase) {
        j += 1;
    }
    j
}

/// Call `f(text, upper, part)` for every token of `s`, in order: the same
/// tokens as [`tokenize`], without allocating (the text lives in `scratch`).
pub fn for_each_token(s: &str, scratch: &mut Scratch, mut f: impl FnMut(&str, bool, bool)) {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let class = CLASS[b[i] as usize];
        if class & WORD != 0 {
            // Fast path: a run of ASCII letters and digits followed by
            // something that can neither continue it nor join it to more.
            let (mut seen, mut uppers) = (class, (class / UPPER) as usize);
            let mut j = i + 1;
            loop {
                let k = skip_lower(b, j);
                if k > j {
                    seen |= LOWER;
                    j = k;
                }
                let Some(&next) = b.get(j) else { break };
                let c = CLASS[next as usize];
                if c & WORD == 0 {
                    break;
                }
                seen |= c;
                uppers += (c / UPPER) as usize;
                j += 1;
            }
            if j == n || CLASS[b[j] as usize] & END != 0 {
                if (2..=MAX_TOKEN_CHARS).contains(&(j - i)) {
                    let upper = uppers >= 2 && seen & LOWER == 0;
                    let text = if seen & UPPER == 0 {
                        &s[i..j]
                    } else {
                        scratch.folded.clear();
                        scratch.folded.push_str(&s[i..j]);
                        scratch.folded.make_ascii_lowercase();
                        &scratch.folded
                    };
                    f(text, upper, false);
                }
                i = j;
                continue;
            }
        } else if b[i] < 0x80 {
            i += 1;
            continue;
        } else {
            let Some(c) = char_at(s, i) else { break };
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
        }
        i = slow_word(s, i, scratch, &mut f);
    }
}

/// Call `f(run, head)` for every *run* of the text `b`: a maximal stretch without an ASCII byte that
/// ends a word and cannot join it to more (space, punctuation other than `-` and `'`); `head`
/// is its first (up to) eight bytes, little-endian, zero above its end. No token spans two
/// runs and a run's tokens do not depend on what surrounds it, so the tokens of `b` are those
/// of its runs in order ([`for_each_token`] of each): a tokeniser may tokenise a run it has
/// seen before once and remember the result (runs repeat: they are mostly words). A run
/// ends next to ASCII bytes, so the runs of UTF-8 text are UTF-8 (the caller may check
/// each distinct run instead of the whole text).
#[inline]
pub fn for_each_run(b: &[u8], mut f: impl FnMut(&[u8], u64)) {
    let n = b.len();
    let mut i = 0;
    loop {
        while i < n && CLASS[b[i] as usize] & END != 0 {
            i += 1;
        }
        if i >= n {
            return;
        }
        let x = load8(b, i);
        let letters = leading_letters(x);
        let mut j = i + letters;
        if letters == 8 || (j < n && CLASS[b[j] as usize] & END == 0) {
            // Longer than eight bytes, or more than ASCII letters.
            while j < n && CLASS[b[j] as usize] & END == 0 {
                j = skip_lower(b, j + 1);
            }
        }
        f(&b[i..j], x & low_bytes(j - i));
        // The byte at `j` ends the run (or the text ends): past it without a second look.
        i = j + 1;
    }
}

/// The eight bytes of `b` from `i`, little-endian; zero past the end.
#[inline]
fn load8(b: &[u8], i: usize) -> u64 {
    match block(b, i) {
        Some(x) => x,
        None => {
            let mut last = [0u8; 8];
            let rest = b.get(i..).unwrap_or_default();
            last[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(last)
        }
    }
}

/// A mask of the low `k` bytes of a `u64` (all of them from eight on).
#[inline]
fn low_bytes(k: usize) -> u64 {
    if k >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * k)) - 1
    }
}

/// How many of the bytes of `x` (little-endian), from the first, are ASCII letters.
#[inline]
fn leading_letters(x: u64) -> usize {
    // Upper case to lower case (and nothing else into a-z), then as in `skip_lower`.
    let y = x | (ONES * 0x20);
    let from_a = y.wrapping_add(ONES * (0x80 - b'a' as u64));
    let above_z = y.wrapping_add(ONES * (0x80 - b'z' as u64 - 1));
    let letters = from_a & !above_z & !y & HIGH;
    ((!letters & HIGH).trailing_zeros() / 8) as usize
}

/// The general case of [`for_each_token`]: a word that starts at `i` and
/// has non-ASCII letters, hyphens or apostrophes. Returns where it ends.
/// (Apart, so that the common case calls `f` in one place only.)
#[inline(never)]
fn slow_word(
    s: &str,
    mut i: usize,
    scratch: &mut Scratch,
    f: &mut dyn FnMut(&str, bool, bool),
) -> usize {
    // Collect a word: pieces separated by joiners, folded on the way.
    let folded = &mut scratch.folded;
    let pieces = &mut scratch.pieces;
    folded.clear();
    pieces.clear();
    let mut cur = Piece {
        start: 0,
        letters: 0,
        all_upper: true,
    };
    let mut cur_empty = true;
    while let Some(c) = char_at(s, i) {
        let len = c.len_utf8();
        if is_word_char(c) {
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    cur.letters += 1;
                    cur.all_upper &= c.is_ascii_uppercase();
                }
                folded.push(c.to_ascii_lowercase());
            } else {
                if c.is_alphabetic() {
                    cur.letters += 1;
                    cur.all_upper &= c.is_uppercase();
                }
                for l in c.to_lowercase() {
                    push_folded(l, folded);
                }
            }
            cur_empty = false;
            i += len;
            continue;
        }
        if cur_empty {
            break;
        }
        let next = char_at(s, i + len);
        if !next.is_some_and(is_word_char) {
            break;
        }
        if is_apostrophe(c) {
            // zo'n, m'n, z'n: the clitic ends the word ("zo'n" is not "zon")
            let j = i + len;
            let clitic = matches!(next, Some('n' | 't' | 'N' | 'T'))
                && !char_at(s, j + 1).is_some_and(is_word_char);
            if clitic {
                i = j + 1;
                break;
            }
            i = j; // drop the apostrophe inside a word: auto's → autos
        } else if is_joiner(c) {
            pieces.push(cur);
            cur = Piece {
                start: folded.len(),
                letters: 0,
                all_upper: true,
            };
            cur_empty = true;
            i += len;
        } else {
            break;
        }
    }
    if !cur_empty {
        pieces.push(cur);
    }
    let upper = |letters: usize, all: bool| letters >= 2 && all;
    if pieces.len() == 1 {
        if keep_token(folded) {
            f(folded, upper(cur.letters, cur.all_upper), false);
        }
    } else if !pieces.is_empty() {
        if keep_token(folded) {
            let letters = pieces.iter().map(|p| p.letters).sum();
            let all = pieces.iter().all(|p| p.all_upper);
            f(folded, upper(letters, all), false);
        }
        for (k, p) in pieces.iter().enumerate() {
            let end = pieces.get(k + 1).map_or(folded.len(), |q| q.start);
            let text = &folded[p.start..end];
            if keep_token(text) {
                f(text, upper(p.letters, p.all_upper), true);
            }
        }
    }
    i
}

/// Split text into tokens.
///
/// Words are runs of letters and digits. An apostrophe inside a word is dropped
/// (`auto's` → `autos`, which the stemmer takes to `auto`). A hyphen or soft hyphen
/// between word characters joins pieces: the joined word is emitted, then each piece
/// (marked `part`).
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(s, &mut Scratch::default(), |text, upper, part| {
        out.push(Token {
            text: text.to_string(),
            upper,
            part,
        })
    });
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
    // One look-up in a table, not a comparison with every word of the list (this is asked
    // for every distinct word of the site).
    let b = word.as_bytes();
    if b.is_empty() || b.len() > STOP_WORD_MAX_LEN {
        return false;
    }
    let key = stop_key(b);
    let mut i = stop_slot(key);
    loop {
        match STOP_TABLE[i] {
            0 => return false,
            k if k == key => return true,
            _ => i = (i + 1) % STOP_TABLE.len(),
        }
    }
}

/// A word of at most seven bytes as one number: its bytes, little-endian, and its length in
/// the top byte (so that no two words, even with zero bytes, share one).
const fn stop_key(b: &[u8]) -> u64 {
    let mut key = (b.len() as u64) << 56;
    let mut i = 0;
    while i < b.len() {
        key |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The first slot of [`STOP_TABLE`] to look at for `key`.
const fn stop_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - 9)) as usize
}

/// The stop words' [`stop_key`]s, open addressing (linear probing) in 512 slots; 0 = empty.
const STOP_TABLE: [u64; 512] = {
    assert!(
        STOP_WORD_MAX_LEN <= 7,
        "a stop word's key holds seven bytes"
    );
    let mut t = [0u64; 512];
    let mut w = 0;
    while w < STOP_WORDS.len() {
        let key = stop_key(STOP_WORDS[w].as_bytes());
        let mut i = stop_slot(key);
        while t[i] != 0 {
            i = (i + 1) % 512;
        }
        t[i] = key;
        w += 1;
    }
    t
};

/// Length in bytes of the longest stop word.
const STOP_WORD_MAX_LEN: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < STOP_WORDS.len() {
        if STOP_WORDS[i].len() > max {
            max = STOP_WORDS[i].len();
        }
        i += 1;
    }
    max
};

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
        // The table agrees with the list, also for words next to stop words.
        for w in STOP_WORDS {
            assert!(is_stop_word(w), "{w}");
            for other in [
                &w[1..],
                &w[..w.len() - 1],
                &format!("{w}s"),
                &format!("{w}\0"),
            ] {
                assert_eq!(
                    is_stop_word(other),
                    STOP_WORDS.contains(&other),
                    "{other:?}"
                );
            }
        }
        for w in ["", "\0", "u\0", "a", "wanneer", "wanneers", "zonderr"] {
            assert_eq!(is_stop_word(w), STOP_WORDS.contains(&w), "{w:?}");
        }
    }

    /// The straightforward tokenizer that [`for_each_token`] replaced (it
    /// collected the text into a `Vec<char>` and allocated per piece); the
    /// fast one must give exactly the same tokens.
    fn reference_tokenize(s: &str) -> Vec<Token> {
        fn make_token(raw: &str, part: bool) -> Option<Token> {
            let text = fold(raw);
            let n = text.chars().count();
            if !(2..=MAX_TOKEN_CHARS).contains(&n) {
                return None;
            }
            let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
            let upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
            Some(Token { text, upper, part })
        }
        let mut out = Vec::new();
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if !is_word_char(chars[i]) {
                i += 1;
                continue;
            }
            let mut pieces: Vec<String> = Vec::new();
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
                    let clitic = matches!(chars[i + 1], 'n' | 't' | 'N' | 'T')
                        && chars.get(i + 2).is_none_or(|c| !is_word_char(*c));
                    if clitic {
                        i += 2;
                        break;
                    }
                    i += 1;
                } else if is_joiner(c)
                    && !cur.is_empty()
                    && i + 1 < chars.len()
                    && is_word_char(chars[i + 1])
                {
                    pieces.push(std::mem::take(&mut cur));
                    i += 1;
                } else {
                    break;
                }
            }
            if !cur.is_empty() {
                pieces.push(cur);
            }
            if pieces.len() == 1 {
                out.extend(make_token(&pieces[0], false));
            } else if !pieces.is_empty() {
                out.extend(make_token(&pieces.concat(), false));
                for p in &pieces {
                    out.extend(make_token(p, true));
                }
            }
        }
        out
    }

    /// The tokens of `s` run by run ([`for_each_run`]), each run tokenised alone.
    fn tokens_by_run(s: &str) -> Vec<Token> {
        let mut runs = Vec::new();
        for_each_run(s.as_bytes(), |r, head| {
            let mut first = [0u8; 8];
            let k = r.len().min(8);
            first[..k].copy_from_slice(&r[..k]);
            assert_eq!(head, u64::from_le_bytes(first), "{r:?}");
            runs.push(String::from_utf8(r.to_vec()).expect("runs end at ASCII bytes"));
        });
        // Runs are what lies between word-ending ASCII bytes, nothing else is left out.
        let rest: String = s
            .chars()
            .filter(|&c| !(c.is_ascii() && CLASS[c as usize] & END != 0))
            .collect();
        assert_eq!(runs.concat(), rest, "{s:?}");
        assert!(runs.iter().all(|r| !r.is_empty()));
        runs.iter().flat_map(|r| tokenize(r)).collect()
    }

    #[test]
    fn tokens_of_runs_are_the_tokens_of_the_text() {
        for s in [
            "",
            "  ",
            "een",
            "Een twee, drie! Vier",
            "zo'n man, m'n fiets",
            "zo'n-fiets 't-shirt",
            "ketenpartner-overleg (e-mail)",
            "één\u{a0}twee – drie…vier",
            "x' 'y -ab ab- a-b-c",
            "abcdefghijklmnopqrstuvwxyzABCDEFGH.abcdefghi",
        ] {
            assert_eq!(tokens_by_run(s), tokenize(s), "{s:?}");
        }
    }

    #[test]
    fn lower_case_runs_are_found_eight_bytes_at_a_time() {
        let text = "abcdefghijklmnopqrstuvwxyzABC{`@[\u{e9}xyz0123456789abcdefghij";
        let b = text.as_bytes();
        for j in 0..=b.len() {
            let mut k = j;
            while k < b.len() && b[k].is_ascii_lowercase() {
                k += 1;
            }
            assert_eq!(skip_lower(b, j), k, "from {j}");
        }
    }

    #[test]
    fn fast_tokenizer_matches_the_reference_on_random_text() {
        const ALPHABET: &[&str] = &[
            "a",
            "b",
            "e",
            "n",
            "t",
            "N",
            "T",
            "O",
            "M",
            "Z",
            "1",
            "8",
            " ",
            " ",
            "  ",
            "\n",
            "-",
            "\u{2010}",
            "\u{2011}",
            "\u{00ad}",
            "'",
            "’",
            "‘",
            "ʼ",
            ".",
            "?",
            "ë",
            "É",
            "ï",
            "ĳ",
            "Ĳ",
            "ß",
            "ẞ",
            "İ",
            "æ",
            "Œ",
            "\u{0308}",
            "\u{0301}",
            "ω",
            "Ω",
            "語",
            "٣",
            "Ⅻ",
            "ǅ",
            "ﬁ",
            "xxxxxxxxxxxxxxxxxxxx",
            "ééééééééééééééééééé",
            "\t",
            "_",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut scratch = Scratch::default();
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let s: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            let mut fast = Vec::new();
            for_each_token(&s, &mut scratch, |text, upper, part| {
                fast.push(Token {
                    text: text.to_string(),
                    upper,
                    part,
                })
            });
            assert_eq!(fast, reference_tokenize(&s), "{s:?}");
            assert_eq!(tokens_by_run(&s), fast, "runs of {s:?}");
        }
        for s in [
            "zo'n man, m'n fiets",
            "ketenpartner-overleg",
            "Bel 112: het OM en de IND!",
            "a-b-c ab-cd-EF GH-IJ",
            "x'",
            "'t",
            "-ab",
            "ab-",
        ] {
            assert_eq!(tokenize(s), reference_tokenize(s), "{s:?}");
        }
    }
}
