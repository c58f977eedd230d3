//! The simulated TD's leaves, through tdx-abi's stubs: what they return and
//! what they refuse, with the module's statuses.

use tdx_abi::tdcalls::{mem, mr, sys, vm};
use tdx_abi::{
    metadata, rax, td_metadata, tdvmcalls, FieldId, GuestPhysAddr, LeafErrorKind, MetadataScope, PageInfo, Registers,
    Tdcall, TdvmcallStatus, TdxStatus, DEFAULT_MAX_RESUMES, METADATA_FIELDS,
};
use tdx_sim::{Fault, SimTd, TdConfig, UNKNOWN_LEAF};

fn td() -> SimTd {
    SimTd::new(TdConfig::default())
}

/// The status of one accept: SUCCESS, a warning (PAGE_ALREADY_ACCEPTED is one), or an error.
fn accept(td: &mut SimTd, gfn: u64, level: u8) -> TdxStatus {
    let page = PageInfo::new().with_level(level).with_gpa(gfn);
    match mem::tdg_mem_page_accept(td, &mem::TdgMemPageAcceptIn { page }, DEFAULT_MAX_RESUMES) {
        Ok(done) => done.completion.status,
        Err(e) => e.status,
    }
}

fn gpa(a: u64) -> GuestPhysAddr {
    GuestPhysAddr::new(a).unwrap()
}

#[test]
fn a_page_accepted_twice_gets_the_modules_status() {
    let mut td = td();
    assert_eq!(accept(&mut td, 5, 0), TdxStatus::SUCCESS);
    // The module's answer is a warning (status bit 63 clear): the stub completes with it.
    assert_eq!(accept(&mut td, 5, 0), TdxStatus::PAGE_ALREADY_ACCEPTED);
    assert!(!TdxStatus::PAGE_ALREADY_ACCEPTED.is_error());
    // A 2 MiB page over an accepted 4 KiB page gets it too, and accepts nothing.
    assert_eq!(accept(&mut td, 0, 1), TdxStatus::PAGE_ALREADY_ACCEPTED);
    assert_eq!(td.accepted_pages(), 1);
    assert_eq!(accept(&mut td, 512, 1), TdxStatus::SUCCESS);
    assert_eq!(td.accepted_pages(), 513);
    // Misaligned 2 MiB, unknown level, beyond private memory.
    assert_eq!(accept(&mut td, 513, 1), tdx_sim::operand_invalid(tdx_abi::operand::RCX));
    assert_eq!(accept(&mut td, 0, 3), tdx_sim::operand_invalid(tdx_abi::operand::RCX));
    assert_eq!(accept(&mut td, 1 << 30, 0), TdxStatus::EPT_WALK_FAILED);
}

#[test]
fn metadata_access_follows_the_tables() {
    let mut td = td();
    let mut checked = (0, 0);
    for f in METADATA_FIELDS.iter().filter(|f| f.scope == MetadataScope::Td) {
        let readable = f.access.is_some_and(|a| a.guest.can_read());
        let writable = f.access.is_some_and(|a| a.guest.can_write());
        let rd = vm::tdg_vm_rd(&mut td, &vm::TdgVmRdIn { vm_id: 0, field_id: f.field_id, version: 0 });
        assert_eq!(rd.is_ok(), readable, "{}", f.name);
        if !readable {
            assert_eq!(rd.unwrap_err().status, TdxStatus::METADATA_FIELD_NOT_READABLE, "{}", f.name);
        }
        let wr = vm::tdg_vm_wr(&mut td, &vm::TdgVmWrIn { vm_id: 0, field_id: f.field_id, value: !0, mask: 1 });
        assert_eq!(wr.is_ok(), writable, "{}", f.name);
        if !writable {
            assert_eq!(wr.unwrap_err().status, TdxStatus::METADATA_FIELD_NOT_WRITABLE, "{}", f.name);
        }
        checked = (checked.0 + usize::from(readable), checked.1 + usize::from(writable));
    }
    assert!(checked.0 > 0 && checked.1 > 0, "some TD fields are guest-readable and -writable: {checked:?}");
    let unknown = vm::tdg_vm_rd(&mut td, &vm::TdgVmRdIn { vm_id: 0, field_id: FieldId::from_bits(0x1234), version: 0 });
    assert_eq!(unknown.unwrap_err().status, TdxStatus::METADATA_FIELD_ID_INCORRECT);
}

#[test]
fn a_write_changes_only_the_masked_bits_and_returns_the_old_value() {
    let mut td = td();
    let f = METADATA_FIELDS
        .iter()
        .find(|f| f.scope == MetadataScope::Td && f.access.is_some_and(|a| a.guest.can_write() && a.guest.can_read()))
        .expect("a guest read-write TD field");
    let id = f.field_id.into_bits();
    td.td_metadata.set(id, 0xf0);
    let wr =
        vm::tdg_vm_wr(&mut td, &vm::TdgVmWrIn { vm_id: 0, field_id: f.field_id, value: 0x0f, mask: 0x3c }).unwrap();
    assert_eq!(wr.old_value, 0xf0);
    assert_eq!(td.td_metadata.get(id), Some(0xcc));
}

