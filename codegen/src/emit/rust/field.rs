//! Consts and accessors for one field.

use super::docs;
use super::text::{first_fitting, string_literal, wrapped_call, Texts, BODY, ITEM};
use super::types::{cast, cast_operand, cast_operand_text, cast_text, field_type_text, hex, hex_text, uint_bits};
use crate::model::{Field, FieldKind, Layout};
use crate::names::FieldAccessors;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Everything a field adds to its layout's inherent impl, in this order:
/// consts, getter, `with_`, `try_with_`, the `&mut self` setters, the address
/// view. The items of a fixed shape are written as text.
pub fn emit(layout: &Layout, field: &Field, texts: &mut Texts) -> TokenStream {
    let n = FieldAccessors::of_field(field);
    let mut tokens = texts.items(
        consts(layout, field, &n) + &getter(layout, field, &n) + &with_setters(layout, field, &n) + &setters(field, &n),
    );
    if let Some(addr) = address_view(layout, field) {
        tokens.extend(addr);
    }
    tokens
}

fn ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{name}")
}

/// The `_OFFSET`, `_BITS` and `_MASK` consts.
fn consts(layout: &Layout, f: &Field, n: &FieldAccessors) -> String {
    let storage = format!("u{}", uint_bits(layout.width));
    let (lo, len, mask_value) = (f.bits.lo, f.bits.bit_len(), hex_text(f.bits.mask(), layout.width));
    let d_offset = docs::comment(ITEM, &format!("Lowest bit of `{}` (bits {}).", f.name, f.bits));
    let d_bits = docs::comment(ITEM, &format!("Width of `{}` in bits (bits {}).", f.name, f.bits));
    let d_mask = docs::comment(ITEM, &format!("`{}` in place: bits {}.", f.name, f.bits));
    format!(
        "{d_offset}{ITEM}pub const {}: u32 = {lo};\n{d_bits}{ITEM}pub const {}: u32 = {len};\n\
         {d_mask}{ITEM}pub const {}: {storage} = {mask_value};\n",
        n.offset, n.bits, n.mask
    )
}

/// The getter, documented with the field's meaning and source.
fn getter(layout: &Layout, f: &Field, n: &FieldAccessors) -> String {
    let head = format!(
        "`{}`, bits {}: {}\n\nSource: {}",
        f.name,
        f.bits,
        f.description.trim(),
        docs::escape(f.reference.trim())
    );
    let value = if f.kind == FieldKind::Flag {
        format!("self.0 & Self::{} != 0", n.mask)
    } else {
        cast_text(&format!("(self.0 & Self::{}) >> Self::{}", n.mask, n.offset), layout.width, f.bits.bit_len())
    };
    format!(
        "{}{ITEM}#[inline]\n{ITEM}#[must_use]\n{ITEM}pub const fn {}(self) -> {} {{\n{BODY}{value}\n{ITEM}}}\n",
        docs::comment(ITEM, &head),
        n.get,
        field_type_text(f)
    )
}

/// `set_` (and `try_set_` for a value field), in place through `with_` and `try_with_`.
fn setters(f: &Field, n: &FieldAccessors) -> String {
    let ty = field_type_text(f);
    let d_set =
        docs::comment(ITEM, &format!("Sets `{}` (bits {}) in place; see [`Self::{}`].", f.name, f.bits, n.with));
    let mut text = format!(
        "{d_set}{ITEM}#[inline]\n{ITEM}pub fn {}(&mut self, value: {ty}) {{\n{BODY}*self = self.{}(value);\n{ITEM}}}\n",
        n.set, n.with
    );
    if f.kind != FieldKind::Flag {
        let d_try_set = docs::comment(
            ITEM,
            &format!("Sets `{}` (bits {}) in place, or returns an error if `value` does not fit.", f.name, f.bits),
        );
        text += &format!(
            "{d_try_set}{ITEM}#[inline]\n{ITEM}pub fn {}(&mut self, value: {ty}) -> Result<(), ::tdx_abi::FieldError> {{\n\
             {BODY}*self = self.{}(value)?;\n{BODY}Ok(())\n{ITEM}}}\n",
            n.try_set, n.try_with
        );
    }
    text
}

