//! Layouts: fields, reserved ranges and list roles as the tables state them.

use super::{Origin, Source};
use crate::bits::BitRange;

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
    /// A guest linear (virtual) 4 KiB frame number; offers a `GuestLinearAddr` view.
    GlaPfn,
}

impl FieldKind {
    /// As the tables write it (`kind: hpa_pfn`); `load`'s tests check the reader reads it back.
    pub fn spelling(self) -> &'static str {
        match self {
            FieldKind::Plain => "plain",
            FieldKind::Flag => "flag",
            FieldKind::HpaPfn => "hpa_pfn",
            FieldKind::GpaPfn => "gpa_pfn",
            FieldKind::GlaPfn => "gla_pfn",
        }
    }

    /// True for a frame number (a field with an address view).
    pub fn is_frame(self) -> bool {
        matches!(self, FieldKind::HpaPfn | FieldKind::GpaPfn | FieldKind::GlaPfn)
    }

    /// The most bits a frame number of this kind has: 40 for a 52-bit physical
    /// address, 52 for a 64-bit linear one; `None` for other kinds.
    pub fn max_frame_bits(self) -> Option<u32> {
        match self {
            FieldKind::HpaPfn | FieldKind::GpaPfn => Some(40),
            FieldKind::GlaPfn => Some(52),
            FieldKind::Plain | FieldKind::Flag => None,
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
    /// The value the field always holds (`fixed:`): encoders set it, decoders check it.
    pub fixed: Option<u64>,
    /// The module version or TDX_FEATURES0 bit that introduced the field (a bit of ATTRIBUTES).
    pub since: Option<String>,
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

/// The field of an entry layout that counts the pages an entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryPages {
    /// The entry layout's field.
    pub field: String,
    /// How it stores the page count.
    pub encoding: CountEncoding,
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
    /// For `entry: layout`: the entry layout's field holding the page's frame.
    pub entry_address_field: Option<String>,
    /// For `entry: layout`: the entry layout's field holding how many
    /// contiguous 4 KiB pages the entry names (a multi-page block).
    pub entry_pages: Option<EntryPages>,
    /// The singleton rule, if the type has one.
    pub singleton: Option<Singleton>,
    /// Where the roles were written.
    pub origin: Origin,
}

/// A chain of 4 KiB nodes: each holds `data_per_node` page addresses, then
/// the address of the next node; unused slots (and the last node's next slot)
/// hold the terminator. The value names the first node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedRoles {
    /// Field holding the first node's frame.
    pub address_field: String,
    /// Page addresses per node, before its next-node slot.
    pub data_per_node: u32,
    /// What an unused slot holds.
    pub terminator: u64,
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
    /// Linked-list roles, for a chain of list pages (`linked_list:`).
    pub linked: Option<LinkedRoles>,
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
