//! Answering one HTTP request from the in-memory site: safe paths, content types, 404.

use super::server::{self, Request};
use super::State;
use std::net::TcpStream;

/// Content type by file extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        "pdf" => "application/pdf",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// The site-relative file a URL path asks for, or `None` when the path is not acceptable
/// (parent segments in any encoding, backslashes, NUL). Decoded exactly once: `%252e` stays
/// the literal text `%2e`, which names no file.
pub fn file_key(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::util::percent::percent_decode(path, true)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn send(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) {
    // A client that left or stopped reading is no one's problem but its own.
    let _ = server::respond(stream, status, headers, &[body], head_only);
}

/// The folder redirect for `path` (`/partners` → `/partners/`): always one slash in front, so
/// `//partners` cannot become a link to the host "partners".
pub fn folder_location(path: &str) -> String {
    let mut location = String::with_capacity(path.len() + 2);
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        location.push('/');
        location.push_str(seg);
    }
    location.push('/');
    location
}

/// Answer one request from the served site (or the error page, or live reload).
pub fn respond(state: &State, req: &Request, stream: &mut TcpStream) {
    let url = req.target.as_str();
    let head = req.is_head();
    let text = "text/plain; charset=utf-8";
    if req.method != "GET" && !head {
        send(
            stream,
            405,
            &[("Content-Type", text), ("Allow", "GET, HEAD")],
            b"Alleen GET",
            false,
        );
        return;
    }
    let Some(key) = file_key(url) else {
        send(
            stream,
            400,
            &[("Content-Type", text)],
            b"Ongeldig pad",
            head,
        );
        return;
    };
    let site = state.current();
    if site.files.is_empty() {
        // The first build failed: show the problems on a page of their own.
        let page = b"<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>De site bevat fouten</title></head><body><main><h1>De site kan nog niet gebouwd worden</h1><p>Herstel de fouten hieronder; deze pagina ververst vanzelf.</p></main></body></html>";
        let bytes = super::reload::inject(page, &state.errors_html(), state.build_number());
        send(
            stream,
            200,
            &[("Content-Type", "text/html; charset=utf-8")],
            &bytes,
            head,
        );
        return;
    }
    let (status, key, body) = match site.files.get(&key) {
        Some(b) => (200, key, b.clone()),
        None => {
            // `/partners` → `/partners/` like any web server.
            let dir_key = format!("{key}/index.html");
            if site.files.contains_key(&dir_key) {
                let location = folder_location(req.path());
                send(stream, 301, &[("Location", &location)], b"", head);
                return;
            }
            let page = site
                .files
                .get("404.html")
                .cloned()
                .unwrap_or_else(|| b"Niet gevonden".to_vec().into());
            (404, "404.html".to_string(), page)
        }
    };
    let ctype = content_type(&key);
    let headers = [
        ("Content-Type", ctype),
        ("X-Content-Type-Options", "nosniff"),
    ];
    if ctype.starts_with("text/html") {
        let (at, addition) =
            super::reload::injection(&body, &state.errors_html(), state.build_number());
        let parts = [&body[..at], addition.as_bytes(), &body[at..]];
        let _ = server::respond(stream, status, &headers, &parts, head);
    } else {
        send(stream, status, &headers, &body, head);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_key("/partners/").as_deref(),
            Some("partners/index.html")
        );
        assert_eq!(
            file_key("/css/site.css?v=1").as_deref(),
            Some("css/site.css")
        );
        assert_eq!(file_key("/a%20b.txt").as_deref(), Some("a b.txt"));
    }

    #[test]
    fn traversal_rejected_in_every_encoding() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fetc",
            "/a\\..\\b",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(file_key(bad), None, "{bad}");
        }
        // Decoded once: a double-encoded dot-dot is a literal, harmless name.
        assert_eq!(
            file_key("/%252e%252e/etc/passwd").as_deref(),
            Some("%2e%2e/etc/passwd")
        );
        assert_eq!(file_key("//etc/passwd").as_deref(), Some("etc/passwd"));
    }

    #[test]
    fn folder_redirects_stay_on_the_site() {
        assert_eq!(folder_location("/partners"), "/partners/");
        assert_eq!(folder_location("//partners"), "/partners/");
        assert_eq!(folder_location("///a//b"), "/a/b/");
        assert_eq!(folder_location("/%2fpartners"), "/%2fpartners/");
    }

    #[test]
    fn types() {
        assert_eq!(content_type("a/b.vcf"), "text/vcard; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
    }
}
