//! The TD's memory as the simulated module sees it: sparse 4 KiB pages,
//! zero until written.

use std::collections::BTreeMap;
use tdx_abi::PAGE_SIZE;

/// Sparse guest physical memory.
#[derive(Clone, Debug, Default)]
pub struct GuestMemory {
    pages: BTreeMap<u64, Box<[u8; PAGE_SIZE as usize]>>,
}

impl GuestMemory {
    /// Copies `bytes` to guest physical address `gpa` (any alignment, across pages).
    pub fn write(&mut self, gpa: u64, bytes: &[u8]) {
        for (i, b) in bytes.iter().enumerate() {
            let at = gpa + i as u64;
            let page = self.pages.entry(at / PAGE_SIZE).or_insert_with(|| Box::new([0; PAGE_SIZE as usize]));
            page[(at % PAGE_SIZE) as usize] = *b;
        }
    }

    /// `N` bytes from guest physical address `gpa`.
    pub fn read<const N: usize>(&self, gpa: u64) -> [u8; N] {
        let mut out = [0; N];
        for (i, b) in out.iter_mut().enumerate() {
            let at = gpa + i as u64;
            *b = self.pages.get(&(at / PAGE_SIZE)).map_or(0, |p| p[(at % PAGE_SIZE) as usize]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_written_across_a_page_boundary_read_back() {
        let mut m = GuestMemory::default();
        m.write(0x1ffe, &[1, 2, 3, 4]);
        assert_eq!(m.read::<6>(0x1ffd), [0, 1, 2, 3, 4, 0]);
    }
}
