//! Encoding pages into a list value: one list page holds at most the list
//! type's capacity, so larger arrays go in windows (an iterator, not a cursor
//! kept in the array). The singleton rule comes from the generated
//! `PageList::placement`, applied here and nowhere else.

use crate::list_page::ListPage;
use crate::page::PageProvider;
use tdx_abi::{ListError, PageList, PhysAddr, Placement};

/// Encodes `window` (at most `L::CAPACITY` pages) as an `L`, writing the
/// list page when the type's placement calls for one.
pub fn encode_window<L, P>(provider: &mut P, list: &mut ListPage, window: &[PhysAddr]) -> Result<L, ListError>
where
    L: PageList<Entry = PhysAddr>,
    P: PageProvider,
{
    match L::placement(window.len()) {
        Placement::InPlace => L::encode_in_place(window[0]),
        Placement::ListPage => {
            // Check the count before touching the list page.
            if window.is_empty() || window.len() > L::CAPACITY {
                return L::encode_list(list.addr(), window.len());
            }
            list.write(provider, window.iter().map(|p| L::entry_bits(*p)));
            L::encode_list(list.addr(), window.len())
        }
    }
}

/// The windows `pages` splits into for list type `L`.
pub fn windows<L: PageList>(pages: &[PhysAddr]) -> core::slice::Chunks<'_, PhysAddr> {
    pages.chunks(L::CAPACITY)
}
