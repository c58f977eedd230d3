//! Layout changes: width, fields (matched by name, renames by identical bits),
//! reserved bits taken into use, list roles and the singleton rule.

use super::{pair, Change, Class, ItemKind, LayoutDiagrams, What};
use crate::bits::BitRange;
use crate::diagram;
use crate::model::{Layout, LinkedRoles, ListRoles, Model};
use std::collections::BTreeMap;

/// The bits of a layout, which a rename keeps.
fn shape(l: &Layout) -> (u32, Vec<BitRange>, Vec<BitRange>) {
    let mut fields: Vec<BitRange> = l.fields.iter().map(|f| f.bits).collect();
    let mut reserved: Vec<BitRange> = l.reserved.iter().map(|r| r.bits).collect();
    fields.sort();
    reserved.sort();
    (l.width, fields, reserved)
}

pub(super) fn diff(old: &Model, new: &Model, out: &mut Vec<Change>) -> BTreeMap<String, LayoutDiagrams> {
    let (matched, renamed, removed, added) =
        pair(old.layouts.values(), new.layouts.values(), |l| l.name.clone(), shape);
    let mut diagrams = BTreeMap::new();
    let mut draw = |name: &str, before: Option<&Layout>, after: Option<&Layout>| {
        let d = LayoutDiagrams { before: before.map(diagram::text), after: after.map(diagram::text) };
        diagrams.insert(name.to_string(), d);
    };
    for l in removed {
        out.push(Change::new(ItemKind::Layout, &l.name, What::Removed, Class::SourceBreaking));
        draw(&l.name, Some(l), None);
    }
    for l in added {
        out.push(Change::new(ItemKind::Layout, &l.name, What::Added, Class::Compatible));
        draw(&l.name, None, Some(l));
    }
    for (o, n) in renamed {
        out.push(Change::new(ItemKind::Layout, &n.name, What::Renamed, Class::SourceBreaking).values(&o.name, &n.name));
        compare(o, n, out);
        draw(&n.name, Some(o), Some(n));
    }
    for (o, n) in matched {
        let before = out.len();
        compare(o, n, out);
        if out[before..].iter().any(|c| c.what != What::DocsChanged) {
            draw(&n.name, Some(o), Some(n));
        }
    }
    diagrams
}

fn compare(o: &Layout, n: &Layout, out: &mut Vec<Change>) {
    let change = |what, class| Change::new(ItemKind::Layout, &n.name, what, class);
    if o.width != n.width {
        out.push(change(What::WidthChanged, Class::WireBreaking).values(o.width, n.width));
    }
    let (matched, renamed, removed, added) = pair(&o.fields, &n.fields, |f| f.name.clone(), |f| f.bits);
    for (of, nf) in matched {
        if of.bits != nf.bits {
            let what = if of.bits.lo == nf.bits.lo { What::FieldResized } else { What::FieldMoved };
            out.push(change(what, Class::WireBreaking).field(&nf.name).values(of.bits, nf.bits));
        }
        if of.kind != nf.kind {
            let (a, b) = (of.kind.spelling(), nf.kind.spelling());
            out.push(change(What::FieldKindChanged, Class::SourceBreaking).field(&nf.name).values(a, b));
        }
        if of.fixed != nf.fixed {
            // Encoders write the fixed value and decoders refuse any other: both ends must agree.
            let shown = |v: Option<u64>| v.map_or_else(|| "none".to_string(), |v| format!("{v:#x}"));
            let c = change(What::FixedValueChanged, Class::WireBreaking).field(&nf.name);
            out.push(c.values(shown(of.fixed), shown(nf.fixed)));
        }
        // A field's description, spec reference and availability reach rustdoc, the C header and FieldSpec.
        if of.description != nf.description || of.reference != nf.reference || of.since != nf.since {
            out.push(change(What::DocsChanged, Class::Compatible).field(&nf.name));
        }
    }
    let mut renames = BTreeMap::new();
    for (of, nf) in renamed {
        renames.insert(of.name.clone(), nf.name.clone());
        out.push(change(What::FieldRenamed, Class::SourceBreaking).values(&of.name, &nf.name));
    }
    for f in removed {
        // Its bits become reserved: values that set them are now refused.
        out.push(change(What::FieldRemoved, Class::WireBreaking).field(&f.name).values(f.bits, "reserved"));
    }
    let old_fields = o.fields.iter().fold(0u64, |m, f| m | f.bits.mask());
    for f in added {
        let mask = f.bits.mask();
        let change = if mask & o.reserved_mask() == mask {
            change(What::ReservedNowUsed, Class::Compatible).values("", f.bits)
        } else {
            let class = if mask & old_fields != 0 { Class::WireBreaking } else { Class::Compatible };
            change(What::FieldAdded, class).values("", f.bits)
        };
        out.push(change.field(&f.name));
    }
    roles(o.list.as_ref(), n.list.as_ref(), &renames, &n.name, out);
    linked(o.linked.as_ref(), n.linked.as_ref(), &renames, &n.name, out);
    if o.summary != n.summary || o.description != n.description || o.source != n.source {
        out.push(change(What::DocsChanged, Class::Compatible));
    }
}

