//! The YAML schema as serde sees it. Every struct rejects unknown keys, so a
//! misspelt key is an error rather than a silently ignored line.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// One table file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The citation for entries of this file that do not give their own
    /// (leaves, status codes, operand IDs, metadata fields).
    pub source: Option<RawSource>,
    /// Object layouts (bitfield words), including list types.
    #[serde(default)]
    pub layouts: Vec<RawLayout>,
    /// SEAMCALL leaves.
    #[serde(default)]
    pub leaves: Vec<RawLeaf>,
    /// Completion status codes.
    #[serde(default)]
    pub status_codes: Vec<RawStatus>,
    /// Operand IDs reported in bits 31:0 of operand errors.
    #[serde(default)]
    pub operand_ids: Vec<RawOperand>,
    /// Metadata fields (TDH.SYS.RD and friends).
    #[serde(default)]
    pub metadata_fields: Vec<RawMetadataField>,
    /// Memory structures (byte layouts).
    #[serde(default)]
    pub structs: Vec<RawStruct>,
    /// Versioned structs: forms of one size told apart by a selector member.
    #[serde(default)]
    pub struct_variants: Vec<RawStructVariants>,
    /// TDG.VP.VMCALL sub-functions (GHCI): code, register map.
    #[serde(default)]
    pub tdvmcalls: Vec<RawTdvmcall>,
    /// TDG.VP.VMCALL completion statuses (R10), apart from the module's.
    #[serde(default)]
    pub tdvmcall_statuses: Vec<RawStatus>,
}

impl RawFile {
    /// True when the file defines nothing (e.g. it is empty or only comments).
    pub fn is_empty(&self) -> bool {
        self.layouts.is_empty()
            && self.leaves.is_empty()
            && self.status_codes.is_empty()
            && self.operand_ids.is_empty()
            && self.metadata_fields.is_empty()
            && self.structs.is_empty()
            && self.struct_variants.is_empty()
            && self.tdvmcalls.is_empty()
            && self.tdvmcall_statuses.is_empty()
    }
}

/// A SEAMCALL leaf.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLeaf {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub number: u32,
    #[serde(default = "version_zero")]
    pub versions: Vec<u32>,
    pub since: String,
    pub description: String,
    pub inputs: Option<Vec<RawRegArg>>,
    pub outputs: Option<Vec<RawRegArg>>,
    #[serde(default)]
    pub resume: RawResume,
    #[serde(default)]
    pub serialized: bool,
    pub source: Option<RawSource>,
    pub note: Option<String>,
}

fn version_zero() -> Vec<u32> {
    vec![0]
}

/// A TDG.VP.VMCALL sub-function: R11 carries its code, R10 is 0 (standard GHCI).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTdvmcall {
    pub name: String,
    pub code: RawU64,
    pub ghci: String,
    pub since: String,
    pub description: String,
    pub inputs: Vec<RawRegArg>,
    pub outputs: Vec<RawRegArg>,
    pub source: Option<RawSource>,
    pub note: Option<String>,
}

/// One register a leaf takes or returns.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegArg {
    pub reg: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub description: Option<String>,
    pub since_version: Option<u32>,
}

/// How an interrupted leaf is continued.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResume {
    #[serde(default)]
    pub style: RawResumeStyle,
    pub cursor: Option<String>,
    pub flag: Option<String>,
}

/// Resume styles.
#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RawResumeStyle {
    #[default]
    None,
    ReissueOutputs,
    ReissueInputs,
    ResumeFlag,
}

/// A completion status code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatus {
    pub name: String,
    pub value: RawU64,
    pub kernel_value: Option<RawU64>,
    pub description: Option<String>,
    pub source: Option<RawSource>,
    pub note: Option<String>,
}

/// An operand ID.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOperand {
    pub name: String,
    pub value: u32,
    pub source: Option<RawSource>,
    pub note: Option<String>,
}

/// A metadata field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetadataField {
    pub name: String,
    pub field_id: RawU64,
    pub element_size: u32,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default = "one")]
    pub elements: u32,
    pub description: Option<String>,
    #[serde(default)]
    pub scope: RawScope,
    pub access: Option<RawAccess>,
    pub linux_field_id: Option<RawU64>,
    pub json_field_id: Option<RawU64>,
    pub since: Option<String>,
    pub source: Option<RawSource>,
    pub note: Option<String>,
}

/// Whose metadata a field is.
#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RawScope {
    #[default]
    Global,
    Td,
    Vcpu,
}

/// Access rights per actor: `none`, `r`, `w` or `rw`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccess {
    pub host: RawRights,
    pub host_debug: RawRights,
    pub guest: RawRights,
    pub migtd: Option<RawRights>,
}

