//! Encoding pages into a list value: one list page holds at most the list
//! type's capacity, so larger arrays go in windows (an iterator, not a cursor
//! kept in the array). The singleton rule comes from the generated
//! `PageList::placement`, applied here and nowhere else.

use crate::list_page::ListPage;
use crate::page::PageProvider;
use crate::HostPageList;
use tdx_abi::{ListError, PageList, PhysAddr, Placement};

/// Encodes `window` (at most `L::CAPACITY` pages) as an `L`, writing the
/// list page when the type's placement calls for one.
pub fn encode_window<L, P>(provider: &mut P, list: &mut ListPage, window: &[PhysAddr]) -> Result<L, ListError>
where
    L: HostPageList,
    P: PageProvider,
{
    // Encode first: a window the list type cannot describe never touches the list page.
    let value = encode_value::<L>(list.addr(), window)?;
    if L::placement(window.len()) == Placement::ListPage {
        for (index, page) in window.iter().enumerate() {
            list.write_entry(provider, index, L::encode_entry(*page, 1)?);
        }
    }
    Ok(value)
}

/// The list value for `window` with its entries in the list page at `list`,
/// without writing anything: the check a gift makes of every window before
/// it issues the first leaf.
pub fn encode_value<L: HostPageList>(list: PhysAddr, window: &[PhysAddr]) -> Result<L, ListError> {
    match (L::placement(window.len()), window.first()) {
        (Placement::InPlace, Some(page)) => L::encode_in_place(*page),
        _ => {
            // Every entry too: a page an entry's frame field cannot name is an error, not another page.
            for page in window {
                L::encode_entry(*page, 1)?;
            }
            L::encode_list(list, window.len())
        }
    }
}

/// The windows `pages` splits into for list type `L`.
pub fn windows<L: PageList>(pages: &[PhysAddr]) -> core::slice::Chunks<'_, PhysAddr> {
    pages.chunks(L::CAPACITY)
}
