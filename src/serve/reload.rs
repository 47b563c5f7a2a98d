//! Live reload: the Server-Sent Events hub, the injected script, and the error overlay.

use super::server;
use crate::error::Diagnostics;
use crate::util::html::escape;
use std::collections::VecDeque;
use std::io::Read;
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The path of the live-reload event stream.
pub const ENDPOINT: &str = "/__livereload";

/// Live-reload streams held at once. Only visible tabs hold one; when a new one comes in at
/// the cap, the oldest is closed (its tab, if still there, reconnects and compares builds).
pub const MAX_STREAMS: usize = 64;
/// How often a stream checks that its browser is still there.
const LIVENESS: Duration = Duration::from_secs(1);
/// A comment line this often keeps proxies from closing an idle stream.
const PING: Duration = Duration::from_secs(15);
const WRITE_TIME: Duration = Duration::from_secs(10);

/// Connected browsers; each gets the events of every rebuild.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<VecDeque<(u64, Sender<String>)>>,
    next_id: AtomicU64,
}

/// One browser's place in the hub; leaving it (drop) frees the place.
pub struct Subscription<'a> {
    hub: &'a Hub,
    id: u64,
    /// The events for this browser, each a complete Server-Sent Events message.
    pub events: Receiver<String>,
}

impl Drop for Subscription<'_> {
    fn drop(&mut self) {
        self.hub.clients_mut().retain(|(id, _)| *id != self.id);
    }
}

impl Hub {
    fn clients_mut(&self) -> std::sync::MutexGuard<'_, VecDeque<(u64, Sender<String>)>> {
        crate::util::sync::lock(&self.clients)
    }

    /// A place for one more browser; at the cap the oldest is let go (its sender dropped, so
    /// its stream ends at once).
    pub fn subscribe(&self) -> Subscription<'_> {
        let (tx, rx) = channel();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut clients = self.clients_mut();
        while clients.len() >= MAX_STREAMS {
            clients.pop_front();
        }
        clients.push_back((id, tx));
        Subscription {
            hub: self,
            id,
            events: rx,
        }
    }

    /// Number of streams held.
    pub fn len(&self) -> usize {
        self.clients_mut().len()
    }

    /// Whether no stream is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Send an event to every browser; forget the ones that left.
    pub fn send(&self, event: &str, data: &str) {
        let msg = format!("event: {event}\ndata: {data}\n\n");
        self.clients_mut()
            .retain(|(_, tx)| tx.send(msg.clone()).is_ok());
    }
}

/// Hold the connection open and stream events until the browser leaves, stops reading, or is
/// let go for a newer stream.
pub fn stream(hub: &Hub, build: u64, stream: &mut TcpStream) {
    let sub = hub.subscribe();
    // The build number first: a tab that reconnects after a rebuild it missed reloads.
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\nevent: build\ndata: {build}\n\n");
    let send = |stream: &mut TcpStream, text: &str| {
        server::write_by(stream, text.as_bytes(), Instant::now() + WRITE_TIME).is_ok()
    };
    if !send(stream, &head) {
        return;
    }
    let mut last_write = Instant::now();
    loop {
        let msg = match sub.events.recv_timeout(LIVENESS) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => {
                if browser_left(stream) {
                    return;
                }
                if last_write.elapsed() < PING {
                    continue;
                }
                ": ping\n\n".to_string()
            }
            // Let go for a newer stream.
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if !send(stream, &msg) {
            return;
        }
        last_write = Instant::now();
    }
}

/// Whether the browser closed its end (it sends nothing on a stream, so a read that does not
/// wait says end-of-stream or an error).
fn browser_left(stream: &mut TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut buf = [0u8; 512];
    let left = match stream.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
        ),
    };
    stream.set_nonblocking(false).is_err() || left
}

/// The script injected into every HTML page in serve mode (never in `build` output): reload on
/// an event and come back to the same scroll position.
const SCRIPT: &str = r#"<script>
(function () {
  // The scroll position survives the reload in window.name: no storage API is touched.
  var m = /^ketenwijzer-scroll:(\d+)$/.exec(window.name || "");
  if (m) { window.name = ""; window.scrollTo(0, parseInt(m[1], 10)); }
  if (!window.EventSource) return;
  var es = null;
  function reload() {
    window.name = "ketenwijzer-scroll:" + Math.round(window.scrollY);
    location.reload();
  }
  // Only visible tabs hold a stream (browsers allow few connections per host); a tab that comes
  // back compares build numbers and reloads if it missed a rebuild.
  function connect() {
    if (es) return;
    es = new EventSource("/__livereload");
    es.addEventListener("build", function (e) { if (e.data !== "BUILD") reload(); });
    es.addEventListener("reload", reload);
    es.addEventListener("fout", reload);
  }
  function disconnect() { if (es) { es.close(); es = null; } }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  window.addEventListener("pagehide", disconnect);
  if (!document.hidden) connect();
})();
</script>
"#;

/// Insert the live-reload script (knowing the number of the build it belongs to), and the
/// overlay while the site has errors, before `</body>`.
pub fn inject(html: &[u8], overlay: &str, build: u64) -> Vec<u8> {
    let (at, addition) = injection(html, overlay, build);
    [&html[..at], addition.as_bytes(), &html[at..]].concat()
}

/// What `inject` adds and where: the server sends the page around it, without a copy of the
/// page per request (on a thread per connection, copies cost every thread its own memory).
pub fn injection(html: &[u8], overlay: &str, build: u64) -> (usize, String) {
    let addition = format!("{overlay}{}", SCRIPT.replace("BUILD", &build.to_string()));
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    (at, addition)
}

/// The overlay listing every problem with file:line and hint, in plain words.
pub fn overlay(diags: &Diagnostics) -> String {
    let mut items = String::new();
    for d in diags.sorted().iter().filter(|d| d.is_error()) {
        items.push_str(&format!(
            "<li><code>{}</code> {}{}</li>",
            escape(&d.location()),
            escape(&d.message),
            if d.hint.is_empty() {
                String::new()
            } else {
                format!(
                    "<br><span style=\"color:#444\">Tip: {}</span>",
                    escape(&d.hint)
                )
            }
        ));
    }
    format!(
        "<div id=\"ketenwijzer-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;background:#fff;color:#1b1b1b;border-top:6px solid #a00000;padding:1rem 1.25rem;font:16px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.3)\">\
<p style=\"margin:0 0 .5rem;font-weight:700;color:#a00000\">De site bevat {}. Je ziet de laatste goede versie; na het herstellen verdwijnt deze melding vanzelf.</p><ul style=\"margin:0;padding-left:1.25rem\">{items}</ul></div>\n",
        crate::error::count_errors(diags.error_count())
    )
}
