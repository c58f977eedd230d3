//! Unmangled, never-inlined wrappers, so the disassembly test can find each
//! implementation's machine code by symbol and compare generated with hand-written.
// `no_mangle` counts as unsafe code: the `tdx_bench_` prefix keeps the symbols unique.
#![allow(unsafe_code)]

use crate::{baseline, generated_impl};

macro_rules! export {
    ($($name:ident => $f:path: ($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
        /// Wraps the function of the same encoding, for the disassembly test.
        #[no_mangle]
        #[inline(never)]
        pub extern "C" fn $name($($arg: $ty),*) -> $ret {
            $f($($arg),*)
        }
    )*};
}

// The generated setters refuse values that do not fit, in every profile, so
// their twins are the hand-written encoders that check the same bounds.
export! {
    tdx_bench_base_encode_list_info => baseline::encode_list_info_checked: (pfn: u64, first: u16, last: u16) -> u64;
    tdx_bench_gen_encode_list_info => generated_impl::encode_list_info: (pfn: u64, first: u16, last: u16) -> u64;
    tdx_bench_base_encode_array_t => baseline::encode_array_t_checked: (pfn: u64, size: u16) -> u64;
    tdx_bench_gen_encode_array_t => generated_impl::encode_array_t: (pfn: u64, size: u16) -> u64;
}

/// The PFN field of an HPA_LIST_INFO, hand-written (decoding, for the disassembly test).
#[no_mangle]
#[inline(never)]
pub extern "C" fn tdx_bench_base_list_info_pfn(raw: u64) -> u64 {
    baseline::decode_list_info(raw).0
}

/// The PFN field of an HPA_LIST_INFO, generated.
#[no_mangle]
#[inline(never)]
pub extern "C" fn tdx_bench_gen_list_info_pfn(raw: u64) -> u64 {
    generated_impl::decode_list_info(raw).0
}

/// The LAST_ENTRY field of an HPA_LIST_INFO, hand-written.
#[no_mangle]
#[inline(never)]
pub extern "C" fn tdx_bench_base_list_info_last(raw: u64) -> u16 {
    baseline::decode_list_info(raw).2
}

/// The LAST_ENTRY field of an HPA_LIST_INFO, generated.
#[no_mangle]
#[inline(never)]
pub extern "C" fn tdx_bench_gen_list_info_last(raw: u64) -> u16 {
    generated_impl::decode_list_info(raw).2
}
