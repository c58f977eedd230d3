//! A simulated TD's view of the module: a `Tdcall` backend serving the guest
//! leaves over simulated memory and the metadata tables, and TDG.VP.VMCALL
//! through a pluggable VMM.

mod leaves;
mod memory;
mod vmcall;

pub use memory::GuestMemory;
pub use vmcall::{serve_vmcall, NoVmm};

use crate::dispatch::{tdcall, tdvmcall::TdvmcallHost};
use crate::faults::{Call, Fault, Injector};
use crate::metadata::Metadata;
use std::collections::BTreeSet;
use tdx_abi::{Instruction, MetadataScope, Registers, TdAttributes, Tdcall, TdxStatus, Xfam};

/// What the host built the TD with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TdConfig {
    /// TD ATTRIBUTES.
    pub attributes: TdAttributes,
    /// XFAM.
    pub xfam: Xfam,
    /// Guest physical address width: 48 or 52.
    pub gpaw: u8,
    /// vCPUs in use, and the maximum.
    pub num_vcpus: u32,
    /// The maximum number of vCPUs.
    pub max_vcpus: u32,
    /// The index of the vCPU issuing the calls.
    pub vcpu_index: u64,
    /// The TD's build-time measurement.
    pub mrtd: [u8; 48],
    /// Private memory the host added as pending: pages `[0, private_bytes)`.
    pub private_bytes: u64,
}

impl Default for TdConfig {
    fn default() -> Self {
        TdConfig {
            attributes: TdAttributes::new(),
            xfam: Xfam::new(),
            gpaw: 48,
            num_vcpus: 1,
            max_vcpus: 1,
            vcpu_index: 0,
            mrtd: [0; 48],
            private_bytes: 64 << 20,
        }
    }
}

/// A simulated TD.
pub struct SimTd {
    pub(crate) config: TdConfig,
    /// Its memory.
    pub memory: GuestMemory,
    /// TD-scope metadata (TDG.VM.RD/WR).
    pub td_metadata: Metadata,
    /// Global-scope metadata (TDG.SYS.RD).
    pub global_metadata: Metadata,
    pub(crate) rtmrs: [[u8; 48]; 4],
    pub(crate) accepted: BTreeSet<u64>,
    vmm: Box<dyn TdvmcallHost>,
    injector: Injector,
}

impl SimTd {
    /// A TD built with `config`, with a VMM that supports no TDG.VP.VMCALL sub-function.
    pub fn new(config: TdConfig) -> Self {
        let mut td_metadata = Metadata::of(MetadataScope::Td);
        td_metadata.set_named("ATTRIBUTES", config.attributes.into_bits());
        td_metadata.set_named("XFAM", config.xfam.into_bits());
        td_metadata.set_named("NUM_VCPUS", config.num_vcpus.into());
        td_metadata.set_named("MAX_VCPUS", config.max_vcpus.into());
        SimTd {
            config,
            memory: GuestMemory::default(),
            td_metadata,
            global_metadata: crate::Platform::default().global_metadata(),
            rtmrs: [[0; 48]; 4],
            accepted: BTreeSet::new(),
            vmm: Box::new(NoVmm),
            injector: Injector::default(),
        }
    }

    /// Answers TDG.VP.VMCALL with `vmm`.
    pub fn with_vmm(mut self, vmm: impl TdvmcallHost + 'static) -> Self {
        self.vmm = Box::new(vmm);
        self
    }

    /// Adds a fault to inject.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.injector.add(fault);
        self
    }

    /// Every call so far.
    pub fn calls(&self) -> &[Call] {
        self.injector.calls()
    }

    /// How often `leaf` was called (faulted calls included).
    pub fn count(&self, leaf: u16) -> usize {
        self.injector.count(leaf)
    }

    /// The RTMRs now.
    pub fn rtmrs(&self) -> [[u8; 48]; 4] {
        self.rtmrs
    }

    /// Whether the 4 KiB page at `gpa` has been accepted.
    pub fn is_accepted(&self, gpa: u64) -> bool {
        self.accepted.contains(&(gpa >> 12))
    }

    /// How many 4 KiB pages have been accepted.
    pub fn accepted_pages(&self) -> usize {
        self.accepted.len()
    }
}

impl Tdcall for SimTd {
    fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
        Injector::serve(
            self,
            |td| &mut td.injector,
            Instruction::Tdcall,
            rax,
            regs,
            |td, regs| tdcall::dispatch(td, rax, regs),
        )
    }
}
