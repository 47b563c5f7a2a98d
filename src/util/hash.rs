//! A fast hasher for maps whose keys come from the site itself (page files, URLs, heading ids):
//! the std hasher (SipHash) guards against keys chosen to collide, which a site's own names
//! are not, and costs several times more per key. Nothing iterates these maps to make output.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The FxHash mix (as in rustc), eight bytes at a time.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FastHasher {
    #[inline]
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The [`std::hash::BuildHasher`] of [`FastHasher`].
pub type FastBuild = BuildHasherDefault<FastHasher>;
/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, FastBuild>;
/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = HashSet<K, FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;
    use std::path::Path;

    fn hash<T: std::hash::Hash + ?Sized>(t: &T) -> u64 {
        FastBuild::default().hash_one(t)
    }

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        assert_eq!(
            hash("content/a/01-b.md"),
            hash(&"content/a/01-b.md".to_string())
        );
        // Paths that are equal as paths hash alike, as `Hash for Path` promises.
        assert_eq!(hash(Path::new("a/b")), hash(Path::new("a//b/")));
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("kop-1"), hash("kop-2"));
        assert_ne!(hash("12345678a"), hash("12345678b"));
    }

    #[test]
    fn a_map_finds_what_it_holds() {
        let mut m: FastMap<String, usize> = FastMap::default();
        for i in 0..1000 {
            m.insert(format!("pagina-{i}"), i);
        }
        assert!((0..1000).all(|i| m.get(&format!("pagina-{i}")) == Some(&i)));
        assert_eq!(m.get("pagina-1000"), None);
    }
}
