//! The command line: `build`, `check`, `serve`, `new`.

use crate::error::{Diagnostics, Error};
use crate::site::{self, Mode};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(
    name = "ketenwijzer",
    version,
    about = "Bouwt de site Aanpak mensenhandel West-Friesland"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Bouw de site in de uitvoermap (standaard ROOT/public).
    Build {
        /// Map van de site (met site.yaml, content/, partners/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Uitvoermap; standaard ROOT/public.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Controleer alles zonder iets te schrijven.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    /// Maak een nieuw bestand met alle velden en uitleg.
    New {
        #[command(subcommand)]
        what: NewWhat,
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum NewWhat {
    /// Een nieuwe pagina, bijvoorbeeld content/signalen/horeca.md
    Page { path: PathBuf },
    /// Een nieuwe ketenpartner, bijvoorbeeld fairwork
    Partner { id: String },
}

/// Run the CLI; returns the process exit status (0 good, 1 site errors; clap exits 2 itself).
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            build(&root, &out)
        }
        Command::Check { root } => check(&root),
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
        Command::New { what, root } => {
            let made = match what {
                NewWhat::Page { path } => crate::scaffold::new_page(&root, &path),
                NewWhat::Partner { id } => crate::scaffold::new_partner(&root, &id),
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

fn print_diagnostics(root: &Path, diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{}", diags.report(root));
    }
}

/// Why `out` must not be written to, if it holds the site itself: the output folder is emptied
/// of everything the site does not make, so `--out .` would delete the sources.
fn unsafe_output(root: &Path, out: &Path) -> Option<String> {
    let root_abs = std::fs::canonicalize(root).ok()?;
    let out_abs = std::fs::canonicalize(out).ok()?;
    if root_abs.starts_with(&out_abs) {
        return Some(format!(
            "de uitvoermap {} bevat de site zelf",
            out.display()
        ));
    }
    for marker in ["content", "site.yaml", ".git"] {
        if out_abs.join(marker).exists() {
            return Some(format!(
                "de uitvoermap {} bevat {marker}: dat lijkt een site of repository, geen uitvoer",
                out.display()
            ));
        }
    }
    None
}

pub fn build(root: &Path, out: &Path) -> i32 {
    let start = Instant::now();
    if let Some(why) = unsafe_output(root, out) {
        eprintln!("fout: {why}");
        eprintln!("  hint: bouw naar een eigen map, bijvoorbeeld --out public (alles wat de site niet maakt, wordt daar verwijderd)");
        return 1;
    }
    let sink = match crate::output::DiskSink::new(out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fout: kan de uitvoermap niet maken: {e}");
            eprintln!("  hint: kies met --out een map waar je mag schrijven");
            return 1;
        }
    };
    match site::build(root, &Mode::default(), &sink) {
        Ok(built) => {
            print_diagnostics(root, &built.warnings);
            let t = Instant::now();
            let written = sink.commit();
            site::phase("write", t);
            match written {
                Ok(stats) => {
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
                Err(e) => {
                    eprintln!("fout: kan de uitvoer niet schrijven: {e}");
                    1
                }
            }
        }
        Err(diags) => {
            sink.abort();
            print_diagnostics(root, &diags);
            eprintln!(
                "De site is niet gebouwd; {} is niet veranderd.",
                out.display()
            );
            1
        }
    }
}

pub fn check(root: &Path) -> i32 {
    match site::build(root, &Mode::default(), &crate::output::NullSink) {
        Ok(built) => {
            print_diagnostics(root, &built.warnings);
            eprintln!("Geen fouten gevonden ({} pagina's).", built.pages);
            0
        }
        Err(diags) => {
            print_diagnostics(root, &diags);
            1
        }
    }
}

impl From<Error> for Diagnostics {
    fn from(e: Error) -> Self {
        match e {
            Error::Site(d) => d,
            Error::Io { path, source } => {
                let mut d = Diagnostics::default();
                d.push(crate::error::Diagnostic::error(path, 0, source.to_string()));
                d
            }
        }
    }
}
