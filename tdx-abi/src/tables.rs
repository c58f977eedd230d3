//! Registry entries describing the leaves, status codes, operand IDs and
//! metadata fields the tables define (the generated `LEAVES`, `STATUS_CODES`,
//! `OPERAND_IDS`, `METADATA_FIELDS`): one struct shape for each.

use crate::{FieldId, Reg, Resume, TdxStatus};

/// A SEAMCALL leaf as the tables describe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeafInfo {
    /// Spec name, e.g. `TDH.MNG.CREATE`.
    pub name: &'static str,
    /// Other public names of the same leaf (leaf 27 of TDCALL: `TDG.VP.INVGLA`).
    pub aliases: &'static [&'static str],
    /// Leaf number (RAX bits 15:0).
    pub number: u16,
    /// Versions the tables list (RAX bits 23:16).
    pub versions: &'static [u8],
    /// The module version or TDX_FEATURES0 bit that introduced it.
    pub since: &'static str,
    /// What to test at run time to know it exists ([`Availability::on`](crate::Availability::on)).
    pub availability: crate::Availability,
    /// How an interrupted call is continued.
    pub resume: Resume,
    /// True when the module accepts one caller at a time (a second gets BUSY).
    pub serialized: bool,
    /// True when the tables name the leaf's registers (a typed stub exists).
    pub typed: bool,
    /// The registers it takes, as the tables name them (empty when not typed).
    pub inputs: &'static [ArgInfo],
    /// The registers it returns.
    pub outputs: &'static [ArgInfo],
}

impl LeafInfo {
    /// Whether the leaf exists on a module reporting `version` and TDX_FEATURES0 `features0`
    /// (`None` where the tables state nothing testable).
    pub const fn available_on(&self, version: crate::ModuleVersion, features0: u64) -> Option<bool> {
        self.availability.on(version, features0)
    }

    /// The input register named `name` in the tables.
    pub fn input(&self, name: &str) -> Option<&'static ArgInfo> {
        self.inputs.iter().find(|a| a.name == name)
    }

    /// The output register named `name` in the tables.
    pub fn output(&self, name: &str) -> Option<&'static ArgInfo> {
        self.outputs.iter().find(|a| a.name == name)
    }
}

/// One register a leaf takes or returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArgInfo {
    /// Its name in the tables (the stub's struct field), e.g. `spdm_mt`.
    pub name: &'static str,
    /// The register.
    pub reg: Reg,
    /// Its type as the tables write it: `u64`, `hpa`, `gpa`, or a layout's spec name (`HPA_ARRAY_T`).
    pub ty: &'static str,
}

/// A named completion status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusInfo {
    /// Name as the kernel spells it, e.g. `TDX_OPERAND_BUSY`.
    pub name: &'static str,
    /// The value.
    pub status: TdxStatus,
}

/// An operand ID: bits 31:0 of an operand error name the operand at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperandInfo {
    /// Name as the kernel spells it, e.g. `TDX_OPERAND_ID_RCX`.
    pub name: &'static str,
    /// The ID.
    pub id: u32,
}

/// Whose metadata a field is; its FIELD_ID's context code (bits 54:52) says the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetadataScope {
    /// The module's: TDH.SYS.RD, TDG.SYS.RD (constants in `metadata`).
    Global,
    /// A TD's (TDR, TDCS): TDH.MNG.RD/WR, TDG.VM.RD/WR (constants in `td_metadata`).
    Td,
    /// A vCPU's (TDVPS): TDH.VP.RD/WR, TDG.VP.RD/WR (constants in `vcpu_metadata`).
    Vcpu,
}

/// What one actor may do with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rights {
    /// Neither read nor write.
    None,
    /// Read only.
    Read,
    /// Write only.
    Write,
    /// Read and write.
    ReadWrite,
}

impl Rights {
    /// The actor may read the field.
    pub const fn can_read(self) -> bool {
        matches!(self, Rights::Read | Rights::ReadWrite)
    }

    /// The actor may write the field (some bits of it, for some fields).
    pub const fn can_write(self) -> bool {
        matches!(self, Rights::Write | Rights::ReadWrite)
    }
}

/// Who may read and write a TD- or vCPU-scope field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MetadataAccess {
    /// The host VMM, for a production (non-debug) TD.
    pub host: Rights,
    /// The host VMM, for a debug TD.
    pub host_debug: Rights,
    /// The TD itself (TDG.VM.RD/WR, TDG.VP.RD/WR).
    pub guest: Rights,
    /// A migration TD, for TD-scope fields.
    pub migtd: Option<Rights>,
}

/// A metadata field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetadataFieldInfo {
    /// Name, e.g. `TDX_FEATURES0`.
    pub name: &'static str,
    /// Its (base) field identifier.
    pub field_id: FieldId,
    /// Bytes per element (1, 2, 4 or 8), as the field ID encodes.
    pub element_size: u8,
    /// Number of fields in the sequence (1 for a scalar).
    pub count: u16,
    /// Elements per field.
    pub elements: u16,
    /// Whose metadata it is.
    pub scope: MetadataScope,
    /// Who may read and write it, where the tables say.
    pub access: Option<MetadataAccess>,
    /// The ID as the Linux kernel writes it, where that differs from `field_id`.
    pub linux_form: Option<FieldId>,
    /// The ID as Intel's ABI JSON writes it, where that differs from `field_id`.
    pub json_form: Option<FieldId>,
    /// When the field exists; `Unstated` where the tables say nothing.
    pub availability: crate::Availability,
}
