//! What tdx-abi's opt-in features add to every generated memory structure.
//!
//! Generated code (here and in downstream crates) wraps each struct in
//! [`__memory_struct!`](crate::__memory_struct) and names it in
//! [`__struct_serde!`](crate::__struct_serde). Both expand according to
//! *tdx-abi's* features, so a downstream crate gets zerocopy and serde impls on
//! its structs by enabling the feature on tdx-abi, without features (or `cfg`s)
//! of its own.

#[cfg(feature = "zerocopy")]
#[doc(hidden)]
pub use zerocopy as __zerocopy;

#[cfg(feature = "serde")]
#[doc(hidden)]
pub use serde as __serde;

/// A struct definition, with zerocopy's derives when feature `zerocopy` is on
/// (`Unaligned` too for a struct the ABI places at any alignment).
#[cfg(feature = "zerocopy")]
#[doc(hidden)]
#[macro_export]
macro_rules! __memory_struct {
    (unaligned; $($item:tt)*) => {
        #[derive(
            ::tdx_abi::__zerocopy::FromBytes,
            ::tdx_abi::__zerocopy::IntoBytes,
            ::tdx_abi::__zerocopy::KnownLayout,
            ::tdx_abi::__zerocopy::Immutable,
            ::tdx_abi::__zerocopy::Unaligned
        )]
        #[zerocopy(crate = "::tdx_abi::__zerocopy")]
        $($item)*
    };
    (aligned; $($item:tt)*) => {
        #[derive(
            ::tdx_abi::__zerocopy::FromBytes,
            ::tdx_abi::__zerocopy::IntoBytes,
            ::tdx_abi::__zerocopy::KnownLayout,
            ::tdx_abi::__zerocopy::Immutable
        )]
        #[zerocopy(crate = "::tdx_abi::__zerocopy")]
        $($item)*
    };
}

/// A struct definition as written (feature `zerocopy` is off).
#[cfg(not(feature = "zerocopy"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __memory_struct {
    ($alignment:ident; $($item:tt)*) => { $($item)* };
}

/// `Serialize` and `Deserialize` for a generated struct when feature `serde` is
/// on: its bytes, read back through `from_bytes` (so a non-zero reserved byte
/// is a deserialization error).
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __struct_serde {
    ($ty:ident) => {
        impl ::tdx_abi::__serde::Serialize for $ty {
            fn serialize<S: ::tdx_abi::__serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                ::tdx_abi::struct_serde::serialize(self.as_bytes(), serializer)
            }
        }
        impl<'de> ::tdx_abi::__serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::tdx_abi::__serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let bytes = ::tdx_abi::struct_serde::deserialize::<D, { $ty::SIZE }>(deserializer, $ty::NAME)?;
                $ty::from_bytes(&bytes).map_err(<D::Error as ::tdx_abi::__serde::de::Error>::custom)
            }
        }
    };
}

/// Nothing (feature `serde` is off).
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __struct_serde {
    ($ty:ident) => {};
}
