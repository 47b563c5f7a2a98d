//! `ketenwijzer serve`: a preview server for editors. The site is built in memory and swapped in
//! whole after each successful rebuild, then browsers are told to reload. While the sources
//! have errors, the last good site stays up with an overlay naming every problem.

pub mod http;
pub mod open_overview;
pub mod partial;
pub mod reload;
pub mod server;
pub mod watch;

use crate::error::Diagnostics;
use crate::site::{self, Mode, Retained};
use crate::util::sync::lock;
use partial::Partial;
use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// A served file's bytes, shared between the site and the requests that send it.
pub type Bytes = Arc<[u8]>;

/// How long the editor must pause before the search index is rebuilt after a one-page rebuild.
const SEARCH_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

/// One complete build of the site, as served.
#[derive(Default)]
pub struct Served {
    /// Every file by its path relative to the output root (`beleidsplan/index.html`).
    pub files: HashMap<String, Bytes>,
}

/// The server's state: the site being served, what a one-page rebuild needs, the error overlay
/// and the browsers to tell.
pub struct State {
    root: PathBuf,
    site: RwLock<Arc<Served>>,
    /// What the last good full build left, to redo one page at a time; `None` after a failed
    /// full build, so the next change builds everything again.
    kept: Mutex<Option<Retained>>,
    /// The page whose own errors are on screen (a failed one-page rebuild).
    broken: Mutex<Option<PathBuf>>,
    /// Counts one-page rebuilds and full builds; a background search update applies only if
    /// it is still the newest.
    search_generation: std::sync::atomic::AtomicU64,
    search_running: Mutex<()>,
    overlay: RwLock<String>,
    /// Every open point of the last good site, for the preview's worklist page.
    open: Mutex<Vec<crate::open_points::OpenPoint>>,
    /// Number of the last build that changed what is served (successful or failed).
    build: std::sync::atomic::AtomicU64,
    /// The browsers to tell about each rebuild.
    pub hub: reload::Hub,
}

impl State {
    /// The site being served now.
    pub fn current(&self) -> Arc<Served> {
        self.site.read().map(|s| Arc::clone(&s)).unwrap_or_default()
    }

