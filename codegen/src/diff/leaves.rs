//! Leaf changes: number, versions, registers and the resume rule. Leaves pair
//! by name, SEAMCALL's and TDCALL's apart; a leaf whose number stays while its
//! name changes is a rename.

use super::{pair, Change, Class, ItemKind, What};
use crate::model::Model;
use crate::resolved::{Arg, Instruction, Leaf, Resume};

pub(super) fn diff(old: &Model, new: &Model, out: &mut Vec<Change>) {
    for instruction in Instruction::ALL {
        diff_of(old, new, instruction, out);
    }
}

fn diff_of(old: &Model, new: &Model, instruction: Instruction, out: &mut Vec<Change>) {
    let (old_leaves, new_leaves) = (old.leaves_of(instruction).values(), new.leaves_of(instruction).values());
    let (matched, renamed, removed, added) = pair(old_leaves, new_leaves, |l| l.name.clone(), |l| l.number);
    for l in removed {
        out.push(Change::new(ItemKind::Leaf, &l.name, What::Removed, Class::SourceBreaking));
    }
    for l in added {
        out.push(
            Change::new(ItemKind::Leaf, &l.name, What::Added, Class::Compatible)
                .values("", format!("number {}", l.number)),
        );
    }
    for (o, n) in renamed {
        out.push(Change::new(ItemKind::Leaf, &n.name, What::Renamed, Class::SourceBreaking).values(&o.name, &n.name));
        compare(o, n, out);
    }
    for (o, n) in matched {
        compare(o, n, out);
    }
}

fn compare(o: &Leaf, n: &Leaf, out: &mut Vec<Change>) {
    let change = |what, class| Change::new(ItemKind::Leaf, &n.name, what, class);
    if o.number != n.number {
        out.push(change(What::NumberChanged, Class::WireBreaking).values(o.number, n.number));
    }
    if o.versions != n.versions {
        // Dropping a version breaks callers that issue it; adding one does not.
        let dropped = o.versions.iter().any(|v| !n.versions.contains(v));
        let class = if dropped { Class::WireBreaking } else { Class::Compatible };
        out.push(change(What::VersionsChanged, class).values(versions(&o.versions), versions(&n.versions)));
    }
    registers("input", o.inputs.as_deref(), n.inputs.as_deref(), &n.name, out);
    registers("output", o.outputs.as_deref(), n.outputs.as_deref(), &n.name, out);
    if o.resume != n.resume {
        out.push(change(What::ResumeChanged, Class::WireBreaking).values(resume(&o.resume), resume(&n.resume)));
    }
    if o.description != n.description || o.since != n.since || o.source != n.source || o.note != n.note {
        out.push(change(What::DocsChanged, Class::Compatible));
    }
}

/// The resume rule as the tables write it.
fn resume(r: &Resume) -> String {
    match r {
        Resume::None => "none".into(),
        Resume::ReissueOutputs { cursor } => format!("reissue_outputs (cursor {})", cursor.name()),
        Resume::ReissueInputs => "reissue_inputs".into(),
        Resume::ResumeFlag { flag } => format!("resume_flag (flag {})", flag.name()),
    }
}

fn versions(v: &[u8]) -> String {
    v.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
}

fn describe(a: &Arg) -> String {
    format!("{} {}: {}", a.reg.name(), a.name, a.ty.spelling())
}

/// Register changes of one direction. Inputs added or removed change what the
/// module reads (wire-breaking); outputs added are compatible.
fn registers(dir: &str, o: Option<&[Arg]>, n: Option<&[Arg]>, item: &str, out: &mut Vec<Change>) {
    let change = |class| Change::new(ItemKind::Leaf, item, What::RegistersChanged, class);
    let (o, n) = match (o, n) {
        (None, None) => return,
        (None, Some(_)) => return out.push(change(Class::Compatible).field(dir).values("untabulated", "tabulated")),
        (Some(_), None) => {
            return out.push(change(Class::SourceBreaking).field(dir).values("tabulated", "untabulated"))
        }
        (Some(o), Some(n)) => (o, n),
    };
    let (matched, renamed, removed, added) = pair(o, n, |a| a.name.clone(), |a| (a.reg, a.ty.clone()));
    for (a, b) in matched {
        if a.reg != b.reg {
            let field = format!("{dir} {}", b.name);
            out.push(change(Class::WireBreaking).field(&field).values(a.reg.name(), b.reg.name()));
        } else if a.ty != b.ty {
            let field = format!("{dir} {}", b.name);
            out.push(change(Class::SourceBreaking).field(&field).values(a.ty.spelling(), b.ty.spelling()));
        }
        if a.description != b.description {
            let docs = Change::new(ItemKind::Leaf, item, What::DocsChanged, Class::Compatible);
            out.push(docs.field(&format!("{dir} {}", b.name)));
        }
    }
    for (a, b) in renamed {
        out.push(change(Class::SourceBreaking).field(&format!("{dir} {}", b.reg.name())).values(&a.name, &b.name));
    }
    let input = dir == "input";
    for a in removed {
        let class = if input { Class::WireBreaking } else { Class::SourceBreaking };
        out.push(change(class).field(&format!("{dir} {}", a.reg.name())).values(describe(a), ""));
    }
    for a in added {
        let class = if input { Class::WireBreaking } else { Class::Compatible };
        out.push(change(class).field(&format!("{dir} {}", a.reg.name())).values("", describe(a)));
    }
}
