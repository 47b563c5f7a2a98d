//! Watching the site's sources. Events are collected until the editor has been quiet for a
//! moment, so a burst of saves (temp file, rename, backup) gives one rebuild.

use crate::content::is_temp_file;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashMap};
use std::hash::Hasher;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Quiet time that ends a burst of events.
pub const QUIET: Duration = Duration::from_millis(30);
/// A burst never delays a rebuild longer than this.
pub const MAX_WAIT: Duration = Duration::from_millis(400);

/// The folders under the site root whose changes cause a rebuild (and site.yaml beside them).
pub const WATCHED_DIRS: &[&str] = &["content", "partners", "themes", "templates"];

/// How often `--poll` looks.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);
/// A file changed this short a time before the previous look (or later) is also compared by
/// content: a file system with coarse timestamps (whole seconds; two on FAT) gives two saves
/// within that time the same mtime. Counting from the previous look, not from now, keeps a
/// slow scan from missing one.
const RECENT: Duration = Duration::from_secs(3);
/// Larger recent files are compared by size and mtime only.
const HASH_AT_MOST: u64 = 8 << 20;

/// The watcher in use; dropping it stops the watching.
pub enum AnyWatcher {
    /// The system's file notifications.
    Native(RecommendedWatcher),
    /// Looking every [`POLL_INTERVAL`] (`--poll`).
    Poll(Poller),
}

/// The `--poll` watcher: a thread that compares the sources' size and full-precision mtime
/// (and the content of recently changed files) each `POLL_INTERVAL`. notify's PollWatcher
/// compares mtimes in whole seconds, so a second save within the same second went unseen.
pub struct Poller {
    stop: Arc<AtomicBool>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What is compared between two looks at a file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Only for recently changed files.
    hash: Option<u64>,
}

impl Stamp {
    fn changed_from(&self, old: &Stamp) -> bool {
        self.len != old.len
            || self.modified != old.modified
            || matches!((self.hash, old.hash), (Some(a), Some(b)) if a != b)
    }
}

fn content_hash(path: &Path) -> Option<u64> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Some(hasher.finish()),
            Ok(n) => hasher.write(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// Every watched file under `root` with its stamp; `previous` is when the last look started.
fn scan(root: &Path, previous: SystemTime) -> HashMap<PathBuf, Stamp> {
    let racy_from = previous
        .checked_sub(RECENT)
        .unwrap_or(std::time::UNIX_EPOCH);
    let mut files = HashMap::new();
    let mut add = |path: &Path, meta: &std::fs::Metadata| {
        let modified = meta.modified().ok();
        let recent = modified.is_none_or(|m| m >= racy_from);
        let hash = if recent && meta.len() <= HASH_AT_MOST {
            content_hash(path)
        } else {
            None
        };
        files.insert(
            path.to_path_buf(),
            Stamp {
                len: meta.len(),
                modified,
                hash,
            },
        );
    };
    if let Ok(meta) = std::fs::metadata(root.join("site.yaml")) {
        add(&root.join("site.yaml"), &meta);
    }
    for d in WATCHED_DIRS {
        for e in walkdir::WalkDir::new(root.join(d))
            .into_iter()
            .filter_map(Result::ok)
        {
            if let Ok(meta) = e.metadata() {
                if meta.is_file() {
                    add(e.path(), &meta);
                }
            }
        }
    }
    files
}

/// Start the `--poll` thread; it looks once before returning, so no save after this is missed.
fn start_polling(root: &Path, tx: Sender<PathBuf>) -> std::io::Result<Poller> {
    let stop = Arc::new(AtomicBool::new(false));
    let root = root.to_path_buf();
    let mut previous = SystemTime::now();
    let mut seen = scan(&root, previous);
    let stopped = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("poll".into())
        .spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(POLL_INTERVAL);
                let started = SystemTime::now();
                let now = scan(&root, previous);
                previous = started;
                for (path, stamp) in &now {
                    if seen.get(path).is_none_or(|old| stamp.changed_from(old))
                        && tx.send(path.clone()).is_err()
                    {
                        return;
                    }
                }
                for path in seen.keys().filter(|p| !now.contains_key(*p)) {
                    if tx.send(path.clone()).is_err() {
                        return;
                    }
                }
                seen = now;
            }
        })?;
    Ok(Poller { stop })
}

/// Start watching; returns the watcher (keep it alive) and the stream of changed paths.
pub fn start(root: &Path, poll: bool) -> notify::Result<(AnyWatcher, Receiver<PathBuf>)> {
    let (tx, rx) = channel();
    if poll {
        return Ok((AnyWatcher::Poll(start_polling(root, tx)?), rx));
    }
    let handler = move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            if matches!(ev.kind, notify::EventKind::Access(_)) {
                return;
            }
            for p in ev.paths {
                let _ = tx.send(p);
            }
        }
    };
    let mut w = notify::recommended_watcher(handler)?;
    for d in WATCHED_DIRS {
        let p = root.join(d);
        if p.is_dir() {
            w.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively: site.yaml, and folders created later.
    w.watch(root, RecursiveMode::NonRecursive)?;
    Ok((AnyWatcher::Native(w), rx))
}

/// Whether a changed path matters for the site.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_temp_file(&name) {
        return false;
    }
    if rel
        .components()
        .any(|c| is_temp_file(&c.as_os_str().to_string_lossy()))
    {
        return false;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    rel == Path::new("site.yaml") || WATCHED_DIRS.contains(&first.as_str())
}

/// Wait for the next burst of relevant changes; `None` when the watcher is gone.
pub fn next_batch(root: &Path, rx: &Receiver<PathBuf>) -> Option<BTreeSet<PathBuf>> {
    let mut batch = BTreeSet::new();
    loop {
        let p = rx.recv().ok()?;
        if relevant(root, &p) {
            batch.insert(p);
            break;
        }
    }
    let started = Instant::now();
    loop {
        let left = MAX_WAIT.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(QUIET.min(left)) {
            Ok(p) => {
                if relevant(root, &p) {
                    batch.insert(p);
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_save_with_the_same_size_and_second_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("content/a.md");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "versie A").unwrap();
        let t0 = SystemTime::now();
        let before = scan(dir.path(), t0);
        std::fs::write(&page, "versie B").unwrap();
        // As on a file system with whole-second times: only the content differs.
        let file = std::fs::File::options().write(true).open(&page).unwrap();
        file.set_modified(before[&page].modified.unwrap()).unwrap();
        let after = scan(dir.path(), t0);
        assert_eq!(after[&page].len, before[&page].len);
        assert_eq!(after[&page].modified, before[&page].modified);
        assert!(after[&page].changed_from(&before[&page]));
        assert!(after[&page].hash.is_some(), "compared by content");
        assert!(!scan(dir.path(), t0)[&page].changed_from(&after[&page]));
        // Long after, only size and time are compared.
        let later = t0 + Duration::from_secs(60);
        assert!(scan(dir.path(), later)[&page].hash.is_none());
    }

    #[test]
    fn relevance() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/a.md")));
        assert!(relevant(root, Path::new("/site/site.yaml")));
        assert!(relevant(root, Path::new("/site/partners/x.yaml")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, Path::new("/site/content/4913")));
        assert!(!relevant(root, Path::new("/site/content/___jb_tmp___")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/target/x")));
    }
}
