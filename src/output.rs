//! Where the finished files go. The build hands every file to a [`Sink`] as soon as it is made,
//! so a large site is never held in memory whole.
//!
//! [`DiskSink`] writes only what changed, and never into the old output before the build has
//! succeeded: new and changed files go to a staging folder beside the output; files identical to
//! the old output are left alone. On success the staged files are moved into place and files the
//! site no longer has are removed; on failure the staging folder is deleted and the old output is
//! untouched, byte for byte. (Deleting and rewriting 12,000 unchanged files cost seconds on an
//! ordinary disk, more than the whole build.)

use crate::error::Error;
use crate::site::OutFile;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Receives the files of a build, from several threads at once.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Error>;
}

/// Keeps every file in memory (the preview server, tests).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutFile>>,
}

impl MemorySink {
    pub fn into_files(self) -> Vec<OutFile> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Error> {
        lock(&self.files).push(OutFile { path, bytes });
        Ok(())
    }
}

/// Drops every file (`ketenwijzer check`).
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, _path: String, _bytes: Vec<u8>) -> Result<(), Error> {
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a [`DiskSink`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// New or changed files written.
    pub written: usize,
    /// Files identical to the old output, left alone.
    pub unchanged: usize,
    /// Files of the old output the site no longer has, removed.
    pub removed: usize,
}

/// Writes a site into an output folder; see the module comment.
pub struct DiskSink {
    out: PathBuf,
    staging: PathBuf,
    /// No old output to compare with or protect: everything goes to staging, renamed at the end.
    fresh: bool,
    /// Paths written to staging.
    staged: Mutex<Vec<String>>,
    /// Every path of the new site.
    all: Mutex<HashSet<String>>,
    /// Files on their way to the writer threads. Writing is done apart from rendering so a disk
    /// that stalls (journal commits, a busy virtual disk) does not stall the CPU work; the
    /// bound keeps memory small.
    queue: Mutex<Option<SyncSender<Job>>>,
    writers: Mutex<Vec<JoinHandle<()>>>,
    /// The first write error of a writer thread.
    failure: Arc<Mutex<Option<Error>>>,
}

/// A file for a writer thread: where in the staging folder, and what.
type Job = (PathBuf, Vec<u8>);

/// Writer threads: enough to keep a disk busy, few enough to stay out of the CPU's way.
const WRITERS: usize = 4;
/// Files waiting for a writer (about 5 MB of pages).
const QUEUE: usize = 256;

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    out.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

fn is_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_none())
}

/// Write `bytes` to `path`, making its folders when they are missing.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
        }
        r => r.map_err(|e| Error::io(path, e)),
    }
}

impl DiskSink {
    pub fn new(out: &Path) -> Result<DiskSink, Error> {
        // A symlinked output folder is written through (staging beside its target, so the final
        // renames stay on one file system); the link itself stays.
        let resolved;
        let out = if out.is_symlink() {
            resolved = std::fs::canonicalize(out).map_err(|e| Error::io(out, e))?;
            resolved.as_path()
        } else {
            out
        };
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        if out.exists() && !out.is_dir() {
            return Err(Error::io(
                out,
                std::io::Error::other("de uitvoermap is een bestand"),
            ));
        }
        let staging = sibling(out, "staging");
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        let (tx, rx) = sync_channel::<Job>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        let failure: Arc<Mutex<Option<Error>>> = Arc::default();
        let writers = (0..WRITERS)
            .map(|_| {
                let rx = Arc::clone(&rx);
                let failure = Arc::clone(&failure);
                std::thread::spawn(move || loop {
                    let next = lock(&rx).recv();
                    let Ok((path, bytes)) = next else { return };
                    if let Err(e) = write_file(&path, &bytes) {
                        lock(&failure).get_or_insert(e);
                    }
                })
            })
            .collect();
        Ok(DiskSink {
            out: out.to_path_buf(),
            fresh: !out.exists() || is_empty_dir(out),
            staging,
            staged: Mutex::default(),
            all: Mutex::default(),
            queue: Mutex::new(Some(tx)),
            writers: Mutex::new(writers),
            failure,
        })
    }

    /// Wait until every queued file is written; the first write error, if any.
    fn finish_writing(&self) -> Result<(), Error> {
        lock(&self.queue).take();
        for w in std::mem::take(&mut *lock(&self.writers)) {
            let _ = w.join();
        }
        match lock(&self.failure).take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn unchanged(&self, path: &str, bytes: &[u8]) -> bool {
        if self.fresh {
            return false;
        }
        let target = self.out.join(path);
        match std::fs::metadata(&target) {
            Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
                std::fs::read(&target).is_ok_and(|old| old == bytes)
            }
            _ => false,
        }
    }

    /// Put the new site in place of the old one.
    pub fn commit(self) -> Result<WriteStats, Error> {
        let result = self.finish_writing().and_then(|()| self.move_into_place());
        let _ = std::fs::remove_dir_all(&self.staging);
        result
    }

    /// Forget everything written; the old output stays as it was.
    pub fn abort(self) {
        let _ = self.finish_writing();
        let _ = std::fs::remove_dir_all(&self.staging);
    }

