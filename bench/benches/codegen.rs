//! The generator: load + validate + emit of the bundled tables, and of
//! synthetic tables of 10, 100, 1 000 and 10 000 fields (16 four-bit fields
//! per 64-bit layout), to show growth is linear. Prints, like the fair
//! comparisons, one tab-separated row per input: `codegen`, the input, the
//! median time in nanoseconds over the runs, then three unused ratio columns.

#[path = "common/synthetic.rs"]
#[allow(dead_code)] // the SVD form is for the svd2rust comparison
mod synthetic;

use std::path::Path;
use std::time::Instant;
use tdx_codegen::emit::{emit, EmitConfig};
use tdx_codegen::load::{self, TableSource};
use tdx_codegen::validate;

fn generate(sources: &[TableSource]) -> usize {
    let model = load::load(sources).and_then(validate::validate).unwrap_or_else(|d| panic!("{d}"));
    emit(&model, &EmitConfig::tdx_abi()).unwrap_or_else(|e| panic!("{e}")).len()
}

/// Median wall time of `runs` runs (after one warm-up), in nanoseconds.
fn median_ns(sources: &[TableSource], runs: usize) -> f64 {
    std::hint::black_box(generate(sources));
    tdx_bench::fair::median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(generate(sources));
                start.elapsed().as_nanos() as f64
            })
            .collect(),
    )
}

fn main() {
    let runs = if std::env::args().any(|a| a == "--quick") { 3 } else { 11 };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    let bundled = load::read_dir(&root.join("spec-tables"), root).unwrap_or_default();
    println!("codegen\tbundled\t{:.0}\t1\t1\t1", median_ns(&bundled, runs));
    for fields in [10, 100, 1_000, 10_000] {
        println!("codegen\t{fields}\t{:.0}\t1\t1\t1", median_ns(&[synthetic::tables(fields)], runs));
    }
}
