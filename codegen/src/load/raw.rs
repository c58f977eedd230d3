//! The YAML schema, read from the node tree by `yaml::typed`. Every struct
//! rejects unknown keys, so a misspelt key is an error rather than a silently
//! ignored line.

use super::yaml::tree::Node;
use super::yaml::typed::{from_map, from_word, kind, Error, FromNode, Unexpected};

from_map! {
    /// One table file.
    #[derive(Debug, Default)]
    pub struct RawFile {
        /// The citation for entries of this file that do not give their own
        /// (leaves, status codes, operand IDs, metadata fields).
        "source" => pub source: Option<RawSource>,
        /// Object layouts (bitfield words), including list types.
        "layouts" => pub layouts: Vec<RawLayout> = Vec::new(),
        /// SEAMCALL leaves.
        "leaves" => pub leaves: Vec<RawLeaf> = Vec::new(),
        /// Completion status codes.
        "status_codes" => pub status_codes: Vec<RawStatus> = Vec::new(),
        /// Operand IDs reported in bits 31:0 of operand errors.
        "operand_ids" => pub operand_ids: Vec<RawOperand> = Vec::new(),
        /// Metadata fields (TDH.SYS.RD and friends).
        "metadata_fields" => pub metadata_fields: Vec<RawMetadataField> = Vec::new(),
        /// Memory structures (byte layouts).
        "structs" => pub structs: Vec<RawStruct> = Vec::new(),
        /// Versioned structs: forms of one size told apart by a selector member.
        "struct_variants" => pub struct_variants: Vec<RawStructVariants> = Vec::new(),
        /// TDG.VP.VMCALL sub-functions (GHCI): code, register map.
        "tdvmcalls" => pub tdvmcalls: Vec<RawTdvmcall> = Vec::new(),
        /// TDG.VP.VMCALL completion statuses (R10), apart from the module's.
        "tdvmcall_statuses" => pub tdvmcall_statuses: Vec<RawStatus> = Vec::new(),
    }
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

from_map! {
    /// A SEAMCALL leaf.
    #[derive(Debug)]
    pub struct RawLeaf {
        "name" => pub name: String,
        "aliases" => pub aliases: Vec<String> = Vec::new(),
        "number" => pub number: u32,
        "versions" => pub versions: Vec<u32> = vec![0],
        "since" => pub since: String,
        "description" => pub description: String,
        "inputs" => pub inputs: Option<Vec<RawRegArg>>,
        "outputs" => pub outputs: Option<Vec<RawRegArg>>,
        "resume" => pub resume: RawResume = RawResume::default(),
        "serialized" => pub serialized: bool = false,
        "source" => pub source: Option<RawSource>,
        "note" => pub note: Option<String>,
    }
}

from_map! {
    /// A TDG.VP.VMCALL sub-function: R11 carries its code, R10 is 0 (standard GHCI).
    #[derive(Debug)]
    pub struct RawTdvmcall {
        "name" => pub name: String,
        "code" => pub code: RawU64,
        "ghci" => pub ghci: String,
        "since" => pub since: String,
        "description" => pub description: String,
        "inputs" => pub inputs: Vec<RawRegArg>,
        "outputs" => pub outputs: Vec<RawRegArg>,
        "source" => pub source: Option<RawSource>,
        "note" => pub note: Option<String>,
    }
}

from_map! {
    /// One register a leaf takes or returns.
    #[derive(Debug)]
    pub struct RawRegArg {
        "reg" => pub reg: String,
        "name" => pub name: String,
        "type" => pub ty: String,
        "description" => pub description: Option<String>,
        "since_version" => pub since_version: Option<u32>,
    }
}

from_map! {
    /// How an interrupted leaf is continued.
    #[derive(Debug, Default)]
    pub struct RawResume {
        "style" => pub style: RawResumeStyle = RawResumeStyle::None,
        "cursor" => pub cursor: Option<String>,
        "flag" => pub flag: Option<String>,
    }
}

from_word! {
    /// Resume styles.
    #[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
    pub enum RawResumeStyle {
        #[default]
        None = "none",
        ReissueOutputs = "reissue_outputs",
        ReissueInputs = "reissue_inputs",
        ResumeFlag = "resume_flag",
    }
}

from_map! {
    /// A completion status code.
    #[derive(Debug)]
    pub struct RawStatus {
        "name" => pub name: String,
        "value" => pub value: RawU64,
        "kernel_value" => pub kernel_value: Option<RawU64>,
        "description" => pub description: Option<String>,
        "source" => pub source: Option<RawSource>,
        "note" => pub note: Option<String>,
    }
}

from_map! {
    /// An operand ID.
    #[derive(Debug)]
    pub struct RawOperand {
        "name" => pub name: String,
        "value" => pub value: u32,
        "source" => pub source: Option<RawSource>,
        "note" => pub note: Option<String>,
    }
}

from_map! {
    /// A metadata field.
    #[derive(Debug)]
    pub struct RawMetadataField {
        "name" => pub name: String,
        "field_id" => pub field_id: RawU64,
        "element_size" => pub element_size: u32,
        "count" => pub count: u32 = 1,
        "elements" => pub elements: u32 = 1,
        "description" => pub description: Option<String>,
        "scope" => pub scope: RawScope = RawScope::Global,
        "access" => pub access: Option<RawAccess>,
        "linux_field_id" => pub linux_field_id: Option<RawU64>,
        "json_field_id" => pub json_field_id: Option<RawU64>,
        "since" => pub since: Option<String>,
        "source" => pub source: Option<RawSource>,
        "note" => pub note: Option<String>,
    }
}

from_word! {
    /// Whose metadata a field is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum RawScope {
        Global = "global",
        Td = "td",
        Vcpu = "vcpu",
    }
}

