//! Every bundled table file survives load → serialize → load unchanged: the
//! serializer (which the importer and `fmt` write through) and the loader
//! agree on every key, default and spelling; `fmt` keeps every comment and is
//! idempotent.

use std::path::PathBuf;
use tdx_codegen::load::{format, load, read_dir, table_file, yaml, TableSource};

#[test]
fn every_bundled_table_round_trips_through_the_serializer() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let mut dirs = vec![root.join("spec-tables"), root.join("examples/downstream/tables")];
    dirs.extend(
        std::fs::read_dir(root.join("codegen/tests/golden"))
            .unwrap()
            .map(|e| e.unwrap().path().join("tables"))
            .filter(|p| p.is_dir()),
    );
    // The diff fixtures exercise every kind of entry and change.
    for case in std::fs::read_dir(root.join("xtask/tests/diff_cases")).unwrap() {
        let case = case.unwrap().path();
        dirs.extend([case.join("old"), case.join("new")].into_iter().filter(|d| d.is_dir()));
    }
    let mut files = 0;
    for dir in dirs {
        for source in read_dir(&dir, &root).unwrap() {
            let original = load(std::slice::from_ref(&source)).unwrap_or_else(|d| panic!("{d}"));
            let text = table_file(&original, 0);
            let again = TableSource { display_path: source.display_path.clone(), bytes: text.clone().into_bytes() };
            let reloaded = load(&[again]).unwrap_or_else(|d| panic!("{}:\n{d}\n{text}", source.display_path));
            let name = &source.display_path;
            assert_eq!(reloaded.layouts, original.layouts, "{name}:\n{text}");
            assert_eq!(reloaded.leaves, original.leaves, "{name}:\n{text}");
            assert_eq!(reloaded.status_codes, original.status_codes, "{name}:\n{text}");
            assert_eq!(reloaded.operand_ids, original.operand_ids, "{name}:\n{text}");
            assert_eq!(reloaded.metadata_fields, original.metadata_fields, "{name}:\n{text}");
            assert_eq!(reloaded.structs, original.structs, "{name}:\n{text}");
            // Canonical: serializing what was read back gives the same text.
            assert_eq!(table_file(&reloaded, 0), text, "{name}");
            fmt_keeps_comments_and_values(&source, &original);
            files += 1;
        }
    }
    assert!(files >= 80, "{files} table files");
}

/// `fmt` changes no value, loses no comment, and is a fixed point.
fn fmt_keeps_comments_and_values(source: &TableSource, original: &tdx_codegen::model::Tables) {
    let name = &source.display_path;
    let formatted = format(std::slice::from_ref(source)).unwrap().remove(0);
    let comments = |text: &str| {
        let mut c: Vec<String> = yaml::tree::parse(text).unwrap().comments.into_iter().map(|c| c.text).collect();
        c.sort();
        c
    };
    let before = std::str::from_utf8(&source.bytes).unwrap();
    assert_eq!(comments(&formatted), comments(before), "{name}:\n{formatted}");
    let again = TableSource { display_path: name.clone(), bytes: formatted.clone().into_bytes() };
    let reloaded = load(std::slice::from_ref(&again)).unwrap_or_else(|d| panic!("{name}:\n{d}\n{formatted}"));
    assert_eq!(table_file(&reloaded, 0), table_file(original, 0), "{name}");
    assert_eq!(format(&[again]).unwrap().remove(0), formatted, "{name}: not idempotent");
}

/// A comment written above or after any line of a bundled table survives
/// `fmt` (as the same text, once), and the result is a fixed point. The probes
/// that each read as a comment of their own go into the file together (one
/// text with every "above" probe, one with every "after" probe), so `fmt` is
/// run once per file and kind; a combined text that does not load falls back
/// to one probe at a time.
#[test]
fn a_comment_anywhere_survives_fmt() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let mut probes = 0;
    for source in read_dir(&root.join("spec-tables"), &root).unwrap() {
        let text = String::from_utf8(source.bytes.clone()).unwrap();
        let comments_before = yaml::tree::parse(&text).unwrap().comments.len();
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let edit = |i: usize, above: bool, lines: &mut Vec<String>| {
            if above {
                let indent = lines[i][..lines[i].len() - lines[i].trim_start().len()].to_string();
                lines.insert(i, format!("{indent}# probe above {i}"));
            } else {
                lines[i] = format!("{}  # probe after {i}", lines[i]);
            }
        };
        for above in [true, false] {
            // A `#` inside a folded string is text, not a comment: such a place is skipped.
            let places: Vec<usize> = (0..lines.len())
                .step_by(9)
                .filter(|&i| {
                    let mut one = lines.clone();
                    edit(i, above, &mut one);
                    yaml::tree::parse(&one.join("\n")).is_ok_and(|t| t.comments.len() == comments_before + 1)
                })
                .collect();
            let mut all = lines.clone();
            // From the end, so each insertion leaves the earlier places where they were.
            for &i in places.iter().rev() {
                edit(i, above, &mut all);
            }
            let batch = TableSource { display_path: source.display_path.clone(), bytes: all.join("\n").into_bytes() };
            match load(std::slice::from_ref(&batch)) {
                Ok(tables) => fmt_keeps_comments_and_values(&batch, &tables),
                Err(_) => {
                    for &i in &places {
                        let mut one = lines.clone();
                        edit(i, above, &mut one);
                        let probe = TableSource {
                            display_path: source.display_path.clone(),
                            bytes: one.join("\n").into_bytes(),
                        };
                        if let Ok(tables) = load(std::slice::from_ref(&probe)) {
                            fmt_keeps_comments_and_values(&probe, &tables);
                        }
                    }
                }
            }
            probes += places.len();
        }
    }
    assert!(probes > 300, "{probes} probes");
}
