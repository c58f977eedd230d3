//! `bench`: runs tdx-bench's fair comparisons (bench/benches/fair.rs: the
//! layouts and the list-page fill, interleaved, ratios within each round) and
//! its generator timings (bench/benches/codegen.rs), and writes BENCHMARKS.md: each
//! implementation as a ratio to the baseline of the same run, the generator's
//! times against its targets, and its growth per field.

use crate::fail;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// What `bench` was asked to do.
pub struct Options {
    /// Workspace root.
    pub root: PathBuf,
    /// Shorter warm-up and measurement (for a quick look, not for the record).
    pub quick: bool,
    /// Do not rerun the layout and generator benchmarks: BENCHMARKS.md from their last
    /// results (marked quick if that run was), plus any comparison asked for below.
    pub report_only: bool,
    /// Also measure the proc-macro path's build cost against bitfield-struct.
    pub build_cost: bool,
    /// Also compare the generator with svd2rust.
    pub svd2rust: bool,
    /// Also time a first `cargo test --workspace` here and at this older revision.
    pub first_test_run: Option<String>,
}

/// Where the last svd2rust comparison's section is kept (in the results directory).
const SVD2RUST: &str = "svd2rust.md";

/// Where the last build-cost comparison's section is kept (in the results directory).
const BUILD_COST: &str = "build-cost.md";

/// Where the last first-test-run comparison's section is kept (in the results directory).
const FIRST_TEST_RUN: &str = "first-test-run.md";

const LAYOUT_GROUPS: [&str; 5] =
    ["hpa_list_info_encode", "hpa_list_info_decode", "hpa_array_t_encode", "hpa_array_t_decode", "list_page_fill_512"];

/// The file in the results directory (`<target>/tdx-bench`) that keeps the benchmarks' rows.
const ROWS: &str = "rows.tsv";

/// One row a benchmark binary prints: (group, implementation, ns, ratio, p10, p90).
type Row = (String, String, f64, f64, f64, f64);

fn parse_rows(text: &str) -> Result<Vec<Row>, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |i: usize| -> Result<f64, String> {
                f.get(i).and_then(|v| v.parse().ok()).ok_or_else(|| format!("malformed line `{l}` in {ROWS}"))
            };
            Ok((f[0].to_string(), f.get(1).unwrap_or(&"").to_string(), num(2)?, num(3)?, num(4)?, num(5)?))
        })
        .collect()
}
const SCALING: [u64; 4] = [10, 100, 1_000, 10_000];

fn time(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.2} µs", n / 1e3),
        n => format!("{n:.1} ns"),
    }
}

