//! One table of every name the generator emits into a shared namespace (the
//! Rust crate root that `pub use generated::*` flattens, the C header's
//! macros, the generated tests' scope, each leaf's input and output structs),
//! built from the tables alone so validation can refuse any two entries that
//! would emit the same name. `codegen/tests/generated_names.rs` checks it
//! against the emitted files, so it cannot drift from the emitters.

use super::{
    c_macro, layout_module, leaf_const, leaf_test, leaf_version_macro, list_test, prop_test, type_name, FieldAccessors,
};
use crate::model::{Origin, Tables};
use std::rc::Rc;

/// A namespace generated names share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Space {
    /// Items reachable at the crate root (`tdx_abi::X`), and the module
    /// names inside `generated/` (which are also its file names).
    RustRoot,
    /// `#define`s of the C header, the macros it relies on, and its functions and enum constants.
    C,
    /// Names the generated tests (`tdx-abi/tests/*/generated.rs`) declare or import.
    Tests,
    /// The fields of one leaf's input struct (leaf number, and true for a TDCALL leaf).
    LeafInput(u32, bool),
    /// The fields of one leaf's output struct (likewise).
    LeafOutput(u32, bool),
    /// The items of the `tdvmcalls` module: each sub-function's stub and structs.
    Tdvmcalls,
    /// The `tdvmcall` module: each sub-function's code and exposure bitmap.
    TdvmcallConsts,
    /// The fields of one TDVMCALL sub-function's output struct (by code).
    TdvmcallOutput(u64),
}

impl Space {
    /// How a message names the space.
    pub fn describe(self) -> &'static str {
        match self {
            Space::RustRoot => "an item at the Rust crate root",
            Space::C => "a C macro",
            Space::Tests => "a name in the generated tests",
            Space::LeafInput(..) => "a field of the leaf's input struct",
            Space::LeafOutput(..) => "a field of the leaf's output struct",
            Space::Tdvmcalls => "an item of the `tdvmcalls` module",
            Space::TdvmcallConsts => "a constant of the `tdvmcall` module",
            Space::TdvmcallOutput(..) => "a field of the sub-function's output struct",
        }
    }
}

/// Who emits a name: a table entry (with where to point) or the generator itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// `layout `HPA_ARRAY_T``, `leaf `TDH.MNG.RD``, or what fixed part emits it
    /// (shared by every name the owner emits).
    pub what: Rc<str>,
    /// The entry's origin and the key that decides the name; `None` for fixed names.
    pub at: Option<(Rc<Origin>, &'static str)>,
}

/// One emitted name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedName {
    /// Its namespace.
    pub space: Space,
    /// The name as emitted.
    pub name: String,
    /// Who emits it.
    pub owner: Owner,
}

/// Items tdx-abi itself has at its root (hand-written, `pub use` in lib.rs).
pub const CORE_ROOT_ITEMS: &[&str] = &[
    "AddressSpace",
    "FrameAddr",
    "GuestLinearAddr",
    "GuestPhysAddr",
    "PhysAddr",
    "PAGE_SHIFT",
    "PAGE_SIZE",
    "FieldError",
    "ReservedBitsSet",
    "FieldSpec",
    "Layout",
    "LayoutSpec",
    "LinkedPageList",
    "ListTypeVisitor",
    "NODE_SLOTS",
    "StructError",
    "StructSpec",
    "MemoryStruct",
    "StructAddr",
    "VariantsSpec",
    "FormSpec",
    "Instruction",
    "Tdcall",
    "TdcallInstruction",
    "run_tdcall",
    "run_tdvmcall",
    "TdvmcallError",
    "TdvmcallInfo",
    "TdvmcallStatus",
    "TdvmcallStatusInfo",
    // Hidden re-exports the struct macros name (features `zerocopy`, `serde`).
    "__zerocopy",
    "__serde",
    "MemberSpec",
    "HexBytes",
    "array_at",
    "array_at_mut",
    "ListEntry",
    "ListError",
    "PageList",
    "Placement",
    "Reg",
    "Registers",
    "rax",
    "run",
    "unsupported_version",
    "Completion",
    "LeafError",
    "LeafErrorKind",
    "Resume",
    "Seamcall",
    "DEFAULT_MAX_RESUMES",
    "SeamcallInstruction",
    "TdxStatus",
    "ArgInfo",
    "LeafInfo",
    "MetadataFieldInfo",
    "Availability",
    "ModuleVersion",
    "MetadataScope",
    "MetadataAccess",
    "Rights",
    "OperandInfo",
    "StatusInfo",
];

