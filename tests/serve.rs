//! `ketenwijzer serve --watch` as editors use it: save styles, errors, recovery, safety, load.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(fixture_name: &str, prepare: impl FnOnce(&Path)) -> Server {
    start_from(&fixture(fixture_name), false, prepare)
}

/// Copy the site in `src` (its content/, partners/ and site.yaml) and serve it, with the root
/// given as an absolute path or, with `relative`, as `site` from its parent folder.
fn start_from(src: &Path, relative: bool, prepare: impl FnOnce(&Path)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["content", "partners", "site.yaml"] {
        if src.join(part).is_dir() {
            copy_dir(&src.join(part), &root.join(part));
        } else if src.join(part).is_file() {
            std::fs::create_dir_all(&root).unwrap();
            std::fs::copy(src.join(part), root.join(part)).unwrap();
        }
    }
    prepare(&root);
    let mut cmd = bin();
    cmd.args(["serve", "--watch", "--port", "0", "--root"]);
    if relative {
        cmd.arg("site").current_dir(dir.path());
    } else {
        cmd.arg(&root);
    }
    launch(cmd.stderr(Stdio::null()), dir, root)
}

/// Run `cmd` (a `serve` that prints its address on stdout) as the server of `root` in `dir`.
fn launch(cmd: &mut Command, dir: tempfile::TempDir, root: PathBuf) -> Server {
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server {
        child,
        port,
        _dir: dir,
        root,
    }
}

/// A copy of the good fixture in a temp folder: (folder, site root).
fn good_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture("good"), &root);
    (dir, root)
}

/// The lines the server writes on stderr.
fn stderr_lines(child: &mut Child) -> Receiver<String> {
    let (tx, rx) = channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// A raw GET; returns status, headers and body.
fn get(port: u16, path: &str) -> (u16, String, String) {
    try_get(port, path).unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn try_get(port: u16, path: &str) -> std::io::Result<(u16, String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    Ok(parse_response(&buf))
}

fn parse_response(buf: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Subscribe to `/__livereload`; events arrive as their `event:` names.
fn events(port: u16) -> Receiver<String> {
    let with_data = events_with_data(port);
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for (name, _) in with_data {
            if tx.send(name).is_err() {
                return;
            }
        }
    });
    rx
}

/// Events within `wait` after the first one (which must come within 10 s).
fn burst(rx: &Receiver<String>, wait: Duration) -> Vec<String> {
    let mut got = vec![rx
        .recv_timeout(Duration::from_secs(10))
        .expect("an event after the save")];
    let until = Instant::now() + wait;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        if let Ok(e) = rx.recv_timeout(left) {
            got.push(e);
        }
    }
    got
}

const PAGE: &str = "content/plan/02-aanpak.md";

fn page_with(text: &str) -> String {
    format!("---\ntitle: Aanpak\n---\n## Wie doet wat?\n\n{text}\n")
}

#[test]
fn every_save_style_gives_one_reload_and_new_content() {
    let srv = start("good", |_| {});
    let rx = events(srv.port);
    let file = srv.root.join(PAGE);

    // 1. A plain write.
    std::fs::write(&file, page_with("Versie een.")).unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(800)), ["reload"]);
    assert!(get(srv.port, "/plan/aanpak/").2.contains("Versie een."));

    // 2. A temp file renamed over the original (most editors).
    let tmp = srv.root.join("content/plan/.02-aanpak.md.tmp");
    std::fs::write(&tmp, page_with("Versie twee.")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(800)), ["reload"]);
    assert!(get(srv.port, "/plan/aanpak/").2.contains("Versie twee."));

    // 3. Delete, then create (vi), with vi's probe file 4913 and a backup~ around it.
    std::fs::write(srv.root.join("content/plan/4913"), "").unwrap();
    std::fs::remove_file(srv.root.join("content/plan/4913")).unwrap();
    std::fs::rename(&file, srv.root.join("content/plan/02-aanpak.md~")).unwrap();
    std::fs::write(&file, page_with("Versie drie.")).unwrap();
    std::fs::remove_file(srv.root.join("content/plan/02-aanpak.md~")).unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(800)), ["reload"]);
    assert!(get(srv.port, "/plan/aanpak/").2.contains("Versie drie."));

    // A burst of saves gives one rebuild.
    for i in 0..5 {
        std::fs::write(&file, page_with(&format!("Snel {i}."))).unwrap();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(burst(&rx, Duration::from_millis(800)), ["reload"]);
    assert!(get(srv.port, "/plan/aanpak/").2.contains("Snel 4."));
}

