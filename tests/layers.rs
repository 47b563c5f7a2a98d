//! The layers of the library, enforced: every `crate::X` reference in `src/` must point to a
//! module in the same or a lower layer of the table in `src/lib.rs`, and no two top-level modules
//! may reach each other (no cycle of any length). The table is read from the `//!` doc of
//! `src/lib.rs`, so the documentation and the test cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Module → layer, from the lines `//! | N | module, module | … |` of lib.rs.
fn layer_table(lib: &str) -> BTreeMap<String, u32> {
    let mut table = BTreeMap::new();
    for line in lib.lines() {
        let Some(row) = line.strip_prefix("//! |") else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let Some(Ok(layer)) = cells.first().map(|c| c.parse::<u32>()) else {
            continue;
        };
        for module in cells.get(1).unwrap_or(&"").split(',') {
            let module = module.trim().trim_matches('`');
            if !module.is_empty() {
                table.insert(module.to_string(), layer);
            }
        }
    }
    table
}

/// `pub mod x;` lines of lib.rs: the top-level modules.
fn declared_modules(lib: &str) -> BTreeSet<String> {
    lib.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("pub mod ")
                .or(l.trim().strip_prefix("mod "))
        })
        .filter_map(|l| l.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/check/index.rs` → `check`), `None` for the
/// crate root files.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The code of a file without its comments (a doc link to a higher module is no import).
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level modules a text refers to: `crate::x…` and each item of `crate::{x, y::z}`.
fn references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `mycrate::`, not the crate root
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Items at depth 0 of the braces.
            let mut depth = 0;
            let mut start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && (c.is_alphanumeric() || c == '_') => {
                        found.insert(ident_at(&group[k..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Module → modules it refers to (itself left out), with one file that does it for messages.
fn module_graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src()).expect("under src").to_path_buf();
        let Some(module) = module_of(&rel) else {
            continue;
        };
        let code = without_comments(&std::fs::read_to_string(&file).expect("read source"));
        let edges = graph.entry(module.clone()).or_default();
        for target in references(&code) {
            if target != module {
                edges.entry(target).or_insert_with(|| rel.clone());
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one (depth-first search).
fn cycle_from(
    graph: &BTreeMap<String, BTreeMap<String, PathBuf>>,
    start: &str,
) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(at).into_iter().flat_map(|e| e.keys()) {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    walk(graph, start, start, &mut path, &mut seen).then_some(path)
}

#[test]
fn every_import_points_down_and_no_module_cycles() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("read lib.rs");
    let table = layer_table(&lib);
    let mut problems = Vec::new();
    for module in declared_modules(&lib) {
        if !table.contains_key(&module) {
            problems.push(format!(
                "module `{module}` has no row in the layer table of src/lib.rs"
            ));
        }
    }
    let graph = module_graph();
    for (module, edges) in &graph {
        let Some(&from) = table.get(module) else {
            continue; // reported above
        };
        for (target, file) in edges {
            match table.get(target) {
                Some(&to) if to > from => problems.push(format!(
                    "{}: `{module}` (layer {from}) uses `crate::{target}` (layer {to}), a higher layer",
                    file.display()
                )),
                Some(_) => {}
                None => problems.push(format!(
                    "{}: `crate::{target}` is not in the layer table",
                    file.display()
                )),
            }
        }
    }
    let mut cycles = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module) {
            let mut members: Vec<String> = cycle[..cycle.len() - 1].to_vec();
            members.sort();
            if cycles.insert(members) {
                problems.push(format!("modules in a cycle: {}", cycle.join(" → ")));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn references_are_read_from_paths_and_groups() {
    let code = "use crate::a::b;\nuse crate::{c::{d, e}, f};\nlet x = crate::g::h(); mycrate::z;";
    let found: Vec<String> = references(code).into_iter().collect();
    assert_eq!(found, ["a", "c", "f", "g"]);
}
