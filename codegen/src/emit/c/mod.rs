//! The C headers: the kernel-style header and its prefixed twin, with the
//! per-field and per-list-type helpers, kept within the kernel's 100 columns.

mod format;
pub(super) mod header;
mod helpers;
mod linked;
mod lists;
pub(super) mod style;
