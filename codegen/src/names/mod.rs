//! Spec names to Rust and C names, in one place so the validator checks
//! exactly the names the emitters produce.

pub mod registry;

use crate::model::Field;

/// `HPA_LIST_INFO` → `HpaListInfo`.
pub fn type_name(spec: &str) -> String {
    spec.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars.map(|c| c.to_ascii_lowercase())).collect::<String>()
        })
        .collect()
}

/// `TDREPORT_STRUCT` → `TdreportStructView`: a struct's borrowed, unaligned view.
pub fn struct_view_name(spec: &str) -> String {
    format!("{}View", type_name(spec))
}

/// `HPA_LIST_INFO` → `hpa_list_info`: the layout's module, and its file under `generated/`.
pub fn layout_module(spec: &str) -> String {
    spec.to_ascii_lowercase()
}

/// `TDH.MEM.PAGE.ADD` → `mem`: the module of the leaf's stub under `generated/leaves/`.
pub fn leaf_area(spec: &str) -> String {
    spec.split('.').nth(1).unwrap_or("misc").to_ascii_lowercase()
}

/// `FIRST_ENTRY` → `first_entry`.
pub fn fn_name(spec: &str) -> String {
    spec.to_ascii_lowercase()
}

/// `HPA_LIST_INFO`, `FIRST_ENTRY` → `HPA_LIST_INFO_FIRST_ENTRY` (the C macro).
pub fn c_macro(layout: &str, field: &str) -> String {
    [layout, "_", field].concat()
}

/// Getter of a field's typed address view: `pfn` → `pfn_addr`.
pub fn addr_getter(field: &str) -> String {
    fn_name(field) + "_addr"
}

/// Items every layout type has, which no field-derived name may take.
pub const FIXED_ITEMS: &[&str] = &[
    "new",
    "from_bits",
    "into_bits",
    "try_from_bits",
    "reserved_bits",
    "check_reserved",
    "NAME",
    "WIDTH",
    "RESERVED_MASK",
    "FIELDS",
];

/// Items every memory-structure type (or its view) has, which no member-derived name may take:
/// its own, and those of the traits it implements (std's, and with features zerocopy's and
/// serde's most used) that an inherent getter would shadow on method-call syntax.
pub const STRUCT_ITEMS: &[&str] = &[
    "NAME",
    "SIZE",
    "ALIGN",
    "RESERVED_BYTES",
    "new_zeroed",
    "from_bytes_unchecked",
    "from_bytes",
    "try_from_bytes",
    "split_from",
    "as_bytes",
    "view",
    "to_struct",
    "clone",
    "eq",
    "ne",
    "hash",
    "default",
    "fmt",
    "from",
    "into",
    "try_from",
    "try_into",
    "to_owned",
    "type_id",
    "read_from_bytes",
    "ref_from_bytes",
    "mut_from_bytes",
    "as_mut_bytes",
    "serialize",
    "deserialize",
];

/// What a struct member generates: its getter, `set_` and `with_` setters, and `_OFFSET` constant.
pub fn struct_member_items(member: &str) -> [String; 4] {
    let f = fn_name(member);
    [f.clone(), format!("set_{f}"), format!("with_{f}"), format!("{member}_OFFSET")]
}

/// Items of the traits every layout type implements, by trait. An inherent
/// item of the same name would shadow the trait's on method-call syntax (a
/// `COUNT` field's `count()` returning the raw field while
/// `PageList::count` decodes it), so no field-derived name may take one.
/// `codegen/tests/reserved_names.rs` parses tdx-abi's traits and a generated
/// layout's derives and fails when this list misses one of their items.
pub const TRAIT_ITEMS: &[(&str, &[&str])] = &[
    ("Layout", &["NAME", "WIDTH", "RESERVED_MASK", "FIELDS", "from_bits", "into_bits"]),
    (
        "PageList",
        &[
            "Entry",
            "ListAddr",
            "EntryAddr",
            "CAPACITY",
            "MAX_ENTRY_PAGES",
            "SINGLETON",
            "RESUMABLE",
            "ENTRY_IS_PAGE_ADDRESS",
            "entry_bits",
            "encode_entry",
            "decode_entry",
            "placement",
            "encode_list",
            "encode_in_place",
            "release_input",
            "address",
            "count",
            "cursor",
            "with_cursor",
        ],
    ),
    ("LinkedPageList", &["DATA_PER_NODE", "TERMINATOR", "encode_first_node", "first_node", "nodes_for"]),
    ("Clone", &["clone", "clone_from"]),
    ("PartialEq", &["eq", "ne"]),
    ("Eq", &["assert_receiver_is_total_eq"]),
    ("Hash", &["hash", "hash_slice"]),
    ("Default", &["default"]),
    ("Debug", &["fmt"]),
    ("From", &["from"]),
    // Blanket impls every type has.
    ("Into", &["into"]),
    ("TryFrom", &["try_from"]),
    ("TryInto", &["try_into"]),
    ("Borrow", &["borrow", "borrow_mut"]),
    ("ToOwned", &["to_owned", "clone_into"]),
    ("Any", &["type_id"]),
];

