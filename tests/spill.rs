//! A large site parks its pages' plain text in a temporary file while the other pages render
//! (#19: memory at 30,000 pages); the output must be the same bytes as when the text stays in
//! memory. `KETENWIJZER_SPILL_ABOVE=0` makes any site spill.

mod common;

use common::{bin, fixture, repo, snapshot, stderr};
use std::path::Path;

fn build_with(root: &Path, out: &Path, spill_above: &str) -> String {
    let o = bin()
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .env("KETENWIJZER_SPILL_ABOVE", spill_above)
        .env("KETENWIJZER_TIMINGS", "1")
        .output()
        .expect("run ketenwijzer");
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

fn spilled_equals_in_memory(root: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let (kept, parked) = (dir.path().join("kept"), dir.path().join("parked"));
    let log_kept = build_with(root, &kept, "18446744073709551615");
    let log_parked = build_with(root, &parked, "0");
    assert!(!log_kept.contains("  spill "), "{log_kept}");
    let spilled = log_parked
        .lines()
        .find_map(|l| l.trim().strip_prefix("spill"))
        .and_then(|rest| rest.trim().strip_suffix(" bytes"))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no spill line in:\n{log_parked}"));
    assert!(spilled > 0, "{log_parked}");
    let (a, b) = (snapshot(&kept), snapshot(&parked));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let search_files = a.keys().filter(|p| p.starts_with("zoeken")).count();
    assert!(search_files > 1, "a search index was written");
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{} differs", path.display());
    }
}

#[test]
fn the_bundled_site_spilled_equals_it_kept_in_memory() {
    spilled_equals_in_memory(&repo());
}

#[test]
fn the_good_fixture_spilled_equals_it_kept_in_memory() {
    spilled_equals_in_memory(&fixture("good"));
}