/// `with_` and, for a value field, the checked `try_with_`.
fn with_setters(layout: &Layout, f: &Field, n: &FieldAccessors) -> String {
    let name = &f.name;
    let ty = field_type_text(f);
    let len = f.bits.bit_len();
    let value_bits = uint_bits(len);
    // A field that fills its value type exactly cannot overflow; asserting it would be an absurd comparison.
    let fills_type = len == value_bits;
    let d_with = docs::comment(
        ITEM,
        &if f.kind == FieldKind::Flag {
            format!("Returns a copy with `{name}` (bit {}) set to `value`; other bits are never touched.", f.bits.lo)
        } else if fills_type {
            format!("Returns a copy with `{name}` (bits {}) set to `value`; other bits are never touched.", f.bits)
        } else {
            format!(
                "Returns a copy with `{name}` (bits {}) set to `value`; other bits are never touched.\n\n# Panics\n\n\
                 In every build profile, if `value` needs more than {len} bits: the field would hold another value. \
                 Use [`Self::{}`] to get an error instead.",
                f.bits, n.try_with
            )
        },
    );
    let head = format!(
        "{d_with}{ITEM}#[inline]\n{ITEM}#[must_use]\n{ITEM}pub const fn {}(self, value: {ty}) -> Self {{\n",
        n.with
    );
    if f.kind == FieldKind::Flag {
        let (set, clear) = (format!("Self(self.0 | Self::{})", n.mask), format!("Self(self.0 & !Self::{})", n.mask));
        let body = first_fitting(&[&|| format!("{BODY}if value {{ {set} }} else {{ {clear} }}\n"), &|| {
            format!("{BODY}if value {{\n{BODY}    {set}\n{BODY}}} else {{\n{BODY}    {clear}\n{BODY}}}\n")
        }]);
        return format!("{head}{body}{ITEM}}}\n");
    }
    let max = hex_text(f.bits.max_value(), value_bits);
    // Checked in every profile: never a silent wrong value (the const panic cannot format `value`).
    let assert = if fills_type {
        String::new()
    } else {
        let msg =
            format!("{}.{name}: value does not fit {len} bits (largest is {:#x})", layout.name, f.bits.max_value());
        wrapped_call("assert!", &[format!("value <= {max}"), string_literal(&msg)], ";")
    };
    let widen = cast_operand_text("value", len, layout.width);
    let lhs = format!("(self.0 & !Self::{})", n.mask);
    let shifted = format!("({widen} << Self::{})", n.offset);
    let rhs = format!("({shifted} & Self::{})", n.mask);
    let set = first_fitting(&[
        &|| format!("{BODY}Self({lhs} | {rhs})\n"),
        &|| format!("{BODY}Self(\n{BODY}    {lhs} | {rhs},\n{BODY})\n"),
        &|| format!("{BODY}Self(\n{BODY}    {lhs}\n{BODY}        | {rhs},\n{BODY})\n"),
        &|| {
            format!(
                "{BODY}Self(\n{BODY}    {lhs}\n{BODY}        | ({shifted}\n{BODY}            & Self::{}),\n{BODY})\n",
                n.mask
            )
        },
    ]);
    let with = format!("{head}{assert}{set}{ITEM}}}\n");
    let d_try_with = docs::comment(
        ITEM,
        &format!(
            "Returns a copy with `{name}` (bits {}) set to `value`, or an error if `value` needs more than {len} bits.",
            f.bits
        ),
    );
    let check = if fills_type {
        format!("{BODY}Ok(self.{}(value))\n", n.with)
    } else {
        // `value` is already a u64 for wide fields; write the shorthand then (clippy: redundant_field_names).
        let value_field = if value_bits == 64 { "value".to_owned() } else { "value: (value) as u64".to_owned() };
        let inner = format!("{BODY}        ");
        format!(
            "{BODY}if value > {max} {{\n{BODY}    Err(::tdx_abi::FieldError::Overflow {{\n\
             {inner}layout: Self::NAME,\n{inner}field: {},\n{inner}{value_field},\n{inner}max: {},\n{BODY}    }})\n\
             {BODY}}} else {{\n{BODY}    Ok(self.{}(value))\n{BODY}}}\n",
            string_literal(name),
            hex_text(f.bits.max_value(), 64),
            n.with
        )
    };
    format!(
        "{with}{d_try_with}{ITEM}#[inline]\n{ITEM}pub const fn {}(self, value: {ty}) -> Result<Self, ::tdx_abi::FieldError> {{\n\
         {check}{ITEM}}}\n",
        n.try_with
    )
}

/// The address type a frame-number field's view returns (`PhysAddr`, ...).
pub fn address_type(kind: FieldKind) -> Option<TokenStream> {
    address_type_text(kind).and_then(|t| t.parse().ok())
}

