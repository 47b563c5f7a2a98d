//! A small HTTP/1.1 server on `std::net` for the preview: one request per connection, one thread
//! per connection (threads are kept a while for the next one), bounded in everything a client controls (connections, request size, time).
//!
//! Why not a crate: tiny_http 0.12 stops accepting for good on the first accept error (running
//! out of file descriptors closed the listener) and buffers request headers without limit.
//! The preview only needs GET and HEAD of files held in memory, and the server-sent events
//! stream for live reload.

use std::collections::VecDeque;
use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Connections handled at once; the next ones wait in the listen backlog. Live-reload streams
/// leave this count (they have a cap of their own, `reload::MAX_STREAMS`).
pub const MAX_CONNECTIONS: usize = 256;
/// The request line (method, target, version).
pub const MAX_LINE: usize = 8 * 1024;
/// Request line and headers together.
pub const MAX_HEAD: usize = 64 * 1024;
/// Header lines at most.
pub const MAX_HEADERS: usize = 100;
/// The whole request head must arrive within this time (a client sending one byte a second
/// cannot hold a connection for ever).
const HEAD_TIME: Duration = Duration::from_secs(10);
/// A response must be taken within this time.
const WRITE_TIME: Duration = Duration::from_secs(30);
/// After answering, what the client still sends (a body, the rest of an oversized header) is
/// read and thrown away for a moment, so closing does not reset the connection before the
/// client has read the answer.
const LINGER_TIME: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 4 << 20;
/// Waits after a failed accept (out of file descriptors): growing, never stopping.
const BACKOFF_FIRST: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_millis(500);
/// How long a thread without a connection stays for the next one.
const IDLE_THREAD: Duration = Duration::from_secs(10);

/// A parsed request head; the body, if any, is never read.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The target in origin form (`/path?query`), also when it came in absolute form.
    pub target: String,
}

