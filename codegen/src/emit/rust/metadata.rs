//! Metadata field-ID constants and their registry.

use super::docs;
use crate::model::Model;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// Tokens of `generated/metadata.rs`.
pub fn emit(model: &Model) -> TokenStream {
    let mut consts = TokenStream::new();
    let mut infos = TokenStream::new();
    for m in model.metadata_fields.values() {
        let ident = format_ident!("{}", m.name);
        let id = super::types::hex(m.field_id, 64);
        let mut doc = format!("`{}`: field ID {:#018x}, {}-byte elements", m.name, m.field_id, m.element_size);
        if m.count > 1 || m.elements > 1 {
            doc += &format!(", {} fields of {} element(s)", m.count, m.elements);
        }
        doc += ".";
        if let Some(d) = &m.description {
            doc += &format!(" {}", d.trim());
        }
        if let Some(n) = &m.note {
            doc += &format!("\n\n{}", n.trim());
        }
        doc += &format!("\n\nSource: {}", m.source.citation());
        let doc = docs::attrs(&doc);
        consts.extend(quote! { #doc pub const #ident: ::tdx_abi::FieldId = ::tdx_abi::FieldId::from_bits(#id); });
        let (name, size) = (&m.name, Literal::u8_unsuffixed(m.element_size as u8));
        let (count, elements) = (Literal::u16_unsuffixed(m.count as u16), Literal::u16_unsuffixed(m.elements as u16));
        infos.extend(quote! {
            ::tdx_abi::MetadataFieldInfo { name: #name, field_id: metadata::#ident, element_size: #size, count: #count, elements: #elements },
        });
    }
    quote! {
        /// Field identifiers of the global metadata fields (read with TDH.SYS.RD).
        pub mod metadata {
            #consts
        }

        #[doc = " Every metadata field, in name order."]
        pub const METADATA_FIELDS: &[::tdx_abi::MetadataFieldInfo] = &[#infos];
    }
}
