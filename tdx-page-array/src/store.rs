//! Storage for a page array's addresses: caller-supplied (no allocation) or,
//! with feature `alloc`, a `Vec`.

use tdx_abi::PhysAddr;

/// The storage was full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreFull;

/// Where a page array keeps its pages' addresses.
pub trait AddrStore {
    /// The addresses stored so far.
    fn as_slice(&self) -> &[PhysAddr];
    /// Appends one.
    fn push(&mut self, addr: PhysAddr) -> Result<(), StoreFull>;
    /// Removes and returns the last one.
    fn pop(&mut self) -> Option<PhysAddr>;
}

/// Caller-supplied storage: any buffer of addresses plus a length, no allocation.
#[derive(Debug)]
pub struct Slots<B> {
    buf: B,
    len: usize,
}

impl<B: AsRef<[PhysAddr]> + AsMut<[PhysAddr]>> Slots<B> {
    /// Empty storage over `buf` (e.g. `[PhysAddr::default(); 512]` or a `&mut [PhysAddr]`).
    pub fn new(buf: B) -> Self {
        Slots { buf, len: 0 }
    }
}

impl<B: AsRef<[PhysAddr]> + AsMut<[PhysAddr]>> AddrStore for Slots<B> {
    fn as_slice(&self) -> &[PhysAddr] {
        &self.buf.as_ref()[..self.len]
    }

    fn push(&mut self, addr: PhysAddr) -> Result<(), StoreFull> {
        let slot = self.buf.as_mut().get_mut(self.len).ok_or(StoreFull)?;
        *slot = addr;
        self.len += 1;
        Ok(())
    }

    fn pop(&mut self) -> Option<PhysAddr> {
        self.len = self.len.checked_sub(1)?;
        Some(self.buf.as_ref()[self.len])
    }
}

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

#[cfg(feature = "alloc")]
impl AddrStore for Vec<PhysAddr> {
    fn as_slice(&self) -> &[PhysAddr] {
        self
    }

    fn push(&mut self, addr: PhysAddr) -> Result<(), StoreFull> {
        Vec::push(self, addr);
        Ok(())
    }

    fn pop(&mut self) -> Option<PhysAddr> {
        Vec::pop(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_fill_up_and_empty_in_order() {
        let mut s = Slots::new([PhysAddr::default(); 2]);
        let a = |n| PhysAddr::from_pfn(n).unwrap();
        s.push(a(1)).unwrap();
        s.push(a(2)).unwrap();
        assert_eq!(s.push(a(3)), Err(StoreFull));
        assert_eq!(s.as_slice(), [a(1), a(2)]);
        assert_eq!((s.pop(), s.pop(), s.pop()), (Some(a(2)), Some(a(1)), None));
    }
}
