//! Test support: a bitvec oracle, independent of the generated shift-and-mask
//! code, and the macros the generated property tests invoke per field.

use bitvec::prelude::*;

/// Bits `hi..=lo` of `raw`, read through bitvec.
pub fn oracle_get(raw: u64, hi: usize, lo: usize) -> u64 {
    raw.view_bits::<Lsb0>()[lo..=hi].load_le::<u64>()
}

/// `raw` with bits `hi..=lo` replaced by the low bits of `value`, written through bitvec.
pub fn oracle_set(raw: u64, hi: usize, lo: usize, value: u64) -> u64 {
    let mut out = raw;
    out.view_bits_mut::<Lsb0>()[lo..=hi].store_le(value);
    out
}

/// The largest value bits `hi..=lo` hold, counted bit by bit.
pub fn oracle_max(hi: usize, lo: usize) -> u64 {
    let mut max = 0u64;
    max.view_bits_mut::<Lsb0>()[..=hi - lo].fill(true);
    max
}

/// Properties of an integer field: the getter reads exactly its bits; `with_`
/// and `set_` write exactly its bits; the checked setter refuses exactly the
/// values that do not fit.
macro_rules! field_props {
    ($test:ident, $ty:ty, $get:ident, $with:ident, $try_with:ident, $set:ident, $val:ty, $hi:expr, $lo:expr) => {
        mod $test {
            use super::support::*;
            use super::*;
            use proptest::prelude::*;

            proptest! {
                // One test per field (its getter, `with`/`set` and checked setter), so the
                // generated file compiles one proptest runner per field, not three.
                #[test]
                fn accessors_read_and_write_exactly_their_bits(
                    raw: u64,
                    value in 0..=oracle_max($hi, $lo),
                    any: $val,
                ) {
                    let start = <$ty as Layout>::from_bits(raw);
                    prop_assert_eq!(start.$get() as u64, oracle_get(Layout::into_bits(start), $hi, $lo));
                    let value = value as $val;
                    let x = start.$with(value);
                    prop_assert_eq!(x.$get(), value);
                    prop_assert_eq!(Layout::into_bits(x), oracle_set(Layout::into_bits(start), $hi, $lo, value as u64));
                    let mut y = start;
                    y.$set(value);
                    prop_assert_eq!(y, x);
                    // The checked setter refuses exactly what does not fit.
                    let fits = (any as u64) <= oracle_max($hi, $lo);
                    match start.$try_with(any) {
                        Ok(x) => {
                            prop_assert!(fits, "accepted {:#x}", any);
                            prop_assert_eq!(Layout::into_bits(x), oracle_set(Layout::into_bits(start), $hi, $lo, any as u64));
                        }
                        Err(FieldError::Overflow { value: v, max, layout, .. }) => {
                            prop_assert!(!fits, "refused {:#x}", any);
                            prop_assert_eq!((v, max, layout), (any as u64, oracle_max($hi, $lo), <$ty>::NAME));
                        }
                        Err(other) => prop_assert!(false, "unexpected {other:?}"),
                    }
                }
            }
        }
    };
}

/// Properties of a one-bit flag.
macro_rules! flag_props {
    ($test:ident, $ty:ty, $get:ident, $with:ident, $set:ident, $bit:expr) => {
        mod $test {
            use super::support::*;
            use super::*;
            use proptest::prelude::*;

            proptest! {
                #[test]
                fn flag_reads_and_writes_exactly_its_bit(raw: u64, value: bool) {
                    let start = <$ty as Layout>::from_bits(raw);
                    prop_assert_eq!(start.$get(), oracle_get(Layout::into_bits(start), $bit, $bit) == 1);
                    let x = start.$with(value);
                    prop_assert_eq!(x.$get(), value);
                    prop_assert_eq!(Layout::into_bits(x), oracle_set(Layout::into_bits(start), $bit, $bit, u64::from(value)));
                    let mut y = start;
                    y.$set(value);
                    prop_assert_eq!(y, x);
                }
            }
        }
    };
}

/// Properties of a frame-number field's typed address view.
macro_rules! addr_props {
    ($test:ident, $ty:ty, $addr:ty, $get:ident, $with:ident, $try_with:ident, $hi:expr, $lo:expr) => {
        mod $test {
            use super::support::*;
            use super::*;
            use proptest::prelude::*;

            proptest! {
                #[test]
                fn address_view_is_the_frame_shifted_by_12_and_refuses_unaligned_addresses(
                    raw: u64,
                    pfn in 0..=oracle_max($hi, $lo),
                    offset in 1u64..4096,
                ) {
                    let start = <$ty as Layout>::from_bits(raw);
                    prop_assert_eq!(start.$get().pfn(), oracle_get(Layout::into_bits(start), $hi, $lo));
                    let addr = <$addr>::from_pfn(pfn).unwrap();
                    let x = start.$with(addr);
                    prop_assert_eq!(x.$get(), addr);
                    prop_assert_eq!(Layout::into_bits(x), oracle_set(Layout::into_bits(start), $hi, $lo, pfn));
                    prop_assert_eq!(start.$try_with(addr), Ok(x));
                    let unaligned = <$addr>::new((pfn << 12) | offset).unwrap();
                    let refused = matches!(start.$try_with(unaligned), Err(FieldError::Misaligned { addr: a, .. }) if a == unaligned.as_u64());
                    prop_assert!(refused);
                }
            }
        }
    };
}

