//! Writing a metadata table file from Intel's JSON, keeping what people wrote:
//! each entry's `note:` survives a re-import, and entries the JSON lacks are
//! kept (reported) unless pruning was asked for.

use super::intel_json::IntelJson;
use crate::load::{metadata_table, MetadataEntry};
use crate::model::{MetadataField, Source};
use std::collections::BTreeMap;

/// What the target file already holds.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    /// Hand-written notes by field name.
    pub notes: BTreeMap<String, String>,
    /// Entries to keep although the JSON does not list them.
    pub kept: Vec<MetadataField>,
    /// Hand-recorded kernel forms of field IDs, by field name.
    pub linux_ids: BTreeMap<String, u64>,
    /// Hand-written `since` of fields, by field name.
    pub since: BTreeMap<String, String>,
}

/// The table file for `json`, citing `document`, with the notes and kept
/// entries of `existing`. Serialised by `load` (never pasted): names and
/// descriptions from the JSON are untrusted text.
pub fn render(json: &IntelJson, file_name: &str, document: &str, existing: &Existing) -> Result<String, String> {
    let header = match (&json.info, &json.version) {
        (Some(i), Some(v)) => format!("{i}, version {v}"),
        (Some(i), None) => i.clone(),
        (None, Some(v)) => format!("version {v}"),
        (None, None) => "no header".into(),
    };
    let file_source = Source::Document { document: document.to_string(), section: format!("{file_name} ({header})") };
    let mut entries: Vec<MetadataEntry> = json
        .fields
        .iter()
        .map(|f| MetadataEntry {
            name: f.name.clone(),
            field_id: f.field_id,
            element_size: f.element_size,
            count: f.count,
            elements: f.elements,
            description: {
                let features = f.features.as_ref().map(|x| format!("Enumerated by TDX_FEATURES: {x}."));
                let parts: Vec<&str> = [f.description.as_deref(), features.as_deref(), f.lifecycle.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                // Sentences run on: the JSON's descriptions often end without a full stop.
                let ended = |p: &&str| if p.ends_with(['.', '!', '?']) { p.to_string() } else { format!("{p}.") };
                match parts.len() {
                    0 => None,
                    1 => Some(parts[0].to_string()),
                    _ => Some(parts.iter().map(ended).collect::<Vec<_>>().join(" ")),
                }
            },
            scope: f.scope,
            access: f.access,
            // The kernel's form is no part of Intel's JSON: kept from the table like a note.
            linux_field_id: existing.linux_ids.get(&f.name).copied(),
            json_field_id: None,
            // Hand-written like a note: the JSON's feature names need not be the layout's.
            since: existing.since.get(&f.name).cloned(),
            source: None,
            note: existing.notes.get(&f.name).cloned(),
        })
        .collect();
    // Entries the JSON lacks keep their own citation (they did not come from it).
    entries.extend(existing.kept.iter().map(MetadataEntry::from));
    let comment = [
        "Imported from Intel's TDX ABI JSON by `cargo xtask import-intel-json`; the JSON's header is in `source.section`.",
        "A re-import overwrites every key but `note:`, which is kept; edit notes freely.",
        "Entries the JSON lacks are kept, with their own `source`, unless --prune is given.",
    ];
    Ok(metadata_table(&comment, &file_source, &entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;

    #[test]
    fn renders_counts_only_when_not_one_and_keeps_notes() {
        let json = parse(
            "g.json",
            br#"{"Header": {"Info": "TDX Global Metadata", "Version": "2.0"}, "Fields": [
                {"Field Name": "A", "Base FIELD_ID (Hex)": "0x0800000200000000", "Element Size (Bytes)": "4", "Max Num Fields": "8", "Num Elements": "1"}]}"#,
        )
        .unwrap();
        let existing = Existing {
            notes: [("A".to_string(), "checked by hand".to_string())].into(),
            kept: vec![],
            linux_ids: BTreeMap::new(),
            since: BTreeMap::new(),
        };
        let yaml = render(&json, "g.json", "Intel TDX ABI tables", &existing).unwrap();
        assert!(
            yaml.contains(
                "  - name: A\n    field_id: 0x0800000200000000\n    element_size: 4\n    count: 8\n    note: checked by hand\n"
            ),
            "{yaml}"
        );
        assert!(!yaml.contains("elements:"));
    }
}
