//! Rule: a leaf is named `TDH.X.Y` (host-side SEAMCALL) or `TDG.X.Y` (guest
//! TDCALL), its number fits RAX bits 15:0, names are unique across all files
//! (also after conversion to Rust and C names), and numbers are unique per
//! instruction (TDH.MNG.ADDCX and TDG.VP.INFO are both leaf 1).

use crate::diag::Diagnostic;
use crate::model::Tables;
use crate::names::{is_snake_ident, leaf_const};
use crate::resolved::Instruction;
use std::collections::BTreeMap;

fn well_formed(name: &str) -> bool {
    let mut parts = name.split('.');
    parts.next().is_some_and(|p| Instruction::of(p).is_some())
        && name.split('.').count() >= 3
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
}

/// The area word (`MNG` in `TDH.MNG.CREATE`) names the module the leaf's stub
/// goes in, so it must make a Rust module name other than `leaf` (the module of
/// leaf numbers). Found by fuzzing: `TDH.6TEST.RD` made the generator panic.
fn area_is_module_name(name: &str) -> bool {
    let area = crate::names::leaf_area(name);
    is_snake_ident(&area) && Instruction::ALL.iter().all(|i| area != i.consts_module())
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<String, &crate::model::Leaf> = BTreeMap::new();
    let mut numbers: BTreeMap<(Option<Instruction>, u32), &crate::model::Leaf> = BTreeMap::new();
    for leaf in &tables.leaves {
        let entry = format!("leaf `{}`", leaf.name);
        if !well_formed(&leaf.name) {
            let msg = format!("leaf name `{}` is not of the form TDH.AREA.ACTION or TDG.AREA.ACTION", leaf.name);
            let help = "host (SEAMCALL) leaves are named like `TDH.MNG.CREATE`, guest (TDCALL) leaves like `TDG.VP.INFO`: the prefix, then dot-separated UPPER_SNAKE words";
            out.push(tables.entry_diag(entry.clone(), &leaf.origin, Some("name"), None, msg).with_help(help));
        } else if !area_is_module_name(&leaf.name) {
            let area = leaf.name.split('.').nth(1).unwrap_or("");
            let msg = format!("leaf area `{area}` of `{}` does not make a Rust module name", leaf.name);
            let help = "the word after `TDH.` or `TDG.` names the module of the leaf's stub: start it with a letter, and avoid Rust keywords, `LEAF` and `TDCALL`";
            out.push(tables.entry_diag(entry.clone(), &leaf.origin, Some("name"), None, msg).with_help(help));
        }
        for (i, alias) in leaf.aliases.iter().enumerate() {
            let key = format!("aliases[{i}]");
            let same_instruction = Instruction::of(alias) == Instruction::of(&leaf.name);
            if !well_formed(alias) || !same_instruction {
                let msg = format!(
                    "alias `{alias}` is not a {} leaf name",
                    Instruction::of(&leaf.name).map_or("TDH./TDG.", |i| i.prefix())
                );
                let help = "an alias is another public name of the same leaf, with the same prefix";
                out.push(tables.entry_diag(entry.clone(), &leaf.origin, Some(&key), None, msg).with_help(help));
            }
            // An alias that is another leaf's name is reported by name_collisions, with both places.
        }
        if leaf.number > 0xFFFF {
            let msg = format!("leaf number {} does not fit RAX bits 15:0", leaf.number);
            out.push(
                tables.entry_diag(entry.clone(), &leaf.origin, Some("number"), None, msg).with_help("use 0..=65535"),
            );
        }
        if let Some(first) = names.insert(leaf_const(&leaf.name), leaf) {
            let msg =
                format!("leaf `{}` and leaf `{}` both become `{}`", leaf.name, first.name, leaf_const(&leaf.name));
            out.push(
                tables
                    .entry_diag(entry.clone(), &leaf.origin, Some("name"), None, msg)
                    .with_help("rename or remove one")
                    .with_note(tables.note(&first.origin, Some("name"), "first defined here")),
            );
        }
        if let Some(first) = numbers.insert((Instruction::of(&leaf.name), leaf.number), leaf) {
            let msg = format!("leaf number {} is already taken by `{}`", leaf.number, first.name);
            let help = "each leaf number names one leaf; where sources disagree, choose one and record why in `note`";
            let note = tables.note(&first.origin, Some("number"), format!("`{}` takes it here", first.name));
            out.push(tables.entry_diag(entry, &leaf.origin, Some("number"), None, msg).with_help(help).with_note(note));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{leaves_yaml, run};

    fn leaf(name: &str, number: u32) -> String {
        format!("  - {{name: {name}, number: {number}, since: \"1.0\", description: d}}\n")
    }

    #[test]
    fn distinct_well_formed_leaves_pass() {
        assert!(run(super::check, &[&leaves_yaml(&(leaf("TDH.MNG.CREATE", 9) + &leaf("TDH.VP.INIT", 22)))]).is_empty());
    }

    #[test]
    fn an_area_that_cannot_be_a_module_name_is_reported() {
        let y = leaves_yaml(
            &(leaf("TDH.6TEST.RD", 1) + &leaf("TDH.TYPE.RD", 2) + &leaf("TDH.LEAF.RD", 3) + &leaf("TDH.MNG.RD", 4)),
        );
        assert_eq!(
            run(super::check, &[&y]),
            [
                "3:12 leaf area `6TEST` of `TDH.6TEST.RD` does not make a Rust module name",
                "4:12 leaf area `TYPE` of `TDH.TYPE.RD` does not make a Rust module name",
                "5:12 leaf area `LEAF` of `TDH.LEAF.RD` does not make a Rust module name",
            ]
        );
    }

    #[test]
    fn duplicates_bad_names_and_wide_numbers_are_reported() {
        let y = leaves_yaml(
            &(leaf("TDH.MNG.CREATE", 9) + &leaf("TDH.MNG_CREATE", 10) + &leaf("TDH.X.Y", 9) + &leaf("tdh.vp", 70000)),
        );
        assert_eq!(
            run(super::check, &[&y]),
            [
                "4:12 leaf name `TDH.MNG_CREATE` is not of the form TDH.AREA.ACTION or TDG.AREA.ACTION",
                "4:12 leaf `TDH.MNG_CREATE` and leaf `TDH.MNG.CREATE` both become `TDH_MNG_CREATE`",
                "5:29 leaf number 9 is already taken by `TDH.MNG.CREATE`",
                "6:12 leaf name `tdh.vp` is not of the form TDH.AREA.ACTION or TDG.AREA.ACTION",
                "6:28 leaf number 70000 does not fit RAX bits 15:0",
            ]
        );
    }
}
