//! Rule: names are spec-style `UPPER_SNAKE` (so they are valid C identifiers
//! and convert to Rust names one way only), at most 64 characters, and what
//! they convert to is not a Rust keyword. (Names tdx-abi or another entry
//! already uses are `name_collisions`' to report.)

use crate::diag::Diagnostic;
use crate::model::Tables;
use crate::names::{fn_name, is_upper_snake, layout_module, RUST_KEYWORDS};

const SHAPE_HELP: &str = "use UPPER_SNAKE: A-Z and 0-9 in words joined by single `_`, starting with a letter";

/// The longest name any table entry may have. Generated file names, C macros
/// (`LAYOUT_FIELD`) and Rust items are built from names; 64 keeps them within
/// every file system's limit and C's guaranteed significant length (63).
pub const MAX_NAME_LEN: usize = 64;

/// Every named entry and field, with where its `name` is, so none can be longer than [`MAX_NAME_LEN`].
fn long_names(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut report = |entry: String, origin: &crate::model::Origin, field: Option<String>, name: &str| {
        let msg = format!("the name is {} characters long; at most {MAX_NAME_LEN} are allowed", name.chars().count());
        let d = tables.entry_diag(entry, origin, Some("name"), field, msg);
        out.push(d.with_help("use the spec's name; put longer wording in the description"));
    };
    let too_long = |name: &str| name.chars().count() > MAX_NAME_LEN;
    // Long names are shown cut short, so the message stays readable.
    let short = |name: &str| {
        if too_long(name) {
            format!("{}…", name.chars().take(24).collect::<String>())
        } else {
            name.to_string()
        }
    };
    for l in &tables.layouts {
        let entry = format!("layout `{}`", short(&l.name));
        if too_long(&l.name) {
            report(entry.clone(), &l.origin, None, &l.name);
        }
        for f in l.fields.iter().filter(|f| too_long(&f.name)) {
            report(entry.clone(), &f.origin, Some(format!("field `{}`", short(&f.name))), &f.name);
        }
    }
    for x in tables.leaves.iter().filter(|x| too_long(&x.name)) {
        report(format!("leaf `{}`", short(&x.name)), &x.origin, None, &x.name);
    }
    for x in tables.status_codes.iter().filter(|x| too_long(&x.name)) {
        report(format!("status code `{}`", short(&x.name)), &x.origin, None, &x.name);
    }
    for x in tables.operand_ids.iter().filter(|x| too_long(&x.name)) {
        report(format!("operand ID `{}`", short(&x.name)), &x.origin, None, &x.name);
    }
    for x in tables.metadata_fields.iter().filter(|x| too_long(&x.name)) {
        report(format!("metadata field `{}`", short(&x.name)), &x.origin, None, &x.name);
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    long_names(tables, out);
    for l in &tables.layouts {
        if !is_upper_snake(&l.name) {
            let msg = format!("layout name `{}` is not UPPER_SNAKE", l.name);
            out.push(tables.layout_diag(l, &l.origin, Some("name"), None, msg).with_help(SHAPE_HELP));
        } else if RUST_KEYWORDS.contains(&layout_module(&l.name).as_str()) {
            // The layout's module (and file) is named after it.
            let msg =
                format!("layout name `{}` makes the Rust keyword `{}` its module name", l.name, layout_module(&l.name));
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
        let y = layout_yaml("MOD", 8, &[("A", "7:0", "")], &[], "");
        assert_eq!(run(super::check, &[&y]), ["2:11 layout name `MOD` makes the Rust keyword `mod` its module name"]);
    }
}
