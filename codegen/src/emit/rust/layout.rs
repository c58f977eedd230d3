//! The layout type itself: newtype, constructors, reserved-bit checks,
//! field metadata, `Debug`, and the `Layout` trait impl.

use super::field::string_literal;
use super::leaf_stub::availability_text;
use super::text::{Texts, BODY, ITEM};
use super::types::{cast, cast_text, hex, uint};
use super::{docs, field};
use crate::model::{Field, Layout};
use crate::names::{fn_name, type_name, FieldAccessors};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The type and accessors of one layout; `features0` resolves fields that name a TDX_FEATURES0 bit in `since`.
pub fn emit(layout: &Layout, features0: Option<&Layout>, texts: &mut Texts) -> TokenStream {
    let ty = format_ident!("{}", type_name(&layout.name));
    let storage = uint(layout.width);
    let width = layout.width;
    let width_lit = proc_macro2::Literal::u32_unsuffixed(width);
    let name = &layout.name;
    let reserved = hex(layout.reserved_mask(), width);
    let fields = layout.fields_by_position();
    let accessors: TokenStream = fields.iter().map(|f| field::emit(layout, f, texts)).collect();
    let specs = texts.items(field_specs(layout, &fields, features0));
    let debug = texts.top_items(debug_impl(layout, &fields));
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
    let declaration = texts.top_items(format!(
        "{}#[repr(transparent)]\n#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]\npub struct {ty}({storage});\n",
        docs::comment("", &docs::layout(layout))
    ));
    quote! {
        #declaration

        impl #ty {
            #[doc = " Spec name of the layout."]
            pub const NAME: &'static str = #name;
            #[doc = " Width of the word in bits."]
            pub const WIDTH: u32 = #width_lit;
            #[doc = " Bits the spec reserves; they must be zero."]
            pub const RESERVED_MASK: #storage = #reserved;
            #specs

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

        #debug

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

/// `FIELDS`: every named field, lowest bits first, as text.
fn field_specs(layout: &Layout, fields: &[&Field], features0: Option<&Layout>) -> String {
    let mut text = format!(
        "{ITEM}/// Every named field, lowest bits first.\n{ITEM}pub const FIELDS: &'static [::tdx_abi::FieldSpec] = &["
    );
    if fields.is_empty() {
        return text + "];\n";
    }
    text.push('\n');
    let (entry, member) = (BODY, format!("{BODY}{ITEM}"));
    for f in fields {
        let mask = cast_text(&format!("Self::{}", FieldAccessors::of_field(f).mask), layout.width, 64);
        let fixed = f.fixed.map_or_else(|| "None".to_owned(), |v| format!("Some({v}u64)"));
        let since = f.since.as_deref().unwrap_or_default();
        let availability = availability_text(crate::resolved::resolve_availability(since, features0));
        text += &format!(
            "{entry}::tdx_abi::FieldSpec {{\n{member}name: {},\n{member}hi: {},\n{member}lo: {},\n{member}mask: {mask},\n\
             {member}fixed: {fixed},\n{member}availability: {availability},\n{entry}}},\n",
            string_literal(&f.name),
            f.bits.hi,
            f.bits.lo
        );
    }
    text + ITEM + "];\n"
}

/// The `Debug` impl: each field by its getter's name (frame numbers in hex), then any reserved bits set.
fn debug_impl(layout: &Layout, fields: &[&Field]) -> String {
    let ty = type_name(&layout.name);
    let mut text = format!(
        "impl ::core::fmt::Debug for {ty} {{\n{ITEM}fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{\n\
         {BODY}let mut s = f.debug_struct({});\n",
        string_literal(&ty)
    );
    for f in fields {
        let key = fn_name(&f.name);
        let value = if f.kind.is_frame() {
            format!("&format_args!(\"{{:#x}}\", self.{key}())")
        } else {
            format!("&self.{key}()")
        };
        text += &format!("{BODY}s.field({}, {value});\n", string_literal(&key));
    }
    text + &format!(
        "{BODY}if self.reserved_bits() != 0 {{\n{BODY}{ITEM}s.field(\"reserved\", &format_args!(\"{{:#x}}\", self.reserved_bits()));\n\
         {BODY}}}\n{BODY}s.finish()\n{ITEM}}}\n}}\n"
    )
}