/// The accessors of a frame-number field's typed address view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrAccessors {
    /// `pfn_addr`.
    pub get: String,
    /// `with_pfn_addr`.
    pub with: String,
    /// `try_with_pfn_addr`.
    pub try_with: String,
    /// `set_pfn_addr`.
    pub set: String,
}

/// Every associated item the emitter derives from a field: the one place the
/// accessor naming scheme is written down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldAccessors {
    /// `first_entry`.
    pub get: String,
    /// `with_first_entry`.
    pub with: String,
    /// `try_with_first_entry`.
    pub try_with: String,
    /// `set_first_entry`.
    pub set: String,
    /// `try_set_first_entry`.
    pub try_set: String,
    /// `FIRST_ENTRY_OFFSET`.
    pub offset: String,
    /// `FIRST_ENTRY_BITS`.
    pub bits: String,
    /// `FIRST_ENTRY_MASK`.
    pub mask: String,
    /// The typed address view, for frame-number fields.
    pub addr: Option<AddrAccessors>,
}

impl FieldAccessors {
    /// The names for a field named `spec`, with an address view when it holds a frame number.
    pub fn of(spec: &str, frame: bool) -> Self {
        let f = fn_name(spec);
        FieldAccessors {
            // Concatenated rather than formatted: this runs for every field, in
            // validation and in every emitter.
            with: ["with_", &f].concat(),
            try_with: ["try_with_", &f].concat(),
            set: ["set_", &f].concat(),
            try_set: ["try_set_", &f].concat(),
            offset: [spec, "_OFFSET"].concat(),
            bits: [spec, "_BITS"].concat(),
            mask: [spec, "_MASK"].concat(),
            addr: frame.then(|| {
                let a = addr_getter(spec);
                AddrAccessors {
                    with: ["with_", &a].concat(),
                    try_with: ["try_with_", &a].concat(),
                    set: ["set_", &a].concat(),
                    get: a,
                }
            }),
            get: f,
        }
    }

    /// The names of `field`.
    pub fn of_field(field: &Field) -> Self {
        FieldAccessors::of(&field.name, field.kind.is_frame())
    }

    /// Every name, for uniqueness checks.
    pub fn all(&self) -> Vec<String> {
        let mut items = vec![
            self.get.clone(),
            self.with.clone(),
            self.try_with.clone(),
            self.set.clone(),
            self.try_set.clone(),
            self.offset.clone(),
            self.bits.clone(),
            self.mask.clone(),
        ];
        if let Some(a) = &self.addr {
            items.extend([a.get.clone(), a.with.clone(), a.try_with.clone(), a.set.clone()]);
        }
        items
    }
}

/// The generated property test of one accessor (`get`, a field's getter or
/// its address view's): `hpa_list_info_first_entry`.
pub fn prop_test(layout: &str, get: &str) -> String {
    format!("{}_{get}", layout_module(layout))
}

/// The generated encoding property test of a list type: `hpa_list_info_list_encoding`.
pub fn list_test(layout: &str) -> String {
    format!("{}_list_encoding", layout_module(layout))
}

/// The generated byte round-trip test of a struct: `tdreport_struct_bytes`.
pub fn struct_test(name: &str) -> String {
    format!("{}_bytes", layout_module(name))
}

/// `TdgVpInfoOut` → `TdgVpInfoReply`: what a simulated leaf (or TDVMCALL host)
/// returns, the output struct's registers without the completion.
pub fn sim_reply(output_struct: &str) -> String {
    format!("{}Reply", output_struct.strip_suffix("Out").unwrap_or(output_struct))
}

