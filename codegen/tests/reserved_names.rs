//! The names no field may generate come from the traits themselves: this test
//! parses tdx-abi's trait definitions and a generated layout, and fails when
//! `names::TRAIT_ITEMS` or `names::FIXED_ITEMS` misses an item of theirs.

use std::collections::BTreeSet;
use std::path::PathBuf;
use syn::{ImplItem, Item, TraitItem};
use tdx_codegen::names::{FieldAccessors, FIXED_ITEMS, TRAIT_ITEMS};

fn tdx_abi_file(path: &str) -> syn::File {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tdx-abi/src").join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn reserved(trait_name: &str) -> BTreeSet<&'static str> {
    TRAIT_ITEMS.iter().filter(|(t, _)| *t == trait_name).flat_map(|(_, items)| items.iter().copied()).collect()
}

#[test]
fn every_item_of_tdx_abis_layout_traits_is_reserved() {
    let mut seen = 0;
    for path in ["layout.rs", "page_list.rs", "linked_list.rs"] {
        for item in tdx_abi_file(path).items {
            let Item::Trait(t) = item else { continue };
            let name = t.ident.to_string();
            let want: BTreeSet<String> = t
                .items
                .iter()
                .filter_map(|i| match i {
                    TraitItem::Fn(f) => Some(f.sig.ident.to_string()),
                    TraitItem::Const(c) => Some(c.ident.to_string()),
                    TraitItem::Type(t) => Some(t.ident.to_string()),
                    _ => None,
                })
                .collect();
            let have: BTreeSet<String> = reserved(&name).into_iter().map(String::from).collect();
            assert_eq!(have, want, "names::TRAIT_ITEMS for trait `{name}` (tdx-abi/src/{path})");
            seen += 1;
        }
    }
    assert_eq!(seen, 3, "Layout, PageList and LinkedPageList");
}

#[test]
fn a_generated_layouts_own_items_and_derives_are_reserved() {
    let file = tdx_abi_file("generated/hpa_array_t.rs");
    let field_items: BTreeSet<String> =
        [("PFN", true), ("SIZE", false)].iter().flat_map(|(f, frame)| FieldAccessors::of(f, *frame).all()).collect();
    for item in &file.items {
        match item {
            Item::Impl(i) if i.trait_.is_none() => {
                for ii in &i.items {
                    let name = match ii {
                        ImplItem::Fn(f) => f.sig.ident.to_string(),
                        ImplItem::Const(c) => c.ident.to_string(),
                        _ => continue,
                    };
                    assert!(
                        field_items.contains(&name) || FIXED_ITEMS.contains(&name.as_str()),
                        "inherent item `{name}` is neither field-derived nor in names::FIXED_ITEMS"
                    );
                }
            }
            Item::Impl(i) => {
                let path = i.trait_.as_ref().map(|(p, _)| p.segments.last().unwrap().ident.to_string()).unwrap();
                assert!(!reserved(&path).is_empty(), "trait `{path}` is implemented but not in names::TRAIT_ITEMS");
            }
            Item::Struct(s) => {
                for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                    attr.parse_nested_meta(|m| {
                        let t = m.path.segments.last().unwrap().ident.to_string();
                        // Copy is a marker trait without items.
                        assert!(t == "Copy" || !reserved(&t).is_empty(), "derived `{t}` is not in names::TRAIT_ITEMS");
                        Ok(())
                    })
                    .unwrap();
                }
            }
            _ => {}
        }
    }
}

#[test]
fn a_generated_structs_own_items_are_reserved() {
    use tdx_codegen::names::{struct_member_items, STRUCT_ITEMS};
    let file = tdx_abi_file("generated/reporttype.rs");
    let member_items: BTreeSet<String> =
        ["TEE_TYPE", "SUBTYPE", "VERSION"].iter().flat_map(|m| struct_member_items(m)).collect();
    let mut checked = 0;
    // The owned type's and the view's inherent items, constants included.
    for item in &file.items {
        let Item::Impl(i) = item else { continue };
        if i.trait_.is_some() {
            continue;
        }
        for ii in &i.items {
            let name = match ii {
                ImplItem::Fn(f) => f.sig.ident.to_string(),
                ImplItem::Const(c) => c.ident.to_string(),
                _ => continue,
            };
            assert!(
                member_items.contains(&name) || STRUCT_ITEMS.contains(&name.as_str()),
                "inherent item `{name}` is neither member-derived nor in names::STRUCT_ITEMS"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "read the owned type and the view ({checked} items)");
}
