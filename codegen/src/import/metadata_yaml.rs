//! Writing a metadata table file from Intel's JSON, keeping what people wrote:
//! each entry's `note:` survives a re-import, and entries the JSON lacks are
//! kept (reported) unless pruning was asked for.

use super::intel_json::IntelJson;
use crate::model::{MetadataField, Source};
use std::collections::BTreeMap;

/// What the target file already holds.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    /// Hand-written notes by field name.
    pub notes: BTreeMap<String, String>,
    /// Entries to keep although the JSON does not list them.
    pub kept: Vec<MetadataField>,
}

/// A YAML double-quoted scalar.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out += "\\\\",
            '"' => out += "\\\"",
            '\n' => out += "\\n",
            '\t' => out += "\\t",
            c if c.is_control() => out += &format!("\\u{:04x}", c as u32),
            c => out.push(c),
        }
    }
    out + "\""
}

fn source(s: &Source) -> String {
    match s {
        Source::Document { document, section } => {
            format!("{{document: {}, section: {}}}", quoted(document), quoted(section))
        }
        Source::Repo { repo, path, commit: Some(c) } => {
            format!("{{repo: {}, path: {}, commit: {}}}", quoted(repo), quoted(path), quoted(c))
        }
        Source::Repo { repo, path, commit: None } => format!("{{repo: {}, path: {}}}", quoted(repo), quoted(path)),
    }
}

struct Entry<'a> {
    name: &'a str,
    field_id: u64,
    element_size: u32,
    count: u32,
    elements: u32,
    description: Option<String>,
    source: Option<&'a Source>,
    note: Option<&'a str>,
}

fn entry(out: &mut String, e: &Entry<'_>) {
    *out +=
        &format!("  - name: {}\n    field_id: {:#018x}\n    element_size: {}\n", e.name, e.field_id, e.element_size);
    if e.count != 1 {
        *out += &format!("    count: {}\n", e.count);
    }
    if e.elements != 1 {
        *out += &format!("    elements: {}\n", e.elements);
    }
    if let Some(d) = &e.description {
        *out += &format!("    description: {}\n", quoted(d));
    }
    if let Some(s) = e.source {
        *out += &format!("    source: {}\n", source(s));
    }
    if let Some(n) = e.note {
        *out += &format!("    note: {}\n", quoted(n));
    }
}

/// The table file for `json`, citing `document`, with the notes and kept entries of `existing`.
pub fn render(json: &IntelJson, file_name: &str, document: &str, existing: &Existing) -> String {
    let header = match (&json.info, &json.version) {
        (Some(i), Some(v)) => format!("{i}, version {v}"),
        (Some(i), None) => i.clone(),
        (None, Some(v)) => format!("version {v}"),
        (None, None) => "no header".into(),
    };
    let file_source = Source::Document { document: document.to_string(), section: format!("{file_name} ({header})") };
    let mut out = format!(
        "# Imported from Intel's TDX ABI JSON ({file_name}: {header}) by `cargo xtask import-intel-json`.\n\
         # A re-import overwrites every key but `note:`, which is kept; edit notes freely.\n\
         source: {}\nmetadata_fields:\n",
        source(&file_source)
    );
    for f in &json.fields {
        let description = match (&f.description, &f.features) {
            (Some(d), Some(x)) => Some(format!("{d} Enumerated by TDX_FEATURES: {x}.")),
            (None, Some(x)) => Some(format!("Enumerated by TDX_FEATURES: {x}.")),
            (d, None) => d.clone(),
        };
        let note = existing.notes.get(&f.name).map(String::as_str);
        let e = Entry {
            name: &f.name,
            field_id: f.field_id,
            element_size: f.element_size,
            count: f.count,
            elements: f.elements,
            description,
            source: None,
            note,
        };
        entry(&mut out, &e);
    }
    if !existing.kept.is_empty() {
        out += "  # Not in the imported JSON; kept from the previous file (pass --prune to drop).\n";
    }
    for k in &existing.kept {
        let e = Entry {
            name: &k.name,
            field_id: k.field_id,
            element_size: k.element_size,
            count: k.count,
            elements: k.elements,
            description: k.description.clone(),
            source: Some(&k.source),
            note: k.note.as_deref(),
        };
        entry(&mut out, &e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;

    #[test]
    fn quoting_survives_yaml_special_characters() {
        assert_eq!(quoted(r#"a: "b" \ c"#), r#""a: \"b\" \\ c""#);
    }

    #[test]
    fn renders_counts_only_when_not_one_and_keeps_notes() {
        let json = parse(
            "g.json",
            br#"{"Header": {"Info": "TDX Global Metadata", "Version": "2.0"}, "Fields": [
                {"Field Name": "A", "Base FIELD_ID (Hex)": "0x0800000200000000", "Element Size (Bytes)": "4", "Max Num Fields": "8", "Num Elements": "1"}]}"#,
        )
        .unwrap();
        let existing = Existing { notes: [("A".to_string(), "checked by hand".to_string())].into(), kept: vec![] };
        let yaml = render(&json, "g.json", "Intel TDX ABI tables", &existing);
        assert!(yaml.contains("  - name: A\n    field_id: 0x0800000200000000\n    element_size: 4\n    count: 8\n    note: \"checked by hand\"\n"), "{yaml}");
        assert!(!yaml.contains("elements:"));
    }
}
