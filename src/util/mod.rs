//! Small helpers every layer may use; this module imports nothing else of the crate.

pub mod date;
pub mod hash;
pub mod html;
pub mod memory;
pub mod percent;
pub mod spill;
pub mod sync;
pub mod timing;
