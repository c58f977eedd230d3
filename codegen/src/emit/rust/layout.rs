//! The layout type itself: newtype, constructors, reserved-bit checks,
//! field metadata, `Debug`, and the `Layout` trait impl.

use super::leaf_stub::availability_text;
use super::text::{string_literal, Texts, BODY, ITEM};
use super::types::{cast_text, hex_text, uint_bits};
use super::{docs, field};
use crate::model::{Field, Layout};
use crate::names::{fn_name, type_name, FieldAccessors};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The type and accessors of one layout; `features0` resolves fields that name a TDX_FEATURES0 bit in `since`.
pub fn emit(layout: &Layout, features0: Option<&Layout>, texts: &mut Texts) -> TokenStream {
    let ty = format_ident!("{}", type_name(&layout.name));
    let fields = layout.fields_by_position();
    let declaration = texts.top_items(declaration(layout));
    let head = texts.items(head_items(layout) + &field_specs(layout, &fields, features0) + &raw_items(layout));
    let accessors: TokenStream = fields.iter().map(|f| field::emit(layout, f, texts)).collect();
    let traits = texts.top_items(debug_impl(layout, &fields) + &trait_impls(layout));
    quote! {
        #declaration
        impl #ty {
            #head
            #accessors
        }
        #traits
    }
}

/// The newtype, with the layout's doc (summary, diagram, field table, source).
fn declaration(layout: &Layout) -> String {
    format!(
        "{}#[repr(transparent)]\n#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]\npub struct {}(u{});\n",
        docs::comment("", &docs::layout(layout)),
        type_name(&layout.name),
        uint_bits(layout.width)
    )
}

/// `NAME`, `WIDTH` and `RESERVED_MASK`.
fn head_items(layout: &Layout) -> String {
    format!(
        "{ITEM}/// Spec name of the layout.\n{ITEM}pub const NAME: &'static str = {};\n\
         {ITEM}/// Width of the word in bits.\n{ITEM}pub const WIDTH: u32 = {};\n\
         {ITEM}/// Bits the spec reserves; they must be zero.\n{ITEM}pub const RESERVED_MASK: u{} = {};\n",
        string_literal(&layout.name),
        layout.width,
        uint_bits(layout.width),
        hex_text(layout.reserved_mask(), layout.width)
    )
}

/// One `#[inline]` method: its doc, `#[must_use]` if asked, its signature and one-expression body.
fn method(doc: &str, must_use: bool, signature: &str, body: &str) -> String {
    let must_use = if must_use { format!("{ITEM}#[must_use]\n") } else { String::new() };
    format!("{}{ITEM}#[inline]\n{must_use}{ITEM}{signature} {{\n{BODY}{body}\n{ITEM}}}\n", docs::comment(ITEM, doc))
}

/// Constructors, the raw value, and the reserved-bit checks.
fn raw_items(layout: &Layout) -> String {
    let storage = format!("u{}", uint_bits(layout.width));
    let reserved_set = cast_text("self.reserved_bits()", layout.width, 64);
    let check_doc = "Returns `self` if every reserved bit is zero, or an error naming the bits that are set.";
    let (arm, member) = (format!("{BODY}{ITEM}"), format!("{BODY}{ITEM}{ITEM}"));
    method("All fields zero.", true, "pub const fn new() -> Self", "Self(0)")
        + &method(
            "Wraps a raw value as is; reserved bits are kept (see [`Self::try_from_bits`]).",
            true,
            &format!("pub const fn from_bits(bits: {storage}) -> Self"),
            "Self(bits)",
        )
        + &method("The raw value.", true, &format!("pub const fn into_bits(self) -> {storage}"), "self.0")
        + &method(
            "Wraps a raw value, or returns an error if any reserved bit is set.",
            false,
            &format!("pub const fn try_from_bits(bits: {storage}) -> Result<Self, ::tdx_abi::ReservedBitsSet>"),
            "Self(bits).check_reserved()",
        )
        + &method(
            &format!("The reserved bits that are set (they must be zero). Reserved: `{:#x}`.", layout.reserved_mask()),
            true,
            &format!("pub const fn reserved_bits(self) -> {storage}"),
            "self.0 & Self::RESERVED_MASK",
        )
        + &format!(
            "{}{ITEM}#[inline]\n{ITEM}pub const fn check_reserved(self) -> Result<Self, ::tdx_abi::ReservedBitsSet> {{\n\
             {BODY}if self.reserved_bits() == 0 {{\n{arm}Ok(self)\n{BODY}}} else {{\n\
             {arm}Err(::tdx_abi::ReservedBitsSet {{\n{member}layout: Self::NAME,\n{member}bits: {reserved_set},\n{arm}}})\n\
             {BODY}}}\n{ITEM}}}\n",
            docs::comment(ITEM, check_doc)
        )
}

/// `From` both ways and the `Layout` trait.
fn trait_impls(layout: &Layout) -> String {
    let (ty, storage) = (type_name(&layout.name), format!("u{}", uint_bits(layout.width)));
    let (raw_in, raw_out) = (cast_text("bits", 64, layout.width), cast_text("self.0", layout.width, 64));
    format!(
        "impl From<{storage}> for {ty} {{\n{ITEM}fn from(bits: {storage}) -> Self {{\n{BODY}Self(bits)\n{ITEM}}}\n}}\n\
         impl From<{ty}> for {storage} {{\n{ITEM}fn from(value: {ty}) -> Self {{\n{BODY}value.0\n{ITEM}}}\n}}\n\
         impl ::tdx_abi::Layout for {ty} {{\n\
         {ITEM}const NAME: &'static str = {ty}::NAME;\n{ITEM}const WIDTH: u32 = {ty}::WIDTH;\n\
         {ITEM}const RESERVED_MASK: u64 = {};\n{ITEM}const FIELDS: &'static [::tdx_abi::FieldSpec] = {ty}::FIELDS;\n\
         {ITEM}fn from_bits(bits: u64) -> Self {{\n{BODY}Self({raw_in})\n{ITEM}}}\n\
         {ITEM}fn into_bits(self) -> u64 {{\n{BODY}{raw_out}\n{ITEM}}}\n}}\n",
        hex_text(layout.reserved_mask(), 64)
    )
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
