//! TDG.VP.VMCALL values against the public sources that define them, each
//! assertion citing its source; and a status from each side (the module's, in
//! RAX, and the VMM's, in R10) decoded by name through the typed stubs.

use tdx_abi::{
    tdcalls, tdvmcall, tdvmcalls, Registers, Tdcall, TdvmcallError, TdvmcallStatus, TdxStatus, TDVMCALLS,
    TDVMCALL_STATUSES,
};

/// torvalds/linux arch/x86/include/asm/shared/tdx.h @ 6867849aac96: TDX hypercall leaf IDs,
/// TDVMCALL_STATUS_RETRY, and the TDX_R* bits of TDVMCALL_EXPOSE_REGS_MASK.
#[test]
fn codes_and_exposure_bits_match_the_kernel() {
    assert_eq!(tdvmcall::MAP_GPA, 0x10001); // TDVMCALL_MAP_GPA
    assert_eq!(tdvmcall::GET_QUOTE, 0x10002); // TDVMCALL_GET_QUOTE
    assert_eq!(tdvmcall::REPORT_FATAL_ERROR, 0x10003); // TDVMCALL_REPORT_FATAL_ERROR
    assert_eq!(TdvmcallStatus::RETRY.into_bits(), 1); // TDVMCALL_STATUS_RETRY
                                                      // TDVMCALL_EXPOSE_REGS_MASK = RDX | RBX | RSI | RDI | R8..R15: what tdx_panic()'s message needs.
    let kernel_mask = (1 << 2) | (1 << 3) | (1 << 6) | (1 << 7) | 0xff00;
    assert_eq!(tdvmcall::REPORT_FATAL_ERROR_EXPOSE, kernel_mask);
    // The other sub-functions expose only what their maps name, never more than the kernel's mask.
    for t in TDVMCALLS {
        assert_eq!(t.expose & !kernel_mask, 0, "{} exposes a register the kernel never does", t.name);
    }
}

/// The conflict of the issue: a guest's mask swapped RBX and RDX and sent the WRMSR value in a
/// register it did not expose. Kernel TDX_RDX BIT(2), TDX_RBX BIT(3); the value is R13 (tdx.c
/// write_msr() @ 019b383d1132).
#[test]
fn wrmsr_exposes_the_register_of_its_value() {
    let wrmsr = TDVMCALLS.iter().find(|t| t.name == "WRMSR").unwrap();
    let value = wrmsr.inputs.iter().find(|a| a.name == "value").unwrap();
    assert_eq!(value.reg, tdx_abi::Reg::R13);
    assert_ne!(tdvmcall::WRMSR_EXPOSE & (1 << 13), 0, "R13 is exposed");
    assert_eq!(tdvmcall::WRMSR_EXPOSE & ((1 << 2) | (1 << 3)), 0, "neither RDX nor RBX");
    assert_eq!(tdvmcall::REPORT_FATAL_ERROR_EXPOSE & (1 << 2), 1 << 2, "RDX is bit 2 (message bytes 56..63)");
}

/// confidential-containers/td-shim tdx-tdcall/src/lib.rs @ 99708f174f5a: sub-function numbers
/// and the TDVMCALL statuses it decodes.
#[test]
fn codes_and_statuses_match_td_shim() {
    assert_eq!(tdvmcall::CPUID, 0xa); // TDVMCALL_CPUID
    assert_eq!(tdvmcall::HLT, 0xc); // TDVMCALL_HALT
    assert_eq!(tdvmcall::IO, 0x1e); // TDVMCALL_IO
    assert_eq!(tdvmcall::RDMSR, 0x1f); // TDVMCALL_RDMSR
    assert_eq!(tdvmcall::WRMSR, 0x20); // TDVMCALL_WRMSR
    assert_eq!(tdvmcall::REQUEST_MMIO, 0x30); // TDVMCALL_MMIO
    assert_eq!(tdvmcall::SETUP_EVENT_NOTIFY_INTERRUPT, 0x10004); // TDVMCALL_SETUPEVENTNOTIFY
    assert_eq!(tdvmcall::SERVICE, 0x10005); // TDVMCALL_SERVICE
    assert_eq!(TdvmcallStatus::INVALID_OPERAND.into_bits(), 0x8000_0000_0000_0000); // VmcallOperandInvalid
    assert_eq!(TdvmcallStatus::GPA_INUSE.into_bits(), 0x8000_0000_0000_0001); // VmcallGpaInuse
    assert_eq!(TdvmcallStatus::ALIGN_ERROR.into_bits(), 0x8000_0000_0000_0002); // VmcallAlignError
}

