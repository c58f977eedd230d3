//! Struct changes: size and alignment, members (matched by name, renames by
//! identical place), reserved bytes taken into use. Any member moved, resized,
//! retyped or removed changes what the bytes mean: wire-breaking.

use super::{pair, Change, Class, ItemKind, LayoutDiagrams, What};
use crate::diagram::byte_map;
use crate::model::{Member, Model, Struct};
use std::collections::BTreeMap;

/// A member's place and type: (offset, type, count).
type MemberShape = (u32, String, u32);

/// Where a struct's members and reserved bytes lie, which a rename keeps.
fn shape(s: &Struct) -> (u32, Vec<MemberShape>, Vec<(u32, u32)>) {
    let mut members: Vec<MemberShape> = s.members.iter().map(|m| (m.offset, m.ty.spelling(), m.count)).collect();
    let mut reserved: Vec<(u32, u32)> = s.reserved.iter().map(|r| (r.offset, r.size)).collect();
    members.sort();
    reserved.sort();
    (s.size, members, reserved)
}

/// The bytes a member takes, `offset..end`.
fn span(m: &Member) -> (u32, u32) {
    (m.offset, m.offset + m.elem_size * m.count)
}

/// [`span`] as `offset..end`, for reports.
fn place(m: &Member) -> String {
    let (start, end) = span(m);
    format!("{start}..{end}")
}

/// Appends the struct changes; returns byte maps, before and after, of every
/// struct with a change other than documentation.
pub(super) fn diff(old: &Model, new: &Model, out: &mut Vec<Change>) -> BTreeMap<String, LayoutDiagrams> {
    let (matched, renamed, removed, added) =
        pair(old.structs.values(), new.structs.values(), |s| s.name.clone(), shape);
    let mut maps = BTreeMap::new();
    let mut draw = |name: &str, before: Option<&Struct>, after: Option<&Struct>| {
        let d = LayoutDiagrams { before: before.map(byte_map), after: after.map(byte_map) };
        maps.insert(name.to_string(), d);
    };
    for s in removed {
        out.push(Change::new(ItemKind::Struct, &s.name, What::Removed, Class::SourceBreaking));
        draw(&s.name, Some(s), None);
    }
    for s in added {
        out.push(Change::new(ItemKind::Struct, &s.name, What::Added, Class::Compatible));
        draw(&s.name, None, Some(s));
    }
    for (o, n) in renamed {
        out.push(Change::new(ItemKind::Struct, &n.name, What::Renamed, Class::SourceBreaking).values(&o.name, &n.name));
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
    maps
}

fn compare(o: &Struct, n: &Struct, out: &mut Vec<Change>) {
    let change = |what, class| Change::new(ItemKind::Struct, &n.name, what, class);
    if o.size != n.size {
        out.push(change(What::WidthChanged, Class::WireBreaking).values(o.size, n.size));
    }
    if o.align != n.align {
        out.push(change(What::AlignChanged, Class::WireBreaking).values(o.align, n.align));
    }
    let (matched, renamed, removed, added) =
        pair(&o.members, &n.members, |m| m.name.clone(), |m| (m.offset, m.ty.spelling(), m.count));
    for (om, nm) in matched {
        let (a, b) = (place(om), place(nm));
        if om.offset != nm.offset {
            out.push(change(What::FieldMoved, Class::WireBreaking).field(&nm.name).values(a, b));
        } else if a != b {
            out.push(change(What::FieldResized, Class::WireBreaking).field(&nm.name).values(a, b));
        }
        if om.ty != nm.ty || om.count != nm.count {
            let (a, b) = (om.ty.spelling(), nm.ty.spelling());
            out.push(change(What::FieldKindChanged, Class::WireBreaking).field(&nm.name).values(a, b));
        }
        if om.description != nm.description || om.reference != nm.reference {
            out.push(change(What::DocsChanged, Class::Compatible).field(&nm.name));
        }
    }
    for (om, nm) in renamed {
        out.push(change(What::FieldRenamed, Class::SourceBreaking).values(&om.name, &nm.name));
    }
    for m in removed {
        out.push(change(What::FieldRemoved, Class::WireBreaking).field(&m.name).values(place(m), "reserved"));
    }
    let was_reserved = |start: u32, end: u32| o.reserved.iter().any(|r| r.offset <= start && end <= r.offset + r.size);
    for m in added {
        let (start, end) = span(m);
        let c = if was_reserved(start, end) {
            change(What::ReservedNowUsed, Class::Compatible)
        } else {
            change(What::FieldAdded, Class::WireBreaking)
        };
        out.push(c.field(&m.name).values("", place(m)));
    }
    if o.summary != n.summary || o.description != n.description || o.source != n.source {
        out.push(change(What::DocsChanged, Class::Compatible));
    }
}
