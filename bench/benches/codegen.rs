//! The generator: load + validate + emit of the bundled tables, and of
//! synthetic tables of 10, 100, 1 000 and 10 000 fields (16 four-bit fields
//! per 64-bit layout), to show growth is linear.

#[path = "common/synthetic.rs"]
#[allow(dead_code)] // the SVD form is for the svd2rust comparison
mod synthetic;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::Path;
use tdx_codegen::emit::{emit, EmitConfig};
use tdx_codegen::load::{self, TableSource};
use tdx_codegen::validate;

fn generate(sources: &[TableSource]) -> usize {
    let model = load::load(sources).and_then(validate::validate).unwrap_or_else(|d| panic!("{d}"));
    emit(&model, &EmitConfig::tdx_abi()).unwrap_or_else(|e| panic!("{e}")).len()
}

fn codegen(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    let bundled = load::read_dir(&root.join("spec-tables"), root).unwrap_or_default();
    let mut g = c.benchmark_group("codegen");
    g.sample_size(10);
    g.bench_function("bundled", |b| b.iter(|| generate(&bundled)));
    g.finish();

    let mut g = c.benchmark_group("codegen_scaling");
    g.sample_size(10);
    for fields in [10, 100, 1_000, 10_000] {
        let source = [synthetic::tables(fields)];
        g.throughput(Throughput::Elements(fields as u64));
        g.bench_with_input(BenchmarkId::from_parameter(fields), &source, |b, s| b.iter(|| generate(s)));
    }
    g.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
