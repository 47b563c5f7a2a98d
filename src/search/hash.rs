//! Hashing for the indexer: its string maps (the site's fast hasher) and a 32-bit word hash (used by
//! the index and the compound splitter, so it sits apart from both).

/// The indexer's string maps hash with the site's fast hasher: the keys come from the site
/// itself.
pub(crate) use crate::util::hash::{FastMap, FastSet};

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let r = a as u128 * b as u128;
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline]
pub(crate) fn read8(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]))
}

#[inline]
pub(crate) fn read4(b: &[u8], i: usize) -> u64 {
    u32::from_le_bytes(b[i..i + 4].try_into().unwrap_or([0; 4])) as u64
}

/// A 32-bit hash of a word.
#[inline]
pub(crate) fn word_hash(b: &[u8]) -> u32 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
    let n = b.len();
    let (x, y) = if n >= 8 {
        (read8(b, 0), read8(b, n - 8))
    } else if n >= 4 {
        (read4(b, 0), read4(b, n - 4))
    } else if n > 0 {
        (
            b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16,
            0,
        )
    } else {
        (0, 0)
    };
    let mut h = mix(x ^ P0, y ^ P1 ^ n as u64);
    let mut i = 8;
    while i + 8 < n {
        h = mix(h ^ read8(b, i), P2);
        i += 8;
    }
    (h >> 32) as u32
}

/// A 32-bit hash of a run of text ([`super::fold::for_each_run`]) whose first (up to) eight
/// bytes are `head`: most runs are no longer, and their hash is one multiplication.
#[inline]
pub(crate) fn run_hash(run: &[u8], head: u64) -> u32 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
    let mut h = mix(head ^ P0, run.len() as u64 ^ P1);
    if let Some(tail) = run.get(8..).filter(|t| !t.is_empty()) {
        h = mix(h ^ word_hash(tail) as u64, P2);
    }
    (h >> 32) as u32
}
