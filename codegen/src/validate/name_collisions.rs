//! Rule: no two entries (or an entry and the generator's fixed items) emit the
//! same name into a shared namespace: the Rust crate root and `generated/`'s
//! modules, the C header, the generated tests, a leaf's structs. Without it a
//! layout named `LEAVES` replaces the leaf stubs' module, a status named
//! `GENMASK_U64` redefines a macro, and two layouts' C masks coincide.

use crate::diag::Diagnostic;
use crate::model::Tables;
use crate::names::registry::{all, GeneratedName};
use std::collections::hash_map::{Entry, HashMap};

/// Collisions another rule already reports (a name defined twice; two leaf
/// names that convert to the same constant, which `leaf_identity` reports),
/// which would otherwise be reported twice.
fn reported_elsewhere(first: &GeneratedName, second: &GeneratedName) -> bool {
    let leaf_name = |n: &GeneratedName| {
        n.owner.what.starts_with("leaf `") && n.owner.at.as_ref().is_some_and(|(_, key)| *key == "name")
    };
    first.owner.what == second.owner.what || (leaf_name(first) && leaf_name(second))
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let names = all(tables);
    // Looked up once per generated name (a few per field): a hash map of borrowed names to their first owner.
    let mut seen: HashMap<(crate::names::registry::Space, &str), usize> = HashMap::with_capacity(names.len());
    // One report per pair of owners, however many names they share.
    let mut pairs = std::collections::BTreeSet::new();
    for (index, name) in names.iter().enumerate() {
        let first = match seen.entry((name.space, name.name.as_str())) {
            Entry::Vacant(slot) => {
                slot.insert(index);
                continue;
            }
            Entry::Occupied(slot) => &names[*slot.get()],
        };
        if reported_elsewhere(first, name) || !pairs.insert((first.owner.what.clone(), name.owner.what.clone())) {
            continue;
        }
        // Point at the entry; fixed names never collide with each other.
        let Some((origin, key_name)) = name.owner.at.clone() else { continue };
        let msg = format!(
            "{} generates `{}` ({}), which {} also generates",
            name.owner.what,
            name.name,
            name.space.describe(),
            first.owner.what
        );
        let help = "rename one of them; every generated Rust item, C macro and test name must be unique";
        let mut d = tables.entry_diag(name.owner.what.to_string(), &origin, Some(key_name), None, msg).with_help(help);
        if let Some((first_origin, first_key)) = &first.owner.at {
            d = d.with_note(tables.note(first_origin, Some(first_key), format!("{} is here", first.owner.what)));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, leaves_yaml, run};
    use super::check;

    #[test]
    fn layouts_may_not_take_the_names_of_generated_modules_or_core_items() {
        let leaves = layout_yaml("LEAVES", 8, &[("A", "7:0", "")], &[], "");
        let status = layout_yaml("TDX_STATUS", 8, &[("A", "7:0", "")], &[], "");
        assert_eq!(
            run(check, &[&leaves, &status]),
            [
                "2:11 layout `LEAVES` generates `leaves` (an item at the Rust crate root), which the generated registries also generates",
                "2:11 layout `TDX_STATUS` generates `TdxStatus` (an item at the Rust crate root), which tdx-abi itself also generates",
            ]
        );
    }

    #[test]
    fn c_macros_of_two_layouts_and_a_leaf_may_not_coincide() {
        let a = layout_yaml("TDH_MNG", 8, &[("RD", "7:0", "")], &[], "");
        let b = layout_yaml("TDH", 8, &[("MNG_RD", "7:0", "")], &[], "");
        let leaf = leaves_yaml("  - {name: TDH.MNG.RD, number: 1, since: t, description: d}\n");
        let got = run(check, &[&a, &b, &leaf]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|m| m.contains("generates `TDH_MNG_RD` (a C macro)")), "{got:?}");
    }

    #[test]
    fn a_leafs_inputs_may_not_be_called_version_nor_its_outputs_completion() {
        let leaf = leaves_yaml(
            "  - {name: TDH.A.B, number: 1, versions: [0, 1], since: t, description: d, inputs: [{reg: rcx, name: version, type: u64}], outputs: [{reg: rcx, name: completion, type: u64}]}\n",
        );
        let got = run(check, &[&leaf]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].contains("input `version` of leaf `TDH.A.B` generates `version`"), "{got:?}");
        assert!(got[1].contains("output `completion` of leaf `TDH.A.B` generates `completion`"), "{got:?}");
    }

    #[test]
    fn a_status_may_not_redefine_a_macro_the_header_relies_on() {
        let y = "source: {repo: a/b, path: c}\nstatus_codes:\n  - {name: GENMASK_U64, value: 0x8000000000000000}\n";
        let got = run(check, &[y]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0]
            .contains("status code `GENMASK_U64` generates `GENMASK_U64` (a C macro), which the C header's prelude"));
    }
}
