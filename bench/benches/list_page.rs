//! Filling a 512-entry list page and encoding its HPA_LIST_INFO: through
//! tdx-page-array (provider trait + generated `PageList`), as a plain Rust
//! loop with hand-written masks (the baseline), and as the C version of the
//! seed patch's populate loop built with the system C compiler.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tdx_abi::PhysAddr;
use tdx_bench::c_populate;
use tdx_bench::list_fill::{plain_loop, through_page_array, BufferProvider};
use tdx_page_array::ListPage;

fn list_page(c: &mut Criterion) {
    let pages: Vec<PhysAddr> = (0..512u64).map(|i| PhysAddr::new_truncate((0x10_0000 + i * 7) << 12)).collect();
    let raw: Vec<u64> = pages.iter().map(|p| p.as_u64()).collect();
    let mut g = c.benchmark_group("list_page_fill_512");
    g.throughput(Throughput::Elements(512));
    let mut root = Box::new([0u64; 512]);
    g.bench_function("hand-written", |b| b.iter(|| plain_loop(&mut root, 0x7000_0000, black_box(&pages))));
    let mut provider = BufferProvider::default();
    let mut list = ListPage::alloc(&mut provider).unwrap_or_else(|_| unreachable!("the buffer provider never fails"));
    g.bench_function("generated", |b| b.iter(|| through_page_array(&mut provider, &mut list, black_box(&pages))));
    g.bench_function("c-kernel-loop", |b| b.iter(|| c_populate::populate(black_box(&raw), 0, &mut root, 0x7000_0000)));
    g.finish();
}

criterion_group!(benches, list_page);
criterion_main!(benches);
