//! The intermediate representation the validator checks and the emitters read.
//!
//! [`Tables`] is what the loader produced (in file order, possibly invalid);
//! [`Model`] exists only after every validation rule passed, and keys its
//! items in sorted maps so generated output is deterministic.

use crate::bits::BitRange;
use crate::diag::{Diagnostic, Location, Note};
use std::collections::BTreeMap;

/// One table file that was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Path as shown in diagnostics and generated headers (relative, `/`-separated).
    pub display_path: String,
    /// Position of every YAML node, keyed by its path (`layouts[0].fields[2].bits`).
    pub spans: BTreeMap<String, Location>,
    /// The file's text (empty if it was not UTF-8), for source excerpts.
    pub text: String,
}

impl SourceFile {
    /// The text of 1-based line `line`.
    pub fn line(&self, line: usize) -> Option<String> {
        self.text.lines().nth(line.checked_sub(1)?).map(str::to_string)
    }
}

/// Where an item came from: a file and the YAML path of its node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Tables::files`].
    pub file: usize,
    /// YAML path of the item's node.
    pub path: String,
}

/// A public source an entry cites.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file in a public repository.
    Repo {
        /// `owner/name`.
        repo: String,
        /// Path inside the repository.
        path: String,
        /// The commit the values were checked against, if recorded.
        commit: Option<String>,
    },
    /// A published document (spec, mailing-list posting).
    Document {
        /// Title and identifier of the document.
        document: String,
        /// Section, table or message inside it.
        section: String,
    },
}

impl Source {
    /// One line for docs and headers.
    pub fn citation(&self) -> String {
        match self {
            Source::Repo { repo, path, commit: None } => format!("{repo}: {path}"),
            Source::Repo { repo, path, commit: Some(c) } => format!("{repo}: {path} @ {}", &c[..c.len().min(12)]),
            Source::Document { document, section } => format!("{document}, {section}"),
        }
    }
}

/// How a field's value is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// An unsigned integer.
    Plain,
    /// A one-bit flag, read as `bool`.
    Flag,
    /// A host 4 KiB frame number; offers a `PhysAddr` view.
    HpaPfn,
    /// A guest 4 KiB frame number; offers a `GuestPhysAddr` view.
    GpaPfn,
}

impl FieldKind {
    /// As the tables write it (`kind: hpa_pfn`); `load`'s tests check serde reads it back.
    pub fn spelling(self) -> &'static str {
        match self {
            FieldKind::Plain => "plain",
            FieldKind::Flag => "flag",
            FieldKind::HpaPfn => "hpa_pfn",
            FieldKind::GpaPfn => "gpa_pfn",
        }
    }
}

/// A named field of a layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Spec name, `UPPER_SNAKE`.
    pub name: String,
    /// Bits the field occupies.
    pub bits: BitRange,
    /// What the field means.
    pub description: String,
    /// Where in the cited source the field is defined.
    pub reference: String,
    /// How the value is read.
    pub kind: FieldKind,
    /// Where the field was written.
    pub origin: Origin,
}

/// A reserved range: must be zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reserved {
    /// Bits reserved.
    pub bits: BitRange,
    /// Where the range was written.
    pub origin: Origin,
}

/// How a list value stores its entry count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountEncoding {
    /// The field holds count - 1 (the index of the last entry).
    MinusOne,
    /// The field holds the count itself.
    Exact,
}

impl CountEncoding {
    /// As the tables write it (`count_encoding: minus_one`).
    pub fn spelling(self) -> &'static str {
        match self {
            CountEncoding::MinusOne => "minus_one",
            CountEncoding::Exact => "exact",
        }
    }

    /// The value the count field holds for `count` entries (minus one, or the count).
    pub fn stored(self, count: u32) -> u32 {
        match self {
            CountEncoding::MinusOne => count.saturating_sub(1),
            CountEncoding::Exact => count,
        }
    }
}

/// What one 8-byte list-page entry holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryFormat {
    /// The host physical address of a 4 KiB page.
    PageHpa,
    /// A value of another layout in the tables.
    Layout(String),
}

