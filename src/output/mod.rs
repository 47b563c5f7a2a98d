//! Where the finished files go. The build hands every file to a [`Sink`] as soon as it is made,
//! so a large site is never held in memory whole.
//!
//! [`DiskSink`] never touches the old output before the build has succeeded, and then replaces
//! it in one step, so the output folder always holds either the whole previous build or the
//! whole new one, wherever the process stops:
//!
//! - The new tree is built in a staging folder beside the output (`.NAME.staging-PID-NANOS`).
//!   New and changed files are written there; files identical to the old output are hard-linked
//!   from it (the same file, not a copy: rewriting 12,000 unchanged files cost seconds). When
//!   nothing changed at all, nothing is touched: no staging tree, no swap.
//! - Files of the old output that its manifest ([`MANIFEST`]) does not list were not made by
//!   ketenwijzer: they are carried over too (hard links, symlinks recreated as symlinks, never
//!   followed). Only files the old manifest lists and the new site no longer makes disappear.
//! - On success the new manifest is added and staging and output are swapped in one atomic
//!   `renameat2(RENAME_EXCHANGE)`; the old tree, now at the staging path, is then deleted. Where
//!   the exchange is not supported, the output is renamed to `.NAME.old-PID-NANOS` and staging to
//!   the output; a build that finds the output missing and an `.old` folder puts it back.
//! - Staging and `.old` folders of a build that was killed are removed by the next build (only
//!   those whose process is gone, so a second build running at the same time keeps its own).

use crate::error::{Diagnostic, Error};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The list of files a build wrote, kept in the output folder: the next build removes only
/// files it lists. A dotfile, so it is no page; one path per line after a fixed first line.
pub const MANIFEST: &str = ".ketenwijzer-manifest";
/// The first line of a manifest.
pub const MANIFEST_HEADER: &str =
    "# ketenwijzer-manifest 1: de bestanden die ketenwijzer hier gemaakt heeft; een volgende build verwijdert alleen deze";

/// One file of the finished site.
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

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

/// Drops every file (benchmarks).
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, _path: String, _bytes: Vec<u8>) -> Result<(), Error> {
        Ok(())
    }
}

/// Drops every file but refuses what [`DiskSink`] refuses (a path given twice, a path that
/// leaves the output), so `ketenwijzer check` finds what `build` would.
#[derive(Default)]
pub struct CheckSink {
    paths: Mutex<HashSet<String>>,
}

impl Sink for CheckSink {
    fn put(&self, path: String, _bytes: Vec<u8>) -> Result<(), Error> {
        check_path(&path)?;
        claim(&self.paths, path)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The error for a second file at the same output path.
pub fn duplicate(path: &str) -> Error {
    Error::io(
        path,
        std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "twee bestanden van de site krijgen dit pad in de uitvoer",
        ),
    )
}

/// Record `path` as written; an error if it already was.
fn claim(paths: &Mutex<HashSet<String>>, path: String) -> Result<(), Error> {
    let mut paths = lock(paths);
    if paths.contains(&path) {
        return Err(duplicate(&path));
    }
    paths.insert(path);
    Ok(())
}

/// An output path must stay inside the output folder and not be the manifest.
fn check_path(path: &str) -> Result<(), Error> {
    // Strictly one spelling per file (no `a//b`, `a/./b`), so a path given twice is seen.
    let ok = path != MANIFEST
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if ok {
        Ok(())
    } else {
        Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "dit pad valt buiten de uitvoermap of is het manifest van ketenwijzer",
            ),
        ))
    }
}

/// What a [`DiskSink`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// New or changed files written.
    pub written: usize,
    /// Files identical to the old output, hard-linked from it.
    pub unchanged: usize,
    /// Files of the old build (listed in its manifest) the site no longer has, removed.
    pub removed: usize,
    /// Files and links in the output that ketenwijzer did not make, kept.
    pub kept: usize,
}

