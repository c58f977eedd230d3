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

#[cfg(all(test, feature = "sim"))]
mod tests {
    use super::*;
    use crate::sim::Sim;
    use tdx_abi::{GpaListInfo, GuestPhysAddr, ListEntry};

    #[test]
    fn a_gpa_list_goes_through_a_host_list_page_and_reads_back() {
        let sim = Sim::new();
        let mut provider = sim.provider();
        let mut list = ListPage::alloc(&mut provider).unwrap();
        let gpas: Vec<GuestPhysAddr> = (0..3).map(|i| GuestPhysAddr::from_pfn(0x800 + i).unwrap()).collect();
        let value = encode_entries::<GpaListInfo, _>(&mut provider, &mut list, &gpas).unwrap();
        assert_eq!((value.address(), value.count()), (list.addr(), 3));
        for (i, gpa) in gpas.iter().enumerate() {
            assert_eq!(GpaListInfo::decode_entry(sim.read(list.addr(), i)), Ok(ListEntry { addr: *gpa, pages: 1 }));
        }
        // 513 entries fit no list page, and nothing is written.
        let many = vec![gpas[0]; 513];
        let e = encode_entries::<GpaListInfo, _>(&mut provider, &mut list, &many).unwrap_err();
        assert_eq!(e, ListError::CountOutOfRange { list: "GPA_LIST_INFO", count: 513, capacity: 512 });
        assert_eq!(sim.read(list.addr(), 3), 0);
        list.free(&mut provider);
        assert_eq!(sim.stats().host_live, 0);
    }
}
