//! A struct's view: its bytes borrowed where they lie (a report inside a
//! quote, at any alignment), checked once, read with the owned type's getters.
//! The owned type's constructors go through it, so the reserved-byte check is
//! written once.

use crate::model::Struct;
use crate::names::{struct_view_name, type_name};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The view type of `s`; `getters` are the owned type's getters (they read `&self.bytes[..]`).
pub fn emit(s: &Struct, getters: &TokenStream, debug: &TokenStream) -> TokenStream {
    let (ty, view) = (format_ident!("{}", type_name(&s.name)), format_ident!("{}", struct_view_name(&s.name)));
    let (name, size) = (&s.name, Literal::usize_unsuffixed(s.size as usize));
    let doc = format!(
        " `{name}` read in place: borrowed bytes at any alignment (received bytes, a struct \
         inside another message), with the getters of [`{ty}`]; [`Self::to_struct`] copies them \
         into the aligned owned type."
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct #view<'a> { bytes: &'a [u8; #size] }

        impl<'a> #view<'a> {
            /// The view of `bytes`, without checking reserved bytes.
            pub const fn from_bytes_unchecked(bytes: &'a [u8; #size]) -> Self { Self { bytes } }

            /// The view of `bytes`; a non-zero reserved byte is an error naming its offset.
            pub fn from_bytes(bytes: &'a [u8; #size]) -> Result<Self, ::tdx_abi::StructError> {
                for &(start, end) in #ty::RESERVED_BYTES {
                    if let Some(i) = bytes[start..end].iter().position(|b| *b != 0) {
                        return Err(::tdx_abi::StructError::ReservedNonZero { name: #ty::NAME, offset: start + i });
                    }
                }
                Ok(Self { bytes })
            }

            /// The view of `bytes` (received bytes of any length): the wrong length or a
            /// non-zero reserved byte is an error.
            pub fn try_from_bytes(bytes: &'a [u8]) -> Result<Self, ::tdx_abi::StructError> {
                match <&[u8; #size]>::try_from(bytes) {
                    Ok(exact) => Self::from_bytes(exact),
                    Err(_) => Err(::tdx_abi::StructError::WrongLength { name: #ty::NAME, expected: #ty::SIZE, got: bytes.len() }),
                }
            }

            /// The view of the struct's bytes at the start of `bytes` (a longer message), and
            /// the bytes after it.
            pub fn split_from(bytes: &'a [u8]) -> Result<(Self, &'a [u8]), ::tdx_abi::StructError> {
                match bytes.split_first_chunk::<#size>() {
                    Some((head, rest)) => Ok((Self::from_bytes(head)?, rest)),
                    None => Err(::tdx_abi::StructError::WrongLength { name: #ty::NAME, expected: #ty::SIZE, got: bytes.len() }),
                }
            }

            /// The bytes, in the ABI's order.
            pub const fn as_bytes(&self) -> &'a [u8; #size] { self.bytes }

            /// A copy in the aligned owned type.
            pub const fn to_struct(&self) -> #ty { #ty::from_bytes_unchecked(*self.bytes) }

            #getters
        }

        impl<'a> From<&'a #ty> for #view<'a> {
            fn from(s: &'a #ty) -> Self { s.view() }
        }

        impl core::fmt::Debug for #view<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let mut s = f.debug_struct(#name);
                #debug
                s.finish()
            }
        }
    }
}
