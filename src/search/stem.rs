//! A light, conservative Dutch stemmer.
//!
//! It removes inflection suffixes (plural `-en`/`-s`, adjective `-e`,
//! diminutive `-(t)je`, `-heden` → `-heid`, `-dt` → `-d`) and three
//! derivations that lead back to the verb or the agent noun: `-ing(en)` →
//! the verb stem (`meldingen` → `meld`, like `melden`; `betaling` →
//! `betaal`), `-elaar(s)` → `-el` (`handelaars` → `handel`) and a female
//! agent `-ster(s)` → `-er` (`medewerksters` → `medewerker`); and it
//! repairs the spelling that the removal leaves behind (`signalen` →
//! `signaal`, `bellen` → `bel`, `brieven` → `brief`). `-heid` is kept
//! (`gezondheid` is not `gezond`). It **never** removes a prefix
//! (`ge-`, `be-`, `ver-`): Snowball 3.0's Dutch stemmer, which Pagefind uses,
//! maps `gemeente` and `menen` to the same stem, and `geweld` to `wel`. The
//! trap list in the tests keeps this from coming back.
//!
//! Input must be folded (see [`super::fold`]). Words with anything but
//! `a-z` are returned as they are. `search.js` has the same function
//! (`stem`); `tests/search/run-judged.js` checks that both agree on every
//! word of a built index.

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn ends(w: &[u8], suffix: &str) -> bool {
    w.ends_with(suffix.as_bytes())
}

/// Words ending in `-es` that are not plurals.
const ES_KEEP: &[&str] = &["proces", "adres", "interes", "ambtenares"];

/// Remove a plural `-s`.
fn strip_plural_s(w: &mut Vec<u8>) {
    let n = w.len();
    if n < 5 || w[n - 1] != b's' {
        return;
    }
    let strip = if ends(w, "ers") || ends(w, "els") || ends(w, "ems") {
        true
    } else if ends(w, "ens") {
        n >= 6
    } else if ends(w, "ys") || ends(w, "os") {
        true
    } else if ends(w, "es") {
        // routes, procedures, organisaties, signalenlijstjes; not proces, adres
        n >= 6 && !is_vowel(w[n - 3]) && !ES_KEEP.iter().any(|k| ends(w, k)) || ends(w, "ies")
    } else {
        ends(w, "aars") || ends(w, "eurs") || ends(w, "ors")
    };
    if strip {
        w.pop();
    }
}

/// `-ing` nouns whose verb reading would join unrelated words
/// (`handeling` is an act, `handel` is trade).
const ING_KEEP: &[&str] = &["handeling"];

/// Letters before a female agent `-ster` (`werkster`, `verpleegster`,
/// `begeleidster`); not `n`, `m`, `s` or a vowel: `monster`, `hamster`,
/// `meester`, `zuster`, `register` keep their `-ster`.
fn agent_ster_before(c: u8) -> bool {
    matches!(c, b'k' | b'g' | b'd' | b'p' | b'b' | b'r' | b'f' | b'l')
}

/// Derivations back to the verb or agent: `-ing` → verb stem, `-elaar` →
/// `-el`, female `-ster` → `-er`. Runs after the plural is gone
/// (`meldingen` → `melding` first). Returns true if it changed `w`.
fn strip_derivation(w: &mut Vec<u8>) -> bool {
    let n = w.len();
    // melding → meld, betaling → betaal, bestelling → bestel; the rest
    // keeps four letters (woning, mening, koning stay whole)
    if ends(w, "ing")
        && n >= 7
        && !is_vowel(w[n - 4])
        && !ING_KEEP.iter().any(|k| w == k.as_bytes())
    {
        w.truncate(n - 3);
        repair(w, false);
        return true;
    }
    // handelaar → handel, smokkelaar → smokkel, behandelaar → behandel
    if ends(w, "elaar") && n >= 8 {
        w.truncate(n - 3);
        return true;
    }
    // medewerkster → medewerker, begeleidster → begeleider
    if ends(w, "ster") && n >= 8 && agent_ster_before(w[n - 5]) {
        w.truncate(n - 4);
        w.extend_from_slice(b"er");
        return true;
    }
    false
}

