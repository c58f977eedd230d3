//! The generator: load + validate + emit of the bundled tables, and of
//! synthetic tables of 10, 100, 1 000 and 10 000 fields (16 four-bit fields
//! per 64-bit layout), to show growth is linear.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::Path;
use tdx_codegen::emit::{emit, EmitConfig};
use tdx_codegen::load::{self, TableSource};
use tdx_codegen::validate;

/// A table file with `fields` fields in 64-bit layouts of up to 16 fields.
pub fn synthetic(fields: usize) -> TableSource {
    let mut y = String::from("source: {document: synthetic, section: \"1\"}\nlayouts:\n");
    for layout in 0..fields.div_ceil(16) {
        let n = (fields - layout * 16).min(16);
        y += &format!("  - name: SYN_{layout}\n    width: 64\n    summary: Synthetic.\n    source: {{document: synthetic, section: \"1\"}}\n    fields:\n");
        for f in 0..n {
            y += &format!("      - {{name: F{f}, bits: \"{}:{}\", description: d, ref: r}}\n", f * 4 + 3, f * 4);
        }
        if n < 16 {
            y += &format!("    reserved: [\"63:{}\"]\n", n * 4);
        }
    }
    TableSource { display_path: format!("synthetic_{fields}.yaml"), bytes: y.into_bytes() }
}

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
        let source = [synthetic(fields)];
        g.throughput(Throughput::Elements(fields as u64));
        g.bench_with_input(BenchmarkId::from_parameter(fields), &source, |b, s| b.iter(|| generate(s)));
    }
    g.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
