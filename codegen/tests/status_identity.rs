//! The generator (refusing two table entries that are one code) and tdx-abi
//! (telling codes apart at run time) identify a status the same way.

use proptest::prelude::*;
use tdx_abi::TdxStatus;
use tdx_codegen::validate::status_key;

proptest! {
    #[test]
    fn the_generator_and_tdx_abi_agree_on_what_one_code_is(class in any::<u8>(), rest in any::<u64>()) {
        // Every class, the software class 0xFF included, with any flags and details.
        let value = (rest & !(0xFF << 40)) | (u64::from(class) << 40);
        prop_assert_eq!(status_key(value), TdxStatus::from_bits(value).code_key(), "{:#018x}", value);
    }
}
