//! tdx-abi's generated accessors.

use crate::{ArrayT, Codec, ListInfo};
use tdx_abi::{HpaArrayT, HpaListInfo};

/// HPA_LIST_INFO from its fields.
#[inline]
pub fn encode_list_info(pfn: u64, first: u16, last: u16) -> u64 {
    HpaListInfo::new().with_pfn(pfn).with_first_entry(first).with_last_entry(last).into_bits()
}

/// HPA_LIST_INFO's fields.
#[inline]
pub fn decode_list_info(raw: u64) -> ListInfo {
    let v = HpaListInfo::from_bits(raw);
    (v.pfn(), v.first_entry(), v.last_entry())
}

/// HPA_ARRAY_T from its fields.
#[inline]
pub fn encode_array_t(pfn: u64, size: u16) -> u64 {
    HpaArrayT::new().with_pfn(pfn).with_size(size).into_bits()
}

/// HPA_ARRAY_T's fields.
#[inline]
pub fn decode_array_t(raw: u64) -> ArrayT {
    let v = HpaArrayT::from_bits(raw);
    (v.pfn(), v.size())
}

/// This implementation.
pub const CODEC: Codec =
    Codec { name: "generated", encode_list_info, decode_list_info, encode_array_t, decode_array_t };
