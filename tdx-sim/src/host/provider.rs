//! The simulated page provider: every `free` is checked against who owns the page.

use super::{Owner, PageState, SimState, Violation};
use core::cell::RefCell;
use std::boxed::Box;
use std::rc::Rc;
use tdx_abi::PhysAddr;
use tdx_page_array::{AllocError, Page, PageProvider, QuarantineReason};

/// A `PageProvider` over the simulated memory.
pub struct SimProvider {
    state: Rc<RefCell<SimState>>,
    /// Allocations left before `alloc_zeroed` fails (None: unlimited).
    pub alloc_budget: Option<usize>,
}

impl SimProvider {
    pub(crate) fn new(state: Rc<RefCell<SimState>>) -> Self {
        SimProvider { state, alloc_budget: None }
    }
}

impl PageProvider for SimProvider {
    fn alloc_zeroed(&mut self) -> Result<Page, AllocError> {
        if let Some(budget) = &mut self.alloc_budget {
            *budget = budget.checked_sub(1).ok_or(AllocError)?;
        }
        let mut s = self.state.borrow_mut();
        let pfn = s.next_pfn;
        s.next_pfn += 1;
        s.pages.insert(pfn, PageState { data: Box::new([0; 512]), owner: Owner::Host, needs_flush: false });
        PhysAddr::from_pfn(pfn).map(Page::assume_owned).ok_or(AllocError)
    }

    /// Simulated pages are numbered in allocation order, so a run is `pages` allocations in a row.
    fn alloc_contiguous(&mut self, pages: usize) -> Result<Page, AllocError> {
        if pages == 0 || self.alloc_budget.is_some_and(|b| b < pages) {
            return Err(AllocError);
        }
        let first = self.alloc_zeroed()?;
        for _ in 1..pages {
            self.alloc_zeroed()?;
        }
        Ok(first)
    }

    fn write_entry(&mut self, page: &Page, index: usize, value: u64) {
        let mut s = self.state.borrow_mut();
        match s.page_mut(page.addr()) {
            Some(p) if index < 512 => p.data[index] = value,
            _ => s.violations.push(Violation::UnknownPage(page.addr())),
        }
    }

    fn read_entry(&self, page: &Page, index: usize) -> u64 {
        let s = self.state.borrow();
        s.page(page.addr()).and_then(|p| p.data.get(index).copied()).unwrap_or(0)
    }

    fn free(&mut self, page: Page) {
        let mut s = self.state.borrow_mut();
        s.frees += 1;
        let addr = page.addr();
        let violation = match s.page_mut(addr) {
            None => Some(Violation::UnknownPage(addr)),
            Some(p) => match p.owner {
                Owner::Control(_) | Owner::Gifted => Some(Violation::FreedModuleOwned(addr)),
                Owner::Free | Owner::Quarantined => Some(Violation::DoubleFree(addr)),
                Owner::Host if p.needs_flush => Some(Violation::FreedUnflushed(addr)),
                Owner::Host => {
                    p.owner = Owner::Free;
                    None
                }
            },
        };
        if let Some(v) = violation {
            s.violations.push(v);
        }
    }

    fn quarantine(&mut self, page: Page, reason: QuarantineReason) {
        let mut s = self.state.borrow_mut();
        if let Some(p) = s.page_mut(page.addr()) {
            // The host gives the page up; if the module still holds it, it keeps holding it.
            if p.owner == Owner::Host {
                p.owner = Owner::Quarantined;
            }
        }
        s.quarantined.push((page.addr(), reason));
    }
}