#[test]
fn broken_record_shows_overlay_and_fixing_clears_it() {
    let srv = start("good", |_| {});
    let rx = events(srv.port);
    let record = srv.root.join("partners/politie.yaml");
    let good = std::fs::read_to_string(&record).unwrap();
    std::fs::write(
        &record,
        good.replace("roles: [opsporen, melden]", "roles: [opsporen, melden"),
    )
    .unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["fout"]);
    let (status, _, body) = get(srv.port, "/plan/inleiding/");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"ketenwijzer-error\""), "{body}");
    assert!(
        body.contains("partners/politie.yaml:"),
        "overlay names file and line"
    );
    assert!(body.contains("Inleiding"), "last good site stays up");
    std::fs::write(&record, good).unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["reload"]);
    assert!(!get(srv.port, "/plan/inleiding/")
        .2
        .contains("ketenwijzer-error"));
}

#[test]
fn server_started_on_a_broken_site_recovers() {
    let srv = start("good", |root| {
        std::fs::write(
            root.join("content/plan/01-inleiding.md"),
            "---\ntitle: Kapot\n",
        )
        .unwrap();
    });
    let (_, _, body) = get(srv.port, "/");
    assert!(body.contains("id=\"ketenwijzer-error\""), "{body}");
    assert!(body.contains("content/plan/01-inleiding.md:1"), "{body}");
    let rx = events(srv.port);
    std::fs::write(
        srv.root.join("content/plan/01-inleiding.md"),
        "---\ntitle: Inleiding\n---\n## Aanleiding\n\n## Coördinatie & overleg\n",
    )
    .unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["reload"]);
    let (status, _, body) = get(srv.port, "/plan/inleiding/");
    assert_eq!(status, 200);
    assert!(!body.contains("ketenwijzer-error"));
    assert!(body.contains("Aanleiding"));
}

#[test]
fn serves_safely_with_types_and_404() {
    let srv = start("good", |_| {});
    let (status, head, body) = get(srv.port, "/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    assert!(head
        .to_ascii_lowercase()
        .contains("cache-control: no-store"));
    assert!(
        body.contains("/__livereload"),
        "reload script injected in serve mode"
    );
    for (path, ctype) in [
        ("/css/site.css", "text/css"),
        ("/js/site.js", "text/javascript"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/partners/politie/politie.vcf", "text/vcard"),
    ] {
        let (s, h, _) = get(srv.port, path);
        assert_eq!(s, 200, "{path}");
        assert!(h.contains(ctype), "{path}: {h}");
    }
    let (s, _, body) = get(srv.port, "/bestaat/niet/");
    assert_eq!(s, 404);
    assert!(body.contains("Pagina niet gevonden"));
    let (s, h, _) = get(srv.port, "/partners");
    assert_eq!(s, 301);
    assert!(h.contains("Location: /partners/"));
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "//etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/css/..%5c..%5cCargo.toml",
    ] {
        let (s, _, body) = get(srv.port, path);
        assert!(s == 400 || s == 404, "{path}: {s}");
        assert!(!body.contains("root:"), "{path}");
    }
}

#[test]
fn junk_and_load_do_not_kill_it() {
    let srv = start("good", |_| {});
    for junk in [
        &b"\x00\x01\x02garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"BREW /pot HTCPCP/1.0\r\n\r\n",
    ] {
        let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
        let _ = s.write_all(junk);
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let _ = s.read(&mut [0u8; 64]);
    }
    {
        let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
        let long = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(200_000));
        let _ = s.write_all(long.as_bytes());
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let _ = s.read(&mut [0u8; 64]);
    }
    let handles: Vec<_> = (0..64)
        .map(|i| {
            let port = srv.port;
            std::thread::spawn(move || {
                get(port, if i % 2 == 0 { "/" } else { "/plan/inleiding/" }).0
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
}

#[test]
fn build_output_has_no_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(&fixture("good"), &out).status.success());
    for (rel, bytes) in snapshot(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__livereload"),
            "{}",
            rel.display()
        );
    }
}