/// Writes a site into an output folder; see the module comment.
pub struct DiskSink {
    /// The output folder as the user named it (for messages).
    shown: PathBuf,
    /// The output folder, absolute and with symlinks resolved.
    out: PathBuf,
    staging: PathBuf,
    old: OldOutput,
    /// Mode and owner of a folder this build makes.
    made: Option<Owner>,
    /// Every path of the new site.
    all: Mutex<HashSet<String>>,
    written: AtomicUsize,
    /// Paths whose bytes equal the old output's: hard-linked from it at the commit.
    unchanged: Mutex<Vec<String>>,
    /// Files on their way to the writer threads. Writing is done apart from rendering so a disk
    /// that stalls (journal commits, a busy virtual disk) does not stall the CPU work; the
    /// bound keeps memory small.
    queue: Mutex<Option<SyncSender<Job>>>,
    writers: Mutex<Vec<JoinHandle<()>>>,
    /// The first write error of a writer thread.
    failure: Arc<Mutex<Option<Error>>>,
}

/// Work for a writer thread.
enum Job {
    /// New bytes at this staging path.
    Write(PathBuf, Vec<u8>),
    /// The unchanged old file (first) hard-linked at this staging path (second).
    Link(PathBuf, PathBuf),
}

/// Writer threads: enough to keep a disk busy, few enough to stay out of the CPU's way.
const WRITERS: usize = 4;
/// Files waiting for a writer (about 5 MB of pages).
const QUEUE: usize = 256;

/// What was in the output folder before this build.
#[derive(Default)]
struct OldOutput {
    /// Regular files reached without passing a symlink, by relative path, with their size.
    files: HashMap<PathBuf, u64>,
    /// Everything in the folder (not below a symlink), in walk order.
    entries: Vec<(PathBuf, Kind)>,
    /// The paths its manifest lists: the files an earlier build made.
    listed: HashSet<PathBuf>,
    /// Mode and owner of the folder and every folder in it: the new tree's folders are new, so
    /// they get these back (a private `.ssh` kept with --force stays private).
    dirs: Vec<(PathBuf, Owner)>,
}

/// Permission bits, user and group of a folder.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Owner {
    mode: u32,
    uid: u32,
    gid: u32,
}

impl Owner {
    #[cfg(unix)]
    fn of(m: &std::fs::Metadata) -> Owner {
        use std::os::unix::fs::MetadataExt;
        Owner {
            mode: m.mode() & 0o7777,
            uid: m.uid(),
            gid: m.gid(),
        }
    }

    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Owner {
        Owner {
            mode: 0,
            uid: 0,
            gid: 0,
        }
    }

    /// Give `dir` this mode and owner.
    fn apply(self, dir: &Path) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::os::unix::fs::lchown(dir, Some(self.uid), Some(self.gid))?;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(self.mode))
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Ok(())
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Symlink,
    /// A folder, and whether it holds nothing.
    Dir(bool),
    Other,
}

/// `.NAME.TAG-PID-NANOS` beside `out`.
fn sibling(out: &Path, tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    out.with_file_name(format!(
        ".{}.{tag}-{}-{nanos}",
        file_name(out),
        std::process::id()
    ))
}

