//! Eight bytes at a time: the constants and masks the tokeniser, the excerpts and the JSON
//! writer use to pass over plain text a word (`u64`) at a time instead of a byte at a time.
//! A mask has the high bit of each byte set where the byte is what the mask asks for.

/// The byte 0x01 in every place.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
/// Every bit but the high one of every byte.
pub(crate) const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The eight bytes of `b` from `i`, little-endian; None when fewer are left.
#[inline]
pub(crate) fn block(b: &[u8], i: usize) -> Option<u64> {
    let block = b.get(i..i + 8)?;
    Some(u64::from_le_bytes(block.try_into().unwrap_or([0; 8])))
}

/// The mask of the bytes of `x` that are `c` (exact: no byte carries into the next).
#[inline]
pub(crate) fn equal(x: u64, c: u8) -> u64 {
    let y = x ^ (ONES * c as u64);
    !(((y & LOW) + LOW) | y) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_marks_exactly_the_bytes_that_are_c() {
        let bytes = [0u8, 1, b' ', 0x7f, 0x80, 0xc3, 0xe2, 0xff];
        for &c in &bytes {
            for (k, _) in bytes.iter().enumerate() {
                let mut b = bytes;
                b.rotate_left(k);
                let x = block(&b, 0).unwrap_or_default();
                let want = b
                    .iter()
                    .enumerate()
                    .filter(|(_, &v)| v == c)
                    .fold(0, |m, (j, _)| m | 0x80 << (8 * j));
                assert_eq!(equal(x, c), want, "{c:#x} in {b:?}");
            }
        }
        assert_eq!(block(b"1234567", 0), None);
        assert_eq!(
            block(b"12345678", 0),
            Some(u64::from_le_bytes(*b"12345678"))
        );
    }
}
