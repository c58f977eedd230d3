//! Bad tables fail to compile, with the generator's message at the call site.
//!
//! Each case under `tests/ui` goes through rustc against the proc-macro cargo has
//! just built for this test (no second build of the macro and its dependencies in
//! a project of its own), and rustc's report must equal the checked-in `.stderr`.
//! `TDX_CODEGEN_BLESS=1` rewrites the `.stderr` files instead.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The proc-macro library cargo built beside this test binary. Several may sit in
/// `deps` (other profiles, clippy); the newest is the one this build compiled.
fn built_proc_macro() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let prefix = format!("{}tdx_codegen_macros-", std::env::consts::DLL_PREFIX);
    std::fs::read_dir(&deps)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(std::env::consts::DLL_SUFFIX)
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
        .unwrap_or_else(|| panic!("no {prefix}*{} in {}", std::env::consts::DLL_SUFFIX, deps.display()))
}

/// rustc's report for one case, with what differs between machines and runs left out:
/// the closing summary lines, trailing blanks.
fn compile(manifest_dir: &Path, case: &str, proc_macro: &Path, out_dir: &Path) -> (bool, String) {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .current_dir(manifest_dir)
        // Relative include paths resolve against the crate, as under cargo.
        .env("CARGO_MANIFEST_DIR", manifest_dir)
        .args(["--edition", "2021", "--crate-type", "bin", "--emit", "metadata", "--color", "never"])
        .arg("--crate-name")
        .arg(case)
        .arg("--extern")
        .arg(format!("tdx_codegen_macros={}", proc_macro.display()))
        .arg("--out-dir")
        .arg(out_dir)
        .arg(format!("tests/ui/{case}.rs"))
        .output()
        .expect("rustc runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: Vec<&str> = stderr
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.starts_with("error: aborting due to") && !l.starts_with("For more information"))
        .collect();
    (output.status.success(), report.join("\n").trim_end().to_string())
}

#[test]
fn bad_tables_fail_to_compile_with_a_clear_message() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let proc_macro = built_proc_macro();
    let out_dir = tempfile_dir();
    let mut cases: Vec<String> = std::fs::read_dir(manifest_dir.join("tests/ui"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 18, "{} cases", cases.len());

    let bless = std::env::var_os("TDX_CODEGEN_BLESS").is_some();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let reports: Vec<(bool, String)> = std::thread::scope(|s| {
        let chunks: Vec<_> = cases
            .chunks(cases.len().div_ceil(threads))
            .map(|chunk| {
                s.spawn(|| chunk.iter().map(|c| compile(manifest_dir, c, &proc_macro, &out_dir)).collect::<Vec<_>>())
            })
            .collect();
        chunks.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });

    let mut failures = Vec::new();
    for (case, (compiled, report)) in cases.iter().zip(reports) {
        let stderr_path = manifest_dir.join(format!("tests/ui/{case}.stderr"));
        if compiled {
            failures.push(format!("{case}: compiled, but its tables are bad"));
        } else if bless {
            std::fs::write(&stderr_path, format!("{report}\n")).unwrap();
        } else {
            let expected = std::fs::read_to_string(&stderr_path).unwrap_or_default();
            let expected: Vec<&str> = expected.lines().map(str::trim_end).collect();
            if expected.join("\n").trim_end() != report {
                failures.push(format!(
                    "{case}: rustc reported\n{report}\n--- but {} records\n{}",
                    stderr_path.display(),
                    expected.join("\n")
                ));
            }
        }
    }
    std::fs::remove_dir_all(&out_dir).ok();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A fresh directory for rustc's (empty) outputs, under the target directory.
fn tempfile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().join(format!("compile-fail-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
