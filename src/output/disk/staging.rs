//! Files made in the staging folder.
//!
//! New files go to a few writer threads ([`Writers`]): written from the rendering threads
//! themselves, a disk busy writing back (a site just generated, another build's output) stalled
//! the CPU work, and a 10,000-page build took 2.6-4.2 s instead of 2.1 (bench/build.sh on ext4).
//! Each file is made relative to the open staging folder, so the kernel does not walk the
//! folder's absolute path again for every file, and each folder is made once, before its first
//! file, instead of after a failed open.

use crate::error::Error;
use crate::util::sync::lock;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

/// Writer threads: enough to keep a disk busy, few enough to stay out of the CPU's way.
const WRITERS: usize = 4;

/// Bytes of files waiting for a writer before a renderer waits for room (about 5 MB of pages).
const QUEUE_BYTES: usize = 5 << 20;

/// Files a writer takes at once. A writer is woken per batch, not per file: woken per file
/// (a channel shared by the writers), the futex wake-ups and task switches were 9% of a
/// 10,000-page build's CPU time (perf).
const BATCH: usize = 32;

/// A file for a writer: its relative path and bytes.
type Job = (String, Vec<u8>);

/// What the renderers and writers share, behind one lock.
#[derive(Default)]
struct Queue {
    jobs: Vec<Job>,
    /// The bytes in `jobs`.
    bytes: usize,
    /// No more files come: the writers empty the queue and stop.
    closed: bool,
    /// Writers waiting for a batch.
    idle: usize,
    /// Renderers waiting for room.
    full: usize,
    /// Writer threads still running.
    live: usize,
}

/// The queue with its two places to wait.
#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// Writers wait here for a batch.
    work: Condvar,
    /// Renderers wait here for room.
    room: Condvar,
}

/// Threads that write files into a [`StagingDir`], a batch at a time, in about the order they
/// are handed over.
pub(super) struct Writers {
    dir: Arc<StagingDir>,
    shared: Arc<Shared>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    /// The first write error of a writer thread.
    failure: Arc<Mutex<Option<Error>>>,
}

impl Writers {
    pub(super) fn start(dir: StagingDir) -> Writers {
        let dir = Arc::new(dir);
        let shared: Arc<Shared> = Arc::default();
        lock(&shared.queue).live = WRITERS;
        let failure: Arc<Mutex<Option<Error>>> = Arc::default();
        let threads = (0..WRITERS)
            .map(|_| {
                let (shared, dir, failure) =
                    (Arc::clone(&shared), Arc::clone(&dir), Arc::clone(&failure));
                std::thread::spawn(move || {
                    let _gone = Gone {
                        shared: &shared,
                        dir: &dir,
                        failure: &failure,
                    };
                    while let Some(batch) = shared.next_batch() {
                        for (rel, b) in batch {
                            if let Err(e) = dir.write(&rel, &b) {
                                lock(&failure).get_or_insert(e);
                            }
                        }
                    }
                })
            })
            .collect();
        Writers {
            dir,
            shared,
            threads: Mutex::new(threads),
            failure,
        }
    }

    /// The folder written to.
    pub(super) fn dir(&self) -> &StagingDir {
        &self.dir
    }

    /// Queue the file `rel` (a checked relative path); an error once the writers finished.
    pub(super) fn write(&self, rel: String, bytes: Vec<u8>) -> Result<(), Error> {
        let mut q = lock(&self.shared.queue);
        while q.bytes > QUEUE_BYTES && !q.closed {
            q.full += 1;
            q = self.shared.room.wait(q).unwrap_or_else(|e| e.into_inner());
            q.full -= 1;
        }
        if q.closed {
            drop(q);
            return Err(lock(&self.failure).take().unwrap_or_else(|| {
                Error::io(
                    self.dir.path.clone(),
                    std::io::Error::other("het schrijven is gestopt"),
                )
            }));
        }
        q.bytes += bytes.len();
        q.jobs.push((rel, bytes));
        if q.full_batch() && q.idle > 0 {
            self.shared.work.notify_one();
        }
        Ok(())
    }