fn file_name(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// The PID in a name `.NAME.TAG-PID-NANOS` made by [`sibling`] for `out`, if it is one.
fn leftover_pid(out: &Path, tag: &str, name: &str) -> Option<u32> {
    let rest = name.strip_prefix(&format!(".{}.{tag}-", file_name(out)))?;
    let (pid, nanos) = rest.split_once('-')?;
    if nanos.is_empty() || !nanos.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether another process with this id is running (its staging folder is in use).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 only asks whether the process exists; EPERM means it does, as another user's.
        // SAFETY: kill with signal 0 sends nothing.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Put back an output a killed build had moved aside, and remove folders killed builds left.
fn clean_leftovers(out: &Path) -> Result<(), Diagnostic> {
    let Some(parent) = out.parent() else {
        return Ok(());
    };
    let Ok(dir) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut stale_staging = Vec::new();
    let mut stale_old = Vec::new();
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = leftover_pid(out, "staging", &name) {
            if !running(pid) {
                stale_staging.push(entry.path());
            }
        } else if let Some(pid) = leftover_pid(out, "old", &name) {
            if !running(pid) {
                stale_old.push(entry.path());
            }
        }
    }
    // The newest moved-aside output is the last complete one.
    stale_old.sort_by_key(|p| std::fs::symlink_metadata(p).and_then(|m| m.modified()).ok());
    if std::fs::symlink_metadata(out).is_err() {
        if let Some(old) = stale_old.pop() {
            std::fs::rename(&old, out).map_err(|e| {
                Diagnostic::error(
                    &old,
                    0,
                    format!("kan de vorige uitvoer niet terugzetten: {e}"),
                )
                .hint(format!(
                    "een eerdere build is halverwege gestopt; hernoem deze map zelf naar {}",
                    out.display()
                ))
            })?;
        }
    }
    for p in stale_staging.iter().chain(&stale_old) {
        if p.is_dir() && !p.is_symlink() {
            let _ = std::fs::remove_dir_all(p);
        }
    }
    Ok(())
}

/// `path` absolute, with every symlink resolved, also when its last parts do not exist yet.
pub fn resolve(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if std::fs::symlink_metadata(existing).is_ok() {
            break;
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
    let mut real = std::fs::canonicalize(existing).ok()?;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                real.pop();
            }
            Some(Component::Normal(p)) => real.push(p),
            _ => {}
        }
    }
    Some(real)
}

fn io_diag(path: &Path, what: &str, e: &std::io::Error, hint: &str) -> Diagnostic {
    Diagnostic::error(path, 0, format!("{what}: {e}")).hint(hint)
}

const HINT_WRITABLE: &str = "kijk of de uitvoermap schrijfbaar is en of de schijf vol is";

impl OldOutput {
    fn read(out: &Path, shown: &Path, force: bool) -> Result<OldOutput, Diagnostic> {
        let mut old = OldOutput::default();
        if !out.is_dir() {
            return Ok(old);
        }
        if let Ok(m) = std::fs::metadata(out) {
            old.dirs.push((PathBuf::new(), Owner::of(&m)));
        }
        let mut nonempty: HashSet<PathBuf> = HashSet::new();
        let mut manifest = None;
        for entry in walkdir::WalkDir::new(out).min_depth(1) {
            let entry = entry.map_err(|e| {
                let p = e.path().unwrap_or(out).to_path_buf();
                Diagnostic::error(p, 0, format!("kan de oude uitvoer niet lezen: {e}")).hint(
                    "kijk of alles in de uitvoermap leesbaar is; ketenwijzer neemt mee wat het niet zelf gemaakt heeft",
                )
            })?;
            let rel = entry
                .path()
                .strip_prefix(out)
                .unwrap_or(entry.path())
                .to_path_buf();
            if let Some(parent) = rel.parent() {
                nonempty.insert(parent.to_path_buf());
            }
            let ft = entry.file_type();
            let kind = if ft.is_symlink() {
                Kind::Symlink
            } else if ft.is_dir() {
                if let Ok(m) = entry.metadata() {
                    old.dirs.push((rel.clone(), Owner::of(&m)));
                }
                Kind::Dir(true)
            } else if ft.is_file() {
                if rel.as_os_str() == MANIFEST {
                    manifest = Some(entry.path().to_path_buf());
                    continue;
                }
                let len = entry.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
                old.files.insert(rel.clone(), len);
                Kind::File
            } else {
                Kind::Other
            };
            old.entries.push((rel, kind));
        }
        for (rel, kind) in &mut old.entries {
            if *kind == Kind::Dir(true) && nonempty.contains(rel.as_path()) {
                *kind = Kind::Dir(false);
            }
        }
        match manifest.as_deref().map(read_manifest) {
            Some(Some(listed)) => old.listed = listed,
            _ if old.entries.is_empty() || force => {}
            found => {
                let why = if found.is_some() {
                    format!("het manifest {MANIFEST} is onleesbaar")
                } else {
                    format!("er staat geen {MANIFEST} in")
                };
                return Err(Diagnostic::error(
                    shown,
                    0,
                    format!(
                        "de uitvoermap {} is niet leeg en is niet door ketenwijzer gemaakt ({why})",
                        shown.display()
                    ),
                )
                .hint(
                    "kies een lege of nieuwe map; of, als dit je eerdere uitvoer is, bouw één keer met --force: \
                     dan worden bestanden die ketenwijzer niet gemaakt heeft nooit verwijderd",
                ));
            }
        }
        Ok(old)
    }
}

