//! What a build into a folder on disk remembers beside it, so that a build with nothing
//! changed renders nothing: a hash of every input file (each page's source, site.yaml, the
//! theme and templates, partner records, the glossary, assets), the binary that built it and
//! the date the checks used; the warnings it printed; and the size, times and inode of every
//! file it left in the output.
//!
//! The cache file lies beside the output (`.NAME.ketenwijzer-cache`), never in it, so it is
//! never published. It is removed before a build that cannot reuse it and written only after
//! that build's output is in place, so a build killed in between leaves no cache, never a
//! wrong one.

use super::disk::{stamps, Stamp};
use super::DiskSink;
use crate::error::{Diagnostic, Diagnostics, Severity};
use crate::open_points::OpenPoint;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The first field of a cache file: another layout (or another hash, as 1's SipHash) is never
/// read, so an older cache file costs one full build.
const FORMAT: u32 = 2;

/// The hash of a file's bytes kept in the cache: xxh3, which is the same in every process and on
/// every platform (the cache is read by the next build) and costs a fraction of SipHash.
fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The binary's identity: its version and a hash of the sources it was built from (build.rs).
pub fn binary_id() -> String {
    format!(
        "{}-{}",
        env!("CARGO_PKG_VERSION"),
        env!("KETENWIJZER_BUILD_ID")
    )
}

/// Everything a build reads, as hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    binary: String,
    /// The date the checks count from ("reviewed more than N months ago").
    today: String,
    /// Every file and folder under the input paths: (path, size, hash of the bytes); folders
    /// end in `/` and have no hash. Per page this is its source's key; the rest is the
    /// site-wide key (any change there renders everything again).
    files: Vec<(String, u64, u64)>,
}

impl Inputs {
    /// Hash every file at or under `paths` (relative to `root`; missing ones are left out).
    /// None when one cannot be read: then nothing is reused.
    pub fn read(root: &Path, paths: &[&str], binary: String, today: String) -> Option<Inputs> {
        Inputs::read_keeping(root, paths, binary, today, &|_| false).0
    }

    /// [`Inputs::read`], keeping the bytes of the files `keep` names (by their path relative to
    /// `root`, with `/`) for the build that follows, so it need not read them again.
    pub fn read_keeping(
        root: &Path,
        paths: &[&str],
        binary: String,
        today: String,
        keep: &(dyn Fn(&str) -> bool + Sync),
    ) -> (Option<Inputs>, Kept) {
        let Some(found) = walk(root, paths) else {
            return (None, Kept::default());
        };
        type Read = (Option<(String, u64, u64)>, Option<(String, Vec<u8>)>);
        let read: Vec<Read> = found
            .into_par_iter()
            .map(|(rel, dir)| {
                if dir {
                    return (Some((format!("{rel}/"), 0, 0)), None);
                }
                let Ok(bytes) = std::fs::read(root.join(&rel)) else {
                    return (None, None);
                };
                let entry = (rel.clone(), bytes.len() as u64, content_hash(&bytes));
                (Some(entry), keep(&rel).then_some((rel, bytes)))
            })
            .collect();
        let mut files = Some(Vec::with_capacity(read.len()));
        let mut kept = HashMap::with_capacity(read.len());
        for (entry, bytes) in read {
            match (entry, &mut files) {
                (Some(e), Some(list)) => list.push(e),
                _ => files = None,
            }
            if let Some((rel, bytes)) = bytes {
                kept.insert(rel, Mutex::new(Some(bytes)));
            }
        }
        let inputs = files.map(|files| Inputs {
            binary,
            today,
            files,
        });
        (inputs, Kept { files: kept })
    }
}

/// Every file and folder at or under `paths`, sorted by name, folders before their contents:
/// (path relative to `root` with `/`, is a folder). Links are followed. None when the walk
/// fails (an unreadable folder, a dangling link, a link back to a folder it is in).
fn walk(root: &Path, paths: &[&str]) -> Option<Vec<(String, bool)>> {
    let mut found: Vec<(String, bool)> = Vec::new();
    for top in paths {
        let start = root.join(top);
        if std::fs::symlink_metadata(&start).is_err() {
            continue;
        }
        let meta = std::fs::metadata(&start).ok()?;
        found.push((relative(root, &start)?, meta.is_dir()));
        if meta.is_dir() {
            walk_folder(
                root,
                &start,
                &mut vec![folder_key(&start, &meta)?],
                &mut found,
            )?;
        }
    }
    Some(found)
}