fn command_output(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// BENCHMARKS.md from the benchmarks' rows.
pub fn report(rows: &[Row], quick: bool) -> Result<String, String> {
    let mut md = String::from("# Benchmarks\n\nWritten by `cargo xtask bench` (bench/benches). ");
    md += "Ratios are to the hand-written baseline measured in the same run; lower is faster.\n\n";
    md += &format!(
        "Machine: {} cores, {}; {}{}.\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        command_output("rustc", &["--version"]),
        command_output("uname", &["-srm"]),
        if quick { "; **quick run** (short warm-up and measurement)" } else { "" }
    );
    md += "\n## Layouts and list pages\n\nMeasured with bench/src/fair.rs: in every round each implementation runs once, \
           in an order rotated from round to round, and its time is divided by the baseline's from the same round; the \
           ratio shown is the median over rounds, with the 10th to 90th percentile beside it, so load that comes and goes \
           hits both sides of a ratio. All implementations read the same inputs and write the same list page; the bench \
           profile builds with fat LTO, so bitfield-struct and bitvec are inlined as in their users' crates, and with \
           every loop aligned to 64 bytes (`-Cllvm-args=-align-loops=64`), so where a loop happens to fall does not \
           move its time.\n\n";
    md += "Layouts, per iteration: 1024 values. The baseline is the kernel's hand-written masks, which drop bits that do \
           not fit. The generated getters compile to the same machine code, so decode ratios differ from 1 by noise only. \
           The generated setters refuse a value that does not fit, in every build profile, and compile to the same code as \
           a hand-written encoder with the same checks (bench/tests/disassembly.rs checks both); the encode ratios are the \
           price of those checks against unchecked masks.\n\n";
    md += "List page, per iteration: 512 page addresses into one list page plus its HPA_LIST_INFO. The baseline is a \
           plain Rust loop; `tdx-page-array` is `PageArray::lend` (pages checked as they entered the array, then one copy); \
           `c-seed-loop` is the seed patch's loop (32-bit index) and `c-good-loop` the same with a `size_t` index and \
           `restrict`, both `gcc -O2`.\n";
    for group in LAYOUT_GROUPS {
        md += &format!("\n### {group}\n\n| implementation | time | ratio | p10–p90 |\n|---|---:|---:|---:|\n");
        let rows: Vec<&Row> = rows.iter().filter(|r| r.0 == group).collect();
        if rows.is_empty() {
            return Err(format!("no results for {group} in {ROWS} (run `cargo xtask bench` first)"));
        }
        for (_, id, ns, ratio, p10, p90) in &rows {
            md += &format!("| {id} | {} | {ratio:.3} | {p10:.3}–{p90:.3} |\n", time(*ns));
        }
        let ratio_of = |id: &str| rows.iter().find(|r| r.1 == id).map(|r| r.3);
        if let (Some(generated), Some(checked)) = (ratio_of("generated"), ratio_of("hand-written-checked")) {
            md += &format!(
                "\nGenerated against the hand-written encoder with the same range checks: {:.3}.\n",
                generated / checked
            );
        }
    }
    let codegen = |id: &str| {
        rows.iter()
            .find(|r| r.0 == "codegen" && r.1 == id)
            .map(|r| r.2)
            .ok_or_else(|| format!("no generator result `{id}` in {ROWS} (run `cargo xtask bench` first)"))
    };
    let bundled = codegen("bundled")?;
    md += "\n## Generator (load + validate + emit)\n\n| input | time | target | per field |\n|---|---:|---:|---:|\n";
    md += &format!("| bundled spec-tables | {} | < 50 ms | |\n", time(bundled));
    let mut per_field = Vec::new();
    for fields in SCALING {
        let t = codegen(&fields.to_string())?;
        let target = if fields == 10_000 { "≤ 0.3 s" } else { "" };
        per_field.push(t / fields as f64);
        md += &format!("| {fields} synthetic fields | {} | {target} | {} |\n", time(t), time(t / fields as f64));
    }
    let (first, last) = (per_field[1], per_field[per_field.len() - 1]);
    md += &format!(
        "\nGrowth: time per field from 100 to 10 000 fields changes by a factor of {:.2} (1.00 would be exactly linear; 10 fields is dominated by fixed costs).\n",
        last / first
    );
    Ok(md)
}

/// Every loop of the benchmark binaries starts on a 64-byte boundary. Where a
/// loop happened to fall moved identical machine code by 3-30% from build to
/// build (the generated encoder against the hand-written one with the same
/// checks read 1.01-1.35 with the same instructions); aligned, the two read
/// within 1%.
const BENCH_RUSTFLAGS: &str = "-Cllvm-args=-align-loops=64";

/// The benchmarks' own target directory (under the workspace's), so the flags
/// above do not rebuild the workspace's other release builds.
const BENCH_TARGET: &str = "bench-aligned";

/// The file in the results directory that records how they were made.
const RUN_KIND: &str = "run-kind";

/// The workspace's target directory as cargo resolves it (CARGO_TARGET_DIR,
/// config, or `<root>/target`): the results go under it.
fn target_dir(cargo: &str, root: &Path) -> Result<PathBuf, String> {
    let out = Command::new(cargo)
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    v["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata names no target_directory".to_string())
}

/// Whether the results in `results` come from a quick run, as recorded by the run.
fn recorded_quick(results: &Path) -> Result<bool, String> {
    let path = results.join(RUN_KIND);
    match std::fs::read_to_string(&path).map(|s| s.trim().to_string()) {
        Ok(kind) if kind == "quick" => Ok(true),
        Ok(kind) if kind == "full" => Ok(false),
        Ok(kind) => Err(format!("{}: unknown run kind `{kind}`", path.display())),
        Err(e) => Err(format!("{}: {e} (run `cargo xtask bench` first)", path.display())),
    }
}

/// The rows a tdx-bench benchmark binary prints.
/// `cargo bench -p tdx-bench --bench <bench>` with the benchmarks' flags and target directory.
pub fn bench_command(cargo: &str, root: &Path, target: &Path, bench: &str) -> Command {
    let mut cmd = Command::new(cargo);
    let flags = std::env::var("RUSTFLAGS").map_or(BENCH_RUSTFLAGS.to_string(), |f| format!("{f} {BENCH_RUSTFLAGS}"));
    cmd.current_dir(root).env("RUSTFLAGS", flags).env("CARGO_TARGET_DIR", target.join(BENCH_TARGET)).args([
        "bench",
        "-p",
        "tdx-bench",
        "--bench",
        bench,
    ]);
    cmd
}

fn bench_rows(cargo: &str, root: &Path, target: &Path, bench: &str, quick: bool) -> Result<Vec<u8>, String> {
    let mut cmd = bench_command(cargo, root, target, bench);
    cmd.arg("--");
    if quick {
        cmd.arg("--quick");
    }
    match cmd.stderr(std::process::Stdio::inherit()).output() {
        Ok(o) if o.status.success() => Ok(o.stdout),
        Ok(o) => Err(format!("the `{bench}` benchmark failed ({})", o.status)),
        Err(e) => Err(format!("cannot run cargo bench: {e}")),
    }
}

/// Runs the job.
pub fn run(opts: &Options) -> ExitCode {
    match run_inner(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("error: {e}")),
    }
}

