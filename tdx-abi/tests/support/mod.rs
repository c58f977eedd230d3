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
                #[test]
                fn getter_reads_exactly_its_bits(raw: u64) {
                    let x = <$ty as Layout>::from_bits(raw);
                    prop_assert_eq!(x.$get() as u64, oracle_get(Layout::into_bits(x), $hi, $lo));
                }

                #[test]
                fn with_and_set_write_exactly_their_bits(raw: u64, value in 0..=oracle_max($hi, $lo)) {
                    let start = <$ty as Layout>::from_bits(raw);
                    let value = value as $val;
                    let x = start.$with(value);
                    prop_assert_eq!(x.$get(), value);
                    prop_assert_eq!(Layout::into_bits(x), oracle_set(Layout::into_bits(start), $hi, $lo, value as u64));
                    let mut y = start;
                    y.$set(value);
                    prop_assert_eq!(y, x);
                }

                #[test]
                fn checked_setter_refuses_exactly_what_does_not_fit(raw: u64, value: $val) {
                    let start = <$ty as Layout>::from_bits(raw);
                    let fits = (value as u64) <= oracle_max($hi, $lo);
                    match start.$try_with(value) {
                        Ok(x) => {
                            prop_assert!(fits, "accepted {:#x}", value);
                            prop_assert_eq!(Layout::into_bits(x), oracle_set(Layout::into_bits(start), $hi, $lo, value as u64));
                        }
                        Err(FieldError::Overflow { value: v, max, layout, .. }) => {
                            prop_assert!(!fits, "refused {:#x}", value);
                            prop_assert_eq!((v, max, layout), (value as u64, oracle_max($hi, $lo), <$ty>::NAME));
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
                fn address_view_is_the_frame_shifted_by_12(raw: u64, pfn in 0..=oracle_max($hi, $lo)) {
                    let start = <$ty as Layout>::from_bits(raw);
                    prop_assert_eq!(start.$get().pfn(), oracle_get(Layout::into_bits(start), $hi, $lo));
                    let addr = <$addr>::from_pfn(pfn).unwrap();
                    let x = start.$with(addr);
                    prop_assert_eq!(x.$get(), addr);
                    prop_assert_eq!(Layout::into_bits(x), oracle_set(Layout::into_bits(start), $hi, $lo, pfn));
                    prop_assert_eq!(start.$try_with(addr), Ok(x));
                }

                #[test]
                fn checked_address_setter_refuses_unaligned_addresses(raw: u64, pfn in 0..=oracle_max($hi, $lo), offset in 1u64..4096) {
                    let start = <$ty as Layout>::from_bits(raw);
                    let addr = <$addr>::new((pfn << 12) | offset).unwrap();
                    let refused = matches!(start.$try_with(addr), Err(FieldError::Misaligned { addr: a, .. }) if a == addr.as_u64());
                    prop_assert!(refused);
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
