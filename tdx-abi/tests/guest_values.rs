//! Guest-side values against the public sources that define them, each
//! assertion citing its source, so a table edit that drifts from a source
//! fails here. Conflicts between sources are asserted as decided in
//! spec-tables/README.md.

use tdx_abi::{tdcall, ConfigFlags, TdAttributes, TdCtls, TdxFeatures0, TDCALLS};

/// torvalds/linux arch/x86/include/asm/shared/tdx.h @ 6867849aac96: TDCALL leaf IDs.
#[test]
fn tdcall_leaf_numbers_match_the_kernel() {
    assert_eq!(tdcall::TDG_VP_VMCALL, 0); // TDG_VP_VMCALL 0
    assert_eq!(tdcall::TDG_VP_INFO, 1); // TDG_VP_INFO 1
    assert_eq!(tdcall::TDG_VP_VEINFO_GET, 3); // TDG_VP_VEINFO_GET 3
    assert_eq!(tdcall::TDG_MR_REPORT, 4); // TDG_MR_REPORT 4
    assert_eq!(tdcall::TDG_MEM_PAGE_ACCEPT, 6); // TDG_MEM_PAGE_ACCEPT 6
    assert_eq!(tdcall::TDG_VM_RD, 7); // TDG_VM_RD 7
    assert_eq!(tdcall::TDG_VM_WR, 8); // TDG_VM_WR 8
}

/// intel/tdx-module include/tdx_api_defs.h @ 72d8cffb214b: the TDCALL leaf enum.
#[test]
fn tdcall_leaf_numbers_match_the_module_1_5_enum() {
    assert_eq!(tdcall::TDG_MR_RTMR_EXTEND, 2); // TDG_MR_RTMR_EXTEND_LEAF
    assert_eq!(tdcall::TDG_VP_CPUIDVE_SET, 5); // TDG_VP_CPUIDVE_SET_LEAF
    assert_eq!(tdcall::TDG_VP_RD, 9); // TDG_VP_RD_LEAF
    assert_eq!(tdcall::TDG_VP_WR, 10); // TDG_VP_WR_LEAF
    assert_eq!(tdcall::TDG_SYS_RD, 11); // TDG_SYS_RD_LEAF
    assert_eq!(tdcall::TDG_SYS_RDALL, 12); // TDG_SYS_RDALL_LEAF
    assert_eq!(tdcall::TDG_SERVTD_RD, 18); // TDG_SERVTD_RD_LEAF
    assert_eq!(tdcall::TDG_SERVTD_WR, 20); // TDG_SERVTD_WR_LEAF
    assert_eq!(tdcall::TDG_MR_VERIFYREPORT, 22); // TDG_MR_VERIFYREPORT_LEAF
    assert_eq!(tdcall::TDG_MEM_PAGE_ATTR_RD, 23); // TDG_MEM_PAGE_ATTR_RD_LEAF
    assert_eq!(tdcall::TDG_MEM_PAGE_ATTR_WR, 24); // TDG_MEM_PAGE_ATTR_WR_LEAF
    assert_eq!(tdcall::TDG_VP_ENTER, 25); // TDG_VP_ENTER_LEAF
    assert_eq!(tdcall::TDG_VP_INVEPT, 26); // TDG_VP_INVEPT_LEAF
                                           // Conflict: module 1.5 names leaf 27 TDG_VP_INVVPID_LEAF; later sources call it
                                           // TDG.VP.INVGLA. Decided (spec-tables/README.md): the module 1.5 name, the other in the note.
    assert_eq!(tdcall::TDG_VP_INVVPID, 27);
    let entry = TDCALLS.iter().find(|l| l.number == 27).unwrap();
    assert_eq!(entry.name, "TDG.VP.INVVPID");
    // Recorded with both names, deliberately: the later name is an alias of the same number.
    assert_eq!(entry.aliases, ["TDG.VP.INVGLA"]);
    assert_eq!(tdcall::TDG_VP_INVGLA, tdcall::TDG_VP_INVVPID);
    // Only TDG.VM.RD has a version 1 in module 1.5 (tdx_td_dispatcher.c rejects others).
    let versioned: Vec<&str> = TDCALLS.iter().filter(|l| l.versions.len() > 1).map(|l| l.name).collect();
    assert_eq!(versioned, ["TDG.VM.RD"]);
}

