//! Golden output: every file a build makes, pinned as a sorted manifest (path, size, hash), for
//! the `good` fixture and the bundled site. Any change to the output, intended or not, shows up
//! here as a diff of paths; `cargo insta review` (or INSTA_UPDATE=always) accepts an intended one.

use ketenwijzer::output::MemorySink;
use ketenwijzer::site::{self, Mode};
use std::path::Path;

/// FNV-1a, 64 bits: stable across Rust versions and platforms (std's hasher is not).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn manifest(root: &Path) -> String {
    let sink = MemorySink::default();
    if let Err(diags) = site::build(root, &Mode::default(), &sink) {
        panic!("{} does not build:\n{diags:?}", root.display());
    }
    let mut files = sink.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = String::new();
    for f in &files {
        out.push_str(&format!(
            "{} {} {:016x}\n",
            f.path,
            f.bytes.len(),
            fnv1a(&f.bytes)
        ));
    }
    out
}

#[test]
fn good_fixture_output_is_pinned() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    insta::assert_snapshot!("good", manifest(&root));
}

#[test]
fn bundled_site_output_is_pinned() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!("bundled", manifest(root));
}

#[test]
fn the_hash_sees_every_byte() {
    assert_ne!(fnv1a(b"ab"), fnv1a(b"ba"));
    assert_ne!(fnv1a(b""), fnv1a(b"\0"));
}
