//! Staging and `.old` folders that a killed build left beside the output.

use crate::error::Diagnostic;
use std::path::{Path, PathBuf};

/// `.NAME.TAG-PID-NANOS` beside `out`.
pub(super) fn sibling(out: &Path, tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    out.with_file_name(format!(
        ".{}.{tag}-{}-{nanos}",
        file_name(out),
        std::process::id()
    ))
}

pub(super) fn file_name(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// The PID in a name `.NAME.TAG-PID-NANOS` made by [`sibling`] for `out`, if it is one.
pub(super) fn leftover_pid(out: &Path, tag: &str, name: &str) -> Option<u32> {
    let rest = name.strip_prefix(&format!(".{}.{tag}-", file_name(out)))?;
    let (pid, nanos) = rest.split_once('-')?;
    if nanos.is_empty() || !nanos.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether another process with this id is running (its staging folder is in use).
pub(super) fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 only asks whether the process exists; EPERM means it does, as another user's.
        // SAFETY: kill with signal 0 sends nothing.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Put back an output a killed build had moved aside, and remove folders killed builds left.
pub(super) fn clean_leftovers(out: &Path) -> Result<(), Diagnostic> {
    let Some(parent) = out.parent() else {
        return Ok(());
    };
    let Ok(dir) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut stale_staging = Vec::new();
    let mut stale_old = Vec::new();
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = leftover_pid(out, "staging", &name) {
            if !running(pid) {
                stale_staging.push(entry.path());
            }
        } else if let Some(pid) = leftover_pid(out, "old", &name) {
            if !running(pid) {
                stale_old.push(entry.path());
            }
        }
    }
    // The newest moved-aside output is the last complete one.
    stale_old.sort_by_key(|p| std::fs::symlink_metadata(p).and_then(|m| m.modified()).ok());
    if std::fs::symlink_metadata(out).is_err() {
        if let Some(old) = stale_old.pop() {
            std::fs::rename(&old, out).map_err(|e| {
                Diagnostic::error(
                    &old,
                    0,
                    format!("kan de vorige uitvoer niet terugzetten: {e}"),
                )
                .hint(format!(
                    "een eerdere build is halverwege gestopt; hernoem deze map zelf naar {}",
                    out.display()
                ))
            })?;
        }
    }
    for p in stale_staging.iter().chain(&stale_old) {
        if p.is_dir() && !p.is_symlink() {
            let _ = std::fs::remove_dir_all(p);
        }
    }
    Ok(())
}
