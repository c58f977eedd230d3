//! TDG.VP.VMCALL: a guest's request to the host VMM, carried by TDCALL leaf 0.
//! The module's status comes back in RAX ([`TdxStatus`](crate::TdxStatus)); the
//! VMM's answer comes back in R10 ([`TdvmcallStatus`]), and the two are decoded
//! apart: a RETRY from the VMM is not a module error, and a module error means
//! the VMM never saw the call.

use crate::{LeafError, Registers, Resume, Tdcall};
use core::fmt;

/// A TDG.VP.VMCALL completion status: what the VMM put in R10. Its named values
/// are generated from the tables (`TdvmcallStatus::SUBFUNC_UNSUPPORTED`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TdvmcallStatus(u64);

impl TdvmcallStatus {
    /// The status of raw R10 value `bits`.
    pub const fn from_bits(bits: u64) -> Self {
        TdvmcallStatus(bits)
    }

    /// The raw value.
    pub const fn into_bits(self) -> u64 {
        self.0
    }

    /// Zero: the sub-function completed.
    pub const fn is_success(self) -> bool {
        self.0 == 0
    }

    /// Bit 63: the sub-function failed. A status below it (RETRY) asks the guest to go on.
    pub const fn is_error(self) -> bool {
        self.0 >> 63 != 0
    }

    /// Its name in the kernel's spelling (`TDVMCALL_STATUS_RETRY`), if the tables have it.
    pub fn name(self) -> Option<&'static str> {
        crate::TDVMCALL_STATUSES.iter().find(|s| s.status == self).map(|s| s.name)
    }
}

impl fmt::Debug for TdvmcallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({:#x})", self.0),
            None => write!(f, "TdvmcallStatus({:#018x})", self.0),
        }
    }
}

impl fmt::Display for TdvmcallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A named TDG.VP.VMCALL status (the generated `TDVMCALL_STATUSES`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TdvmcallStatusInfo {
    /// Name as the kernel spells it, e.g. `TDVMCALL_STATUS_RETRY`.
    pub name: &'static str,
    /// The value.
    pub status: TdvmcallStatus,
}

/// A TDG.VP.VMCALL sub-function as the tables describe it (the generated `TDVMCALLS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TdvmcallInfo {
    /// Name as the kernel spells it without `TDVMCALL_`, e.g. `MAP_GPA`.
    pub name: &'static str,
    /// The code R11 carries.
    pub code: u64,
    /// The GHCI's name, e.g. `MapGPA`.
    pub ghci: &'static str,
    /// The GHCI version that introduced it.
    pub since: &'static str,
    /// What to test to know it exists: a GHCI version, which the VMM reports (GetTdVmCallInfo).
    pub availability: crate::Availability,
    /// RCX: the registers it exposes to the VMM (bit n = GPR n), derived from its map.
    pub expose: u64,
    /// The registers it passes to the VMM.
    pub inputs: &'static [crate::ArgInfo],
    /// The registers the VMM returns.
    pub outputs: &'static [crate::ArgInfo],
}

/// A TDG.VP.VMCALL that did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TdvmcallError {
    /// TDCALL itself failed: the module refused the call (its status in RAX), so the
    /// VMM did not answer.
    Tdcall(LeafError),
    /// The VMM answered with a status other than success: R10 of `regs`, which
    /// [`vmm_status`](Self::vmm_status) decodes. `regs` holds everything it returned:
    /// after RETRY from MapGPA, R11 is where to go on.
    Vmm {
        /// The sub-function called (R11 going in).
        code: u64,
        /// The registers after the call.
        regs: Registers,
    },
}

impl TdvmcallError {
    /// The VMM's status, when the VMM answered.
    pub fn vmm_status(&self) -> Option<TdvmcallStatus> {
        match self {
            TdvmcallError::Vmm { regs, .. } => Some(TdvmcallStatus::from_bits(regs.r10)),
            TdvmcallError::Tdcall(_) => None,
        }
    }
}

impl fmt::Display for TdvmcallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TdvmcallError::Tdcall(e) => write!(f, "TDG.VP.VMCALL not delivered: {e}"),
            TdvmcallError::Vmm { code, regs } => {
                let status = TdvmcallStatus::from_bits(regs.r10);
                // The GHCI's name of the sub-function, as its specification writes the call.
                match crate::TDVMCALLS.iter().find(|t| t.code == *code) {
                    Some(t) => write!(f, "TDG.VP.VMCALL<{}> answered {status}", t.ghci),
                    None => write!(f, "TDG.VP.VMCALL {code:#x} answered {status}"),
                }
            }
        }
    }
}