    fn move_into_place(&self) -> Result<WriteStats, Error> {
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        let all = std::mem::take(&mut *lock(&self.all));
        let mut stats = WriteStats {
            written: staged.len(),
            unchanged: all.len().saturating_sub(staged.len()),
            removed: 0,
        };
        if self.fresh {
            // Nothing to keep: one rename (an empty folder left by someone is replaced).
            if self.out.exists() {
                std::fs::remove_dir(&self.out).map_err(|e| Error::io(&self.out, e))?;
            }
            return std::fs::rename(&self.staging, &self.out)
                .map(|()| stats)
                .map_err(|e| Error::io(&self.out, e));
        }
        // Files the site no longer has go first, so a new folder can take a stale file's name.
        let mut stale_dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.out)
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            let rel = entry
                .path()
                .strip_prefix(&self.out)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_type().is_dir() {
                stale_dirs.push(entry.path().to_path_buf());
            } else if !all.contains(&rel) {
                std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                stats.removed += 1;
            }
        }
        // Deepest first; folders that still hold files stay.
        for d in stale_dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
        staged.sort();
        for rel in &staged {
            let to = self.out.join(rel);
            let from = self.staging.join(rel);
            if let Err(e) = std::fs::rename(&from, &to) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    return Err(Error::io(&to, e));
                }
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
            }
        }
        Ok(stats)
    }
}

impl Sink for DiskSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Error> {
        if !self.unchanged(&path, &bytes) {
            let queue = lock(&self.queue).clone();
            let Some(queue) = queue else {
                return Err(Error::io(
                    &path,
                    std::io::Error::other("de uitvoer is al gesloten"),
                ));
            };
            if queue.send((self.staging.join(&path), bytes)).is_err() {
                return Err(Error::io(&path, std::io::Error::other("schrijven gestopt")));
            }
            lock(&self.staged).push(path.clone());
        }
        lock(&self.all).insert(path);
        Ok(())
    }
}

/// Write `files` into `out`, replacing what was there.
pub fn write_site(out: &Path, files: Vec<OutFile>) -> Result<WriteStats, Error> {
    let sink = DiskSink::new(out)?;
    for f in files {
        if let Err(e) = sink.put(f.path, f.bytes) {
            sink.abort();
            return Err(e);
        }
    }
    sink.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn leftovers(dir: &Path) -> usize {
        std::fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn replaces_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("oud")).unwrap();
        std::fs::write(out.join("oud/index.html"), "oud").unwrap();
        let stats = write_site(&out, vec![file("a/index.html", "nieuw")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "nieuw"
        );
        assert!(!out.join("oud").exists(), "stale files and folders go");
        assert_eq!(stats.removed, 1);
        assert_eq!(leftovers(dir.path()), 1, "staging folder is cleaned up");
    }

    #[test]
    fn fresh_output_is_one_rename() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deep/public");
        let stats = write_site(&out, vec![file("index.html", "a"), file("x/y.css", "b")]).unwrap();
        assert_eq!(stats.written, 2);
        assert_eq!(std::fs::read_to_string(out.join("x/y.css")).unwrap(), "b");
        assert_eq!(leftovers(&dir.path().join("deep")), 1);
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, vec![file("a.html", "zelfde"), file("b.html", "oud")]).unwrap();
        let before = std::fs::metadata(out.join("a.html")).unwrap();
        let stats = write_site(
            &out,
            vec![file("a.html", "zelfde"), file("b.html", "nieuw")],
        )
        .unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 0
            }
        );
        let after = std::fs::metadata(out.join("a.html")).unwrap();
        assert_eq!(before.modified().unwrap(), after.modified().unwrap());
        use std::os::unix::fs::MetadataExt;
        assert_eq!(before.ino(), after.ino(), "the same file, not a copy");
        assert_eq!(
            std::fs::read_to_string(out.join("b.html")).unwrap(),
            "nieuw"
        );
    }

    #[test]
    fn a_folder_may_take_the_name_of_a_stale_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, vec![file("a", "bestand")]).unwrap();
        write_site(&out, vec![file("a/index.html", "map")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "map"
        );
        write_site(&out, vec![file("a", "weer een bestand")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a")).unwrap(),
            "weer een bestand"
        );
    }

    #[test]
    fn a_symlinked_output_folder_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("echt");
        std::fs::create_dir_all(&real).unwrap();
        let link = dir.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_site(&link, vec![file("index.html", "a")]).unwrap();
        assert!(link.is_symlink());
        assert_eq!(
            std::fs::read_to_string(real.join("index.html")).unwrap(),
            "a"
        );
        write_site(&link, vec![file("index.html", "b")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(real.join("index.html")).unwrap(),
            "b"
        );
        assert!(link.is_symlink());
        assert_eq!(leftovers(dir.path()), 2, "no staging folder left");
    }

    #[test]
    fn abort_leaves_old_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, vec![file("a.html", "oud")]).unwrap();
        let sink = DiskSink::new(&out).unwrap();
        sink.put("a.html".into(), b"nieuw".to_vec()).unwrap();
        sink.put("b.html".into(), b"nieuw".to_vec()).unwrap();
        sink.abort();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "oud");
        assert!(!out.join("b.html").exists());
        assert_eq!(leftovers(dir.path()), 1);
    }
}
