//! Texts parked in an unnamed temporary file while a large site builds, so that memory does not
//! hold the plain text of every page at once (the search index needs it only after the last page
//! is rendered, and then a chunk at a time). The file has no name on disk and disappears when
//! the build ends, however it ends.

use std::fs::File;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Where one text is in the spill file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spilled {
    at: u64,
    len: u32,
}

/// An append-only store of texts, written from several threads.
pub struct Spill {
    /// The file and its length so far (appends are serialised; reads are positional).
    file: Mutex<(File, u64)>,
    reader: File,
    /// A write went wrong: the file's end is unknown, so nothing more is parked.
    full: AtomicBool,
    /// A read went wrong: a text is missing from what was read back.
    failed: AtomicBool,
}

impl Spill {
    /// A new, empty store; `None` when no temporary file can be made (texts then stay in
    /// memory).
    pub fn new() -> Option<Spill> {
        let file = tempfile::tempfile().ok()?;
        let reader = file.try_clone().ok()?;
        Some(Spill {
            file: Mutex::new((file, 0)),
            reader,
            full: AtomicBool::new(false),
            failed: AtomicBool::new(false),
        })
    }

    /// Park `text`; `None` when it could not be written (keep it in memory then).
    pub fn put(&self, text: &str) -> Option<Spilled> {
        let len = u32::try_from(text.len()).ok()?;
        let mut guard = crate::util::sync::lock(&self.file);
        if self.full.load(Ordering::Relaxed) {
            return None;
        }
        let (file, end) = &mut *guard;
        let at = *end;
        if file.write_all(text.as_bytes()).is_err() {
            // A short write leaves the file's end unknown (a full disk, say): this text and
            // the ones after it stay in memory.
            self.full.store(true, Ordering::Relaxed);
            return None;
        }
        *end += u64::from(len);
        Some(Spilled { at, len })
    }

    /// Append the parked text to `to`. On a read error nothing is appended and
    /// [`Spill::failed`] says so afterwards.
    pub fn read_into(&self, s: Spilled, to: &mut String) {
        let mut buf = vec![0u8; s.len as usize];
        match read_at(&self.reader, &mut buf, s.at) {
            Ok(()) => match String::from_utf8(buf) {
                Ok(text) if to.is_empty() => *to = text,
                Ok(text) => to.push_str(&text),
                Err(_) => self.failed.store(true, Ordering::Relaxed),
            },
            Err(_) => self.failed.store(true, Ordering::Relaxed),
        }
    }

    /// Bytes parked so far.
    pub fn parked(&self) -> u64 {
        crate::util::sync::lock(&self.file).1
    }

    /// Whether a read went wrong: a text read back may then be missing.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }
}

/// Positional read: threads read side by side without moving a shared cursor.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_they_went_in() {
        let spill = Spill::new().expect("temporary file");
        let texts = ["", "mensenhandel", "één ☃ uitbuiting", "a"];
        let parked: Vec<Spilled> = texts.iter().map(|t| spill.put(t).unwrap()).collect();
        for (t, p) in texts.iter().zip(&parked).rev() {
            let mut s = String::new();
            spill.read_into(*p, &mut s);
            assert_eq!(s, *t);
        }
        let mut s = String::from("samenvatting ");
        spill.read_into(parked[1], &mut s);
        assert_eq!(s, "samenvatting mensenhandel");
        assert!(!spill.failed());
    }

    #[test]
    fn parallel_writers_keep_every_text_whole() {
        use rayon::prelude::*;
        let spill = Spill::new().expect("temporary file");
        let parked: Vec<(String, Spilled)> = (0..2000)
            .into_par_iter()
            .map(|i| {
                let t = format!("tekst {i} ").repeat(i % 17);
                let p = spill.put(&t).unwrap();
                (t, p)
            })
            .collect();
        for (t, p) in parked {
            let mut s = String::new();
            spill.read_into(p, &mut s);
            assert_eq!(s, t);
        }
    }
}
