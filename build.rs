//! Embeds the default theme (themes/default) in the binary, so any site builds without a copy.

use std::io::Write;
use std::path::Path;

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("theme.rs");
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut f = std::fs::File::create(out).expect("theme.rs");
    writeln!(f, "pub static EMBEDDED: &[(&str, &[u8])] = &[").expect("write");
    for rel in files {
        let abs = std::fs::canonicalize(theme.join(&rel)).expect("canonicalize");
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
