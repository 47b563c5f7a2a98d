//! Watching the site's sources. Events are collected until the editor has been quiet for a
//! moment, so a burst of saves (temp file, rename, backup) gives one rebuild.

use crate::content::is_temp_file;
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events.
pub const QUIET: Duration = Duration::from_millis(30);
/// A burst never delays a rebuild longer than this.
pub const MAX_WAIT: Duration = Duration::from_millis(400);

pub const WATCHED_DIRS: &[&str] = &["content", "partners", "themes", "templates"];

pub enum AnyWatcher {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

/// Start watching; returns the watcher (keep it alive) and the stream of changed paths.
pub fn start(root: &Path, poll: bool) -> notify::Result<(AnyWatcher, Receiver<PathBuf>)> {
    let (tx, rx) = channel();
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
    let mut watcher = if poll {
        AnyWatcher::Poll(PollWatcher::new(
            handler,
            Config::default().with_poll_interval(Duration::from_millis(300)),
        )?)
    } else {
        AnyWatcher::Native(notify::recommended_watcher(handler)?)
    };
    let w: &mut dyn Watcher = match &mut watcher {
        AnyWatcher::Native(w) => w,
        AnyWatcher::Poll(w) => w,
    };
    for d in WATCHED_DIRS {
        let p = root.join(d);
        if p.is_dir() {
            w.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively: site.yaml, and folders created later.
    w.watch(root, RecursiveMode::NonRecursive)?;
    Ok((watcher, rx))
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