/// Remove a diminutive `-tje` / `-je`. Returns true if it did.
fn strip_diminutive(w: &mut Vec<u8>) -> bool {
    let n = w.len();
    if ends(w, "tje") && n >= 6 {
        w.truncate(n - 3);
        true
    } else if ends(w, "je") && n >= 6 && w[n - 3] != b'i' && w[n - 3] != b'j' {
        w.truncate(n - 2);
        true
    } else {
        false
    }
}

/// Spelling repair after an `-en` or `-e` was removed.
fn repair(w: &mut Vec<u8>, removed_e_only: bool) {
    let n = w.len();
    if n < 3 {
        return;
    }
    let last = w[n - 1];
    // Doubled consonant: bellen → bell → bel, zakken → zak.
    if last == w[n - 2] && !is_vowel(last) {
        w.pop();
        return;
    }
    // v/z alternation: brieven → brief, huizen → huis.
    if last == b'v' {
        w[n - 1] = b'f';
    } else if last == b'z' {
        w[n - 1] = b's';
    }
    // Adjectives in -eel: criminele → crimineel, financiële → financieel.
    if removed_e_only && ends(w, "el") && n >= 5 {
        w.insert(n - 1, b'e');
        return;
    }
    // Open syllable: signalen → signaal, zaken → zaak, lopen → loop, uren → uur;
    // but not Latin agent nouns: coördinatoren → coördinator, sectoren → sector
    // (kantoren → kantoor and pastoren → pastoor still double).
    let last = w[n - 1];
    let v = w[n - 2];
    let before = w[n - 3];
    let latin_tor = ends(w, "tor") && n >= 4 && (is_vowel(w[n - 4]) || w[n - 4] == b'c');
    if !latin_tor
        && !is_vowel(last)
        && last != b'w'
        && last != b'j'
        && matches!(v, b'a' | b'o' | b'u')
        && !is_vowel(before)
    {
        w.insert(n - 1, v);
    }
}

