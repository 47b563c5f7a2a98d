//! Handing freed memory back to the system at the moments the build knows that much of it was
//! just freed. The allocator is the binary's choice (main.rs), so the binary says how.

use std::sync::OnceLock;

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// How to release freed memory (set once, by the binary).
pub fn set_release(f: fn()) {
    let _ = RELEASE.set(f);
}

/// Release freed memory now, if the binary said how (otherwise nothing happens).
pub fn release() {
    if let Some(f) = RELEASE.get() {
        f();
    }
}
