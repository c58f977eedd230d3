//! Pages dropped while the module still held them: never freed, always counted.

use core::sync::atomic::{AtomicUsize, Ordering};

static DROPPED_WHILE_MODULE_OWNED: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn record(pages: usize) {
    DROPPED_WHILE_MODULE_OWNED.fetch_add(pages, Ordering::Relaxed);
}

/// How many pages were dropped (in this process) while the module held them:
/// they were not freed, so they are lost to the allocator, but never silently.
pub fn dropped_while_module_owned() -> usize {
    DROPPED_WHILE_MODULE_OWNED.load(Ordering::Relaxed)
}
