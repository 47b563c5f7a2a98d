//! The output folder on disk.
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

mod leftovers;
mod manifest;
mod staging;
#[cfg(test)]
mod tests;

use super::{check_path, claim, Sink, MANIFEST, MANIFEST_HEADER};
use crate::error::{Diagnostic, Error};
use crate::util::sync::lock;
use leftovers::{clean_leftovers, sibling};
use manifest::{manifest_paths, manifest_text, read_manifest};
use rayon::prelude::*;
use staging::{StagingDir, Writers};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    /// Where new files are written (by writer threads).
    files: Writers,
}

/// What was in the output folder before this build.
#[derive(Default)]
struct OldOutput {
    /// Regular files reached without passing a symlink, by relative path, with their size and
    /// times.
    files: HashMap<PathBuf, Stamp>,
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

/// Size, times and inode of an output file: while all are as a build left them, the file is
/// the one it wrote (any write, rename over it or chmod changes the change time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
}

impl Stamp {
    /// For a file whose metadata could not be read: never equal to a recorded one.
    const UNKNOWN: Stamp = Stamp {
        len: u64::MAX,
        modified: (i64::MIN, 0),
        changed: (i64::MIN, 0),
        inode: 0,
    };

    fn of(m: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                len: m.len(),
                modified: (m.mtime(), m.mtime_nsec()),
                changed: (m.ctime(), m.ctime_nsec()),
                inode: m.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((i64::MIN, 0), |d| {
                    (d.as_secs() as i64, d.subsec_nanos() as i64)
                });
            Stamp {
                len: m.len(),
                modified,
                changed: modified,
                inode: 0,
            }
        }
    }
}

/// The files a build's manifest in `out` lists, each with its [`Stamp`]; None when there is
/// no manifest of ours or a listed file is gone or no regular file.
pub fn stamps(out: &Path) -> Option<Vec<(String, Stamp)>> {
    // Read as a list, not a set: the files of the last build, each once, 12,000 at 10,000
    // pages; hashing them into a set of paths cost more than the stat calls' own work.
    let listed = manifest_paths(&out.join(MANIFEST))?;
    // One system call per file: on all threads.
    let mut stamps = listed
        .into_par_iter()
        .map(|rel| {
            let m = std::fs::symlink_metadata(out.join(&rel)).ok()?;
            m.is_file().then(|| (rel, Stamp::of(&m)))
        })
        .collect::<Option<Vec<_>>>()?;
    stamps.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Some(stamps)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Symlink,
    /// A folder, and whether it holds nothing.
    Dir(bool),
    Other,
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

pub(super) fn io_diag(path: &Path, what: &str, e: &std::io::Error, hint: &str) -> Diagnostic {
    Diagnostic::error(path, 0, format!("{what}: {e}")).hint(hint)
}

pub(super) const HINT_WRITABLE: &str =
    "kijk of de uitvoermap schrijfbaar is en of de schijf vol is";

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
                let stamp = entry.metadata().map_or(Stamp::UNKNOWN, |m| Stamp::of(&m));
                old.files.insert(rel.clone(), stamp);
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

    /// Prepare writing to the output folder `shown`; `force` takes over a folder without a manifest.
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
        let files = StagingDir::open(&staging).map_err(|e| {
            let _ = std::fs::remove_dir(&staging);
            io_diag(
                &staging,
                "kan de tijdelijke map naast de uitvoer niet openen",
                &e,
                "ketenwijzer bouwt naast de uitvoermap en wisselt dan in één keer; kijk of die map leesbaar is",
            )
        })?;
        Ok(DiskSink {
            shown: shown.to_path_buf(),
            out,
            staging,
            old,
            made,
            all: Mutex::default(),
            written: AtomicUsize::new(0),
            unchanged: Mutex::default(),
            files: Writers::start(files),
        })
    }

    /// The staging folder (tests).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The output folder, absolute and with symlinks resolved.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Whether the old output holds exactly the files `stamps` lists (as its manifest says),
    /// each still as [`stamps`] found it.
    pub fn unchanged_since(&self, stamps: &[(String, Stamp)]) -> bool {
        self.old.listed.len() == stamps.len()
            && stamps.iter().all(|(rel, stamp)| {
                let rel = Path::new(rel);
                self.old.listed.contains(rel) && self.old.files.get(rel) == Some(stamp)
            })
    }

    /// Take the old output's file at `path` as this build's, unread: the caller knows its
    /// bytes are what the build would make (see `output::cache`).
    pub fn put_unchanged(&self, path: String) -> Result<(), Error> {
        check_path(&path)?;
        claim(&self.all, path.clone())?;
        lock(&self.unchanged).push(path);
        Ok(())
    }

    fn same_as_old(&self, path: &str, bytes: &[u8]) -> bool {
        if self.old.files.get(Path::new(path)).map(|s| s.len) != Some(bytes.len() as u64) {
            return false;
        }
        std::fs::read(self.out.join(path)).is_ok_and(|old| old == bytes)
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
        self.files.finish().map_err(|e| self.write_error(e))?;
        if same {
            return Ok(stats);
        }
        unchanged
            .par_iter()
            .try_for_each(|rel| self.files.dir().link(&self.out.join(rel), rel))
            .map_err(|e| self.write_error(e))?;
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
        let Error::Io { path, source } = e;
        let why = source.to_string();
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
        let _ = self.files.finish();
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

impl Sink for DiskSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Error> {
        check_path(&path)?;
        claim(&self.all, path.clone())?;
        if self.same_as_old(&path, &bytes) {
            // Linked at the commit, and only if something else changed.
            lock(&self.unchanged).push(path);
            Ok(())
        } else {
            self.written.fetch_add(1, Ordering::Relaxed);
            self.files.write(path, bytes)
        }
    }
}

/// Write `files` into `out`, replacing what an earlier build wrote there.
#[cfg(test)]
pub fn write_site(out: &Path, files: Vec<super::OutFile>) -> Result<WriteStats, Diagnostic> {
    let sink = DiskSink::new(out)?;
    for f in files {
        if let Err(e) = sink.put(f.path, f.bytes) {
            return Err(sink.write_error(e));
        }
    }
    sink.commit()
}