#[test]
fn tdg_sys_rd_walks_the_global_fields_in_order() {
    let mut td = td();
    let first = METADATA_FIELDS
        .iter()
        .filter(|f| f.scope == MetadataScope::Global)
        .map(|f| f.field_id)
        .min_by_key(|f| f.into_bits())
        .unwrap();
    td.global_metadata.set(first.into_bits(), 42);
    let (mut id, mut seen) = (first, 0);
    loop {
        let out = sys::tdg_sys_rd(&mut td, &sys::TdgSysRdIn { field_id: id }).unwrap();
        if seen == 0 {
            assert_eq!(out.value, 42);
        }
        seen += 1;
        if out.next_field_id == u64::MAX {
            break;
        }
        id = FieldId::from_bits(out.next_field_id);
    }
    let globals = METADATA_FIELDS.iter().filter(|f| f.scope == MetadataScope::Global).map(|f| f.field_id.into_bits());
    assert_eq!(seen, globals.collect::<std::collections::BTreeSet<_>>().len());
    let _ = metadata::TDX_FEATURES0;
}

#[test]
fn reports_and_rtmr_extensions_check_their_operands() {
    let mut td = td();
    let bad_report = mr::TdgMrReportIn { report: gpa(0x4200), report_data: gpa(0x3000), sub_type: 0 };
    let e = mr::tdg_mr_report(&mut td, &bad_report, 0).unwrap_err();
    assert_eq!(e.status, tdx_sim::operand_invalid(tdx_abi::operand::RCX));
    let bad_data = mr::TdgMrReportIn { report: gpa(0x4000), report_data: gpa(0x3010), sub_type: 0 };
    assert_eq!(
        mr::tdg_mr_report(&mut td, &bad_data, 0).unwrap_err().status,
        tdx_sim::operand_invalid(tdx_abi::operand::RDX)
    );
    let bad_sub = mr::TdgMrReportIn { report: gpa(0x4000), report_data: gpa(0x3000), sub_type: 1 };
    assert_eq!(
        mr::tdg_mr_report(&mut td, &bad_sub, 0).unwrap_err().status,
        tdx_sim::operand_invalid(tdx_abi::operand::R8)
    );
    let e = mr::tdg_mr_rtmr_extend(&mut td, &mr::TdgMrRtmrExtendIn { data: gpa(0x2000), index: 4 }).unwrap_err();
    assert_eq!(e.status, tdx_sim::operand_invalid(tdx_abi::operand::RDX));
    assert_eq!(td.rtmrs(), [[0; 48]; 4], "a refused extension changes nothing");
    // Extending twice with the same value gives SHA-384(SHA-384(0^48 || v) || v), not the same value.
    td.memory.write(0x2000, &[1; 48]);
    mr::tdg_mr_rtmr_extend(&mut td, &mr::TdgMrRtmrExtendIn { data: gpa(0x2000), index: 0 }).unwrap();
    let once = td.rtmrs()[0];
    mr::tdg_mr_rtmr_extend(&mut td, &mr::TdgMrRtmrExtendIn { data: gpa(0x2000), index: 0 }).unwrap();
    assert_ne!(once, [0; 48]);
    assert_ne!(td.rtmrs()[0], once);
}

#[test]
fn unknown_leaves_versions_and_vmcalls_get_the_modules_answers() {
    let mut td = td();
    let mut regs = Registers::default();
    assert_eq!(td.tdcall(rax(0x7ff, 0), &mut regs), UNKNOWN_LEAF);
    assert_eq!(td.tdcall(rax(tdx_abi::tdcall::TDG_VP_INFO, 9), &mut regs), UNKNOWN_LEAF);
    // RCX exposing RSP is refused by the module; the VMM never sees it.
    let mut regs = Registers { rcx: 1 << 4, ..Registers::default() };
    assert_eq!(td.tdcall(rax(0, 0), &mut regs), tdx_sim::operand_invalid(tdx_abi::operand::RCX));
    // The default VMM supports no sub-function.
    let e = tdvmcalls::get_quote(&mut td, &tdvmcalls::GetQuoteIn { buffer: gpa(0x5000), size: 4096 }).unwrap_err();
    assert_eq!(e.vmm_status(), Some(TdvmcallStatus::SUBFUNC_UNSUPPORTED));
}

#[test]
fn injected_statuses_hit_the_nth_call_and_resumable_leaves_recover() {
    let page = PageInfo::new().with_level(0).with_gpa(3);
    let mut td = SimTd::new(TdConfig::default())
        .with_fault(Fault::StatusOnCall {
            leaf: tdx_abi::tdcall::TDG_MEM_PAGE_ACCEPT,
            nth: 0,
            status: TdxStatus::INTERRUPTED_RESUMABLE,
        })
        .with_fault(Fault::Busy { leaf: tdx_abi::tdcall::TDG_VM_RD });
    let done = mem::tdg_mem_page_accept(&mut td, &mem::TdgMemPageAcceptIn { page }, 4).unwrap();
    assert_eq!(done.completion.resumes, 1);
    assert!(td.is_accepted(3 << 12));
    let e =
        vm::tdg_vm_rd(&mut td, &vm::TdgVmRdIn { vm_id: 0, field_id: td_metadata::ATTRIBUTES, version: 0 }).unwrap_err();
    assert_eq!((e.kind, e.status), (LeafErrorKind::Failed, TdxStatus::OPERAND_BUSY));
    let statuses: Vec<TdxStatus> = td.calls().iter().map(|c| c.status).collect();
    assert_eq!(statuses, [TdxStatus::INTERRUPTED_RESUMABLE, TdxStatus::SUCCESS, TdxStatus::OPERAND_BUSY]);
}