    /// Wait until every queued file is written; the first write error, if any.
    pub(super) fn finish(&self) -> Result<(), Error> {
        lock(&self.shared.queue).closed = true;
        self.shared.work.notify_all();
        self.shared.room.notify_all();
        for t in std::mem::take(&mut *lock(&self.threads)) {
            let _ = t.join();
        }
        match lock(&self.failure).take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Shared {
    /// The next files for a writer: a full batch, or what is left once the queue is closed;
    /// `None` when it is closed and empty.
    fn next_batch(&self) -> Option<Vec<Job>> {
        let mut q = lock(&self.queue);
        loop {
            if q.full_batch() || (q.closed && !q.jobs.is_empty()) {
                let n = q.jobs.len().min(BATCH);
                let batch: Vec<Job> = q.jobs.drain(..n).collect();
                q.bytes -= batch.iter().map(|(_, b)| b.len()).sum::<usize>();
                // Another full batch waits: a second writer keeps the disk busy.
                if q.full_batch() && q.idle > 0 {
                    self.work.notify_one();
                }
                if q.full > 0 && q.bytes <= QUEUE_BYTES {
                    self.room.notify_all();
                }
                return Some(batch);
            }
            if q.closed {
                return None;
            }
            q.idle += 1;
            q = self.work.wait(q).unwrap_or_else(|e| e.into_inner());
            q.idle -= 1;
        }
    }

    /// One writer fewer; after the last, nothing more is taken.
    fn writer_gone(&self) {
        let mut q = lock(&self.queue);
        q.live = q.live.saturating_sub(1);
        if q.live == 0 {
            q.closed = true;
            drop(q);
            self.room.notify_all();
        }
    }
}

/// Ends a writer thread, also one that panicked: its batch is lost, so the build fails, and
/// with no writer left the renderers get an error instead of waiting for room forever.
struct Gone<'a> {
    shared: &'a Shared,
    dir: &'a StagingDir,
    failure: &'a Mutex<Option<Error>>,
}

impl Drop for Gone<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(self.failure).get_or_insert_with(|| {
                Error::io(
                    self.dir.path.clone(),
                    std::io::Error::other("het schrijven van een bestand is vastgelopen"),
                )
            });
        }
        self.shared.writer_gone();
    }
}

impl Queue {
    /// Enough is queued to wake a writer: a batch of files, or (a few big files) the bytes
    /// a renderer would wait for.
    fn full_batch(&self) -> bool {
        self.jobs.len() >= BATCH || self.bytes > QUEUE_BYTES
    }
}

/// The staging folder of one build; it was made empty by this build.
pub(super) struct StagingDir {
    path: PathBuf,
    /// The folder, open (files and folders are made relative to it).
    #[cfg(unix)]
    dir: std::fs::File,
    /// Folders made in it so far, relative, without a trailing `/`.
    made: Mutex<HashSet<String>>,
}

impl StagingDir {
    /// Open the (existing, empty) staging folder at `path`.
    pub(super) fn open(path: &Path) -> std::io::Result<StagingDir> {
        Ok(StagingDir {
            path: path.to_path_buf(),
            #[cfg(unix)]
            dir: std::fs::File::open(path)?,
            made: Mutex::default(),
        })
    }

