//! The command line: `build`, `check`, `serve`, `new`.

use crate::error::{Diagnostic, Diagnostics};
use crate::site::{self, Mode};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(
    name = "ketenwijzer",
    version,
    about = "Bouwt de site van een regionaal plan tegen mensenhandel uit Markdown en YAML"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Bouw de site in de uitvoermap (standaard ROOT/public).
    Build {
        /// Map van de site (met site.yaml, content/, partners/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Uitvoermap; standaard ROOT/public.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Neem een uitvoermap over die niet door ketenwijzer gemaakt is (geen manifest); wat
        /// ketenwijzer niet gemaakt heeft, blijft staan.
        #[arg(long)]
        force: bool,
        /// Bouw niet zolang er open punten zijn (voor publicatie).
        #[arg(long)]
        strict: bool,
    },
    /// Controleer alles zonder iets te schrijven; eindigt met de lijst van open punten.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Exit-status 1 zolang er open punten zijn.
        #[arg(long)]
        strict: bool,
    },
    /// Bekijk de site in de browser; met --watch ververst hij bij elke wijziging.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Poort (0 = een vrije poort).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Adres om op te luisteren; standaard alleen deze computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Bouw opnieuw en ververs de browser bij elke wijziging.
        #[arg(long)]
        watch: bool,
        /// Kijk elke 300 ms zelf of er iets veranderd is (voor netwerkschijven).
        #[arg(long)]
        poll: bool,
    },
    /// Begin een nieuwe site voor een regio in een nieuwe of lege map.
    Init {
        /// De nieuwe (of lege) map voor de site.
        dir: PathBuf,
        /// Naam van de regio, bijvoorbeeld "Zaanstreek-Waterland".
        #[arg(long)]
        regio: Option<String>,
        /// De gemeenten van de regio, met komma's ertussen, bijvoorbeeld "Zaanstad,Purmerend".
        #[arg(long)]
        gemeenten: Option<String>,
    },
    /// Het ingebouwde thema.
    Theme {
        #[command(subcommand)]
        what: ThemeWhat,
    },
    /// Maak een nieuw bestand met alle velden en uitleg.
    New {
        #[command(subcommand)]
        what: NewWhat,
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum NewWhat {
    /// Een nieuwe pagina, bijvoorbeeld content/signalen/horeca.md
    Page {
        /// Pad van de nieuwe pagina in content/, bijvoorbeeld content/signalen/horeca.md
        path: PathBuf,
        /// Wat voor pagina: een gewone pagina, een hoofdstuk van het plan, een signalenlijst of een route.
        #[arg(long, value_enum, default_value_t)]
        soort: crate::page_kinds::PageKind,
    },
    /// Een nieuwe ketenpartner, bijvoorbeeld fairwork
    Partner {
        /// De id van de partner: kleine letters en streepjes; wordt partners/ID.yaml.
        id: String,
        /// Een gemeenterecord: met meldpunt, aandachtsfunctionaris en de doelen uit site.yaml.
        #[arg(long)]
        gemeente: bool,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum ThemeWhat {
    /// Schrijf het ingebouwde thema in een nieuwe of lege map, om een eigen ontwerp mee te beginnen.
    Export {
        /// De nieuwe (of lege) map, bijvoorbeeld themes/default van je site.
        dir: PathBuf,
    },
}

/// Run the CLI; returns the process exit status (0 good, 1 site errors; clap exits 2 itself).
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            force,
            strict,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            build(&root, &out, force, strict)
        }
        Command::Check { root, strict } => check(&root, strict),
        Command::Serve {
            root,
            port,
            bind,
            watch,
            poll,
        } => crate::serve::run(crate::serve::Options {
            root,
            bind,
            port,
            watch: watch || poll,
            poll,
        }),
        Command::Init {
            dir,
            regio,
            gemeenten,
        } => init(&dir, regio.as_deref(), gemeenten.as_deref()),
        Command::Theme {
            what: ThemeWhat::Export { dir },
        } => match crate::theme_export::export(&dir) {
            Ok(files) => {
                eprintln!(
                    "{} bestanden van het thema naar {}. Zet de bestanden die je wilt veranderen in themes/default/ of templates/ van je site.",
                    files.len(),
                    dir.display()
                );
                0
            }
            Err(d) => {
                print_diagnostics(Path::new("."), &one(d));
                1
            }
        },
        Command::New { what, root } => {
            let made = match what {
                NewWhat::Page { path, soort } => {
                    crate::scaffold::new_page_of_kind(&root, &path, soort)
                }
                NewWhat::Partner { id, gemeente: true } => crate::init::new_gemeente(&root, &id),
                NewWhat::Partner {
                    id,
                    gemeente: false,
                } => crate::scaffold::new_partner(&root, &id),
            };
            match made {
                Ok(p) => {
                    eprintln!(
                        "{} gemaakt. Vul de velden in en kijk met `ketenwijzer serve --watch`.",
                        p.display()
                    );
                    0
                }
                Err(e) => {
                    eprintln!("fout: {e}");
                    1
                }
            }
        }
    }
}

