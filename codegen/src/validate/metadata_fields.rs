//! Rule: metadata fields have unique names and IDs, an element size that
//! matches what their FIELD_ID encodes (bits 33:32), and non-zero counts.

use crate::diag::Diagnostic;
use crate::model::Tables;
use std::collections::BTreeMap;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<&str, ()> = BTreeMap::new();
    let mut ids: BTreeMap<u64, &str> = BTreeMap::new();
    for m in &tables.metadata_fields {
        let entry = format!("metadata field `{}`", m.name);
        let mut report = |key: &str, msg: String, help: String| {
            out.push(tables.entry_diag(entry.clone(), &m.origin, Some(key), None, msg).with_help(help));
        };
        if !crate::names::is_upper_snake(&m.name) {
            report(
                "name",
                format!("field name `{}` is not UPPER_SNAKE", m.name),
                "use the module's spelling, e.g. TDX_FEATURES0".into(),
            );
        }
        if names.insert(&m.name, ()).is_some() {
            report("name", format!("metadata field `{}` is defined twice", m.name), "remove one".into());
        }
        if let Some(first) = ids.insert(m.field_id, &m.name) {
            report(
                "field_id",
                format!("field ID {:#018x} is already `{first}`", m.field_id),
                "each ID names one field".into(),
            );
        }
        let encoded = 1u32 << ((m.field_id >> 32) & 0b11);
        if m.element_size != encoded {
            let msg = format!(
                "element size {} does not match the field ID, which encodes {encoded}-byte elements",
                m.element_size
            );
            report(
                "element_size",
                msg,
                format!("bits 33:32 of {:#018x} say {encoded}; fix the size or the ID", m.field_id),
            );
        }
        for (key, v) in [("count", m.count), ("elements", m.elements)] {
            if v == 0 {
                report(
                    key,
                    format!("`{key}` is 0"),
                    "a field has at least one element, a sequence at least one field".into(),
                );
            } else if v > u32::from(u16::MAX) {
                // `MetadataFieldInfo` holds both in a u16: a larger value would wrap.
                report(
                    key,
                    format!("`{key}` is {v}, more than {}", u16::MAX),
                    format!("`{key}` is at most {}", u16::MAX),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;

    #[test]
    fn size_must_match_the_field_id() {
        let y = "source: {repo: a/b, path: c}\nmetadata_fields:\n  - {name: MAX_VCPUS_PER_TD, field_id: 0x9900000100000008, element_size: 2}\n  - {name: TDX_FEATURES0, field_id: 0x0A00000300000008, element_size: 4, count: 0}\n  - {name: TDX_FEATURES0, field_id: 0x9900000100000008, element_size: 2}\n  - {name: BIG, field_id: 0x9900000100000009, element_size: 2, count: 65536}\n";
        assert_eq!(
            run(super::check, &[y]),
            [
                "4:71 element size 4 does not match the field ID, which encodes 8-byte elements",
                "4:81 `count` is 0",
                "5:12 metadata field `TDX_FEATURES0` is defined twice",
                "5:37 field ID 0x9900000100000008 is already `MAX_VCPUS_PER_TD`",
                "6:71 `count` is 65536, more than 65535",
            ]
        );
    }
}
