//! Reading table files. This is the only module that knows YAML.

mod lower;
mod raw;
mod read;
mod spans;
mod write;
mod write_tables;

pub use read::{limits, read_dir};
pub use write::{metadata_table, MetadataEntry};
pub use write_tables::table_file;

use crate::diag::{Diagnostic, Diagnostics, Location};
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
        let text = std::str::from_utf8(&source.bytes);
        let index = text.map(spans::index).unwrap_or_default();
        tables.files.push(SourceFile {
            display_path: source.display_path.clone(),
            spans: index.positions,
            text: text.map(str::to_string).unwrap_or_default(),
        });
        let Ok(text) = text else {
            let mut d = file_error(&source.display_path, None, "the file is not UTF-8 text".into());
            d.help = Some("save the table as UTF-8".into());
            diags.push(d);
            continue;
        };
        // Checked before serde: it would reject both, but without a position,
        // and a deeply nested file costs time before it is rejected.
        if let Some(at) = index.second_document {
            let mut d = file_error(&source.display_path, Some(at), "the file holds a second YAML document".into());
            d.help = Some("remove the `---` line and merge the documents, or put each in its own file".into());
            diags.push(d);
            continue;
        }
        if let Some(at) = index.too_deep {
            let msg = format!("the YAML nests deeper than {} levels", spans::MAX_NESTING);
            let mut d = file_error(&source.display_path, Some(at), msg);
            d.help = Some("table entries nest a few levels at most; check the brackets and indentation here".into());
            diags.push(d);
            continue;
        }
        match serde_norway::from_str::<raw::RawFile>(text) {
            Ok(raw) if raw.is_empty() => {
                let mut d = file_error(&source.display_path, None, "the file defines no tables".into());
                d.help = Some("add a `layouts:` list, or delete the file".into());
                diags.push(d);
            }
            Ok(raw) => lower::lower_file(&mut tables, file, raw, &mut diags),
            Err(e) => diags.push(serde_error(&source.display_path, &e, &index.names)),
        }
    }
    if diags.is_empty() {
        Ok(tables)
    } else {
        // The loader's own messages get their source lines here, where every file's text is at hand.
        for d in diags.iter_mut().filter(|d| d.source_line.is_none()) {
            let file = tables.files.iter().find(|f| f.display_path == d.file);
            d.source_line = d.location.zip(file).and_then(|(l, f)| f.line(l.line));
        }
        Err(Diagnostics(diags).sorted())
    }
}

fn file_error(file: &str, location: Option<Location>, message: String) -> Diagnostic {
    Diagnostic { file: file.into(), location, message, ..Diagnostic::default() }
}

/// Splits serde's "path: message at line L column C" into its parts.
fn serde_error(file: &str, e: &serde_norway::Error, names: &BTreeMap<String, String>) -> Diagnostic {
    let location = e.location().map(|l| Location { line: l.line(), column: l.column() });
    let mut message = e.to_string();
    if let Some(l) = location {
        let suffix = format!(" at line {} column {}", l.line, l.column);
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_owned();
        }
    }
    let mut yaml_path = String::new();
    if let Some((path, rest)) = message.split_once(": ") {
        if !path.is_empty() && !path.contains(' ') {
            yaml_path = path.to_owned();
            message = rest.to_owned();
        }
    }
    let mut d = file_error(file, location, message);
    (d.entry, d.field) = entry_and_field(&yaml_path, names);
    d.yaml_path = yaml_path;
    d.help = Some(format!("{}{}", misspelt_key(&d.message), help_for(&d.message)));
    d
}

/// `did you mean `x`? ` for serde's "unknown field `y`, expected one of `x`, ...".
fn misspelt_key(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else { return String::new() };
    let Some((word, expected)) = rest.split_once('`') else { return String::new() };
    let candidates = expected.split('`').skip(1).step_by(2);
    crate::suggest::did_you_mean(word, candidates)
}

/// Names the entry and field a serde path points into, by their `name` keys
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
    ];
    let entry_kind = |p: &str| kinds.iter().find(|(k, _)| p.starts_with(k)).map_or("entry", |(_, w)| w);
    let item_kind = |p: &str| {
        [(".fields[", "field"), (".inputs[", "input"), (".outputs[", "output")]
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
        for kind in [FieldKind::Plain, FieldKind::Flag, FieldKind::HpaPfn, FieldKind::GpaPfn] {
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