/// `ketenwijzer init DIR`: the starter site, then what to do next.
fn init(dir: &Path, regio: Option<&str>, gemeenten: Option<&str>) -> i32 {
    let made = crate::init::Request::new(regio, gemeenten)
        .and_then(|req| crate::init::init(dir, &req).map(|files| (req, files)));
    match made {
        Ok((req, files)) => {
            eprintln!(
                "Startsite voor {} gemaakt in {} ({} bestanden, {} gemeente{}).",
                req.region,
                dir.display(),
                files.len(),
                req.gemeenten.len(),
                if req.gemeenten.len() == 1 { "" } else { "n" }
            );
            if regio.is_none() {
                eprintln!(
                    "Zonder --regio heet de regio \"{}\": verander `region`, `title` en `description` in site.yaml.",
                    req.region
                );
            }
            if gemeenten.is_none() {
                eprintln!(
                    "Zonder --gemeenten is er één voorbeeldgemeente (partners/{}.yaml): geef die de naam en id van een echte gemeente, of begin opnieuw met --gemeenten \"A,B,C\".",
                    req.gemeenten[0].id
                );
            }
            eprintln!("Volgende stappen:");
            eprintln!(
                "  ketenwijzer serve --watch --root {}   bekijk de site terwijl je schrijft",
                dir.display()
            );
            eprintln!(
                "  ketenwijzer check --strict --root {}  toont wat de regio nog moet invullen",
                dir.display()
            );
            0
        }
        Err(d) => {
            print_diagnostics(Path::new("."), &one(d));
            1
        }
    }
}

fn print_diagnostics(root: &Path, diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{}", diags.report(root));
    }
}

/// Folders of the site that hold sources: the output may not lie in one of them.
const SOURCE_DIRS: [&str; 5] = ["content", "partners", "templates", "themes", ".git"];

/// Why `out` must not be written to: it holds the site, lies inside the site's sources, or
/// looks like a site or repository. Paths are compared with symlinks resolved.
fn unsafe_output(root: &Path, out: &Path) -> Option<Diagnostic> {
    let root_abs = std::fs::canonicalize(root).ok()?;
    let out_abs = crate::output::resolve(out)?;
    let refuse = |why: String| {
        Some(Diagnostic::error(out, 0, why).hint(
            "bouw naar een eigen map buiten de bronnen, bijvoorbeeld --out public (de standaard is ROOT/public)",
        ))
    };
    if root_abs.starts_with(&out_abs) {
        return refuse(format!(
            "de uitvoermap {} bevat de site zelf",
            out.display()
        ));
    }
    for dir in SOURCE_DIRS {
        let lexical = root_abs.join(dir);
        let real = crate::output::resolve(&lexical);
        if out_abs.starts_with(&lexical) || real.is_some_and(|r| out_abs.starts_with(r)) {
            return refuse(format!(
                "de uitvoermap {} ligt in {dir}/ van de site: daar staan de bronnen, die een build zou overschrijven",
                out.display()
            ));
        }
    }
    for marker in ["content", "site.yaml", ".git"] {
        if out_abs.join(marker).exists() {
            return refuse(format!(
                "de uitvoermap {} bevat {marker}: dat lijkt een site of repository, geen uitvoer",
                out.display()
            ));
        }
    }
    None
}

