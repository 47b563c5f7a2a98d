use super::leftovers::{leftover_pid, running};
use super::*;
use crate::output::{CheckSink, OutFile};

fn file(path: &str, text: &str) -> OutFile {
    OutFile {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn leftovers(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn removes_what_the_previous_build_made() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("oud/index.html", "oud")]).unwrap();
    let stats = write_site(&out, vec![file("a/index.html", "nieuw")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a/index.html")).unwrap(),
        "nieuw"
    );
    assert!(!out.join("oud").exists(), "stale files and folders go");
    assert_eq!(stats.removed, 1);
    assert_eq!(leftovers(dir.path()), 1, "staging folder is cleaned up");
    assert_eq!(
        std::fs::read_to_string(out.join(MANIFEST)).unwrap(),
        format!("{MANIFEST_HEADER}\na/index.html\n")
    );
}

#[test]
fn a_folder_without_manifest_is_refused_and_taken_over_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("thuis");
    std::fs::create_dir_all(out.join(".ssh")).unwrap();
    std::fs::write(out.join(".ssh/id_ed25519"), "SLEUTEL").unwrap();
    std::fs::create_dir_all(out.join("leeg")).unwrap();
    std::os::unix::fs::symlink("/nergens", out.join("link")).unwrap();
    let err = write_site(&out, vec![file("index.html", "a")]).unwrap_err();
    assert!(
        err.message.contains("niet door ketenwijzer gemaakt"),
        "{err}"
    );
    assert!(err.hint.contains("--force"));
    assert_eq!(leftovers(dir.path()), 1);

    let sink = DiskSink::open(&out, true).unwrap();
    sink.put("index.html".into(), b"a".to_vec()).unwrap();
    let stats = sink.commit().unwrap();
    assert_eq!((stats.written, stats.kept, stats.removed), (1, 2, 0));
    assert_eq!(
        std::fs::read_to_string(out.join(".ssh/id_ed25519")).unwrap(),
        "SLEUTEL"
    );
    assert!(
        out.join("leeg").is_dir(),
        "an empty folder of the owner stays"
    );
    assert_eq!(
        std::fs::read_link(out.join("link")).unwrap(),
        Path::new("/nergens")
    );
    // Now it has a manifest: no --force needed, the owner's files still stay.
    let stats = write_site(&out, vec![file("b.html", "b")]).unwrap();
    assert_eq!((stats.removed, stats.kept), (1, 2));
    assert!(!out.join("index.html").exists());
    assert!(out.join(".ssh/id_ed25519").exists());
}

#[test]
fn private_folders_stay_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("a/index.html", "a")]).unwrap();
    std::fs::create_dir(out.join("geheim")).unwrap();
    std::fs::write(out.join("geheim/x"), "x").unwrap();
    std::fs::set_permissions(out.join("geheim"), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o750)).unwrap();
    write_site(&out, vec![file("a/index.html", "b")]).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out.join("geheim")), 0o700);
    assert_eq!(mode(&out), 0o750);
}

#[test]
fn a_path_given_twice_is_an_error_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("a.html", "oud")]).unwrap();
    let before = std::fs::read(out.join(MANIFEST)).unwrap();
    let sink = DiskSink::new(&out).unwrap();
    sink.put("a.html".into(), b"nieuw".to_vec()).unwrap();
    let e = sink.put("a.html".into(), b"ander".to_vec()).unwrap_err();
    assert!(e.to_string().starts_with("a.html: twee bestanden"), "{e}");
    sink.abort();
    assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "oud");
    assert_eq!(std::fs::read(out.join(MANIFEST)).unwrap(), before);
    assert_eq!(leftovers(dir.path()), 1);
    let check = CheckSink::default();
    check.put("x".into(), vec![]).unwrap();
    assert!(check.put("x".into(), vec![]).is_err());
    for bad in ["../x", "/etc/x", "", MANIFEST, "a/./b", "a//b", "a/"] {
        assert!(check.put(bad.into(), vec![]).is_err(), "{bad}");
    }
}

