//! Reading table files. This is the only module that knows YAML.

// The YAML writer (`xtask fmt`, the importer) is file work: the proc-macro only reads.
#[cfg(feature = "files")]
mod format;
mod lower;
mod raw;
mod read;
#[cfg(feature = "files")]
mod write;
#[cfg(feature = "files")]
mod write_tables;
pub mod yaml;

#[cfg(feature = "files")]
pub use format::format;
pub use read::{limits, read_dir};
#[cfg(feature = "files")]
pub use write::{metadata_table, MetadataEntry};
#[cfg(feature = "files")]
pub use write_tables::{table_file, table_tree};

use crate::diag::{Diagnostic, Diagnostics, Location, Note};
use crate::model::{SourceFile, Tables};
use std::collections::BTreeMap;

/// One table file's name (as diagnostics should show it) and bytes.
#[derive(Clone, Debug)]
pub struct TableSource {
    /// Path shown in diagnostics and generated headers.
    pub display_path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Parses and lowers every source. All problems are reported, not just the first.
pub fn load(sources: &[TableSource]) -> Result<Tables, Diagnostics> {
    let mut tables = Tables::default();
    let mut diags = Vec::new();
    for (file, source) in sources.iter().enumerate() {
        let path = &source.display_path;
        let text = std::str::from_utf8(&source.bytes);
        let parsed = text.map(yaml::tree::parse);
        tables.files.push(SourceFile {
            display_path: path.clone(),
            tree: None,
            text: text.map(str::to_string).unwrap_or_default(),
            default_source: None,
        });
        let doc = match parsed {
            Err(_) => {
                diags.push(
                    file_error(path, None, "the file is not UTF-8 text".into()).with_help("save the table as UTF-8"),
                );
                continue;
            }
            Ok(Err(e)) => {
                diags.push(syntax_error(path, &e));
                continue;
            }
            Ok(Ok(doc)) => doc,
        };
        let raw = match &doc.root {
            None => Ok(raw::RawFile::default()),
            Some(root) => yaml::typed::read::<raw::RawFile>(root),
        };
        // Read: the tree stays with the file, for positions.
        tables.files[file].tree = doc.root;
        match raw {
            Ok(raw) if raw.is_empty() => {
                let d = file_error(path, None, "the file defines no tables".into());
                diags.push(d.with_help("add a `layouts:` list, or delete the file"));
            }
            Ok(raw) => lower::lower_file(&mut tables, file, raw, &mut diags),
            Err(e) => diags.push(schema_error(path, e, &doc.names)),
        }
    }
    if diags.is_empty() {
        lower::resolve_member_types(&mut tables);
        Ok(tables)
    } else {
        // The loader's own messages get their source lines here, where every file's text is at hand.
        let line = |file: &str, at: Option<Location>| {
            let f = tables.files.iter().find(|f| f.display_path == file)?;
            f.line(at?.line)
        };
        for d in &mut diags {
            if d.source_line.is_none() {
                d.source_line = line(&d.file, d.location);
            }
            for n in d.notes.iter_mut().filter(|n| n.source_line.is_none()) {
                n.source_line = line(&n.file, n.location);
            }
        }
        Err(Diagnostics(diags).sorted())
    }
}

fn file_error(file: &str, location: Option<Location>, message: String) -> Diagnostic {
    Diagnostic { file: file.into(), location, message, ..Diagnostic::default() }
}

/// A file that is not YAML, or uses YAML the tables do not.
fn syntax_error(file: &str, e: &yaml::tree::SyntaxError) -> Diagnostic {
    let mut d = file_error(file, Some(e.at), e.message.clone()).with_help(e.help.clone());
    (d.entry, d.field) = entry_and_field(&e.path, &e.names);
    d.yaml_path = e.path.clone();
    if let Some(first) = e.first {
        d.notes.push(Note {
            message: "first written here".into(),
            file: file.into(),
            location: Some(first),
            source_line: None,
        });
    }
    d
}

/// A file whose YAML does not fit the schema: a key, type or value the reader rejected.
fn schema_error(file: &str, e: yaml::typed::Error, names: &BTreeMap<String, String>) -> Diagnostic {
    let mut d = file_error(file, e.at, e.message);
    (d.entry, d.field) = entry_and_field(&e.path, names);
    d.yaml_path = e.path;
    let suggestion = e.found.map(|word| crate::suggest::did_you_mean(&word, e.expected.iter().copied()));
    d.help = Some(format!("{}{}", suggestion.unwrap_or_default(), help_for(&d.message)));
    d
}

/// Names the entry and field a node path points into, by their `name` keys
/// where the file has them: `layouts[2].fields[0].kind` → layout `X`, field `Y`.
fn entry_and_field(path: &str, names: &BTreeMap<String, String>) -> (Option<String>, Option<String>) {
    let mut prefixes = path.match_indices(']').map(|(i, _)| &path[..=i]);
    let describe = |prefix: &str, what: &str| match names.get(prefix) {
        Some(name) => format!("{what} `{name}`"),
        None => format!("{what} at {prefix}"),
    };
    let kinds = [
        ("layouts[", "layout"),
        ("leaves[", "leaf"),
        ("status_codes[", "status code"),
        ("operand_ids[", "operand ID"),
        ("metadata_fields[", "metadata field"),
        ("structs[", "struct"),
        ("struct_variants[", "struct variants"),
        ("tdvmcalls[", "TDVMCALL sub-function"),
        ("tdvmcall_statuses[", "TDVMCALL status"),
    ];
    let entry_kind = |p: &str| kinds.iter().find(|(k, _)| p.starts_with(k)).map_or("entry", |(_, w)| w);
    let item_kind = |p: &str| {
        [
            (".fields[", "field"),
            (".inputs[", "input"),
            (".outputs[", "output"),
            (".members[", "member"),
            (".cases[", "case"),
        ]
        .iter()
        .find(|(k, _)| p.contains(k))
        .map_or("item", |(_, w)| w)
    };
    let entry = prefixes.next().map(|p| describe(p, entry_kind(p)));
    let field = prefixes.next().map(|p| describe(p, item_kind(p)));
    (entry, field)
}

fn help_for(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "remove the key or fix its spelling; spec-tables/README.md lists every key"
    } else if message.starts_with("missing field") {
        "add the key; spec-tables/README.md lists the required keys"
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        "give the key a value of the type spec-tables/README.md documents"
    } else if message.starts_with("duplicate field") {
        "a key may appear once per entry; remove the repeated one"
    } else if message.starts_with("unknown variant") {
        "use one of the values listed"
    } else {
        "fix the YAML syntax at this position"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(text: &str) -> Result<Tables, Diagnostics> {
        load(&[TableSource { display_path: "t.yaml".into(), bytes: text.as_bytes().to_vec() }])
    }

    fn only_error(text: &str) -> Diagnostic {
        let mut d = load_one(text).unwrap_err().0;
        assert_eq!(d.len(), 1, "{d:?}");
        d.remove(0)
    }

    const GOOD: &str = "layouts:\n  - name: W\n    width: 8\n    summary: s\n    source: {repo: a/b, path: c}\n    fields:\n      - {name: A, bits: \"7:0\", description: d, ref: r}\n";

    #[test]
    fn a_well_formed_file_lowers_with_origins() {
        let t = load_one(GOOD).unwrap();
        assert_eq!(t.layouts.len(), 1);
        assert_eq!(t.layouts[0].fields[0].origin.path, "layouts[0].fields[0]");
    }

    #[test]
    fn a_member_named_after_a_layout_is_a_layout_member_as_wide_as_it() {
        // W is a layout; S a struct that a second struct nests. A struct's name wins over a layout's.
        let text = format!(
            "{GOOD}structs:\n  - name: S\n    size: 1\n    summary: s\n    source: {{repo: a/b, path: c}}\n    members:\n      - {{name: M, offset: 0, type: W, description: d, ref: r}}\n  - name: T\n    size: 1\n    summary: s\n    source: {{repo: a/b, path: c}}\n    members:\n      - {{name: N, offset: 0, type: S, description: d, ref: r}}\n"
        );
        let t = load_one(&text).unwrap();
        let m = &t.structs[0].members[0];
        assert_eq!((&m.ty, m.elem_size), (&crate::model::MemberType::Layout("W".into()), 1));
        assert_eq!(t.structs[1].members[0].ty, crate::model::MemberType::Struct("S".into()));
    }

    #[test]
    fn unknown_keys_are_rejected_with_position_entry_and_field() {
        let d = only_error(&GOOD.replace("ref: r}", "ref: r, colour: red}"));
        assert!(d.message.starts_with("unknown field `colour`"), "{}", d.message);
        assert_eq!(d.location, Some(Location { line: 7, column: 56 }), "points at the key itself");
        assert_eq!((d.entry.as_deref(), d.field.as_deref()), (Some("layout `W`"), Some("field `A`")));
        assert_eq!(d.yaml_path, "layouts[0].fields[0]");
    }

    #[test]
    fn wrong_types_and_syntax_errors_carry_their_position() {
        let d = only_error(&GOOD.replace("width: 8", "width: wide"));
        assert_eq!(
            (d.message.as_str(), d.location),
            ("invalid type: string \"wide\", expected u32", Some(Location { line: 3, column: 12 }))
        );
        let d = only_error(&GOOD.replace("summary: s", "summary: \"s"));
        assert!(d.location.is_some() && d.help.as_deref() == Some("fix the YAML syntax at this position"), "{d:?}");
    }

    #[test]
    fn malformed_ranges_and_citations_are_reported_after_parsing() {
        let text = GOOD.replace("\"7:0\"", "\"7..0\"").replace("{repo: a/b, path: c}", "{repo: a/b}");
        let d = load_one(&text).unwrap_err().0;
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("`7..0` is not a bit range")));
        assert!(messages.iter().any(|m| m.contains("citation is incomplete")));
    }

    #[test]
    fn empty_and_non_utf8_files_are_errors() {
        assert_eq!(only_error("# only a comment\n").message, "the file defines no tables");
        let bad = load(&[TableSource { display_path: "b.yaml".into(), bytes: vec![0xff, 0xfe] }]).unwrap_err();
        assert_eq!(bad.0[0].message, "the file is not UTF-8 text");
    }

    #[test]
    fn the_models_spellings_are_what_the_loader_reads() {
        use crate::model::{CountEncoding, FieldKind};
        for kind in [FieldKind::Plain, FieldKind::Flag, FieldKind::HpaPfn, FieldKind::GpaPfn, FieldKind::GlaPfn] {
            let t = load_one(&GOOD.replace("ref: r}", &format!("ref: r, kind: {}}}", kind.spelling()))).unwrap();
            assert_eq!(t.layouts[0].fields[0].kind, kind);
        }
        for enc in [CountEncoding::MinusOne, CountEncoding::Exact] {
            let roles = format!(
                "    list: {{address_field: A, count_field: A, count_encoding: {}, capacity: 1, entry: page_hpa, singleton: {{count: 1, release_input: list_page}}}}\n",
                enc.spelling()
            );
            let t = load_one(&format!("{GOOD}{roles}")).unwrap();
            let list = t.layouts[0].list.as_ref().unwrap();
            assert_eq!(list.count_encoding, enc);
            let single = list.singleton.as_ref().unwrap();
            assert_eq!(single.release_input.spelling(), "list_page");
            assert_eq!(list.entry.spelling(), "page_hpa");
        }
    }
}
