//! `cargo xtask fmt` end to end: `--check` names files out of form without
//! touching them, `fmt` rewrites them keeping every comment, a second run is a
//! no-op, and tables that do not load are reported and left as they are.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).arg("--root").arg(root).output().unwrap()
}

const MESSY: &str = "\
# A downstream word.
layouts:
  - width: 8   # bits
    name: W
    summary: 'A word.'
    source: {repo: a/b, path: c}
    fields:
      # the only field
      - {name: A, bits: \"7:0\", description: d, ref: r, kind: plain}
";

#[test]
fn check_reports_fmt_rewrites_keeping_comments_and_a_second_run_is_a_no_op() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let file = root.path().join("spec-tables/w.yaml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, MESSY).unwrap();

    let check = xtask(&["fmt", "--check"], root.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("  spec-tables/w.yaml"), "{check:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), MESSY, "--check writes nothing");

    let run = xtask(&["fmt"], root.path());
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        formatted,
        "\
# A downstream word.
layouts:
  - name: W
    width: 8  # bits
    summary: A word.
    source:
      repo: a/b
      path: c
    fields:
      # the only field
      - name: A
        bits: \"7:0\"
        description: d
        ref: r
"
    );
    let again = xtask(&["fmt", "--check"], root.path());
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    assert_eq!(xtask(&["fmt"], root.path()).status.code(), Some(0));
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), modified, "an unchanged file is not rewritten");
}

#[test]
fn tables_that_do_not_load_are_reported_and_left_alone() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let file = root.path().join("spec-tables/w.yaml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let broken = MESSY.replace("width: 8", "widht: 8");
    std::fs::write(&file, &broken).unwrap();
    let run = xtask(&["fmt"], root.path());
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("unknown field `widht`") && stderr.contains("did you mean `width`?"), "{stderr}");
    assert!(stderr.contains("nothing was formatted"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
}
