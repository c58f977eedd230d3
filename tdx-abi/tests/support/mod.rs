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

/// The runner every field's property test uses: the default case count, no
/// failure file (the failing input is printed).
fn runner() -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })
}

/// One integer field's accessors over raw words: non-capturing closures in
/// each generated test, so one non-generic runner checks every field (and the
/// test file compiles one proptest runner, not one per field).
pub struct FieldFns {
    /// A raw word as the layout holds it (narrower layouts drop the high bits).
    pub word: fn(u64) -> u64,
    /// The layout's spec name.
    pub layout: &'static str,
    /// The field's bits.
    pub hi: usize,
    /// Its lowest bit.
    pub lo: usize,
    /// The largest value of the accessors' value type.
    pub type_max: u64,
    /// The getter, on a raw word.
    pub get: fn(u64) -> u64,
    /// `with_`: the new raw word.
    pub with: fn(u64, u64) -> u64,
    /// `set_`: the new raw word.
    pub set: fn(u64, u64) -> u64,
    /// `try_with_`: the new raw word, or the error.
    pub try_with: fn(u64, u64) -> Result<u64, tdx_abi::FieldError>,
}

/// The getter reads exactly its bits; `with_` and `set_` write exactly its bits;
/// the checked setter refuses exactly the values that do not fit.
pub fn check_field(f: &FieldFns) {
    use proptest::prelude::*;
    let max = oracle_max(f.hi, f.lo);
    let result = runner().run(&(any::<u64>(), 0..=max, 0..=f.type_max), |(raw, value, any)| {
        let raw = (f.word)(raw);
        prop_assert_eq!((f.get)(raw), oracle_get(raw, f.hi, f.lo));
        let x = (f.with)(raw, value);
        prop_assert_eq!((f.get)(x), value);
        prop_assert_eq!(x, oracle_set(raw, f.hi, f.lo, value));
        prop_assert_eq!((f.set)(raw, value), x);
        let fits = any <= max;
        match (f.try_with)(raw, any) {
            Ok(x) => {
                prop_assert!(fits, "accepted {:#x}", any);
                prop_assert_eq!(x, oracle_set(raw, f.hi, f.lo, any));
            }
            Err(tdx_abi::FieldError::Overflow { value: v, max: m, layout, .. }) => {
                prop_assert!(!fits, "refused {:#x}", any);
                prop_assert_eq!((v, m, layout), (any, max, f.layout));
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{} bits {}:{}: {e}", f.layout, f.hi, f.lo);
    }
}

/// Properties of an integer field (see [`check_field`]).
macro_rules! field_props {
    ($test:ident, $ty:ty, $get:ident, $with:ident, $try_with:ident, $set:ident, $val:ty, $hi:expr, $lo:expr) => {
        #[test]
        fn $test() {
            use tdx_abi::Layout;
            support::check_field(&support::FieldFns {
                word: |raw| Layout::into_bits(<$ty as Layout>::from_bits(raw)),
                layout: <$ty>::NAME,
                hi: $hi,
                lo: $lo,
                type_max: <$val>::MAX as u64,
                get: |raw| <$ty as Layout>::from_bits(raw).$get() as u64,
                with: |raw, v| Layout::into_bits(<$ty as Layout>::from_bits(raw).$with(v as $val)),
                set: |raw, v| {
                    let mut x = <$ty as Layout>::from_bits(raw);
                    x.$set(v as $val);
                    Layout::into_bits(x)
                },
                try_with: |raw, v| <$ty as Layout>::from_bits(raw).$try_with(v as $val).map(Layout::into_bits),
            });
        }
    };
}

/// A one-bit flag's accessors over raw words.
pub struct FlagFns {
    /// A raw word as the layout holds it (narrower layouts drop the high bits).
    pub word: fn(u64) -> u64,
    /// Its bit.
    pub bit: usize,
    /// The getter.
    pub get: fn(u64) -> bool,
    /// `with_`: the new raw word.
    pub with: fn(u64, bool) -> u64,
    /// `set_`: the new raw word.
    pub set: fn(u64, bool) -> u64,
}

/// The flag reads and writes exactly its bit.
pub fn check_flag(f: &FlagFns) {
    use proptest::prelude::*;
    let result = runner().run(&(any::<u64>(), any::<bool>()), |(raw, value)| {
        let raw = (f.word)(raw);
        prop_assert_eq!((f.get)(raw), oracle_get(raw, f.bit, f.bit) == 1);
        let x = (f.with)(raw, value);
        prop_assert_eq!((f.get)(x), value);
        prop_assert_eq!(x, oracle_set(raw, f.bit, f.bit, u64::from(value)));
        prop_assert_eq!((f.set)(raw, value), x);
        Ok(())
    });
    if let Err(e) = result {
        panic!("bit {}: {e}", f.bit);
    }
}

/// Properties of a one-bit flag (see [`check_flag`]).
macro_rules! flag_props {
    ($test:ident, $ty:ty, $get:ident, $with:ident, $set:ident, $bit:expr) => {
        #[test]
        fn $test() {
            use tdx_abi::Layout;
            support::check_flag(&support::FlagFns {
                word: |raw| Layout::into_bits(<$ty as Layout>::from_bits(raw)),
                bit: $bit,
                get: |raw| <$ty as Layout>::from_bits(raw).$get(),
                with: |raw, v| Layout::into_bits(<$ty as Layout>::from_bits(raw).$with(v)),
                set: |raw, v| {
                    let mut x = <$ty as Layout>::from_bits(raw);
                    x.$set(v);
                    Layout::into_bits(x)
                },
            });
        }
    };
}

/// A frame-number field's typed address view over raw words and plain addresses.
pub struct AddrFns {
    /// A raw word as the layout holds it (narrower layouts drop the high bits).
    pub word: fn(u64) -> u64,
    /// The field's bits.
    pub hi: usize,
    /// Its lowest bit.
    pub lo: usize,
    /// The address the view returns.
    pub get: fn(u64) -> u64,
    /// `with_..._addr` of an aligned address: the new raw word.
    pub with: fn(u64, u64) -> u64,
    /// `try_with_..._addr`: the new raw word, or the error.
    pub try_with: fn(u64, u64) -> Result<u64, tdx_abi::FieldError>,
}

/// The address view is the frame shifted by 12, and the checked setter
/// refuses an address off a page boundary.
pub fn check_addr(f: &AddrFns) {
    use proptest::prelude::*;
    let max = oracle_max(f.hi, f.lo);
    let result = runner().run(&(any::<u64>(), 0..=max, 1u64..4096), |(raw, pfn, offset)| {
        let raw = (f.word)(raw);
        prop_assert_eq!((f.get)(raw) >> 12, oracle_get(raw, f.hi, f.lo));
        let addr = pfn << 12;
        let x = (f.with)(raw, addr);
        prop_assert_eq!((f.get)(x), addr);
        prop_assert_eq!(x, oracle_set(raw, f.hi, f.lo, pfn));
        prop_assert_eq!((f.try_with)(raw, addr), Ok(x));
        let unaligned = addr | offset;
        let refused =
            matches!((f.try_with)(raw, unaligned), Err(tdx_abi::FieldError::Misaligned { addr: a, .. }) if a == unaligned);
        prop_assert!(refused);
        Ok(())
    });
    if let Err(e) = result {
        panic!("bits {}:{}: {e}", f.hi, f.lo);
    }
}

/// Properties of a frame-number field's typed address view (see [`check_addr`]).
macro_rules! addr_props {
    ($test:ident, $ty:ty, $addr:ty, $get:ident, $with:ident, $try_with:ident, $hi:expr, $lo:expr) => {
        #[test]
        fn $test() {
            use tdx_abi::Layout;
            support::check_addr(&support::AddrFns {
                word: |raw| Layout::into_bits(<$ty as Layout>::from_bits(raw)),
                hi: $hi,
                lo: $lo,
                get: |raw| <$ty as Layout>::from_bits(raw).$get().as_u64(),
                with: |raw, a| Layout::into_bits(<$ty as Layout>::from_bits(raw).$with(<$addr>::new(a).unwrap())),
                try_with: |raw, a| {
                    <$ty as Layout>::from_bits(raw).$try_with(<$addr>::new(a).unwrap()).map(Layout::into_bits)
                },
            });
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
