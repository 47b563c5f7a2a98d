//! Hashing for the indexer: a fast hasher for its string maps and a 32-bit word hash (used by
//! the index and the compound splitter, so it sits apart from both).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast, non-cryptographic hasher (the FxHash mix) for the
/// indexer's string maps; the keys come from the site itself.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            let v = u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

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
