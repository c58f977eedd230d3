//! Rule: names are spec-style `UPPER_SNAKE` (so they are valid C identifiers
//! and convert to Rust names one way only), and what they convert to is not a
//! Rust keyword or a type the crate already exports.

use crate::diag::Diagnostic;
use crate::model::Tables;
use crate::names::{fn_name, is_upper_snake, type_name, CORE_TYPES, RUST_KEYWORDS};

const SHAPE_HELP: &str = "use UPPER_SNAKE: A-Z and 0-9 in words joined by single `_`, starting with a letter";

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in &tables.layouts {
        if !is_upper_snake(&l.name) {
            let msg = format!("layout name `{}` is not UPPER_SNAKE", l.name);
            out.push(tables.layout_diag(l, &l.origin, Some("name"), None, msg).with_help(SHAPE_HELP));
        } else if CORE_TYPES.contains(&type_name(&l.name).as_str()) {
            let msg =
                format!("layout name `{}` becomes `{}`, which tdx-abi already defines", l.name, type_name(&l.name));
            out.push(tables.layout_diag(l, &l.origin, Some("name"), None, msg).with_help("rename the layout"));
        }
        for f in &l.fields {
            let field = Some(format!("field `{}`", f.name));
            if !is_upper_snake(&f.name) {
                let msg = format!("field name `{}` is not UPPER_SNAKE", f.name);
                out.push(tables.layout_diag(l, &f.origin, Some("name"), field, msg).with_help(SHAPE_HELP));
            } else if RUST_KEYWORDS.contains(&fn_name(&f.name).as_str()) {
                let msg = format!("field name `{}` becomes the Rust keyword `{}`", f.name, fn_name(&f.name));
                let help = "rename the field (e.g. add the layout's word for it: `PAGE_TYPE`); put the spec's spelling in its description";
                out.push(tables.layout_diag(l, &f.origin, Some("name"), field, msg).with_help(help));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    #[test]
    fn spec_style_names_pass() {
        assert!(run(super::check, &[&layout_yaml("HPA_ARRAY_T", 8, &[("LAST_ENTRY2", "7:0", "")], &[], "")]).is_empty());
    }

    #[test]
    fn bad_shapes_keywords_and_core_names_are_reported() {
        let y = layout_yaml("hpa", 8, &[("A__B", "1:0", ""), ("TYPE", "3:2", ""), ("_X", "7:4", "")], &[], "");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "2:11 layout name `hpa` is not UPPER_SNAKE",
                "9:15 field name `A__B` is not UPPER_SNAKE",
                "13:15 field name `TYPE` becomes the Rust keyword `type`",
                "17:15 field name `_X` is not UPPER_SNAKE",
            ]
        );
        let y = layout_yaml("PHYS_ADDR", 8, &[("A", "7:0", "")], &[], "");
        assert_eq!(
            run(super::check, &[&y]),
            ["2:11 layout name `PHYS_ADDR` becomes `PhysAddr`, which tdx-abi already defines"]
        );
    }
}
