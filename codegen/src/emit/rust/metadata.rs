//! Metadata field-ID constants, one module per scope (`metadata` global,
//! `td_metadata`, `vcpu_metadata`), other forms of an ID in `linux_form` and
//! `json_form` beside them, and the `METADATA_FIELDS` registry.

use super::docs;
use crate::model::{MetadataAccess, MetadataField, MetadataScope, Model, Rights};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The module of a scope's constants.
pub fn scope_module(scope: MetadataScope) -> &'static str {
    match scope {
        MetadataScope::Global => "metadata",
        MetadataScope::Td => "td_metadata",
        MetadataScope::Vcpu => "vcpu_metadata",
    }
}

fn scope_doc(scope: MetadataScope) -> &'static str {
    match scope {
        MetadataScope::Global => " Field identifiers of the global metadata fields (read with TDH.SYS.RD and TDG.SYS.RD).",
        MetadataScope::Td => " Field identifiers of the TD-scope metadata fields (TDR, TDCS: TDH.MNG.RD/WR, TDG.VM.RD/WR), in the module's form.",
        MetadataScope::Vcpu => " Field identifiers of the vCPU-scope metadata fields (TDVPS: TDH.VP.RD/WR, TDG.VP.RD/WR), in the module's form.",
    }
}

fn id(value: u64) -> TokenStream {
    let v = super::types::hex(value, 64);
    quote!(::tdx_abi::FieldId::from_bits(#v))
}

fn rights(r: Rights) -> TokenStream {
    match r {
        Rights::None => quote!(::tdx_abi::Rights::None),
        Rights::Read => quote!(::tdx_abi::Rights::Read),
        Rights::Write => quote!(::tdx_abi::Rights::Write),
        Rights::ReadWrite => quote!(::tdx_abi::Rights::ReadWrite),
    }
}

fn access(a: Option<MetadataAccess>) -> TokenStream {
    match a {
        None => quote!(None),
        Some(a) => {
            let (host, host_debug, guest) = (rights(a.host), rights(a.host_debug), rights(a.guest));
            let migtd = match a.migtd {
                Some(r) => {
                    let r = rights(r);
                    quote!(Some(#r))
                }
                None => quote!(None),
            };
            quote!(Some(::tdx_abi::MetadataAccess { host: #host, host_debug: #host_debug, guest: #guest, migtd: #migtd }))
        }
    }
}

fn access_text(a: &MetadataAccess) -> String {
    let mut s = format!(
        "Access: host {}, host (debug TD) {}, guest {}",
        a.host.spelling(),
        a.host_debug.spelling(),
        a.guest.spelling()
    );
    if let Some(m) = a.migtd {
        s += &format!(", migration TD {}", m.spelling());
    }
    s + "."
}

fn doc(m: &MetadataField) -> String {
    let mut doc = format!("`{}`: field ID {:#018x}, {}-byte elements", m.name, m.field_id, m.element_size);
    if m.count > 1 || m.elements > 1 {
        doc += &format!(", {} fields of {} element(s)", m.count, m.elements);
    }
    doc += ".";
    if let Some(d) = &m.description {
        doc += &format!(" {}", d.trim());
    }
    if let Some(a) = &m.access {
        doc += &format!("\n\n{}", access_text(a));
    }
    if let Some(l) = m.linux_field_id {
        doc += &format!("\n\nThe Linux kernel writes {l:#018x}: [`linux_form::{}`].", m.name);
    }
    if let Some(j) = m.json_field_id {
        doc += &format!("\n\nIntel's ABI JSON writes {j:#018x}: [`json_form::{}`].", m.name);
    }
    if let Some(n) = &m.note {
        doc += &format!("\n\n{}", n.trim());
    }
    doc + &format!("\n\nSource: {}", docs::citation(&m.source))
}

/// The constants of one scope, with their other forms in submodules.
fn scope_items(model: &Model, scope: MetadataScope) -> Option<TokenStream> {
    let fields: Vec<&MetadataField> = model.metadata_fields.values().filter(|m| m.scope == scope).collect();
    if fields.is_empty() {
        return None;
    }
    let module = format_ident!("{}", scope_module(scope));
    let (mut consts, mut linux, mut json) = (TokenStream::new(), TokenStream::new(), TokenStream::new());
    for m in &fields {
        let (ident, value, d) = (format_ident!("{}", m.name), id(m.field_id), docs::attrs(&doc(m)));
        consts.extend(quote! { #d pub const #ident: ::tdx_abi::FieldId = #value; });
        if let Some(l) = m.linux_field_id {
            let (value, d) = (
                id(l),
                docs::attrs(&format!(
                    "`{}` as the Linux kernel writes it ({l:#018x}); [`super::{}`] is the module's form.",
                    m.name, m.name
                )),
            );
            linux.extend(quote! { #d pub const #ident: ::tdx_abi::FieldId = #value; });
        }
        if let Some(j) = m.json_field_id {
            let (value, d) = (
                id(j),
                docs::attrs(&format!(
                    "`{}` as Intel's ABI JSON writes it ({j:#018x}); [`super::{}`] is the module's form.",
                    m.name, m.name
                )),
            );
            json.extend(quote! { #d pub const #ident: ::tdx_abi::FieldId = #value; });
        }
    }
    let doc = scope_doc(scope);
    let linux = (!linux.is_empty()).then(|| {
        quote! {
            /// The same fields as the Linux kernel writes their IDs, where that differs (see spec-tables/README.md).
            pub mod linux_form { #linux }
        }
    });
    let json = (!json.is_empty()).then(|| {
        quote! {
            /// The same fields as Intel's ABI JSON writes their IDs, where that differs (see spec-tables/README.md).
            pub mod json_form { #json }
        }
    });
    Some(quote! {
        #[doc = #doc]
        pub mod #module {
            #consts
            #linux
            #json
        }
    })
}

/// Tokens of `generated/metadata_fields.rs`.
pub fn emit(model: &Model) -> TokenStream {
    let mut modules = TokenStream::new();
    for scope in [MetadataScope::Global, MetadataScope::Td, MetadataScope::Vcpu] {
        modules.extend(scope_items(model, scope));
    }
    let mut infos = TokenStream::new();
    for m in model.metadata_fields.values() {
        let (module, ident) = (format_ident!("{}", scope_module(m.scope)), format_ident!("{}", m.name));
        let (name, size) = (&m.name, Literal::u8_unsuffixed(m.element_size as u8));
        let (count, elements) = (Literal::u16_unsuffixed(m.count as u16), Literal::u16_unsuffixed(m.elements as u16));
        let scope = format_ident!(
            "{}",
            match m.scope {
                MetadataScope::Global => "Global",
                MetadataScope::Td => "Td",
                MetadataScope::Vcpu => "Vcpu",
            }
        );
        let access = access(m.access);
        let linux = match m.linux_field_id {
            Some(_) => quote!(Some(#module::linux_form::#ident)),
            None => quote!(None),
        };
        let json = match m.json_field_id {
            Some(_) => quote!(Some(#module::json_form::#ident)),
            None => quote!(None),
        };
        let since = m.since.as_deref().unwrap_or_default();
        let availability =
            super::leaf_stub::availability_tokens(crate::resolved::resolve_availability(since, model.features0()));
        infos.extend(quote! {
            ::tdx_abi::MetadataFieldInfo {
                name: #name, field_id: #module::#ident, element_size: #size, count: #count, elements: #elements,
                scope: ::tdx_abi::MetadataScope::#scope, access: #access, linux_form: #linux, json_form: #json,
                availability: #availability,
            },
        });
    }
    quote! {
        #modules

        #[doc = " Every metadata field, global first, then TD and vCPU scope, each in name order."]
        pub const METADATA_FIELDS: &[::tdx_abi::MetadataFieldInfo] = &[#infos];
    }
}
