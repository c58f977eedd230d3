//! The bad-input corpus: every malformed table under `tests/bad_input/` (a
//! file, or a directory of files) makes `xtask regen` exit with status 1 and
//! print the checked-in message (`<case>.stderr`), naming file, line:column,
//! entry and field; it never panics, and it writes nothing.
//!
//! `TDX_CODEGEN_BLESS=1` rewrites the expected messages; the run then fails
//! so the change shows up as a diff to review.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

/// Every file under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Copies a case into a fresh root's `spec-tables/` and runs `regen` there.
fn run_case(case: &Path) -> (Option<i32>, String, tempfile::TempDir) {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let tables = root.path().join("spec-tables");
    std::fs::create_dir_all(&tables).unwrap();
    if case.is_dir() {
        for f in tree(case) {
            std::fs::copy(case.join(&f), tables.join(&f)).unwrap();
        }
    } else {
        std::fs::copy(case, tables.join(case.file_name().unwrap())).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--root"])
        .arg(root.path())
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap(), root)
}

#[test]
fn every_malformed_table_fails_cleanly_with_its_expected_message() {
    let bless = std::env::var_os("TDX_CODEGEN_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "the corpus must hold at least 25 cases, has {}", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let (code, stderr, root) = run_case(case);
        if code != Some(1) {
            problems.push(format!("{name}: exit status {code:?}, expected 1"));
        }
        if stderr.contains("panicked") || stderr.contains("stack backtrace") {
            problems.push(format!("{name}: panicked:\n{stderr}"));
        }
        let written: Vec<String> = tree(root.path()).into_iter().filter(|p| !p.starts_with("spec-tables/")).collect();
        if !written.is_empty() {
            problems.push(format!("{name}: wrote {written:?}"));
        }
        if !stderr.contains("spec-tables/") || !stderr.contains("nothing was written") {
            problems.push(format!("{name}: message does not name the file or say nothing was written:\n{stderr}"));
        }
        let expected_path = corpus().join(format!("{name}.stderr"));
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != stderr {
            if bless {
                std::fs::write(&expected_path, &stderr).unwrap();
                problems.push(format!("{name}: blessed"));
            } else {
                problems.push(format!("{name}: message changed\n--- expected\n{expected}\n--- actual\n{stderr}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}\n(TDX_CODEGEN_BLESS=1 accepts new messages)", problems.join("\n"));
}

#[test]
fn a_failed_run_leaves_existing_generated_files_untouched() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let tables = root.path().join("spec-tables");
    std::fs::create_dir_all(&tables).unwrap();
    let good = std::fs::read_to_string(corpus().join("duplicate_layout_across_files/a.yaml")).unwrap();
    std::fs::write(tables.join("good.yaml"), &good).unwrap();
    let regen =
        || Command::new(env!("CARGO_BIN_EXE_xtask")).args(["regen", "--root"]).arg(root.path()).output().unwrap();
    assert!(regen().status.success());
    let header = root.path().join("tdx-abi/include/tdx_abi.h");
    let before = std::fs::read_to_string(&header).unwrap();

    std::fs::write(tables.join("good.yaml"), good.replace("\"63:55\"", "\"64:55\"")).unwrap();
    let failed = regen();
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&header).unwrap(), before);
}