/// Print `diags` with the summary line and say the output was left alone; exit status 1.
fn not_built(root: &Path, out: &Path, diags: &Diagnostics) -> i32 {
    print_diagnostics(root, diags);
    eprintln!(
        "De site is niet gebouwd; {} is niet veranderd.",
        out.display()
    );
    1
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

/// `ketenwijzer build`; with `force` also into a folder ketenwijzer did not make (its files
/// are kept).
pub fn build(root: &Path, out: &Path, force: bool, strict: bool) -> i32 {
    let start = Instant::now();
    if let Some(d) = unsafe_output(root, out) {
        return not_built(root, out, &one(d));
    }
    let sink = match crate::output::DiskSink::open(out, force) {
        Ok(s) => s,
        Err(d) => return not_built(root, out, &one(d)),
    };
    let mut cache = crate::output::cache::BuildCache::beside(sink.out());
    let out_real = sink.out().to_path_buf();
    let binary = crate::output::cache::binary_id();
    match site::build_cached(root, &Mode::default(), &sink, &mut cache, binary) {
        Ok(built) if strict && !built.warnings.open_points().is_empty() => {
            sink.abort();
            print_diagnostics(root, &built.warnings);
            eprint!("{}", open_points_report(&built.warnings));
            eprintln!("{}", strict_refusal(&built.warnings));
            eprintln!(
                "De site is niet gebouwd; {} is niet veranderd.",
                out.display()
            );
            1
        }
        Ok(built) => {
            let t = Instant::now();
            let written = sink.commit();
            crate::util::timing::phase("write", t);
            match written {
                Ok(stats) => {
                    let t = Instant::now();
                    cache.save(&out_real);
                    crate::util::timing::phase("cache saved", t);
                    if std::env::var_os("KETENWIJZER_TIMINGS").is_some() {
                        eprintln!("  rendered     {} pagina's", built.rendered);
                    }
                    print_diagnostics(root, &built.warnings);
                    if stats.kept > 0 {
                        let what = if stats.kept == 1 {
                            "bestand of link"
                        } else {
                            "bestanden en links"
                        };
                        eprintln!(
                            "{} {what} in {} heeft ketenwijzer niet gemaakt; blijft staan.",
                            stats.kept,
                            out.display()
                        );
                    }
                    let open = built.warnings.open_points().len();
                    if open > 0 {
                        eprintln!(
                            "{}; `ketenwijzer check` toont ze.",
                            crate::open_points::count_phrase(open)
                        );
                    }
                    eprintln!(
                        "{} pagina's en {} bestanden naar {} in {:.2} s ({} nieuw of gewijzigd, {} verwijderd)",
                        built.pages,
                        built.files,
                        out.display(),
                        start.elapsed().as_secs_f64(),
                        stats.written,
                        stats.removed,
                    );
                    0
                }
                Err(d) => {
                    let mut diags = built.warnings;
                    diags.push(d);
                    not_built(root, out, &diags)
                }
            }
        }
        Err(diags) => {
            sink.abort();
            not_built(root, out, &diags)
        }
    }
}

/// `ketenwijzer check`: every problem, then the open points; with `strict` an open point
/// fails the check as an error does.
pub fn check(root: &Path, strict: bool) -> i32 {
    match site::build(root, &Mode::default(), &crate::output::CheckSink::default()) {
        Ok(built) => {
            print_diagnostics(root, &built.warnings);
            eprintln!("Geen fouten gevonden ({} pagina's).", built.pages);
            eprint!("{}", open_points_report(&built.warnings));
            if strict && !built.warnings.open_points().is_empty() {
                eprintln!("{}", strict_refusal(&built.warnings));
                return 1;
            }
            0
        }
        Err(diags) => {
            print_diagnostics(root, &diags);
            eprint!("{}", open_points_report(&diags));
            1
        }
    }
}

fn open_points_report(diags: &Diagnostics) -> String {
    crate::open_points::report(&diags.open_points())
}

/// Why `--strict` stops: how many open points, and where the first ones are.
fn strict_refusal(diags: &Diagnostics) -> String {
    let points = diags.open_points();
    let mut files: Vec<String> = points
        .iter()
        .map(|p| p.file.to_string_lossy().replace('\\', "/"))
        .collect();
    files.dedup();
    format!(
        "--strict: nog {} in {} (van {}). Neem het besluit, schrijf het in de tekst en haal dan het `[!OPEN]`-blok of het `open:`-item weg.",
        crate::open_points::count_phrase(points.len()),
        if files.len() == 1 { "1 bestand".to_string() } else { format!("{} bestanden", files.len()) },
        files.join(", ")
    )
}
