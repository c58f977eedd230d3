//! Status codes, operand IDs and metadata fields.

use super::{Origin, Source};

/// A completion status code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusCode {
    /// Name in the kernel's spelling, e.g. `TDX_OPERAND_BUSY`.
    pub name: String,
    /// The value chosen.
    pub value: u64,
    /// The kernel's value, where it differs from `value`.
    pub kernel_value: Option<u64>,
    /// What the status means.
    pub description: Option<String>,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks.
    pub note: Option<String>,
    /// Where the code was written.
    pub origin: Origin,
}

/// An operand ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperandId {
    /// Name, e.g. `TDX_OPERAND_ID_RCX`.
    pub name: String,
    /// The ID (bits 31:0 of an operand error).
    pub value: u32,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks.
    pub note: Option<String>,
    /// Where the ID was written.
    pub origin: Origin,
}

/// A metadata field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataField {
    /// Name, e.g. `TDX_FEATURES0`.
    pub name: String,
    /// Base field identifier.
    pub field_id: u64,
    /// Bytes per element.
    pub element_size: u32,
    /// Fields in the sequence.
    pub count: u32,
    /// Elements per field.
    pub elements: u32,
    /// What the field holds.
    pub description: Option<String>,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks.
    pub note: Option<String>,
    /// Where the field was written.
    pub origin: Origin,
}