impl Request {
    /// The target without its query.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    /// Whether this is a `HEAD` request (answered without a body).
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// Why no request came: answer with this status and text, or close without a word.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Answer with this status code and text.
    Answer(u16, &'static str),
    /// Close the connection without an answer: nothing came, or reading failed.
    Silent,
}

/// One accepted connection. It counts against `MAX_CONNECTIONS` until it is dropped or it
/// becomes a long-lived stream (`leave_connection_cap`).
pub struct Conn {
    /// The connection's socket.
    pub stream: TcpStream,
    slot: Option<Slot>,
}

impl Conn {
    /// For a live-reload stream: held for as long as the tab is open, counted by the stream cap.
    pub fn leave_connection_cap(&mut self) {
        self.slot = None;
    }
}

/// Counts connections in hand.
struct Slots {
    used: Mutex<usize>,
    freed: Condvar,
}

struct Slot(Arc<Slots>);

impl Slots {
    /// Wait for a free place.
    fn take(self: &Arc<Self>) -> Slot {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used >= MAX_CONNECTIONS {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += 1;
        Slot(Arc::clone(self))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut used = self.0.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= 1;
        self.0.freed.notify_one();
    }
}

/// Accept connections for ever and give each request to `handle` on a thread of its own.
/// An accept error (out of file descriptors, mostly) is waited out, never the end.
pub fn run<H>(listener: TcpListener, handle: H) -> !
where
    H: Fn(Request, &mut Conn) + Send + Sync + 'static,
{
    let handle = Arc::new(handle);
    let slots = Arc::new(Slots {
        used: Mutex::new(0),
        freed: Condvar::new(),
    });
    let pool = Arc::new(Pool::default());
    let mut backoff = Duration::ZERO;
    loop {
        let slot = slots.take();
        match listener.accept() {
            Ok((stream, _)) => {
                if !backoff.is_zero() {
                    eprintln!("{} de preview neemt weer verbindingen aan", super::now());
                    backoff = Duration::ZERO;
                }
                // To a thread that is waiting for work, else to a new one (starting a thread
                // per connection halved the requests per second).
                let Some((stream, slot)) = pool.hand_over((stream, slot)) else {
                    continue;
                };
                let handle = Arc::clone(&handle);
                let pool = Arc::clone(&pool);
                let spawned =
                    std::thread::Builder::new()
                        .name("verbinding".into())
                        .spawn(move || {
                            connection(stream, slot, &*handle);
                            while let Some((stream, slot)) = pool.next_job() {
                                connection(stream, slot, &*handle);
                            }
                        });
                // No thread to be had: the connection (moved into the closure) is closed; wait
                // a little as after an accept error.
                if spawned.is_err() {
                    std::thread::sleep(BACKOFF_FIRST);
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::Interrupted
                        | io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                ) => {}
            Err(e) => {
                if backoff.is_zero() {
                    eprintln!(
                        "{} waarschuwing: de preview kan even geen verbinding aannemen ({e}); hij probeert het steeds opnieuw",
                        super::now()
                    );
                }
                backoff = (backoff * 2).clamp(BACKOFF_FIRST, BACKOFF_MAX);
                drop(slot);
                std::thread::sleep(backoff);
            }
        }
    }
}

type Job = (TcpStream, Slot);

/// Threads that finished their connection wait here a while for the next one.
#[derive(Default)]
struct Pool {
    queue: Mutex<PoolQueue>,
    work: Condvar,
}

#[derive(Default)]
struct PoolQueue {
    jobs: VecDeque<Job>,
    /// Waiting threads not yet promised a job.
    idle: usize,
}

impl Pool {
    /// Give `job` to a waiting thread; back when there is none.
    fn hand_over(&self, job: Job) -> Option<Job> {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        if q.idle == 0 {
            return Some(job);
        }
        q.idle -= 1;
        q.jobs.push_back(job);
        self.work.notify_one();
        None
    }

    /// Wait for the next job; `None` after `IDLE_THREAD` without one (the thread ends).
    fn next_job(&self) -> Option<Job> {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        q.idle += 1;
        let deadline = Instant::now() + IDLE_THREAD;
        loop {
            if let Some(job) = q.jobs.pop_front() {
                return Some(job);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                q.idle -= 1;
                return None;
            }
            q = self
                .work
                .wait_timeout(q, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

fn connection<H: Fn(Request, &mut Conn)>(stream: TcpStream, slot: Slot, handle: &H) {
    let _ = stream.set_nodelay(true);
    let mut conn = Conn {
        stream,
        slot: Some(slot),
    };
    // Whether the client may still be sending (a body, the rest of a refused head).
    let mut more_may_come = true;
    match read_request(&mut conn.stream) {
        Ok(req) => {
            more_may_come = !matches!(req.method.as_str(), "GET" | "HEAD");
            handle(req, &mut conn);
        }
        Err(Refusal::Answer(status, text)) => {
            let _ = respond(
                &mut conn.stream,
                status,
                &[("Content-Type", "text/plain; charset=utf-8")],
                &[text.as_bytes()],
                false,
            );
        }
        Err(Refusal::Silent) => {}
    }
    if conn.slot.is_none() {
        // A live-reload stream that ended: its browser sends nothing more, and a stream let
        // go for a newer one must not hold its descriptor while lingering.
        return;
    }
    finish(conn.stream, more_may_come);
}

/// Read one request head, within `MAX_LINE`, `MAX_HEAD`, `MAX_HEADERS` and `HEAD_TIME`.
pub fn read_request(stream: &mut impl ReadTimeout) -> Result<Request, Refusal> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut head = Vec::with_capacity(2048);
    let mut chunk = [0u8; 8192];
    let end = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timed_out(&head));
        }
        stream.set_timeout(left.max(Duration::from_millis(1)));
        let room = (MAX_HEAD - head.len()).min(chunk.len());
        let n = match stream.read(&mut chunk[..room]) {
            Ok(0) if head.is_empty() => return Err(Refusal::Silent),
            Ok(0) => return Err(Refusal::Answer(400, "Onvolledig verzoek")),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(timed_out(&head));
            }
            Err(_) => return Err(Refusal::Silent),
        };
        let searched_to = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        // Empty lines before the request line are allowed (RFC 9112 2.2).
        let start = head
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .unwrap_or(head.len());
        let line_len = head[start..].iter().position(|&b| b == b'\n');
        if line_len.unwrap_or(head.len() - start) > MAX_LINE {
            return Err(Refusal::Answer(414, "Adres te lang"));
        }
        if let Some(end) = head_end(&head, searched_to.max(start)) {
            break end;
        }
        if head.len() >= MAX_HEAD {
            return Err(Refusal::Answer(431, "Kopregels te groot"));
        }
    };
    parse_head(&head[..end])
}

fn timed_out(head: &[u8]) -> Refusal {
    if head.is_empty() {
        Refusal::Silent
    } else {
        Refusal::Answer(408, "Verzoek kwam te traag")
    }
}

/// Where the head ends (just before the empty line), searching from `from`.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    (from..buf.len()).find(|&i| {
        let rest = &buf[i..];
        rest.starts_with(b"\r\n\r\n") || rest.starts_with(b"\n\n") || rest.starts_with(b"\n\r\n")
    })
}

