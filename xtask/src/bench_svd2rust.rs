//! `bench --svd2rust`: the generator against svd2rust on equal field counts
//! (bench/benches/svd2rust.rs), svd2rust installed under the target directory
//! when it is not on the PATH. Not run in CI: it needs a crates.io download.

use std::path::Path;
use std::process::Command;

/// The svd2rust to run: one on the PATH, or one installed under `target`.
fn svd2rust(cargo: &str, target: &Path) -> Result<String, String> {
    if Command::new("svd2rust").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Ok("svd2rust".into());
    }
    let root = target.join("svd2rust-install");
    let bin = root.join("bin/svd2rust");
    if !bin.exists() {
        eprintln!("installing svd2rust under {}", root.display());
        let status = Command::new(cargo)
            .args(["install", "svd2rust", "--locked", "--root"])
            .arg(&root)
            .status()
            .map_err(|e| format!("cannot run cargo install: {e}"))?;
        if !status.success() {
            return Err(format!("cargo install svd2rust failed ({status})"));
        }
    }
    Ok(bin.display().to_string())
}

/// The Markdown section from the comparison's rows.
pub fn section(rows: &str) -> Result<String, String> {
    let mut time = Vec::new();
    let mut size = Vec::new();
    for line in rows.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["output", name, bytes, lines] => size.push(format!("| {name} | {bytes} | {lines} |")),
            [group, name, ns, ratio, p10, p90] if group.starts_with("generator_") => {
                let ns: f64 = ns.parse().map_err(|_| format!("malformed row `{line}`"))?;
                time.push(format!("| {name} | {:.3} s | {ratio} | {p10}–{p90} |", ns / 1e9));
            }
            _ => return Err(format!("malformed row `{line}`")),
        }
    }
    if time.len() != 2 {
        return Err("the svd2rust comparison printed no timings".into());
    }
    Ok(format!(
        "\n## Generator against svd2rust\n\n10 000 four-bit fields in 64-bit words: our tables through load, validation and every emitted \
         file (Rust formatted with prettyplease, the C headers, the generated tests), in process; the same registers and \
         fields as an SVD file through the `svd2rust` binary, its output then formatted with prettyplease. Interleaved \
         rounds (bench/src/fair.rs); ratio to svd2rust.\n\n| generator | time | ratio | p10–p90 |\n|---|---:|---:|---:|\n{}\n\n\
         | output | bytes | lines |\n|---|---:|---:|\n{}\n",
        time.join("\n"),
        size.join("\n")
    ))
}

/// Runs the comparison and returns its section.
pub fn measure(cargo: &str, root: &Path, target: &Path) -> Result<String, String> {
    let svd2rust = svd2rust(cargo, target)?;
    let out = crate::bench::bench_command(cargo, root, target, "svd2rust")
        .env("SVD2RUST", &svd2rust)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !out.status.success() {
        return Err(format!("the svd2rust comparison failed ({})", out.status));
    }
    section(&String::from_utf8_lossy(&out.stdout))
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_become_a_section_and_bad_rows_an_error() {
        let rows = "generator_10000\tsvd2rust+prettyplease\t1000000000\t1.0000\t1.0000\t1.0000\n\
                    generator_10000\ttdx-codegen\t2000000000\t2.0000\t1.9000\t2.1000\n\
                    output\tsvd2rust+prettyplease\t100\t10\noutput\ttdx-codegen\t400\t40\n";
        let md = super::section(rows).unwrap();
        assert!(md.contains("| tdx-codegen | 2.000 s | 2.0000 | 1.9000–2.1000 |"), "{md}");
        assert!(md.contains("| tdx-codegen | 400 | 40 |"), "{md}");
        assert!(super::section("nonsense\n").is_err());
        assert!(super::section("").unwrap_err().contains("no timings"));
    }
}
