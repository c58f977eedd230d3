//! Rule: metadata fields have names and IDs unique within their scope, an
//! element size that matches what their FIELD_ID encodes (bits 33:32), the
//! context code of their scope (bits 54:52), non-zero counts, and other forms
//! of their ID (the kernel's, the ABI JSON's) that name the same field.

use crate::diag::Diagnostic;
use crate::model::{MetadataScope, Tables};
use std::collections::BTreeMap;

/// What identifies a field whatever the form of its ID: class code (bits 61:56) and field code (bits 23:0).
fn identity(id: u64) -> u64 {
    id & 0x3F00_0000_00FF_FFFF
}

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<(MetadataScope, &str), ()> = BTreeMap::new();
    let mut ids: BTreeMap<(MetadataScope, u64), &str> = BTreeMap::new();
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
        if names.insert((m.scope, &m.name), ()).is_some() {
            report(
                "name",
                format!("{} metadata field `{}` is defined twice", m.scope.spelling(), m.name),
                "remove one".into(),
            );
        }
        let context = (m.field_id >> 52) & 0b111;
        if context != m.scope.context_code() {
            report(
                "field_id",
                format!(
                    "field ID {:#018x} has context code {context}, but a {} field has {}",
                    m.field_id,
                    m.scope.spelling(),
                    m.scope.context_code()
                ),
                "bits 54:52: 0 for global, 1 for TD, 2 for vCPU fields; fix the ID or `scope`".into(),
            );
        }
        for (key, other) in [("linux_field_id", m.linux_field_id), ("json_field_id", m.json_field_id)] {
            match other {
                Some(o) if o == m.field_id => report(
                    key,
                    format!("{key} {o:#018x} is the same as `field_id`"),
                    format!("record `{key}` only where that form differs; remove it"),
                ),
                Some(o) if identity(o) != identity(m.field_id) => report(
                    key,
                    format!("{key} {o:#018x} names another field than {:#018x}", m.field_id),
                    "another form of an ID keeps its class code (bits 61:56) and field code (bits 23:0)".into(),
                ),
                _ => {}
            }
        }
        if let Some(first) = ids.insert((m.scope, m.field_id), &m.name) {
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
                "5:12 global metadata field `TDX_FEATURES0` is defined twice",
                "5:37 field ID 0x9900000100000008 is already `MAX_VCPUS_PER_TD`",
                "6:71 `count` is 65536, more than 65535",
            ]
        );
    }

    #[test]
    fn scopes_contexts_and_other_forms_are_checked() {
        let y = "source: {repo: a/b, path: c}\nmetadata_fields:\n  - {name: CONFIG_FLAGS, field_id: 0x1110000300000016, element_size: 8, scope: td, json_field_id: 0x9110000300000016}\n  - {name: CONFIG_FLAGS, field_id: 0x1110000300000017, element_size: 8}\n  - {name: TD_CTLS, field_id: 0x1110000300000017, element_size: 8, scope: vcpu, linux_field_id: 0x1110000300000018}\n  - {name: NOTIFY_ENABLES, field_id: 0x9110000300000010, element_size: 8, scope: td, linux_field_id: 0x9110000300000010}\n";
        assert_eq!(
            run(super::check, &[y]),
            [
                // A global field of the same name as a TD one is another field; its ID is not global, though.
                "4:36 field ID 0x1110000300000017 has context code 1, but a global field has 0",
                "5:31 field ID 0x1110000300000017 has context code 1, but a vcpu field has 2",
                "5:97 linux_field_id 0x1110000300000018 names another field than 0x1110000300000017",
                "6:102 linux_field_id 0x9110000300000010 is the same as `field_id`",
            ]
        );
    }
}