fn parse_head(head: &[u8]) -> Result<Request, Refusal> {
    let bad = Refusal::Answer(400, "Ongeldig verzoek");
    let text = std::str::from_utf8(head).map_err(|_| Refusal::Answer(400, "Ongeldig verzoek"))?;
    let mut lines = text
        .trim_start_matches(['\r', '\n'])
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l));
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad);
    };
    if method.is_empty() || !method.bytes().all(is_token) {
        return Err(bad);
    }
    match version {
        "HTTP/1.0" | "HTTP/1.1" => {}
        v if v.starts_with("HTTP/") => return Err(Refusal::Answer(505, "Alleen HTTP/1.1")),
        _ => return Err(bad),
    }
    // Visible ASCII only: nothing in a target can end up as a line break in a header we send.
    if target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad);
    }
    let mut count = 0;
    for header in lines {
        count += 1;
        if count > MAX_HEADERS {
            return Err(Refusal::Answer(431, "Te veel kopregels"));
        }
        let Some((name, _)) = header.split_once(':') else {
            return Err(bad);
        };
        if name.is_empty() || !name.bytes().all(is_token) {
            return Err(bad);
        }
    }
    Ok(Request {
        method: method.to_string(),
        target: origin_form(target).ok_or(bad)?.to_string(),
    })
}

/// `http://host/path` → `/path`; `/path` stays; anything else (`*`, `path`) is refused.
fn origin_form(target: &str) -> Option<&str> {
    if target.starts_with('/') {
        return Some(target);
    }
    let (scheme, rest) = target.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return None;
    }
    Some(rest.find('/').map_or("/", |i| &rest[i..]))
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Write a whole response, its body given in parts, to be followed by closing the connection.
pub fn respond(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[&[u8]],
    head_only: bool,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };
    let length: usize = body.iter().map(|p| p.len()).sum();
    let mut text = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {length}\r\nConnection: close\r\nCache-Control: no-store\r\n"
    );
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    let mut parts = vec![text.as_bytes()];
    if !head_only {
        parts.extend_from_slice(body);
    }
    write_parts_by(stream, &parts, Instant::now() + WRITE_TIME)
}

