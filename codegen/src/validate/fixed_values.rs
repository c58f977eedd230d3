//! Rule: a `fixed:` value fits its field, and the field plays no role that
//! encoders fill in (a frame, a count, a cursor), so "always holds N" and
//! "holds what the caller gave" never meet in one field.

use crate::diag::Diagnostic;
use crate::model::{EntryFormat, Layout, Tables};

/// The list roles that name `field` of `layout`, as written in some list type.
fn roles_naming(tables: &Tables, layout: &Layout, field: &str) -> Vec<&'static str> {
    let mut roles = Vec::new();
    for list in tables.layouts.iter().filter_map(|l| Some((l, l.list.as_ref()?))) {
        let (owner, r) = list;
        if owner.name == layout.name {
            let own = [
                ("address_field", Some(&r.address_field)),
                ("count_field", Some(&r.count_field)),
                ("cursor_field", r.cursor_field.as_ref()),
            ];
            roles.extend(own.into_iter().filter(|(_, n)| n.is_some_and(|n| n == field)).map(|(k, _)| k));
        }
        if matches!(&r.entry, EntryFormat::Layout(e) if *e == layout.name) {
            if r.entry_address_field.as_deref() == Some(field) {
                roles.push("entry_address_field");
            }
            if r.entry_pages.as_ref().is_some_and(|p| p.field == field) {
                roles.push("entry_pages_field");
            }
        }
    }
    roles
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for layout in &tables.layouts {
        for f in &layout.fields {
            let Some(value) = f.fixed else { continue };
            let mut report = |message: String, help: &str| {
                let d =
                    tables.layout_diag(layout, &f.origin, Some("fixed"), Some(format!("field `{}`", f.name)), message);
                out.push(d.with_help(help));
            };
            if f.bits.hi < f.bits.lo {
                continue; // range_order reports it
            }
            if value > f.bits.max_value() {
                report(
                    format!(
                        "`fixed: {value:#x}` does not fit `{}` ({} bits, at most {:#x})",
                        f.name,
                        f.bits.bit_len(),
                        f.bits.max_value()
                    ),
                    "give a value the field can hold",
                );
            }
            if f.kind.is_frame() {
                report(
                    format!("`{}` is a frame-number field; a page's frame cannot be fixed", f.name),
                    "drop `fixed`, or make the field `kind: plain`",
                );
            } else if let Some(role) = roles_naming(tables, layout, &f.name).first() {
                report(
                    format!("`{}` has a `fixed` value but is the list role `{role}`, which encoders fill in", f.name),
                    "drop `fixed`, or name another field for the role",
                );
            }
        }
    }
}
