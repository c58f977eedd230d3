//! Rule: argument types are known: inputs are `u64`, `hpa`, `gpa`, the address
//! of a struct of the tables (`hpa<TD_PARAMS>`) or a 64-bit layout; outputs
//! (untrusted module output) are `u64` or a 64-bit layout.

use crate::diag::Diagnostic;
use crate::model::Tables;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let layout_width = |name: &str| tables.layouts.iter().find(|l| l.name == name).map(|l| l.width);
    let is_struct = |name: &str| tables.structs.iter().any(|s| s.name == name);
    for leaf in &tables.leaves {
        let lists = [(leaf.inputs.as_deref(), "input", true), (leaf.outputs.as_deref(), "output", false)];
        for (args, what, addresses_allowed) in lists {
            for a in args.unwrap_or_default() {
                let target = crate::resolved::struct_addr_target(&a.ty);
                let ok = match (a.ty.as_str(), target) {
                    ("u64", _) => true,
                    ("hpa" | "gpa", _) => addresses_allowed,
                    (_, Some(name)) => addresses_allowed && is_struct(name),
                    (other, None) => layout_width(other) == Some(64),
                };
                if ok {
                    continue;
                }
                let (msg, help) = match a.ty.as_str() {
                    _ if target.is_some_and(is_struct) || matches!(a.ty.as_str(), "hpa" | "gpa") => (
                        format!("an output cannot be typed `{}`: module outputs are untrusted", a.ty),
                        "type it `u64`, or as a layout, and let the caller validate it".to_string(),
                    ),
                    _ if target.is_some() => {
                        let name = target.unwrap_or_default();
                        let guess = crate::suggest::did_you_mean(name, tables.structs.iter().map(|s| s.name.as_str()));
                        (
                            format!("`{}` names no struct of the tables", a.ty),
                            format!("{guess}write `hpa<NAME>` with the name of a struct in the `structs:` tables"),
                        )
                    }
                    other => match layout_width(other) {
                        Some(w) => (
                            format!("layout `{other}` is {w} bits wide; registers hold 64"),
                            "use a 64-bit layout".into(),
                        ),
                        None => {
                            let known = ["u64", "hpa", "gpa"]
                                .into_iter()
                                .chain(tables.layouts.iter().filter(|l| l.width == 64).map(|l| l.name.as_str()));
                            (
                                format!("unknown type `{other}`"),
                                format!(
                                    "{}use `u64`{}, or the name of a 64-bit layout in the tables",
                                    crate::suggest::did_you_mean(other, known),
                                    if addresses_allowed { ", `hpa`, `gpa`" } else { "" }
                                ),
                            )
                        }
                    },
                };
                let field = Some(format!("{what} `{}`", a.name));
                out.push(
                    tables
                        .entry_diag(format!("leaf `{}`", leaf.name), &a.origin, Some("type"), field, msg)
                        .with_help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, leaves_yaml, run};

    fn leaf(args: &str) -> String {
        leaves_yaml(&format!("  - name: TDH.MNG.RD\n    number: 11\n    since: \"1.0\"\n    description: d\n{args}"))
    }

    #[test]
    fn integers_addresses_and_layouts_pass() {
        let word = layout_yaml("W", 64, &[("A", "63:0", "")], &[], "");
        let y = leaf("    inputs: [{reg: rcx, name: a, type: hpa}, {reg: rdx, name: b, type: W}]\n    outputs: [{reg: r8, name: c, type: u64}]\n");
        assert!(run(super::check, &[&word, &y]).is_empty());
    }

    #[test]
    fn unknown_types_narrow_layouts_and_address_outputs_are_reported() {
        let small = layout_yaml("SMALL", 8, &[("A", "7:0", "")], &[], "");
        let y = leaf("    inputs: [{reg: rcx, name: a, type: pointer}, {reg: rdx, name: b, type: SMALL}]\n    outputs: [{reg: r8, name: c, type: hpa}]\n");
        assert_eq!(
            run(super::check, &[&small, &y]),
            [
                "7:40 unknown type `pointer`",
                "7:76 layout `SMALL` is 8 bits wide; registers hold 64",
                "8:40 an output cannot be typed `hpa`: module outputs are untrusted",
            ]
        );
    }
}
