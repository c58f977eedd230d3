//! Pages dropped instead of being freed or released: never freed from `Drop`
//! (there is no provider there, and module-owned pages must not be), always counted.

use core::sync::atomic::{AtomicUsize, Ordering};

static DROPPED_WHILE_MODULE_OWNED: AtomicUsize = AtomicUsize::new(0);
static DROPPED_WITHOUT_FREE: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn record(pages: usize, module_owned: bool) {
    let counter = if module_owned { &DROPPED_WHILE_MODULE_OWNED } else { &DROPPED_WITHOUT_FREE };
    counter.fetch_add(pages, Ordering::Relaxed);
}

/// How many pages were dropped (in this process) while the module held them:
/// they were not freed, so they are lost to the allocator, but never silently.
pub fn dropped_while_module_owned() -> usize {
    DROPPED_WHILE_MODULE_OWNED.load(Ordering::Relaxed)
}

/// How many host-owned pages were dropped (in this process) without being
/// returned through `PageArray::free`: a leak in the caller, counted.
pub fn dropped_without_free() -> usize {
    DROPPED_WITHOUT_FREE.load(Ordering::Relaxed)
}
