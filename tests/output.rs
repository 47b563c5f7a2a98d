//! The output folder: never delete what the build did not make (F1, F4), old output whole or
//! new output whole (F6, F10), and the symlink cases that held already (O9–O11).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Spelled out (not `ketenwijzer::output::MANIFEST`) so these tests also run against a binary
/// from before the manifest.
const MANIFEST: &str = ".ketenwijzer-manifest";

/// A copy of the bundled site (the probe's `S`).
fn bundled(dir: &Path) -> PathBuf {
    let site = dir.join("S");
    copy_site(&repo(), &site);
    site
}

fn good(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_site(&fixture("good"), &site);
    site
}

fn build_forced(root: &Path, out: &Path) -> Output {
    bin()
        .args(["build", "--force", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run ketenwijzer")
}

#[track_caller]
fn assert_ok(o: &Output) {
    assert!(o.status.success(), "{}", stderr(o));
}

/// Exit 1, with a hint, the summary line and the closing sentence.
#[track_caller]
fn assert_refused(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(needle), "expected {needle:?} in\n{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(err.contains("1 fout, 0 waarschuwingen"), "{err}");
    assert!(err.contains("De site is niet gebouwd;"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Names in `dir` that are not `keep` (staging or .old folders left behind).
fn strays(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        // The rebuild cache beside an output is meant to stay (tests/rebuild.rs).
        .filter(|n| !n.ends_with(".ketenwijzer-cache"))
        .collect()
}

/// A PID no process can have: above the kernel's limit.
fn dead_pid() -> u64 {
    std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(4_194_304)
        + 1
}

#[test]
fn f1_out_inside_the_sites_sources_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let site = bundled(dir.path());
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates/page.html"), "{{ eigen }}").unwrap();
    std::os::unix::fs::symlink(site.join("content"), dir.path().join("lnk")).unwrap();
    std::os::unix::fs::symlink(site.join("partners"), dir.path().join("lnk2")).unwrap();
    let before = snapshot(&site);
    assert!(before.len() > 50, "the bundled site was copied");
    for out in [
        site.join("content"),
        site.join("partners"),
        site.join("templates"),
        site.join("themes"),
        site.join("themes/default"),
        site.join("content/beleidsplan"),
        site.join("content/nog-niet-gemaakt/diep"),
        dir.path().join("lnk"),
        dir.path().join("lnk2"),
        dir.path().join("lnk/beleidsplan"),
    ] {
        for o in [build(&site, &out), build_forced(&site, &out)] {
            assert_refused(&o, "daar staan de bronnen");
        }
        assert_eq!(
            snapshot(&site),
            before,
            "{}: sources changed",
            out.display()
        );
        assert!(!site.join("content/nog-niet-gemaakt").exists());
    }
}

#[test]
fn f4_a_folder_holding_other_files_is_refused_and_its_files_kept_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let site = good(dir.path());
    let home = dir.path().join("fakehome");
    for (path, text) in [
        (".ssh/id_ed25519", "GEHEIME SLEUTEL"),
        (".bashrc", "alias x=y"),
        (".config/app/settings.json", "{}"),
        ("Documents/rapport.docx", "rapport"),
        ("index.html", "mijn eigen startpagina"),
    ] {
        let p = home.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::remove_file(home.join("index.html")).unwrap();
    let foreign = snapshot(&home);
    let o = build(&site, &home);
    assert_refused(&o, "niet door ketenwijzer gemaakt");
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(snapshot(&home), foreign, "refused: nothing changed");
    assert_eq!(
        strays(dir.path(), &["site", "fakehome"]),
        Vec::<String>::new()
    );

    let o = build_forced(&site, &home);
    assert_ok(&o);
    assert!(
        stderr(&o).contains("niet gemaakt; blijft staan"),
        "{}",
        stderr(&o)
    );
    let after = snapshot(&home);
    for (path, bytes) in &foreign {
        assert_eq!(after.get(path), Some(bytes), "{} kept", path.display());
    }
    assert!(home.join("plan/aanpak/index.html").is_file());
    assert!(home.join(MANIFEST).is_file());

    // A page deleted from the site goes at the next build (no --force needed any more);
    // the owner's files stay.
    std::fs::remove_file(site.join("content/signalen/werk.md")).unwrap();
    let o = build(&site, &home);
    assert_ok(&o);
    assert!(
        !home.join("signalen/werk").exists(),
        "the page's folder goes"
    );
    let after = snapshot(&home);
    for (path, bytes) in &foreign {
        assert_eq!(after.get(path), Some(bytes), "{} kept", path.display());
    }
    assert_eq!(
        strays(dir.path(), &["site", "fakehome"]),
        Vec::<String>::new()
    );
}

#[test]
fn only_files_the_manifest_lists_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let site = good(dir.path());
    let out = dir.path().join("public");
    assert_ok(&build(&site, &out));
    let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    let mut lines = manifest.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("# ketenwijzer-manifest 1"));
    let listed: Vec<PathBuf> = lines.map(PathBuf::from).collect();
    let built: Vec<PathBuf> = snapshot(&out)
        .into_keys()
        .filter(|p| p != Path::new(MANIFEST))
        .collect();
    assert_eq!(
        listed, built,
        "the manifest lists every file the build wrote"
    );

    std::fs::write(out.join("eigen.txt"), "van iemand anders").unwrap();
    std::fs::create_dir_all(out.join("signalen/werk/extra")).unwrap();
    std::fs::write(out.join("signalen/werk/extra/foto.jpg"), "jpg").unwrap();
    std::fs::remove_file(site.join("content/signalen/werk.md")).unwrap();
    let o = build(&site, &out);
    assert_ok(&o);
    assert!(
        !out.join("signalen/werk/index.html").exists(),
        "listed, gone"
    );
    assert_eq!(
        std::fs::read(out.join("signalen/werk/extra/foto.jpg")).unwrap(),
        b"jpg"
    );
    assert_eq!(
        std::fs::read(out.join("eigen.txt")).unwrap(),
        b"van iemand anders"
    );
    let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(!manifest.contains("eigen.txt") && !manifest.contains("foto.jpg"));
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = good(dir.path());
    let out = dir.path().join("public");
    assert_ok(&build(&site, &out));
    let dead = dead_pid();
    let staging = dir.path().join(format!(".public.staging-{dead}-1234"));
    std::fs::create_dir_all(staging.join("plan/aanpak")).unwrap();
    std::fs::write(staging.join("plan/aanpak/index.html"), "half").unwrap();
    let old = dir.path().join(format!(".public.old-{dead}-99"));
    std::fs::create_dir_all(&old).unwrap();
    // This test's own process is running: a build of it would still be busy.
    let busy = dir
        .path()
        .join(format!(".public.staging-{}-5", std::process::id()));
    std::fs::create_dir_all(&busy).unwrap();
    let unrelated = dir.path().join(format!(".publiek.staging-{dead}-1"));
    std::fs::create_dir_all(&unrelated).unwrap();
    assert_ok(&build(&site, &out));
    let mut left = strays(dir.path(), &["site", "public"]);
    left.sort();
    let mut want = vec![
        busy.file_name().unwrap().to_string_lossy().into_owned(),
        unrelated
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
    ];
    want.sort();
    assert_eq!(left, want);

    // Killed between the two renames of the fallback: no output, the old one aside, whole.
    let whole = snapshot(&out);
    std::fs::rename(&out, &old).unwrap();
    std::fs::write(site.join("content/_index.md"), "---\ntitle: Kapot\n").unwrap();
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&out), whole, "the old output is put back");
    assert!(!old.exists());
}

