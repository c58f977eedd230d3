//! The inline expansion (what the proc-macro and the build script produce) is
//! the code `cargo xtask regen` writes as files: the two syntax trees are equal.
//! They are compared after printing both with prettyplease, because the files'
//! formatting adds trailing commas where it wraps lines, which are tokens but
//! not code.

use std::collections::BTreeMap;
use std::path::PathBuf;
use syn::{AttrStyle, Item};
use tdx_codegen::emit::rust::{emit_modules, expand};
use tdx_codegen::{load, validate};

/// Parses the generated file at `path` and replaces each `mod x;` by the contents of x's file.
fn inline(files: &BTreeMap<String, String>, path: &str) -> syn::File {
    let mut file: syn::File = syn::parse_str(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"));
    let dir = path.trim_end_matches("mod.rs").trim_end_matches(".rs").trim_end_matches('/');
    for item in &mut file.items {
        if let Item::Mod(m) = item {
            if m.content.is_none() {
                let name = m.ident.to_string();
                let child = [format!("{dir}/{name}.rs"), format!("{dir}/{name}/mod.rs")]
                    .into_iter()
                    .find(|p| files.contains_key(p))
                    .unwrap_or_else(|| panic!("no file for mod {name} under {dir}"));
                let child = inline(files, &child);
                m.attrs.extend(child.attrs);
                m.content = Some((Default::default(), child.items));
                m.semi = None;
            }
        }
    }
    file
}

fn check(table_dir: PathBuf, base: PathBuf) {
    let sources = load::read_dir(&table_dir, &base).unwrap();
    let model = validate::validate(load::load(&sources).unwrap()).unwrap();
    let files: BTreeMap<String, String> =
        emit_modules(&model, "gen").unwrap().into_iter().map(|f| (f.path, f.contents)).collect();
    let mut root = inline(&files, "gen/mod.rs");
    // The expansion cannot carry the root's inner doc; everything else must match.
    root.attrs.retain(|a| matches!(a.style, AttrStyle::Outer));
    let expanded: syn::File = syn::parse2(expand(&model)).expect("the expansion parses as items");
    let (files_text, expanded_text) = (prettyplease::unparse(&root), prettyplease::unparse(&expanded));
    if files_text != expanded_text {
        let line = files_text.lines().zip(expanded_text.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "expansion differs from the files at line {}:\n  files:    {:?}\n  expanded: {:?}",
            line + 1,
            files_text.lines().nth(line),
            expanded_text.lines().nth(line)
        );
    }
    assert!(files_text.len() > 1000, "compared real code");
    // Downstream tables (no status codes) go through the macro's and build script's own entry point.
    if model.status_codes.is_empty() {
        let via_macro_path = tdx_codegen::downstream::expand_downstream(&sources).unwrap();
        assert_eq!(via_macro_path.to_string(), expand(&model).to_string());
    }
}

#[test]
fn bundled_tables_expand_to_the_checked_in_code() {
    let ws = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    check(ws.join("spec-tables"), ws);
}

#[test]
fn golden_tables_expand_to_their_files() {
    for case in ["list_types", "word_sizes", "leaves_and_metadata"] {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(case);
        check(dir.join("tables"), dir);
    }
}
