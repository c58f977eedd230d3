//! Rule: a leaf's arguments name real registers of the SEAMCALL block, each
//! register at most once per direction, with unique `snake_case` names.

use crate::diag::Diagnostic;
use crate::model::{RegArg, Tables};
use crate::names::is_snake_ident;
use crate::resolved::Register;
use std::collections::BTreeSet;

/// Checks one direction's registers (`what`: `input` or `output`); TDVMCALL sub-functions share it.
pub(super) fn check_list(tables: &Tables, entry: &str, args: &[RegArg], what: &str, out: &mut Vec<Diagnostic>) {
    let (mut regs, mut names) = (BTreeSet::new(), BTreeSet::new());
    for a in args {
        let field = Some(format!("{what} `{}`", a.name));
        let mut report = |key: &str, msg: String, help: &str| {
            out.push(tables.entry_diag(entry.to_string(), &a.origin, Some(key), field.clone(), msg).with_help(help));
        };
        if a.reg == "rax" {
            report(
                "reg",
                format!("RAX cannot be an {what}: it carries the leaf in and the status out"),
                "use another register",
            );
        } else if Register::parse(&a.reg).is_none() {
            let names: Vec<&str> = Register::ALL.iter().map(|r| r.name()).collect();
            let help = format!(
                "{}use one of {}",
                crate::suggest::did_you_mean(&a.reg, names.iter().copied()),
                names.join(", ")
            );
            report("reg", format!("`{}` is not a SEAMCALL register", a.reg), &help);
        } else if !regs.insert(a.reg.as_str()) {
            report("reg", format!("register `{}` is used by two {what}s", a.reg), "each register carries one value");
        }
        if !is_snake_ident(&a.name) {
            let help = "use snake_case letters and digits that do not form a Rust keyword";
            report("name", format!("`{}` is not a valid argument name", a.name), help);
        } else if !names.insert(a.name.as_str()) {
            report("name", format!("argument name `{}` is used twice among the {what}s", a.name), "rename one");
        }
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for leaf in &tables.leaves {
        let entry = format!("leaf `{}`", leaf.name);
        check_list(tables, &entry, leaf.inputs.as_deref().unwrap_or_default(), "input", out);
        check_list(tables, &entry, leaf.outputs.as_deref().unwrap_or_default(), "output", out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{leaves_yaml, run};

    fn leaf(inputs: &str) -> String {
        leaves_yaml(&format!(
            "  - name: TDH.MNG.RD\n    number: 11\n    since: \"1.0\"\n    description: d\n    inputs:\n{inputs}"
        ))
    }

    #[test]
    fn known_distinct_registers_pass() {
        let y = leaf("      - {reg: rcx, name: tdr, type: hpa}\n      - {reg: rdx, name: field_id, type: FIELD_ID}\n");
        assert!(run(super::check, &[&y]).is_empty());
    }

    #[test]
    fn unknown_reused_and_badly_named_registers_are_reported() {
        let y = leaf("      - {reg: rcx, name: tdr, type: hpa}\n      - {reg: rcx, name: tdr, type: u64}\n      - {reg: r16, name: Type, type: u64}\n      - {reg: rax, name: ok, type: u64}\n");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "9:15 register `rcx` is used by two inputs",
                "9:26 argument name `tdr` is used twice among the inputs",
                "10:15 `r16` is not a SEAMCALL register",
                "10:26 `Type` is not a valid argument name",
                "11:15 RAX cannot be an input: it carries the leaf in and the status out",
            ]
        );
    }
}