/// Write everything before `deadline` (a client that reads slowly cannot hold on for ever).
pub fn write_by(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> io::Result<()> {
    write_parts_by(stream, &[bytes], deadline)
}

/// `write_by` for parts, sent together (one system call when the socket takes them).
fn write_parts_by(stream: &mut TcpStream, parts: &[&[u8]], deadline: Instant) -> io::Result<()> {
    let mut slices: Vec<IoSlice> = parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| IoSlice::new(p))
        .collect();
    let mut left_over = &mut slices[..];
    while !left_over.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write_vectored(left_over) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut left_over, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Close after the answer. When the client sent more than its request, or may still be
/// sending, first say we are done and read what comes for a moment (thrown away, never kept),
/// so the close does not reset the answer away before the client has read it. A plain GET
/// closes at once: the thread is free for the next connection.
fn finish(mut stream: TcpStream, more_may_come: bool) {
    if !more_may_come && nothing_waiting(&stream) {
        return;
    }
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER_TIME;
    let mut sink = [0u8; 8192];
    let mut taken = 0;
    while taken < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(n) => taken += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// Whether the client has sent nothing we have not read.
fn nothing_waiting(stream: &TcpStream) -> bool {
    let mut one = [0u8; 1];
    let waiting = stream.set_nonblocking(true).is_ok()
        && !matches!(stream.peek(&mut one), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    let _ = stream.set_nonblocking(false);
    !waiting
}

/// A byte source with a read timeout: the socket, or a slice in the unit tests.
pub trait ReadTimeout: Read {
    /// Sets the read timeout.
    fn set_timeout(&mut self, t: Duration);
}

impl ReadTimeout for TcpStream {
    fn set_timeout(&mut self, t: Duration) {
        let _ = self.set_read_timeout(Some(t));
    }
}

#[cfg(test)]
impl ReadTimeout for &[u8] {
    fn set_timeout(&mut self, _: Duration) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<Request, Refusal> {
        let mut input = bytes;
        read_request(&mut input)
    }

    fn req(method: &str, target: &str) -> Result<Request, Refusal> {
        Ok(Request {
            method: method.into(),
            target: target.into(),
        })
    }

    #[test]
    fn requests() {
        assert_eq!(parse(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), req("GET", "/"));
        assert_eq!(parse(b"\r\nHEAD /a?b HTTP/1.0\n\n"), req("HEAD", "/a?b"));
        assert_eq!(
            parse(b"GET http://127.0.0.1:8000/a/b HTTP/1.1\r\n\r\n"),
            req("GET", "/a/b")
        );
        assert_eq!(parse(b"GET http://x HTTP/1.1\r\n\r\n"), req("GET", "/"));
        assert_eq!(parse(b"get / HTTP/1.1\r\n\r\n"), req("get", "/"));
    }

    #[test]
    fn junk_is_refused() {
        let bad = Err(Refusal::Answer(400, "Ongeldig verzoek"));
        for junk in [
            &b"\x00\x01\x02garbage\r\n\r\n"[..],
            b"GET\r\n\r\n",
            b"GET * HTTP/1.1\r\n\r\n",
            b"GET a HTTP/1.1\r\n\r\n",
            b"GET /a\x01b HTTP/1.1\r\n\r\n",
            b"GET /\xc3\xa9 HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(parse(junk), bad, "{:?}", String::from_utf8_lossy(junk));
        }
        assert_eq!(
            parse(b"GET / HTTP/9.9\r\n\r\n"),
            Err(Refusal::Answer(505, "Alleen HTTP/1.1"))
        );
        assert_eq!(parse(b""), Err(Refusal::Silent));
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\n"),
            Err(Refusal::Answer(400, "Onvolledig verzoek"))
        );
    }

    #[test]
    fn sizes_are_capped() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE));
        assert_eq!(
            parse(long_line.as_bytes()),
            Err(Refusal::Answer(414, "Adres te lang"))
        );
        // Just below the line limit is fine.
        let ok_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE - 20));
        assert!(parse(ok_line.as_bytes()).is_ok());
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(
            parse(big.as_bytes()),
            Err(Refusal::Answer(431, "Kopregels te groot"))
        );
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: 1\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(
            parse(many.as_bytes()),
            Err(Refusal::Answer(431, "Te veel kopregels"))
        );
        let enough = format!("GET / HTTP/1.1\r\n{}\r\n", "X: 1\r\n".repeat(MAX_HEADERS));
        assert!(parse(enough.as_bytes()).is_ok());
    }
}