from_map! {
    /// Access rights per actor: `none`, `r`, `w` or `rw`.
    #[derive(Debug)]
    pub struct RawAccess {
        "host" => pub host: RawRights,
        "host_debug" => pub host_debug: RawRights,
        "guest" => pub guest: RawRights,
        "migtd" => pub migtd: Option<RawRights>,
    }
}

from_word! {
    /// One actor's rights.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum RawRights {
        None = "none",
        Read = "r",
        Write = "w",
        ReadWrite = "rw",
    }
}

/// A 64-bit value written as an integer (`0x8000020000000000`) or a string of one.
#[derive(Debug, Clone, Copy)]
pub struct RawU64(pub u64);

impl FromNode for RawU64 {
    fn from_node(node: &Node) -> Result<Self, Error> {
        const EXPECTED: &str = "a 64-bit unsigned integer, e.g. 0x8000020000000000";
        match kind(node) {
            Unexpected::Unsigned(v) => Ok(RawU64(v)),
            Unexpected::Str(v) => {
                let t = v.trim().replace('_', "");
                let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => t.parse(),
                };
                parsed.map(RawU64).map_err(|_| Error::invalid_value(Unexpected::Str(v), EXPECTED))
            }
            what => Err(Error::invalid_type(what, EXPECTED)),
        }
    }
}

from_map! {
    /// A layout entry.
    #[derive(Debug)]
    pub struct RawLayout {
        "name" => pub name: String,
        "width" => pub width: u32,
        "summary" => pub summary: String,
        "description" => pub description: Option<String>,
        "source" => pub source: RawSource,
        "fields" => pub fields: Vec<RawField>,
        "reserved" => pub reserved: Vec<RawBits> = Vec::new(),
        "list" => pub list: Option<RawList>,
        "linked_list" => pub linked_list: Option<RawLinked>,
    }
}

from_map! {
    /// Linked-list roles.
    #[derive(Debug)]
    pub struct RawLinked {
        "address_field" => pub address_field: String,
        "data_per_node" => pub data_per_node: u32,
        "terminator" => pub terminator: RawU64,
    }
}

from_map! {
    /// A citation: either `repo` + `path`, or `document` + `section`.
    #[derive(Debug, Clone)]
    pub struct RawSource {
        "repo" => pub repo: Option<String>,
        "path" => pub path: Option<String>,
        "commit" => pub commit: Option<String>,
        "document" => pub document: Option<String>,
        "section" => pub section: Option<String>,
    }
}

from_map! {
    /// A named field.
    #[derive(Debug)]
    pub struct RawField {
        "name" => pub name: String,
        "bits" => pub bits: RawBits,
        "description" => pub description: String,
        "ref" => pub reference: String,
        "kind" => pub kind: RawKind = RawKind::Plain,
        "fixed" => pub fixed: Option<RawU64>,
        "since" => pub since: Option<String>,
    }
}

