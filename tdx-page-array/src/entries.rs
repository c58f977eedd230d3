//! Lists whose entries name pages the host does not own — a GPA list of guest
//! pages for migration — still go through a host list page: this writes
//! their entries and encodes the value, with no page array involved.

use crate::list_page::ListPage;
use crate::page::PageProvider;
use tdx_abi::{ListError, PageList, PhysAddr};

/// Writes `entries` (one page each, in the list type's entry address space)
/// into the host list page `list` and returns the value naming it. Every entry
/// and the value are encoded before anything is written: what the list type
/// cannot describe leaves the list page untouched.
pub fn encode_entries<L, P>(provider: &mut P, list: &mut ListPage, entries: &[L::EntryAddr]) -> Result<L, ListError>
where
    L: PageList<ListAddr = PhysAddr>,
    P: PageProvider,
{
    let value = L::encode_list(list.addr(), entries.len())?;
    for addr in entries {
        L::encode_entry(*addr, 1)?;
    }
    for (index, addr) in entries.iter().enumerate() {
        list.write_entry(provider, index, L::encode_entry(*addr, 1)?);
    }
    Ok(value)
}
