//! A memory structure as a byte-backed type: the bytes in the ABI's order,
//! typed getters and setters per member (little-endian integers, byte runs,
//! nested structs, arrays of each), offset constants checked at compile time,
//! and a constructor that refuses a non-zero reserved byte by its offset.

use super::docs;
use crate::model::{MemberType, Model, Struct};
use crate::names::{fn_name, type_name};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// Every must-be-zero byte range of `s`, nested structs' included, as absolute (start, end).
fn reserved_ranges(model: &Model, s: &Struct, base: u32, out: &mut Vec<(u32, u32)>) {
    for r in &s.reserved {
        out.push((base + r.offset, base + r.offset + r.size));
    }
    for m in &s.members {
        if let MemberType::Struct(name) = &m.ty {
            if let Some(inner) = model.structs.get(name) {
                for i in 0..m.count {
                    reserved_ranges(model, inner, base + m.offset + i * inner.size, out);
                }
            }
        }
    }
}

fn lit(v: u32) -> Literal {
    Literal::usize_unsuffixed(v as usize)
}

/// A one-line text map of where each member sits, for rustdoc.
fn byte_map(s: &Struct) -> String {
    let mut rows: Vec<(u32, u32, String)> = s
        .members
        .iter()
        .map(|m| (m.offset, m.elem_size * m.count, format!("{} ({})", m.name, m.ty.spelling())))
        .collect();
    rows.extend(s.reserved.iter().map(|r| (r.offset, r.size, "reserved, zero".to_string())));
    rows.sort();
    let lines: Vec<String> = rows.iter().map(|(o, n, what)| format!("{o:>5}..{:<5} {what}", o + n)).collect();
    format!("```text\n{}\n```", lines.join("\n"))
}

