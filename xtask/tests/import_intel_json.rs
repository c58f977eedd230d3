//! `cargo xtask import-intel-json`: synthetic files in the shape of Intel's
//! TDX ABI JSON (1.x and 2.0 variations) import into tables that validate and
//! regenerate; a re-import keeps hand-written notes; malformed files are
//! refused with a clear message and nothing is written.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/import_intel_json").join(name)
}

fn xtask(args: &[&str], root: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).arg("--root").arg(root).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

fn import(json: &str, root: &Path, extra: &[&str]) -> Output {
    let path = fixture(json);
    let mut args = vec!["import-intel-json", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    xtask(&args, root)
}

fn target(root: &Path) -> PathBuf {
    root.join("spec-tables/metadata/global.yaml")
}

#[test]
fn a_2_0_file_imports_into_tables_that_validate_and_regenerate() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let into = target(root.path());
    let out = import("global_metadata_v2.json", root.path(), &["--into", into.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&into).unwrap();
    let expected = std::fs::read_to_string(fixture("global_metadata_v2.expected.yaml")).unwrap();
    assert_eq!(written, expected);

    let regen = xtask(&["regen"], root.path());
    assert_eq!(regen.status.code(), Some(0), "{}", String::from_utf8_lossy(&regen.stderr));
    let metadata = std::fs::read_to_string(root.path().join("tdx-abi/src/generated/metadata_fields.rs")).unwrap();
    for name in ["NUM_PKGS", "PKG_FMS", "VENDOR_ID", "SYNTHETIC_IO_LIMIT"] {
        assert!(metadata.contains(&format!("pub const {name}:")), "{name} not generated");
    }

    // The same file again changes nothing.
    let again = import("global_metadata_v2.json", root.path(), &["--into", into.to_str().unwrap()]);
    assert!(String::from_utf8(again.stdout).unwrap().contains("up to date"));
    assert_eq!(std::fs::read_to_string(&into).unwrap(), expected);
}

#[test]
fn a_re_import_keeps_notes_and_entries_the_json_lacks_unless_pruned() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let into = target(root.path());
    let into_arg = into.to_str().unwrap();
    assert_eq!(import("global_metadata_v2.json", root.path(), &["--into", into_arg]).status.code(), Some(0));
    // A maintainer adds a note to PKG_FMS.
    let edited = std::fs::read_to_string(&into)
        .unwrap()
        .replace("    count: 8\n", "    count: 8\n    note: Eight slots, though NUM_PKGS says how many are used.\n");
    std::fs::write(&into, edited).unwrap();

    // The 1.x file lists only NUM_PKGS and PKG_FMS, with other descriptions.
    let out = import("global_metadata_v1.json", root.path(), &["--into", into_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&into).unwrap();
    assert!(text.contains("note: Eight slots, though NUM_PKGS says how many are used."), "{text}");
    assert!(text.contains("description: Array of version information for each package."), "{text}");
    assert!(text.contains("name: VENDOR_ID") && text.contains("name: SYNTHETIC_IO_LIMIT"), "kept: {text}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("kept    VENDOR_ID"), "{stdout}");
    assert_eq!(xtask(&["regen", "--check"], root.path()).status.code(), Some(1), "regen would change output");
    assert_eq!(xtask(&["regen"], root.path()).status.code(), Some(0));

    let out = import("global_metadata_v1.json", root.path(), &["--into", into_arg, "--prune"]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&into).unwrap();
    assert!(!text.contains("VENDOR_ID") && text.contains("note: Eight slots"), "{text}");
}

#[test]
fn malformed_files_are_refused_clearly_and_nothing_is_written() {
    let cases = [
        ("truncated.json", "truncated.json:5:0", "not valid JSON"),
        ("no_fields.json", "no_fields.json", "no \"Fields\" array"),
        (
            "bad_field_id.json",
            "(at Fields[0] `NUM_PKGS`, \"Base FIELD_ID (Hex)\")",
            "`0x00000002_0000000G` is not a number",
        ),
        ("size_mismatch.json", "metadata_fields[0].element_size", "element size 8 does not match the field ID"),
    ];
    for (file, at, message) in cases {
        let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let into = target(root.path());
        std::fs::create_dir_all(into.parent().unwrap()).unwrap();
        let before = "# hand-written\nsource: {document: d, section: s}\nmetadata_fields:\n  - {name: OTHER, field_id: 0x0800000200000005, element_size: 4, note: mine}\n";
        std::fs::write(&into, before).unwrap();
        let out = import(file, root.path(), &["--into", into.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(at) && stderr.contains(message), "{file}: {stderr}");
        assert_eq!(std::fs::read_to_string(&into).unwrap(), before, "{file}: the existing file changed");
        let files: Vec<_> = std::fs::read_dir(into.parent().unwrap()).unwrap().collect();
        assert_eq!(files.len(), 1, "{file}: stray files left behind");
    }
}

/// As the README shows it: Intel's file, by its real name, into the bundled
/// tables. The fields already live in `global_fields.yaml`, so that file is
/// updated; writing a `global_metadata.yaml` beside it would define each twice.
#[test]
fn intels_file_by_its_real_name_updates_the_bundled_table_that_holds_its_fields() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    support::copy_tree(&workspace.join("spec-tables"), &root.path().join("spec-tables"));
    let json = root.path().join("global_metadata.json");
    std::fs::copy(fixture("global_metadata_v2.json"), &json).unwrap();

    let out = xtask(&["import-intel-json", json.to_str().unwrap()], root.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("spec-tables/metadata/global_fields.yaml already defines fields of this JSON"), "{stdout}");
    assert!(!root.path().join("spec-tables/metadata/global_metadata.yaml").exists());
    let table = std::fs::read_to_string(root.path().join("spec-tables/metadata/global_fields.yaml")).unwrap();
    assert!(table.contains("name: SYNTHETIC_IO_LIMIT") && table.contains("name: BUILD_DATE"), "{table}");
    let regen = xtask(&["regen"], root.path());
    assert_eq!(regen.status.code(), Some(0), "{}", String::from_utf8_lossy(&regen.stderr));
}

/// Imported text is data: a name or header holding a line break and YAML
/// cannot add keys or layouts to the tables. The import is refused (the name
/// is not UPPER_SNAKE) and nothing is written.
#[test]
fn imported_text_cannot_inject_yaml() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let json = root.path().join("evil.json");
    let evil = r#"{"Header": {"Info": "X\nlayouts:\n  - name: EVIL", "Version": "2.0"}, "Fields": [
        {"Field Name": "A\n  - name: INJECTED\n    field_id: 0x1", "Base FIELD_ID (Hex)": "0x0800000200000000",
         "Element Size (Bytes)": "4", "Max Num Fields": "1", "Num Elements": "1"}]}"#;
    std::fs::write(&json, evil).unwrap();
    let out = xtask(&["import-intel-json", json.to_str().unwrap()], root.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not UPPER_SNAKE") && !err.contains("INJECTED`"), "{err}");
    assert!(!root.path().join("spec-tables/metadata/evil.yaml").exists());
}

/// Intel's TD-scope metadata JSON: records name their control structure (TD or vCPU scope) and
/// give access per actor as strings and masks, with the published files' quirks (mask keys with a
/// trailing space, "Migration TD wr Mask" in lower case, `null` applicability, descriptions as
/// lists). They import into scoped, access-annotated tables that regenerate; a re-import keeps
/// the kernel's form of an ID recorded by hand.
#[test]
fn a_td_scope_file_imports_scope_access_and_lifecycle() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let into = root.path().join("spec-tables/metadata/td.yaml");
    let into_arg = into.to_str().unwrap();
    let out = import("td_scope_metadata.json", root.path(), &["--into", into_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&into).unwrap();
    let expect = [
        "  - name: CONFIG_FLAGS\n    field_id: 0x9110000300000016\n    element_size: 8\n    description: \"Non-attested TD configuration flags. Mutable by: TDH.MNG.INIT/  TDH.IMPORT.STATE.IMMUTABLE. Initial value: From TDH.MNG.INIT input.\"\n    scope: td\n    access: {host: r, host_debug: r, guest: r, migtd: r}\n",
        "      Which notifications the TD asked for. Mutable by: TDG.VM.WR. Initial value: 0. Applies to: L1\n      only.\n    scope: td\n    access: {host: none, host_debug: rw, guest: rw, migtd: none}\n",
        "  - name: TD_UUID\n    field_id: 0x8010000300000020\n    element_size: 8\n    elements: 4\n    scope: td\n",
        "  - name: VCPU_INDEX\n    field_id: 0x2020000200000001\n    element_size: 4\n    scope: vcpu\n    access: {host: r, host_debug: r, guest: none}\n",
    ];
    for e in expect {
        assert!(text.contains(e), "missing\n{e}\nin\n{text}");
    }
    assert_eq!(xtask(&["regen"], root.path()).status.code(), Some(0));
    let rust = std::fs::read_to_string(root.path().join("tdx-abi/src/generated/metadata_fields.rs")).unwrap();
    assert!(rust.contains("pub mod td_metadata") && rust.contains("pub mod vcpu_metadata"), "{rust}");
    assert!(rust.contains("pub const VCPU_INDEX:"), "{rust}");

    // A maintainer records the kernel's form of NOTIFY_ENABLES and when it came; a re-import keeps both.
    let edited = text.replace(
        "  - name: NOTIFY_ENABLES\n    field_id: 0x9110000300000010\n",
        "  - name: NOTIFY_ENABLES\n    field_id: 0x9110000300000010\n    linux_field_id: 0x9100000000000010\n    since: TDX module 1.0\n",
    );
    assert_ne!(edited, text);
    std::fs::write(&into, &edited).unwrap();
    let out = import("td_scope_metadata.json", root.path(), &["--into", into_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let again = std::fs::read_to_string(&into).unwrap();
    assert!(again.contains("linux_field_id: 0x9100000000000010"), "{again}");
    assert!(again.contains("since: TDX module 1.0"), "a hand-written `since` survives: {again}");
}

#[test]
fn malformed_td_scope_records_are_refused_naming_record_and_key() {
    let cases = [
        ("td_scope_unknown_structure.json", "\"Control Structure\"", "`TDXYZ` is no control structure"),
        (
            "td_scope_access_disagrees_with_mask.json",
            "`CONFIG_FLAGS`, \"Guest Wr Mask\"",
            "says `RO`, but the write mask is 0x1",
        ),
        ("td_scope_bad_mask.json", "\"Migration TD wr Mask\"", "`all` is not a mask"),
        ("td_scope_overall_size_mismatch.json", "`TD_UUID`, \"Overall Size (Bytes)\"", "is 8, but the element size"),
        ("td_scope_unknown_right.json", "\"Guest Access\"", "`Sometimes` is not an access right"),
        ("td_scope_partial_access.json", "`VCPU_INDEX`", "access rights for some actors only"),
    ];
    for (file, at, message) in cases {
        let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let into = root.path().join("spec-tables/metadata/td.yaml");
        let out = import(file, root.path(), &["--into", into.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(at) && stderr.contains(message), "{file}: {stderr}");
        assert!(!into.exists(), "{file}: nothing is written");
    }
}