/// A role's field name in the new tables' terms (renamed fields keep their role).
fn renamed<'a>(renames: &'a BTreeMap<String, String>, name: &'a str) -> &'a str {
    renames.get(name).map_or(name, String::as_str)
}

/// Both sides' roles of one kind (`list type`, `linked list`) when both have
/// them; a kind appearing or disappearing is reported here instead.
fn both<'a, T>(
    o: Option<&'a T>,
    n: Option<&'a T>,
    kind: &str,
    item: &str,
    out: &mut Vec<Change>,
) -> Option<(&'a T, &'a T)> {
    let change = |class| Change::new(ItemKind::Layout, item, What::ListRolesChanged, class);
    match (o, n) {
        (Some(o), Some(n)) => return Some((o, n)),
        (None, Some(_)) => out.push(change(Class::Compatible).values(format!("not a {kind}"), kind)),
        (Some(_), None) => out.push(change(Class::SourceBreaking).values(kind, format!("not a {kind}"))),
        (None, None) => {}
    }
    None
}

/// Every role whose value differs (any role change moves bits on the wire).
fn role_changes(item: &str, roles: &[(&str, String, String)], out: &mut Vec<Change>) {
    for (role, a, b) in roles {
        if a != b {
            let c = Change::new(ItemKind::Layout, item, What::ListRolesChanged, Class::WireBreaking);
            out.push(c.field(role).values(a, b));
        }
    }
}

fn roles(
    o: Option<&ListRoles>,
    n: Option<&ListRoles>,
    renames: &BTreeMap<String, String>,
    item: &str,
    out: &mut Vec<Change>,
) {
    let Some((o, n)) = both(o, n, "list type", item, out) else { return };
    let cursor = |r: &ListRoles| r.cursor_field.clone().unwrap_or_else(|| "none".into());
    let entry_address = |r: &ListRoles| r.entry_address_field.clone().unwrap_or_else(|| "none".into());
    let entry_pages = |r: &ListRoles| {
        r.entry_pages.as_ref().map_or_else(|| "none".into(), |p| format!("{} ({})", p.field, p.encoding.spelling()))
    };
    // Entry roles name fields of the entry layout, whose renames are that layout's own change.
    let roles: [(&str, String, String); 8] = [
        ("address_field", renamed(renames, &o.address_field).into(), n.address_field.clone()),
        ("count_field", renamed(renames, &o.count_field).into(), n.count_field.clone()),
        ("count_encoding", o.count_encoding.spelling().into(), n.count_encoding.spelling().into()),
        ("cursor_field", renamed(renames, &cursor(o)).into(), cursor(n)),
        ("capacity", o.capacity.to_string(), n.capacity.to_string()),
        ("entry", o.entry.spelling(), n.entry.spelling()),
        ("entry_address_field", entry_address(o), entry_address(n)),
        ("entry_pages_field", entry_pages(o), entry_pages(n)),
    ];
    role_changes(item, &roles, out);
    let singleton = |r: &ListRoles| match &r.singleton {
        None => "none".to_string(),
        Some(s) => format!("count {}, release input {}", s.count, s.release_input.spelling()),
    };
    if singleton(o) != singleton(n) {
        let c = Change::new(ItemKind::Layout, item, What::SingletonChanged, Class::WireBreaking);
        out.push(c.values(singleton(o), singleton(n)));
    }
}

fn linked(
    o: Option<&LinkedRoles>,
    n: Option<&LinkedRoles>,
    renames: &BTreeMap<String, String>,
    item: &str,
    out: &mut Vec<Change>,
) {
    let Some((o, n)) = both(o, n, "linked list", item, out) else { return };
    let roles: [(&str, String, String); 3] = [
        ("address_field", renamed(renames, &o.address_field).into(), n.address_field.clone()),
        ("data_per_node", o.data_per_node.to_string(), n.data_per_node.to_string()),
        ("terminator", format!("{:#x}", o.terminator), format!("{:#x}", n.terminator)),
    ];
    role_changes(item, &roles, out);
}
