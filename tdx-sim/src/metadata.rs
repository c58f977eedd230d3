//! Metadata fields of one scope, with the access the tables give each actor:
//! the TD (TDG.VM.RD/WR, TDG.SYS.RD) and the host (TDH.MNG.RD/WR, TDH.SYS.RD).

use std::collections::BTreeMap;
use tdx_abi::{MetadataFieldInfo, MetadataScope, Rights, TdxStatus, METADATA_FIELDS};

/// Who reads or writes a field; the tables give each its own rights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The TD itself.
    Guest,
    /// The host VMM, on a production TD.
    Host,
    /// The host VMM, on a TD whose ATTRIBUTES.DEBUG is set.
    HostDebug,
}

/// What `actor` may do with a field. Global-scope fields carry no access in
/// the tables; TDG.SYS.RD and TDH.SYS.RD read them all, and nobody writes them
/// (spec-tables/README.md records this). A TD- or vCPU-scope field whose
/// access the tables do not state is neither readable nor writable: access
/// the tables do not grant is never assumed.
fn may(info: &MetadataFieldInfo, actor: Actor, write: bool) -> bool {
    let rights = |access: tdx_abi::MetadataAccess| match actor {
        Actor::Guest => access.guest,
        Actor::Host => access.host,
        Actor::HostDebug => access.host_debug,
    };
    match (info.scope, info.access.map(rights)) {
        (MetadataScope::Global, _) => !write,
        (_, Some(r)) if write => Rights::can_write(r),
        (_, Some(r)) => r.can_read(),
        (_, None) => false,
    }
}

/// The fields of one scope (by field ID) and their values, zero until set.
#[derive(Clone, Debug)]
pub struct Metadata {
    fields: BTreeMap<u64, (&'static MetadataFieldInfo, u64)>,
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

    /// The value of the field named `name`, bypassing access.
    pub fn get_named(&self, name: &str) -> Option<u64> {
        self.fields.values().find(|f| f.0.name == name).map(|f| f.1)
    }

    /// `actor` reads a field: its value and the next field's ID (all ones after the last).
    pub fn read(&self, actor: Actor, field_id: u64) -> Result<(u64, u64), TdxStatus> {
        let (info, value) = self.fields.get(&field_id).ok_or(TdxStatus::METADATA_FIELD_ID_INCORRECT)?;
        if !may(info, actor, false) {
            return Err(TdxStatus::METADATA_FIELD_NOT_READABLE);
        }
        let next = self.fields.range(field_id + 1..).next().map_or(u64::MAX, |(id, _)| *id);
        Ok((*value, next))
    }

    /// `actor` writes the bits of `mask`: the field's old value.
    pub fn write(&mut self, actor: Actor, field_id: u64, value: u64, mask: u64) -> Result<u64, TdxStatus> {
        let (info, old) = self.fields.get_mut(&field_id).ok_or(TdxStatus::METADATA_FIELD_ID_INCORRECT)?;
        if !may(info, actor, true) {
            return Err(TdxStatus::METADATA_FIELD_NOT_WRITABLE);
        }
        let before = *old;
        *old = (before & !mask) | (value & mask);
        Ok(before)
    }

    /// Every field of the scope and whether `actor` may read and write it.
    pub fn rights(&self, actor: Actor) -> impl Iterator<Item = (u64, bool, bool)> + '_ {
        self.fields.iter().map(move |(id, (info, _))| (*id, may(info, actor, false), may(info, actor, true)))
    }
}
