//! The layout type itself: newtype, constructors, reserved-bit checks,
//! field metadata, `Debug`, and the `Layout` trait impl.

use super::text::Texts;
use super::types::{cast, hex, uint};
use super::{docs, field};
use crate::model::Layout;
use crate::names::{fn_name, type_name};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The type and accessors of one layout; `features0` resolves fields that name a TDX_FEATURES0 bit in `since`.
pub fn emit(layout: &Layout, features0: Option<&Layout>, texts: &mut Texts) -> TokenStream {
    let ty = format_ident!("{}", type_name(&layout.name));
    let storage = uint(layout.width);
    let width = layout.width;
    let width_lit = proc_macro2::Literal::u32_unsuffixed(width);
    let name = &layout.name;
    let type_doc = docs::attrs(&docs::layout(layout));
    let reserved = hex(layout.reserved_mask(), width);
    let fields = layout.fields_by_position();
    let accessors: TokenStream = fields.iter().map(|f| field::emit(layout, f, texts)).collect();
    let specs: TokenStream = fields
        .iter()
        .map(|f| {
            let fname = &f.name;
            let hi = proc_macro2::Literal::u32_unsuffixed(f.bits.hi);
            let lo = proc_macro2::Literal::u32_unsuffixed(f.bits.lo);
            let mask = format_ident!("{}", crate::names::FieldAccessors::of_field(f).mask);
            let mask = cast(quote!(Self::#mask), width, 64);
            let fixed = match f.fixed {
                Some(v) => quote!(Some(#v)),
                None => quote!(None),
            };
            let since = f.since.as_deref().unwrap_or_default();
            let availability =
                super::leaf_stub::availability_tokens(crate::resolved::resolve_availability(since, features0));
            quote!(::tdx_abi::FieldSpec { name: #fname, hi: #hi, lo: #lo, mask: #mask, fixed: #fixed, availability: #availability },)
        })
        .collect();
    let debug_fields: TokenStream = fields
        .iter()
        .map(|f| {
            let key = fn_name(&f.name);
            let get = format_ident!("{key}");
            match f.kind {
                kind if kind.is_frame() => quote!(s.field(#key, &format_args!("{:#x}", self.#get()));),
                _ => quote!(s.field(#key, &self.#get());),
            }
        })
        .collect();
    let type_name_str = type_name(&layout.name);
    let raw_in = cast(quote!(bits), 64, width);
    let raw_out = cast(quote!(self.0), width, 64);
    let reserved_set = cast(quote!(self.reserved_bits()), width, 64);
    let reserved_u64 = hex(layout.reserved_mask(), 64);
    let d_new = docs::attrs("All fields zero.");
    let d_from = docs::attrs("Wraps a raw value as is; reserved bits are kept (see [`Self::try_from_bits`]).");
    let d_try_from = docs::attrs("Wraps a raw value, or returns an error if any reserved bit is set.");
    let d_reserved = docs::attrs(&format!(
        "The reserved bits that are set (they must be zero). Reserved: `{:#x}`.",
        layout.reserved_mask()
    ));
    quote! {
        #type_doc
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #ty(#storage);

        impl #ty {
            #[doc = " Spec name of the layout."]
            pub const NAME: &'static str = #name;
            #[doc = " Width of the word in bits."]
            pub const WIDTH: u32 = #width_lit;
            #[doc = " Bits the spec reserves; they must be zero."]
            pub const RESERVED_MASK: #storage = #reserved;
            #[doc = " Every named field, lowest bits first."]
            pub const FIELDS: &'static [::tdx_abi::FieldSpec] = &[#specs];

            #d_new
            #[inline]
            #[must_use]
            pub const fn new() -> Self { Self(0) }
            #d_from
            #[inline]
            #[must_use]
            pub const fn from_bits(bits: #storage) -> Self { Self(bits) }
            #[doc = " The raw value."]
            #[inline]
            #[must_use]
            pub const fn into_bits(self) -> #storage { self.0 }
            #d_try_from
            #[inline]
            pub const fn try_from_bits(bits: #storage) -> Result<Self, ::tdx_abi::ReservedBitsSet> { Self(bits).check_reserved() }
            #d_reserved
            #[inline]
            #[must_use]
            pub const fn reserved_bits(self) -> #storage { self.0 & Self::RESERVED_MASK }
            #[doc = " Returns `self` if every reserved bit is zero, or an error naming the bits that are set."]
            #[inline]
            pub const fn check_reserved(self) -> Result<Self, ::tdx_abi::ReservedBitsSet> {
                if self.reserved_bits() == 0 {
                    Ok(self)
                } else {
                    Err(::tdx_abi::ReservedBitsSet { layout: Self::NAME, bits: #reserved_set })
                }
            }
            #accessors
        }

        impl ::core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut s = f.debug_struct(#type_name_str);
                #debug_fields
                if self.reserved_bits() != 0 {
                    s.field("reserved", &format_args!("{:#x}", self.reserved_bits()));
                }
                s.finish()
            }
        }

        impl From<#storage> for #ty {
            fn from(bits: #storage) -> Self { Self(bits) }
        }

        impl From<#ty> for #storage {
            fn from(value: #ty) -> Self { value.0 }
        }

        impl ::tdx_abi::Layout for #ty {
            const NAME: &'static str = #ty::NAME;
            const WIDTH: u32 = #ty::WIDTH;
            const RESERVED_MASK: u64 = #reserved_u64;
            const FIELDS: &'static [::tdx_abi::FieldSpec] = #ty::FIELDS;
            fn from_bits(bits: u64) -> Self { Self(#raw_in) }
            fn into_bits(self) -> u64 { #raw_out }
        }
    }
}