#[test]
fn f6_a_path_made_twice_fails_and_leaves_the_old_output_identical() {
    let dir = tempfile::tempdir().unwrap();
    let site = bundled(dir.path());
    let out = site.join("public");
    assert_ok(&build(&site, &out));
    let before = snapshot(&out);
    std::fs::create_dir_all(site.join("content/partners/rol")).unwrap();
    std::fs::write(
        site.join("content/partners/rol/melden.md"),
        "---\ntitle: Rol\n---\nx\n",
    )
    .unwrap();
    let o = build(&site, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("partners/rol/melden"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(err.contains("De site is niet gebouwd;"), "{err}");
    assert_eq!(snapshot(&out), before, "old output byte-identical");
    assert_eq!(
        strays(
            &site,
            &["site.yaml", "content", "partners", "themes", "public"]
        ),
        Vec::<String>::new()
    );
    let c = bin().args(["check", "--root"]).arg(&site).output().unwrap();
    assert_eq!(
        c.status.code(),
        Some(1),
        "check finds it too: {}",
        stderr(&c)
    );
}

#[test]
fn a_build_that_fails_while_writing_leaves_the_old_output_identical() {
    let dir = tempfile::tempdir().unwrap();
    let site = good(dir.path());
    let out = dir.path().join("public");
    assert_ok(&build(&site, &out));
    // Someone's own file where the site now wants a folder: it is neither removed nor
    // replaced, so the whole new build is refused in the write phase.
    std::fs::write(out.join("nieuw"), "van iemand anders").unwrap();
    let before = snapshot(&out);
    std::fs::create_dir_all(site.join("content/nieuw")).unwrap();
    std::fs::write(
        site.join("content/nieuw/pagina.md"),
        "---\ntitle: Nieuw\n---\nTekst\n",
    )
    .unwrap();
    let o = build(&site, &out);
    assert_refused(
        &o,
        "nieuw: fout: dit bestand heeft ketenwijzer niet gemaakt",
    );
    assert_eq!(snapshot(&out), before, "old output byte-identical");
    assert_eq!(
        strays(dir.path(), &["site", "public"]),
        Vec::<String>::new()
    );

    // And a site error: the same.
    std::fs::remove_file(out.join("nieuw")).unwrap();
    let before = snapshot(&out);
    std::fs::write(site.join("content/nieuw/pagina.md"), "---\ntitel: x\n---\n").unwrap();
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&out), before);
    assert_eq!(
        strays(dir.path(), &["site", "public"]),
        Vec::<String>::new()
    );
}

