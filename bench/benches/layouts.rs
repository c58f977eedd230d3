//! Encoding and decoding HPA_LIST_INFO and HPA_ARRAY_T, 1024 values per
//! iteration: generated accessors, bitfield-struct and bitvec against the
//! hand-written baseline, in the same run (`cargo xtask bench` turns the
//! results into ratios in BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tdx_bench::{baseline, bitfield_impl, bitvec_impl, generated_impl};

const N: usize = 1024;

/// Deterministic inputs that fit the fields (a 64-bit LCG).
fn inputs() -> Vec<(u64, u16, u16)> {
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    (0..N)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 24 & 0xff_ffff_ffff, (x & 0x1ff) as u16, (x >> 9 & 0x1ff) as u16)
        })
        .collect()
}

fn encode_list<F: Fn(u64, u16, u16) -> u64>(f: F, input: &[(u64, u16, u16)]) -> u64 {
    input.iter().fold(0, |acc, &(p, a, b)| acc ^ f(black_box(p), a, b))
}

fn decode_list<F: Fn(u64) -> (u64, u16, u16)>(f: F, raw: &[u64]) -> u64 {
    raw.iter().fold(0, |acc, &r| {
        let (p, a, b) = f(black_box(r));
        acc ^ p ^ u64::from(a) ^ u64::from(b)
    })
}

fn encode_array<F: Fn(u64, u16) -> u64>(f: F, input: &[(u64, u16, u16)]) -> u64 {
    input.iter().fold(0, |acc, &(p, a, _)| acc ^ f(black_box(p), a))
}

fn decode_array<F: Fn(u64) -> (u64, u16)>(f: F, raw: &[u64]) -> u64 {
    raw.iter().fold(0, |acc, &r| {
        let (p, s) = f(black_box(r));
        acc ^ p ^ u64::from(s)
    })
}

/// One group, every implementation, called directly (no function pointers, so each can inline).
macro_rules! group {
    ($c:expr, $name:literal, $run:ident, $f:ident, $data:expr) => {{
        let mut g = $c.benchmark_group($name);
        g.throughput(Throughput::Elements(N as u64));
        g.bench_function("hand-written", |b| b.iter(|| $run(baseline::$f, black_box($data))));
        g.bench_function("generated", |b| b.iter(|| $run(generated_impl::$f, black_box($data))));
        g.bench_function("bitfield-struct", |b| b.iter(|| $run(bitfield_impl::$f, black_box($data))));
        g.bench_function("bitvec", |b| b.iter(|| $run(bitvec_impl::$f, black_box($data))));
        g.finish();
    }};
}

fn layouts(c: &mut Criterion) {
    let input = inputs();
    let list_raw: Vec<u64> = input.iter().map(|&(p, a, b)| baseline::encode_list_info(p, a, b)).collect();
    let array_raw: Vec<u64> = input.iter().map(|&(p, a, _)| baseline::encode_array_t(p, a)).collect();
    group!(c, "hpa_list_info_encode", encode_list, encode_list_info, &input[..]);
    group!(c, "hpa_list_info_decode", decode_list, decode_list_info, &list_raw[..]);
    group!(c, "hpa_array_t_encode", encode_array, encode_array_t, &input[..]);
    group!(c, "hpa_array_t_decode", decode_array, decode_array_t, &array_raw[..]);
}

criterion_group!(benches, layouts);
criterion_main!(benches);
