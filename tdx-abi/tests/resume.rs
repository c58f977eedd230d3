//! Resume handling, per style, against a backend that interrupts N times:
//! loops are bounded by the caller's `max_resumes`, each style re-issues with
//! the right registers, and BUSY or other errors are returned, not retried.

use tdx_abi::leaves::export::{tdh_export_mem, TdhExportMemIn};
use tdx_abi::leaves::ext::{tdh_ext_mem_add, TdhExtMemAddIn};
use tdx_abi::leaves::mng::{tdh_mng_create, tdh_mng_key_config, TdhMngCreateIn, TdhMngKeyConfigIn};
use tdx_abi::leaves::phymem::{tdh_phymem_cache_wb, TdhPhymemCacheWbIn};
use tdx_abi::leaves::vp::{tdh_vp_init, TdhVpInitIn};
use tdx_abi::*;

/// Interrupts the first `interruptions` calls, then completes with `final_status`.
/// Each interrupted call advances RCX's FIRST_ENTRY (like TDH.EXT.MEM.ADD) and scribbles on R9.
struct Interrupter {
    interruptions: u32,
    final_status: TdxStatus,
    calls: Vec<Registers>,
}

impl Interrupter {
    fn new(interruptions: u32) -> Self {
        Interrupter { interruptions, final_status: TdxStatus::SUCCESS, calls: Vec::new() }
    }
}

impl Seamcall for Interrupter {
    fn seamcall(&mut self, _rax: u64, regs: &mut Registers) -> TdxStatus {
        self.calls.push(*regs);
        if self.calls.len() as u32 <= self.interruptions {
            let info = HpaListInfo::from_bits(regs.rcx);
            regs.rcx = info.with_first_entry(info.first_entry() + 1).into_bits();
            regs.r9 = 0xDEAD;
            TdxStatus::INTERRUPTED_RESUMABLE
        } else {
            self.final_status
        }
    }
}

fn page_list(count: usize) -> HpaListInfo {
    HpaListInfo::encode_list(PhysAddr::from_pfn(0x100).unwrap(), count).unwrap()
}

#[test]
fn reissue_outputs_carries_the_module_cursor_forward() {
    for n in [0, 1, 7] {
        let mut seam = Interrupter::new(n);
        let out = tdh_ext_mem_add(&mut seam, &TdhExtMemAddIn { pages: page_list(512) }, 10).unwrap();
        assert_eq!(seam.calls.len() as u32, n + 1);
        for (i, call) in seam.calls.iter().enumerate() {
            assert_eq!(HpaListInfo::from_bits(call.rcx).first_entry() as usize, i, "call {i} resumes at the cursor");
        }
        assert_eq!(out.completion.resumes, n);
        assert_eq!(out.pages.first_entry() as u32, n);
    }
}

#[test]
fn reissue_inputs_repeats_the_original_registers() {
    let mut seam = Interrupter::new(3);
    let input = TdhExportMemIn {
        tdr: PhysAddr::from_pfn(7).unwrap(),
        mac_list_0: PhysAddr::from_pfn(8).unwrap(),
        ..Default::default()
    };
    let out = tdh_export_mem(&mut seam, &input, 10).unwrap();
    assert_eq!(seam.calls.len(), 4);
    assert!(seam.calls.iter().all(|c| *c == seam.calls[0]), "every call gets the original inputs");
    assert_eq!(seam.calls[0].rdx, 0x7000);
    assert_eq!(out.completion.resumes, 3);
}

#[test]
fn resume_flag_is_zero_first_and_one_after_an_interruption() {
    let mut seam = Interrupter::new(2);
    tdh_phymem_cache_wb(&mut seam, &TdhPhymemCacheWbIn {}, 10).unwrap();
    // The interrupter advanced RCX on the interrupted calls, but the flag is set anew each time.
    let flags: Vec<u64> = seam.calls.iter().map(|c| c.rcx).collect();
    assert_eq!(flags, [0, 1, 1]);
}