/// The entries below `dir`, in [`walk`]'s order. `ancestors`: the folders `dir` lies in, and
/// `dir` itself, so that a link back to one of them is refused instead of followed forever.
///
/// Names are sorted once per folder; a walkdir sort compared paths, splitting both into
/// components for every comparison (40 ms of one thread at 10,000 pages in one folder).
fn walk_folder(
    root: &Path,
    dir: &Path,
    ancestors: &mut Vec<FolderKey>,
    found: &mut Vec<(String, bool)>,
) -> Option<()> {
    let mut entries: Vec<(std::ffi::OsString, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let kind = entry.file_type().ok()?;
        let is_dir = if kind.is_symlink() {
            std::fs::metadata(entry.path()).ok()?.is_dir()
        } else {
            kind.is_dir()
        };
        entries.push((entry.file_name(), is_dir));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, is_dir) in entries {
        let path = dir.join(&name);
        found.push((relative(root, &path)?, is_dir));
        if is_dir {
            let key = folder_key(&path, &std::fs::metadata(&path).ok()?)?;
            if ancestors.contains(&key) {
                return None;
            }
            ancestors.push(key);
            walk_folder(root, &path, ancestors, found)?;
            ancestors.pop();
        }
    }
    Some(())
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    Some(path.strip_prefix(root).ok()?.to_str()?.replace('\\', "/"))
}

/// What makes a folder the same folder, however it is reached.
#[cfg(unix)]
type FolderKey = (u64, u64);
#[cfg(not(unix))]
type FolderKey = PathBuf;

#[cfg(unix)]
fn folder_key(_: &Path, meta: &std::fs::Metadata) -> Option<FolderKey> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn folder_key(path: &Path, _: &std::fs::Metadata) -> Option<FolderKey> {
    std::fs::canonicalize(path).ok()
}

/// The bytes of files as [`Inputs::read_keeping`] hashed them, each to be taken once: the build
/// then works from exactly what the cache saw, and each file's bytes are freed as it is parsed.
#[derive(Default)]
pub struct Kept {
    files: HashMap<String, Mutex<Option<Vec<u8>>>>,
}

impl Kept {
    /// The bytes of `rel` (relative to the root), the first time it is asked for; None for a
    /// file that was not kept, could not be read, or was taken already.
    pub fn take(&self, rel: &Path) -> Option<Vec<u8>> {
        let key = rel.to_str()?.replace('\\', "/");
        self.files.get(&key)?.lock().ok()?.take()
    }

    /// How many files are kept and not yet taken.
    pub fn len(&self) -> usize {
        self.files
            .values()
            .filter(|b| b.lock().is_ok_and(|b| b.is_some()))
            .count()
    }

    /// Nothing kept (or everything taken).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A warning as stored.
#[derive(Serialize, Deserialize)]
struct SavedDiagnostic {
    error: bool,
    file: PathBuf,
    line: usize,
    column: usize,
    message: String,
    hint: String,
}

/// An open point as stored.
#[derive(Serialize, Deserialize)]
struct SavedOpen {
    file: PathBuf,
    line: usize,
    text: String,
    decides: Option<String>,
}

/// The cache file's contents.
#[derive(Serialize, Deserialize)]
struct Saved {
    format: u32,
    inputs: Inputs,
    pages: usize,
    files: usize,
    warnings: Vec<SavedDiagnostic>,
    open: Vec<SavedOpen>,
    /// Every file of the output as the build left it.
    outputs: Vec<(String, Stamp)>,
}

/// What a reused build reports: as the build that made the output.
pub struct Reused {
    /// Its warnings and open points.
    pub warnings: Diagnostics,
    /// HTML files made.
    pub pages: usize,
    /// All files made.
    pub files: usize,
}

/// The cache of one output folder, through one build.
pub struct BuildCache {
    file: PathBuf,
    inputs: Option<Inputs>,
    /// What to save once the output is in place: (warnings, pages, files) of a full build.
    pending: Option<(Diagnostics, usize, usize)>,
}

impl BuildCache {
    /// The cache beside the output folder `out` (absolute, symlinks resolved: `DiskSink::out`).
    pub fn beside(out: &Path) -> BuildCache {
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        BuildCache {
            file: out.with_file_name(format!(".{name}.ketenwijzer-cache")),
            inputs: None,
            pending: None,
        }
    }