/// The generated register test of a leaf stub: `tdh_mng_rd_uses_its_registers`.
pub fn leaf_test(leaf: &str) -> String {
    format!("{}_uses_its_registers", leaf_fn(leaf))
}

/// `TDH.MNG.CREATE` → `TDH_MNG_CREATE` (the constant, and the kernel's C name).
pub fn leaf_const(spec: &str) -> String {
    spec.replace('.', "_")
}

/// `TDH_VP_INIT`, 1 → `TDH_VP_INIT_V1`: the C macro of a leaf version's RAX value.
pub fn leaf_version_macro(konst: &str, version: u32) -> String {
    format!("{konst}_V{version}")
}

/// `TDH.MNG.CREATE` → `tdh_mng_create` (the stub).
pub fn leaf_fn(spec: &str) -> String {
    leaf_const(spec).to_ascii_lowercase()
}

/// `TDH.MNG.CREATE` → `TdhMngCreate` (prefix of the input and output structs).
pub fn leaf_type(spec: &str) -> String {
    type_name(&leaf_const(spec))
}

/// `TDX_OPERAND_BUSY` → `OPERAND_BUSY` (the `TdxStatus` constant).
pub fn status_const(spec: &str) -> &str {
    spec.strip_prefix("TDX_").unwrap_or(spec)
}

/// `HPA_LIST_INFO`, `PFN`, `get` → `hpa_list_info_pfn_get`: a C helper of a field (its macro, lower case).
pub fn c_field_fn(layout: &str, field: &str, what: &str) -> String {
    let mut name = [layout, "_", field, "_", what].concat();
    name[..layout.len() + 1 + field.len()].make_ascii_lowercase();
    name
}

/// The C helper functions every field gets (`hpa_list_info_pfn_get`, ...).
pub const C_FIELD_FNS: &[&str] = &["get", "prep", "prep_checked"];

/// `HPA_ARRAY_T`, `placement` → `hpa_array_t_placement`: a C helper of a list type.
pub fn c_list_fn(list: &str, what: &str) -> String {
    format!("{}_{what}", list.to_ascii_lowercase())
}

/// The macros a list type adds beside its fields' masks (`HPA_ARRAY_T_CAPACITY`, ...).
pub const C_LIST_MACROS: &[&str] = &["CAPACITY", "MAX_ENTRY_PAGES", "SINGLETON", "RESUMABLE"];

/// The C helpers of every list type (`hpa_array_t_placement`, ...).
pub const C_LIST_FNS: &[&str] = &[
    "placement",
    "encode_entry",
    "decode_entry",
    "encode_list",
    "encode_in_place",
    "encode",
    "release_input",
    "address",
    "count",
    "fill_entries",
    "check_release",
];

/// The macros of a linked-list type (`HPA_LINKED_LIST_DATA_PER_NODE`, ...).
pub const C_LINKED_MACROS: &[&str] = &["DATA_PER_NODE", "TERMINATOR"];

/// The C helpers of a linked-list type (`hpa_linked_list_fill_node`, ...).
pub const C_LINKED_FNS: &[&str] = &["nodes_for", "encode_first_node", "first_node", "fill_node"];

/// The C helpers of a list type with a cursor role, besides [`C_LIST_FNS`].
pub const C_CURSOR_FNS: &[&str] = &["cursor", "with_cursor"];

/// `enum tdx_abi_list_error`, in order (the first is 0, success): each constant and
/// what it says, which the header writes beside it.
pub const C_LIST_ERRORS: &[(&str, &str)] = &[
    ("TDX_ABI_LIST_OK", ""),
    ("TDX_ABI_LIST_COUNT_OUT_OF_RANGE", "0 entries, or more than the list page holds"),
    ("TDX_ABI_LIST_MISALIGNED", "an address that is not the start of a 4 KiB page"),
    ("TDX_ABI_LIST_ADDR_TOO_WIDE", "an address its field cannot hold"),
    ("TDX_ABI_LIST_NO_SINGLETON_RULE", "in place, for a list type without a singleton rule"),
    ("TDX_ABI_LIST_SINGLETON_REQUIRED", "one page through a list page (singleton rule)"),
    ("TDX_ABI_LIST_CURSOR_OUT_OF_RANGE", "a cursor that indexes no entry"),
    ("TDX_ABI_LIST_PAGES_OUT_OF_RANGE", "an entry of 0 pages, or more than it can name"),
    ("TDX_ABI_LIST_ENTRY_MALFORMED", "a raw entry that names no page"),
    ("TDX_ABI_LIST_RELEASED_RESERVED_BITS", "a released value with reserved bits set"),
    ("TDX_ABI_LIST_RELEASED_COUNT", "a released value with another entry count"),
    ("TDX_ABI_LIST_RELEASED_ADDRESS", "a released value naming another page"),
    ("TDX_ABI_LIST_RELEASED_ENTRY", "a released list page with another entry"),
];

