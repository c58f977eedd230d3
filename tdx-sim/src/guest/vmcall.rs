//! TDG.VP.VMCALL: what the guest exposes reaches the VMM, the VMM's answer
//! comes back in the exposed registers, its status in R10.

use crate::dispatch::tdvmcall::{dispatch_tdvmcall, TdvmcallHost};
use tdx_abi::{Reg, Registers, TdvmcallStatus, TdxStatus};

/// RCX bits the module refuses (OPERAND_INVALID naming RCX): RAX, RCX and RSP
/// (bits 0, 1, 4), and bits 63:32 (intel/tdx-module
/// src/td_dispatcher/vm_exits/tdg_vp_vmcall.c @ 72d8cffb214b).
const REFUSED: u64 = 0xffff_ffff_0000_0013;

/// The registers the VMM sees: those RCX exposes, and RCX itself.
fn exposed(regs: &Registers) -> Registers {
    Registers { rcx: regs.rcx, ..regs.only(regs.rcx) }
}

/// Copies the VMM's exposed registers back to the guest and puts its status in R10.
fn return_exposed(regs: &mut Registers, vmm: &Registers, status: TdvmcallStatus) {
    let bitmap = regs.rcx;
    for reg in Reg::ALL.into_iter().filter(|r| *r != Reg::Rcx && bitmap & (1 << r.gpr_index()) != 0) {
        regs.set(reg, vmm.get(reg));
    }
    regs.r10 = status.into_bits();
}

/// A VMM that supports no sub-function.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoVmm;

impl TdvmcallHost for NoVmm {}

/// TDCALL leaf 0 (TDG.VP.VMCALL) answered by `host`: refused as the module
/// refuses it when RCX exposes a register it may not; otherwise the VMM sees
/// what RCX exposes and its answer comes back in those registers.
pub fn serve_vmcall(host: &mut dyn TdvmcallHost, regs: &mut Registers) -> TdxStatus {
    if regs.rcx & REFUSED != 0 {
        return crate::operand_invalid(tdx_abi::operand::RCX);
    }
    let mut seen = exposed(regs);
    let status = dispatch_tdvmcall(host, &mut seen);
    return_exposed(regs, &seen, status);
    TdxStatus::SUCCESS
}
