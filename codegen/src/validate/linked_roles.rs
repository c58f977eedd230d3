//! Rule: a linked list of list pages (`linked_list:`) names a `kind: hpa_pfn`
//! field for its first node, leaves each 4 KiB node one slot for the next
//! node's address, and terminates with a value no page address can take; a
//! layout is a list type or a linked list, not both.

use crate::diag::Diagnostic;
use crate::model::{FieldKind, Layout, LinkedRoles, Tables};

/// Eight-byte slots in a 4 KiB node.
const SLOTS: u32 = 512;

fn check_one(tables: &Tables, layout: &Layout, roles: &LinkedRoles, out: &mut Vec<Diagnostic>) {
    let mut report = |key: &str, message: String, help: &str| {
        let d =
            tables.layout_diag(layout, &roles.origin, Some(key), Some(format!("linked-list role `{key}`")), message);
        out.push(d.with_help(help));
    };
    if layout.list.is_some() {
        report(
            "address_field",
            format!("`{}` has both `list` and `linked_list`", layout.name),
            "a value names one list page or the first node of a chain: keep one of the two",
        );
    }
    if layout.width != 64 && super::has_word_width(layout) {
        report(
            "address_field",
            format!("a linked list must be 64 bits wide, not {}", layout.width),
            "list values travel in 64-bit registers",
        );
    }
    match layout.field(&roles.address_field) {
        None => {
            let known: Vec<&str> = layout.fields.iter().map(|f| f.name.as_str()).collect();
            let guess = crate::suggest::did_you_mean(&roles.address_field, known.iter().copied());
            report(
                "address_field",
                format!("`address_field` names `{}`, which is not a field of `{}`", roles.address_field, layout.name),
                &format!("{guess}name one of the layout's fields: {}", known.join(", ")),
            );
        }
        Some(f) if f.kind != FieldKind::HpaPfn => report(
            "address_field",
            format!("`address_field` names `{}`, which is not a `kind: hpa_pfn` field", f.name),
            &format!("give `{}` `kind: hpa_pfn`: the value names the first node by its host frame", f.name),
        ),
        Some(_) => {}
    }
    if !(1..SLOTS).contains(&roles.data_per_node) {
        report(
            "data_per_node",
            format!("`data_per_node: {}` is outside 1..={}", roles.data_per_node, SLOTS - 1),
            "a 4 KiB node holds 512 slots, one of them the next node's address",
        );
    }
    // An address the tables can write is below 2^52 and page aligned; the terminator must be neither.
    if roles.terminator < (1 << 52) && roles.terminator & 0xfff == 0 {
        report(
            "terminator",
            format!("`terminator: {:#x}` is a page address, so an end could not be told from a page", roles.terminator),
            "use a value no page address takes, such as 0xFFFFFFFFFFFFFFFF",
        );
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for layout in &tables.layouts {
        if let Some(roles) = &layout.linked {
            check_one(tables, layout, roles, out);
        }
    }
}
