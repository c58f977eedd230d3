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

/// Whose metadata a field is: the module's (global), a TD's (TDR, TDCS), or a vCPU's (TDVPS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MetadataScope {
    /// Platform scope: TDH.SYS.RD, TDG.SYS.RD (FIELD_ID context code 0).
    #[default]
    Global,
    /// TD scope: TDH.MNG.RD/WR, TDG.VM.RD/WR (context code 1).
    Td,
    /// vCPU scope: TDH.VP.RD/WR, TDG.VP.RD/WR (context code 2).
    Vcpu,
}

impl MetadataScope {
    /// As the tables write it.
    pub fn spelling(self) -> &'static str {
        match self {
            MetadataScope::Global => "global",
            MetadataScope::Td => "td",
            MetadataScope::Vcpu => "vcpu",
        }
    }

    /// The FIELD_ID context code (bits 54:52) of its fields.
    pub fn context_code(self) -> u64 {
        match self {
            MetadataScope::Global => 0,
            MetadataScope::Td => 1,
            MetadataScope::Vcpu => 2,
        }
    }
}

/// What one actor may do with a field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Rights {
    /// Neither read nor write.
    #[default]
    None,
    /// Read only.
    Read,
    /// Write only.
    Write,
    /// Read and write.
    ReadWrite,
}

impl Rights {
    /// As the tables write it: `none`, `r`, `w`, `rw`.
    pub fn spelling(self) -> &'static str {
        match self {
            Rights::None => "none",
            Rights::Read => "r",
            Rights::Write => "w",
            Rights::ReadWrite => "rw",
        }
    }
}

/// Who may read and write a TD- or vCPU-scope field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MetadataAccess {
    /// The host VMM, for a production (non-debug) TD.
    pub host: Rights,
    /// The host VMM, for a debug TD.
    pub host_debug: Rights,
    /// The TD itself.
    pub guest: Rights,
    /// A migration TD (TD-scope fields only).
    pub migtd: Option<Rights>,
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
    /// Whose metadata it is.
    pub scope: MetadataScope,
    /// Who may read and write it, where the source says.
    pub access: Option<MetadataAccess>,
    /// The ID as the Linux kernel writes it, where that differs from `field_id`.
    pub linux_field_id: Option<u64>,
    /// The ID as Intel's ABI JSON writes it, where that differs from `field_id`.
    pub json_field_id: Option<u64>,
    /// The module version or TDX_FEATURES0 bit that introduced the field.
    pub since: Option<String>,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks.
    pub note: Option<String>,
    /// Where the field was written.
    pub origin: Origin,
}