from_word! {
    /// How a field is read.
    #[derive(Debug, Clone, Copy)]
    pub enum RawKind {
        Plain = "plain",
        Flag = "flag",
        HpaPfn = "hpa_pfn",
        GpaPfn = "gpa_pfn",
        GlaPfn = "gla_pfn",
    }
}

from_map! {
    /// List roles.
    #[derive(Debug)]
    pub struct RawList {
        "address_field" => pub address_field: String,
        "count_field" => pub count_field: String,
        "count_encoding" => pub count_encoding: RawCountEncoding,
        "cursor_field" => pub cursor_field: Option<String>,
        "capacity" => pub capacity: u32,
        "entry" => pub entry: RawEntry,
        "entry_layout" => pub entry_layout: Option<String>,
        "entry_address_field" => pub entry_address_field: Option<String>,
        "entry_pages_field" => pub entry_pages_field: Option<String>,
        "entry_pages_encoding" => pub entry_pages_encoding: Option<RawCountEncoding>,
        "singleton" => pub singleton: Option<RawSingleton>,
    }
}

from_word! {
    /// How the count is stored.
    #[derive(Debug, Clone, Copy)]
    pub enum RawCountEncoding {
        MinusOne = "minus_one",
        Exact = "exact",
    }
}

from_word! {
    /// What an entry holds.
    #[derive(Debug, Clone, Copy)]
    pub enum RawEntry {
        PageHpa = "page_hpa",
        Layout = "layout",
    }
}

from_map! {
    /// The singleton rule.
    #[derive(Debug)]
    pub struct RawSingleton {
        "count" => pub count: u32,
        "release_input" => pub release_input: RawReleaseInput,
    }
}

from_word! {
    /// What a release leaf takes for a singleton.
    #[derive(Debug, Clone, Copy)]
    pub enum RawReleaseInput {
        Zero = "zero",
        ListPage = "list_page",
    }
}

/// A bit range as written: `"hi:lo"` or a single bit number. Parsed later, so a
/// malformed range is reported with its entry and field.
#[derive(Debug, Clone)]
pub struct RawBits(pub String);

impl FromNode for RawBits {
    fn from_node(node: &Node) -> Result<Self, Error> {
        match kind(node) {
            Unexpected::Str(v) => Ok(RawBits(v.to_owned())),
            Unexpected::Unsigned(v) => Ok(RawBits(v.to_string())),
            what => Err(Error::invalid_type(what, "a bit range written \"hi:lo\" (quoted), or a single bit number")),
        }
    }
}

from_map! {
    /// A memory structure.
    #[derive(Debug)]
    pub struct RawStruct {
        "name" => pub name: String,
        "size" => pub size: u32,
        "align" => pub align: u32 = 1,
        "summary" => pub summary: String,
        "description" => pub description: Option<String>,
        "source" => pub source: Option<RawSource>,
        "members" => pub members: Vec<RawMember>,
        "reserved" => pub reserved: Vec<RawReservedBytes> = Vec::new(),
    }
}

from_map! {
    /// One member of a struct.
    #[derive(Debug)]
    pub struct RawMember {
        "name" => pub name: String,
        "offset" => pub offset: u32,
        "type" => pub ty: String,
        "size" => pub size: Option<u32>,
        "count" => pub count: u32 = 1,
        "description" => pub description: String,
        "ref" => pub reference: String,
    }
}

from_map! {
    /// A must-be-zero byte range.
    #[derive(Debug)]
    pub struct RawReservedBytes {
        "offset" => pub offset: u32,
        "size" => pub size: u32,
    }
}

from_map! {
    /// A versioned struct: forms of one size told apart by a selector member.
    #[derive(Debug)]
    pub struct RawStructVariants {
        "name" => pub name: String,
        "summary" => pub summary: String,
        "description" => pub description: Option<String>,
        "source" => pub source: Option<RawSource>,
        "selector" => pub selector: String,
        "cases" => pub cases: Vec<RawVariantCase>,
    }
}

from_map! {
    /// One form of a versioned struct.
    #[derive(Debug)]
    pub struct RawVariantCase {
        "value" => pub value: u64,
        "struct" => pub struct_name: String,
        "ref" => pub reference: String,
    }
}