/// [`address_type`] as text.
pub fn address_type_text(kind: FieldKind) -> Option<&'static str> {
    match kind {
        FieldKind::HpaPfn => Some("::tdx_abi::PhysAddr"),
        FieldKind::GpaPfn => Some("::tdx_abi::GuestPhysAddr"),
        FieldKind::GlaPfn => Some("::tdx_abi::GuestLinearAddr"),
        FieldKind::Plain | FieldKind::Flag => None,
    }
}

/// The typed address view of a frame-number field.
fn address_view(layout: &Layout, f: &Field) -> Option<TokenStream> {
    let addr_ty = address_type(f.kind)?;
    let full = f.kind.max_frame_bits()?;
    let name = &f.name;
    let len = f.bits.bit_len();
    let n = FieldAccessors::of_field(f);
    let a = n.addr.as_ref()?;
    let (get, with) = (ident(&n.get), ident(&n.with));
    let (addr_get, addr_with, addr_try_with, addr_set) =
        (ident(&a.get), ident(&a.with), ident(&a.try_with), ident(&a.set));
    let pfn_u64 = cast_operand(quote!(self.#get()), len, 64);
    let narrow = cast(quote!(addr.pfn()), 64, len);
    let max = hex(f.bits.max_value(), 64);
    let max_addr = hex(f.bits.max_value() << 12, 64);
    let spec = format!("{}.{name}", layout.name);
    // Validation caps frame fields at the address type's frame width; only a
    // narrower field needs the range check (never a silent wrong page).
    let narrower = len < full;
    let d_get = docs::attrs(&format!(
        "The address of the 4 KiB frame `{name}` (bits {}) names: the frame number shifted left by 12.",
        f.bits
    ));
    let limit_doc = if narrower {
        format!(" or above {:#x} (the highest page the {len}-bit field names)", f.bits.max_value() << 12)
    } else {
        String::new()
    };
    let d_with = docs::attrs(&format!(
        "Returns a copy with `{name}` (bits {}) naming the frame at `addr`.\n\n# Panics\n\nIn every build profile, if `addr` is not 4 KiB aligned{limit_doc}: \
         the field would name another page. Use [`Self::{addr_try_with}`] to get an error instead.",
        f.bits
    ));
    let d_try = docs::attrs(&format!(
        "Returns a copy with `{name}` (bits {}) naming the frame at `addr`, or an error if `addr` is not 4 KiB aligned{}.",
        f.bits,
        if narrower { " or names a frame the field cannot hold" } else { "" }
    ));
    let d_set =
        docs::attrs(&format!("Sets `{name}` (bits {}) to the frame at `addr`; see [`Self::{addr_with}`].", f.bits));
    let misaligned_msg = format!("{spec}: address is not 4 KiB aligned");
    let assert_fits = narrower.then(|| {
        let msg = format!("{spec}: address above {:#x}, the highest page the field names", f.bits.max_value() << 12);
        quote!(assert!(addr.pfn() <= #max, #msg);)
    });
    let check_fits = narrower.then(|| {
        quote! {
            else if addr.pfn() > #max {
                Err(::tdx_abi::FieldError::AddressTooHigh { layout: Self::NAME, field: #name, addr: addr.as_u64(), max_addr: #max_addr })
            }
        }
    });
    Some(quote! {
        #d_get
        #[inline]
        #[must_use]
        pub const fn #addr_get(self) -> #addr_ty { #addr_ty::new_truncate(#pfn_u64 << ::tdx_abi::PAGE_SHIFT) }
        #d_with
        #[inline]
        #[must_use]
        pub const fn #addr_with(self, addr: #addr_ty) -> Self {
            assert!(addr.is_page_aligned(), #misaligned_msg);
            #assert_fits
            self.#with(#narrow)
        }
        #d_try
        #[inline]
        pub const fn #addr_try_with(self, addr: #addr_ty) -> Result<Self, ::tdx_abi::FieldError> {
            if !addr.is_page_aligned() {
                Err(::tdx_abi::FieldError::Misaligned { layout: Self::NAME, field: #name, addr: addr.as_u64() })
            } #check_fits else {
                Ok(self.#with(#narrow))
            }
        }
        #d_set
        #[inline]
        pub fn #addr_set(&mut self, addr: #addr_ty) { *self = self.#addr_with(addr); }
    })
}