#[test]
fn o9_to_o11_symlinks_around_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let site = good(dir.path());
    // O9: a symlinked output folder is written through, the link kept.
    let target = dir.path().join("tgt");
    std::fs::create_dir_all(&target).unwrap();
    let link = dir.path().join("lnk");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_ok(&build(&site, &link));
    assert!(link.is_symlink());
    assert!(target.join("index.html").is_file());
    let again = build(&site, &link);
    assert_ok(&again);
    assert!(stderr(&again).contains("(0 nieuw of gewijzigd, 0 verwijderd)"));
    assert!(link.is_symlink());

    // O10: a dangling link, a loop, a regular file.
    std::os::unix::fs::symlink(dir.path().join("weg"), dir.path().join("dangling")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("lus"), dir.path().join("lus")).unwrap();
    std::fs::write(dir.path().join("bestand"), "x").unwrap();
    for name in ["dangling", "lus", "bestand"] {
        let o = build(&site, &dir.path().join(name));
        assert_refused(&o, name);
    }
    assert_eq!(std::fs::read(dir.path().join("bestand")).unwrap(), b"x");

    // O11: a symlink inside the output: never followed, its target untouched (and, as it is
    // not the build's, kept as a link).
    let keep = dir.path().join("keep6");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::write(keep.join("index.html"), "niet van de site").unwrap();
    std::os::unix::fs::symlink("../keep6", target.join("linkdir")).unwrap();
    assert_ok(&build(&site, &link));
    assert_eq!(
        std::fs::read(keep.join("index.html")).unwrap(),
        b"niet van de site"
    );
    assert_eq!(
        std::fs::read_link(target.join("linkdir")).unwrap(),
        Path::new("../keep6")
    );
    // A folder of the build replaced by a link: the build stops, the link's target untouched.
    std::fs::remove_dir_all(target.join("plan")).unwrap();
    std::os::unix::fs::symlink("../keep6", target.join("plan")).unwrap();
    let o = build(&site, &link);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(keep.join("index.html")).unwrap(),
        b"niet van de site"
    );
    assert_eq!(
        strays(
            dir.path(),
            &["site", "tgt", "lnk", "dangling", "lus", "bestand", "keep6"]
        ),
        Vec::<String>::new()
    );
}
