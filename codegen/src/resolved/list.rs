//! A validated list type with its roles resolved to the fields they name, so
//! the `PageList` emitter never looks a field up by name (and never falls back
//! to a guessed type when a lookup fails).

use super::Unresolved;
use crate::model::{CountEncoding, EntryFormat, Field, Layout, ReleaseInput};
use crate::names::{type_name, AddrAccessors, FieldAccessors};

/// What one entry of the list page holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The host physical address of a 4 KiB page.
    PageHpa,
    /// A value of another layout: its Rust type.
    Layout(String),
}

/// A layout's list roles, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListType {
    /// The frame-number field naming the list page (or, in place, the page).
    pub address: Field,
    /// Its typed address accessors (`pfn_addr`, `try_with_pfn_addr`, ...).
    pub address_view: AddrAccessors,
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
}

/// The list type of `layout`, if it has list roles.
pub fn resolve(layout: &Layout) -> Result<Option<ListType>, Unresolved> {
    let Some(r) = &layout.list else { return Ok(None) };
    let field = |name: &str| layout.field(name).cloned().ok_or_else(|| format!("list role field `{name}`"));
    let address = field(&r.address_field)?;
    let address_view =
        FieldAccessors::of_field(&address).addr.ok_or_else(|| format!("address field `{}`", address.name))?;
    Ok(Some(ListType {
        address,
        address_view,
        count: field(&r.count_field)?,
        encoding: r.count_encoding,
        cursor: r.cursor_field.as_deref().map(field).transpose()?,
        capacity: r.capacity,
        entry: match &r.entry {
            EntryFormat::PageHpa => Entry::PageHpa,
            EntryFormat::Layout(name) => Entry::Layout(type_name(name)),
        },
        singleton: r.singleton.as_ref().map(|s| s.release_input),
    }))
}