/// Subscribe to `/__livereload`; events arrive with their data line:
/// `("reload", "{\"pages\":1,...}")`. `build` is the handshake sent on connect; rebuilds send
/// `reload` or `fout`.
fn events_with_data(port: u16) -> Receiver<(String, String)> {
    let (tx, rx) = channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__livereload HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if name != "build" && tx.send((name.clone(), data.to_string())).is_err() {
                    return;
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    rx
}

/// The search files `/zoeken/index-0.js` names, fetched and joined.
fn search_text(port: u16) -> (String, String) {
    let (_, _, index) = get(port, "/zoeken/index-0.js");
    let mut all = String::new();
    for part in index.split('"') {
        if part.len() > 4 && part.ends_with(".js") && !part.contains('/') {
            all.push_str(&get(port, &format!("/zoeken/{part}")).2);
        }
    }
    (index, all)
}

#[test]
fn a_body_edit_redoes_only_that_page_then_its_search_entry() {
    let srv = start("good", |_| {});
    let rx = events_with_data(srv.port);
    let file = srv.root.join(PAGE);
    let good = std::fs::read_to_string(&file).unwrap();
    let (index_before, _) = search_text(srv.port);
    std::fs::write(
        &file,
        good.replace(
            "Een tweede kop met dezelfde tekst",
            "Zeldzaamwoord: een tweede kop met dezelfde tekst",
        ),
    )
    .unwrap();
    let (name, data) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(name, "reload");
    assert!(data.contains("\"pages\":1"), "one page redone: {data}");
    assert!(get(srv.port, "/plan/aanpak/").2.contains("Zeldzaamwoord"));
    // The other pages are still served, with their links into this page.
    assert!(get(srv.port, "/plan/inleiding/")
        .2
        .contains("aanpak/index.html#wie-doet-wat"));
    // The search index follows without another reload.
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let (index, all) = search_text(srv.port);
        if index != index_before && all.contains("Zeldzaamwoord") {
            break;
        }
        assert!(Instant::now() < until, "search index not updated");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
}

#[test]
fn a_renamed_heading_that_another_page_links_to_is_an_error_until_fixed() {
    let srv = start("good", |_| {});
    let rx = events(srv.port);
    let file = srv.root.join(PAGE);
    let good = std::fs::read_to_string(&file).unwrap();
    // 01-inleiding.md links to 02-aanpak.md#wie-doet-wat.
    std::fs::write(&file, good.replace("## Wie doet wat?", "## Taken")).unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["fout"]);
    let body = get(srv.port, "/plan/aanpak/").2;
    assert!(body.contains("content/plan/01-inleiding.md:8"), "{body}");
    assert!(body.contains("#wie-doet-wat"), "{body}");
    assert!(body.contains("Wie doet wat?"), "last good page stays");

    // An edit elsewhere does not hide the error on the first page.
    let other = srv.root.join("content/plan/01-inleiding.md");
    let other_text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(
        &other,
        other_text.replace("ook hier voor", "ook hier echt voor"),
    )
    .unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["fout"]);

    std::fs::write(&file, &good).unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["reload"]);
    let body = get(srv.port, "/plan/inleiding/").2;
    assert!(!body.contains("ketenwijzer-error"));
    assert!(body.contains("ook hier echt voor"));
}

#[test]
fn a_broken_link_in_a_body_edit_keeps_the_last_good_page() {
    let srv = start("good", |_| {});
    let rx = events(srv.port);
    let file = srv.root.join(PAGE);
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        good.replace(
            "Een tweede kop",
            "Zie [nergens](bestaat-niet.md). Een tweede kop",
        ),
    )
    .unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["fout"]);
    let body = get(srv.port, "/plan/aanpak/").2;
    assert!(body.contains("content/plan/02-aanpak.md:12"), "{body}");
    assert!(!body.contains("nergens"), "last good page stays");
    std::fs::write(
        &file,
        good.replace("Een tweede kop", "Hersteld. Een tweede kop"),
    )
    .unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["reload"]);
    let body = get(srv.port, "/plan/aanpak/").2;
    assert!(body.contains("Hersteld.") && !body.contains("ketenwijzer-error"));
}

