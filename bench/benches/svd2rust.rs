//! The generator against svd2rust on the same field count (default 10 000;
//! the first argument that is a number overrides it): our load + validate +
//! emit of every file, in process, against svd2rust's run on an SVD of the same
//! registers and fields plus prettyplease formatting its output, timed
//! interleaved (bench/src/fair.rs). svd2rust is found as `$SVD2RUST` or on the
//! PATH; `cargo xtask bench --svd2rust` installs it when missing. Prints the
//! fair binary's tab-separated rows, then one `output` row per side (bytes, lines).

#[path = "common/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use tdx_bench::fair::{compare, Contender};
use tdx_codegen::emit::{emit, EmitConfig};

fn ours(source: &[tdx_codegen::load::TableSource]) -> String {
    let model =
        tdx_codegen::load::load(source).and_then(tdx_codegen::validate::validate).unwrap_or_else(|d| panic!("{d}"));
    let files = emit(&model, &EmitConfig::tdx_abi()).unwrap_or_else(|e| panic!("{e}"));
    files.into_iter().map(|f| f.contents).collect()
}

fn theirs(svd2rust: &str, svd: &std::path::Path, out: &std::path::Path) -> String {
    std::fs::remove_dir_all(out).ok();
    std::fs::create_dir_all(out).unwrap();
    let run = Command::new(svd2rust)
        .args(["--target", "none", "-i"])
        .arg(svd)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {svd2rust} (cargo xtask bench --svd2rust installs it): {e}"));
    assert!(run.status.success(), "svd2rust failed: {}", String::from_utf8_lossy(&run.stderr));
    let lib = std::fs::read_to_string(out.join("lib.rs")).unwrap();
    let file: syn::File = syn::parse_file(&lib).unwrap_or_else(|e| panic!("svd2rust's output does not parse: {e}"));
    prettyplease::unparse(&file)
}

fn main() {
    let fields: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let svd2rust = std::env::var("SVD2RUST").unwrap_or_else(|_| "svd2rust".into());
    let dir = std::env::temp_dir().join(format!("tdx-bench-svd2rust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svd = dir.join("synthetic.svd");
    std::fs::write(&svd, synthetic::svd(fields)).unwrap();
    let out: PathBuf = dir.join("out");
    let source = [synthetic::tables(fields)];
    let (a, b) = (ours(&source), theirs(&svd2rust, &svd, &out));
    let mut c = [
        Contender::new("svd2rust+prettyplease", || {
            std::hint::black_box(theirs(&svd2rust, &svd, &out));
        }),
        Contender::new("tdx-codegen", || {
            std::hint::black_box(ours(&source));
        }),
    ];
    for m in compare(&mut c, 7, Duration::from_millis(1)) {
        println!(
            "generator_{fields}\t{}\t{:.0}\t{:.4}\t{:.4}\t{:.4}",
            m.name, m.median_ns, m.ratio, m.ratio_p10_p90.0, m.ratio_p10_p90.1
        );
    }
    for (name, text) in [("svd2rust+prettyplease", &b), ("tdx-codegen", &a)] {
        println!("output\t{name}\t{}\t{}", text.len(), text.lines().count());
    }
    std::fs::remove_dir_all(&dir).ok();
}