/// Root items the generator emits whatever the tables hold.
pub const FIXED_ROOT_ITEMS: &[&str] = &[
    "LAYOUTS",
    "STRUCTS",
    "STRUCT_VARIANTS",
    "visit_list_type",
    "leaves",
    "leaf",
    "LEAVES",
    "leaf_name",
    "tdcalls",
    "tdcall",
    "TDCALLS",
    "tdcall_name",
    "tdvmcalls",
    "tdvmcall",
    "TDVMCALLS",
    "tdvmcall_name",
    "TDVMCALL_STATUSES",
    "status_codes",
    "status_name",
    "STATUS_CODES",
    "operand",
    "operand_name",
    "OPERAND_IDS",
    "metadata_fields",
    "metadata",
    "td_metadata",
    "vcpu_metadata",
    "METADATA_FIELDS",
];

/// Macros the C header defines or takes from `<linux/bits.h>`.
pub const FIXED_C_MACROS: &[&str] = &[
    "TDX_ABI_H",
    "TDX_ABI_FIELD_GET",
    "TDX_ABI_FIELD_PREP",
    "TDX_VERSION_SHIFT",
    "GENMASK_U64",
    "BIT_ULL",
    "BIT",
    "GENMASK",
    "GENMASK_ULL",
    "GENMASK_U8",
    "GENMASK_U16",
    "GENMASK_U32",
    "GENMASK_U128",
    "BIT_MASK",
    "BIT_WORD",
    "BIT_ULL_MASK",
    "BIT_ULL_WORD",
    "BITS_PER_BYTE",
    "GENMASK_INPUT_CHECK",
];

/// Names the generated tests import or define besides the generated items.
pub const FIXED_TEST_NAMES: &[&str] = &["support", "Recorder", "output_value", "exposing", "field_props", "flag_props"];

