//! Rule: layout names are unique across all files, field names within a
//! layout, and no two generated items of a layout share a name.

use crate::diag::Diagnostic;
use crate::model::Tables;
use crate::names::{type_name, FieldAccessors, FIXED_ITEMS, TRAIT_ITEMS};
use std::collections::{BTreeMap, HashMap};

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    // What every layout has besides its fields' items: its own items, then the traits it implements.
    let mut fixed: HashMap<&str, String> = FIXED_ITEMS.iter().map(|i| (*i, "the layout itself".to_string())).collect();
    for (t, names) in TRAIT_ITEMS {
        for name in *names {
            fixed.entry(name).or_insert_with(|| format!("the `{t}` trait"));
        }
    }
    let mut types: BTreeMap<String, &crate::model::Layout> = BTreeMap::new();
    for l in &tables.layouts {
        if let Some(first) = types.get(&type_name(&l.name)) {
            let msg = if first.name == l.name {
                format!("layout `{}` is defined twice", l.name)
            } else {
                format!("layout `{}` and layout `{}` both become type `{}`", l.name, first.name, type_name(&l.name))
            };
            let help = "rename or remove one";
            let note = tables.note(&first.origin, Some("name"), "first defined here");
            out.push(tables.layout_diag(l, &l.origin, Some("name"), None, msg).with_help(help).with_note(note));
            continue;
        }
        types.insert(type_name(&l.name), l);

        let mut names: BTreeMap<&str, &crate::model::Field> = BTreeMap::new();
        // The items the layout's fields generate so far: which field, and where it is (for the note of a clash).
        let mut generated: HashMap<String, &crate::model::Field> = HashMap::new();
        let field = |f: &crate::model::Field| format!("field `{}`", f.name);
        for f in &l.fields {
            if let Some(first) = names.insert(&f.name, f) {
                let msg = format!("field `{}` is defined twice in layout `{}`", f.name, l.name);
                let note = tables.note(&first.origin, Some("name"), "first defined here");
                out.push(
                    tables
                        .layout_diag(l, &f.origin, Some("name"), Some(field(f)), msg)
                        .with_help("give each field its own name")
                        .with_note(note),
                );
                continue;
            }
            for item in FieldAccessors::of_field(f).all() {
                let first = generated.get(&item);
                let owner = fixed.get(item.as_str()).cloned().or_else(|| first.map(|g| field(g)));
                if let Some(owner) = owner {
                    let (msg, help) = if owner.starts_with("the `") {
                        (
                            format!("field `{}` generates `{item}`, which would shadow {owner}'s `{item}`", f.name),
                            "rename the field (e.g. `LAST_INDEX` for a count minus one); put the spec's spelling in its description",
                        )
                    } else {
                        (
                            format!("field `{}` generates `{item}`, which {owner} also generates", f.name),
                            "rename the field",
                        )
                    };
                    let mut d = tables.layout_diag(l, &f.origin, Some("name"), Some(field(f)), msg).with_help(help);
                    if let Some(first) = first {
                        d = d.with_note(tables.note(&first.origin, Some("name"), format!("{owner} is here")));
                    }
                    out.push(d);
                    break;
                }
                generated.insert(item, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn duplicates_across_files_and_within_a_layout_are_reported() {
        let a = layout_yaml("W", 8, &[("A", "3:0", ""), ("A", "7:4", "")], &[], "");
        let b = layout_yaml("W", 8, &[("B", "7:0", "")], &[], "");
        assert_eq!(
            run(super::check, &[&a, &b]),
            ["13:15 field `A` is defined twice in layout `W`", "2:11 layout `W` is defined twice"]
        );
    }

    #[test]
    fn generated_name_clashes_are_reported() {
        let y = layout_yaml(
            "W",
            64,
            &[("PFN", "51:12", "kind: hpa_pfn"), ("PFN_ADDR", "11:0", ""), ("RESERVED", "63:52", "")],
            &[],
            "",
        );
        assert_eq!(
            run(super::check, &[&y]),
            [
                "14:15 field `PFN_ADDR` generates `pfn_addr`, which field `PFN` also generates",
                "18:15 field `RESERVED` generates `RESERVED_MASK`, which the layout itself also generates",
            ]
        );
    }

    #[test]
    fn fields_may_not_shadow_trait_items() {
        let y = layout_yaml(
            "W",
            64,
            &[
                ("COUNT", "8:0", ""),
                ("CURSOR", "17:9", ""),
                ("ENTRY_BITS", "18", "kind: flag"),
                ("CLONE", "19", "kind: flag"),
            ],
            &[],
            "",
        );
        assert_eq!(
            run(super::check, &[&y]),
            [
                "9:15 field `COUNT` generates `count`, which would shadow the `PageList` trait's `count`",
                "13:15 field `CURSOR` generates `cursor`, which would shadow the `PageList` trait's `cursor`",
                "17:15 field `ENTRY_BITS` generates `entry_bits`, which would shadow the `PageList` trait's `entry_bits`",
                "22:15 field `CLONE` generates `clone`, which would shadow the `Clone` trait's `clone`",
            ]
        );
    }

    #[test]
    fn names_that_only_differ_in_shape_still_clash_as_types() {
        let a = layout_yaml("HPA_T", 8, &[("A", "7:0", "")], &[], "");
        let b = layout_yaml("HPAT", 8, &[("A", "7:0", "")], &[], "");
        assert!(run(super::check, &[&a, &b]).is_empty(), "HpaT and Hpat differ");
    }
}