/// torvalds/linux arch/x86/include/asm/shared/tdx.h @ 6867849aac96: TDX_ATTR_*_BIT.
#[test]
fn td_attribute_bits_match_the_kernel() {
    let bits = [
        (TdAttributes::DEBUG_MASK, 0),            // TDX_ATTR_DEBUG_BIT
        (TdAttributes::HGS_PLUS_PROF_MASK, 4),    // TDX_ATTR_HGS_PLUS_PROF_BIT
        (TdAttributes::PERF_PROF_MASK, 5),        // TDX_ATTR_PERF_PROF_BIT
        (TdAttributes::PMT_PROF_MASK, 6),         // TDX_ATTR_PMT_PROF_BIT
        (TdAttributes::ICSSD_MASK, 16),           // TDX_ATTR_ICSSD_BIT
        (TdAttributes::LASS_MASK, 27),            // TDX_ATTR_LASS_BIT
        (TdAttributes::SEPT_VE_DISABLE_MASK, 28), // TDX_ATTR_SEPT_VE_DISABLE_BIT
        (TdAttributes::MIGRATABLE_MASK, 29),      // TDX_ATTR_MIGRTABLE_BIT (the kernel's spelling)
        (TdAttributes::PKS_MASK, 30),             // TDX_ATTR_PKS_BIT
        (TdAttributes::KL_MASK, 31),              // TDX_ATTR_KL_BIT
        (TdAttributes::TPA_MASK, 62),             // TDX_ATTR_TPA_BIT
        (TdAttributes::PERFMON_MASK, 63),         // TDX_ATTR_PERFMON_BIT
    ];
    for (mask, bit) in bits {
        assert_eq!(mask, 1u64 << bit, "bit {bit}");
    }
}

/// torvalds/linux arch/x86/include/asm/shared/tdx.h @ 6867849aac96: TD_CTLS_*_BIT and
/// TDCS_CONFIG_FLEXIBLE_PENDING_VE; arch/x86/kvm/vmx/tdx_arch.h: TDX_CONFIG_FLAGS_*.
#[test]
fn td_ctls_and_config_flags_bits_match_the_kernel() {
    assert_eq!(TdCtls::PENDING_VE_DISABLE_MASK, 1 << 0); // TD_CTLS_PENDING_VE_DISABLE_BIT 0
    assert_eq!(TdCtls::ENUM_TOPOLOGY_MASK, 1 << 1); // TD_CTLS_ENUM_TOPOLOGY_BIT 1
    assert_eq!(TdCtls::VIRT_CPUID2_MASK, 1 << 2); // TD_CTLS_VIRT_CPUID2_BIT 2
    assert_eq!(TdCtls::REDUCE_VE_MASK, 1 << 3); // TD_CTLS_REDUCE_VE_BIT 3
    assert_eq!(TdCtls::LOCK_MASK, 1 << 63); // TD_CTLS_LOCK_BIT 63
    assert_eq!(ConfigFlags::FLEXIBLE_PENDING_VE_MASK, 1 << 1); // TDCS_CONFIG_FLEXIBLE_PENDING_VE BIT_ULL(1)
                                                               // One bit, two names: the kernel's TDX_CONFIG_FLAGS_MAX_GPAW is the module's config_flags_t.gpaw.
    assert_eq!(ConfigFlags::GPAW_MASK, 1 << 0); // TDX_CONFIG_FLAGS_MAX_GPAW BIT_ULL(0)
    assert_eq!(ConfigFlags::NO_RBP_MOD_MASK, 1 << 2); // TDX_CONFIG_FLAGS_NO_RBP_MOD BIT_ULL(2)
}

/// intel/tdx-module include/tdx_api_defs.h @ 1e6369859b43 (tdx_features_enum0_t), and the
/// kernel's TDX_FEATURES0_NO_RBP_MOD BIT(18) and MD_FIELD_ID_FEATURES0_TOPOLOGY_ENUM BIT_ULL(20).
#[test]
fn tdx_features0_bits_match_the_module_and_the_kernel() {
    assert_eq!(TdxFeatures0::TD_MIGRATION_MASK, 1 << 0);
    assert_eq!(TdxFeatures0::TD_PRESERVING_MASK, 1 << 1);
    assert_eq!(TdxFeatures0::SERVICE_TD_MASK, 1 << 2);
    assert_eq!(TdxFeatures0::TD_PARTITIONING_MASK, 1 << 7);
    assert_eq!(TdxFeatures0::NO_RBP_MOD_MASK, 1 << 18); // kernel: TDX_FEATURES0_NO_RBP_MOD BIT(18)
    assert_eq!(TdxFeatures0::TOPOLOGY_ENUM_MASK, 1 << 20); // kernel: MD_FIELD_ID_FEATURES0_TOPOLOGY_ENUM
    assert_eq!(TdxFeatures0::CPUID2_VIRT_MASK, 1 << 29);
}

/// The guest's TDG.VP.INFO outputs as the module writes them (tdg_vp_info.c @ 72d8cffb214b):
/// R8 the vCPU counts, R10 the available commands.
#[test]
fn tdg_vp_info_outputs_read_as_their_words() {
    use tdx_abi::{TdNumOfVcpus, TdgCommandsAvailable};
    let vcpus = TdNumOfVcpus::from_bits(0x0000_0010_0000_0004);
    assert_eq!((vcpus.num_vcpus(), vcpus.max_vcpus()), (4, 16));
    assert!(TdgCommandsAvailable::from_bits(1).tdg_sys_rd_available());
}

