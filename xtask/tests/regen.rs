//! `cargo xtask regen` end to end: the checked-in output is current, a second
//! run rewrites nothing, and `--check` names stale files without touching them.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(args: &[&str], root: &Path, tables: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--root")
        .arg(root)
        .arg("--tables")
        .arg(tables)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn mtimes(root: &Path, paths: &[&str]) -> Vec<SystemTime> {
    paths.iter().map(|p| std::fs::metadata(root.join(p)).unwrap().modified().unwrap()).collect()
}

#[test]
fn checked_in_output_matches_the_tables() {
    let ws = workspace();
    let out = xtask(&["regen", "--check"], &ws, &ws.join("spec-tables"));
    assert!(out.status.success(), "run `cargo xtask regen`:\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("up to date"));
}

#[test]
fn regenerating_an_unchanged_tree_rewrites_no_file() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let tables = workspace().join("spec-tables");
    let first = xtask(&["regen"], root.path(), &tables);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(stdout(&first).contains("0 unchanged"));
    let files = ["tdx-abi/include/tdx_abi.h", "tdx-abi/src/generated/mod.rs", "tdx-abi/src/generated/hpa_list_info.rs"];
    let before = mtimes(root.path(), &files);
    std::thread::sleep(std::time::Duration::from_millis(20));

    let second = xtask(&["regen"], root.path(), &tables);
    assert!(second.status.success());
    let report = stdout(&second);
    assert!(!report.contains("wrote"), "{report}");
    assert!(report.contains(" unchanged") && !report.contains(" 0 unchanged"), "{report}");
    assert_eq!(mtimes(root.path(), &files), before);
}

#[test]
fn check_names_stale_and_orphaned_files_and_changes_nothing() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let tables = workspace().join("spec-tables");
    assert!(xtask(&["regen"], root.path(), &tables).status.success());
    let header = root.path().join("tdx-abi/include/tdx_abi.h");
    let stale = std::fs::read_to_string(&header).unwrap().replace("GENMASK_U64(11, 3)", "GENMASK_U64(11, 4)");
    std::fs::write(&header, &stale).unwrap();
    let orphan = root.path().join("tdx-abi/src/generated/removed_layout.rs");
    std::fs::copy(root.path().join("tdx-abi/src/generated/page_info.rs"), &orphan).unwrap();

    let check = xtask(&["regen", "--check"], root.path(), &tables);
    assert_eq!(check.status.code(), Some(1));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(
        err.contains("tdx-abi/include/tdx_abi.h") && err.contains("tdx-abi/src/generated/removed_layout.rs"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&header).unwrap(), stale);
    assert!(orphan.exists());

    let fix = xtask(&["regen"], root.path(), &tables);
    assert!(stdout(&fix).contains("removed tdx-abi/src/generated/removed_layout.rs"));
    assert!(!orphan.exists());
    assert!(xtask(&["regen", "--check"], root.path(), &tables).status.success());
}

#[test]
fn a_missing_table_directory_is_a_clear_error() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = xtask(&["regen"], root.path(), &root.path().join("nope"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read tables under"));
}

/// The root comes from where the command runs, not from where the binary was
/// built: a binary shared between checkouts (one CARGO_TARGET_DIR) must work
/// on the checkout it is run in.
#[test]
fn without_root_the_workspace_is_the_one_the_command_runs_in() {
    // The system's temp dir, not the target dir: the test needs a place outside every workspace.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("other-checkout");
    let sub = root.join("tdx-abi");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    support::copy_tree(&workspace().join("spec-tables"), &root.join("spec-tables"));
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).arg("regen").current_dir(&sub).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(root.join("tdx-abi/src/generated/mod.rs").is_file(), "wrote into the checkout it ran in");

    let outside = Command::new(env!("CARGO_BIN_EXE_xtask")).arg("regen").current_dir(dir.path()).output().unwrap();
    assert_eq!(outside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&outside.stderr).contains("is not inside a Cargo workspace"));
}

/// The files the report says were written.
fn written(o: &Output) -> Vec<String> {
    stdout(o).lines().filter_map(|l| l.trim().strip_prefix("wrote").map(|p| p.trim().to_string())).collect()
}

/// A table edit touches only the generated files whose content it changes:
/// no banner carries a hash of all tables, so two table pull requests do not
/// conflict on every file, and a YAML comment changes nothing.
#[test]
fn an_edit_to_one_layout_rewrites_only_that_layouts_files() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let tables = root.path().join("spec-tables");
    support::copy_tree(&workspace().join("spec-tables"), &tables);
    assert!(xtask(&["regen"], root.path(), &tables).status.success());
    let file = tables.join("layouts/hpa_array_t.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();

    std::fs::write(&file, format!("# A comment a reviewer added.\n{yaml}")).unwrap();
    let comment = xtask(&["regen"], root.path(), &tables);
    assert!(comment.status.success());
    assert_eq!(written(&comment), Vec::<String>::new(), "a comment changes no generated file");

    let widened = yaml
        .replace(
            "bits: \"63:55\"\n        description: Entry count minus one.",
            "bits: \"63:54\"\n        description: Entry count minus one.",
        )
        .replace("- \"54:52\"", "- \"53:52\"")
        .replace("HPA_ARRAY_T_SIZE GENMASK_U64(63, 55)", "HPA_ARRAY_T_SIZE GENMASK_U64(63, 54)");
    assert_ne!(widened, yaml);
    std::fs::write(&file, widened).unwrap();
    let out = xtask(&["regen"], root.path(), &tables);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let wrote = written(&out);
    assert!(wrote.contains(&"tdx-abi/src/generated/hpa_array_t.rs".to_string()), "{wrote:?}");
    // Besides the layout's own file, only outputs that list every layout's bits may change.
    let registries =
        ["tdx-abi/include/tdx_abi.h", "tdx-abi/include/tdx_abi_prefixed.h", "tdx-abi/tests/field_props/generated.rs"];
    for path in &wrote {
        assert!(
            path == "tdx-abi/src/generated/hpa_array_t.rs" || registries.contains(&path.as_str()),
            "widening HPA_ARRAY_T.SIZE rewrote {path} (all: {wrote:?})"
        );
    }
}
