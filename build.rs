//! Embeds the default theme (themes/default) and the starter site of `ketenwijzer init`
//! (starter/) in the binary, so any site builds, and any region starts, without a checkout.

use std::io::Write;
use std::path::Path;

fn main() {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    embed(Path::new("themes/default"), &out_dir.join("theme.rs"));
    embed(Path::new("starter"), &out_dir.join("starter.rs"));
    build_id();
}

/// `KETENWIJZER_BUILD_ID`: a hash of everything the binary is made from (sources, theme,
/// starter, dependencies), so a build cache left by another binary is never trusted.
fn build_id() {
    use std::hash::Hasher;
    let mut files = Vec::new();
    for dir in ["src", "themes/default", "starter"] {
        println!("cargo:rerun-if-changed={dir}");
        let mut here = Vec::new();
        collect(Path::new(dir), Path::new(dir), &mut here);
        files.extend(here.into_iter().map(|f| format!("{dir}:{f}")));
    }
    files.push(":Cargo.toml".into());
    files.push(":Cargo.lock".into());
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in &files {
        let (dir, rel) = f.split_once(':').unwrap_or(("", f));
        h.write(f.as_bytes());
        h.write(&std::fs::read(Path::new(dir).join(rel)).unwrap_or_default());
    }
    println!("cargo:rustc-env=KETENWIJZER_BUILD_ID={:016x}", h.finish());
}

/// `pub static EMBEDDED: &[(path, bytes)]` of every file under `dir`, sorted by path.
fn embed(dir: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    let mut f = std::fs::File::create(out).expect("embedded .rs");
    writeln!(f, "pub static EMBEDDED: &[(&str, &[u8])] = &[").expect("write");
    for rel in files {
        let abs = std::fs::canonicalize(dir.join(&rel)).expect("canonicalize");
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(f, "    ({:?}, include_bytes!({:?})),", rel, abs).expect("write");
    }
    writeln!(f, "];").expect("write");
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(base, &p, out);
        } else if let Ok(rel) = p.strip_prefix(base) {
            let name = rel.to_string_lossy().replace('\\', "/");
            if !name.split('/').any(|c| c.starts_with('.')) {
                out.push(name);
            }
        }
    }
}