/// Issues TDG.VP.VMCALL sub-function `code` (R10 = 0: standard GHCI, R11 = `code`)
/// with `inputs`, exposing the registers in `expose` (RCX; a generated stub passes
/// the bitmap its register map derives). Success is R10 = 0; any other R10 is
/// [`TdvmcallError::Vmm`], and a TDCALL failure is [`TdvmcallError::Tdcall`].
pub fn run_tdvmcall<T: Tdcall + ?Sized>(
    backend: &mut T,
    code: u64,
    expose: u64,
    inputs: Registers,
) -> Result<Registers, TdvmcallError> {
    let regs = Registers { rcx: expose, r10: 0, r11: code, ..inputs };
    let rax = crate::rax(crate::tdcall::TDG_VP_VMCALL, 0);
    let done = crate::run_tdcall(backend, rax, regs, Resume::None, 0).map_err(TdvmcallError::Tdcall)?;
    let status = TdvmcallStatus::from_bits(done.regs.r10);
    if status.is_success() {
        Ok(done.regs)
    } else {
        Err(TdvmcallError::Vmm { code, regs: done.regs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TdxStatus;

    /// A VMM that answers with `status` in R10 and echoes R11.
    struct Vmm {
        module: TdxStatus,
        status: u64,
        seen: Option<(u64, Registers)>,
    }

    impl Tdcall for Vmm {
        fn tdcall(&mut self, rax: u64, regs: &mut Registers) -> TdxStatus {
            self.seen = Some((rax, *regs));
            regs.r10 = self.status;
            self.module
        }
    }

    #[test]
    fn the_call_sets_rcx_r10_r11_and_rax_and_keeps_the_inputs() {
        let mut vmm = Vmm { module: TdxStatus::SUCCESS, status: 0, seen: None };
        let inputs = Registers { r12: 7, r13: 8, ..Registers::default() };
        let out = run_tdvmcall(&mut vmm, 0x10001, 0x3c00, inputs).unwrap();
        let (rax, seen) = vmm.seen.unwrap();
        assert_eq!(rax, 0, "TDG.VP.VMCALL is TDCALL leaf 0, version 0");
        assert_eq!((seen.rcx, seen.r10, seen.r11, seen.r12, seen.r13), (0x3c00, 0, 0x10001, 7, 8));
        assert_eq!(out.r10, 0);
    }

    #[test]
    fn the_vmms_status_and_the_modules_are_told_apart() {
        let mut retry = Vmm { module: TdxStatus::SUCCESS, status: 1, seen: None };
        let e = run_tdvmcall(&mut retry, 0x10001, 0, Registers::default()).unwrap_err();
        assert_eq!(e.vmm_status(), Some(TdvmcallStatus::RETRY));
        assert!(!TdvmcallStatus::RETRY.is_error() && TdvmcallStatus::SUBFUNC_UNSUPPORTED.is_error());
        assert_eq!(e.to_string(), "TDG.VP.VMCALL<MapGPA> answered TDVMCALL_STATUS_RETRY (0x1)");

        let mut refused = Vmm { module: TdxStatus::OPERAND_INVALID, status: 0, seen: None };
        let e = run_tdvmcall(&mut refused, 0x10001, 0, Registers::default()).unwrap_err();
        assert_eq!(e.vmm_status(), None, "the VMM did not answer");
        match e {
            TdvmcallError::Tdcall(leaf) => assert_eq!(leaf.status, TdxStatus::OPERAND_INVALID),
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().starts_with("TDG.VP.VMCALL not delivered: TDG.VP.VMCALL failed"), "{e}");
    }

    #[test]
    fn an_unnamed_status_prints_its_value() {
        assert_eq!(
            format!("{:?}", TdvmcallStatus::from_bits(0x8000_0000_0000_00ff)),
            "TdvmcallStatus(0x80000000000000ff)"
        );
    }

    #[test]
    fn the_error_stays_small() {
        use core::mem::size_of;
        // Clippy's `result_large_err` flags errors of 128 bytes and more in every caller.
        assert!(size_of::<TdvmcallError>() < 128, "{}", size_of::<TdvmcallError>());
    }
}
