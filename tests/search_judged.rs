//! Search on the bundled site, through the browser client (`search.js`) under Node:
//! the judged queries of `tests/search/queries.json` (hit@5, no trap hit, the first five
//! results five distinct pages, the client's stemmer equal to the index's) and the
//! compounds a reader types: every "compound of two indexed words" generated from the
//! index itself returns the page the two words lead to. Skipped (with a note) when
//! `node` is not installed, like the parity test of `src/search/query.rs`.

mod common;

use std::process::Command;

fn node_script(script: &str, public: &std::path::Path) -> std::process::Output {
    Command::new("node")
        .arg(common::repo().join(script))
        .arg(public)
        .output()
        .expect("run node")
}

#[test]
fn judged_queries_and_typed_compounds_on_the_bundled_site() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("node not found: judged search queries not run");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let b = common::build(&common::repo(), &out);
    assert!(b.status.success(), "{}", common::stderr(&b));

    let judged = node_script("tests/search/run-judged.js", &out);
    let text = String::from_utf8_lossy(&judged.stdout);
    assert!(
        judged.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&judged.stderr)
    );
    assert!(text.contains("agrees with the index"), "{text}");
    assert!(text.contains("distinct pages: the first five"), "{text}");

    let compounds = node_script("tests/search/compounds.js", &out);
    let text = String::from_utf8_lossy(&compounds.stdout);
    assert!(
        compounds.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&compounds.stderr)
    );
}
