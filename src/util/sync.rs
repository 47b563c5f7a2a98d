//! Locks that outlive a panicking thread.

use std::sync::{Mutex, MutexGuard};

/// Lock `m`, also when another thread panicked while holding it: every value behind these
/// locks is whole between two statements (a list of paths, a queue), so it stays usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