impl EntryFormat {
    /// As the tables write it (`entry: page_hpa`, or `entry: layout` with its `entry_layout`).
    pub fn spelling(&self) -> String {
        match self {
            EntryFormat::PageHpa => "page_hpa".into(),
            EntryFormat::Layout(name) => format!("layout {name}"),
        }
    }
}

/// What a release (DELETE) leaf takes for a singleton.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseInput {
    /// Zero.
    Zero,
    /// The list-page address, as for any other list.
    ListPage,
}

impl ReleaseInput {
    /// As the tables write it (`release_input: zero`).
    pub fn spelling(self) -> &'static str {
        match self {
            ReleaseInput::Zero => "zero",
            ReleaseInput::ListPage => "list_page",
        }
    }
}

/// The singleton rule: a list of `count` entries is encoded in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Singleton {
    /// Entry count at which the rule applies (well-formed only when 1).
    pub count: u32,
    /// What a release leaf takes for a singleton.
    pub release_input: ReleaseInput,
    /// Where the rule was written.
    pub origin: Origin,
}

/// The roles a list type's fields play, so generic code can drive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListRoles {
    /// Field holding the list page's frame number.
    pub address_field: String,
    /// Field holding the entry count.
    pub count_field: String,
    /// How the count is stored.
    pub count_encoding: CountEncoding,
    /// Field the module writes its resume cursor to, if any.
    pub cursor_field: Option<String>,
    /// Most entries one list page holds.
    pub capacity: u32,
    /// What each entry holds.
    pub entry: EntryFormat,
    /// The singleton rule, if the type has one.
    pub singleton: Option<Singleton>,
    /// Where the roles were written.
    pub origin: Origin,
}

/// A fixed-width ABI word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Spec name, `UPPER_SNAKE`.
    pub name: String,
    /// Width in bits: 8, 16, 32 or 64.
    pub width: u32,
    /// One-line summary.
    pub summary: String,
    /// Longer description, optional.
    pub description: Option<String>,
    /// The public source the layout comes from.
    pub source: Source,
    /// Named fields, as written.
    pub fields: Vec<Field>,
    /// Reserved ranges, as written.
    pub reserved: Vec<Reserved>,
    /// List roles, for list types.
    pub list: Option<ListRoles>,
    /// Where the layout was written.
    pub origin: Origin,
}

impl Layout {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Mask of every reserved bit.
    pub fn reserved_mask(&self) -> u64 {
        self.reserved.iter().fold(0, |m, r| m | r.bits.mask())
    }

    /// Fields ordered from the lowest bit up, as generated code lists them.
    pub fn fields_by_position(&self) -> Vec<&Field> {
        let mut fields: Vec<&Field> = self.fields.iter().collect();
        fields.sort_by_key(|f| f.bits.lo);
        fields
    }
}

/// One register a leaf takes or returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegArg {
    /// Register, lower case: `rcx`, `rdx`, `r8`..`r15`, `rbx`, `rdi`, `rsi`.
    pub reg: String,
    /// Argument name, `snake_case`.
    pub name: String,
    /// `u64`, `hpa`, `gpa`, or a layout name.
    pub ty: String,
    /// What the register carries.
    pub description: Option<String>,
    /// The first leaf version that uses the register, if not all do.
    pub since_version: Option<u32>,
    /// Where the argument was written.
    pub origin: Origin,
}

/// How an interrupted leaf is continued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResumeRule {
    /// Not resumable.
    None,
    /// Re-issue with the output registers; `cursor` is the register the module advances.
    ReissueOutputs {
        /// The register holding the module's cursor.
        cursor: Option<String>,
    },
    /// Re-issue with the original inputs.
    ReissueInputs,
    /// Re-issue with `flag` set to 1.
    ResumeFlag {
        /// The input register holding the resume flag.
        flag: Option<String>,
    },
}