/// The kernel patch "KVM: TDX: Add new TDVMCALL status code for unsupported subfuncs"
/// (20250619180159.187358-2-pbonzini@redhat.com): the status td-shim does not know.
#[test]
fn subfunc_unsupported_is_known_and_an_error() {
    let s = TdvmcallStatus::SUBFUNC_UNSUPPORTED;
    assert_eq!(s.into_bits(), 0x8000_0000_0000_0003);
    assert!(s.is_error());
    assert_eq!(s.name(), Some("TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED"));
    assert_eq!(TDVMCALL_STATUSES.len(), 6);
}

/// The instruction sub-functions are the VMX exit reasons the kernel passes through hcall_func()
/// (arch/x86/include/uapi/asm/vmx.h: EXIT_REASON_CPUID 10, HLT 12, IO_INSTRUCTION 30,
/// MSR_READ 31, MSR_WRITE 32, EPT_VIOLATION 48).
#[test]
fn instruction_sub_functions_are_exit_reasons() {
    let reasons = [(tdvmcall::CPUID, 10), (tdvmcall::HLT, 12), (tdvmcall::IO, 30)];
    let more = [(tdvmcall::RDMSR, 31), (tdvmcall::WRMSR, 32), (tdvmcall::REQUEST_MMIO, 48)];
    for (code, reason) in reasons.into_iter().chain(more) {
        assert_eq!(code, reason);
    }
}

/// A TD whose module answers `module` in RAX and whose VMM answers `vmm` in R10.
struct Td {
    module: u64,
    vmm: u64,
}

impl Tdcall for Td {
    fn tdcall(&mut self, _rax: u64, regs: &mut Registers) -> TdxStatus {
        regs.r10 = self.vmm;
        TdxStatus::from_bits(self.module)
    }
}

#[test]
fn a_tdcall_status_decodes_by_name_class_and_operand() {
    // TDG.MEM.PAGE.ACCEPT of a 2 MiB page over 4 KiB mappings: PAGE_SIZE_MISMATCH on RCX (td-shim's
    // TDCALL_STATUS_PAGE_SIZE_MISMATCH 0xC0000B0B00000001).
    let mut td = Td { module: 0xC000_0B0B_0000_0001, vmm: 0 };
    let page = tdx_abi::PageInfo::new();
    let e = tdcalls::mem::tdg_mem_page_accept(&mut td, &tdcalls::mem::TdgMemPageAcceptIn { page }, 1).unwrap_err();
    assert_eq!(e.status.name(), Some("PAGE_SIZE_MISMATCH"));
    assert_eq!((e.status.class(), e.status.details_l1()), (0x0B, 0x0B));
    assert_eq!(e.status.operand_name(), Some("RCX"));
    assert!(e.to_string().starts_with("TDG.MEM.PAGE.ACCEPT failed"), "{e}");
}

#[test]
fn a_tdvmcall_status_decodes_by_name_apart_from_the_modules() {
    let input = tdvmcalls::GetQuoteIn { buffer: tdx_abi::GuestPhysAddr::new(0x8000_0000_1000).unwrap(), size: 4096 };
    let mut td = Td { module: 0, vmm: 0x8000_0000_0000_0003 };
    let e = tdvmcalls::get_quote(&mut td, &input).unwrap_err();
    assert_eq!(e.vmm_status().and_then(TdvmcallStatus::name), Some("TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED"));
    assert_eq!(
        e.to_string(),
        "TDG.VP.VMCALL<GetQuote> answered TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED (0x8000000000000003)"
    );
    // The same R10 value after a module failure is not the VMM's: the VMM never saw the call.
    let mut refused = Td { module: 0xC000_0100_0000_0000, vmm: 0x8000_0000_0000_0003 };
    match tdvmcalls::get_quote(&mut refused, &input).unwrap_err() {
        TdvmcallError::Tdcall(leaf) => assert_eq!(leaf.status.name(), Some("OPERAND_INVALID")),
        other => panic!("a module failure must not read as the VMM's answer: {other:?}"),
    }
}

/// intel/tdx-module include/tdx_api_defs.h @ 72d8cffb214b: tdvmcall_control_t (RCX) is
/// gpr_select in bits 15:0; every derived bitmap fits it and names no XMM register.
#[test]
fn every_exposure_bitmap_is_a_gpr_select() {
    for t in TDVMCALLS {
        let control = tdx_abi::TdvmcallControl::from_bits(t.expose);
        assert_eq!(u64::from(control.gpr_select()), t.expose, "{}", t.name);
        assert_eq!(control.xmm_select(), 0, "{}", t.name);
    }
}