/// Stem a folded Dutch word.
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w: Vec<u8> = word.as_bytes().to_vec();
    let n = w.len();

    if ends(&w, "heden") && n >= 8 {
        w.truncate(n - 5);
        w.extend_from_slice(b"heid");
        return String::from_utf8(w).unwrap_or_default();
    }
    if ends(&w, "dt") && n >= 5 {
        w.pop();
        return String::from_utf8(w).unwrap_or_default();
    }

    strip_plural_s(&mut w);
    // the plural of a derivation: meldingen → melding, handelaren → handel
    let n = w.len();
    if ends(&w, "elaren") && n >= 9 {
        w.truncate(n - 4);
        return String::from_utf8(w).unwrap_or_default();
    }
    if ends(&w, "ingen") {
        let mut bare = w[..n - 2].to_vec();
        if strip_derivation(&mut bare) {
            return String::from_utf8(bare).unwrap_or_default();
        }
    }
    if strip_derivation(&mut w) {
        return String::from_utf8(w).unwrap_or_default();
    }
    if strip_diminutive(&mut w) {
        return String::from_utf8(w).unwrap_or_default();
    }
    let n = w.len();
    if ends(&w, "en") && n >= 5 && w[n - 3] != b'i' {
        w.truncate(n - 2);
        repair(&mut w, false);
    } else if ends(&w, "e") && n >= 5 && !is_vowel(w[n - 2]) {
        w.truncate(n - 1);
        repair(&mut w, true);
    }
    String::from_utf8(w).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::stem;

    fn same(a: &str, b: &str) -> bool {
        stem(a) == stem(b)
    }

    /// The trap list: words that must never share a stem. Each pair is
    /// (word, unrelated shorter word) that an aggressive stemmer conflates.
    const TRAPS: &[(&str, &str)] = &[
        ("gemeente", "menen"),
        ("gemeente", "mening"),
        ("gemeenten", "menen"),
        ("geweld", "wel"),
        ("geweld", "welkom"),
        ("gezondheid", "zon"),
        ("gezondheid", "gezond"),
        ("behandeling", "handel"),
        ("behandelen", "handelen"),
        ("bezorgd", "zorg"),
        ("bezorgd", "zorgen"),
        ("vermeld", "meld"),
        ("gemeld", "meld"),
        ("afhandeling", "handel"),
        ("zakken", "zaken"),
    ];

    #[test]
    fn trap_list_is_never_conflated() {
        for (a, b) in TRAPS {
            assert!(
                !same(a, b),
                "{a} and {b} must not share a stem ({} / {})",
                stem(a),
                stem(b)
            );
        }
    }

    #[test]
    fn never_strips_ge_or_be_prefix() {
        for w in [
            "gemeente",
            "geweld",
            "gezondheid",
            "gemeld",
            "behandeling",
            "bezorgd",
        ] {
            let s = stem(w);
            assert!(s.starts_with(&w[..2]), "{w} -> {s}");
        }
        assert_eq!(stem("geweld"), "geweld");
        assert_eq!(stem("gezondheid"), "gezondheid");
        assert_eq!(stem("bezorgd"), "bezorgd");
        assert_eq!(stem("gemeente"), "gemeent");
    }

    #[test]
    fn conflates_inflected_forms() {
        let groups: &[&[&str]] = &[
            &["signaal", "signalen"],
            &["gemeente", "gemeenten"],
            &["slachtoffer", "slachtoffers"],
            &["melding", "meldingen"],
            &["zaak", "zaken"],
            &["persoon", "personen"],
            &["route", "routes"],
            &["partner", "partners"],
            &["loverboy", "loverboys"],
            &["crimineel", "criminele"],
            &["seksueel", "seksuele"],
            &["financieel", "financiele"],
            &["kwetsbaar", "kwetsbare"],
            &["brief", "brieven"],
            &["huis", "huizen"],
            &["bel", "bellen"],
            &["mogelijkheid", "mogelijkheden"],
            &["meld", "meldt", "melden"],
            &["organisatie", "organisaties"],
            &["handelaar", "handelaren"],
            &["risicos", "risico"],
            &["idee", "ideeen"],
            &["zorg", "zorgen"],
            &["mens", "mensen"],
            &["gevaar", "gevaren"],
            &["vrouw", "vrouwen"],
            &["jongere", "jongeren"],
            &["teken", "tekens"],
            &["coordinator", "coordinatoren"],
            &["zorgcoordinator", "zorgcoordinatoren"],
            &["sector", "sectoren"],
            &["kantoor", "kantoren"],
            &["wapen", "wapens"],
            &["huisje", "huisjes", "huis"],
        ];
        for g in groups {
            let s0 = stem(g[0]);
            for w in &g[1..] {
                assert_eq!(stem(w), s0, "{} vs {}", g[0], w);
            }
        }
    }

    #[test]
    fn derived_forms_reach_the_verb_or_agent() {
        let groups: &[&[&str]] = &[
            &["meld", "melden", "melding", "meldingen"],
            &["uitbuiten", "uitbuiting", "uitbuitingen"],
            &["betalen", "betaling", "betalingen"],
            &["bestellen", "bestelling"],
            &["signaleren", "signalering"],
            &["opsporen", "opsporing"],
            &["verwijzen", "verwijzing", "verwijzingen"],
            &["handel", "handelaar", "handelaars", "handelaren"],
            &["behandelen", "behandelaar", "behandelaars", "behandeling"],
            &["smokkel", "smokkelaar", "smokkelaars"],
            &["medewerker", "medewerkers", "medewerkster", "medewerksters"],
            &["mogelijkheid", "mogelijkheden"],
        ];
        for g in groups {
            let s0 = stem(g[0]);
            for w in &g[1..] {
                assert_eq!(stem(w), s0, "{} vs {}", g[0], w);
            }
        }
        // an act is not trade; a dwelling, an opinion stay whole
        assert_ne!(stem("handeling"), stem("handel"));
        assert_ne!(stem("handelingen"), stem("handel"));
        assert_ne!(stem("mening"), stem("menen"));
        assert_ne!(stem("burgemeesters"), stem("burgemeer"));
    }

    #[test]
    fn leaves_other_words_alone() {
        for w in [
            "proces",
            "adres",
            "status",
            "handel",
            "woning",
            "mening",
            "handeling",
            "burgemeester",
            "minister",
            "register",
            "monster",
            "mensenhandel",
            "arbeid",
            "politie",
            "informatie",
            "kans",
            "misschien",
            "tien",
            "uren",
        ] {
            assert_eq!(stem(w), w, "{w}");
        }
        // non-ASCII and short words are returned as they are
        assert_eq!(stem("ωμέγα"), "ωμέγα");
        assert_eq!(stem("b8"), "b8");
        assert_eq!(stem("112"), "112");
    }
}