fn escape(path: &str) -> String {
    path.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The paths a manifest lists; None when it is not one of ours.
fn read_manifest(path: &Path) -> Option<HashSet<PathBuf>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MANIFEST_HEADER {
        return None;
    }
    Some(
        lines
            .filter(|l| !l.is_empty())
            .map(|l| PathBuf::from(unescape(l)))
            .collect(),
    )
}

fn manifest_text(paths: &HashSet<String>) -> String {
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let mut text = format!("{MANIFEST_HEADER}\n");
    for p in sorted {
        text.push_str(&escape(p));
        text.push('\n');
    }
    text
}

/// Run `make` on `path`; when its folder is missing, make the folder and try once more.
fn with_parent(path: &Path, make: impl Fn() -> std::io::Result<()>) -> Result<(), Error> {
    match make() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            make().map_err(|e| Error::io(path, e))
        }
        r => r.map_err(|e| Error::io(path, e)),
    }
}

fn run_job(job: Job) -> Result<(), Error> {
    match job {
        Job::Write(to, bytes) => with_parent(&to, || std::fs::write(&to, &bytes)),
        Job::Link(from, to) => with_parent(&to, || std::fs::hard_link(&from, &to)),
    }
}

/// Swap two folders in one step; Unsupported where the system cannot.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
        let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: two NUL-terminated paths that live across the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Whether `e` says the exchange itself is not available (so the two-rename fallback may work).
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
    ) {
        return true;
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

/// Recreate the symlink at `from` at `to`, pointing where it pointed (never followed).
fn copy_symlink(from: &Path, to: &Path) -> Result<(), Error> {
    let target = std::fs::read_link(from).map_err(|e| Error::io(from, e))?;
    #[cfg(unix)]
    {
        with_parent(to, || std::os::unix::fs::symlink(&target, to))
    }
    #[cfg(not(unix))]
    {
        let _ = target;
        Err(Error::io(to, std::io::ErrorKind::Unsupported.into()))
    }
}

impl DiskSink {
    /// An output folder that an earlier build made (with a manifest), or an empty or missing
    /// one; with `force` also a folder holding other files, which are kept.
    pub fn new(out: &Path) -> Result<DiskSink, Diagnostic> {
        DiskSink::open(out, false)
    }

    pub fn open(shown: &Path, force: bool) -> Result<DiskSink, Diagnostic> {
        // A symlinked output folder is written through (staging beside its target, so the
        // swap stays on one file system); the link itself stays.
        if shown.is_symlink() && !shown.exists() {
            return Err(Diagnostic::error(
                shown,
                0,
                format!(
                    "de uitvoermap {} is een symbolische link die nergens heen wijst (of naar zichzelf)",
                    shown.display()
                ),
            )
            .hint("verwijder de link of laat hem naar een bestaande map wijzen"));
        }
        let Some(out) = resolve(shown).filter(|p| p.parent().is_some()) else {
            return Err(Diagnostic::error(
                shown,
                0,
                format!("kan de uitvoermap {} niet vinden of maken", shown.display()),
            )
            .hint("kies met --out een gewone map waar je mag schrijven"));
        };
        if out.exists() && !out.is_dir() {
            return Err(Diagnostic::error(
                shown,
                0,
                format!("de uitvoermap {} is een bestand, geen map", shown.display()),
            )
            .hint("kies met --out een map, of verwijder of hernoem dit bestand"));
        }
        let parent = out.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(|e| {
            io_diag(
                parent,
                "kan de map voor de uitvoer niet maken",
                &e,
                "kies met --out een map waar je mag schrijven",
            )
        })?;
        clean_leftovers(&out)?;
        #[cfg(unix)]
        if let (Ok(o), Ok(p)) = (std::fs::metadata(&out), std::fs::metadata(parent)) {
            use std::os::unix::fs::MetadataExt;
            if o.dev() != p.dev() {
                return Err(Diagnostic::error(
                    shown,
                    0,
                    format!(
                        "de uitvoermap {} is een koppelpunt (mount point): die kan ketenwijzer niet in één keer vervangen",
                        shown.display()
                    ),
                )
                .hint(format!(
                    "bouw naar een map daarbinnen, bijvoorbeeld --out {}",
                    shown.join("site").display()
                )));
            }
        }
        let old = OldOutput::read(&out, shown, force)?;
        let staging = sibling(&out, "staging");
        std::fs::create_dir(&staging).map_err(|e| {
            io_diag(
                &staging,
                "kan de tijdelijke map naast de uitvoer niet maken",
                &e,
                "ketenwijzer bouwt naast de uitvoermap en wisselt dan in één keer; kijk of die map schrijfbaar is",
            )
        })?;
        // What a folder made now looks like; folders of the old tree that differ get their own
        // mode and owner back at the end.
        let made = std::fs::metadata(&staging).map(|m| Owner::of(&m)).ok();
        let (tx, rx) = sync_channel::<Job>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        let failure: Arc<Mutex<Option<Error>>> = Arc::default();
        let writers = (0..WRITERS)
            .map(|_| {
                let rx = Arc::clone(&rx);
                let failure = Arc::clone(&failure);
                std::thread::spawn(move || loop {
                    let next = lock(&rx).recv();
                    let Ok(job) = next else { return };
                    if let Err(e) = run_job(job) {
                        lock(&failure).get_or_insert(e);
                    }
                })
            })
            .collect();
        Ok(DiskSink {
            shown: shown.to_path_buf(),
            out,
            staging,
            old,
            made,
            all: Mutex::default(),
            written: AtomicUsize::new(0),
            unchanged: Mutex::default(),
            queue: Mutex::new(Some(tx)),
            writers: Mutex::new(writers),
            failure,
        })
    }

    /// The staging folder (tests).
    pub fn staging(&self) -> &Path {
        &self.staging
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

    fn same_as_old(&self, path: &str, bytes: &[u8]) -> bool {
        if self.old.files.get(Path::new(path)) != Some(&(bytes.len() as u64)) {
            return false;
        }
        std::fs::read(self.out.join(path)).is_ok_and(|old| old == bytes)
    }

    fn send(&self, job: Job) -> Result<(), Error> {
        let queue = lock(&self.queue).clone();
        let sent = queue.is_some_and(|q| q.send(job).is_ok());
        if sent {
            return Ok(());
        }
        let path = match lock(&self.failure).take() {
            Some(e) => return Err(e),
            None => self.staging.clone(),
        };
        Err(Error::io(
            path,
            std::io::Error::other("het schrijven is gestopt"),
        ))
    }

    /// Put the new site in place of the old one, in one step. On an error the old output is as
    /// it was.
    pub fn commit(self) -> Result<WriteStats, Diagnostic> {
        let all = std::mem::take(&mut *lock(&self.all));
        let unchanged = std::mem::take(&mut *lock(&self.unchanged));
        let removed = self
            .old
            .listed
            .iter()
            .filter(|p| self.old.files.contains_key(p.as_path()))
            .filter(|p| p.to_str().is_none_or(|s| !all.contains(s)))
            .count();
        let mut stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: unchanged.len(),
            removed,
            kept: self
                .foreign(&all)
                .filter(|(_, k)| !matches!(k, Kind::Dir(_)))
                .count(),
        };
        // Nothing changed: the old output is the new one, so nothing is touched at all (a tree
        // of hard links would cost a metadata write per file, and its removal as many again).
        let same = stats.written == 0
            && self.old.listed.len() == all.len()
            && all.iter().all(|p| self.old.listed.contains(Path::new(p)));
        if same {
            self.finish_writing().map_err(|e| self.write_error(e))?;
            return Ok(stats);
        }
        for rel in &unchanged {
            let job = Job::Link(self.out.join(rel), self.staging.join(rel));
            self.send(job).map_err(|e| self.write_error(e))?;
        }
        self.finish_writing().map_err(|e| self.write_error(e))?;
        stats.kept = self.carry_foreign(&all)?;
        self.restore_owners();
        let manifest = self.staging.join(MANIFEST);
        std::fs::write(&manifest, manifest_text(&all)).map_err(|e| {
            io_diag(
                &manifest,
                "kan het manifest niet schrijven",
                &e,
                HINT_WRITABLE,
            )
        })?;
        self.swap()?;
        Ok(stats)
    }

    /// Forget everything written; the old output stays as it was.
    pub fn abort(self) {}

    fn write_error(&self, e: Error) -> Diagnostic {
        let (path, why) = match e {
            Error::Io { path, source } => (path, source.to_string()),
            Error::Site(_) => (self.shown.clone(), "de site bevat fouten".to_string()),
        };
        Diagnostic::error(
            self.shown
                .join(path.strip_prefix(&self.staging).unwrap_or(&path)),
            0,
            format!("kan dit bestand niet schrijven: {why}"),
        )
        .hint(format!(
            "{HINT_WRITABLE}; {} is niet veranderd",
            self.shown.display()
        ))
    }

    /// What is in the old output that no build made and this one does not replace.
    fn foreign<'a>(
        &'a self,
        all: &'a HashSet<String>,
    ) -> impl Iterator<Item = &'a (PathBuf, Kind)> + 'a {
        self.old.entries.iter().filter(|(rel, _)| {
            !self.old.listed.contains(rel) && rel.to_str().is_none_or(|s| !all.contains(s))
        })
    }

    /// Bring what ketenwijzer did not make over into the new tree; how many files and links.
    fn carry_foreign(&self, all: &HashSet<String>) -> Result<usize, Diagnostic> {
        let mut kept = 0;
        for (rel, kind) in self.foreign(all) {
            let (from, to) = (self.out.join(rel), self.staging.join(rel));
            let done = match kind {
                Kind::File => with_parent(&to, || std::fs::hard_link(&from, &to)),
                Kind::Symlink => copy_symlink(&from, &to),
                // Folders that hold something come along with what they hold.
                Kind::Dir(true) => std::fs::create_dir_all(&to).map_err(|e| Error::io(&to, e)),
                Kind::Dir(false) => continue,
                Kind::Other => Err(Error::io(
                    &from,
                    std::io::Error::other("geen gewoon bestand, map of link"),
                )),
            };
            done.map_err(|e| {
                Diagnostic::error(
                    self.shown.join(rel),
                    0,
                    format!(
                        "dit bestand heeft ketenwijzer niet gemaakt en kan het niet bewaren naast de nieuwe site: {e}"
                    ),
                )
                .hint(
                    "ketenwijzer verwijdert niets wat het niet zelf gemaakt heeft; verplaats dit bestand uit de uitvoermap",
                )
            })?;
            if !matches!(kind, Kind::Dir(_)) {
                kept += 1;
            }
        }
        Ok(kept)
    }

    /// Old folders that had another mode or owner than a new one get theirs back (the output
    /// folder itself too: a web server's group, a private folder kept with --force).
    fn restore_owners(&self) {
        for (rel, owner) in &self.old.dirs {
            if Some(*owner) == self.made {
                continue;
            }
            let dir = self.staging.join(rel);
            if dir.is_dir() && !dir.is_symlink() {
                let _ = owner.apply(&dir);
            }
        }
    }

    /// Staging becomes the output; the old tree ends at the staging path (deleted on drop).
    fn swap(&self) -> Result<(), Diagnostic> {
        let swap_error = |e: std::io::Error| {
            Diagnostic::error(
                &self.shown,
                0,
                format!("kan de nieuwe uitvoer niet op zijn plaats zetten: {e}"),
            )
            .hint(format!(
                "ketenwijzer bouwt in {} en wisselt die in één keer met de uitvoermap; kijk of beide schrijfbaar zijn",
                self.staging.display()
            ))
        };
        if std::fs::symlink_metadata(&self.out).is_err() {
            return std::fs::rename(&self.staging, &self.out).map_err(swap_error);
        }
        match exchange(&self.staging, &self.out) {
            Ok(()) => Ok(()),
            Err(e) if exchange_unsupported(&e) => {
                // Two renames; a build killed between them leaves no output but an .old folder,
                // which the next build puts back (see clean_leftovers).
                let aside = sibling(&self.out, "old");
                std::fs::rename(&self.out, &aside).map_err(swap_error)?;
                if let Err(e) = std::fs::rename(&self.staging, &self.out) {
                    let _ = std::fs::rename(&aside, &self.out);
                    return Err(swap_error(e));
                }
                let _ = std::fs::remove_dir_all(&aside);
                Ok(())
            }
            Err(e) => Err(swap_error(e)),
        }
    }
}

