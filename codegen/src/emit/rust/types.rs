//! Choosing Rust integer types for words and fields.

use crate::model::{Field, FieldKind};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// The unsigned type of `bits` bits, rounded up to a machine word.
pub fn uint_bits(bits: u32) -> u32 {
    match bits {
        0..=8 => 8,
        9..=16 => 16,
        17..=32 => 32,
        _ => 64,
    }
}

/// `u8`..`u64` for a width.
pub fn uint(bits: u32) -> Ident {
    Ident::new(&format!("u{}", uint_bits(bits)), Span::call_site())
}

/// The type a field's getter returns, as text.
pub fn field_type_text(field: &Field) -> String {
    if field.kind == FieldKind::Flag {
        "bool".to_owned()
    } else {
        format!("u{}", uint_bits(field.bits.bit_len()))
    }
}

/// The type a field's getter returns.
pub fn field_type(field: &Field) -> TokenStream {
    let t = Ident::new(&field_type_text(field), Span::call_site());
    quote!(#t)
}

/// The text of a hex literal of type `u{bits}`, e.g. `0xff8_u64`.
pub fn hex_text(value: u64, bits: u32) -> String {
    let digits = format!("{value:x}");
    // Group in fours from the right, as rustfmt and clippy's unreadable_literal like.
    let mut out = String::with_capacity(digits.len() * 5 / 4 + 8);
    out.push_str("0x");
    for (i, group) in digits.as_bytes().rchunks(4).rev().enumerate() {
        if i > 0 {
            out.push('_');
        }
        out.extend(group.iter().map(|&b| char::from(b)));
    }
    out.push_str("_u");
    out.push_str(&uint_bits(bits).to_string());
    out
}

/// A hex literal of type `u{bits}`, e.g. `0xff8_u64`.
pub fn hex(value: u64, bits: u32) -> Literal {
    hex_text(value, bits).parse().unwrap_or_else(|_| Literal::u64_suffixed(value))
}

/// Whether a value of `from_bits` needs a cast to be one of `to_bits`.
fn needs_cast(from_bits: u32, to_bits: u32) -> bool {
    uint_bits(from_bits) != uint_bits(to_bits)
}

/// `(expr) as to`, or just `expr` when the types already match (avoids clippy's unnecessary_cast).
pub fn cast(expr: TokenStream, from_bits: u32, to_bits: u32) -> TokenStream {
    if needs_cast(from_bits, to_bits) {
        let to = uint(to_bits);
        quote!((#expr) as #to)
    } else {
        expr
    }
}

/// [`cast`] as text.
pub fn cast_text(expr: &str, from_bits: u32, to_bits: u32) -> String {
    if needs_cast(from_bits, to_bits) {
        format!("({expr}) as u{}", uint_bits(to_bits))
    } else {
        expr.to_owned()
    }
}

/// [`cast_operand`] as text.
pub fn cast_operand_text(expr: &str, from_bits: u32, to_bits: u32) -> String {
    if needs_cast(from_bits, to_bits) {
        format!("({})", cast_text(expr, from_bits, to_bits))
    } else {
        expr.to_owned()
    }
}

/// Like [`cast`], parenthesised when a cast happened, for use as an operand of
/// `<<` (where `x as u64 << n` would parse `u64<` as generics).
pub fn cast_operand(expr: TokenStream, from_bits: u32, to_bits: u32) -> TokenStream {
    if needs_cast(from_bits, to_bits) {
        let c = cast(expr, from_bits, to_bits);
        quote!((#c))
    } else {
        expr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_literals_are_grouped_and_suffixed() {
        assert_eq!(hex(0xFF8, 64).to_string(), "0xff8_u64");
        assert_eq!(hex(0xFF80_0000_0000_0000, 64).to_string(), "0xff80_0000_0000_0000_u64");
        assert_eq!(hex(0x1_0000, 16).to_string(), "0x1_0000_u16");
    }

    #[test]
    fn casts_only_between_different_types() {
        assert_eq!(cast(quote!(v), 9, 16).to_string(), "v");
        assert_eq!(cast(quote!(v), 9, 64).to_string(), "(v) as u64");
        assert_eq!(cast_operand(quote!(v), 9, 64).to_string(), "((v) as u64)");
        assert_eq!(cast_operand(quote!(v), 64, 64).to_string(), "v");
    }
}
