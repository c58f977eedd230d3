//! A validated list type with its roles resolved to the fields they name, so
//! the `PageList` emitter never looks a field up by name (and never falls back
//! to a guessed type when a lookup fails).

use super::Unresolved;
use crate::model::{CountEncoding, EntryFormat, Field, FieldKind, Layout, ReleaseInput, Tables};
use crate::names::{type_name, AddrAccessors, FieldAccessors};

/// Whose address space a frame-number field names a page in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameSpace {
    /// Host physical (`PhysAddr`).
    Host,
    /// Guest physical (`GuestPhysAddr`).
    Guest,
    /// Guest linear (`GuestLinearAddr`).
    GuestLinear,
}

/// A frame-number field and its typed address accessors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameField {
    /// The field.
    pub field: Field,
    /// `pfn_addr`, `try_with_pfn_addr`, ...
    pub view: AddrAccessors,
    /// The address space its frames are in.
    pub space: FrameSpace,
}

/// The bits a layout's `fixed:` fields always hold: (mask, value).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    /// Every fixed field's bits.
    pub mask: u64,
    /// Their values in place.
    pub bits: u64,
}

/// An entry layout with its roles resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryLayout {
    /// Its spec name.
    pub name: String,
    /// Its Rust type.
    pub rust: String,
    /// The field naming the page (block).
    pub address: FrameField,
    /// The field counting the block's pages, and how.
    pub pages: Option<(Field, CountEncoding)>,
    /// The entry layout's reserved bits.
    pub reserved: u64,
    /// The entry layout's fixed fields.
    pub fixed: Fixed,
}

/// What one entry of the list page holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The host physical address of a 4 KiB page.
    PageHpa,
    /// A value of another layout.
    Layout(Box<EntryLayout>),
}

impl Entry {
    /// The most contiguous 4 KiB pages one entry names: what its page-count
    /// field holds under its encoding, or 1.
    pub fn max_pages(&self) -> u64 {
        match self {
            Entry::Layout(e) => match &e.pages {
                Some((f, CountEncoding::MinusOne)) => f.bits.max_value() + 1,
                Some((f, CountEncoding::Exact)) => f.bits.max_value(),
                None => 1,
            },
            Entry::PageHpa => 1,
        }
    }
}

/// A layout's list roles, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListType {
    /// The frame-number field naming the list page (or, in place, the page).
    pub address: FrameField,
    /// The field holding the entry count.
    pub count: Field,
    /// How the count is stored.
    pub encoding: CountEncoding,
    /// The field the module writes its resume cursor to.
    pub cursor: Option<Field>,
    /// Entries per list page.
    pub capacity: u32,
    /// What an entry holds.
    pub entry: Entry,
    /// The singleton rule's release input, for list types with one.
    pub singleton: Option<ReleaseInput>,
    /// The list value's own fixed fields.
    pub fixed: Fixed,
    /// The list value's reserved bits.
    pub reserved: u64,
}

/// The fixed bits of `layout`.
pub fn fixed(layout: &Layout) -> Fixed {
    layout.fields.iter().filter_map(|f| Some((f, f.fixed?))).fold(Fixed::default(), |acc, (f, v)| Fixed {
        mask: acc.mask | f.bits.mask(),
        bits: acc.bits | (v << f.bits.lo),
    })
}

fn frame(layout: &Layout, name: &str) -> Result<FrameField, Unresolved> {
    let field = layout.field(name).cloned().ok_or_else(|| format!("frame field `{name}` of `{}`", layout.name))?;
    let view = FieldAccessors::of_field(&field).addr.ok_or_else(|| format!("address view of `{name}`"))?;
    let space = match field.kind {
        FieldKind::HpaPfn => FrameSpace::Host,
        FieldKind::GpaPfn => FrameSpace::Guest,
        FieldKind::GlaPfn => FrameSpace::GuestLinear,
        FieldKind::Plain | FieldKind::Flag => return Err(format!("frame kind of `{name}`")),
    };
    Ok(FrameField { field, view, space })
}

/// The list type of `layout`, if it has list roles.
pub fn resolve(tables: &Tables, layout: &Layout) -> Result<Option<ListType>, Unresolved> {
    let Some(r) = &layout.list else { return Ok(None) };
    let field = |name: &str| layout.field(name).cloned().ok_or_else(|| format!("list role field `{name}`"));
    let entry = match &r.entry {
        EntryFormat::PageHpa => Entry::PageHpa,
        EntryFormat::Layout(name) => {
            let e = tables.layouts.iter().find(|l| &l.name == name).ok_or_else(|| format!("entry layout `{name}`"))?;
            let address = r.entry_address_field.as_deref().ok_or_else(|| format!("entry address of `{name}`"))?;
            let pages = match &r.entry_pages {
                Some(p) => {
                    let f = e.field(&p.field).cloned().ok_or_else(|| format!("entry pages field `{}`", p.field))?;
                    Some((f, p.encoding))
                }
                None => None,
            };
            let reserved = e.reserved.iter().fold(0, |m, r| m | r.bits.mask());
            let address = frame(e, address)?;
            Entry::Layout(Box::new(EntryLayout {
                name: name.clone(),
                rust: type_name(name),
                address,
                pages,
                reserved,
                fixed: fixed(e),
            }))
        }
    };
    Ok(Some(ListType {
        address: frame(layout, &r.address_field)?,
        count: field(&r.count_field)?,
        encoding: r.count_encoding,
        cursor: r.cursor_field.as_deref().map(field).transpose()?,
        capacity: r.capacity,
        entry,
        singleton: r.singleton.as_ref().map(|s| s.release_input),
        fixed: fixed(layout),
        reserved: layout.reserved.iter().fold(0, |m, r| m | r.bits.mask()),
    }))
}

/// A linked list's roles, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedType {
    /// The field naming the first node.
    pub address: FrameField,
    /// Page addresses per node.
    pub data_per_node: u32,
    /// What unused slots hold.
    pub terminator: u64,
}

/// The linked-list roles of `layout`, if it has them.
pub fn resolve_linked(layout: &Layout) -> Result<Option<LinkedType>, Unresolved> {
    let Some(r) = &layout.linked else { return Ok(None) };
    Ok(Some(LinkedType {
        address: frame(layout, &r.address_field)?,
        data_per_node: r.data_per_node,
        terminator: r.terminator,
    }))
}
