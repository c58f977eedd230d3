//! What the benchmarks compare, one module per implementation of the same
//! encodings (HPA_LIST_INFO and HPA_ARRAY_T), plus the list-page fill loops
//! and the functions the disassembly test compares.
//!
//! Every implementation offers the same four functions, so the benchmarks
//! and the equivalence test treat them alike.

pub mod baseline;
#[cfg(feature = "peers")]
pub mod bitfield_impl;
#[cfg(feature = "peers")]
pub mod bitvec_impl;
#[cfg(feature = "peers")]
pub mod c_populate;
pub mod exported;
pub mod fair;
pub mod generated_impl;
#[cfg(feature = "peers")]
pub mod list_fill;

/// `(pfn, first_entry, last_entry)` of an HPA_LIST_INFO.
pub type ListInfo = (u64, u16, u16);
/// `(pfn, size)` of an HPA_ARRAY_T.
pub type ArrayT = (u64, u16);

/// One implementation of the two encodings.
#[derive(Clone, Copy)]
pub struct Codec {
    /// Name in reports.
    pub name: &'static str,
    /// HPA_LIST_INFO from its fields.
    pub encode_list_info: fn(u64, u16, u16) -> u64,
    /// HPA_LIST_INFO's fields.
    pub decode_list_info: fn(u64) -> ListInfo,
    /// HPA_ARRAY_T from its fields.
    pub encode_array_t: fn(u64, u16) -> u64,
    /// HPA_ARRAY_T's fields.
    pub decode_array_t: fn(u64) -> ArrayT,
}

/// Every implementation; the first is the baseline ratios are taken against.
#[cfg(feature = "peers")]
pub const CODECS: [Codec; 4] = [baseline::CODEC, generated_impl::CODEC, bitfield_impl::CODEC, bitvec_impl::CODEC];
