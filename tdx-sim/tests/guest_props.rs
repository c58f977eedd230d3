//! Random sequences of guest leaves against the simulated TD: its invariants
//! hold whatever the guest does.

use proptest::prelude::*;
use std::collections::BTreeSet;
use tdx_abi::tdcalls::{mem, mr, vm};
use tdx_abi::{GuestPhysAddr, MetadataScope, PageInfo, TdreportStruct, TdxStatus, METADATA_FIELDS};
use tdx_sim::{SimTd, TdConfig};

#[derive(Clone, Debug)]
enum Op {
    Accept { gfn: u64, large: bool },
    Write { field: usize, value: u64, mask: u64 },
    Report { slot: u64, data: u8 },
    Extend { index: u64, byte: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    let fields = METADATA_FIELDS.iter().filter(|f| f.scope == MetadataScope::Td).count();
    prop_oneof![
        (0u64..2048, any::<bool>()).prop_map(|(gfn, large)| Op::Accept { gfn, large }),
        (0..fields, any::<u64>(), any::<u64>()).prop_map(|(field, value, mask)| Op::Write { field, value, mask }),
        (0u64..8, any::<u8>()).prop_map(|(slot, data)| Op::Report { slot, data }),
        (0u64..6, any::<u8>()).prop_map(|(index, byte)| Op::Extend { index, byte }),
    ]
}

fn gpa(a: u64) -> GuestPhysAddr {
    GuestPhysAddr::new(a).unwrap()
}

proptest! {
    #[test]
    fn the_simulated_td_keeps_its_invariants(ops in prop::collection::vec(op(), 1..60)) {
        let mut td = SimTd::new(TdConfig::default());
        let td_fields: Vec<_> = METADATA_FIELDS.iter().filter(|f| f.scope == MetadataScope::Td).collect();
        let mut accepted = BTreeSet::new();
        for op in ops {
            match op {
                Op::Accept { gfn, large } => {
                    let (level, gfn) = if large { (1, gfn & !511) } else { (0, gfn) };
                    let pages: BTreeSet<u64> = (gfn..gfn + if large { 512 } else { 1 }).collect();
                    let page = PageInfo::new().with_level(level).with_gpa(gfn);
                    let status = match mem::tdg_mem_page_accept(&mut td, &mem::TdgMemPageAcceptIn { page }, 0) {
                        Ok(done) => done.completion.status,
                        Err(e) => e.status,
                    };
                    // No page is ever accepted twice: success only when none of its pages was.
                    prop_assert_eq!(status == TdxStatus::SUCCESS, accepted.is_disjoint(&pages));
                    if status == TdxStatus::SUCCESS {
                        accepted.extend(pages);
                    }
                    prop_assert_eq!(td.accepted_pages(), accepted.len());
                }
                Op::Write { field, value, mask } => {
                    let f = td_fields[field];
                    let before = td.td_metadata.get(f.field_id.into_bits());
                    let wr = vm::tdg_vm_wr(&mut td, &vm::TdgVmWrIn { vm_id: 0, field_id: f.field_id, value, mask });
                    let writable = f.access.is_some_and(|a| a.guest.can_write());
                    // Access rights are never bypassed: a field the TD may not write keeps its value.
                    prop_assert_eq!(wr.is_ok(), writable, "{}", f.name);
                    if !writable {
                        prop_assert_eq!(td.td_metadata.get(f.field_id.into_bits()), before);
                    }
                }
                Op::Report { slot, data } => {
                    let at = 0x10_0000 + slot * 0x1000;
                    td.memory.write(0x8000, &[data; 64]);
                    let input = mr::TdgMrReportIn { report: gpa(at), report_data: gpa(0x8000), sub_type: 0 };
                    mr::tdg_mr_report(&mut td, &input, 0).unwrap();
                    // Every report has the struct's size and layout, and carries the REPORTDATA and RTMRs.
                    let bytes = td.memory.read::<{ TdreportStruct::SIZE }>(at);
                    let report = TdreportStruct::from_bytes(&bytes);
                    prop_assert!(report.is_ok(), "{:?}", report.err());
                    let report = report.unwrap();
                    prop_assert_eq!(report.reportmacstruct().reportdata(), [data; 64]);
                    prop_assert_eq!(report.tdinfo().rtmr(), td.rtmrs());
                }
                Op::Extend { index, byte } => {
                    let before = td.rtmrs();
                    td.memory.write(0x9000, &[byte; 48]);
                    let done = mr::tdg_mr_rtmr_extend(&mut td, &mr::TdgMrRtmrExtendIn { data: gpa(0x9000), index });
                    prop_assert_eq!(done.is_ok(), index < 4);
                    for (i, (now, was)) in td.rtmrs().iter().zip(before).enumerate() {
                        prop_assert_eq!(*now != was, i as u64 == index);
                    }
                }
            }
        }
    }
}