fn push(
    out: &mut Vec<GeneratedName>,
    space: Space,
    name: String,
    what: impl Into<Rc<str>>,
    at: Option<(Rc<Origin>, &'static str)>,
) {
    out.push(GeneratedName { space, name, owner: Owner { what: what.into(), at } });
}

/// Every name the tables make the generator emit, fixed names first.
pub fn all(tables: &Tables) -> Vec<GeneratedName> {
    let mut out = Vec::new();
    let fixed: [(Space, &[&str], &str); 5] = [
        (Space::RustRoot, CORE_ROOT_ITEMS, "tdx-abi itself"),
        (Space::RustRoot, FIXED_ROOT_ITEMS, "the generated registries"),
        (Space::C, FIXED_C_MACROS, "the C header's prelude"),
        (Space::C, super::C_PLACEMENTS, "the C header's list helpers"),
        (Space::Tests, FIXED_TEST_NAMES, "the generated tests' support"),
    ];
    for (name, _) in super::C_LIST_ERRORS {
        push(&mut out, Space::C, name.to_string(), "the C header's list helpers", None);
    }
    let tdvmcalls_fixed: &[&str] = &["tdvmcall", "tdvmcall_name", "TDVMCALLS", "TDVMCALL_STATUSES", "TdvmcallStatus"];
    for n in tdvmcalls_fixed {
        push(&mut out, Space::Tdvmcalls, n.to_string(), "the `tdvmcalls` module's registry", None);
    }
    for (space, names, what) in fixed {
        for n in names {
            push(&mut out, space, n.to_string(), what, None);
        }
    }
    let at = |origin: &Origin, key| Some((Rc::new(origin.clone()), key));
    for l in &tables.layouts {
        let what: Rc<str> = format!("layout `{}`", l.name).into();
        let here = at(&l.origin, "name");
        push(&mut out, Space::RustRoot, type_name(&l.name), what.clone(), here.clone());
        push(&mut out, Space::RustRoot, layout_module(&l.name), what.clone(), here.clone());
        push(&mut out, Space::Tests, type_name(&l.name), what.clone(), here.clone());
        if let Some(list) = &l.list {
            push(&mut out, Space::Tests, list_test(&l.name), what.clone(), at(&l.origin, "list"));
            let roles = at(&l.origin, "list");
            for m in super::C_LIST_MACROS {
                push(&mut out, Space::C, c_macro(&l.name, m), what.clone(), roles.clone());
            }
            let cursor = if list.cursor_field.is_some() { super::C_CURSOR_FNS } else { &[] };
            for f in super::C_LIST_FNS.iter().chain(cursor) {
                push(&mut out, Space::C, super::c_list_fn(&l.name, f), what.clone(), roles.clone());
            }
        }
        if l.linked.is_some() {
            let roles = at(&l.origin, "linked_list");
            for m in super::C_LINKED_MACROS {
                push(&mut out, Space::C, c_macro(&l.name, m), what.clone(), roles.clone());
            }
            for f in super::C_LINKED_FNS {
                push(&mut out, Space::C, super::c_list_fn(&l.name, f), what.clone(), roles.clone());
            }
        }
        if !l.reserved.is_empty() {
            push(&mut out, Space::C, c_macro(&l.name, "RESERVED"), what.clone(), here);
        }
        for f in &l.fields {
            let what: Rc<str> = format!("field `{}` of layout `{}`", f.name, l.name).into();
            let here = at(&f.origin, "name");
            push(&mut out, Space::C, c_macro(&l.name, &f.name), what.clone(), here.clone());
            for helper in super::C_FIELD_FNS {
                push(&mut out, Space::C, super::c_field_fn(&l.name, &f.name, helper), what.clone(), here.clone());
            }
            let accessors = FieldAccessors::of_field(f);
            push(&mut out, Space::Tests, prop_test(&l.name, &accessors.get), what.clone(), here.clone());
            if let Some(a) = &accessors.addr {
                push(&mut out, Space::Tests, prop_test(&l.name, &a.get), what, here);
            }
        }
    }
    for s in &tables.structs {
        let what: Rc<str> = format!("struct `{}`", s.name).into();
        let here = at(&s.origin, "name");
        push(&mut out, Space::RustRoot, type_name(&s.name), what.clone(), here.clone());
        push(&mut out, Space::RustRoot, super::struct_view_name(&s.name), what.clone(), here.clone());
        push(&mut out, Space::RustRoot, layout_module(&s.name), what.clone(), here.clone());
        push(&mut out, Space::Tests, super::struct_test(&s.name), what, here);
    }
    for v in &tables.struct_variants {
        let what: Rc<str> = format!("struct variants `{}`", v.name).into();
        let here = at(&v.origin, "name");
        push(&mut out, Space::RustRoot, type_name(&v.name), what.clone(), here.clone());
        push(&mut out, Space::RustRoot, layout_module(&v.name), what.clone(), here.clone());
        push(&mut out, Space::C, c_macro(&v.name, "SELECTOR_OFFSET"), what.clone(), here.clone());
        for c in &v.cases {
            push(&mut out, Space::C, c_macro(&v.name, &c.struct_name), what.clone(), at(&c.origin, "struct"));
        }
    }
    for leaf in &tables.leaves {
        let what: Rc<str> = format!("leaf `{}`", leaf.name).into();
        let here = at(&leaf.origin, "name");
        let konst = leaf_const(&leaf.name);
        push(&mut out, Space::C, konst.clone(), what.clone(), here.clone());
        for a in &leaf.aliases {
            push(&mut out, Space::C, leaf_const(a), format!("{what} (alias `{a}`)"), at(&leaf.origin, "aliases"));
        }
        for v in leaf.versions.iter().filter(|v| **v > 0) {
            push(&mut out, Space::C, leaf_version_macro(&konst, *v), what.clone(), at(&leaf.origin, "versions"));
        }
        if leaf.inputs.is_none() {
            continue;
        }
        // The stub and its structs live in the leaf area's own module
        // (`leaves::mng`), where leaf names are unique; the test is at the top.
        push(&mut out, Space::Tests, leaf_test(&leaf.name), what.clone(), here);
        let guest = crate::resolved::Instruction::of(&leaf.name) == Some(crate::resolved::Instruction::Tdcall);
        let (space_in, space_out) = (Space::LeafInput(leaf.number, guest), Space::LeafOutput(leaf.number, guest));
        if leaf.versions.len() > 1 {
            push(&mut out, space_in, "version".into(), format!("{what} (its version, as it has several)"), None);
        }
        push(&mut out, space_out, "completion".into(), format!("{what} (its completion status)"), None);
        for a in leaf.inputs.iter().flatten() {
            push(&mut out, space_in, a.name.clone(), format!("input `{}` of {what}", a.name), at(&a.origin, "name"));
        }
        for a in leaf.outputs.iter().flatten() {
            push(&mut out, space_out, a.name.clone(), format!("output `{}` of {what}", a.name), at(&a.origin, "name"));
        }
    }
    for s in &tables.status_codes {
        push(&mut out, Space::C, s.name.clone(), format!("status code `{}`", s.name), at(&s.origin, "name"));
    }
    for t in &tables.tdvmcalls {
        let what: Rc<str> = format!("TDVMCALL sub-function `{}`", t.name).into();
        let here = at(&t.origin, "name");
        let c = super::tdvmcall_macro(&t.name);
        push(&mut out, Space::C, format!("{c}_EXPOSE"), what.clone(), here.clone());
        push(&mut out, Space::C, c, what.clone(), here.clone());
        push(&mut out, Space::Tests, super::tdvmcall_test(&t.name), what.clone(), here.clone());
        // The stub and its structs share the `tdvmcalls` module.
        let ty = super::tdvmcall_type(&t.name);
        push(&mut out, Space::Tdvmcalls, super::tdvmcall_fn(&t.name), what.clone(), here.clone());
        push(&mut out, Space::Tdvmcalls, format!("{ty}In"), what.clone(), here.clone());
        push(&mut out, Space::Tdvmcalls, format!("{ty}Out"), what.clone(), here.clone());
        // The `tdvmcall` module holds each code and its bitmap.
        push(&mut out, Space::TdvmcallConsts, t.name.clone(), what.clone(), here.clone());
        push(&mut out, Space::TdvmcallConsts, super::tdvmcall_expose_const(&t.name), what.clone(), here);
        let space = Space::TdvmcallOutput(t.code);
        push(&mut out, space, "regs".into(), format!("{what} (every register after the call)"), None);
        for a in &t.outputs {
            push(&mut out, space, a.name.clone(), format!("output `{}` of {what}", a.name), at(&a.origin, "name"));
        }
    }
    for s in &tables.tdvmcall_statuses {
        push(&mut out, Space::C, s.name.clone(), format!("TDVMCALL status `{}`", s.name), at(&s.origin, "name"));
    }
    for o in &tables.operand_ids {
        push(&mut out, Space::C, o.name.clone(), format!("operand ID `{}`", o.name), at(&o.origin, "name"));
    }
    for m in &tables.metadata_fields {
        let what: Rc<str> = format!("{} metadata field `{}`", m.scope.spelling(), m.name).into();
        push(&mut out, Space::C, super::metadata_macro(m.scope, &m.name), what.clone(), at(&m.origin, "name"));
        if m.linux_field_id.is_some() {
            push(&mut out, Space::C, super::linux_metadata_macro(&m.name), what, at(&m.origin, "linux_field_id"));
        }
    }
    out
}