    /// Make the file `rel` (a checked relative path: `a/b/index.html`) holding `bytes`.
    pub(super) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.make_parents(rel)?;
        self.create(rel)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| Error::io(self.path.join(rel), e))
    }

    /// Hard-link the existing file `from` at `rel`.
    pub(super) fn link(&self, from: &Path, rel: &str) -> Result<(), Error> {
        self.make_parents(rel)?;
        std::fs::hard_link(from, self.path.join(rel)).map_err(|e| Error::io(self.path.join(rel), e))
    }

    /// Make the folders `rel` lies in, each once.
    fn make_parents(&self, rel: &str) -> Result<(), Error> {
        let Some((parent, _)) = rel.rsplit_once('/') else {
            return Ok(());
        };
        if lock(&self.made).contains(parent) {
            return Ok(());
        }
        // Shortest first; a folder another thread is making at the same time only gives
        // "exists". The set learns a folder after it is made, so a folder in the set exists.
        let ends = parent
            .match_indices('/')
            .map(|(i, _)| i)
            .chain([parent.len()]);
        for end in ends {
            let dir = &parent[..end];
            if lock(&self.made).contains(dir) {
                continue;
            }
            match self.make_dir(dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::io(self.path.join(dir), e)),
            }
            lock(&self.made).insert(dir.to_string());
        }
        Ok(())
    }

    #[cfg(unix)]
    fn make_dir(&self, rel: &str) -> std::io::Result<()> {
        use std::os::fd::AsRawFd;
        let name = std::ffi::CString::new(rel)?;
        // SAFETY: an open folder and a NUL-terminated name that lives across the call.
        let r = unsafe { libc::mkdirat(self.dir.as_raw_fd(), name.as_ptr(), 0o777) };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }

    #[cfg(not(unix))]
    fn make_dir(&self, rel: &str) -> std::io::Result<()> {
        std::fs::create_dir(self.path.join(rel))
    }

    /// Create (or truncate) the file `rel` for writing, as `std::fs::write` would.
    #[cfg(unix)]
    fn create(&self, rel: &str) -> std::io::Result<std::fs::File> {
        use std::os::fd::{AsRawFd, FromRawFd};
        let name = std::ffi::CString::new(rel)?;
        let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC;
        // SAFETY: an open folder and a NUL-terminated name that lives across the call.
        let fd = unsafe { libc::openat(self.dir.as_raw_fd(), name.as_ptr(), flags, 0o666) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened here and nothing else owns it.
        Ok(unsafe { std::fs::File::from_raw_fd(fd) })
    }

    #[cfg(not(unix))]
    fn create(&self, rel: &str) -> std::io::Result<std::fs::File> {
        std::fs::File::create(self.path.join(rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_land_in_folders_made_once_from_several_threads() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StagingDir::open(tmp.path()).unwrap();
        let paths: Vec<String> = (0..200)
            .map(|i| format!("a/{}/b{}/index.html", i % 7, i))
            .chain(["top.html".to_string(), "a/index.html".to_string()])
            .collect();
        std::thread::scope(|s| {
            for chunk in paths.chunks(25) {
                let dir = &dir;
                s.spawn(move || {
                    for p in chunk {
                        dir.write(p, p.as_bytes()).unwrap();
                    }
                });
            }
        });
        for p in &paths {
            assert_eq!(std::fs::read_to_string(tmp.path().join(p)).unwrap(), *p);
        }
        let made = lock(&dir.made);
        assert!(made.contains("a") && made.contains("a/3") && made.contains("a/3/b10"));
        assert_eq!(made.len(), 1 + 7 + 200);
    }

    #[test]
    fn queued_files_are_all_written_when_the_writers_finish() {
        let tmp = tempfile::tempdir().unwrap();
        let writers = Writers::start(StagingDir::open(tmp.path()).unwrap());
        for i in 0..1000 {
            writers
                .write(format!("p{}/{i}.html", i % 13), vec![b'x'; i])
                .unwrap();
        }
        writers.finish().unwrap();
        for i in 0..1000 {
            let p = tmp.path().join(format!("p{}/{i}.html", i % 13));
            assert_eq!(std::fs::metadata(p).unwrap().len(), i as u64);
        }
        // Fewer files than a batch, but more bytes than the queue holds: a writer takes them
        // (else the renderer would wait for room forever).
        let big = tempfile::tempdir().unwrap();
        let writers = Writers::start(StagingDir::open(big.path()).unwrap());
        std::thread::scope(|s| {
            for t in 0..3 {
                let writers = &writers;
                s.spawn(move || {
                    for i in 0..3 {
                        writers
                            .write(
                                format!("groot/{t}-{i}.bin"),
                                vec![b'x'; QUEUE_BYTES / 2 + 1],
                            )
                            .unwrap();
                    }
                });
            }
        });
        writers.finish().unwrap();
        assert_eq!(
            std::fs::read_dir(big.path().join("groot")).unwrap().count(),
            9
        );
        let blocked = tempfile::tempdir().unwrap();
        let writers = Writers::start(StagingDir::open(blocked.path()).unwrap());
        std::fs::write(blocked.path().join("blok"), "een bestand").unwrap();
        writers
            .write("blok/index.html".into(), b"x".to_vec())
            .unwrap();
        let Error::Io { path, .. } = writers.finish().unwrap_err();
        assert_eq!(path, blocked.path().join("blok/index.html"));
    }

    #[test]
    fn with_every_writer_gone_a_renderer_gets_an_error_not_a_wait() {
        let tmp = tempfile::tempdir().unwrap();
        let writers = Writers::start(StagingDir::open(tmp.path()).unwrap());
        // As if the four threads had ended (a panic): a full queue must not block.
        for _ in 0..WRITERS {
            writers.shared.writer_gone();
        }
        let big = vec![b'x'; QUEUE_BYTES + 1];
        assert!(writers.write("a.bin".into(), big.clone()).is_err());
        assert!(writers.write("b.bin".into(), big).is_err());
        writers.finish().unwrap();
        // A panicking writer leaves an error for the build.
        let panicked = tempfile::tempdir().unwrap();
        let dir = StagingDir::open(panicked.path()).unwrap();
        let (shared, failure) = (Shared::default(), Mutex::new(None));
        lock(&shared.queue).live = 1;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _gone = Gone {
                shared: &shared,
                dir: &dir,
                failure: &failure,
            };
            panic!("schrijven mislukt");
        }));
        assert!(outcome.is_err());
        assert!(lock(&failure).is_some());
        assert!(lock(&shared.queue).closed);
    }

    #[test]
    fn a_second_write_replaces_the_file_and_a_link_shares_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StagingDir::open(tmp.path()).unwrap();
        dir.write("x/y.txt", b"eerste, langere tekst").unwrap();
        dir.write("x/y.txt", b"tweede").unwrap();
        assert_eq!(
            std::fs::read(tmp.path().join("x/y.txt")).unwrap(),
            b"tweede"
        );
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("oud.txt"), "oud").unwrap();
        dir.link(&other.path().join("oud.txt"), "p/q/oud.txt")
            .unwrap();
        assert_eq!(
            std::fs::read(tmp.path().join("p/q/oud.txt")).unwrap(),
            b"oud"
        );
    }

    #[test]
    fn a_file_where_a_folder_must_go_is_an_error_with_its_path() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StagingDir::open(tmp.path()).unwrap();
        dir.write("blok", b"een bestand").unwrap();
        let e = dir.write("blok/index.html", b"x").unwrap_err();
        let Error::Io { path, .. } = e;
        assert_eq!(path, tmp.path().join("blok/index.html"));
    }
}
