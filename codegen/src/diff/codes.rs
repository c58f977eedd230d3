//! Status codes, operand IDs, metadata fields and TDG.VP.VMCALL sub-functions
//! and statuses: items with a name and a value (a sub-function's register map
//! is its shape). They pair by name; a value kept under a new name is a rename.

use super::{pair, Change, Class, ItemKind, What};
use crate::model::{MetadataField, Model};

/// One named value, reduced to what a diff compares.
struct Item<'a> {
    name: std::borrow::Cow<'a, str>,
    value: String,
    /// Everything else on the wire (metadata element size and counts).
    shape: String,
    docs: String,
}

pub(super) fn diff(old: &Model, new: &Model, out: &mut Vec<Change>) {
    compare(ItemKind::StatusCode, &status(old), &status(new), out);
    compare(ItemKind::OperandId, &operands(old), &operands(new), out);
    compare(ItemKind::MetadataField, &metadata(old), &metadata(new), out);
    compare(ItemKind::TdvmcallSubfunction, &subfunctions(old), &subfunctions(new), out);
    compare(ItemKind::TdvmcallStatus, &tdvmcall_statuses(old), &tdvmcall_statuses(new), out);
}

fn subfunctions(m: &Model) -> Vec<Item<'_>> {
    let regs = |args: &[crate::resolved::Arg]| {
        args.iter().map(|a| format!("{} {}: {}", a.reg.name(), a.name, a.ty.spelling())).collect::<Vec<_>>().join(", ")
    };
    m.tdvmcalls
        .values()
        .map(|t| {
            // The map decides the wire: what goes where, and so which registers RCX exposes.
            let shape = format!("in [{}], out [{}], exposes {:#x}", regs(&t.inputs), regs(&t.outputs), t.expose);
            let docs = format!("{:?}", (&t.ghci, &t.since, &t.description, &t.source, &t.note));
            item(&t.name, format!("{:#x}", t.code), shape, docs)
        })
        .collect()
}

fn tdvmcall_statuses(m: &Model) -> Vec<Item<'_>> {
    let docs = |s: &crate::model::StatusCode| format!("{:?}", (&s.description, &s.source, &s.note));
    m.tdvmcall_statuses.values().map(|s| item(&s.name, format!("{:#018x}", s.value), String::new(), docs(s))).collect()
}

fn status(m: &Model) -> Vec<Item<'_>> {
    let docs = |s: &crate::model::StatusCode| format!("{:?}", (&s.description, &s.source, &s.note, s.kernel_value));
    m.status_codes.values().map(|s| item(&s.name, format!("{:#018x}", s.value), String::new(), docs(s))).collect()
}

fn operands(m: &Model) -> Vec<Item<'_>> {
    let docs = |o: &crate::model::OperandId| format!("{:?}", (&o.source, &o.note));
    m.operand_ids.values().map(|o| item(&o.name, format!("{:#x}", o.value), String::new(), docs(o))).collect()
}

fn metadata(m: &Model) -> Vec<Item<'_>> {
    m.metadata_fields.values().map(metadata_item).collect()
}

fn item(name: &str, value: String, shape: String, docs: String) -> Item<'_> {
    Item { name: name.into(), value, shape, docs }
}

fn metadata_item(f: &MetadataField) -> Item<'_> {
    let shape = format!("element size {}, count {}, elements {}", f.element_size, f.count, f.elements);
    // Names are unique per scope: a TD-scope field is paired as `td.NAME`.
    let name = match f.scope {
        crate::model::MetadataScope::Global => f.name.as_str().into(),
        scope => format!("{}.{}", scope.spelling(), f.name).into(),
    };
    let docs =
        format!("{:?}", (&f.description, &f.source, &f.note, &f.access, f.linux_field_id, f.json_field_id, &f.since));
    Item { name, value: format!("{:#018x}", f.field_id), shape, docs }
}

fn compare(kind: ItemKind, old: &[Item<'_>], new: &[Item<'_>], out: &mut Vec<Change>) {
    let (matched, renamed, removed, added) =
        pair(old, new, |i| i.name.to_string(), |i| (i.value.clone(), i.shape.clone()));
    for i in removed {
        out.push(Change::new(kind, &i.name, What::Removed, Class::SourceBreaking).values(&i.value, ""));
    }
    for i in added {
        out.push(Change::new(kind, &i.name, What::Added, Class::Compatible).values("", &i.value));
    }
    for (o, n) in renamed {
        out.push(Change::new(kind, &n.name, What::Renamed, Class::SourceBreaking).values(&o.name, &n.name));
    }
    for (o, n) in matched {
        if o.value != n.value {
            out.push(Change::new(kind, &n.name, What::ValueChanged, Class::WireBreaking).values(&o.value, &n.value));
        }
        if o.shape != n.shape {
            // A sub-function's shape is its register map; a metadata field's, its size and counts.
            let what = if kind == ItemKind::TdvmcallSubfunction { What::RegistersChanged } else { What::ShapeChanged };
            out.push(Change::new(kind, &n.name, what, Class::WireBreaking).values(&o.shape, &n.shape));
        }
        if o.docs != n.docs {
            out.push(Change::new(kind, &n.name, What::DocsChanged, Class::Compatible));
        }
    }
}