/// A SEAMCALL leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// Spec name, e.g. `TDH.MNG.CREATE`.
    pub name: String,
    /// Leaf number.
    pub number: u32,
    /// Supported versions.
    pub versions: Vec<u32>,
    /// Module version or TDX_FEATURES0 bit that introduced the leaf.
    pub since: String,
    /// One line.
    pub description: String,
    /// Input registers, if public.
    pub inputs: Option<Vec<RegArg>>,
    /// Output registers, if tabulated.
    pub outputs: Option<Vec<RegArg>>,
    /// Resume style.
    pub resume: ResumeRule,
    /// One caller at a time.
    pub serialized: bool,
    /// Where the entry comes from.
    pub source: Source,
    /// Extra remarks (disagreements, what is not public).
    pub note: Option<String>,
    /// Where the leaf was written.
    pub origin: Origin,
}

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

/// Everything the loader read, in file order, not yet validated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tables {
    /// Files read, in the order given.
    pub files: Vec<SourceFile>,
    /// Layouts, in file order.
    pub layouts: Vec<Layout>,
    /// Leaves, in file order.
    pub leaves: Vec<Leaf>,
    /// Status codes, in file order.
    pub status_codes: Vec<StatusCode>,
    /// Operand IDs, in file order.
    pub operand_ids: Vec<OperandId>,
    /// Metadata fields, in file order.
    pub metadata_fields: Vec<MetadataField>,
}

impl Tables {
    /// A diagnostic at `origin`'s node, or at its child `key` when that was written.
    pub fn diag(&self, origin: &Origin, key: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let file = &self.files[origin.file];
        let (path, location) = self.locate(origin, key);
        Diagnostic {
            file: file.display_path.clone(),
            location,
            yaml_path: path,
            message: message.into(),
            source_line: location.and_then(|l| file.line(l.line)),
            ..Diagnostic::default()
        }
    }

    /// A second place for a diagnostic: `origin`'s node, or its child `key`.
    pub fn note(&self, origin: &Origin, key: Option<&str>, message: impl Into<String>) -> Note {
        let file = &self.files[origin.file];
        let (_, location) = self.locate(origin, key);
        Note {
            message: message.into(),
            file: file.display_path.clone(),
            location,
            source_line: location.and_then(|l| file.line(l.line)),
        }
    }

    /// The YAML path and position of `origin`'s child `key` if it was written, else of `origin`.
    fn locate(&self, origin: &Origin, key: Option<&str>) -> (String, Option<Location>) {
        let file = &self.files[origin.file];
        let child = key.map(|k| format!("{}.{k}", origin.path));
        match child.as_ref().and_then(|p| file.spans.get(p).map(|l| (p, l))) {
            Some((p, l)) => (p.clone(), Some(*l)),
            None => (origin.path.clone(), file.spans.get(&origin.path).copied()),
        }
    }

    /// A diagnostic about the entry `entry` (e.g. `leaf `TDH.MNG.CREATE``), at `origin` or its child `key`.
    pub fn entry_diag(
        &self,
        entry: String,
        origin: &Origin,
        key: Option<&str>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = self.diag(origin, key, message);
        d.entry = Some(entry);
        d.field = field;
        d
    }

    /// A diagnostic about `layout` (and, optionally, one of its fields).
    pub fn layout_diag(
        &self,
        layout: &Layout,
        origin: &Origin,
        key: Option<&str>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = self.diag(origin, key, message);
        d.entry = Some(format!("layout `{}`", layout.name));
        d.field = field;
        d
    }
}

/// The validated tables: built only by [`crate::validate::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// The input, for hashes and provenance.
    pub tables: Tables,
    /// Layouts by spec name.
    pub layouts: BTreeMap<String, Layout>,
    /// List types by layout name, their roles resolved to fields.
    pub lists: BTreeMap<String, crate::resolved::ListType>,
    /// Leaves by number, resolved (registers and types as enums, names computed).
    pub leaves: BTreeMap<u16, crate::resolved::Leaf>,
    /// Status codes by name.
    pub status_codes: BTreeMap<String, StatusCode>,
    /// Operand IDs by value.
    pub operand_ids: BTreeMap<u32, OperandId>,
    /// Metadata fields by name.
    pub metadata_fields: BTreeMap<String, MetadataField>,
}
