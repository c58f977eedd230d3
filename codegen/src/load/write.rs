//! Writing table files: serialised by serde, never pasted together, so text
//! from an untrusted input (an imported JSON's names and descriptions) stays a
//! YAML string whatever it holds. Kept beside the reader: `load` is the only
//! module that knows YAML.

use crate::model::{MetadataField, Source};
use serde::Serialize;

/// One metadata field as a table file states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataEntry {
    /// Spec name.
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
    /// The entry's own citation, when it differs from the file's.
    pub source: Option<Source>,
    /// Hand-written remarks.
    pub note: Option<String>,
}

impl From<&MetadataField> for MetadataEntry {
    /// A loaded field as written back, with its own (resolved) citation.
    fn from(m: &MetadataField) -> Self {
        MetadataEntry {
            name: m.name.clone(),
            field_id: m.field_id,
            element_size: m.element_size,
            count: m.count,
            elements: m.elements,
            description: m.description.clone(),
            source: Some(m.source.clone()),
            note: m.note.clone(),
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum OutSource<'a> {
    Repo {
        repo: &'a str,
        path: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        commit: Option<&'a str>,
    },
    Document {
        document: &'a str,
        section: &'a str,
    },
}

impl<'a> From<&'a Source> for OutSource<'a> {
    fn from(s: &'a Source) -> Self {
        match s {
            Source::Repo { repo, path, commit } => OutSource::Repo { repo, path, commit: commit.as_deref() },
            Source::Document { document, section } => OutSource::Document { document, section },
        }
    }
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

#[derive(Serialize)]
pub(super) struct OutMetadataField<'a> {
    name: &'a str,
    // Hex, as the spec writes IDs; the reader takes a number or a string of one.
    field_id: String,
    element_size: u32,
    #[serde(skip_serializing_if = "is_one")]
    count: u32,
    #[serde(skip_serializing_if = "is_one")]
    elements: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<OutSource<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct OutFile<'a> {
    source: OutSource<'a>,
    metadata_fields: Vec<OutMetadataField<'a>>,
}

pub(super) fn out_field(e: &MetadataEntry) -> OutMetadataField<'_> {
    OutMetadataField {
        name: &e.name,
        field_id: format!("{:#018x}", e.field_id),
        element_size: e.element_size,
        count: e.count,
        elements: e.elements,
        description: e.description.as_deref(),
        source: e.source.as_ref().map(OutSource::from),
        note: e.note.as_deref(),
    }
}

/// A metadata table file: `comment` lines (fixed text of the caller's, each
/// prefixed with `# `), the file's citation, and the entries in order.
pub fn metadata_table(comment: &[&str], source: &Source, entries: &[MetadataEntry]) -> Result<String, String> {
    let file = OutFile { source: source.into(), metadata_fields: entries.iter().map(out_field).collect() };
    let body = serde_norway::to_string(&file).map_err(|e| format!("cannot write the table as YAML: {e}"))?;
    // Comments are the caller's fixed text; a line break in one would start a key.
    let head: String = comment.iter().map(|c| format!("# {}\n", c.replace(['\n', '\r'], " "))).collect();
    Ok(head + &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, TableSource};

    #[test]
    fn hostile_text_stays_a_string_and_reads_back_unchanged() {
        let evil = "X\n  - name: INJECTED\n    field_id: 0x1\nlayouts:\n  - name: EVIL";
        let entries = [MetadataEntry {
            name: evil.into(),
            field_id: 0x0800_0002_0000_0000,
            element_size: 4,
            count: 8,
            elements: 1,
            description: Some("a \"quoted\" line\nand: a key?".into()),
            source: None,
            note: Some("# not a comment".into()),
        }];
        let source = Source::Document { document: "Intel JSON".into(), section: "g.json (Info\nlayouts: [])".into() };
        let text = metadata_table(&["Imported.\nlayouts: []"], &source, &entries).unwrap();
        let tables = load(&[TableSource { display_path: "t.yaml".into(), bytes: text.clone().into_bytes() }]).unwrap();
        assert!(tables.layouts.is_empty(), "{text}");
        assert_eq!(tables.metadata_fields.len(), 1, "{text}");
        let m = &tables.metadata_fields[0];
        assert_eq!((m.name.as_str(), m.field_id, m.count, m.elements), (evil, 0x0800_0002_0000_0000, 8, 1));
        assert_eq!(m.description.as_deref(), entries[0].description.as_deref());
        assert_eq!(m.note.as_deref(), Some("# not a comment"));
        assert_eq!(m.source, source);
    }
}
