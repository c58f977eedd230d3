//! Lists of pages handed to the Intel TDX module, generic over every list type
//! in `tdx-abi` (anything implementing [`tdx_abi::PageList`] with page
//! entries): HPA_LIST_INFO, HPA_ARRAY_T, PAGE_LIST_INFO, and any list type a
//! downstream crate generates from its own YAML.
//!
//! What the kernel review asked for, in types:
//! - page ownership ([`PageArray`]) is kept apart from how pages are encoded
//!   for the module (the generated `PageList` impls, driven by [`window`]);
//! - the type records what the module holds: [`Shared`] pages are freed
//!   normally, [`Control`] pages come back only through a validated release
//!   that flushes each page, and gifted pages never come back;
//! - nothing leaks silently: pages that cannot be freed safely go to the
//!   provider's counted quarantine, and dropping module-owned pages is counted;
//! - no cursor fields: arrays larger than a list page go in windows.
//!
//! `#![no_std]`; storage is caller-supplied ([`Slots`]) unless feature `alloc`.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

mod array;
mod dropped;
mod list_page;
mod page;
mod release;
#[cfg(feature = "sim")]
pub mod sim;
mod store;
pub mod window;

pub use array::{AllocFailed, Control, GiftCause, GiftError, GiftReport, HandOverError, PageArray, Shared, State};
pub use dropped::{dropped_while_module_owned, dropped_without_free};
pub use list_page::{ListPage, LIST_PAGE_ENTRIES};
pub use page::{AllocError, Page, PageProvider, QuarantineReason};
pub use release::{Mismatch, ReleaseError, ReleaseReport};
pub use store::{AddrStore, Slots, StoreFull};
pub use tdx_abi::{PageList, Placement};
