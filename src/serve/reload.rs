//! Live reload: the Server-Sent Events hub, the injected script, and the error overlay.

use crate::error::Diagnostics;
use crate::markdown::escape;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;
use std::time::Duration;

pub const ENDPOINT: &str = "/__livereload";

/// Connected browsers; each gets the events of every rebuild.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        if let Ok(mut c) = self.clients.lock() {
            c.push(tx);
        }
        rx
    }

    /// Send an event to every browser; forget the ones that left.
    pub fn send(&self, event: &str, data: &str) {
        let msg = format!("event: {event}\ndata: {data}\n\n");
        if let Ok(mut c) = self.clients.lock() {
            c.retain(|tx| tx.send(msg.clone()).is_ok());
        }
    }
}

/// Hold the connection open and stream events (tiny_http buffers normal responses, so the
/// headers are written by hand on the raw writer: one thread per client).
pub fn stream(hub: &Hub, build: u64, req: tiny_http::Request) {
    let rx = hub.subscribe();
    let mut w = req.into_writer();
    // The build number first: a tab that reconnects after a rebuild it missed reloads.
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\nevent: build\ndata: {build}\n\n");
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            // A comment line keeps proxies from closing an idle stream and finds dead clients.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(_) => return,
        };
        if w.write_all(msg.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
    }
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
    let text = String::from_utf8_lossy(html);
    let addition = format!("{overlay}{}", SCRIPT.replace("BUILD", &build.to_string()));
    match text.rfind("</body>") {
        Some(i) => format!("{}{addition}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{addition}").into_bytes(),
    }
}

/// The overlay listing every problem with file:line and hint, in plain words.
pub fn overlay(diags: &Diagnostics, root: &Path) -> String {
    let _ = root;
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
<p style=\"margin:0 0 .5rem;font-weight:700;color:#a00000\">De site bevat {} {}. Je ziet de laatste goede versie; na het herstellen verdwijnt deze melding vanzelf.</p><ul style=\"margin:0;padding-left:1.25rem\">{items}</ul></div>\n",
        diags.error_count(),
        if diags.error_count() == 1 { "fout" } else { "fouten" }
    )
}