#[test]
fn a_chapter_edit_shows_on_its_page_and_in_the_whole_plan() {
    let srv = start_from(&repo(), false, |_| {});
    let rx = events_with_data(srv.port);
    let file = srv.root.join("content/beleidsplan/04-signalering.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nNieuwe alinea over signalen.\n")).unwrap();
    let (name, data) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(name, "reload");
    assert!(data.contains("\"pages\":1"), "one page redone: {data}");
    assert!(get(srv.port, "/beleidsplan/signalering/")
        .2
        .contains("Nieuwe alinea over signalen."));
    assert!(get(srv.port, "/beleidsplan/volledig/")
        .2
        .contains("Nieuwe alinea over signalen."));
}

#[test]
fn a_relative_root_is_watched_too() {
    let srv = start_from(&fixture("good"), true, |_| {});
    let rx = events(srv.port);
    std::fs::write(srv.root.join(PAGE), page_with("Relatief.")).unwrap();
    assert_eq!(burst(&rx, Duration::from_millis(300)), ["reload"]);
    assert!(get(srv.port, "/plan/aanpak/").2.contains("Relatief."));
}

/// Resident memory of a process, in KB.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_listener_survives_running_out_of_file_descriptors() {
    let (dir, root) = good_copy();
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "ulimit -n 64 && exec \"$0\" serve --port 0 --root \"$1\"",
        env!("CARGO_BIN_EXE_ketenwijzer"),
    ])
    .arg(&root)
    .stderr(Stdio::piped());
    let mut srv = launch(&mut cmd, dir, root);
    let log = stderr_lines(&mut srv.child);
    assert_eq!(get(srv.port, "/").0, 200);
    // More idle connections than the server has descriptors (the rest wait in the backlog).
    let held: Vec<TcpStream> = (0..150)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", srv.port)).ok())
        .collect();
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let left = until.saturating_duration_since(Instant::now());
        let line = log
            .recv_timeout(left)
            .expect("the server never said it ran out of descriptors");
        if line.contains("kan even geen verbinding aannemen") {
            break;
        }
    }
    drop(held);
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        if try_get(srv.port, "/").is_ok_and(|r| r.0 == 200) {
            break;
        }
        assert!(Instant::now() < until, "the listener did not come back");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Send a request with one header of `size` bytes; returns the status (0 when the server
/// closed before answering).
fn big_header(port: u16, size: usize) -> u16 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut req = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    req.resize(req.len() + size, b'a');
    req.extend_from_slice(b"\r\n\r\n");
    let _ = s.write_all(&req);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    parse_response(&buf).0
}

#[test]
fn an_oversized_request_head_is_refused_and_kept_in_no_memory() {
    let srv = start("good", |_| {});
    assert_eq!(big_header(srv.port, 1 << 20), 431);
    assert_eq!(big_header(srv.port, 60 * 1024), 200, "below the cap");
    let many: String = (0..200).map(|i| format!("X-{i}: 1\r\n")).collect();
    let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    write!(s, "GET / HTTP/1.1\r\n{many}\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert_eq!(parse_response(&buf).0, 431, "200 headers");
    let long_url = format!("/{}", "a".repeat(20_000));
    assert_eq!(get(srv.port, &long_url).0, 414);

    // Three 32 MB headers at once: nothing of them is kept.
    let before = rss_kb(srv.child.id());
    let senders: Vec<_> = (0..3)
        .map(|_| {
            let port = srv.port;
            std::thread::spawn(move || big_header(port, 32 << 20))
        })
        .collect();
    for h in senders {
        let _ = h.join();
    }
    assert_eq!(get(srv.port, "/").0, 200);
    let grown = rss_kb(srv.child.id()).saturating_sub(before);
    assert!(grown < 16 * 1024, "memory grew by {grown} KB");
}

#[test]
fn a_double_slash_folder_never_redirects_off_the_site() {
    let srv = start("good", |_| {});
    for path in [
        "//partners",
        "///partners",
        "//partners?x=1",
        "http://elders.example//partners",
    ] {
        let (status, head, _) = get(srv.port, path);
        assert_eq!(status, 301, "{path}");
        assert!(head.contains("\r\nLocation: /partners/"), "{path}: {head}");
    }
    for path in ["/\\partners", "/%5cpartners", "/%5c/partners"] {
        let (status, head, _) = get(srv.port, path);
        assert!(!head.contains("Location"), "{path}: {head}");
        assert!(status == 400 || status == 404, "{path}: {status}");
    }
}

#[test]
fn a_poll_save_in_the_same_second_as_the_last_shows() {
    let (dir, root) = good_copy();
    let mut cmd = bin();
    cmd.args(["serve", "--poll", "--port", "0", "--root"])
        .arg(&root)
        .stderr(Stdio::null());
    let srv = launch(&mut cmd, dir, root);
    let file = srv.root.join(PAGE);
    let shows = |marker: &str, within: Duration| {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if get(srv.port, "/plan/aanpak/").2.contains(marker) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };
    let clock = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
    };
    // Save A early in a second; once it shows (about 350 ms later), save B, of the same size.
    std::thread::sleep(Duration::from_millis(
        1020 - u64::from(clock().subsec_millis()),
    ));
    std::fs::write(&file, page_with("Seconde-A.")).unwrap();
    assert!(shows("Seconde-A.", Duration::from_secs(3)));
    let a_time = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, page_with("Seconde-B.")).unwrap();
    // B gets A's time to the nanosecond, as a file system with whole-second times (network
    // shares, FAT) gives it when B comes in the same second, whatever the machine's speed.
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(a_time)
        .unwrap();
    assert!(
        shows("Seconde-B.", Duration::from_secs(3)),
        "a save with the size and time of the one before never showed"
    );
}