fn run_inner(opts: &Options) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = target_dir(&cargo, &opts.root)?;
    let results = target.join("tdx-bench");
    let write = |path: &Path, contents: &[u8]| {
        std::fs::create_dir_all(&results)
            .and_then(|()| std::fs::write(path, contents))
            .map_err(|e| format!("writing {}: {e}", path.display()))
    };
    let rows_path = results.join(ROWS);
    if !opts.report_only {
        // The rows are kept for `--report-only`.
        let mut rows = bench_rows(&cargo, &opts.root, &target, "fair", opts.quick)?;
        rows.extend(bench_rows(&cargo, &opts.root, &target, "codegen", opts.quick)?);
        write(&rows_path, &rows)?;
        write(&results.join(RUN_KIND), if opts.quick { b"quick" } else { b"full" })?;
    }
    let build_cost_path = results.join(BUILD_COST);
    if opts.build_cost {
        let section = crate::bench_build_cost::measure(&cargo, &opts.root, &results.join("build-cost"), 3)?;
        write(&build_cost_path, section.as_bytes())?;
    }
    let svd2rust_path = results.join(SVD2RUST);
    if opts.svd2rust {
        let section = crate::bench_svd2rust::measure(&cargo, &opts.root, &target)?;
        write(&svd2rust_path, section.as_bytes())?;
    }
    let first_test_path = results.join(FIRST_TEST_RUN);
    if let Some(old) = &opts.first_test_run {
        let section = crate::bench_first_test::measure(&cargo, &opts.root, &results.join("first-test-run"), old, 3)?;
        write(&first_test_path, section.as_bytes())?;
    }
    let rows = std::fs::read_to_string(&rows_path)
        .map_err(|e| format!("{}: {e} (run `cargo xtask bench` first)", rows_path.display()))
        .and_then(|t| parse_rows(&t))?;
    // The report says what the results are, whatever this invocation's flags.
    let quick = recorded_quick(&results)?;
    // The svd2rust, build-cost and first-test-run sections, from the last runs that measured them.
    let md = report(&rows, quick)?
        + &std::fs::read_to_string(&svd2rust_path).unwrap_or_default()
        + &std::fs::read_to_string(&build_cost_path).unwrap_or_default()
        + &std::fs::read_to_string(&first_test_path).unwrap_or_default();
    let path = opts.root.join("BENCHMARKS.md");
    tdx_codegen::output::write_atomic(&path, &md).map_err(|e| format!("writing {}: {e}", path.display()))?;
    print!("{md}");
    println!("\nwrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generator's rows, as bench/benches/codegen.rs prints them.
    fn codegen_rows() -> String {
        let mut tsv = String::from("codegen\tbundled\t45000000\t1\t1\t1\n");
        for (fields, ns) in [(10, 3e6), (100, 15e6), (1_000, 150e6), (10_000, 1.5e9)] {
            tsv += &format!("codegen\t{fields}\t{ns}\t1\t1\t1\n");
        }
        tsv
    }

    #[test]
    fn rows_become_tables_and_growth_per_field_is_reported() {
        let mut tsv = codegen_rows();
        for group in LAYOUT_GROUPS {
            tsv += &format!("{group}\thand-written\t1000\t1\t1\t1\n{group}\tgenerated\t1010\t1.01\t0.99\t1.03\n");
        }
        let md = report(&parse_rows(&tsv).unwrap(), false).unwrap();
        assert!(
            md.contains(
                "| hand-written | 1.00 µs | 1.000 | 1.000–1.000 |\n| generated | 1.01 µs | 1.010 | 0.990–1.030 |"
            ),
            "{md}"
        );
        assert!(md.contains("| bundled spec-tables | 45.00 ms | < 50 ms | |"), "{md}");
        assert!(md.contains("| 10000 synthetic fields | 1.50 s | ≤ 0.3 s | 150.00 µs |"), "{md}");
        assert!(md.contains("changes by a factor of 1.00"), "{md}");
    }

    #[test]
    fn a_malformed_or_missing_result_is_an_error() {
        assert!(parse_rows("g\tx\tnot-a-number\t1\t1\t1\n").unwrap_err().contains("malformed line"));
        let err = report(&parse_rows(&codegen_rows()).unwrap(), false).unwrap_err();
        assert!(err.contains("no results for hpa_list_info_encode"), "{err}");
        let rows: Vec<Row> =
            LAYOUT_GROUPS.iter().map(|g| (g.to_string(), "hand-written".to_string(), 1.0, 1.0, 1.0, 1.0)).collect();
        let err = report(&rows, false).unwrap_err();
        assert!(err.contains("no generator result `bundled`"), "{err}");
    }

    #[test]
    fn a_quick_run_is_recorded_and_marked_in_the_report() {
        let dir = tempfile::tempdir().unwrap();
        assert!(recorded_quick(dir.path()).unwrap_err().contains("run `cargo xtask bench` first"));
        std::fs::write(dir.path().join(RUN_KIND), "quick").unwrap();
        assert!(recorded_quick(dir.path()).unwrap());
        std::fs::write(dir.path().join(RUN_KIND), "full").unwrap();
        assert!(!recorded_quick(dir.path()).unwrap());
    }

    #[test]
    fn results_go_under_the_target_directory_cargo_resolves() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
        let dir = target_dir(&cargo, &root).unwrap();
        let expected = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |d| root.join(d));
        assert_eq!(dir, expected);
    }
}
