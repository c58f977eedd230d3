//! What the simulated platform and module report about themselves: the
//! global metadata fields TD creation depends on. The defaults are
//! intel/tdx-module's own constants (TDX 1.5.01, commit 72d8cffb214b):
//! `TDX_ATTRIBUTES_FIXED0/1`, `TDX_XFAM_FIXED0/1` and the TDCS page counts in
//! src/common/data_structures/td_control_structures.h, `MAX_L2_VMS` in
//! src/common/data_structures/tdx_tdvps.h, and how TDCS_BASE_SIZE,
//! TDCS_SIZE_PER_L2_VM and TDR_BASE_SIZE derive from them in
//! src/common/metadata_handlers/metadata_sys.c.

use crate::metadata::Metadata;
use tdx_abi::{MetadataScope, PAGE_SIZE};

/// The simulated platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Platform {
    /// TD ATTRIBUTES bits a TD may set.
    pub attributes_fixed0: u64,
    /// TD ATTRIBUTES bits a TD must set.
    pub attributes_fixed1: u64,
    /// XFAM bits a TD may set.
    pub xfam_fixed0: u64,
    /// XFAM bits a TD must set.
    pub xfam_fixed1: u64,
    /// TDCS pages a TD without L2 VMs needs before TDH.MNG.INIT.
    pub tdcs_base_pages: usize,
    /// Further TDCS pages per L2 VM.
    pub tdcs_pages_per_l2_vm: usize,
    /// The most TDCS pages a TD holds.
    pub max_tdcs_pages: usize,
    /// The most L2 VMs a TD may ask for.
    pub max_l2_vms: u8,
    /// The private HKIDs TDH.MNG.CREATE accepts (the simulator's choice: the
    /// split between shared and private key IDs is the BIOS's).
    pub private_hkids: (u16, u16),
}

impl Default for Platform {
    fn default() -> Self {
        const SEPT_VE_DISABLE: u64 = 1 << 28;
        const MIGRATABLE: u64 = 1 << 29;
        const PKS: u64 = 1 << 30;
        const PERFMON: u64 = 1 << 63;
        const DEBUG: u64 = 1;
        Platform {
            attributes_fixed0: DEBUG | SEPT_VE_DISABLE | MIGRATABLE | PKS | PERFMON,
            attributes_fixed1: 0,
            xfam_fixed0: 0x0006_dbe7,
            xfam_fixed1: 0x3,
            tdcs_base_pages: 6,
            tdcs_pages_per_l2_vm: 1,
            max_tdcs_pages: 9,
            max_l2_vms: 3,
            private_hkids: (32, 63),
        }
    }
}

impl Platform {
    /// The global fields this platform reports, by name, and their values.
    pub fn reported(&self) -> [(&'static str, u64); 7] {
        [
            ("ATTRIBUTES_FIXED0", self.attributes_fixed0),
            ("ATTRIBUTES_FIXED1", self.attributes_fixed1),
            ("XFAM_FIXED0", self.xfam_fixed0),
            ("XFAM_FIXED1", self.xfam_fixed1),
            ("TDR_BASE_SIZE", PAGE_SIZE),
            ("TDCS_BASE_SIZE", self.tdcs_base_pages as u64 * PAGE_SIZE),
            ("TDCS_SIZE_PER_L2_VM", self.tdcs_pages_per_l2_vm as u64 * PAGE_SIZE),
        ]
    }

    /// The global-scope metadata (TDH.SYS.RD, TDG.SYS.RD) reporting this platform.
    pub fn global_metadata(&self) -> Metadata {
        let mut global = Metadata::of(MetadataScope::Global);
        for (name, value) in self.reported() {
            global.set_named(name, value);
        }
        global
    }

    /// TDCS pages a TD with `l2_vms` L2 VMs needs.
    pub fn tdcs_pages(&self, l2_vms: u8) -> usize {
        self.tdcs_base_pages + self.tdcs_pages_per_l2_vm * usize::from(l2_vms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reported_field_is_a_global_field_of_the_tables() {
        let p = Platform::default();
        let global = p.global_metadata();
        for (name, value) in p.reported() {
            assert_eq!(global.get_named(name), Some(value), "{name} is not a global field");
        }
        assert_eq!(global.get_named("TDCS_BASE_SIZE"), Some(6 * 4096));
        assert_eq!(p.tdcs_pages(3), 9);
        assert_eq!(p.tdcs_pages(p.max_l2_vms), p.max_tdcs_pages);
    }
}
