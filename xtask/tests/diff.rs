//! `cargo xtask diff`: golden reports over fixture pairs (`tests/diff_cases/<case>/{old,new}`),
//! one per change class and kind, in every format, with the exit status; plus
//! `--against` a git revision, `--allow-breaking`, and invalid input.
//!
//! `TDX_CODEGEN_BLESS=1` rewrites `expected.golden`; the run then fails so the
//! change shows up as a diff to review.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cases() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/diff_cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    cases
}

fn xtask(args: &[&str], root: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).arg("--root").arg(root).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "xtask panicked");
    out
}

fn diff_case(case: &Path, format: &str) -> Output {
    let (old, new) = (case.join("old"), case.join("new"));
    xtask(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", format], case)
}

fn golden(case: &Path) -> String {
    let mut out = String::new();
    for format in ["text", "markdown", "json"] {
        let o = diff_case(case, format);
        out += &format!("== {format}: exit {}\n", o.status.code().unwrap_or(-1));
        out += &String::from_utf8(o.stdout).unwrap();
        let stderr = String::from_utf8(o.stderr).unwrap();
        if !stderr.is_empty() {
            out += &format!("== {format}: stderr\n{stderr}");
        }
    }
    out
}

#[test]
fn every_fixture_pair_renders_its_expected_reports() {
    let bless = std::env::var_os("TDX_CODEGEN_BLESS").is_some();
    let mut stale = Vec::new();
    for case in cases() {
        let got = golden(&case);
        let path = case.join("expected.golden");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(got.as_str()) {
            if bless {
                std::fs::write(&path, &got).unwrap();
            }
            stale.push(format!("{}:\n{got}", case.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        stale.is_empty(),
        "reports differ from expected.golden (TDX_CODEGEN_BLESS=1 rewrites):\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_fixtures_cover_every_change_kind_and_class_and_exit_status_follows_the_class() {
    let mut whats = BTreeSet::new();
    let mut classes = BTreeSet::new();
    for case in cases() {
        let out = diff_case(&case, "json");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for change in report["changes"].as_array().unwrap() {
            whats.insert(change["what"].as_str().unwrap().to_string());
            classes.insert(change["class"].as_str().unwrap().to_string());
        }
        let expected = if report["breaking"].as_bool().unwrap() { 2 } else { 0 };
        assert_eq!(out.status.code(), Some(expected), "{}", case.display());
        // Identical tables report nothing; every other pair reports something.
        let empty = report["changes"].as_array().unwrap().is_empty();
        assert_eq!(empty, case.ends_with("no_change"), "{}", case.display());
    }
    let all = [
        "added",
        "removed",
        "renamed",
        "width-changed",
        "field-removed",
        "field-renamed",
        "field-moved",
        "field-resized",
        "field-kind-changed",
        "reserved-now-used",
        "list-roles-changed",
        "singleton-changed",
        "number-changed",
        "versions-changed",
        "registers-changed",
        "resume-changed",
        "value-changed",
        "shape-changed",
        "docs-changed",
    ];
    let missing: Vec<_> = all.iter().filter(|w| !whats.contains(**w)).collect();
    assert!(missing.is_empty(), "no fixture shows {missing:?}");
    assert_eq!(classes.len(), 3, "{classes:?}");
}

#[test]
fn allow_breaking_reports_but_exits_zero() {
    let case = cases().into_iter().find(|c| c.ends_with("field_moved")).unwrap();
    let (old, new) = (case.join("old"), case.join("new"));
    let out = xtask(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--allow-breaking"], &case);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("field moved PFN: 51:12 -> 52:13"));
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn against_a_revision_compares_the_committed_tables_with_the_working_tree() {
    let case = cases().into_iter().find(|c| c.ends_with("field_renamed")).unwrap();
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let tables = root.path().join("spec-tables");
    std::fs::create_dir_all(&tables).unwrap();
    std::fs::copy(case.join("old/t.yaml"), tables.join("t.yaml")).unwrap();
    git(root.path(), &["init", "-q"]);
    git(root.path(), &["add", "."]);
    git(root.path(), &["commit", "-qm", "tables"]);
    std::fs::copy(case.join("new/t.yaml"), tables.join("t.yaml")).unwrap();

    let out = xtask(&["diff", "--against", "HEAD"], root.path());
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("layout LIST_T: field renamed: NEXT -> FIRST_ENTRY"), "{text}");

    let out = xtask(&["diff", "--against", "no-such-rev"], root.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("no-such-rev"));
}

#[test]
fn invalid_tables_exit_1_naming_the_side_file_and_position() {
    let case = cases().into_iter().find(|c| c.ends_with("no_change")).unwrap();
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    std::fs::create_dir_all(dir.path().join("new")).unwrap();
    let text = std::fs::read_to_string(case.join("new/t.yaml")).unwrap().replace("capacity: 512", "capacity: lots");
    std::fs::write(dir.path().join("new/t.yaml"), text).unwrap();
    let old = case.join("old");
    let new = dir.path().join("new");
    let out = xtask(&["diff", old.to_str().unwrap(), new.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("the new tables are invalid") && stderr.contains("new/t.yaml:"), "{stderr}");
    assert!(out.stdout.is_empty());
}
