//! One struct member's code: the getter body (reading `&self.bytes[..]`, so
//! the owned type and its view share it), the setter body, the value type and
//! what `Debug` shows.

use crate::model::{Member, MemberType};
use crate::names::{fn_name, type_name};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

fn lit(v: u32) -> Literal {
    Literal::usize_unsuffixed(v as usize)
}

/// (getter body, setter body, value type, Debug value) of a member.
pub(super) fn member_code(
    m: &Member,
    esize: u32,
    total: &Literal,
) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let off = lit(m.offset);
    let e = lit(esize);
    let count = lit(m.count);
    // Element i's offset; without `0 +` for an array at the start (clippy's identity_op).
    let at = if m.offset == 0 { quote!(i * #e) } else { quote!(#off + i * #e) };
    let single = m.count == 1;
    let get = format_ident!("{}", fn_name(&m.name));
    match &m.ty {
        MemberType::Uint(n) => {
            let uint = format_ident!("u{}", n * 8);
            if single {
                (
                    quote!(#uint::from_le_bytes(*::tdx_abi::array_at::<#e>(&self.bytes[..], #off))),
                    quote!(*::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #off) = value.to_le_bytes();),
                    quote!(#uint),
                    quote!(&format_args!("{:#x}", self.#get())),
                )
            } else {
                (
                    quote!(core::array::from_fn(|i| #uint::from_le_bytes(*::tdx_abi::array_at::<#e>(&self.bytes[..], #at)))),
                    quote! {
                        for (i, v) in value.iter().enumerate() {
                            *::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #at) = v.to_le_bytes();
                        }
                    },
                    quote!([#uint; #count]),
                    quote!(&self.#get()),
                )
            }
        }
        MemberType::Bytes(_) if single => (
            quote!(*::tdx_abi::array_at::<#total>(&self.bytes[..], #off)),
            quote!(*::tdx_abi::array_at_mut::<#total>(&mut self.bytes, #off) = value;),
            quote!([u8; #total]),
            quote!(&::tdx_abi::HexBytes(::tdx_abi::array_at::<#total>(&self.bytes[..], #off))),
        ),
        MemberType::Bytes(_) => (
            quote!(core::array::from_fn(|i| *::tdx_abi::array_at::<#e>(&self.bytes[..], #at))),
            quote! {
                for (i, v) in value.iter().enumerate() {
                    *::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #at) = *v;
                }
            },
            quote!([[u8; #e]; #count]),
            quote!(&::tdx_abi::HexBytes(::tdx_abi::array_at::<#total>(&self.bytes[..], #off))),
        ),
        MemberType::Layout(layout) => {
            let (t, uint) = (format_ident!("{}", type_name(layout)), format_ident!("u{}", esize * 8));
            let read = |at: TokenStream| quote!(super::#t::from_bits(#uint::from_le_bytes(*::tdx_abi::array_at::<#e>(&self.bytes[..], #at))));
            let write = |at: TokenStream, v: TokenStream| quote!(*::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #at) = #v.into_bits().to_le_bytes(););
            if single {
                (read(quote!(#off)), write(quote!(#off), quote!(value)), quote!(super::#t), quote!(&self.#get()))
            } else {
                let (r, w) = (read(quote!(#at)), write(quote!(#at), quote!(v)));
                (
                    quote!(core::array::from_fn(|i| #r)),
                    quote!(for (i, v) in value.iter().enumerate() { #w }),
                    quote!([super::#t; #count]),
                    quote!(&self.#get()),
                )
            }
        }
        MemberType::Struct(inner) => {
            let t = format_ident!("{}", type_name(inner));
            if single {
                (
                    quote!(super::#t::from_bytes_unchecked(*::tdx_abi::array_at::<#e>(&self.bytes[..], #off))),
                    quote!(*::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #off) = *value.as_bytes();),
                    quote!(super::#t),
                    quote!(&self.#get()),
                )
            } else {
                (
                    quote!(core::array::from_fn(|i| super::#t::from_bytes_unchecked(*::tdx_abi::array_at::<#e>(&self.bytes[..], #at)))),
                    quote! {
                        for (i, v) in value.iter().enumerate() {
                            *::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #at) = *v.as_bytes();
                        }
                    },
                    quote!([super::#t; #count]),
                    quote!(&self.#get()),
                )
            }
        }
    }
}
