//! Rule: the roles inside a list's entry layout. An `entry: layout` list
//! names the entry field holding the page's frame (host or guest) and,
//! optionally, the field counting the contiguous 4 KiB pages one entry names;
//! `entry: page_hpa` lists, whose entries are bare addresses, name neither.

use crate::diag::Diagnostic;
use crate::model::{CountEncoding, EntryFormat, FieldKind, Layout, ListRoles, Tables};

fn report(
    tables: &Tables,
    layout: &Layout,
    roles: &ListRoles,
    key: &str,
    message: String,
    help: &str,
    out: &mut Vec<Diagnostic>,
) {
    let d = tables.layout_diag(layout, &roles.origin, Some(key), Some(format!("list role `{key}`")), message);
    out.push(d.with_help(help));
}

fn check_one(tables: &Tables, layout: &Layout, roles: &ListRoles, out: &mut Vec<Diagnostic>) {
    let mut report = |key: &str, message: String, help: &str| report(tables, layout, roles, key, message, help, out);
    let entry_layout = match &roles.entry {
        EntryFormat::PageHpa => {
            for (key, given) in [
                ("entry_address_field", roles.entry_address_field.is_some()),
                ("entry_pages_field", roles.entry_pages.is_some()),
            ] {
                if given {
                    report(
                        key,
                        format!(
                            "`{key}` is a role inside an entry layout, but this list's entries are bare page addresses"
                        ),
                        "drop the key, or use `entry: layout` with `entry_layout`",
                    );
                }
            }
            return;
        }
        // A missing (or self-naming) entry layout is `list_roles`' to report.
        EntryFormat::Layout(name) => match tables.layouts.iter().find(|l| &l.name == name) {
            Some(l) if l.name != layout.name => l,
            _ => return,
        },
    };
    let fields = || entry_layout.fields.iter().map(|f| f.name.as_str());
    let lookup = |report: &mut dyn FnMut(&str, String, &str), key: &str, name: &str| {
        let found = entry_layout.field(name);
        if found.is_none() {
            let guess = crate::suggest::did_you_mean(name, fields());
            let known: Vec<&str> = fields().collect();
            report(
                key,
                format!("`{key}` names `{name}`, which is not a field of the entry layout `{}`", entry_layout.name),
                &format!("{guess}name one of its fields: {}", known.join(", ")),
            );
        }
        found
    };
    let Some(address) = &roles.entry_address_field else {
        report(
            "entry",
            "an `entry: layout` list needs `entry_address_field`, the entry field holding each page's frame".into(),
            "add `entry_address_field: NAME` naming a frame-number field (`kind: hpa_pfn`, `gpa_pfn` or `gla_pfn`) of the entry layout",
        );
        return;
    };
    if let Some(f) = lookup(&mut report, "entry_address_field", address) {
        if !f.kind.is_frame() {
            report(
                "entry_address_field",
                format!("`entry_address_field` names `{address}`, which is not a frame-number field"),
                &format!("give `{address}` `kind: hpa_pfn`, `kind: gpa_pfn` or `kind: gla_pfn`"),
            );
        }
    }
    let Some(pages) = &roles.entry_pages else { return };
    let Some(f) = lookup(&mut report, "entry_pages_field", &pages.field) else { return };
    if f.name == *address {
        report(
            "entry_pages_field",
            format!("`{}` plays two entry roles, `entry_address_field` and `entry_pages_field`", f.name),
            "each role needs its own field",
        );
    } else if f.kind != FieldKind::Plain {
        report(
            "entry_pages_field",
            format!("`entry_pages_field` names `{}`, which is not a `kind: plain` field", f.name),
            &format!("give `{}` `kind: plain`", f.name),
        );
    } else if pages.encoding == CountEncoding::Exact && f.bits.bit_len() < 2 {
        // A one-bit exact count names 0 or 1 page: no block at all.
        report(
            "entry_pages_field",
            format!("`{}` (1 bit) cannot count more than one page exactly", f.name),
            "widen the field, or use `entry_pages_encoding: minus_one`",
        );
    }
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for layout in &tables.layouts {
        if let Some(roles) = &layout.list {
            check_one(tables, layout, roles, out);
        }
    }
}
