//! Lending pages as a linked list of list pages (HPA_LINKED_LIST): arrays of
//! any length go to the module as one chain of nodes, not in windows. The
//! node layout (page addresses per node, the next-node slot, the terminator)
//! comes from the generated `LinkedPageList` impl.

use crate::array::{PageArray, Shared};
use crate::list_page::ListPage;
use crate::page::PageProvider;
use crate::store::AddrStore;
use tdx_abi::{LinkedPageList, ListError, NODE_SLOTS};

/// A chain could not be built; the host still owns every page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Fewer node pages were given than the pages need.
    TooFewNodes {
        /// Nodes the pages need ([`LinkedPageList::nodes_for`]).
        needed: usize,
        /// Nodes given.
        given: usize,
    },
    /// The value cannot name the first node.
    Encode(ListError),
}

impl core::fmt::Display for LinkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            LinkError::TooFewNodes { needed, given } => {
                write!(f, "the pages need {needed} list-page nodes, but {given} were given")
            }
            LinkError::Encode(e) => write!(f, "the chain's first node cannot be named: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for LinkError {}

impl<S: AddrStore> PageArray<S, Shared> {
    /// Lends the pages to the module for one call as a chain of `L` nodes
    /// written into `nodes` (at least [`LinkedPageList::nodes_for`] of them):
    /// `call` gets the value naming the first node; afterwards the host still
    /// owns every page and every node.
    pub fn lend_linked<L, P, T>(
        &self,
        provider: &mut P,
        nodes: &mut [ListPage],
        call: impl FnOnce(L) -> T,
    ) -> Result<T, LinkError>
    where
        L: LinkedPageList,
        P: PageProvider,
    {
        let pages = self.pages();
        let needed = L::nodes_for(pages.len());
        if nodes.len() < needed {
            return Err(LinkError::TooFewNodes { needed, given: nodes.len() });
        }
        // Encoded before anything is written: a first node the value cannot name writes nothing.
        let first = L::encode_first_node(nodes[0].addr()).map_err(LinkError::Encode)?;
        let mut data = pages.chunks(L::DATA_PER_NODE);
        for i in 0..needed {
            let next = if i + 1 < needed { nodes[i + 1].addr().as_u64() } else { L::TERMINATOR };
            let chunk = data.next().unwrap_or(&[]);
            for slot in 0..NODE_SLOTS {
                let bits = match chunk.get(slot) {
                    Some(page) => page.as_u64(),
                    None if slot == L::DATA_PER_NODE => next,
                    None => L::TERMINATOR,
                };
                nodes[i].write_entry(provider, slot, bits);
            }
        }
        Ok(call(first))
    }
}
