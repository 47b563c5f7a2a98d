//! Where the finished files go. The build hands every file to a [`Sink`] as soon as it is made,
//! so a large site is never held in memory whole.
//!
//! [`DiskSink`] (in `disk.rs`) writes the output folder in one atomic step; [`MemorySink`] keeps
//! the files (tests, the preview server), [`NullSink`] drops them, [`CheckSink`] only checks
//! their paths.

pub mod cache;
mod disk;

pub use disk::{resolve, DiskSink, Stamp, WriteStats};

use crate::error::Error;
use crate::util::sync::lock;
use std::collections::HashSet;
use std::sync::Mutex;

/// The list of files a build wrote, kept in the output folder: the next build removes only
/// files it lists. A dotfile, so it is no page; one path per line after a fixed first line.
pub const MANIFEST: &str = ".ketenwijzer-manifest";
/// The first line of a manifest.
pub const MANIFEST_HEADER: &str =
    "# ketenwijzer-manifest 1: de bestanden die ketenwijzer hier gemaakt heeft; een volgende build verwijdert alleen deze";

/// One file of the finished site.
pub struct OutFile {
    /// Path in the output folder, with `/` (`plan/index.html`).
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// Receives the files of a build, from several threads at once.
pub trait Sink: Sync {
    /// Take one file; an error when the path is refused or given twice.
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Error>;
}

/// Keeps every file in memory (the preview server, tests).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutFile>>,
}

impl MemorySink {
    /// The files received, in the order they came.
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
