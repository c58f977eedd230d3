//! Run-time availability: every leaf and sub-function says what to test to know it exists,
//! read from the `since` its table entry cites, and the feature bits it names are the
//! TDX_FEATURES0 layout's.

use tdx_abi::{Availability, ModuleVersion, TdxFeatures0, LAYOUTS, LEAVES, TDCALLS, TDVMCALLS};

fn leaf(name: &str) -> &'static tdx_abi::LeafInfo {
    LEAVES.iter().chain(TDCALLS).find(|l| l.name == name).unwrap()
}

#[test]
fn leaves_gate_on_module_versions_and_feature_bits() {
    let v1_0 = ModuleVersion::new(1, 0);
    let v1_5 = ModuleVersion::new(1, 5);
    // TDG.MR.VERIFYREPORT came with module 1.5 (tdcall.yaml, since: TDX module 1.5).
    assert_eq!(leaf("TDG.MR.VERIFYREPORT").available_on(v1_0, u64::MAX), Some(false));
    assert_eq!(leaf("TDG.MR.VERIFYREPORT").available_on(v1_5, 0), Some(true));
    // Migration leaves exist when TDX_FEATURES0.TD_MIGRATION is set, whatever the version.
    let export = leaf("TDH.EXPORT.MEM");
    assert_eq!(export.availability, Availability::Feature0 { bit: 0 });
    assert_eq!(export.available_on(v1_5, 0), Some(false));
    assert_eq!(export.available_on(v1_5, TdxFeatures0::TD_MIGRATION_MASK), Some(true));
    // TDX Connect and the module extension: the series' TDX_FEATURES0 bits 6 and 39.
    assert_eq!(leaf("TDH.IOMMU.SETUP").availability, Availability::Feature0 { bit: 6 });
    assert_eq!(leaf("TDH.EXT.INIT").available_on(v1_5, TdxFeatures0::EXT_MASK), Some(true));
    // Every module has the 1.0 leaves.
    assert_eq!(leaf("TDH.MNG.CREATE").available_on(v1_0, 0), Some(true));
}

#[test]
fn sub_functions_are_the_vmms_to_report() {
    let service = TDVMCALLS.iter().find(|t| t.name == "SERVICE").unwrap();
    assert_eq!(service.availability, Availability::Ghci { major: 1, minor: 5 });
    assert_eq!(service.availability.on(ModuleVersion::new(9, 9), u64::MAX), None, "the module cannot tell");
}

/// The bits the generated availabilities test are the TDX_FEATURES0 fields their `since` names.
#[test]
fn every_feature_bit_a_leaf_tests_is_the_layouts_field_of_that_name() {
    let features = LAYOUTS.iter().find(|l| l.name == "TDX_FEATURES0").unwrap();
    let mut seen = 0;
    for l in LEAVES.iter().chain(TDCALLS) {
        if let Availability::Feature0 { bit } = l.availability {
            let field =
                features.fields.iter().find(|f| l.since.contains(&format!("TDX_FEATURES0.{}", f.name))).unwrap();
            assert_eq!(field.mask, 1 << bit, "{}: {}", l.name, l.since);
            seen += 1;
        }
    }
    assert!(seen > 20, "{seen} feature-gated leaves");
}

/// ATTRIBUTES bits say when they exist: the five of module 1.0's header (qizhangz/tdx-module
/// include/tdx_api_defs.h @ 9359de5c73fb, td_param_attributes_t), MIGRATABLE with TD
/// migration, ICSSD with its TDX_FEATURES0 bit (tdx_features_enum0_t.icssd, bit 25); the
/// bits only the kernel names say nothing testable.
#[test]
fn attribute_bits_say_when_they_exist() {
    let attributes = LAYOUTS.iter().find(|l| l.name == "TD_ATTRIBUTES").unwrap();
    let bit = |name: &str| attributes.fields.iter().find(|f| f.name == name).unwrap().availability;
    let v1_0 = ModuleVersion::new(1, 0);
    for name in ["DEBUG", "SEPT_VE_DISABLE", "PKS", "KL", "PERFMON"] {
        assert_eq!(bit(name), Availability::Module(v1_0), "{name}");
    }
    assert_eq!(bit("MIGRATABLE"), Availability::Feature0 { bit: 0 });
    assert_eq!(bit("ICSSD").on(v1_0, TdxFeatures0::ICSSD_MASK), Some(true));
    assert_eq!(bit("ICSSD").on(ModuleVersion::new(9, 9), 0), Some(false));
    assert_eq!(bit("LASS"), Availability::Unstated);
}
