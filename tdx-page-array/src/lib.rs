#![doc = include_str!("../README.md")]
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;
// Feature `std`: `std::error::Error` for the error types (a std test build links std already).
#[cfg(all(feature = "std", not(test)))]
extern crate std;

mod array;
mod dropped;
mod entries;
mod errors;
mod host_list;
mod linked;
mod list_page;
mod page;
mod release;
mod store;
pub mod window;

pub use array::{AllocFailed, Control, GiftCause, GiftError, GiftReport, HandOverError, PageArray, Shared, State};
pub use dropped::{dropped_while_module_owned, dropped_without_free};
pub use entries::encode_entries;
pub use host_list::HostPageList;
pub use linked::LinkError;
pub use list_page::{ListPage, LIST_PAGE_ENTRIES};
pub use page::{AllocError, Page, PageProvider, QuarantineReason};
pub use release::{Mismatch, ReleaseError, ReleaseReport};
pub use store::{AddrStore, Slots, StoreFull};
pub use tdx_abi::{PageList, Placement};