/// Every fixed field of `fields` holds its value in `raw`.
pub fn fixed_fields_hold(raw: u64, fields: &[tdx_abi::FieldSpec]) -> bool {
    fields.iter().filter_map(|f| Some((f, f.fixed?))).all(|(f, v)| oracle_get(raw, f.hi as usize, f.lo as usize) == v)
}

/// A list value for `count` entries in the list page at `addr`: either it
/// decodes back to exactly that, with its fixed fields set and reserved bits
/// clear, or the error names what does not fit. The address field is `hi:lo`.
pub fn check_list<L: tdx_abi::PageList>(
    addr_bits: u64,
    count: usize,
    hi: usize,
    lo: usize,
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::{prop_assert, prop_assert_eq};
    use tdx_abi::{FieldError, FrameAddr, ListError, Placement};
    let addr = L::ListAddr::from_u64(addr_bits).expect("the strategy stays below 2^52");
    let fits = (addr_bits >> 12) <= oracle_max(hi, lo);
    let aligned = addr_bits & 0xfff == 0;
    let count_ok = (1..=L::CAPACITY).contains(&count);
    let in_place = count_ok && L::placement(count) == Placement::InPlace;
    match L::encode_list(addr, count) {
        Ok(v) => {
            prop_assert!(count_ok && aligned && fits && !in_place, "accepted {addr_bits:#x} x{count}");
            prop_assert_eq!((v.address(), v.count()), (addr, count));
            prop_assert_eq!(L::into_bits(v) & L::RESERVED_MASK, 0);
            prop_assert!(fixed_fields_hold(L::into_bits(v), L::FIELDS));
        }
        Err(ListError::CountOutOfRange { count: c, capacity, .. }) => {
            prop_assert!(!count_ok && c == count && capacity == L::CAPACITY);
        }
        Err(ListError::SingletonRequired { .. }) => prop_assert!(in_place),
        Err(ListError::Misaligned { addr: a, .. }) => prop_assert!(count_ok && !in_place && !aligned && a == addr_bits),
        Err(ListError::Field(FieldError::AddressTooHigh { addr: a, .. })) => {
            prop_assert!(count_ok && !in_place && aligned && !fits && a == addr_bits);
        }
        Err(e) => prop_assert!(false, "unexpected {e:?}"),
    }
    if L::SINGLETON {
        match L::encode_in_place(addr) {
            Ok(v) => {
                prop_assert!(aligned && fits);
                prop_assert_eq!((v.address(), v.count()), (addr, 1));
                prop_assert!(fixed_fields_hold(L::into_bits(v), L::FIELDS));
            }
            Err(ListError::Misaligned { .. }) => prop_assert!(!aligned),
            Err(ListError::Field(FieldError::AddressTooHigh { .. })) => prop_assert!(aligned && !fits),
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
    }
    Ok(())
}

/// An entry naming `pages` pages from `addr`: either it decodes back to
/// exactly that, with the entry layout's fixed fields (`fields`) set, or the
/// error names what does not fit. The entry's frame field is `hi:lo`.
pub fn check_entry<L: tdx_abi::PageList>(
    addr_bits: u64,
    pages: usize,
    hi: usize,
    lo: usize,
    fields: &[tdx_abi::FieldSpec],
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::{prop_assert, prop_assert_eq};
    use tdx_abi::{FieldError, FrameAddr, ListEntry, ListError};
    let addr = L::EntryAddr::from_u64(addr_bits).expect("the strategy stays below 2^52");
    let fits = (addr_bits >> 12) <= oracle_max(hi, lo);
    let aligned = addr_bits & 0xfff == 0;
    let pages_ok = (1..=L::MAX_ENTRY_PAGES).contains(&pages);
    match L::encode_entry(addr, pages) {
        Ok(bits) => {
            prop_assert!(pages_ok && aligned && fits, "accepted {addr_bits:#x} x{pages}");
            prop_assert_eq!(L::decode_entry(bits), Ok(ListEntry { addr, pages }));
            // The promise the bulk list-page copy relies on.
            if L::ENTRY_IS_PAGE_ADDRESS {
                prop_assert_eq!(bits, addr_bits);
            }
            prop_assert!(fixed_fields_hold(bits, fields));
        }
        Err(ListError::PagesOutOfRange { pages: p, max, .. }) => {
            prop_assert!(!pages_ok && p == pages && max == L::MAX_ENTRY_PAGES);
        }
        Err(ListError::Misaligned { addr: a, .. }) => prop_assert!(pages_ok && !aligned && a == addr_bits),
        Err(ListError::Field(FieldError::AddressTooHigh { addr: a, .. })) => {
            prop_assert!(pages_ok && aligned && !fits && a == addr_bits);
        }
        Err(e) => prop_assert!(false, "unexpected {e:?}"),
    }
    Ok(())
}

/// Any raw entry: decoding never panics, and what it decodes to re-encodes
/// to an entry that decodes the same (caller-supplied fields aside).
pub fn check_raw_entry<L: tdx_abi::PageList>(bits: u64) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::prop_assert_eq;
    if let Ok(e) = L::decode_entry(bits) {
        let again = L::encode_entry(e.addr, e.pages).and_then(L::decode_entry);
        prop_assert_eq!(again, Ok(e));
    }
    Ok(())
}

