//! What each simulated list leaf does, from the raw values it is given to the
//! raw values it returns: read the list a value names through simulated
//! memory, take or give back page ownership, write released output, flush a
//! page; faults decide where it goes wrong. Registers are the callers'
//! business: the typed handlers (`serve.rs`) and the registered leaves of
//! downstream list types (`module.rs`).

use super::codec::{Block, GuestListCodec, LinkedCodec, ListCodec};
use super::module::{SimModule, PAGE_NOT_FREE, PA_MASK, RELEASE_FAILED, STRAY_PAGE, WBINVD_FAILED};
use super::Owner;
use crate::faults::Fault;
use crate::faults::MismatchKind;
use std::collections::BTreeSet;
use std::vec::Vec;
use tdx_abi::{PhysAddr, TdxStatus};

impl SimModule {
    /// Entries `start..` of the list a value names, read through simulated
    /// memory, as blocks; every page of every block must be a distinct page the
    /// host owns, other than the list page. `Err` is the status the module returns.
    pub(super) fn listed_blocks(&self, codec: &ListCodec, raw: u64, start: usize) -> Result<Vec<Block>, TdxStatus> {
        if raw & codec.reserved != 0 {
            return Err(TdxStatus::OPERAND_INVALID);
        }
        let (addr, count, _) = (codec.decode)(raw);
        if count == 0 || count > codec.capacity || start >= count {
            return Err(TdxStatus::OPERAND_INVALID);
        }
        let s = self.state.borrow();
        let in_place = (codec.in_place)(count);
        let blocks: Vec<Block> = if in_place {
            std::vec![(addr, 1)]
        } else {
            let list = s.page(addr).filter(|p| p.owner == Owner::Host).ok_or(TdxStatus::OPERAND_INVALID)?;
            let entries = list.data[start..count].iter().map(|e| (codec.entry)(*e));
            entries.collect::<Option<Vec<_>>>().ok_or(TdxStatus::OPERAND_INVALID)?
        };
        let mut seen = BTreeSet::new();
        for page in pages_of(&blocks) {
            let owned = s.page(page).is_some_and(|p| p.owner == Owner::Host);
            if !owned || !seen.insert(page.as_u64()) || (!in_place && page == addr) {
                return Err(TdxStatus::OPERAND_INVALID);
            }
        }
        Ok(blocks)
    }

    pub(super) fn set_owner(&self, blocks: &[Block], owner: Owner) {
        let mut s = self.state.borrow_mut();
        for page in pages_of(blocks) {
            if let Some(p) = s.page_mut(page) {
                p.owner = owner;
            }
        }
    }

    /// Takes the listed pages for good. `Ok(Some(value))`: interrupted, with
    /// the value whose cursor moved past the pages taken (the caller re-issues it).
    pub(super) fn gift(&mut self, codec: ListCodec, raw: u64) -> Result<Option<u64>, TdxStatus> {
        let (_, count, cursor) = (codec.decode)(raw);
        let start = cursor.unwrap_or(0);
        let blocks = self.listed_blocks(&codec, raw, start)?;
        // Only a list type with a cursor can be resumed, so only such a gift is interrupted.
        let every = cursor.and(self.interrupt_every());
        let take = every.unwrap_or(usize::MAX).min(blocks.len());
        self.set_owner(&blocks[..take], Owner::Gifted);
        Ok((start + take < count).then(|| (codec.with_cursor)(raw, start + take)))
    }

    /// Takes the listed pages as control pages of a new object made by leaf
    /// `kind` (its create leaf): its handle.
    pub(super) fn create(&mut self, codec: ListCodec, kind: u16, raw: u64) -> Result<u64, TdxStatus> {
        let blocks = self.listed_blocks(&codec, raw, 0)?;
        let id = self.next_id;
        self.next_id += 1;
        self.set_owner(&blocks, Owner::Control(id));
        self.objects.insert(id, (kind, blocks));
        Ok(id)
    }

