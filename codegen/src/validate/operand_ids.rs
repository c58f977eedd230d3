//! Rule: operand IDs have unique, well-formed names and unique values.

use crate::diag::Diagnostic;
use crate::model::Tables;
use std::collections::BTreeMap;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<&str, ()> = BTreeMap::new();
    let mut values: BTreeMap<u32, &str> = BTreeMap::new();
    for o in &tables.operand_ids {
        let entry = format!("operand ID `{}`", o.name);
        let suffix = o.name.strip_prefix("TDX_OPERAND_ID_").unwrap_or("");
        if !crate::names::is_upper_snake(suffix) {
            let msg = format!("operand ID name `{}` is not TDX_OPERAND_ID_<UPPER_SNAKE>", o.name);
            out.push(
                tables
                    .entry_diag(entry.clone(), &o.origin, Some("name"), None, msg)
                    .with_help("use the kernel's spelling, e.g. TDX_OPERAND_ID_RCX"),
            );
        }
        if names.insert(&o.name, ()).is_some() {
            out.push(
                tables
                    .entry_diag(
                        entry.clone(),
                        &o.origin,
                        Some("name"),
                        None,
                        format!("operand ID `{}` is defined twice", o.name),
                    )
                    .with_help("remove one"),
            );
        }
        if let Some(first) = values.insert(o.value, &o.name) {
            let msg = format!("operand ID {:#x} is already `{first}`", o.value);
            out.push(
                tables.entry_diag(entry, &o.origin, Some("value"), None, msg).with_help("each ID names one operand"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;

    #[test]
    fn duplicate_values_and_bad_names_are_reported() {
        let y = "source: {repo: a/b, path: c}\noperand_ids:\n  - {name: TDX_OPERAND_ID_RCX, value: 1}\n  - {name: TDX_OPERAND_ID_RDX, value: 1}\n  - {name: OPERAND_RDX, value: 2}\n";
        assert_eq!(
            run(super::check, &[y]),
            [
                "4:39 operand ID 0x1 is already `TDX_OPERAND_ID_RCX`",
                "5:12 operand ID name `OPERAND_RDX` is not TDX_OPERAND_ID_<UPPER_SNAKE>"
            ]
        );
    }
}
