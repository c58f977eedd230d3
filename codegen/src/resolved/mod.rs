//! The resolved model: what validation accepted, with references turned into
//! types (registers, argument types, resume registers) and generated names
//! computed once, so emitters read it without lookups or string matching.

mod availability;
mod leaf;
mod list;
mod register;
mod tdvmcall;

pub use availability::{resolve as resolve_availability, Availability};
pub use leaf::{
    resolve as resolve_leaf, struct_addr_target, Arg, ArgType, Instruction, Leaf, LeafNames, Resume, Unresolved,
    VERSION_SHIFT,
};
pub use list::{
    resolve as resolve_list, resolve_linked, Entry, EntryLayout, Fixed, FrameField, FrameSpace, LinkedType, ListType,
};
pub use register::Register;
pub use tdvmcall::{expose_bitmap, resolve as resolve_tdvmcall, Subfunction, SubfunctionNames, ALWAYS_EXPOSED};

use crate::diag::Diagnostic;
use crate::model::Tables;
use std::collections::BTreeMap;

/// Leaves by number, one map per instruction (SEAMCALL's, then TDCALL's).
pub type LeavesByNumber = (BTreeMap<u16, Leaf>, BTreeMap<u16, Leaf>);

/// Everything resolution produces for the [`Model`](crate::model::Model).
pub struct Resolved {
    /// List types by layout name.
    pub lists: BTreeMap<String, ListType>,
    /// Linked lists by layout name.
    pub linked: BTreeMap<String, LinkedType>,
    /// SEAMCALL and TDCALL leaves by number.
    pub leaves: LeavesByNumber,
    /// TDG.VP.VMCALL sub-functions by code.
    pub tdvmcalls: BTreeMap<u64, Subfunction>,
}

/// Resolves tables every validation rule accepted. A failure means a rule let
/// something through; it is reported as an internal error at the entry.
pub fn resolve(tables: &Tables) -> Result<Resolved, Vec<Diagnostic>> {
    let internal = |what: String| {
        format!("internal error: the validated entry's {what} could not be resolved (please report this)")
    };
    let mut problems = Vec::new();
    let mut lists = BTreeMap::new();
    let mut linked_lists = BTreeMap::new();
    for layout in &tables.layouts {
        match resolve_list(tables, layout) {
            Ok(Some(list)) => {
                lists.insert(layout.name.clone(), list);
            }
            Ok(None) => {}
            Err(what) => problems.push(tables.layout_diag(layout, &layout.origin, None, None, internal(what))),
        }
        match resolve_linked(layout) {
            Ok(Some(linked)) => {
                linked_lists.insert(layout.name.clone(), linked);
            }
            Ok(None) => {}
            Err(what) => problems.push(tables.layout_diag(layout, &layout.origin, None, None, internal(what))),
        }
    }
    let features0 = tables.features0();
    let (mut leaves, mut tdcalls) = (BTreeMap::new(), BTreeMap::new());
    for leaf in &tables.leaves {
        match resolve_leaf(leaf, features0) {
            Ok(r) => {
                let by_number = if r.instruction == Instruction::Tdcall { &mut tdcalls } else { &mut leaves };
                by_number.insert(r.number, r);
            }
            Err(what) => problems.push(tables.entry_diag(
                format!("leaf `{}`", leaf.name),
                &leaf.origin,
                None,
                None,
                internal(what),
            )),
        }
    }
    let mut tdvmcalls = BTreeMap::new();
    for t in &tables.tdvmcalls {
        match resolve_tdvmcall(t, features0) {
            Ok(r) => {
                tdvmcalls.insert(r.code, r);
            }
            Err(what) => problems.push(tables.entry_diag(
                format!("TDVMCALL sub-function `{}`", t.name),
                &t.origin,
                None,
                None,
                internal(what),
            )),
        }
    }
    if problems.is_empty() {
        Ok(Resolved { lists, linked: linked_lists, leaves: (leaves, tdcalls), tdvmcalls })
    } else {
        Err(problems)
    }
}
