//! The same layouts through bitvec's bit-slice loads and stores.

use crate::{ArrayT, Codec, ListInfo};
use bitvec::prelude::*;

type Word = BitArray<[u64; 1], Lsb0>;

/// HPA_LIST_INFO from its fields.
#[inline]
pub fn encode_list_info(pfn: u64, first: u16, last: u16) -> u64 {
    let mut w = Word::ZERO;
    w[12..52].store_le(pfn);
    w[3..12].store_le(first);
    w[55..64].store_le(last);
    w.into_inner()[0]
}

/// HPA_LIST_INFO's fields.
#[inline]
pub fn decode_list_info(raw: u64) -> ListInfo {
    let w = Word::new([raw]);
    (w[12..52].load_le(), w[3..12].load_le(), w[55..64].load_le())
}

/// HPA_ARRAY_T from its fields.
#[inline]
pub fn encode_array_t(pfn: u64, size: u16) -> u64 {
    let mut w = Word::ZERO;
    w[12..52].store_le(pfn);
    w[55..64].store_le(size);
    w.into_inner()[0]
}

/// HPA_ARRAY_T's fields.
#[inline]
pub fn decode_array_t(raw: u64) -> ArrayT {
    let w = Word::new([raw]);
    (w[12..52].load_le(), w[55..64].load_le())
}

/// This implementation.
pub const CODEC: Codec = Codec { name: "bitvec", encode_list_info, decode_list_info, encode_array_t, decode_array_t };