    /// Releases object `id`'s control pages through the release `input`: the
    /// released-page value. The object must be one create leaf `kind` made
    /// (an IDE stream's handle is no SPDM session's).
    pub(super) fn delete(&mut self, codec: ListCodec, kind: u16, id: u64, input: u64) -> Result<u64, TdxStatus> {
        let (_, blocks) =
            self.objects.get(&id).filter(|(made_by, _)| *made_by == kind).ok_or(TdxStatus::OPERAND_INVALID)?;
        let count = blocks.len();
        // The release input follows the list type's table rule: 0, or a list page the
        // host owns (a singleton's rule may ask for either).
        let list = PhysAddr::new_truncate(input);
        let wants_zero = (codec.release_input)(PhysAddr::new_truncate(tdx_abi::PAGE_SIZE), count) == 0;
        let list_ok = if wants_zero {
            input == 0
        } else {
            input == (codec.release_input)(list, count)
                && input & !PA_MASK == 0
                && self.state.borrow().page(list).is_some_and(|p| p.owner == Owner::Host)
        };
        if !list_ok {
            return Err(TdxStatus::OPERAND_INVALID);
        }
        if self.has(Fault::FailRelease) {
            return Err(RELEASE_FAILED);
        }
        let (_, blocks) = self.objects.remove(&id).unwrap_or_default();
        {
            let mut s = self.state.borrow_mut();
            for page in pages_of(&blocks) {
                if let Some(p) = s.page_mut(page) {
                    p.owner = Owner::Host;
                    p.needs_flush = true;
                }
            }
        }
        Ok(self.released_output(&codec, list, &blocks))
    }

    /// Writes the released list (unless in place) and returns the released value,
    /// wrong in the way the active mismatch fault asks.
    pub(super) fn released_output(&self, codec: &ListCodec, list: PhysAddr, blocks: &[Block]) -> u64 {
        let count = blocks.len();
        let stray = PhysAddr::new_truncate(STRAY_PAGE);
        let mut entries: Vec<u64> = blocks.iter().map(|b| (codec.encode_entry)(*b)).collect();
        let (mut list_addr, mut first, mut reported) = (list, blocks[0].0, count);
        match self.mismatch() {
            None => {}
            Some(MismatchKind::Count) => reported = if count < codec.capacity { count + 1 } else { count - 1 },
            Some(MismatchKind::Address) => {
                list_addr = stray;
                first = stray;
            }
            Some(MismatchKind::Entry) => {
                entries[count - 1] = (codec.encode_entry)((stray, blocks[count - 1].1));
                first = stray;
            }
            Some(MismatchKind::Reserved) => {}
            Some(MismatchKind::EntryBits) => entries[count - 1] ^= 1 << 63,
        }
        if !(codec.in_place)(count) {
            let mut s = self.state.borrow_mut();
            if let Some(p) = s.page_mut(list) {
                p.data[..count].copy_from_slice(&entries);
            }
        }
        let raw = (codec.released)(list_addr, first, reported);
        match self.mismatch() {
            // The lowest reserved bit (a type without reserved bits gets a wrong count instead).
            Some(MismatchKind::Reserved) if codec.reserved != 0 => {
                raw | (codec.reserved & codec.reserved.wrapping_neg())
            }
            Some(MismatchKind::Reserved) => (codec.released)(list_addr, first, count + 1),
            _ => raw,
        }
    }

    /// Writes into the listed pages (a shared output buffer): the length written.
    pub(super) fn shared(&mut self, codec: ListCodec, raw: u64, leaf: u16) -> Result<u64, TdxStatus> {
        let pages: Vec<PhysAddr> = pages_of(&self.listed_blocks(&codec, raw, 0)?).collect();
        self.write_blobs(&pages, leaf);
        Ok((pages.len() * 4096) as u64)
    }

