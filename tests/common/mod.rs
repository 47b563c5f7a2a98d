//! Helpers shared by the integration tests: run the binary, walk and check built output.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ketenwijzer"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copy what a build reads of the site at `from` (site.yaml, content, partners, templates,
/// themes) to `to`: not its output or anything else beside it.
pub fn copy_site(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for part in ["site.yaml", "content", "partners", "templates", "themes"] {
        let src = from.join(part);
        if src.is_dir() {
            copy_dir(&src, &to.join(part));
        } else if src.is_file() {
            std::fs::copy(&src, to.join(part)).unwrap();
        }
    }
}

/// Copy the folder `from` with all it holds to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

pub fn build(root: &Path, out: &Path) -> Output {
    bin()
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run ketenwijzer")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            m.insert(
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    m
}

/// Values of `attr="..."` in an HTML text.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Problems with links in a built site: relative links that reach no file or no element,
/// resources from another origin, pages without lang="nl".
pub fn check_output(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let files = snapshot(out);
    for (rel, bytes) in &files {
        if rel.extension().and_then(|e| e.to_str()) != Some("html") || rel == Path::new("404.html")
        {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        if !html.contains("<html lang=\"nl\"") {
            problems.push(format!("{}: no lang=\"nl\"", rel.display()));
        }
        for src in attr_values(&html, "src") {
            if src.starts_with("http") || src.starts_with("//") {
                problems.push(format!("{}: external resource {src}", rel.display()));
            }
        }
        for tag in html.split("<link ").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            if let Some(h) = attr_values(&format!(" {tag}"), "href").first() {
                if h.starts_with("http") || h.starts_with("//") {
                    problems.push(format!("{}: external stylesheet {h}", rel.display()));
                }
            }
        }
        for href in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if href.contains("://")
                || href.starts_with("mailto:")
                || href.starts_with("data:")
                || href.starts_with("tel:")
                || href.starts_with("//")
            {
                continue;
            }
            let (path, anchor) = match href.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (href, None),
            };
            let target = if path.is_empty() {
                rel.clone()
            } else {
                let joined = rel.parent().unwrap_or(Path::new("")).join(path);
                let mut parts: Vec<String> = Vec::new();
                for c in joined.components() {
                    match c {
                        std::path::Component::ParentDir if parts.pop().is_none() => {
                            problems.push(format!("{}: {href} leaves the site", rel.display()));
                        }
                        std::path::Component::Normal(s) => {
                            parts.push(s.to_string_lossy().into_owned())
                        }
                        _ => {}
                    }
                }
                parts.iter().collect()
            };
            let Some(target_bytes) = files.get(&target) else {
                problems.push(format!(
                    "{}: {href} → missing file {}",
                    rel.display(),
                    target.display()
                ));
                continue;
            };
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                let t = String::from_utf8_lossy(target_bytes);
                if !t.contains(&format!(" id=\"{a}\"")) {
                    problems.push(format!("{}: {href} → no element #{a}", rel.display()));
                }
            }
        }
    }
    problems
}
