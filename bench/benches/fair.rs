//! The layout and list-page comparisons, timed fairly (bench/src/fair.rs):
//! implementations interleaved in every round, ratios taken within the round,
//! the same input and output buffers for all, peers inlined as their users see
//! them (this binary is built with fat LTO, see the workspace's bench profile).
//! Prints one tab-separated line per implementation for `cargo xtask bench`:
//! group, implementation, median ns per iteration, median ratio, p10, p90.

use std::hint::black_box;
use std::time::Duration;
use tdx_bench::fair::{compare, Contender};
use tdx_bench::list_fill::{c_good_loop, c_seed_loop, plain_loop, through_page_array, Fill};
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

fn report(group: &str, contenders: &mut [Contender<'_>], rounds: usize, sample: Duration) {
    // Any argument that is not a flag picks the groups to run (cargo passes `--bench`).
    let picked: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if !picked.is_empty() && !picked.iter().any(|p| group.contains(p.as_str())) {
        return;
    }
    for m in compare(contenders, rounds, sample) {
        println!(
            "{group}\t{}\t{:.3}\t{:.4}\t{:.4}\t{:.4}",
            m.name, m.median_ns, m.ratio, m.ratio_p10_p90.0, m.ratio_p10_p90.1
        );
    }
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

/// Every implementation of one encoding, each a generic call of its own function
/// item (no function pointers), so each can inline; encoders also get the
/// hand-written encoder with the same range checks as the generated one.
macro_rules! group {
    ($name:literal, $run:ident, $f:ident, $data:expr, $rounds:expr, $sample:expr $(, $checked:path)?) => {{
        let data = $data;
        let mut c = vec![Contender::new("hand-written", || {
            black_box($run(baseline::$f, black_box(data)));
        })];
        $(c.push(Contender::new("hand-written-checked", || {
            black_box($run($checked, black_box(data)));
        }));)?
        c.push(Contender::new("generated", || {
            black_box($run(generated_impl::$f, black_box(data)));
        }));
        c.push(Contender::new("bitfield-struct", || {
            black_box($run(bitfield_impl::$f, black_box(data)));
        }));
        c.push(Contender::new("bitvec", || {
            black_box($run(bitvec_impl::$f, black_box(data)));
        }));
        report($name, &mut c, $rounds, $sample);
    }};
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, sample) = if quick { (31, Duration::from_millis(2)) } else { (201, Duration::from_millis(5)) };
    let input = inputs();
    let list_raw: Vec<u64> = input.iter().map(|&(p, a, b)| baseline::encode_list_info(p, a, b)).collect();
    let array_raw: Vec<u64> = input.iter().map(|&(p, a, _)| baseline::encode_array_t(p, a)).collect();
    group!(
        "hpa_list_info_encode",
        encode_list,
        encode_list_info,
        &input[..],
        rounds,
        sample,
        baseline::encode_list_info_checked
    );
    group!("hpa_list_info_decode", decode_list, decode_list_info, &list_raw[..], rounds, sample);
    group!(
        "hpa_array_t_encode",
        encode_array,
        encode_array_t,
        &input[..],
        rounds,
        sample,
        baseline::encode_array_t_checked
    );
    group!("hpa_array_t_decode", decode_array, decode_array_t, &array_raw[..], rounds, sample);
    // One list page and one set of pages for every fill.
    let fill = std::cell::RefCell::new(Fill::new(512));
    let mut c = [
        Contender::new("hand-written", || {
            black_box(plain_loop(&mut fill.borrow_mut()));
        }),
        Contender::new("tdx-page-array", || {
            black_box(through_page_array(&mut fill.borrow_mut()));
        }),
        Contender::new("c-seed-loop", || {
            black_box(c_seed_loop(&mut fill.borrow_mut()));
        }),
        Contender::new("c-good-loop", || {
            black_box(c_good_loop(&mut fill.borrow_mut()));
        }),
    ];
    report("list_page_fill_512", &mut c, rounds, sample);
}