/// Open a live-reload stream and wait for its handshake.
fn open_stream(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__livereload HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while !String::from_utf8_lossy(&got).contains("event: build\ndata: ") {
        let n = s.read(&mut buf).expect("the stream's handshake");
        assert!(n > 0, "stream closed before its handshake");
        got.extend_from_slice(&buf[..n]);
    }
    s
}

/// Whether the server closed `s` within `wait`.
fn closed_within(s: &mut TcpStream, wait: Duration) -> bool {
    let until = Instant::now() + wait;
    let mut buf = [0u8; 512];
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        s.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
    false
}

#[test]
fn live_reload_streams_are_capped_and_the_oldest_goes_first() {
    use ketenwijzer::serve::reload::MAX_STREAMS;
    let srv = start("good", |_| {});
    let mut streams: Vec<TcpStream> = (0..MAX_STREAMS).map(|_| open_stream(srv.port)).collect();
    let mut newest = open_stream(srv.port);
    assert!(
        closed_within(&mut streams[0], Duration::from_secs(3)),
        "the oldest stream is let go"
    );
    assert!(!closed_within(&mut streams[1], Duration::from_millis(300)));
    assert!(!closed_within(&mut newest, Duration::from_millis(300)));
    // Streams do not take places of ordinary requests.
    assert_eq!(get(srv.port, "/").0, 200);
    // The newest still gets the events of a rebuild.
    std::fs::write(srv.root.join(PAGE), page_with("Nieuwste.")).unwrap();
    newest
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while !String::from_utf8_lossy(&got).contains("event: reload") {
        let n = newest.read(&mut buf).expect("a reload event");
        assert!(n > 0, "the newest stream was closed");
        got.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn the_preview_lists_every_open_point_with_links_and_follows_edits() {
    let srv = start("open-points", |_| {});
    let rx = events_with_data(srv.port);
    let (status, _, body) = get(srv.port, "/_open-punten/");
    assert_eq!(status, 200);
    assert!(body.contains("10 open punten"), "{body}");
    assert!(body.contains(
        "<a href=\"../beleidsplan/samenwerking/index.html\">content/beleidsplan/01-samenwerking.md:19</a>"
    ), "{body}");
    assert!(
        body.contains("<a href=\"../gemeenten/oostdorp/index.html\">partners/oostdorp.yaml:25</a>")
    );
    assert!(body.contains("<td>college van Westdorp</td>"));
    // A body edit that settles one point takes the one-page path and updates the list.
    let file = srv.root.join("content/beleidsplan/01-samenwerking.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "> [!OPEN] Welke gemeente de opvang van slachtoffers regelt.",
            "Westdorp regelt de opvang van slachtoffers.",
        ),
    )
    .unwrap();
    let (name, data) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(name, "reload");
    assert!(data.contains("\"pages\":1"), "{data}");
    let body = get(srv.port, "/_open-punten/").2;
    assert!(body.contains("9 open punten"), "{body}");
    assert!(!body.contains("opvang van slachtoffers regelt"), "{body}");
}