/// One actor's rights.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
pub enum RawRights {
    #[serde(rename = "none")]
    None,
    #[serde(rename = "r")]
    Read,
    #[serde(rename = "w")]
    Write,
    #[serde(rename = "rw")]
    ReadWrite,
}

fn one() -> u32 {
    1
}

/// A 64-bit value written as an integer (`0x8000020000000000`) or a string of one.
#[derive(Debug, Clone, Copy)]
pub struct RawU64(pub u64);

impl<'de> Deserialize<'de> for RawU64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct U64Visitor;
        impl Visitor<'_> for U64Visitor {
            type Value = RawU64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 64-bit unsigned integer, e.g. 0x8000020000000000")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawU64, E> {
                Ok(RawU64(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawU64, E> {
                let t = v.trim().replace('_', "");
                let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => t.parse(),
                };
                parsed.map(RawU64).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(U64Visitor)
    }
}

/// A layout entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLayout {
    pub name: String,
    pub width: u32,
    pub summary: String,
    pub description: Option<String>,
    pub source: RawSource,
    pub fields: Vec<RawField>,
    #[serde(default)]
    pub reserved: Vec<RawBits>,
    pub list: Option<RawList>,
    pub linked_list: Option<RawLinked>,
}

/// Linked-list roles.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLinked {
    pub address_field: String,
    pub data_per_node: u32,
    pub terminator: RawU64,
}

/// A citation: either `repo` + `path`, or `document` + `section`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub repo: Option<String>,
    pub path: Option<String>,
    pub commit: Option<String>,
    pub document: Option<String>,
    pub section: Option<String>,
}

/// A named field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    pub name: String,
    pub bits: RawBits,
    pub description: String,
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub kind: RawKind,
    pub fixed: Option<RawU64>,
    pub since: Option<String>,
}

/// How a field is read.
#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawKind {
    #[default]
    Plain,
    Flag,
    HpaPfn,
    GpaPfn,
    GlaPfn,
}

/// List roles.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawList {
    pub address_field: String,
    pub count_field: String,
    pub count_encoding: RawCountEncoding,
    pub cursor_field: Option<String>,
    pub capacity: u32,
    pub entry: RawEntry,
    pub entry_layout: Option<String>,
    pub entry_address_field: Option<String>,
    pub entry_pages_field: Option<String>,
    pub entry_pages_encoding: Option<RawCountEncoding>,
    pub singleton: Option<RawSingleton>,
}

/// How the count is stored.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawCountEncoding {
    MinusOne,
    Exact,
}

/// What an entry holds.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawEntry {
    PageHpa,
    Layout,
}

/// The singleton rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSingleton {
    pub count: u32,
    pub release_input: RawReleaseInput,
}

/// What a release leaf takes for a singleton.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum RawReleaseInput {
    Zero,
    ListPage,
}

/// A bit range as written: `"hi:lo"` or a single bit number. Parsed later, so a
/// malformed range is reported with its entry and field.
#[derive(Debug, Clone)]
pub struct RawBits(pub String);

impl<'de> Deserialize<'de> for RawBits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BitsVisitor;
        impl Visitor<'_> for BitsVisitor {
            type Value = RawBits;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bit range written \"hi:lo\" (quoted), or a single bit number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBits, E> {
                Ok(RawBits(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawBits, E> {
                Ok(RawBits(v.to_string()))
            }
        }
        d.deserialize_any(BitsVisitor)
    }
}

/// A memory structure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStruct {
    pub name: String,
    pub size: u32,
    #[serde(default = "align_one")]
    pub align: u32,
    pub summary: String,
    pub description: Option<String>,
    pub source: Option<RawSource>,
    pub members: Vec<RawMember>,
    #[serde(default)]
    pub reserved: Vec<RawReservedBytes>,
}

fn align_one() -> u32 {
    1
}

/// One member of a struct.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    pub name: String,
    pub offset: u32,
    #[serde(rename = "type")]
    pub ty: String,
    pub size: Option<u32>,
    #[serde(default = "count_one")]
    pub count: u32,
    pub description: String,
    #[serde(rename = "ref")]
    pub reference: String,
}

fn count_one() -> u32 {
    1
}

/// A must-be-zero byte range.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReservedBytes {
    pub offset: u32,
    pub size: u32,
}

/// A versioned struct: forms of one size told apart by a selector member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStructVariants {
    pub name: String,
    pub summary: String,
    pub description: Option<String>,
    pub source: Option<RawSource>,
    pub selector: String,
    pub cases: Vec<RawVariantCase>,
}

/// One form of a versioned struct.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariantCase {
    pub value: u64,
    #[serde(rename = "struct")]
    pub struct_name: String,
    #[serde(rename = "ref")]
    pub reference: String,
}
