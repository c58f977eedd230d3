//! Status decoding, leaf constants and metadata field IDs, on real values.

use tdx_abi::*;

#[test]
fn operand_busy_on_the_sept_decodes_with_its_operand() {
    let status = TdxStatus::from_bits(0x8000_0200_0000_0092);
    assert!(status.is(TdxStatus::OPERAND_BUSY));
    assert_eq!(status.name(), Some("OPERAND_BUSY"));
    assert_eq!(status.operand_id(), 0x92);
    assert_eq!(status.operand_name(), Some("SEPT"));
    assert_eq!(operand::SEPT, 0x92);
    assert!(status.is_error() && !status.is_non_recoverable() && !status.is_fatal());
    assert_eq!(status.class(), 2);
    assert_eq!(format!("{status:?}"), "TdxStatus(OPERAND_BUSY, operand 0x92 SEPT)");
}

#[test]
fn software_defined_codes_match_the_kernel() {
    assert_eq!(TdxStatus::SEAMCALL_VMFAILINVALID.into_bits(), 0x8000_FF00_FFFF_0000);
    assert_eq!(format!("{:?}", TdxStatus::SEAMCALL_VMFAILINVALID), "TdxStatus(SEAMCALL_VMFAILINVALID)");
    // Class 0xFF codes are matched on the whole value: #GP and #UD differ only in bits 31:0.
    assert!(!TdxStatus::SEAMCALL_GP.is(TdxStatus::SEAMCALL_UD));
    assert_eq!(TdxStatus::from_bits(0x8000_FF00_0000_000D).name(), Some("SEAMCALL_GP"));
}

#[test]
fn kernel_and_module_values_of_non_recoverable_td_are_one_code() {
    let module = TdxStatus::from_bits(0x6000_0002_0000_0000);
    let kernel = TdxStatus::from_bits(0x4000_0002_0000_0000);
    assert_eq!(TdxStatus::NON_RECOVERABLE_TD, module);
    assert!(kernel.is(TdxStatus::NON_RECOVERABLE_TD));
    assert_eq!(kernel.name(), Some("NON_RECOVERABLE_TD"));
    assert!(module.is_fatal() && !kernel.is_fatal(), "the flags still read as written");
}

#[test]
fn warnings_are_not_errors_and_unknown_codes_print_in_hex() {
    assert!(TdxStatus::KEY_CONFIGURED.is_warning());
    assert!(!TdxStatus::KEY_CONFIGURED.is_error());
    assert!(TdxStatus::SUCCESS.is_success() && !TdxStatus::SUCCESS.is_warning());
    let unknown = TdxStatus::from_bits(0xC000_7777_0000_0001);
    assert_eq!(unknown.name(), None);
    assert_eq!(format!("{unknown:?}"), "TdxStatus(0xc000777700000001)");
    assert_eq!(u64::from(unknown), 0xC000_7777_0000_0001, "unknown values round-trip");
}

#[test]
fn every_named_status_finds_itself_by_name() {
    assert!(STATUS_CODES.len() > 150);
    for s in STATUS_CODES {
        let short = s.name.strip_prefix("TDX_").unwrap();
        assert_eq!(s.status.name(), Some(short), "{}", s.name);
    }
}

#[test]
fn leaf_constants_encode_the_version_in_bits_23_16() {
    assert_eq!(leaf::TDH_VP_INIT, 22);
    assert_eq!(rax(leaf::TDH_VP_INIT, 1), 0x10016);
    assert_eq!(LeafAndVersion::from_bits(rax(leaf::TDH_VP_INIT, 1)).version(), 1);
    assert_eq!(leaf::TDH_MNG_CREATE, 9);
    assert_eq!(leaf_name(22), Some("TDH.VP.INIT"));
    assert_eq!(leaf_name(0xFFFF), None);
}

#[test]
fn the_leaf_registry_is_complete_sorted_and_unique() {
    assert!(LEAVES.len() > 100, "{} leaves", LEAVES.len());
    assert!(LEAVES.windows(2).all(|w| w[0].number < w[1].number), "sorted by number, no duplicates");
    let ext = LEAVES.iter().find(|l| l.name == "TDH.EXT.MEM.ADD").unwrap();
    assert_eq!((ext.number, ext.resume, ext.serialized), (61, Resume::ReissueOutputs, true));
    let wb = LEAVES.iter().find(|l| l.name == "TDH.PHYMEM.CACHE.WB").unwrap();
    assert_eq!(wb.resume, Resume::ResumeFlag(Reg::Rcx));
    // TDX Connect numbering follows the kernel series, not the superseded prototype.
    assert_eq!(leaf_name(128), Some("TDH.IOMMU.SETUP"));
    assert_eq!(leaf_name(135), Some("TDH.IDE.STREAM.KM"));
}

#[test]
fn field_ids_decode_through_the_field_id_layout_with_their_scopes_context() {
    let id = metadata::MAX_VCPUS_PER_TD;
    assert_eq!(id.into_bits(), 0x9900_0001_0000_0008);
    assert_eq!((id.class_code(), id.element_size_code(), id.context_code(), id.field_code()), (25, 1, 0, 8));
    assert_eq!(metadata::TDX_FEATURES0.into_bits(), 0x0A00_0003_0000_0008);
    for m in METADATA_FIELDS {
        assert_eq!(1u8 << m.field_id.element_size_code(), m.element_size, "{}", m.name);
        let context = match m.scope {
            MetadataScope::Global => 0,
            MetadataScope::Td => 1,
            MetadataScope::Vcpu => 2,
        };
        assert_eq!(m.field_id.context_code(), context, "{} is {:?}", m.name, m.scope);
    }
    let values = METADATA_FIELDS.iter().find(|m| m.name == "CPUID_CONFIG_VALUES").unwrap();
    assert_eq!((values.count, values.elements), (32, 2));
}
