//! The same layouts declared with the bitfield-struct crate.

use crate::{ArrayT, Codec, ListInfo};
use bitfield_struct::bitfield;

/// HPA_LIST_INFO, lowest bits first.
#[bitfield(u64)]
pub struct ListInfoBf {
    #[bits(3)]
    __: u8,
    #[bits(9)]
    first_entry: u16,
    #[bits(40)]
    pfn: u64,
    #[bits(3)]
    __: u8,
    #[bits(9)]
    last_entry: u16,
}

/// HPA_ARRAY_T, lowest bits first.
#[bitfield(u64)]
pub struct ArrayTBf {
    #[bits(12)]
    __: u16,
    #[bits(40)]
    pfn: u64,
    #[bits(3)]
    __: u8,
    #[bits(9)]
    size: u16,
}

/// HPA_LIST_INFO from its fields.
#[inline]
pub fn encode_list_info(pfn: u64, first: u16, last: u16) -> u64 {
    ListInfoBf::new().with_pfn(pfn).with_first_entry(first).with_last_entry(last).into_bits()
}

/// HPA_LIST_INFO's fields.
#[inline]
pub fn decode_list_info(raw: u64) -> ListInfo {
    let v = ListInfoBf::from_bits(raw);
    (v.pfn(), v.first_entry(), v.last_entry())
}

/// HPA_ARRAY_T from its fields.
#[inline]
pub fn encode_array_t(pfn: u64, size: u16) -> u64 {
    ArrayTBf::new().with_pfn(pfn).with_size(size).into_bits()
}

/// HPA_ARRAY_T's fields.
#[inline]
pub fn decode_array_t(raw: u64) -> ArrayT {
    let v = ArrayTBf::from_bits(raw);
    (v.pfn(), v.size())
}

/// This implementation.
pub const CODEC: Codec =
    Codec { name: "bitfield-struct", encode_list_info, decode_list_info, encode_array_t, decode_array_t };
