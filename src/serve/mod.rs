//! `ketenwijzer serve`: a preview server for editors. The site is built in memory and swapped in
//! whole after each successful rebuild, then browsers are told to reload. While the sources
//! have errors, the last good site stays up with an overlay naming every problem.

pub mod http;
pub mod reload;
pub mod watch;

use crate::error::Diagnostics;
use crate::site::{self, Mode};
use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

pub type Bytes = Arc<[u8]>;

/// One complete build of the site, as served.
#[derive(Default)]
pub struct Served {
    pub files: HashMap<String, Bytes>,
}

pub struct State {
    root: PathBuf,
    site: RwLock<Arc<Served>>,
    overlay: RwLock<String>,
    /// Number of the last build that changed what is served (successful or failed).
    build: std::sync::atomic::AtomicU64,
    pub hub: reload::Hub,
}

impl State {
    pub fn current(&self) -> Arc<Served> {
        self.site.read().map(|s| Arc::clone(&s)).unwrap_or_default()
    }

    pub fn build_number(&self) -> u64 {
        self.build.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn errors_html(&self) -> String {
        self.overlay.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Build and, when it worked, swap the new site in and tell browsers. Returns a status line.
    pub fn rebuild(&self, what: &str) -> String {
        let start = Instant::now();
        let sink = crate::output::MemorySink::default();
        match site::build(&self.root, &Mode::default(), &sink) {
            Ok(built) => {
                let made = sink.into_files();
                let mut files = HashMap::with_capacity(made.len());
                for f in made {
                    files.insert(f.path, Bytes::from(f.bytes));
                }
                if let Ok(mut s) = self.site.write() {
                    *s = Arc::new(Served { files });
                }
                if let Ok(mut o) = self.overlay.write() {
                    o.clear();
                }
                self.build.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let ms = start.elapsed().as_millis();
                self.hub.send(
                    "reload",
                    &format!("{{\"pages\":{},\"ms\":{ms}}}", built.pages),
                );
                let warn = if built.warnings.is_empty() {
                    String::new()
                } else {
                    eprint!("{}", built.warnings.report(&self.root));
                    format!(", {} waarschuwingen", built.warnings.warning_count())
                };
                format!("{what}: {} pagina's in {ms} ms{warn}", built.pages)
            }
            Err(diags) => {
                self.fail(&diags);
                format!(
                    "{what}: {} {} — de vorige versie blijft staan",
                    diags.error_count(),
                    if diags.error_count() == 1 {
                        "fout"
                    } else {
                        "fouten"
                    }
                )
            }
        }
    }

    fn fail(&self, diags: &Diagnostics) {
        eprint!("{}", diags.report(&self.root));
        if let Ok(mut o) = self.overlay.write() {
            *o = reload::overlay(diags, &self.root);
        }
        self.hub
            .send("fout", &format!("{{\"errors\":{}}}", diags.error_count()));
    }
}

pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub watch: bool,
    pub poll: bool,
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// Run until killed. Returns an exit status only when the server cannot start.
pub fn run(opts: Options) -> i32 {
    if !opts.bind.is_loopback() {
        eprintln!(
            "waarschuwing: de preview luistert op {}: iedereen in het netwerk kan de (concept)site zien. Laat --bind weg om alleen deze computer toe te laten.",
            opts.bind
        );
    }
    let server = match tiny_http::Server::http((opts.bind, opts.port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!(
                "fout: kan niet luisteren op {}:{}: {e}",
                opts.bind, opts.port
            );
            eprintln!("  hint: kies een andere poort met --port");
            return 1;
        }
    };
    let state = Arc::new(State {
        root: opts.root.clone(),
        site: RwLock::new(Arc::new(Served::default())),
        overlay: RwLock::new(String::new()),
        build: std::sync::atomic::AtomicU64::new(0),
        hub: reload::Hub::default(),
    });
    let line = state.rebuild("eerste bouw");
    eprintln!("{} {line}", now());
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    println!(
        "Preview op http://{}:{port}/ (stoppen: Ctrl+C)",
        display_host(opts.bind)
    );
    let _ = std::io::stdout().flush();

    let _watcher = if opts.watch {
        start_watching(&state, &opts.root, opts.poll)
    } else {
        None
    };

    let workers: Vec<_> = (0..8)
        .map(|_| {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            std::thread::spawn(move || loop {
                let Ok(req) = server.recv() else { continue };
                if req.url().split('?').next() == Some(reload::ENDPOINT) {
                    let state = Arc::clone(&state);
                    std::thread::spawn(move || {
                        reload::stream(&state.hub, state.build_number(), req)
                    });
                } else {
                    http::respond(&state, req);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    0
}

fn display_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

fn start_watching(state: &Arc<State>, root: &Path, poll: bool) -> Option<watch::AnyWatcher> {
    let (watcher, rx) = match watch::start(root, poll) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("waarschuwing: wijzigingen volgen lukt niet ({e}); probeer --poll");
            return None;
        }
    };
    let state = Arc::clone(state);
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Some(batch) = watch::next_batch(&root, &rx) {
            let names: Vec<String> = batch
                .iter()
                .map(|p| {
                    p.strip_prefix(&root)
                        .unwrap_or(p)
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect();
            let what = match names.len() {
                1 => format!("{} gewijzigd", names[0]),
                n => format!("{n} bestanden gewijzigd"),
            };
            let line = state.rebuild(&what);
            eprintln!("{} {line}", now());
        }
    });
    Some(watcher)
}