impl Drop for DiskSink {
    /// Whatever happened, nothing of the staging folder stays behind.
    fn drop(&mut self) {
        let _ = self.finish_writing();
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

impl Sink for DiskSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Error> {
        check_path(&path)?;
        claim(&self.all, path.clone())?;
        let to = self.staging.join(&path);
        if self.same_as_old(&path, &bytes) {
            // Linked at the commit, and only if something else changed.
            lock(&self.unchanged).push(path);
            Ok(())
        } else {
            self.written.fetch_add(1, Ordering::Relaxed);
            self.send(Job::Write(to, bytes))
        }
    }
}

/// Write `files` into `out`, replacing what an earlier build wrote there.
pub fn write_site(out: &Path, files: Vec<OutFile>) -> Result<WriteStats, Diagnostic> {
    let sink = DiskSink::new(out)?;
    for f in files {
        if let Err(e) = sink.put(f.path, f.bytes) {
            return Err(sink.write_error(e));
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
    fn removes_what_the_previous_build_made() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, vec![file("oud/index.html", "oud")]).unwrap();
        let stats = write_site(&out, vec![file("a/index.html", "nieuw")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "nieuw"
        );
        assert!(!out.join("oud").exists(), "stale files and folders go");
        assert_eq!(stats.removed, 1);
        assert_eq!(leftovers(dir.path()), 1, "staging folder is cleaned up");
        assert_eq!(
            std::fs::read_to_string(out.join(MANIFEST)).unwrap(),
            format!("{MANIFEST_HEADER}\na/index.html\n")
        );
    }

    #[test]
    fn a_folder_without_manifest_is_refused_and_taken_over_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("thuis");
        std::fs::create_dir_all(out.join(".ssh")).unwrap();
        std::fs::write(out.join(".ssh/id_ed25519"), "SLEUTEL").unwrap();
        std::fs::create_dir_all(out.join("leeg")).unwrap();
        std::os::unix::fs::symlink("/nergens", out.join("link")).unwrap();
        let err = write_site(&out, vec![file("index.html", "a")]).unwrap_err();
        assert!(
            err.message.contains("niet door ketenwijzer gemaakt"),
            "{err}"
        );
        assert!(err.hint.contains("--force"));
        assert_eq!(leftovers(dir.path()), 1);

        let sink = DiskSink::open(&out, true).unwrap();
        sink.put("index.html".into(), b"a".to_vec()).unwrap();
        let stats = sink.commit().unwrap();
        assert_eq!((stats.written, stats.kept, stats.removed), (1, 2, 0));
        assert_eq!(
            std::fs::read_to_string(out.join(".ssh/id_ed25519")).unwrap(),
            "SLEUTEL"
        );
        assert!(
            out.join("leeg").is_dir(),
            "an empty folder of the owner stays"
        );
        assert_eq!(
            std::fs::read_link(out.join("link")).unwrap(),
            Path::new("/nergens")
        );
        // Now it has a manifest: no --force needed, the owner's files still stay.
        let stats = write_site(&out, vec![file("b.html", "b")]).unwrap();
        assert_eq!((stats.removed, stats.kept), (1, 2));
        assert!(!out.join("index.html").exists());
        assert!(out.join(".ssh/id_ed25519").exists());
    }

    #[test]
    fn private_folders_stay_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, vec![file("a/index.html", "a")]).unwrap();
        std::fs::create_dir(out.join("geheim")).unwrap();
        std::fs::write(out.join("geheim/x"), "x").unwrap();
        std::fs::set_permissions(out.join("geheim"), std::fs::Permissions::from_mode(0o700))
            .unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o750)).unwrap();
        write_site(&out, vec![file("a/index.html", "b")]).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out.join("geheim")), 0o700);
        assert_eq!(mode(&out), 0o750);
    }

    #[test]
    fn a_path_given_twice_is_an_error_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, vec![file("a.html", "oud")]).unwrap();
        let before = std::fs::read(out.join(MANIFEST)).unwrap();
        let sink = DiskSink::new(&out).unwrap();
        sink.put("a.html".into(), b"nieuw".to_vec()).unwrap();
        let e = sink.put("a.html".into(), b"ander".to_vec()).unwrap_err();
        assert!(e.to_string().starts_with("a.html: twee bestanden"), "{e}");
        sink.abort();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "oud");
        assert_eq!(std::fs::read(out.join(MANIFEST)).unwrap(), before);
        assert_eq!(leftovers(dir.path()), 1);
        let check = CheckSink::default();
        check.put("x".into(), vec![]).unwrap();
        assert!(check.put("x".into(), vec![]).is_err());
        for bad in ["../x", "/etc/x", "", MANIFEST, "a/./b", "a//b", "a/"] {
            assert!(check.put(bad.into(), vec![]).is_err(), "{bad}");
        }
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_or_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, vec![file("a.html", "a")]).unwrap();
        // A dead build's staging folder (no PID exceeds 2^22) and another output's.
        let dead = dir.path().join(".public.staging-2147483647-123");
        std::fs::create_dir_all(dead.join("x")).unwrap();
        let other = dir.path().join(".publiek.staging-2147483647-1");
        std::fs::create_dir_all(&other).unwrap();
        write_site(&out, vec![file("a.html", "b")]).unwrap();
        assert!(!dead.exists());
        assert!(other.exists(), "another output's folder is not ours");
        // Killed between the two renames of the fallback: the output is missing, .old is whole.
        std::fs::rename(&out, dir.path().join(".public.old-2147483647-9")).unwrap();
        std::fs::remove_dir_all(&other).unwrap();
        write_site(&out, vec![file("a.html", "b"), file("c.html", "c")]).unwrap();
        assert_eq!(leftovers(dir.path()), 1);
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.ends_with("a.html\nc.html\n"));
    }

    #[test]
    fn leftover_names() {
        let out = Path::new("/x/public");
        assert_eq!(
            leftover_pid(out, "staging", ".public.staging-42-17"),
            Some(42)
        );
        assert_eq!(leftover_pid(out, "old", ".public.old-42-17"), Some(42));
        assert_eq!(leftover_pid(out, "staging", ".public.staging-42-"), None);
        assert_eq!(leftover_pid(out, "staging", ".public.staging-x-1"), None);
        assert_eq!(leftover_pid(out, "staging", ".publicx.staging-4-1"), None);
        assert_eq!(leftover_pid(out, "staging", "public"), None);
        assert!(!running(std::process::id()));
        assert!(running(1), "init runs");
    }

    #[test]
    fn manifest_paths_survive_odd_names() {
        let names: HashSet<String> = [
            "a\\nb",
            "x\ny",
            "r\r",
            "#kop",
            "  spatie",
            "ë/ü.html",
            "back\\",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m");
        std::fs::write(&p, manifest_text(&names)).unwrap();
        let back = read_manifest(&p).unwrap();
        let want: HashSet<PathBuf> = names.iter().map(PathBuf::from).collect();
        assert_eq!(back, want);
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
                removed: 0,
                kept: 0
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
