//! Reading table files. This is the only module that knows YAML.

mod lower;
mod raw;
mod spans;
mod write;

pub use write::{metadata_table, MetadataEntry};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{SourceFile, Tables};
use std::collections::BTreeMap;
use std::path::Path;

/// One table file's name (as diagnostics should show it) and bytes.
#[derive(Clone, Debug)]
pub struct TableSource {
    /// Path shown in diagnostics and generated headers.
    pub display_path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Limits that keep reading a table directory bounded in time and memory.
pub mod limits {
    /// Directory levels below the table root.
    pub const MAX_DEPTH: usize = 16;
    /// Table files in one tree.
    pub const MAX_FILES: usize = 4096;
    /// Bytes in one table file.
    pub const MAX_FILE_BYTES: u64 = 8 << 20;
}

/// Reads every `*.yaml` file under `dir` (recursively, sorted by path).
/// Paths are shown relative to `display_base`.
///
/// Hidden entries (`.name`, such as an editor's `.#table.yaml` lock link) are
/// skipped; a symlink is followed only to a regular file, never into a
/// directory (no cycles, no fan-out); anything else named `*.yaml` (a FIFO,
/// a dangling link) is an error naming it rather than a read that hangs.
/// Every error names the path it is about.
pub fn read_dir(dir: &Path, display_base: &Path) -> std::io::Result<Vec<TableSource>> {
    let mut paths = Vec::new();
    collect_yaml(dir, 0, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let shown = path.strip_prefix(display_base).unwrap_or(&path);
            let display_path =
                shown.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Ok(TableSource { display_path, bytes: read_table(&path)? })
        })
        .collect()
}

/// `e` with the path it is about, so no error reads "No such file or directory" alone.
fn at(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn refuse(path: &Path, why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{}: {why}", path.display()))
}

fn collect_yaml(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    if depth > limits::MAX_DEPTH {
        return Err(refuse(dir, &format!("more than {} directory levels below the table root", limits::MAX_DEPTH)));
    }
    for entry in std::fs::read_dir(dir).map_err(|e| at(dir, e))? {
        let entry = entry.map_err(|e| at(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let shown = name.to_string_lossy();
        if shown.starts_with('.') {
            continue;
        }
        // The path is written into generated banners and diagnostics.
        if name.to_str().is_none() || shown.chars().any(char::is_control) {
            return Err(refuse(dir, &format!("the name {shown:?} is not printable UTF-8; rename it")));
        }
        let kind = entry.file_type().map_err(|e| at(&path, e))?;
        if kind.is_dir() {
            collect_yaml(&path, depth + 1, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            // Follows a symlink: the target must be a regular file.
            let meta = std::fs::metadata(&path).map_err(|e| at(&path, e))?;
            if !meta.is_file() {
                return Err(refuse(&path, "is not a regular file (tables are read from regular files only)"));
            }
            out.push(path);
            if out.len() > limits::MAX_FILES {
                return Err(refuse(dir, &format!("more than {} table files", limits::MAX_FILES)));
            }
        }
    }
    Ok(())
}

/// One table file's bytes, refusing files too large to be tables.
fn read_table(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| at(path, e))?;
    let mut bytes = Vec::new();
    // One byte past the limit tells a file at the limit from a larger one.
    file.take(limits::MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| at(path, e))?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(refuse(path, &format!("is larger than {} bytes", limits::MAX_FILE_BYTES)));
    }
    Ok(bytes)
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

    /// A fresh directory under the system's temp dir, removed on drop.
    struct Scratch(std::path::PathBuf);
    impl Scratch {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("tdx-load-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn only_visible_yaml_files_are_read_and_links_never_lead_into_directories() {
        let s = Scratch::new("visible");
        let d = &s.0;
        std::fs::write(d.join("a.yaml"), GOOD).unwrap();
        std::fs::write(d.join("b.yml"), "not read").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/c.yaml"), GOOD).unwrap();
        #[cfg(unix)]
        {
            // An editor's lock file: a hidden, dangling link.
            std::os::unix::fs::symlink("user@host.1234:1", d.join(".#a.yaml")).unwrap();
            // A link back up the tree would fan out forever if followed.
            std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
            std::os::unix::fs::symlink(d.join("a.yaml"), d.join("linked.yaml")).unwrap();
        }
        let read = read_dir(d, d).unwrap();
        let names: Vec<&str> = read.iter().map(|t| t.display_path.as_str()).collect();
        let expected: &[&str] =
            if cfg!(unix) { &["a.yaml", "linked.yaml", "sub/c.yaml"] } else { &["a.yaml", "sub/c.yaml"] };
        assert_eq!(names, expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_dangling_link_is_an_error_naming_it_not_a_hang() {
        let s = Scratch::new("special");
        let d = &s.0;
        let fifo = d.join("pipe.yaml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("pipe.yaml") && err.contains("not a regular file"), "{err}");
        std::fs::remove_file(&fifo).unwrap();
        std::os::unix::fs::symlink(d.join("gone.yaml"), d.join("dangling.yaml")).unwrap();
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("dangling.yaml") && err.contains("No such file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_with_a_line_break_is_refused_by_name() {
        let s = Scratch::new("names");
        std::fs::write(s.0.join("a\nb.yaml"), GOOD).unwrap();
        let err = read_dir(&s.0, &s.0).unwrap_err().to_string();
        assert!(err.contains("\"a\\nb.yaml\" is not printable UTF-8"), "{err}");
    }

    #[test]
    fn oversized_files_and_deep_trees_are_refused() {
        let s = Scratch::new("limits");
        let d = &s.0;
        let big = d.join("big.yaml");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(limits::MAX_FILE_BYTES + 1).unwrap();
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("big.yaml") && err.contains("larger than"), "{err}");
        std::fs::remove_file(&big).unwrap();
        let deep = (0..=limits::MAX_DEPTH + 1).fold(d.clone(), |p, i| p.join(i.to_string()));
        std::fs::create_dir_all(&deep).unwrap();
        let err = read_dir(d, d).unwrap_err().to_string();
        assert!(err.contains("directory levels"), "{err}");
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
