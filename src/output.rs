//! Writing the site: everything goes to a fresh staging folder beside the output, which is
//! swapped into place only when complete. A failed build leaves the old output untouched.

use crate::error::Error;
use crate::site::OutFile;
use std::path::{Path, PathBuf};

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    out.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

/// Write `files` into `out`, replacing what was there.
pub fn write_site(out: &Path, files: &[OutFile]) -> Result<(), Error> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let staging = sibling(out, "staging");
    let result = write_files(&staging, files).and_then(|()| swap(&staging, out));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

pub fn write_files(dir: &Path, files: &[OutFile]) -> Result<(), Error> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Folders first (once each), then the files in parallel: the disk, not the CPU, is the limit.
    let folders: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(Path::to_path_buf))
        .collect();
    for f in &folders {
        let path = dir.join(f);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| Error::io(&path, e))
    })
}

/// Put `staging` in the place of `out`: two renames, so readers see the old or the new site.
pub fn swap(staging: &Path, out: &Path) -> Result<(), Error> {
    if out.exists() {
        let old = sibling(out, "old");
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(&old, out);
            return Err(Error::io(out, e));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(staging, out).map_err(|e| Error::io(out, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("oud")).unwrap();
        std::fs::write(out.join("oud/index.html"), "oud").unwrap();
        write_site(
            &out,
            &[OutFile {
                path: "a/index.html".into(),
                bytes: b"nieuw".to_vec(),
            }],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "nieuw"
        );
        assert!(!out.join("oud").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging and old folders are cleaned up");
    }
}
