//! How the simulated module reads and writes a list type: built from any
//! `PageList` impl, so a list type that exists only in YAML works unchanged.

use tdx_abi::{LinkedPageList, PageList, PhysAddr, Placement};
use tdx_page_array::HostPageList;

/// A list type, seen from the module's side.
#[derive(Clone, Copy)]
pub struct ListCodec {
    /// Spec name.
    pub name: &'static str,
    /// Entries per list page.
    pub capacity: usize,
    /// Bits that must be zero.
    pub reserved: u64,
    /// (address, count, cursor) of a raw value.
    pub decode: fn(u64) -> (PhysAddr, usize, Option<usize>),
    /// Whether `count` entries are held in place (the singleton rule).
    pub in_place: fn(usize) -> bool,
    /// The raw value with the cursor moved to `cursor`.
    pub with_cursor: fn(u64, usize) -> u64,
    /// The released-page output for `count` pages: in place (`first`) or through `list`.
    pub released: fn(PhysAddr, PhysAddr, usize) -> u64,
    /// The release (DELETE) input the table's rule asks for `count` pages listed in `list`.
    pub release_input: fn(PhysAddr, usize) -> u64,
    /// The block a list-page entry names: its first page and page count (`None`: malformed).
    pub entry: fn(u64) -> Option<Block>,
    /// The list-page entry naming a block.
    pub encode_entry: fn(Block) -> u64,
}

/// A run of contiguous 4 KiB pages one entry names: the first page and the count.
pub type Block = (PhysAddr, usize);

fn entry<L: HostPageList>(bits: u64) -> Option<Block> {
    L::decode_entry(bits).ok().map(|e| (e.addr, e.pages))
}

fn encode_entry<L: HostPageList>((first, pages): Block) -> u64 {
    // A block the entry cannot name shows as an impossible entry, which the host's check refuses.
    L::encode_entry(first, pages).unwrap_or(u64::MAX)
}

fn decode<L: HostPageList>(raw: u64) -> (PhysAddr, usize, Option<usize>) {
    let v = L::from_bits(raw);
    (v.address(), v.count(), v.cursor())
}

fn in_place<L: PageList>(count: usize) -> bool {
    L::placement(count) == Placement::InPlace
}

fn with_cursor<L: PageList>(raw: u64, cursor: usize) -> u64 {
    // The module only writes cursors it can index; a wrong one would show as an impossible value.
    L::from_bits(raw).with_cursor(cursor).map_or(u64::MAX, L::into_bits)
}

fn released<L: HostPageList>(list: PhysAddr, first: PhysAddr, count: usize) -> u64 {
    let v = match L::placement(count) {
        Placement::InPlace => L::encode_in_place(first),
        Placement::ListPage => L::encode_list(list, count),
    };
    v.map(L::into_bits).unwrap_or(u64::MAX)
}

impl ListCodec {
    /// The codec of list type `L`.
    pub fn of<L: HostPageList>() -> Self {
        ListCodec {
            name: L::NAME,
            capacity: L::CAPACITY,
            reserved: L::RESERVED_MASK,
            decode: decode::<L>,
            in_place: in_place::<L>,
            with_cursor: with_cursor::<L>,
            released: released::<L>,
            release_input: L::release_input,
            entry: entry::<L>,
            encode_entry: encode_entry::<L>,
        }
    }
}

/// A linked list of list pages, seen from the module's side.
#[derive(Clone, Copy)]
pub struct LinkedCodec {
    /// Bits of the value that must be zero.
    pub reserved: u64,
    /// The first node a raw value names.
    pub first_node: fn(u64) -> PhysAddr,
    /// Page addresses per node, before the next-node slot.
    pub data_per_node: usize,
    /// What ends the chain.
    pub terminator: u64,
}

fn first_node<L: LinkedPageList>(raw: u64) -> PhysAddr {
    L::from_bits(raw).first_node()
}

impl LinkedCodec {
    /// The codec of linked-list type `L`.
    pub fn of<L: LinkedPageList>() -> Self {
        LinkedCodec {
            reserved: L::RESERVED_MASK,
            first_node: first_node::<L>,
            data_per_node: L::DATA_PER_NODE,
            terminator: L::TERMINATOR,
        }
    }
}

/// A list of pages that are not the host's (a GPA list) in a host list page,
/// seen from the module's side.
#[derive(Clone, Copy)]
pub struct GuestListCodec {
    /// Bits of the value that must be zero.
    pub reserved: u64,
    /// Entries per list page.
    pub capacity: usize,
    /// (list page, count, cursor) of a raw value.
    pub decode: fn(u64) -> (PhysAddr, usize, Option<usize>),
    /// The address (as an integer) and page count an entry names (`None`: malformed).
    pub entry: fn(u64) -> Option<(u64, usize)>,
}

fn guest_decode<L: PageList<ListAddr = PhysAddr>>(raw: u64) -> (PhysAddr, usize, Option<usize>) {
    let v = L::from_bits(raw);
    (v.address(), v.count(), v.cursor())
}

fn guest_entry<L: PageList<ListAddr = PhysAddr>>(bits: u64) -> Option<(u64, usize)> {
    L::decode_entry(bits).ok().map(|e| (tdx_abi::FrameAddr::bits(e.addr), e.pages))
}

impl GuestListCodec {
    /// The codec of list type `L`.
    pub fn of<L: PageList<ListAddr = PhysAddr>>() -> Self {
        GuestListCodec {
            reserved: L::RESERVED_MASK,
            capacity: L::CAPACITY,
            decode: guest_decode::<L>,
            entry: guest_entry::<L>,
        }
    }
}
