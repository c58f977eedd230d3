//! Facts the generator and tdx-abi both hold must agree: the register enum
//! (`resolved::Register` and `tdx_abi::Reg`) and where RAX carries the leaf
//! version (`resolved::VERSION_SHIFT` and the `LEAF_AND_VERSION` table).

use std::path::PathBuf;
use syn::Item;
use tdx_codegen::load::{load, read_dir};
use tdx_codegen::resolved::{Register, VERSION_SHIFT};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn the_generators_registers_are_tdx_abis_reg_in_the_same_order() {
    let text = std::fs::read_to_string(workspace().join("tdx-abi/src/registers.rs")).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let reg = file
        .items
        .iter()
        .find_map(|i| match i {
            Item::Enum(e) if e.ident == "Reg" => Some(e),
            _ => None,
        })
        .expect("tdx-abi defines enum Reg");
    let theirs: Vec<String> = reg.variants.iter().map(|v| v.ident.to_string()).collect();
    let ours: Vec<String> = Register::ALL.iter().map(|r| r.variant()).collect();
    assert_eq!(ours, theirs);
}

#[test]
fn the_version_shift_is_leaf_and_versions_version_field() {
    let root = workspace();
    let tables = load(&read_dir(&root.join("spec-tables"), &root).unwrap()).unwrap();
    let layout = tables.layouts.iter().find(|l| l.name == "LEAF_AND_VERSION").expect("LEAF_AND_VERSION table");
    let version = layout.field("VERSION").expect("its VERSION field");
    assert_eq!(version.bits.lo, VERSION_SHIFT);
}

#[test]
fn the_generators_register_numbers_are_tdx_abis() {
    // The exposure bitmaps the generator derives and the registers the simulator
    // hands a VMM (`Registers::only`) must number registers alike.
    for reg in tdx_abi::Reg::ALL {
        let ours = Register::parse(reg.name()).unwrap_or_else(|| panic!("{} unknown to the generator", reg.name()));
        assert_eq!(ours.gpr_index(), reg.gpr_index(), "{}", reg.name());
    }
}
