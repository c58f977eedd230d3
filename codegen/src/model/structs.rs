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
