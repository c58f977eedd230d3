//! The list types a page array can hand over: those whose list page and
//! entries are host pages. A list of guest frames (a GPA list) names pages the
//! host's allocator does not own, so it is encoded with `tdx_abi` directly.

use tdx_abi::{PageList, PhysAddr};

/// A [`PageList`] whose list page and entries are host physical addresses.
/// Implemented for every such generated list type; nothing to implement by hand.
pub trait HostPageList: PageList<ListAddr = PhysAddr, EntryAddr = PhysAddr> {}

impl<L: PageList<ListAddr = PhysAddr, EntryAddr = PhysAddr>> HostPageList for L {}
