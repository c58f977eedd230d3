//! Memory structures: byte layouts the module reads or writes in memory
//! (TDREPORT, TD_PARAMS, ...), as the tables state them.

use super::{Origin, Source};

/// What one element of a struct member is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberType {
    /// A little-endian unsigned integer of 1, 2, 4 or 8 bytes.
    Uint(u32),
    /// Raw bytes (a hash, a measurement, an SVN), this many per element.
    Bytes(u32),
    /// Another struct of the tables, by spec name.
    Struct(String),
    /// A layout of the tables (a bit word such as ATTRIBUTES), stored
    /// little-endian in as many bytes as the layout is wide.
    Layout(String),
}

impl MemberType {
    /// As the tables write it (`type: u32`, `type: bytes`, `type: TEE_TCB_INFO`).
    pub fn spelling(&self) -> String {
        match self {
            MemberType::Uint(n) => format!("u{}", n * 8),
            MemberType::Bytes(_) => "bytes".into(),
            MemberType::Struct(name) | MemberType::Layout(name) => name.clone(),
        }
    }
}

/// One member of a struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Spec name, `UPPER_SNAKE`.
    pub name: String,
    /// Byte offset from the start of the struct.
    pub offset: u32,
    /// What each element is.
    pub ty: MemberType,
    /// Bytes per element: the integer's or layout's width, the byte run's length, or the nested
    /// struct's size (0 for a nested struct until validation has its size).
    pub elem_size: u32,
    /// Elements (1 unless the member is an array).
    pub count: u32,
    /// What the member holds.
    pub description: String,
    /// Where in the cited source the member is defined.
    pub reference: String,
    /// Where the member was written.
    pub origin: Origin,
}

/// A byte range that must be zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReservedBytes {
    /// First byte.
    pub offset: u32,
    /// Length in bytes.
    pub size: u32,
    /// Where the range was written.
    pub origin: Origin,
}

/// A struct the module reads or writes in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Struct {
    /// Spec name, `UPPER_SNAKE`.
    pub name: String,
    /// Total size in bytes.
    pub size: u32,
    /// The alignment the ABI requires of it in memory (1 when none).
    pub align: u32,
    /// One-line summary.
    pub summary: String,
    /// Longer description, optional.
    pub description: Option<String>,
    /// The public source the struct comes from.
    pub source: Source,
    /// Members, as written.
    pub members: Vec<Member>,
    /// Reserved (must-be-zero) ranges, as written.
    pub reserved: Vec<ReservedBytes>,
    /// Where the struct was written.
    pub origin: Origin,
}

impl Struct {
    /// The member named `name`.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// One form of a versioned struct: the struct to read when the selector holds `value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantCase {
    /// The selector's value naming this form.
    pub value: u64,
    /// The struct of this form, by spec name.
    pub struct_name: String,
    /// Where the source defines the value.
    pub reference: String,
    /// Where the case was written.
    pub origin: Origin,
}

/// A struct whose bytes take one of several forms of the same size, told apart
/// by an integer member they share (TDREPORT_STRUCT by REPORTTYPE.VERSION).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructVariants {
    /// Spec name of the set, `UPPER_SNAKE`.
    pub name: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description, optional.
    pub description: Option<String>,
    /// The public source of the values.
    pub source: Source,
    /// Path of member names to the selector, from the forms' top level
    /// (`REPORTMACSTRUCT.REPORTTYPE.VERSION` is `["REPORTMACSTRUCT", "REPORTTYPE", "VERSION"]`).
    pub selector: Vec<String>,
    /// The forms, as written.
    pub cases: Vec<VariantCase>,
    /// Where the set was written.
    pub origin: Origin,
}

/// Where a selector path leads in `structs`, starting at struct `root`: the
/// byte offset and width of the integer member it names, or the first path
/// element that names no single integer (for the validator to report).
pub fn selector_place<'a>(
    structs: impl Fn(&str) -> Option<&'a Struct>,
    root: &str,
    path: &[String],
) -> Result<(u32, u32), usize> {
    let mut offset = 0;
    let mut current = structs(root).ok_or(0usize)?;
    for (i, name) in path.iter().enumerate() {
        let m = current.member(name).filter(|m| m.count == 1).ok_or(i)?;
        offset += m.offset;
        match (&m.ty, i + 1 == path.len()) {
            (MemberType::Uint(n), true) => return Ok((offset, *n)),
            (MemberType::Struct(inner), false) => current = structs(inner).ok_or(i)?,
            _ => return Err(i),
        }
    }
    Err(path.len().saturating_sub(1))
}