    /// The number of the last build that changed what is served; pages carry it, so a tab that
    /// missed an event sees that it is behind.
    pub fn build_number(&self) -> u64 {
        self.build.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The error overlay to put in every page; empty while the sources have no errors.
    pub fn errors_html(&self) -> String {
        self.overlay.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Rebuild after `changed` (paths under the root) changed: only the page when only a page's
    /// text changed, else the whole site. Returns a status line.
    pub fn rebuild_changed(self: &Arc<Self>, changed: &[PathBuf], what: &str) -> String {
        if let [one] = changed {
            if let Some(line) = self.rebuild_one(one, what) {
                return line;
            }
        }
        if let Some(line) = self.rebuild_some(changed, what) {
            return line;
        }
        self.rebuild(what)
    }

    /// Redo only what `changed` reaches (see [`partial::rebuild_changed`]); `None` when a full
    /// build is needed.
    fn rebuild_some(self: &Arc<Self>, changed: &[PathBuf], what: &str) -> Option<String> {
        let start = Instant::now();
        let rel: Vec<PathBuf> = changed
            .iter()
            .map(|p| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf())
            .collect();
        let broken = lock(&self.broken);
        if broken.is_some() {
            // Only a full build can say when every error is gone.
            return None;
        }
        let mut kept_guard = lock(&self.kept);
        let kept = kept_guard.as_mut()?;
        let Partial::Many {
            files: made,
            removed,
            pages,
            warnings,
        } = partial::rebuild_changed(&self.root, kept, &rel, &Mode::default())
        else {
            return None;
        };
        let mut files = self.current().files.clone();
        for path in &removed {
            files.remove(path);
        }
        for f in made {
            files.insert(f.path, Bytes::from(f.bytes));
        }
        let open = warnings.open_points();
        files.insert(
            open_overview::PATH.to_string(),
            Bytes::from(open_overview::page(
                &open,
                &open_overview::urls(&kept.sources),
            )),
        );
        *lock(&self.open) = open;
        self.publish(files);
        let ms = start.elapsed().as_millis();
        self.hub
            .send("reload", &format!("{{\"pages\":{pages},\"ms\":{ms}}}"));
        drop(kept_guard);
        drop(broken);
        self.refresh_search_later();
        Some(format!(
            "{what}: {pages} pagina's in {ms} ms{}",
            warn_suffix(&warnings)
        ))
    }

    /// The one-page path; `None` when a full build is needed.
    fn rebuild_one(self: &Arc<Self>, path: &Path, what: &str) -> Option<String> {
        let start = Instant::now();
        let rel = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
        if rel.extension().is_none_or(|e| e != "md") {
            return None;
        }
        let mut broken = lock(&self.broken);
        if broken.as_ref().is_some_and(|b| b != &rel) {
            // Another page still has errors; only a full build can say when all are gone.
            return None;
        }
        let mut kept_guard = lock(&self.kept);
        let kept = kept_guard.as_mut()?;
        match partial::rebuild_page(&self.root, kept, &rel) {
            Partial::NeedsFull | Partial::Many { .. } => None,
            Partial::Failed(diags) => {
                *broken = Some(rel);
                self.fail(&diags);
                Some(failed_line(what, &diags))
            }
            Partial::Done {
                files: changed,
                warnings,
            } => {
                *broken = None;
                let mut files = self.current().files.clone();
                for f in changed {
                    files.insert(f.path, Bytes::from(f.bytes));
                }
                let mut open = lock(&self.open);
                open.retain(|p| p.file != rel);
                open.extend(warnings.open_points());
                let urls = open_overview::urls(&kept.sources);
                files.insert(
                    open_overview::PATH.to_string(),
                    Bytes::from(open_overview::page(&open, &urls)),
                );
                drop(open);
                self.publish(files);
                let ms = start.elapsed().as_millis();
                self.hub
                    .send("reload", &format!("{{\"pages\":1,\"ms\":{ms}}}"));
                if !warnings.is_empty() {
                    eprint!("{}", warnings.report(&self.root));
                }
                drop(kept_guard);
                self.refresh_search_later();
                Some(format!(
                    "{what}: 1 pagina in {ms} ms{}",
                    warn_suffix(&warnings)
                ))
            }
        }
    }

    /// Rebuild the search index in the background after a one-page rebuild: once the editor
    /// has paused, and only if nothing newer came in meanwhile (it takes a second at 10,000
    /// pages; the page itself is already shown).
    fn refresh_search_later(self: &Arc<Self>) {
        use std::sync::atomic::Ordering::SeqCst;
        let generation = self.search_generation.fetch_add(1, SeqCst) + 1;
        let state = Arc::clone(self);
        std::thread::spawn(move || {
            std::thread::sleep(SEARCH_PAUSE);
            let current = || state.search_generation.load(SeqCst) == generation;
            // One index build at a time: a newer request waits here, then checks it is newest.
            let _one_at_a_time = lock(&state.search_running);
            if !current() {
                return;
            }
            let start = Instant::now();
            let input = match lock(&state.kept).as_ref() {
                Some(kept) => partial::search_input(kept),
                None => return, // a full build has run or is running; it makes its own index
            };
            // On one thread, so the other core stays free for the editor's next save.
            let files = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                Ok(pool) => pool.install(|| partial::search_files(input)),
                Err(_) => partial::search_files(input),
            };
            // Apply under the lock, so a full build or page rebuild cannot slip in between.
            let kept = lock(&state.kept);
            if kept.is_none() || !current() {
                return;
            }
            let mut served = state.current().files.clone();
            // The old index's files go: their names change with their content.
            served.retain(|path, _| !partial::is_search_file(path));
            for f in files {
                served.insert(f.path, Bytes::from(f.bytes));
            }
            if let Ok(mut s) = state.site.write() {
                *s = Arc::new(Served { files: served });
            }
            drop(kept);
            eprintln!(
                "{} zoekindex bijgewerkt in {} ms",
                now(),
                start.elapsed().as_millis()
            );
        });
    }

    /// Swap in a new site and count it as a build (browsers that missed the event reload).
    fn publish(&self, files: HashMap<String, Bytes>) {
        if let Ok(mut s) = self.site.write() {
            *s = Arc::new(Served { files });
        }
        if let Ok(mut o) = self.overlay.write() {
            o.clear();
        }
        self.build.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Build and, when it worked, swap the new site in and tell browsers. Returns a status line.
    pub fn rebuild(&self, what: &str) -> String {
        let start = Instant::now();
        let sink = crate::output::MemorySink::default();
        let mut kept = lock(&self.kept);
        *kept = None;
        self.search_generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        match site::build_keeping(&self.root, &Mode::default(), &sink, true) {
            Ok((built, retained)) => {
                let open = built.warnings.open_points();
                let worklist = retained
                    .as_ref()
                    .map(|r| open_overview::page(&open, &open_overview::urls(&r.sources)));
                *lock(&self.open) = open;
                *kept = retained;
                *lock(&self.broken) = None;
                let made = sink.into_files();
                let mut files = HashMap::with_capacity(made.len() + 1);
                for f in made {
                    files.insert(f.path, Bytes::from(f.bytes));
                }
                if let Some(page) = worklist {
                    files.insert(open_overview::PATH.to_string(), Bytes::from(page));
                }
                self.publish(files);
                let ms = start.elapsed().as_millis();
                self.hub.send(
                    "reload",
                    &format!("{{\"pages\":{},\"ms\":{ms}}}", built.pages),
                );
                if !built.warnings.is_empty() {
                    eprint!("{}", built.warnings.report(&self.root));
                }
                format!(
                    "{what}: {} pagina's in {ms} ms{}",
                    built.pages,
                    warn_suffix(&built.warnings)
                )
            }
            Err(diags) => {
                self.fail(&diags);
                failed_line(what, &diags)
            }
        }
    }

    fn fail(&self, diags: &Diagnostics) {
        eprint!("{}", diags.report(&self.root));
        if let Ok(mut o) = self.overlay.write() {
            *o = reload::overlay(diags);
        }
        self.hub
            .send("fout", &format!("{{\"errors\":{}}}", diags.error_count()));
    }
}

fn warn_suffix(warnings: &Diagnostics) -> String {
    if warnings.is_empty() {
        String::new()
    } else {
        format!(", {} waarschuwingen", warnings.warning_count())
    }
}

fn failed_line(what: &str, diags: &Diagnostics) -> String {
    format!(
        "{what}: {} — de vorige versie blijft staan",
        crate::error::count_errors(diags.error_count())
    )
}

/// What `ketenwijzer serve` was asked for.
pub struct Options {
    /// The site root.
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port to listen on.
    pub port: u16,
    /// Rebuild when the sources change.
    pub watch: bool,
    /// Watch by looking every [`watch::POLL_INTERVAL`] instead of by the system's notifications.
    pub poll: bool,
}

pub(crate) fn now() -> String {
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
pub fn run(mut opts: Options) -> i32 {
    // The watcher reports absolute paths; a relative root (the default `.`) would match none.
    if let Ok(abs) = std::fs::canonicalize(&opts.root) {
        opts.root = abs;
    }
    if !opts.bind.is_loopback() {
        eprintln!(
            "waarschuwing: de preview luistert op {}: iedereen in het netwerk kan de (concept)site zien. Laat --bind weg om alleen deze computer toe te laten.",
            opts.bind
        );
    }
    let listener = match std::net::TcpListener::bind((opts.bind, opts.port)) {
        Ok(l) => l,
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
        kept: Mutex::new(None),
        broken: Mutex::new(None),
        search_generation: std::sync::atomic::AtomicU64::new(0),
        search_running: Mutex::new(()),
        overlay: RwLock::new(String::new()),
        open: Mutex::new(Vec::new()),
        build: std::sync::atomic::AtomicU64::new(0),
        hub: reload::Hub::default(),
    });
    let line = state.rebuild("eerste bouw");
    eprintln!("{} {line}", now());
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    println!(
        "Preview op http://{}:{port}/ (stoppen: Ctrl+C); open punten: http://{}:{port}/_open-punten/",
        display_host(opts.bind),
        display_host(opts.bind)
    );
    let _ = std::io::stdout().flush();

    let _watcher = if opts.watch {
        start_watching(&state, &opts.root, opts.poll)
    } else {
        None
    };

    server::run(listener, move |req, conn| {
        if req.method == "GET" && req.path() == reload::ENDPOINT {
            conn.leave_connection_cap();
            reload::stream(&state.hub, state.build_number(), &mut conn.stream);
        } else {
            http::respond(&state, &req, &mut conn.stream);
        }
    })
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
            let changed: Vec<PathBuf> = batch.into_iter().collect();
            let line = state.rebuild_changed(&changed, &what);
            eprintln!("{} {line}", now());
        }
    });
    Some(watcher)
}
