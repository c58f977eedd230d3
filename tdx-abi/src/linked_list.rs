//! A linked list of list pages (the quoting extension's HPA_LINKED_LIST):
//! 4 KiB nodes of page addresses, each ending in the next node's address,
//! for arrays longer than one list page holds, handed over as one chain.

use crate::{Layout, ListError, PhysAddr};

/// Eight-byte slots in one 4 KiB node.
pub const NODE_SLOTS: usize = 512;

/// A linked-list type: a word naming the first node of a chain.
///
/// Node `i` holds page addresses `i * DATA_PER_NODE ..` in its first
/// `DATA_PER_NODE` slots and the next node's address in slot
/// `DATA_PER_NODE`; every unused slot, and the last node's next slot, holds
/// `TERMINATOR`. Generated from a table's `linked_list:` roles.
pub trait LinkedPageList: Layout {
    /// Page addresses per node, before its next-node slot.
    const DATA_PER_NODE: usize;
    /// What an unused slot holds (no page address takes this value).
    const TERMINATOR: u64;

    /// The value naming the chain whose first node is at `node`.
    fn encode_first_node(node: PhysAddr) -> Result<Self, ListError>;
    /// The first node the value names.
    fn first_node(self) -> PhysAddr;

    /// Nodes a chain of `pages` page addresses needs (at least one).
    fn nodes_for(pages: usize) -> usize {
        pages.div_ceil(Self::DATA_PER_NODE).max(1)
    }
}
