//! Compiles the emitter's golden expected output (codegen/tests/golden/*/expected/rust)
//! as real modules, with every warning denied, so a golden that blesses code
//! which does not build cleanly fails the workspace build and clippy.
#![deny(warnings)]

/// Golden case `list_types`: a cursor list, a singleton list, a list of layout entries.
#[rustfmt::skip]
#[path = "../../tests/golden/list_types/expected/rust/mod.rs"]
pub mod list_types;

/// Golden case `leaves_and_metadata`: one leaf per resume style, versions, metadata fields.
#[rustfmt::skip]
#[path = "../../tests/golden/leaves_and_metadata/expected/rust/mod.rs"]
pub mod leaves_and_metadata;

/// Golden case `word_sizes`: 8-, 16-, 32- and 64-bit words.
#[rustfmt::skip]
#[path = "../../tests/golden/word_sizes/expected/rust/mod.rs"]
pub mod word_sizes;

#[cfg(test)]
mod tests {
    use super::list_types::*;
    use super::word_sizes::*;
    use tdx_abi::{PageList, PhysAddr, Placement};

    #[test]
    fn golden_list_types_behave_as_their_roles_say() {
        let page = PhysAddr::from_pfn(0x5).unwrap();
        assert_eq!(DemoArray::placement(1), Placement::InPlace);
        // Exact count encoding: COUNT holds 1 for a singleton, 3 for three entries.
        assert_eq!(DemoArray::encode_in_place(page).unwrap().count(), 1);
        assert_eq!(DemoArray::encode_list(page, 3).unwrap().into_bits(), (3 << 54) | 0x5000);
        assert_eq!(DemoList::encode_list(page, 2).unwrap().cursor(), Some(0));
        let entry = DemoEntry::new().with_valid(true);
        assert_eq!(DemoGuestList::entry_bits(entry), 1 << 63);
    }

    #[test]
    fn golden_word_sizes_use_their_own_integer_types() {
        let b: u8 = ByteWord::new().with_low(0xF).with_top(true).into_bits();
        assert_eq!(b, 0x8F);
        let h: u16 = HalfWord::new().with_all(0xBEEF).into_bits();
        assert_eq!(h, 0xBEEF);
        assert_eq!(
            Word32::new().try_with_wide(1 << 23).unwrap_err().to_string(),
            "WORD32.WIDE: value 0x800000 does not fit (largest is 0x7fffff)"
        );
        assert_eq!(Quad::new().with_value(u64::MAX).into_bits(), u64::MAX);
    }
}