/// Properties of a list type's encoding (see [`check_list`] and [`check_entry`]).
macro_rules! list_props {
    ($test:ident, $ty:ty, $hi:expr, $lo:expr, $ehi:expr, $elo:expr, $entry_fields:expr) => {
        mod $test {
            use super::support::*;
            use super::*;
            use proptest::prelude::*;

            /// Addresses below 2^52: page aligned or not, in and past the field's reach.
            fn address() -> impl Strategy<Value = u64> {
                (0u64..(1 << 40), prop_oneof![Just(0u64), 1u64..4096]).prop_map(|(pfn, offset)| (pfn << 12) | offset)
            }

            proptest! {
                #[test]
                fn a_list_value_decodes_to_its_input_or_names_what_does_not_fit(
                    addr in address(),
                    count in 0..=<$ty as PageList>::CAPACITY + 1,
                ) {
                    check_list::<$ty>(addr, count, $hi, $lo)?;
                }

                #[test]
                fn an_entry_decodes_to_its_input_or_names_what_does_not_fit(
                    addr in address(),
                    pages in 0..=<$ty as PageList>::MAX_ENTRY_PAGES.saturating_add(1).min(1 << 16),
                ) {
                    check_entry::<$ty>(addr, pages, $ehi, $elo, $entry_fields)?;
                }

                #[test]
                fn any_raw_entry_decodes_without_panicking(bits: u64) {
                    check_raw_entry::<$ty>(bits)?;
                }
            }
        }
    };
}

/// Bytes → typed → bytes is the identity once reserved bytes are zero; any
/// one non-zero reserved byte is refused with its offset; a wrong length too.
macro_rules! struct_props {
    ($test:ident, $ty:ty) => {
        mod $test {
        use super::*;
        use proptest::prelude::*;
        proptest! {
            #[test]
            fn bytes_round_trip_and_reserved_bytes_are_refused(seed: Vec<u8>, pick: prop::sample::Index, value in 1u8..=255) {
                let mut bytes = [0u8; <$ty>::SIZE];
                for (b, s) in bytes.iter_mut().zip(seed.iter().cycle()) {
                    *b = *s;
                }
                for &(start, end) in <$ty>::RESERVED_BYTES {
                    bytes[start..end].fill(0);
                }
                let typed = <$ty>::from_bytes(&bytes).unwrap();
                prop_assert_eq!(typed.as_bytes(), &bytes);
                prop_assert_eq!(<$ty>::try_from_bytes(&bytes[..]), Ok(typed));
                let reserved: Vec<usize> = <$ty>::RESERVED_BYTES.iter().flat_map(|&(s, e)| s..e).collect();
                if !reserved.is_empty() {
                    let offset = reserved[pick.index(reserved.len())];
                    bytes[offset] = value;
                    prop_assert_eq!(<$ty>::from_bytes(&bytes), Err(StructError::ReservedNonZero { name: <$ty>::NAME, offset }));
                }
                let short = <$ty>::try_from_bytes(&bytes[1..]);
                prop_assert_eq!(short, Err(StructError::WrongLength { name: <$ty>::NAME, expected: <$ty>::SIZE, got: <$ty>::SIZE - 1 }));
            }
        }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_agrees_with_worked_examples() {
        assert_eq!(oracle_get(0xFF80_0000_1234_5028, 11, 3), 5);
        assert_eq!(oracle_set(0, 63, 55, 511), 0xFF80_0000_0000_0000);
        assert_eq!(oracle_max(51, 12), (1 << 40) - 1);
        assert_eq!(oracle_max(63, 0), u64::MAX);
    }
}
