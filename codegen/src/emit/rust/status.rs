//! `TdxStatus` constants, the status and operand name lookups, and their registries.

use super::docs;
use crate::model::{Model, StatusCode};
use crate::names::{operand_const, status_const};
use crate::validate::status_key;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

fn hex_u64(v: u64) -> Literal {
    super::types::hex(v, 64)
}

/// The doc of a status constant (a module's `TdxStatus` or a VMM's `TdvmcallStatus`):
/// name and value, description, the kernel's value where it differs, note, citation.
pub(super) fn status_doc(s: &StatusCode) -> String {
    let mut doc = format!("`{}` ({:#018x}).", s.name, s.value);
    if let Some(d) = &s.description {
        doc += &format!(" {}", d.trim());
    }
    if let Some(k) = s.kernel_value {
        doc += &format!("\n\nThe Linux kernel defines {k:#018x}; both decode as this code.");
    }
    if let Some(n) = &s.note {
        doc += &format!("\n\n{}", n.trim());
    }
    doc + &format!("\n\nSource: {}", docs::citation(&s.source))
}

/// Tokens of `generated/status.rs`.
pub fn emit(model: &Model) -> TokenStream {
    let mut consts = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut infos = TokenStream::new();
    for s in model.status_codes.values() {
        let ident = format_ident!("{}", status_const(&s.name));
        let value = hex_u64(s.value);
        let doc = docs::attrs(&status_doc(s));
        consts.extend(quote! { #doc pub const #ident: TdxStatus = TdxStatus::from_bits(#value); });
        let key = hex_u64(status_key(s.value));
        let short = status_const(&s.name);
        arms.extend(quote! { #key => Some(#short), });
        let name = &s.name;
        infos.extend(quote! { ::tdx_abi::StatusInfo { name: #name, status: TdxStatus::#ident }, });
    }
    let mut op_consts = TokenStream::new();
    let mut op_arms = TokenStream::new();
    let mut op_infos = TokenStream::new();
    for o in model.operand_ids.values() {
        let short = operand_const(&o.name);
        let ident = format_ident!("{short}");
        let value = Literal::u32_unsuffixed(o.value);
        let mut doc = format!("`{}` ({:#x}).", o.name, o.value);
        if let Some(n) = &o.note {
            doc += &format!(" {}", n.trim());
        }
        let doc = docs::attrs(&doc);
        op_consts.extend(quote! { #doc pub const #ident: u32 = #value; });
        op_arms.extend(quote! { #value => Some(#short), });
        let name = &o.name;
        op_infos.extend(quote! { ::tdx_abi::OperandInfo { name: #name, id: #value }, });
    }
    quote! {
        use ::tdx_abi::TdxStatus;

        impl TdxStatus {
            #consts
        }

        /// The name of the status code identified by `key` (see [`TdxStatus::code_key`]).
        pub(crate) fn status_name(key: u64) -> Option<&'static str> {
            match key {
                #arms
                _ => None,
            }
        }

        #[doc = " Every named status code, in name order."]
        pub const STATUS_CODES: &[::tdx_abi::StatusInfo] = &[#infos];

        /// Operand IDs: bits 31:0 of an operand error name the operand at fault.
        pub mod operand {
            #op_consts
        }

        /// The name of operand ID `id`.
        pub(crate) fn operand_name(id: u32) -> Option<&'static str> {
            match id {
                #op_arms
                _ => None,
            }
        }

        #[doc = " Every operand ID, in value order."]
        pub const OPERAND_IDS: &[::tdx_abi::OperandInfo] = &[#op_infos];
    }
}