/// `enum tdx_abi_placement`, in order (0, 1).
pub const C_PLACEMENTS: &[&str] = &["TDX_ABI_LIST_PAGE", "TDX_ABI_IN_PLACE"];

/// `MAP_GPA` → `TDVMCALL_MAP_GPA`: the kernel's C name of a TDG.VP.VMCALL sub-function.
pub fn tdvmcall_macro(spec: &str) -> String {
    format!("TDVMCALL_{spec}")
}

/// `MAP_GPA` → `MAP_GPA_EXPOSE`: the constant (in `tdvmcall`) of its RCX exposure bitmap.
pub fn tdvmcall_expose_const(spec: &str) -> String {
    format!("{spec}_EXPOSE")
}

/// `MAP_GPA` → `map_gpa`: the stub in `tdvmcalls`.
pub fn tdvmcall_fn(spec: &str) -> String {
    spec.to_ascii_lowercase()
}

/// `MAP_GPA` → `MapGpa`: prefix of the stub's input and output structs.
pub fn tdvmcall_type(spec: &str) -> String {
    type_name(spec)
}

/// The generated register test of a TDVMCALL stub: `tdvmcall_map_gpa_uses_its_registers`.
pub fn tdvmcall_test(spec: &str) -> String {
    format!("tdvmcall_{}_uses_its_registers", tdvmcall_fn(spec))
}

/// `TDVMCALL_STATUS_RETRY` → `RETRY` (the `TdvmcallStatus` constant).
pub fn tdvmcall_status_const(spec: &str) -> &str {
    spec.strip_prefix("TDVMCALL_STATUS_").unwrap_or(spec)
}

/// The C macro of a metadata field's ID: `MD_FIELD_ID_NUM_PKGS` (global),
/// `MD_TDCS_CONFIG_FLAGS` (TD scope), `MD_TDVPS_VCPU_INDEX` (vCPU scope).
pub fn metadata_macro(scope: crate::model::MetadataScope, name: &str) -> String {
    match scope {
        crate::model::MetadataScope::Global => format!("MD_FIELD_ID_{name}"),
        crate::model::MetadataScope::Td => format!("MD_TDCS_{name}"),
        crate::model::MetadataScope::Vcpu => format!("MD_TDVPS_{name}"),
    }
}

/// `NOTIFY_ENABLES` → `TDCS_NOTIFY_ENABLES`: the kernel's macro for its form of a TD-scope ID.
pub fn linux_metadata_macro(name: &str) -> String {
    format!("TDCS_{name}")
}

/// `TDX_OPERAND_ID_RCX` → `RCX` (the constant in `tdx_abi::operand`).
pub fn operand_const(spec: &str) -> &str {
    spec.strip_prefix("TDX_OPERAND_ID_").unwrap_or(spec)
}

/// True for spec-style `UPPER_SNAKE`: A-Z and 0-9 in words joined by single `_`,
/// starting with a letter (valid in C and Rust, and converts to Rust names one way only).
pub fn is_upper_snake(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.split('_').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// True for `snake_case` names that are valid Rust identifiers and not keywords.
pub fn is_snake_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !name.ends_with('_')
        && !RUST_KEYWORDS.contains(&name)
}

/// Rust keywords (strict, reserved and edition-dependent), which cannot be method names.
pub const RUST_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_spec_names_mechanically() {
        assert_eq!(type_name("HPA_LIST_INFO"), "HpaListInfo");
        assert_eq!(type_name("HPA_ARRAY_T"), "HpaArrayT");
        assert_eq!(type_name("TDX_FEATURES0"), "TdxFeatures0");
        assert_eq!(fn_name("FIRST_ENTRY"), "first_entry");
        assert_eq!(c_macro("HPA_LIST_INFO", "PFN"), "HPA_LIST_INFO_PFN");
        assert_eq!(addr_getter("PFN"), "pfn_addr");
    }
}
