//! Hand-written shift-and-mask, as the kernel writes it (`FIELD_PREP` with
//! `GENMASK_U64` masks copied from the spec).

use crate::{ArrayT, Codec, ListInfo};

const LIST_FIRST_ENTRY: u64 = 0x0000_0000_0000_0ff8; // GENMASK_U64(11, 3)
const LIST_PFN: u64 = 0x000f_ffff_ffff_f000; // GENMASK_U64(51, 12)
const LIST_LAST_ENTRY: u64 = 0xff80_0000_0000_0000; // GENMASK_U64(63, 55)
const ARRAY_PFN: u64 = 0x000f_ffff_ffff_f000; // GENMASK_U64(51, 12)
const ARRAY_SIZE: u64 = 0xff80_0000_0000_0000; // GENMASK_U64(63, 55)

/// HPA_LIST_INFO from its fields.
#[inline]
pub fn encode_list_info(pfn: u64, first: u16, last: u16) -> u64 {
    ((pfn << 12) & LIST_PFN)
        | ((u64::from(first) << 3) & LIST_FIRST_ENTRY)
        | ((u64::from(last) << 55) & LIST_LAST_ENTRY)
}

/// HPA_LIST_INFO's fields.
#[inline]
pub fn decode_list_info(raw: u64) -> ListInfo {
    ((raw & LIST_PFN) >> 12, ((raw & LIST_FIRST_ENTRY) >> 3) as u16, ((raw & LIST_LAST_ENTRY) >> 55) as u16)
}

/// HPA_ARRAY_T from its fields.
#[inline]
pub fn encode_array_t(pfn: u64, size: u16) -> u64 {
    ((pfn << 12) & ARRAY_PFN) | ((u64::from(size) << 55) & ARRAY_SIZE)
}

/// HPA_ARRAY_T's fields.
#[inline]
pub fn decode_array_t(raw: u64) -> ArrayT {
    ((raw & ARRAY_PFN) >> 12, ((raw & ARRAY_SIZE) >> 55) as u16)
}

/// HPA_LIST_INFO from its fields, refusing values that do not fit as the
/// generated setters do (what a careful hand-written encoder costs: the
/// disassembly test compares the generated one with this).
#[inline]
pub fn encode_list_info_checked(pfn: u64, first: u16, last: u16) -> u64 {
    assert!(pfn <= 0xff_ffff_ffff, "HPA_LIST_INFO.PFN: value does not fit 40 bits (largest is 0xffffffffff)");
    assert!(first <= 0x1ff, "HPA_LIST_INFO.FIRST_ENTRY: value does not fit 9 bits (largest is 0x1ff)");
    assert!(last <= 0x1ff, "HPA_LIST_INFO.LAST_ENTRY: value does not fit 9 bits (largest is 0x1ff)");
    encode_list_info(pfn, first, last)
}

/// HPA_ARRAY_T from its fields, refusing values that do not fit.
#[inline]
pub fn encode_array_t_checked(pfn: u64, size: u16) -> u64 {
    assert!(pfn <= 0xff_ffff_ffff, "HPA_ARRAY_T.PFN: value does not fit 40 bits (largest is 0xffffffffff)");
    assert!(size <= 0x1ff, "HPA_ARRAY_T.SIZE: value does not fit 9 bits (largest is 0x1ff)");
    encode_array_t(pfn, size)
}

/// This implementation (the kernel's: masks, no range checks).
pub const CODEC: Codec =
    Codec { name: "hand-written", encode_list_info, decode_list_info, encode_array_t, decode_array_t };
