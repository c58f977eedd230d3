//! Every compile-fail case under `tests/ui`, checked in process: the macro
//! call is cut out of the case's source, expanded here, and the message of the
//! `compile_error!` it becomes must be the one its `.stderr` file records, at
//! the line and column recorded there. The same cases also go through rustc
//! (`tests/compile_fail.rs`); this keeps each message checked in milliseconds.

use crate::expansion::{expand_path, include_tables, inline_tables};
use proc_macro2::TokenStream;
use std::path::Path;

/// The macro, its argument's tokens, and where the argument starts (line, 0-based column).
fn macro_call(source: &str) -> (&str, TokenStream, (usize, usize)) {
    let (name, open) = ["include_tables!(", "tables!("]
        .iter()
        .find_map(|m| source.find(m).map(|i| (m.trim_end_matches("!("), i + m.len())))
        .expect("a case calls tables! or include_tables!");
    let close = source.rfind(");").expect("the call ends with `);`");
    let arg = &source[open..close];
    let line = source[..open].matches('\n').count() + 1;
    let column = open - source[..open].rfind('\n').map_or(0, |i| i + 1);
    (name, arg.parse().expect("the argument is tokens"), (line, column))
}

/// The message of the `compile_error!` in `tokens` and where it points: (line, 1-based
/// column) in the parsed argument, or `None` for the call site (the whole invocation).
fn compile_error(tokens: &TokenStream) -> (String, Option<(usize, usize)>) {
    let lit = tokens
        .clone()
        .into_iter()
        .find_map(|t| match t {
            proc_macro2::TokenTree::Group(g) => g.stream().into_iter().find_map(|t| match t {
                proc_macro2::TokenTree::Literal(l) => Some(l),
                _ => None,
            }),
            _ => None,
        })
        .expect("the expansion is a compile_error! with a message");
    let span = lit.span();
    let at = (span.byte_range() != (0..0)).then(|| (span.start().line, span.start().column + 1));
    let text: syn::LitStr = syn::parse2(proc_macro2::TokenTree::Literal(lit).into()).expect("a string literal");
    (text.value(), at)
}

/// What the `.stderr` records: the message (rustc's `error: ` prefix dropped) and the
/// line and column of the `--> tests/ui/<case>.rs:L:C` location.
fn recorded(stderr: &str, case: &str) -> (String, (usize, usize)) {
    let marker = format!("--> tests/ui/{case}.rs:");
    let at = stderr.rfind(&marker).expect("the .stderr names the case's location");
    let (line, column) = stderr[at + marker.len()..].lines().next().unwrap().split_once(':').unwrap();
    let message = stderr[..at].trim_end().strip_prefix("error: ").unwrap_or(&stderr[..at]).to_string();
    (message, (line.parse().unwrap(), column.parse().unwrap()))
}

/// Lines without their surrounding blanks: rustc indents some lines of a multi-line message.
fn lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim().to_string()).collect()
}

#[test]
fn every_ui_case_expands_to_the_recorded_message_at_the_recorded_place() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 18, "{} cases", cases.len());
    for path in cases {
        let case = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        let stderr = std::fs::read_to_string(path.with_extension("stderr")).unwrap();
        let (name, arg, (line, column)) = macro_call(&source);
        let expanded = match name {
            "tables" => inline_tables(arg),
            // Relative to the crate's Cargo.toml, as cargo sets CARGO_MANIFEST_DIR for the case.
            _ => match syn::parse2::<syn::LitStr>(arg.clone()) {
                Ok(lit) => expand_path(Path::new(env!("CARGO_MANIFEST_DIR")), &lit.value(), lit.span()),
                Err(_) => include_tables(arg),
            },
        };
        let (message, at) = compile_error(&expanded);
        let (expected, recorded_at) = recorded(&stderr, &case);
        assert_eq!(lines(&message), lines(&expected), "{case}: message");
        // The argument's tokens were parsed on their own: shift their position to the file's.
        // The call site is the invocation, which starts each case's first line.
        let at = match at {
            Some((1, c)) => (line, column + c),
            Some((l, c)) => (line + l - 1, c),
            None => (1, 1),
        };
        assert_eq!(at, recorded_at, "{case}: position");
    }
}
