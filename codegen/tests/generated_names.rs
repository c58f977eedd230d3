//! `names::registry` lists every name the generator emits into a shared
//! namespace, so validation can refuse collisions. This test reads what the
//! generator actually wrote for the bundled tables (tdx-abi's generated Rust,
//! C header and tests) and fails on any emitted name the registry does not
//! list: the registry cannot drift from the emitters.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use syn::{Item, Macro};
use tdx_codegen::load::{load, read_dir};
use tdx_codegen::names::registry::{all, Space};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn registered(space: Space) -> BTreeSet<String> {
    let root = workspace();
    let tables = load(&read_dir(&root.join("spec-tables"), &root).unwrap()).unwrap();
    all(&tables).into_iter().filter(|n| n.space == space).map(|n| n.name).collect()
}

fn parse(path: &Path) -> syn::File {
    syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Names a module's items put in scope (items, `mod`s, `use` leaves other than globs).
fn item_names(items: &[Item], out: &mut BTreeSet<String>) {
    for item in items {
        let name = match item {
            Item::Const(i) => i.ident.to_string(),
            Item::Fn(i) => i.sig.ident.to_string(),
            Item::Mod(i) => i.ident.to_string(),
            Item::Struct(i) => i.ident.to_string(),
            Item::Use(u) => {
                use_names(&u.tree, out);
                continue;
            }
            Item::Macro(m) => {
                if let Some(first) = macro_first_ident(&m.mac) {
                    out.insert(first);
                }
                continue;
            }
            _ => continue,
        };
        out.insert(name);
    }
}

fn use_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, out),
        syn::UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            out.insert(r.rename.to_string());
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

/// The test name a `field_props!(name, ...)` invocation defines.
fn macro_first_ident(mac: &Macro) -> Option<String> {
    mac.tokens.clone().into_iter().next().map(|t| t.to_string())
}

#[test]
fn every_rust_root_item_the_generator_emits_is_registered() {
    let dir = workspace().join("tdx-abi/src/generated");
    // The root's own items and modules, and what it re-exports: the glob-exported
    // sections' items, and `leaves`' numbers and registry (its stubs stay in `leaves::<area>`).
    let mut emitted = BTreeSet::new();
    for f in ["mod.rs", "status_codes.rs", "metadata_fields.rs"] {
        item_names(&parse(&dir.join(f)).items, &mut emitted);
    }
    let mut leaves = BTreeSet::new();
    item_names(&parse(&dir.join("leaves/mod.rs")).items, &mut leaves);
    for re_exported in ["leaf", "leaf_name", "LEAVES"] {
        assert!(leaves.contains(re_exported), "leaves/mod.rs defines {re_exported}");
        emitted.insert(re_exported.to_string());
    }
    // A private import the status module uses itself.
    emitted.remove("TdxStatus");
    let known = registered(Space::RustRoot);
    let missing: Vec<&String> = emitted.difference(&known).collect();
    assert!(missing.is_empty(), "emitted but not in names::registry: {missing:?}");
}

#[test]
fn every_c_name_the_header_defines_is_registered() {
    let header = std::fs::read_to_string(workspace().join("tdx-abi/include/tdx_abi.h")).unwrap();
    let mut defined: BTreeSet<String> = header
        .lines()
        .filter_map(|l| l.strip_prefix("#define "))
        .map(|rest| rest.split(|c: char| c.is_whitespace() || c == '(').next().unwrap().to_string())
        .collect();
    // The helpers share the namespace: every `static inline` function and enum constant.
    let functions: BTreeSet<String> = header
        .lines()
        .filter_map(|l| l.strip_prefix("static inline "))
        .map(|rest| rest.split('(').next().unwrap().rsplit([' ', '*']).next().unwrap().to_string())
        .collect();
    assert!(functions.contains("hpa_array_t_placement") && functions.contains("hpa_list_info_pfn_get"));
    defined.extend(functions);
    defined.extend(header.lines().filter_map(|l| {
        let constant = l.strip_prefix('\t')?.split([' ', ',']).next()?;
        constant.starts_with("TDX_ABI_").then(|| constant.to_string())
    }));
    let known = registered(Space::C);
    let missing: Vec<&String> = defined.difference(&known).collect();
    assert!(missing.is_empty(), "defined but not in names::registry: {missing:?}");
}

#[test]
fn every_name_the_generated_tests_declare_is_registered() {
    let mut emitted = BTreeSet::new();
    for f in ["tdx-abi/tests/field_props/generated.rs", "tdx-abi/tests/leaf_stubs/generated.rs"] {
        item_names(&parse(&workspace().join(f)).items, &mut emitted);
    }
    let known = registered(Space::Tests);
    let missing: Vec<&String> = emitted.difference(&known).collect();
    assert!(missing.is_empty(), "declared but not in names::registry: {missing:?}");
}

#[test]
fn tdx_abis_own_root_items_are_registered() {
    let lib = parse(&workspace().join("tdx-abi/src/lib.rs"));
    let mut own = BTreeSet::new();
    for item in &lib.items {
        if let Item::Use(u) = item {
            if matches!(u.vis, syn::Visibility::Public(_)) {
                use_names(&u.tree, &mut own);
            }
        }
    }
    let core: BTreeSet<String> = tdx_codegen::names::registry::CORE_ROOT_ITEMS.iter().map(|s| s.to_string()).collect();
    assert_eq!(own, core, "names::registry::CORE_ROOT_ITEMS must list tdx-abi's own root items");
}

#[test]
fn every_tdvmcalls_item_and_constant_is_registered() {
    let file = parse(&workspace().join("tdx-abi/src/generated/tdvmcalls.rs"));
    let mut items = BTreeSet::new();
    item_names(&file.items, &mut items);
    let missing: Vec<String> = items.difference(&registered(Space::Tdvmcalls)).cloned().collect();
    assert!(missing.is_empty(), "emitted in tdvmcalls but not in names::registry: {missing:?}");
    let consts = file.items.iter().find_map(|i| match i {
        Item::Mod(m) if m.ident == "tdvmcall" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    let consts = consts.expect("tdvmcalls.rs declares `mod tdvmcall { .. }`");
    let mut names = BTreeSet::new();
    item_names(consts, &mut names);
    assert!(names.contains("MAP_GPA_EXPOSE"), "{names:?}");
    let missing: Vec<String> = names.difference(&registered(Space::TdvmcallConsts)).cloned().collect();
    assert!(missing.is_empty(), "constants in tdvmcall but not in names::registry: {missing:?}");
}