    /// Where the cache is kept.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// When the saved build read exactly `inputs` and its output is untouched: hand every file
    /// of it to `sink` as unchanged and return what that build reported. Otherwise remove the
    /// cache (the build that follows replaces it) and return None.
    pub fn reuse(&mut self, inputs: Option<Inputs>, sink: &DiskSink) -> Option<Reused> {
        self.inputs = inputs;
        let reused = self.try_reuse(sink);
        if reused.is_none() {
            let _ = std::fs::remove_file(&self.file);
        }
        reused
    }

    fn try_reuse(&self, sink: &DiskSink) -> Option<Reused> {
        let inputs = self.inputs.as_ref()?;
        let text = std::fs::read(&self.file).ok()?;
        let saved: Saved = serde_json::from_slice(&text).ok()?;
        if saved.format != FORMAT
            || &saved.inputs != inputs
            || !sink.unchanged_since(&saved.outputs)
        {
            return None;
        }
        for (path, _) in saved.outputs {
            sink.put_unchanged(path).ok()?;
        }
        let mut warnings = Diagnostics::default();
        for d in saved.warnings {
            warnings.push(Diagnostic {
                severity: if d.error {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                file: d.file,
                line: d.line,
                column: d.column,
                message: d.message,
                hint: d.hint,
            });
        }
        warnings.extend_open(saved.open.into_iter().map(|p| OpenPoint {
            file: p.file,
            line: p.line,
            text: p.text,
            decides: p.decides,
        }));
        Some(Reused {
            warnings,
            pages: saved.pages,
            files: saved.files,
        })
    }

    /// Remember what a full build reported, to save with [`BuildCache::save`].
    pub fn remember(&mut self, warnings: &Diagnostics, pages: usize, files: usize) {
        self.pending = Some((warnings.clone(), pages, files));
    }

    /// After the output folder `out` is in place (the sink committed and gone): save what the
    /// build read and left. Best effort: without a cache the next build is a full one.
    pub fn save(&mut self, out: &Path) {
        let (Some(inputs), Some((warnings, pages, files))) =
            (self.inputs.take(), self.pending.take())
        else {
            return;
        };
        let Some(outputs) = stamps(out) else {
            return;
        };
        let saved = Saved {
            format: FORMAT,
            inputs,
            pages,
            files,
            warnings: warnings
                .iter()
                .map(|d| SavedDiagnostic {
                    error: d.is_error(),
                    file: d.file.clone(),
                    line: d.line,
                    column: d.column,
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                })
                .collect(),
            open: warnings
                .open_points()
                .into_iter()
                .map(|p| SavedOpen {
                    file: p.file,
                    line: p.line,
                    text: p.text,
                    decides: p.decides,
                })
                .collect(),
            outputs,
        };
        let Ok(bytes) = serde_json::to_vec(&saved) else {
            return;
        };
        // Written aside and renamed, so a reader never sees half a cache.
        let mut tmp = self.file.clone().into_os_string();
        tmp.push(format!(".tmp-{}", std::process::id()));
        let tmp = PathBuf::from(tmp);
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &self.file).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_is_xxh3_and_the_same_in_every_process() {
        // Reference values of XXH3-64 (seed 0): a hash seeded per process, or another
        // function, would make every cache file useless to the next build.
        assert_eq!(content_hash(b""), 0x2D06_8005_38D3_94C2);
        assert_eq!(content_hash(b"a"), 0xE6C6_32B6_1E96_4E1F);
        let long: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(content_hash(&long), content_hash(&long.clone()));
    }

    fn write(root: &Path, rel: &str, bytes: &[u8]) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn read(root: &Path) -> Inputs {
        Inputs::read(root, &["site.yaml", "content"], "b".into(), "d".into()).unwrap()
    }

    #[test]
    fn every_byte_of_every_file_counts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", b"title: T\n");
        let page: Vec<u8> = (0..5_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        write(root, "content/a.md", &page);
        write(root, "content/sub/b.md", b"---\ntitle: B\n---\n");
        let first = read(root);
        assert_eq!(read(root), first, "nothing changed");
        assert_eq!(
            first.files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            [
                "site.yaml",
                "content/",
                "content/a.md",
                "content/sub/",
                "content/sub/b.md"
            ]
        );
        for at in [0, 2_500, 4_999] {
            let mut changed = page.clone();
            changed[at] ^= 1;
            write(root, "content/a.md", &changed);
            assert_ne!(read(root), first, "byte {at} changed, same size");
        }
        write(root, "content/a.md", &page);
        assert_eq!(read(root), first);
    }

    #[test]
    fn the_walk_lists_what_walkdir_lists_in_its_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "site.yaml",
            "content/b.md",
            "content/A.md",
            "content/a/_index.md",
            "content/a/z.md",
            "content/a-b.md",
            "content/a.md",
            "content/a/deeper/x.md",
            "content/é.md",
            "content/10.md",
            "content/9.md",
        ] {
            write(root, rel, b"x");
        }
        std::fs::create_dir_all(root.join("content/leeg")).unwrap();
        let expected = |root: &Path| -> Vec<(String, bool)> {
            let mut v = Vec::new();
            for top in ["site.yaml", "content", "partners"] {
                if std::fs::symlink_metadata(root.join(top)).is_err() {
                    continue;
                }
                for e in walkdir::WalkDir::new(root.join(top))
                    .follow_links(true)
                    .sort_by_file_name()
                {
                    let e = e.unwrap();
                    let rel = e.path().strip_prefix(root).unwrap().to_str().unwrap();
                    v.push((rel.replace('\\', "/"), e.file_type().is_dir()));
                }
            }
            v
        };
        let tops = ["site.yaml", "content", "partners"];
        assert_eq!(walk(root, &tops).unwrap(), expected(root));
        #[cfg(unix)]
        {
            // A linked folder is walked like a folder; a link back up stops the walk.
            let elsewhere = tempfile::tempdir().unwrap();
            write(elsewhere.path(), "gedeeld/p.md", b"y");
            std::os::unix::fs::symlink(
                elsewhere.path().join("gedeeld"),
                root.join("content/gedeeld"),
            )
            .unwrap();
            assert_eq!(walk(root, &tops).unwrap(), expected(root));
            assert!(walk(root, &tops)
                .unwrap()
                .contains(&("content/gedeeld/p.md".to_string(), false)));
            std::os::unix::fs::symlink(root.join("content"), root.join("content/a/terug")).unwrap();
            assert_eq!(walk(root, &tops), None, "a loop");
            std::fs::remove_file(root.join("content/a/terug")).unwrap();
            std::os::unix::fs::symlink(root.join("nergens"), root.join("content/kapot.md"))
                .unwrap();
            assert_eq!(walk(root, &tops), None, "a dangling link");
        }
    }

    #[test]
    fn kept_bytes_are_the_hashed_ones_and_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", b"title: T\n");
        write(root, "content/a.md", b"---\ntitle: A\n---\n");
        write(root, "content/sub/b.md", b"---\ntitle: B\n---\n");
        let (inputs, kept) = Inputs::read_keeping(
            root,
            &["site.yaml", "content"],
            "b".into(),
            "d".into(),
            &|rel| rel.ends_with(".md"),
        );
        assert_eq!(
            inputs,
            Some(read(root)),
            "the same hashes as without keeping"
        );
        assert_eq!(kept.len(), 2);
        assert_eq!(kept.take(Path::new("site.yaml")), None, "not asked to keep");
        let b = kept.take(Path::new("content/sub/b.md")).unwrap();
        assert_eq!(b, b"---\ntitle: B\n---\n");
        assert_eq!(kept.take(Path::new("content/sub/b.md")), None, "taken once");
        assert_eq!(kept.len(), 1);
        assert!(kept.take(Path::new("content/a.md")).is_some());
        assert!(kept.is_empty());
    }
}
