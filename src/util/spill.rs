//! Texts parked in an unnamed temporary file while a large site builds, so that memory does not
//! hold the plain text of every page at once (the search index needs it only after the last page
//! is rendered, and then a chunk at a time). The file has no name on disk and disappears when
//! the build ends, however it ends.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Where one text is in the spill file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spilled {
    at: u64,
    len: u32,
}

/// Bytes gathered before one write to the file: a page's sections are a few hundred bytes
/// each, and one write per section cost a system call each under the lock.
const BUFFER: usize = 1 << 20;

/// An append-only store of texts, written from several threads.
pub struct Spill {
    /// The file, buffered, and its length so far (appends are serialised; reads are
    /// positional, after the buffer is written out).
    file: Mutex<(BufWriter<File>, u64)>,
    /// Everything put so far is in the file, not in the buffer.
    flushed: AtomicBool,
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
            file: Mutex::new((BufWriter::with_capacity(BUFFER, file), 0)),
            flushed: AtomicBool::new(true),
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
        self.flushed.store(false, Ordering::Release);
        Some(Spilled { at, len })
    }

    /// Write out what the buffer holds, before a read.
    fn flush(&self) {
        if self.flushed.load(Ordering::Acquire) {
            return;
        }
        let mut guard = crate::util::sync::lock(&self.file);
        if guard.0.flush().is_err() {
            // What the buffer held is lost: reading it back fails and says so.
            self.full.store(true, Ordering::Relaxed);
        }
        self.flushed.store(true, Ordering::Release);
    }

    /// Append the parked text to `to`. On a read error nothing is appended and
    /// [`Spill::failed`] says so afterwards.
    pub fn read_into(&self, s: Spilled, to: &mut String) {
        self.read_start_into(s, usize::MAX, to);
    }

    /// Append at most the first `max_bytes` of the parked text to `to`, ending on a whole
    /// character; whether that was all of it. (An excerpt needs only the start of a text.)
    pub fn read_start_into(&self, s: Spilled, max_bytes: usize, to: &mut String) -> bool {
        self.flush();
        let all = s.len as usize <= max_bytes;
        let mut buf = vec![0u8; if all { s.len as usize } else { max_bytes }];
        if read_at(&self.reader, &mut buf, s.at).is_err() {
            self.failed.store(true, Ordering::Relaxed);
            return all;
        }
        let text = match String::from_utf8(buf) {
            Ok(text) => text,
            // Cut inside a character: keep the characters before it.
            Err(e) if !all && e.utf8_error().error_len().is_none() => {
                let whole = e.utf8_error().valid_up_to();
                let mut buf = e.into_bytes();
                buf.truncate(whole);
                String::from_utf8(buf).unwrap_or_default()
            }
            Err(_) => {
                self.failed.store(true, Ordering::Relaxed);
                return all;
            }
        };
        if to.is_empty() {
            *to = text;
        } else {
            to.push_str(&text);
        }
        all
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
        // The start of a text ends on a whole character.
        let mut s = String::new();
        assert!(!spill.read_start_into(parked[2], 2, &mut s));
        assert_eq!(s, "é");
        let mut s = String::new();
        assert!(!spill.read_start_into(parked[2], 3, &mut s));
        assert_eq!(s, "é");
        let mut s = String::new();
        assert!(spill.read_start_into(parked[2], 100, &mut s));
        assert_eq!(s, texts[2]);
        let mut s = String::from("samenvatting ");
        spill.read_into(parked[1], &mut s);
        assert_eq!(s, "samenvatting mensenhandel");
        // Parked after a read: still buffered, written out by the next read.
        let later = spill.put("na het lezen").unwrap();
        let mut s = String::new();
        spill.read_into(later, &mut s);
        assert_eq!(s, "na het lezen");
        assert_eq!(spill.parked(), texts.concat().len() as u64 + 12);
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
