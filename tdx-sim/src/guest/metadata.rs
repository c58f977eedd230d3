//! Metadata fields of one scope, with the access the tables give the TD.

use std::collections::BTreeMap;
use tdx_abi::{MetadataFieldInfo, MetadataScope, TdxStatus, METADATA_FIELDS};

/// The fields of one scope (by field ID) and their values, zero until set.
#[derive(Clone, Debug)]
pub struct Metadata {
    fields: BTreeMap<u64, (&'static MetadataFieldInfo, u64)>,
}

/// What the TD may do with a field. Global-scope fields carry no access in
/// the tables; TDG.SYS.RD reads them all (spec-tables/README.md records this).
/// A TD- or vCPU-scope field whose access the tables do not state is neither
/// readable nor writable: access the tables do not grant is never assumed.
fn guest_may(info: &MetadataFieldInfo, write: bool) -> bool {
    match (info.scope, info.access) {
        (MetadataScope::Global, _) => !write,
        (_, Some(access)) if write => access.guest.can_write(),
        (_, Some(access)) => access.guest.can_read(),
        (_, None) => false,
    }
}

impl Metadata {
    /// Every field of `scope` the tables define.
    pub fn of(scope: MetadataScope) -> Self {
        let fields =
            METADATA_FIELDS.iter().filter(|f| f.scope == scope).map(|f| (f.field_id.into_bits(), (f, 0))).collect();
        Metadata { fields }
    }

    /// Sets a field as the host or the module would (no access check); false if it is unknown.
    pub fn set(&mut self, field_id: u64, value: u64) -> bool {
        self.fields.get_mut(&field_id).map(|f| f.1 = value).is_some()
    }

    /// Sets the field named `name`, if the scope has one.
    pub fn set_named(&mut self, name: &str, value: u64) {
        if let Some(f) = self.fields.values_mut().find(|f| f.0.name == name) {
            f.1 = value;
        }
    }

    /// The value of a field, bypassing access (for assertions).
    pub fn get(&self, field_id: u64) -> Option<u64> {
        self.fields.get(&field_id).map(|f| f.1)
    }

    /// The TD reads a field: its value and the next field's ID (all ones after the last).
    pub fn guest_read(&self, field_id: u64) -> Result<(u64, u64), TdxStatus> {
        let (info, value) = self.fields.get(&field_id).ok_or(TdxStatus::METADATA_FIELD_ID_INCORRECT)?;
        if !guest_may(info, false) {
            return Err(TdxStatus::METADATA_FIELD_NOT_READABLE);
        }
        let next = self.fields.range(field_id + 1..).next().map_or(u64::MAX, |(id, _)| *id);
        Ok((*value, next))
    }

    /// The TD writes the bits of `mask`: the field's old value.
    pub fn guest_write(&mut self, field_id: u64, value: u64, mask: u64) -> Result<u64, TdxStatus> {
        let (info, old) = self.fields.get_mut(&field_id).ok_or(TdxStatus::METADATA_FIELD_ID_INCORRECT)?;
        if !guest_may(info, true) {
            return Err(TdxStatus::METADATA_FIELD_NOT_WRITABLE);
        }
        let before = *old;
        *old = (before & !mask) | (value & mask);
        Ok(before)
    }

    /// Every field of the scope and whether the TD may read and write it.
    pub fn rights(&self) -> impl Iterator<Item = (u64, bool, bool)> + '_ {
        self.fields.iter().map(|(id, (info, _))| (*id, guest_may(info, false), guest_may(info, true)))
    }
}
