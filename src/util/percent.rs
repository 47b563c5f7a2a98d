//! Percent-decoding (`%20` → space), one copy for links in content and request paths.

/// Decode `%XX` escapes. `strict` (a request path): a `%` without two hex digits after it, or
/// bytes that are no UTF-8, make it `None`. Otherwise (a link in content) such a `%` stays as
/// written and bytes that are no UTF-8 become U+FFFD.
pub fn percent_decode(s: &str, strict: bool) -> Option<String> {
    let b = s.as_bytes();
    let hex = |x: &u8| (*x as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            match (b.get(i + 1).and_then(hex), b.get(i + 2).and_then(hex)) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ if strict => return None,
                _ => {}
            }
        }
        out.push(b[i]);
        i += 1;
    }
    if strict {
        String::from_utf8(out).ok()
    } else {
        Some(String::from_utf8_lossy(&out).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn strict_refuses_what_lenient_keeps() {
        assert_eq!(percent_decode("a%20b", true).as_deref(), Some("a b"));
        assert_eq!(percent_decode("a%20b", false).as_deref(), Some("a b"));
        assert_eq!(percent_decode("100%", true), None);
        assert_eq!(percent_decode("100%", false).as_deref(), Some("100%"));
        assert_eq!(percent_decode("%zz%4", false).as_deref(), Some("%zz%4"));
        assert_eq!(percent_decode("%ff", true), None);
        assert_eq!(percent_decode("%ff", false).as_deref(), Some("\u{FFFD}"));
    }
}
