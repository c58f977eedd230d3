//! A memory structure as a byte-backed type: the bytes in the ABI's order,
//! typed getters and setters per member (little-endian integers, byte runs,
//! nested structs, arrays of each), offset constants checked at compile time,
//! and a constructor that refuses a non-zero reserved byte by its offset.

use super::docs;
use crate::model::{MemberType, Model, Struct};
use crate::names::{fn_name, struct_member_items, type_name};
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

pub fn emit(model: &Model, s: &Struct) -> TokenStream {
    let ty = format_ident!("{}", type_name(&s.name));
    let (name, size, align) = (&s.name, lit(s.size), lit(s.align));
    let repr = if s.align > 1 { quote!(#[repr(C, align(#align))]) } else { quote!(#[repr(C)]) };
    // tdx-abi's feature `zerocopy` decides the derives; `Unaligned` only where the ABI asks no alignment.
    let alignment = if s.align > 1 { format_ident!("aligned") } else { format_ident!("unaligned") };
    let mut doc = format!("`{}` ({} bytes", s.name, s.size);
    if s.align > 1 {
        doc += &format!(", {}-byte aligned", s.align);
    }
    doc += &format!("): {}", s.summary.trim());
    if let Some(d) = &s.description {
        doc += &format!("\n\n{}", d.trim());
    }
    doc += &format!("\n\n```text\n{}\n```\n\nSource: {}", crate::diagram::byte_map(s), docs::citation(&s.source));
    let doc = docs::attrs(&doc);
    let mut reserved = Vec::new();
    reserved_ranges(model, s, 0, &mut reserved);
    reserved.sort();
    let reserved_lits = reserved.iter().map(|(a, b)| {
        let (a, b) = (lit(*a), lit(*b));
        quote!((#a, #b))
    });
    let mut consts = TokenStream::new();
    // The view holds the getters; the owned type's delegate to it.
    let mut fits = TokenStream::new();
    let mut getters = TokenStream::new();
    let mut delegates = TokenStream::new();
    let mut setters = TokenStream::new();
    let mut debug = TokenStream::new();
    for m in &s.members {
        let f = fn_name(&m.name);
        let [get, set, with, off_name] = struct_member_items(&m.name).map(|n| format_ident!("{n}"));
        let off = lit(m.offset);
        let esize = m.elem_size;
        let total = lit(esize * m.count);
        let off_doc = format!(" Byte offset of `{}.{}`.", s.name, m.name);
        let fit_msg = format!("{}.{} lies past the struct's end", s.name, m.name);
        fits.extend(quote!(assert!(#ty::#off_name + #total <= #ty::SIZE, #fit_msg);));
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
        let (getter, setter, value_ty, dbg) = super::struct_members::member_code(m, esize, &total);
        let (set_doc, with_doc) = (
            format!(" Sets `{}`; see [`Self::{f}`].", m.name),
            format!(" A copy with `{}` set; see [`Self::{f}`].", m.name),
        );
        getters.extend(quote! {
            #what
            pub fn #get(&self) -> #value_ty { #getter }
        });
        delegates.extend(quote! {
            #what
            #[inline]
            pub fn #get(&self) -> #value_ty { self.view().#get() }
        });
        setters.extend(quote! {
            #[doc = #set_doc]
            pub fn #set(&mut self, value: #value_ty) { #setter }
            #[doc = #with_doc]
            #[must_use]
            pub fn #with(mut self, value: #value_ty) -> Self { self.#set(value); self }
        });
        let key = f.clone();
        debug.extend(quote!(s.field(#key, #dbg);));
    }
    let view_tokens = super::struct_view::emit(s, &getters, &debug);
    let view = format_ident!("{}", crate::names::struct_view_name(&s.name));
    quote! {
        ::tdx_abi::__memory_struct! {
            #alignment;
            #doc
            #repr
            #[derive(Clone, Copy, PartialEq, Eq, Hash)]
            pub struct #ty { bytes: [u8; #size], }
        }
        ::tdx_abi::__struct_serde!(#ty);

        // The type is exactly the struct's bytes: a compile error otherwise
        // (`size_of` is in the prelude only from Rust 1.80; the path keeps the MSRV).
        #[allow(unused_qualifications)]
        const _: [(); #size] = [(); core::mem::size_of::<#ty>()];
        // Every member lies inside the struct: a compile error otherwise
        // (`offset + 1 <= SIZE` for a byte member is written like the others).
        #[allow(clippy::int_plus_one)]
        const _: () = { #fits };

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
                #view::from_bytes(bytes).map(|v| v.to_struct())
            }

            /// The struct in `bytes` (received bytes of any length): the wrong length
            /// or a non-zero reserved byte is an error.
            pub fn try_from_bytes(bytes: &[u8]) -> Result<Self, ::tdx_abi::StructError> {
                #view::try_from_bytes(bytes).map(|v| v.to_struct())
            }

            /// The bytes, in the ABI's order.
            pub const fn as_bytes(&self) -> &[u8; #size] { &self.bytes }

            /// The struct's bytes as a view (what the getters of both read).
            pub const fn view(&self) -> #view<'_> { #view::from_bytes_unchecked(&self.bytes) }

            #delegates
            #setters
        }

        #view_tokens

        impl Default for #ty {
            fn default() -> Self { Self::new_zeroed() }
        }

        impl core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Debug::fmt(&self.view(), f)
            }
        }

        // The inherent items answer (they take precedence in these paths).
        impl ::tdx_abi::MemoryStruct for #ty {
            const NAME: &'static str = #ty::NAME;
            const SIZE: usize = #ty::SIZE;
            const ALIGN: usize = #ty::ALIGN;
            const RESERVED_BYTES: &'static [(usize, usize)] = #ty::RESERVED_BYTES;
            fn as_bytes(&self) -> &[u8] { #ty::as_bytes(self) }
            fn try_from_bytes(bytes: &[u8]) -> Result<Self, ::tdx_abi::StructError> { #ty::try_from_bytes(bytes) }
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
