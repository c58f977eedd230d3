//! Golden tests of the emitters: each case under `tests/golden/<case>/` has
//! input tables and the expected Rust and C output.
//!
//! Set `TDX_CODEGEN_BLESS=1` to rewrite the expected files from the current
//! emitter; the run then fails so the rewrite shows up as a diff to review.
//! The expected Rust is compiled (warnings denied) by `codegen/golden-check`.

use std::path::{Path, PathBuf};
use tdx_codegen::emit::{emit, EmitConfig};
use tdx_codegen::{load, validate};

fn case_dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(case)
}

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    format!(
        "first difference at line {}:\n  expected: {:?}\n  actual:   {:?}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end of file>"),
        actual.lines().nth(line).unwrap_or("<end of file>")
    )
}

fn expected_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            expected_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn check_case(case: &str) {
    let dir = case_dir(case);
    let sources = load::read_dir(&dir.join("tables"), &dir).unwrap();
    let model = load::load(&sources)
        .and_then(validate::validate)
        .unwrap_or_else(|d| panic!("{case}: tables must be valid:\n{d}"));
    let config = EmitConfig {
        rust_dir: "expected/rust".into(),
        c_header: Some("expected/tdx_abi.h".into()),
        c_header_prefixed: None,
        props_test: None,
        leaf_tests: None,
        sim_dispatch: None,
        sim_tests: None,
    };
    let files = emit(&model, &config).unwrap();
    let bless = std::env::var_os("TDX_CODEGEN_BLESS").is_some();
    let mut problems = Vec::new();
    for f in &files {
        let path = dir.join(&f.path);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        if existing == f.contents {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &f.contents).unwrap();
            problems.push(format!("blessed {}", f.path));
        } else {
            problems.push(format!("{} differs; {}", f.path, first_difference(&existing, &f.contents)));
        }
    }
    let mut on_disk = Vec::new();
    expected_files(&dir.join("expected"), &mut on_disk);
    for path in on_disk {
        let rel = path.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
        if !files.iter().any(|f| f.path == rel) {
            if bless {
                std::fs::remove_file(&path).unwrap();
            }
            problems.push(format!("{rel} is no longer generated"));
        }
    }
    assert!(
        problems.is_empty(),
        "golden case `{case}`:\n  {}\n(run with TDX_CODEGEN_BLESS=1 to accept the new output, then review the diff)",
        problems.join("\n  ")
    );
}

#[test]
fn list_types() {
    check_case("list_types");
}

#[test]
fn word_sizes() {
    check_case("word_sizes");
}

#[test]
fn leaves_and_metadata() {
    check_case("leaves_and_metadata");
}

#[test]
fn output_is_deterministic() {
    let dir = case_dir("list_types");
    let run = || {
        let sources = load::read_dir(&dir.join("tables"), &dir).unwrap();
        emit(&validate::validate(load::load(&sources).unwrap()).unwrap(), &EmitConfig::tdx_abi()).unwrap()
    };
    assert_eq!(run(), run());
}