/// The TD-scope field-ID conflict of the issue, as decided (spec-tables/README.md): the module's
/// generated TDR/TDCS lookup (intel/tdx-module 72d8cffb214b) gives the constants; the kernel's
/// forms (arch/x86/include/asm/shared/tdx.h @ 6867849aac96, TDCS_*) and Intel's ABI JSON form are
/// available under their own module, so each is picked by name.
#[test]
fn td_scope_field_ids_in_every_form() {
    use tdx_abi::{td_metadata, MetadataScope, Rights, METADATA_FIELDS};
    // The module's lookup and the kernel agree on CONFIG_FLAGS and TD_CTLS.
    assert_eq!(td_metadata::CONFIG_FLAGS.into_bits(), 0x1110_0003_0000_0016); // TDCS_CONFIG_FLAGS
    assert_eq!(td_metadata::TD_CTLS.into_bits(), 0x1110_0003_0000_0017); // TDCS_TD_CTLS
                                                                         // The ABI JSON sets bit 63 on CONFIG_FLAGS.
    assert_eq!(td_metadata::json_form::CONFIG_FLAGS.into_bits(), 0x9110_0003_0000_0016);
    // The kernel writes NOTIFY_ENABLES and TOPOLOGY_ENUM_CONFIGURED with context and size codes 0.
    assert_eq!(td_metadata::NOTIFY_ENABLES.into_bits(), 0x9110_0003_0000_0010);
    assert_eq!(td_metadata::linux_form::NOTIFY_ENABLES.into_bits(), 0x9100_0000_0000_0010); // TDCS_NOTIFY_ENABLES
    assert_eq!(td_metadata::TOPOLOGY_ENUM_CONFIGURED.into_bits(), 0x9110_0000_0000_0019);
    assert_eq!(td_metadata::linux_form::TOPOLOGY_ENUM_CONFIGURED.into_bits(), 0x9100_0000_0000_0019);
    // Every form names the same field: class and field code agree.
    for m in METADATA_FIELDS.iter().filter(|m| m.scope == MetadataScope::Td) {
        for other in [m.linux_form, m.json_form].into_iter().flatten() {
            assert_eq!(other.class_code(), m.field_id.class_code(), "{}", m.name);
            assert_eq!(other.field_code(), m.field_id.field_code(), "{}", m.name);
        }
    }
    // Access rights from the lookup's masks: the guest may write NOTIFY_ENABLES and TD_CTLS (bit 0), not CONFIG_FLAGS.
    let access = |name: &str| {
        METADATA_FIELDS.iter().find(|m| m.scope == MetadataScope::Td && m.name == name).and_then(|m| m.access).unwrap()
    };
    assert_eq!(access("NOTIFY_ENABLES").guest, Rights::ReadWrite);
    assert_eq!(access("TD_CTLS").guest, Rights::ReadWrite);
    assert_eq!((access("CONFIG_FLAGS").guest, access("CONFIG_FLAGS").host), (Rights::Read, Rights::Read));
    assert_eq!(access("TD_CTLS").host, Rights::None, "a production TD's host cannot read TD_CTLS");
}

/// vCPU-scope fields from the module's TDVPS lookup (intel/tdx-module 72d8cffb214b), as the
/// kernel's KVM reads VCPU_INDEX-style fields with TDH.VP.RD: context code 2.
#[test]
fn vcpu_scope_fields_carry_context_code_two() {
    use tdx_abi::vcpu_metadata;
    assert_eq!(vcpu_metadata::VCPU_INDEX.context_code(), 2);
    assert_eq!(vcpu_metadata::XFAM.context_code(), 2);
    assert_ne!(vcpu_metadata::XFAM, tdx_abi::td_metadata::XFAM, "one name, two scopes, two fields");
}

/// intel/tdx-module include/tdx_api_defs.h @ 72d8cffb214b: gpa_attr_t (four 16-bit
/// gpa_attr_single_vm_t, VM 0 first) as TDG.MEM.PAGE.ATTR.RD returns it in RDX.
#[test]
fn page_attributes_read_per_vm() {
    use tdx_abi::{GpaAttr, GpaAttrSingleVm};
    let attr = GpaAttr::from_bits(0x8003_0000_0000_8007);
    let l1 = GpaAttrSingleVm::from_bits(attr.l1());
    assert!(l1.r() && l1.w() && l1.xs() && !l1.xu() && l1.valid());
    let vm3 = GpaAttrSingleVm::from_bits(attr.l2_vm3());
    assert!(vm3.r() && vm3.w() && vm3.valid() && !vm3.sve());
    assert_eq!(GpaAttrSingleVm::SVE_MASK, 1 << 7); // gpa_attr_single_vm_t.sve, bit 7
    assert_eq!(GpaAttrSingleVm::VALID_MASK, 1 << 15); // gpa_attr_single_vm_t.valid, bit 15
}
