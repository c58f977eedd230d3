//! Encoding pages into a list value: one list page holds at most the list
//! type's capacity, so larger arrays go in windows (an iterator, not a cursor
//! kept in the array). The singleton rule comes from the generated
//! `PageList::placement`, applied here and nowhere else.

use crate::list_page::ListPage;
use crate::page::PageProvider;
use crate::HostPageList;
use tdx_abi::{ListError, PageList, PhysAddr, Placement};

/// Encodes `window` (at most `L::CAPACITY` runs of `block` contiguous
/// pages, one entry each) as an `L`, writing the list page when the type's
/// placement calls for one.
pub fn encode_window<L, P>(
    provider: &mut P,
    list: &mut ListPage,
    window: &[PhysAddr],
    block: usize,
) -> Result<L, ListError>
where
    L: HostPageList,
    P: PageProvider,
{
    // Encode first: a window the list type cannot describe never touches the list page.
    let value = encode_value::<L>(list.addr(), window, block)?;
    if L::placement(window.len() / block) == Placement::ListPage {
        for (index, run) in window.chunks(block).enumerate() {
            list.write_entry(provider, index, L::encode_entry(run[0], block)?);
        }
    }
    Ok(value)
}

/// The list value for `window` with its entries in the list page at `list`,
/// without writing anything: the check a gift makes of every window before
/// it issues the first leaf.
pub fn encode_value<L: HostPageList>(list: PhysAddr, window: &[PhysAddr], block: usize) -> Result<L, ListError> {
    let entries = window.len() / block;
    match (L::placement(entries), window.first()) {
        (Placement::InPlace, Some(page)) if block == 1 => L::encode_in_place(*page),
        // In place the value names one page; a block would lose its other pages.
        (Placement::InPlace, Some(_)) => Err(ListError::PagesOutOfRange { list: L::NAME, pages: block, max: 1 }),
        _ => {
            // Every entry too: a block an entry cannot name is an error, not another page.
            for run in window.chunks(block) {
                L::encode_entry(run[0], block)?;
            }
            L::encode_list(list, entries)
        }
    }
}

/// True when a list page for `block`-page entries of `L` is a copy of the page addresses.
fn entries_are_addresses<L: HostPageList>(block: usize) -> bool {
    L::ENTRY_IS_PAGE_ADDRESS && block == 1
}

/// [`encode_value`] for a window of a page array, whose every address is page
/// aligned (the array checks each run as it is allocated) and below 2^52 (the
/// address type): where entries are bare page addresses, each entry is then
/// valid without looking at it again.
pub(crate) fn array_window_value<L: HostPageList>(
    list: PhysAddr,
    window: &[PhysAddr],
    block: usize,
) -> Result<L, ListError> {
    match (entries_are_addresses::<L>(block), L::placement(window.len()), window.first()) {
        (true, Placement::InPlace, Some(page)) => L::encode_in_place(*page),
        (true, _, _) => L::encode_list(list, window.len()),
        (false, _, _) => encode_value::<L>(list, window, block),
    }
}

/// [`encode_window`] for a window of a page array: the list value first, then
/// the list page, as one copy of the addresses where entries are bare page
/// addresses (nothing per entry is left to check, see [`array_window_value`]).
pub(crate) fn write_array_window<L, P>(
    provider: &mut P,
    list: &mut ListPage,
    window: &[PhysAddr],
    block: usize,
) -> Result<L, ListError>
where
    L: HostPageList,
    P: PageProvider,
{
    if !entries_are_addresses::<L>(block) {
        return encode_window::<L, P>(provider, list, window, block);
    }
    let value = array_window_value::<L>(list.addr(), window, block)?;
    if L::placement(window.len()) == Placement::ListPage {
        list.write_addrs(provider, window);
    }
    Ok(value)
}

/// The windows `pages` (runs of `block` pages, one entry each) split into for list type `L`.
pub fn windows<L: PageList>(pages: &[PhysAddr], block: usize) -> core::slice::Chunks<'_, PhysAddr> {
    pages.chunks(L::CAPACITY * block)
}