    /// Walks a chain of list-page nodes: every node and page must be a distinct
    /// page the host owns; a page slot or next-node slot holding the
    /// terminator ends the chain. `Err` is the status the module returns.
    pub(super) fn chained_pages(&self, codec: &LinkedCodec, raw: u64) -> Result<Vec<PhysAddr>, TdxStatus> {
        if raw & codec.reserved != 0 {
            return Err(TdxStatus::OPERAND_INVALID);
        }
        let s = self.state.borrow();
        let mut node = (codec.first_node)(raw);
        let (mut pages, mut seen) = (Vec::new(), BTreeSet::new());
        loop {
            let held = s.page(node).filter(|p| p.owner == Owner::Host).ok_or(TdxStatus::OPERAND_INVALID)?;
            // A node or page named twice (a cycle, or a node listed as data) is refused.
            if !seen.insert(node.as_u64()) {
                return Err(TdxStatus::OPERAND_INVALID);
            }
            let slots = &held.data[..=codec.data_per_node];
            let data = slots[..codec.data_per_node].iter().take_while(|e| **e != codec.terminator);
            for entry in data {
                let page = PhysAddr::new(*entry).filter(|p| s.page(*p).is_some_and(|p| p.owner == Owner::Host));
                let page = page.ok_or(TdxStatus::OPERAND_INVALID)?;
                if !seen.insert(page.as_u64()) {
                    return Err(TdxStatus::OPERAND_INVALID);
                }
                pages.push(page);
            }
            match slots[codec.data_per_node] {
                next if next == codec.terminator => return Ok(pages),
                next => node = PhysAddr::new(next).ok_or(TdxStatus::OPERAND_INVALID)?,
            }
        }
    }

    /// Like `shared`, through a chain of list-page nodes: the length written.
    pub(super) fn linked(&mut self, codec: LinkedCodec, raw: u64, leaf: u16) -> Result<u64, TdxStatus> {
        let pages = self.chained_pages(&codec, raw)?;
        self.write_blobs(&pages, leaf);
        Ok((pages.len() * 4096) as u64)
    }

    /// Reads a list of guest pages from a host list page the host owns; every
    /// entry must name a page. The pages are recorded, not owned (they are the guest's).
    pub(super) fn guest_list(&mut self, codec: GuestListCodec, raw: u64) -> Result<(), TdxStatus> {
        let (addr, count, cursor) = (codec.decode)(raw);
        let start = cursor.unwrap_or(0);
        if raw & codec.reserved != 0 || count == 0 || count > codec.capacity || start >= count {
            return Err(TdxStatus::OPERAND_INVALID);
        }
        let seen = {
            let s = self.state.borrow();
            let page = s.page(addr).filter(|p| p.owner == Owner::Host).ok_or(TdxStatus::OPERAND_INVALID)?;
            page.data[start..count].iter().map(|e| (codec.entry)(*e)).collect::<Option<Vec<_>>>()
        };
        self.guest_seen = seen.ok_or(TdxStatus::OPERAND_INVALID)?;
        Ok(())
    }

    /// Writes a recognisable blob into each page: the leaf number and the page's index.
    fn write_blobs(&self, pages: &[PhysAddr], leaf: u16) {
        let mut s = self.state.borrow_mut();
        for (i, page) in pages.iter().enumerate() {
            if let Some(p) = s.page_mut(*page) {
                p.data[0] = (u64::from(leaf) << 32) | i as u64;
            }
        }
    }

    /// Flushes the keyed page `keyed` (HKID in bits 63:52).
    pub(super) fn wbinvd(&mut self, keyed: u64) -> Result<(), TdxStatus> {
        let nth = self.wbinvd_calls;
        self.wbinvd_calls += 1;
        let addr = PhysAddr::new_truncate(keyed & PA_MASK);
        // Like the module, flush only a page it has not assigned (PAMT type PT_NDA):
        // intel/tdx-module src/vmm_dispatcher/api_calls/tdh_phymem_page_wbinvd.c.
        match self.state.borrow().page(addr).map(|p| p.owner) {
            None => return Err(TdxStatus::OPERAND_INVALID),
            Some(Owner::Control(_) | Owner::Gifted) => return Err(PAGE_NOT_FREE),
            Some(_) => {}
        }
        if self.has(Fault::FailWbinvd { nth }) {
            return Err(WBINVD_FAILED);
        }
        if let Some(p) = self.state.borrow_mut().page_mut(addr) {
            p.needs_flush = false;
        }
        Ok(())
    }
}

/// Every 4 KiB page of `blocks`, in order.
pub(super) fn pages_of(blocks: &[Block]) -> impl Iterator<Item = PhysAddr> + '_ {
    blocks.iter().flat_map(|(first, n)| (0..*n as u64).map(move |i| PhysAddr::new_truncate(first.as_u64() + i * 4096)))
}
