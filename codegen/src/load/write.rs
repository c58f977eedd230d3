//! Writing metadata table files (the importer's output): built as a node tree
//! and written by the one YAML writer, never pasted together, so text from an
//! untrusted input (an imported JSON's names and descriptions) stays a YAML
//! string whatever it holds.

use super::yaml::build::{document, hex64, number, string, Map};
use super::yaml::{comments::Comments, emit::emit, tree::Node};
use crate::model::{MetadataAccess, MetadataField, MetadataScope, Source};

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
    /// Whose metadata it is.
    pub scope: MetadataScope,
    /// Who may read and write it.
    pub access: Option<MetadataAccess>,
    /// The kernel's form of the ID, where it differs.
    pub linux_field_id: Option<u64>,
    /// The ABI JSON's form of the ID, where it differs.
    pub json_field_id: Option<u64>,
    /// The module version or TDX_FEATURES0 bit that introduced it.
    pub since: Option<String>,
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
            scope: m.scope,
            access: m.access,
            linux_field_id: m.linux_field_id,
            json_field_id: m.json_field_id,
            since: m.since.clone(),
            source: Some(m.source.clone()),
            note: m.note.clone(),
        }
    }
}

/// A citation as a table states it.
pub(super) fn source(s: &Source) -> Node {
    match s {
        Source::Repo { repo, path, commit } => {
            Map::new().with("repo", string(repo)).with("path", string(path)).with_str("commit", commit.as_deref())
        }
        Source::Document { document, section } => {
            Map::new().with("document", string(document)).with("section", string(section))
        }
    }
    .block()
}

/// One metadata entry, defaults (a count or element count of 1) left out.
pub(super) fn metadata_field(e: &MetadataEntry) -> Node {
    let not_one = |v: u32| (v != 1).then(|| number(v));
    Map::new()
        .with("name", string(&e.name))
        // Hex, as the spec writes IDs.
        .with("field_id", hex64(e.field_id))
        .with("element_size", number(e.element_size))
        .with_some("count", not_one(e.count))
        .with_some("elements", not_one(e.elements))
        .with_str("description", e.description.as_deref())
        .with_some("scope", (e.scope != MetadataScope::Global).then(|| string(e.scope.spelling())))
        .with_some("access", e.access.map(access))
        .with_some("linux_field_id", e.linux_field_id.map(hex64))
        .with_some("json_field_id", e.json_field_id.map(hex64))
        .with_str("since", e.since.as_deref())
        .with_some("source", e.source.as_ref().map(source))
        .with_str("note", e.note.as_deref())
        .block()
}

/// Access rights, one actor per key, on one line.
fn access(a: MetadataAccess) -> Node {
    Map::new()
        .with("host", string(a.host.spelling()))
        .with("host_debug", string(a.host_debug.spelling()))
        .with("guest", string(a.guest.spelling()))
        .with_some("migtd", a.migtd.map(|r| string(r.spelling())))
        .flow()
}

/// A metadata table file: `comment` lines (fixed text of the caller's, each
/// written as a `# ` line), the file's citation, and the entries in order.
pub fn metadata_table(comment: &[&str], file_source: &Source, entries: &[MetadataEntry]) -> String {
    let root = Map::new()
        .with("source", source(file_source))
        .with("metadata_fields", super::yaml::build::seq(entries.iter().map(metadata_field).collect()))
        .block();
    // A line break in a comment would start a key.
    let header = comment.iter().map(|c| format!(" {}", c.replace(['\n', '\r'], " "))).collect();
    emit(&document(root), &Comments { header, ..Comments::default() })
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
            scope: MetadataScope::Global,
            access: None,
            linux_field_id: None,
            json_field_id: None,
            since: None,
            source: None,
            note: Some("# not a comment".into()),
        }];
        let source = Source::Document { document: "Intel JSON".into(), section: "g.json (Info\nlayouts: [])".into() };
        let text = metadata_table(&["Imported.\nlayouts: []"], &source, &entries);
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