#[test]
fn leftovers_of_killed_builds_are_removed_or_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("a.html", "a")]).unwrap();
    // A dead build's staging folder (no PID exceeds 2^22) and another output's.
    let dead = dir.path().join(".public.staging-2147483647-123");
    std::fs::create_dir_all(dead.join("x")).unwrap();
    let other = dir.path().join(".publiek.staging-2147483647-1");
    std::fs::create_dir_all(&other).unwrap();
    write_site(&out, vec![file("a.html", "b")]).unwrap();
    assert!(!dead.exists());
    assert!(other.exists(), "another output's folder is not ours");
    // Killed between the two renames of the fallback: the output is missing, .old is whole.
    std::fs::rename(&out, dir.path().join(".public.old-2147483647-9")).unwrap();
    std::fs::remove_dir_all(&other).unwrap();
    write_site(&out, vec![file("a.html", "b"), file("c.html", "c")]).unwrap();
    assert_eq!(leftovers(dir.path()), 1);
    let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(manifest.ends_with("a.html\nc.html\n"));
}

#[test]
fn leftover_names() {
    let out = Path::new("/x/public");
    assert_eq!(
        leftover_pid(out, "staging", ".public.staging-42-17"),
        Some(42)
    );
    assert_eq!(leftover_pid(out, "old", ".public.old-42-17"), Some(42));
    assert_eq!(leftover_pid(out, "staging", ".public.staging-42-"), None);
    assert_eq!(leftover_pid(out, "staging", ".public.staging-x-1"), None);
    assert_eq!(leftover_pid(out, "staging", ".publicx.staging-4-1"), None);
    assert_eq!(leftover_pid(out, "staging", "public"), None);
    assert!(!running(std::process::id()));
    assert!(running(1), "init runs");
}

#[test]
fn manifest_paths_survive_odd_names() {
    let names: HashSet<String> = [
        "a\\nb",
        "x\ny",
        "r\r",
        "#kop",
        "  spatie",
        "ë/ü.html",
        "back\\",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m");
    std::fs::write(&p, manifest_text(&names)).unwrap();
    let back = read_manifest(&p).unwrap();
    let want: HashSet<PathBuf> = names.iter().map(PathBuf::from).collect();
    assert_eq!(back, want);
}

#[test]
fn fresh_output_is_one_rename() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deep/public");
    let stats = write_site(&out, vec![file("index.html", "a"), file("x/y.css", "b")]).unwrap();
    assert_eq!(stats.written, 2);
    assert_eq!(std::fs::read_to_string(out.join("x/y.css")).unwrap(), "b");
    assert_eq!(leftovers(&dir.path().join("deep")), 1);
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("a.html", "zelfde"), file("b.html", "oud")]).unwrap();
    let before = std::fs::metadata(out.join("a.html")).unwrap();
    let stats = write_site(
        &out,
        vec![file("a.html", "zelfde"), file("b.html", "nieuw")],
    )
    .unwrap();
    assert_eq!(
        stats,
        WriteStats {
            written: 1,
            unchanged: 1,
            removed: 0,
            kept: 0
        }
    );
    let after = std::fs::metadata(out.join("a.html")).unwrap();
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());
    use std::os::unix::fs::MetadataExt;
    assert_eq!(before.ino(), after.ino(), "the same file, not a copy");
    assert_eq!(
        std::fs::read_to_string(out.join("b.html")).unwrap(),
        "nieuw"
    );
}

#[test]
fn a_folder_may_take_the_name_of_a_stale_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("a", "bestand")]).unwrap();
    write_site(&out, vec![file("a/index.html", "map")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a/index.html")).unwrap(),
        "map"
    );
    write_site(&out, vec![file("a", "weer een bestand")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a")).unwrap(),
        "weer een bestand"
    );
}

#[test]
fn a_symlinked_output_folder_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("echt");
    std::fs::create_dir_all(&real).unwrap();
    let link = dir.path().join("public");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_site(&link, vec![file("index.html", "a")]).unwrap();
    assert!(link.is_symlink());
    assert_eq!(
        std::fs::read_to_string(real.join("index.html")).unwrap(),
        "a"
    );
    write_site(&link, vec![file("index.html", "b")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(real.join("index.html")).unwrap(),
        "b"
    );
    assert!(link.is_symlink());
    assert_eq!(leftovers(dir.path()), 2, "no staging folder left");
}

#[test]
fn abort_leaves_old_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, vec![file("a.html", "oud")]).unwrap();
    let sink = DiskSink::new(&out).unwrap();
    sink.put("a.html".into(), b"nieuw".to_vec()).unwrap();
    sink.put("b.html".into(), b"nieuw".to_vec()).unwrap();
    sink.abort();
    assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "oud");
    assert!(!out.join("b.html").exists());
    assert_eq!(leftovers(dir.path()), 1);
}
