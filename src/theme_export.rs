//! `ketenwijzer theme export DIR`: the embedded default theme as files, so a designer can start
//! from it. Put what you change in the site's `themes/default/` (or one template in
//! `templates/`); files you leave out keep coming from the binary.

use crate::error::Diagnostic;
use std::path::{Path, PathBuf};

/// Write every file of the embedded theme into the new or empty folder `dir`.
pub fn export(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let files: Vec<(String, &[u8])> = crate::theme::embedded::EMBEDDED
        .iter()
        .map(|(rel, bytes)| (rel.to_string(), *bytes))
        .collect();
    crate::init::write_all(dir, &files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_templates_and_statics_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("thema");
        let files = export(&out).unwrap();
        assert!(out.join("templates/base.html").is_file());
        assert!(out.join("static/css/site.css").is_file());
        assert_eq!(files.len(), crate::theme::embedded::EMBEDDED.len());
        std::fs::write(out.join("static/css/site.css"), "eigen").unwrap();
        assert!(export(&out).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("static/css/site.css")).unwrap(),
            "eigen"
        );
    }
}
