//! The roles a list type plays, so page-list code can be generic over every
//! list type the tables describe (HPA_LIST_INFO, HPA_ARRAY_T, ...).

use crate::{FieldError, FrameAddr, Layout};
use core::fmt;

/// Where the entries of a list go, as decided by the list type's singleton rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The entries are written to a list page and the value points at it.
    ListPage,
    /// The singleton rule applies: the value holds the one page itself and no list page is used.
    InPlace,
}

/// A list value could not be encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListError {
    /// The entry count is outside `1..=capacity`.
    CountOutOfRange {
        /// Spec name of the list type.
        list: &'static str,
        /// The count that was asked for.
        count: usize,
        /// The most entries one list page holds.
        capacity: usize,
    },
    /// The address is not 4 KiB aligned.
    Misaligned {
        /// Spec name of the list type.
        list: &'static str,
        /// The address that was refused.
        addr: u64,
    },
    /// In-place encoding was asked of a list type without a singleton rule.
    NoSingletonRule {
        /// Spec name of the list type.
        list: &'static str,
    },
    /// A one-entry list of a type with a singleton rule must be encoded in place.
    SingletonRequired {
        /// Spec name of the list type.
        list: &'static str,
    },
    /// A resume cursor at or past the capacity indexes no entry.
    CursorOutOfRange {
        /// Spec name of the list type.
        list: &'static str,
        /// The cursor that was asked for.
        cursor: usize,
        /// The most entries one list page holds.
        capacity: usize,
    },
    /// A field of the list value cannot hold what it was given: most often an
    /// address above the highest page a narrow frame-number field names.
    Field(FieldError),
    /// An entry was asked to name a block of 0 pages, or more than one entry names.
    PagesOutOfRange {
        /// Spec name of the list type.
        list: &'static str,
        /// The page count asked for.
        pages: usize,
        /// The most pages one entry names.
        max: usize,
    },
    /// A list-page entry names no page: reserved bits set, a fixed field not
    /// holding its value, or a page count of zero (module output is untrusted).
    EntryMalformed {
        /// Spec name of the list type.
        list: &'static str,
        /// The raw entry.
        bits: u64,
    },
}

/// One list-page entry, decoded: the page it names (the first page of a
/// block) and how many contiguous 4 KiB pages it spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListEntry<A> {
    /// The page, or the first page of the block.
    pub addr: A,
    /// Contiguous 4 KiB pages from `addr` (1 for a single page).
    pub pages: usize,
}

impl From<FieldError> for ListError {
    fn from(e: FieldError) -> Self {
        ListError::Field(e)
    }
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ListError::CountOutOfRange { list, count, capacity } => {
                write!(f, "{list}: {count} entries is outside 1..={capacity}")
            }
            ListError::Misaligned { list, addr } => {
                write!(f, "{list}: address {addr:#x} is not 4 KiB aligned")
            }
            ListError::NoSingletonRule { list } => {
                write!(f, "{list}: has no singleton rule, so one page cannot be encoded in place")
            }
            ListError::SingletonRequired { list } => {
                write!(f, "{list}: one page must be encoded in place (singleton rule), not through a list page")
            }
            ListError::CursorOutOfRange { list, cursor, capacity } => {
                write!(f, "{list}: cursor {cursor} is outside 0..{capacity}")
            }
            ListError::Field(e) => e.fmt(f),
            ListError::PagesOutOfRange { list, pages, max } => {
                write!(f, "{list}: an entry names 1..={max} pages, not {pages}")
            }
            ListError::EntryMalformed { list, bits } => {
                write!(
                    f,
                    "{list}: entry {bits:#018x} names no page (reserved bits, a fixed field or a zero page count)"
                )
            }
        }
    }
}

/// A list type: a word that points at a list page of 8-byte entries.
///
/// Generated from the `list:` roles of a table entry; hand-written code never
/// names a concrete list type.
pub trait PageList: Layout {
    /// What one 8-byte entry of the list page holds: a page address, or a
    /// value of the entry layout.
    type Entry: Copy;
    /// The address the list value names (the list page, or in place the one
    /// page): [`crate::PhysAddr`] for a host frame, [`crate::GuestPhysAddr`] for a guest frame.
    type ListAddr: FrameAddr;
    /// The address each entry names.
    type EntryAddr: FrameAddr;
    /// The most entries one list page holds.
    const CAPACITY: usize;
    /// The most contiguous 4 KiB pages one entry names (1 unless the entry
    /// layout counts pages).
    const MAX_ENTRY_PAGES: usize;
    /// True when one page is encoded in place instead of through a list page.
    const SINGLETON: bool;
    /// True when the module writes a resume cursor back into the value.
    const RESUMABLE: bool;
    /// True when an entry is the bare address of one 4 KiB page: for every
    /// page-aligned `addr`, `encode_entry(addr, 1)` is `addr` itself, so a list
    /// page of such entries is a copy of the page addresses.
    const ENTRY_IS_PAGE_ADDRESS: bool;

    /// The raw 8-byte list-page entry for `entry`.
    fn entry_bits(entry: Self::Entry) -> u64;
    /// The raw entry naming `pages` contiguous 4 KiB pages from `addr`, with
    /// the entry layout's fixed fields set and its other fields zero.
    fn encode_entry(addr: Self::EntryAddr, pages: usize) -> Result<u64, ListError>;
    /// The page (block) a raw entry names; an entry that names none is an error.
    fn decode_entry(bits: u64) -> Result<ListEntry<Self::EntryAddr>, ListError>;
    /// Whether a list of `count` entries needs a list page (the singleton rule).
    fn placement(count: usize) -> Placement;
    /// Encodes `count` entries held in the list page at `list_page`.
    fn encode_list(list_page: Self::ListAddr, count: usize) -> Result<Self, ListError>;
    /// Encodes one page in place, for list types with a singleton rule.
    fn encode_in_place(page: Self::ListAddr) -> Result<Self, ListError>;
    /// The value a release (DELETE) leaf takes for a list of `count` entries.
    fn release_input(list_page: Self::ListAddr, count: usize) -> u64;
    /// The list page (or, in place, the one page) the value points at.
    fn address(self) -> Self::ListAddr;
    /// The number of entries the value describes, decoded from its count field.
    fn count(self) -> usize;
    /// The module's resume cursor: the index of the next entry to process.
    fn cursor(self) -> Option<usize>;
    /// The value with its resume cursor set to `cursor` (what the module does when
    /// interrupted); unchanged for list types without a cursor role. A cursor at
    /// or past the capacity indexes no entry and is an error.
    fn with_cursor(self, cursor: usize) -> Result<Self, ListError>;
}