#[test]
fn resumes_are_bounded_by_the_caller() {
    let mut seam = Interrupter::new(u32::MAX);
    let err = tdh_ext_mem_add(&mut seam, &TdhExtMemAddIn { pages: page_list(2) }, 5).unwrap_err();
    assert_eq!(err.kind, LeafErrorKind::ResumeLimit);
    assert_eq!((err.resumes, seam.calls.len()), (5, 6), "5 resumes after the first call");
    assert!(err.status.is(TdxStatus::INTERRUPTED_RESUMABLE));
    assert_eq!(err.leaf, 61);
    assert_eq!(err.to_string(), "TDH.EXT.MEM.ADD still interrupted after 5 resumes: TdxStatus(INTERRUPTED_RESUMABLE)");

    let mut seam = Interrupter::new(1);
    let err = tdh_export_mem(&mut seam, &TdhExportMemIn::default(), 0).unwrap_err();
    assert_eq!((err.kind, seam.calls.len()), (LeafErrorKind::ResumeLimit, 1), "a bound of 0 never re-issues");
}

#[test]
fn a_non_resumable_leaf_reports_an_interruption_as_an_error() {
    let mut seam = Interrupter::new(1);
    let err = tdh_mng_create(&mut seam, &TdhMngCreateIn::default()).unwrap_err();
    assert_eq!((err.kind, seam.calls.len()), (LeafErrorKind::Failed, 1));
    assert!(err.status.is(TdxStatus::INTERRUPTED_RESUMABLE));
}

#[test]
fn busy_is_returned_not_retried() {
    let mut seam = Interrupter::new(0);
    seam.final_status = TdxStatus::from_bits(0x8000_0200_0000_0092);
    let err = tdh_ext_mem_add(&mut seam, &TdhExtMemAddIn { pages: page_list(1) }, 10).unwrap_err();
    assert_eq!(seam.calls.len(), 1);
    assert_eq!(err.kind, LeafErrorKind::Failed);
    assert!(err.status.is(TdxStatus::OPERAND_BUSY));
    assert_eq!(err.status.operand_id(), 0x92);
}

#[test]
fn warnings_complete_the_call() {
    let mut seam = Interrupter::new(0);
    seam.final_status = TdxStatus::KEY_CONFIGURED;
    let out = tdh_mng_key_config(&mut seam, &TdhMngKeyConfigIn::default()).unwrap();
    assert!(out.completion.status.is_warning());
    assert!(!out.completion.status.is_error());
}

#[test]
fn unlisted_versions_are_refused_without_issuing() {
    let mut seam = Interrupter::new(0);
    let err = tdh_vp_init(&mut seam, &TdhVpInitIn { version: 7, ..Default::default() }).unwrap_err();
    assert_eq!(err.kind, LeafErrorKind::UnsupportedVersion(7));
    assert!(seam.calls.is_empty());
    // Version 0 leaves the version-1 register (R8, the x2APIC ID) clear.
    let input = TdhVpInitIn { x2apic_id: 5, version: 0, ..Default::default() };
    tdh_vp_init(&mut seam, &input).unwrap();
    assert_eq!(seam.calls[0].r8, 0);
}

#[test]
#[allow(unused_qualifications)] // `size_of` is in the prelude only from Rust 1.80, past the MSRV
fn a_leaf_error_stays_under_clippys_large_error_threshold() {
    // Callers return it from their own functions and closures; at 128 bytes clippy's
    // `result_large_err` would flag every one of them.
    assert!(core::mem::size_of::<tdx_abi::LeafError>() < 128, "{}", core::mem::size_of::<tdx_abi::LeafError>());
}

#[test]
fn a_failed_tdcall_is_named_from_the_tdcall_table_not_the_seamcall_one() {
    struct Refuses;
    impl Tdcall for Refuses {
        fn tdcall(&mut self, _rax: u64, _regs: &mut Registers) -> TdxStatus {
            TdxStatus::OPERAND_INVALID
        }
    }
    // Leaf 1 is TDG.VP.INFO for TDCALL and TDH.MNG.ADDCX for SEAMCALL.
    let err = tdcalls::vp::tdg_vp_info(&mut Refuses, &Default::default()).unwrap_err();
    assert_eq!((err.instruction, err.leaf), (Instruction::Tdcall, 1));
    let shown = err.to_string();
    assert!(shown.starts_with("TDG.VP.INFO failed"), "{shown}");
    assert_eq!(Instruction::Seamcall.leaf_name(1), Some("TDH.MNG.ADDCX"));
}
