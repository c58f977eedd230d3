//! A versioned struct as an enum of its forms: the bytes are read as the form
//! their selector names (TDREPORT_STRUCT by REPORTTYPE.VERSION), and a value
//! naming no form is an error, never a guess.

use super::docs;
use crate::model::{selector_place, Model, StructVariants};
use crate::names::type_name;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub fn emit(model: &Model, v: &StructVariants) -> TokenStream {
    let ty = format_ident!("{}", type_name(&v.name));
    let name = &v.name;
    let forms: Vec<_> = v.cases.iter().filter_map(|c| model.structs.get(&c.struct_name).map(|s| (c, s))).collect();
    let Some((_, first)) = forms.first() else { return TokenStream::new() };
    // Validation placed the selector at one offset and width in every form.
    let Ok((offset, width)) = selector_place(|n| model.structs.get(n), &first.name, &v.selector) else {
        return TokenStream::new();
    };
    let (size, off, w) = (
        Literal::usize_unsuffixed(first.size as usize),
        Literal::usize_unsuffixed(offset as usize),
        Literal::usize_unsuffixed(width as usize),
    );
    let uint = format_ident!("u{}", width * 8);
    let mut doc = format!("`{name}`: {}", v.summary.trim());
    if let Some(d) = &v.description {
        doc += &format!("\n\n{}", d.trim());
    }
    doc +=
        &format!("\n\nThe selector `{}` is at byte {offset}.\n\n| value | form |\n|---|---|\n", v.selector.join("."));
    for (c, s) in &forms {
        let t = type_name(&s.name);
        doc += &format!("| {} | [`{t}`](super::{t}) ({}) |\n", c.value, docs::cell(&c.reference));
    }
    doc += &format!("\nSource: {}", docs::citation(&v.source));
    let doc = docs::attrs(&doc);
    let variants = forms.iter().map(|(c, s)| {
        let t = format_ident!("{}", type_name(&s.name));
        let d = format!(" Selector value {}.", c.value);
        quote!(#[doc = #d] #t(super::#t),)
    });
    let arms = forms.iter().map(|(c, s)| {
        let t = format_ident!("{}", type_name(&s.name));
        let value = Literal::u64_unsuffixed(c.value);
        quote!(#value => super::#t::from_bytes(bytes).map(Self::#t),)
    });
    let as_bytes = forms.iter().map(|(_, s)| {
        let t = format_ident!("{}", type_name(&s.name));
        quote!(Self::#t(s) => s.as_bytes(),)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum #ty { #(#variants)* }

        impl #ty {
            /// Spec name of the versioned struct.
            pub const NAME: &'static str = #name;
            /// Size in bytes of every form.
            pub const SIZE: usize = #size;
            /// Byte offset of the selector.
            pub const SELECTOR_OFFSET: usize = #off;

            /// The selector's value in `bytes`.
            pub fn selector(bytes: &[u8; #size]) -> #uint {
                #uint::from_le_bytes(*::tdx_abi::array_at::<#w>(bytes, Self::SELECTOR_OFFSET))
            }

            /// The form the selector names, read from `bytes`; a value naming no form, or a
            /// non-zero reserved byte of the form, is an error.
            pub fn from_bytes(bytes: &[u8; #size]) -> Result<Self, ::tdx_abi::StructError> {
                match Self::selector(bytes) {
                    #(#arms)*
                    value => Err(::tdx_abi::StructError::UnknownVariant {
                        name: Self::NAME,
                        offset: Self::SELECTOR_OFFSET,
                        value: value.into(),
                    }),
                }
            }

            /// [`Self::from_bytes`] for received bytes of any length (the wrong length is an error).
            pub fn try_from_bytes(bytes: &[u8]) -> Result<Self, ::tdx_abi::StructError> {
                match <&[u8; #size]>::try_from(bytes) {
                    Ok(exact) => Self::from_bytes(exact),
                    Err(_) => Err(::tdx_abi::StructError::WrongLength { name: Self::NAME, expected: Self::SIZE, got: bytes.len() }),
                }
            }

            /// The bytes, in the ABI's order.
            pub fn as_bytes(&self) -> &[u8; #size] {
                match self { #(#as_bytes)* }
            }
        }
    }
}

/// The set's `VariantsSpec` registry entry.
pub fn spec(v: &StructVariants) -> TokenStream {
    let ty = format_ident!("{}", type_name(&v.name));
    let forms = v.cases.iter().map(|c| {
        let (value, name) = (Literal::u64_suffixed(c.value), &c.struct_name);
        quote!(::tdx_abi::FormSpec { value: #value, name: #name },)
    });
    quote! {
        ::tdx_abi::VariantsSpec { name: #ty::NAME, selector_offset: #ty::SELECTOR_OFFSET, forms: &[#(#forms)*] },
    }
}