pub fn emit(model: &Model, s: &Struct) -> TokenStream {
    let ty = format_ident!("{}", type_name(&s.name));
    let (name, size, align) = (&s.name, lit(s.size), lit(s.align));
    let align_attr = (s.align > 1).then(|| quote!(#[repr(C, align(#align))]));
    let mut doc = format!("`{}` ({} bytes", s.name, s.size);
    if s.align > 1 {
        doc += &format!(", {}-byte aligned", s.align);
    }
    doc += &format!("): {}", s.summary.trim());
    if let Some(d) = &s.description {
        doc += &format!("\n\n{}", d.trim());
    }
    doc += &format!("\n\n{}\n\nSource: {}", byte_map(s), s.source.citation());
    let doc = docs::attrs(&doc);
    let mut reserved = Vec::new();
    reserved_ranges(model, s, 0, &mut reserved);
    reserved.sort();
    let reserved_lits = reserved.iter().map(|(a, b)| {
        let (a, b) = (lit(*a), lit(*b));
        quote!((#a, #b))
    });
    let mut consts = TokenStream::new();
    let mut accessors = TokenStream::new();
    let mut debug = TokenStream::new();
    for m in &s.members {
        let f = fn_name(&m.name);
        let (get, set, with) = (format_ident!("{f}"), format_ident!("set_{f}"), format_ident!("with_{f}"));
        let off_name = format_ident!("{}_OFFSET", m.name);
        let off = lit(m.offset);
        let esize = m.elem_size;
        let total = lit(esize * m.count);
        let off_doc = format!(" Byte offset of `{}.{}`.", s.name, m.name);
        consts.extend(quote! {
            #[doc = #off_doc]
            pub const #off_name: usize = #off;
        });
        let what = docs::attrs(&format!(
            "`{}` (bytes {}..{}): {}",
            m.name,
            m.offset,
            m.offset + esize * m.count,
            m.description.trim()
        ));
        let (getter, setter, value_ty, dbg) = member_code(m, esize, &total);
        let (set_doc, with_doc) = (
            format!(" Sets `{}`; see [`Self::{f}`].", m.name),
            format!(" A copy with `{}` set; see [`Self::{f}`].", m.name),
        );
        accessors.extend(quote! {
            #what
            pub fn #get(&self) -> #value_ty { #getter }
            #[doc = #set_doc]
            pub fn #set(&mut self, value: #value_ty) { #setter }
            #[doc = #with_doc]
            #[must_use]
            pub fn #with(mut self, value: #value_ty) -> Self { self.#set(value); self }
        });
        let key = f.clone();
        debug.extend(quote!(s.field(#key, #dbg);));
    }
    quote! {
        #doc
        #align_attr
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct #ty { bytes: [u8; #size] }

        // The type is exactly the struct's bytes: a compile error otherwise
        // (`size_of` is in the prelude only from Rust 1.80; the path keeps the MSRV).
        #[allow(unused_qualifications)]
        const _: [(); #size] = [(); core::mem::size_of::<#ty>()];

        impl #ty {
            /// Spec name of the struct.
            pub const NAME: &'static str = #name;
            /// Size in bytes.
            pub const SIZE: usize = #size;
            /// The alignment the ABI requires of it in memory.
            pub const ALIGN: usize = #align;
            /// Must-be-zero byte ranges (start, end), nested structs' included.
            pub const RESERVED_BYTES: &'static [(usize, usize)] = &[#(#reserved_lits),*];
            #consts

            /// All bytes zero.
            pub const fn new_zeroed() -> Self { Self { bytes: [0; #size] } }

            /// The struct in `bytes`, without checking reserved bytes (for bytes
            /// this crate produced, or when the caller checks them itself).
            pub const fn from_bytes_unchecked(bytes: [u8; #size]) -> Self { Self { bytes } }

            /// The struct in `bytes`; a non-zero reserved byte is an error naming its offset.
            pub fn from_bytes(bytes: &[u8; #size]) -> Result<Self, ::tdx_abi::StructError> {
                for &(start, end) in Self::RESERVED_BYTES {
                    if let Some(i) = bytes[start..end].iter().position(|b| *b != 0) {
                        return Err(::tdx_abi::StructError::ReservedNonZero { name: Self::NAME, offset: start + i });
                    }
                }
                Ok(Self { bytes: *bytes })
            }

            /// The struct in `bytes` (received bytes of any length): the wrong length
            /// or a non-zero reserved byte is an error.
            pub fn try_from_bytes(bytes: &[u8]) -> Result<Self, ::tdx_abi::StructError> {
                match <&[u8; #size]>::try_from(bytes) {
                    Ok(exact) => Self::from_bytes(exact),
                    Err(_) => Err(::tdx_abi::StructError::WrongLength { name: Self::NAME, expected: Self::SIZE, got: bytes.len() }),
                }
            }

            /// The bytes, in the ABI's order.
            pub const fn as_bytes(&self) -> &[u8; #size] { &self.bytes }

            #accessors
        }

        impl Default for #ty {
            fn default() -> Self { Self::new_zeroed() }
        }

        impl core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let mut s = f.debug_struct(#name);
                #debug
                s.finish()
            }
        }
    }
}

/// (getter body, setter body, value type, Debug value) of a member.
fn member_code(
    m: &crate::model::Member,
    esize: u32,
    total: &Literal,
) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let off = lit(m.offset);
    let e = lit(esize);
    let count = lit(m.count);
    let single = m.count == 1;
    let get = format_ident!("{}", fn_name(&m.name));
    match &m.ty {
        MemberType::Uint(n) => {
            let uint = format_ident!("u{}", n * 8);
            if single {
                (
                    quote!(#uint::from_le_bytes(*::tdx_abi::array_at::<#e>(&self.bytes, #off))),
                    quote!(*::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #off) = value.to_le_bytes();),
                    quote!(#uint),
                    quote!(&format_args!("{:#x}", self.#get())),
                )
            } else {
                (
                    quote!(core::array::from_fn(|i| #uint::from_le_bytes(*::tdx_abi::array_at::<#e>(&self.bytes, #off + i * #e)))),
                    quote! {
                        for (i, v) in value.iter().enumerate() {
                            *::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #off + i * #e) = v.to_le_bytes();
                        }
                    },
                    quote!([#uint; #count]),
                    quote!(&self.#get()),
                )
            }
        }
        MemberType::Bytes(_) if single => (
            quote!(*::tdx_abi::array_at::<#total>(&self.bytes, #off)),
            quote!(*::tdx_abi::array_at_mut::<#total>(&mut self.bytes, #off) = value;),
            quote!([u8; #total]),
            quote!(&::tdx_abi::HexBytes(::tdx_abi::array_at::<#total>(&self.bytes, #off))),
        ),
        MemberType::Bytes(_) => (
            quote!(core::array::from_fn(|i| *::tdx_abi::array_at::<#e>(&self.bytes, #off + i * #e))),
            quote! {
                for (i, v) in value.iter().enumerate() {
                    *::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #off + i * #e) = *v;
                }
            },
            quote!([[u8; #e]; #count]),
            quote!(&::tdx_abi::HexBytes(::tdx_abi::array_at::<#total>(&self.bytes, #off))),
        ),
        MemberType::Layout(layout) => {
            let (t, uint) = (format_ident!("{}", type_name(layout)), format_ident!("u{}", esize * 8));
            let read = |at: TokenStream| quote!(super::#t::from_bits(#uint::from_le_bytes(*::tdx_abi::array_at::<#e>(&self.bytes, #at))));
            let write = |at: TokenStream, v: TokenStream| quote!(*::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #at) = #v.into_bits().to_le_bytes(););
            if single {
                (read(quote!(#off)), write(quote!(#off), quote!(value)), quote!(super::#t), quote!(&self.#get()))
            } else {
                let (r, w) = (read(quote!(#off + i * #e)), write(quote!(#off + i * #e), quote!(v)));
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
                    quote!(super::#t::from_bytes_unchecked(*::tdx_abi::array_at::<#e>(&self.bytes, #off))),
                    quote!(*::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #off) = *value.as_bytes();),
                    quote!(super::#t),
                    quote!(&self.#get()),
                )
            } else {
                (
                    quote!(core::array::from_fn(|i| super::#t::from_bytes_unchecked(*::tdx_abi::array_at::<#e>(&self.bytes, #off + i * #e)))),
                    quote! {
                        for (i, v) in value.iter().enumerate() {
                            *::tdx_abi::array_at_mut::<#e>(&mut self.bytes, #off + i * #e) = *v.as_bytes();
                        }
                    },
                    quote!([super::#t; #count]),
                    quote!(&self.#get()),
                )
            }
        }
    }
}

/// The struct's `StructSpec` registry entry.
pub fn spec(s: &Struct) -> TokenStream {
    let ty = format_ident!("{}", type_name(&s.name));
    let mut members: Vec<&crate::model::Member> = s.members.iter().collect();
    members.sort_by_key(|m| m.offset);
    let rows = members.iter().map(|m| {
        let (name, off) = (&m.name, format_ident!("{}_OFFSET", m.name));
        let size = lit(m.elem_size * m.count);
        quote!(::tdx_abi::MemberSpec { name: #name, offset: #ty::#off, size: #size },)
    });
    quote! {
        ::tdx_abi::StructSpec { name: #ty::NAME, size: #ty::SIZE, align: #ty::ALIGN, members: &[#(#rows)*] },
    }
}
