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

impl Spilled {
    /// The text's length in bytes.
    pub fn bytes(self) -> u32 {
        self.len
    }
}

/// Parked texts read back as bytes, one after the other ([`Spill::read_bytes`]).
#[derive(Debug, Default)]
pub struct ReadBack {
    bytes: Vec<u8>,
    /// The end of each text in `bytes`.
    ends: Vec<usize>,
}

impl ReadBack {
    /// The bytes read back of the `k`-th text asked for (empty if its read failed).
    pub fn get(&self, k: usize) -> &[u8] {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.bytes[start..self.ends[k]]
    }

    /// The number of texts.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no text was asked for.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Texts as if read back (tests of what reads them).
    #[cfg(test)]
    pub fn of(texts: &[&[u8]]) -> ReadBack {
        let mut back = ReadBack::default();
        for t in texts {
            back.bytes.extend_from_slice(t);
            back.ends.push(back.bytes.len());
        }
        back
    }
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
    /// Held by [`Spill::put_all`], so that one page's texts lie side by side.
    together: Mutex<()>,
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
            together: Mutex::new(()),
            reader,
            full: AtomicBool::new(false),
            failed: AtomicBool::new(false),
        })
    }

    /// Park `texts` one after the other (so that they can be read back in one go); `None`
    /// for a text that could not be written (keep it in memory then).
    pub fn put_all<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<Option<Spilled>> {
        let _together = crate::util::sync::lock(&self.together);
        texts.into_iter().map(|t| self.put(t)).collect()
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
        self.flush();
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

    /// Append each parked text of `spans` to the string beside it, reading texts that lie side
    /// by side in the file (a page's sections) with one read.
    pub fn read_many_into<'a>(&self, spans: impl IntoIterator<Item = (Spilled, &'a mut String)>) {
        /// At most this much is read at once.
        const RUN: u64 = 1 << 20;
        let mut run: Vec<(Spilled, &mut String)> = Vec::new();
        for (s, to) in spans {
            let joins = run.last().is_some_and(|(last, _)| {
                last.at + u64::from(last.len) == s.at
                    && s.at + u64::from(s.len) - run[0].0.at <= RUN
            });
            if !joins {
                self.read_run(&mut run);
            }
            run.push((s, to));
        }
        self.read_run(&mut run);
    }

    /// Read back (at most the first `window` bytes of) each text of `spans` as bytes, in
    /// order, without checking that they are UTF-8 (the caller checks what it uses, and says
    /// so with [`Spill::report_unreadable`]): checking every byte of every text twice cost more
    /// than reading them. Texts that lie side by side in the file, or nearly (what lies between
    /// is read and dropped: a read costs more than a few kilobytes copied), are read with one
    /// read, straight into the buffer.
    pub fn read_bytes(&self, spans: impl IntoIterator<Item = Spilled>, window: u32) -> ReadBack {
        /// At most this much is read at once.
        const RUN: u64 = 1 << 20;
        /// A gap up to this long between two texts' windows is read rather than skipped.
        const GAP: u64 = 8 << 10;
        self.flush();
        let windows: Vec<(u64, u32)> = spans
            .into_iter()
            .map(|s| (s.at, s.len.min(window)))
            .collect();
        // Sized once: growing it would copy what was read so far, again and again.
        let total = windows.iter().map(|&(_, len)| len as usize).sum();
        let mut back = ReadBack {
            bytes: Vec::with_capacity(total),
            ends: Vec::with_capacity(windows.len()),
        };
        let mut gaps = Vec::new();
        let mut run = 0..0;
        for (k, &(at, take)) in windows.iter().enumerate() {
            let joins = run.end > run.start && {
                let (last, len) = windows[k - 1];
                let end = last + u64::from(len);
                at >= end && at - end <= GAP && at + u64::from(take) - windows[run.start].0 <= RUN
            };
            if !joins {
                self.read_window_run(&windows[run], &mut back, &mut gaps);
                run = k..k;
            }
            run.end = k + 1;
        }
        self.read_window_run(&windows[run], &mut back, &mut gaps);
        back
    }

    /// Read the windows `run` (in file order, close together) onto the end of `back` with one
    /// read (into `gaps` first when there is something between them to drop).
    fn read_window_run(&self, run: &[(u64, u32)], back: &mut ReadBack, gaps: &mut Vec<u8>) {
        let (Some(&(first, _)), Some(&(last, len))) = (run.first(), run.last()) else {
            return;
        };
        let span = (last + u64::from(len) - first) as usize;
        let base = back.bytes.len();
        let wanted: usize = run.iter().map(|&(_, len)| len as usize).sum();
        let read = if wanted == span {
            // Side by side: straight into place.
            back.bytes.resize(base + span, 0);
            read_at(&self.reader, &mut back.bytes[base..], first)
        } else {
            gaps.clear();
            gaps.resize(span, 0);
            read_at(&self.reader, gaps, first)
        };
        if read.is_err() {
            self.failed.store(true, Ordering::Relaxed);
            back.bytes.truncate(base);
            back.ends.extend(run.iter().map(|_| base));
            return;
        }
        let mut end = base;
        for &(at, len) in run {
            if wanted != span {
                let from = (at - first) as usize;
                back.bytes
                    .extend_from_slice(&gaps[from..from + len as usize]);
            }
            end += len as usize;
            back.ends.push(end);
        }
    }

    /// Say that a text read back with [`Spill::read_bytes`] was not what was parked (not
    /// UTF-8): [`Spill::failed`] says so afterwards.
    pub fn report_unreadable(&self) {
        self.failed.store(true, Ordering::Relaxed);
    }

    /// Read the texts of `run`, which lie side by side in the file, and empty it.
    fn read_run(&self, run: &mut Vec<(Spilled, &mut String)>) {
        match run.as_slice() {
            [] => return,
            [(s, _)] => {
                let s = *s;
                let (_, to) = run.pop().expect("one");
                self.read_into(s, to);
                return;
            }
            _ => {}
        }
        self.flush();
        let at = run[0].0.at;
        let end = run.last().map_or(at, |(s, _)| s.at + u64::from(s.len));
        let mut buf = vec![0u8; (end - at) as usize];
        if read_at(&self.reader, &mut buf, at).is_err() {
            self.failed.store(true, Ordering::Relaxed);
            run.clear();
            return;
        }
        for (s, to) in run.drain(..) {
            let from = (s.at - at) as usize;
            match std::str::from_utf8(&buf[from..from + s.len as usize]) {
                Ok(text) => to.push_str(text),
                Err(_) => self.failed.store(true, Ordering::Relaxed),
            }
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
        // Parked after a read: still buffered, written out by the next read.
        let later = spill.put("na het lezen").unwrap();
        let mut s = String::new();
        spill.read_into(later, &mut s);
        assert_eq!(s, "na het lezen");
        assert_eq!(spill.parked(), texts.concat().len() as u64 + 12);
        assert!(!spill.failed());
    }

    #[test]
    fn texts_side_by_side_are_read_back_together() {
        let spill = Spill::new().expect("temporary file");
        let a = spill.put_all(["een", "", "drie"]);
        let lone = spill.put("los").unwrap();
        let b = spill.put_all(["vijf", "zes"]);
        // In file order but for "drie", asked for after "los" (which follows it in the file).
        let spans = [a[0], a[1], Some(lone), a[2], b[0], b[1]].map(|s| s.unwrap());
        let mut got = vec![String::from(">"); spans.len()];
        spill.read_many_into(spans.iter().copied().zip(got.iter_mut()));
        assert_eq!(got, [">een", ">", ">los", ">drie", ">vijf", ">zes"]);
        assert!(!spill.failed());
    }

    #[test]
    fn bytes_come_back_whole_or_their_start() {
        let spill = Spill::new().expect("temporary file");
        let long = "één signaal ".repeat(2000);
        let mut texts = vec![
            "een".to_string(),
            String::new(),
            long.clone(),
            "vier".into(),
        ];
        // Far from the others (more than a gap apart), then one more side by side.
        texts.push("ver weg".into());
        let mut parked = spill.put_all(texts[..4].iter().map(String::as_str));
        spill.put(&"x".repeat(20_000)).unwrap();
        parked.extend(spill.put_all(texts[4..].iter().map(String::as_str)));
        let lone = spill.put("los").unwrap();
        let parked: Vec<Spilled> = parked.into_iter().map(Option::unwrap).collect();
        let mut asked = parked.clone();
        asked.push(lone);
        texts.push("los".into());
        // Asked for out of file order too.
        asked.swap(0, 3);
        texts.swap(0, 3);
        let whole = spill.read_bytes(asked.iter().copied(), u32::MAX);
        assert_eq!(whole.len(), texts.len());
        for (k, t) in texts.iter().enumerate() {
            assert_eq!(whole.get(k), t.as_bytes(), "text {k}");
        }
        for window in [0, 1, 3, 5, 100, 1 << 20] {
            let heads = spill.read_bytes(asked.iter().copied(), window);
            for (k, t) in texts.iter().enumerate() {
                let n = t.len().min(window as usize);
                assert_eq!(
                    heads.get(k),
                    &t.as_bytes()[..n],
                    "text {k}, window {window}"
                );
            }
        }
        assert!(spill.read_bytes([], 10).is_empty());
        assert!(!spill.failed());
        spill.report_unreadable();
        assert!(spill.failed());
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
