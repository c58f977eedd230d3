//! Rust output: one module per layout, and a `mod.rs` that re-exports them.

mod docs;
mod field;
mod layout;
pub mod leaf_stub;
pub mod leaves;
mod metadata;
mod page_list;
mod status;
mod types;

use super::{banner, EmitError, GeneratedFile};
use crate::model::{Layout, Model};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The type a field's getter returns (`bool`, `u8`..`u64`).
pub fn field_value_type(field: &crate::model::Field) -> TokenStream {
    types::field_type(field)
}

/// The tokens of one layout: type, accessors, trait impls. Shared with the
/// proc-macro front end so both emit identical code.
pub fn layout_tokens(layout: &Layout) -> TokenStream {
    let mut tokens = layout::emit(layout);
    if let Some(roles) = &layout.list {
        tokens.extend(page_list::emit(layout, roles));
    }
    tokens
}

/// Formats `tokens` as a file, in-process, under a banner.
pub fn format_file(banner: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError(format!("emitted tokens do not parse: {e}")))?;
    Ok(format!("{banner}\n{}", prettyplease::unparse(&file)))
}

fn module_name(layout: &Layout) -> String {
    layout.name.to_ascii_lowercase()
}

/// `mod.rs` plus one file per layout under `dir`.
pub fn emit_modules(model: &Model, dir: &str) -> Result<Vec<GeneratedFile>, EmitError> {
    let mut files = Vec::new();
    let mut items = TokenStream::new();
    let mut specs = TokenStream::new();
    for layout in model.layouts.values() {
        let module = format_ident!("{}", module_name(layout));
        let ty = format_ident!("{}", crate::names::type_name(&layout.name));
        items.extend(quote! { mod #module; pub use #module::#ty; });
        specs.extend(quote! {
            ::tdx_abi::LayoutSpec {
                name: #ty::NAME,
                width: #ty::WIDTH,
                reserved_mask: <#ty as ::tdx_abi::Layout>::RESERVED_MASK,
                fields: #ty::FIELDS,
            },
        });
        let input = &model.tables.files[layout.origin.file].display_path;
        let contents = format_file(&banner::rust(input, model.layout_sha256(layout)), layout_tokens(layout))?;
        files.push(GeneratedFile { path: format!("{dir}/{}.rs", module_name(layout)), contents });
    }
    let combined = model.tables.combined_sha256();
    let whole = banner::rust("spec-tables", &combined);
    // Each section exists only when its tables do, so a layout-only table set
    // (e.g. a downstream crate's) gets layout modules only.
    let mut sections = Vec::new();
    if !model.leaves.is_empty() {
        let (leaves_root, areas) = leaves::emit(model);
        files.push(GeneratedFile { path: format!("{dir}/leaves/mod.rs"), contents: format_file(&whole, leaves_root)? });
        for (area, tokens) in areas {
            files.push(GeneratedFile {
                path: format!("{dir}/leaves/{area}.rs"),
                contents: format_file(&whole, tokens)?,
            });
        }
        sections.push("leaves");
    }
    if !model.metadata_fields.is_empty() {
        let contents = format_file(&whole, metadata::emit(model))?;
        files.push(GeneratedFile { path: format!("{dir}/metadata_fields.rs"), contents });
        sections.push("metadata_fields");
    }
    if !model.status_codes.is_empty() || !model.operand_ids.is_empty() {
        let contents = format_file(&whole, status::emit(model))?;
        files.push(GeneratedFile { path: format!("{dir}/status_codes.rs"), contents });
        sections.push("status_codes");
    }
    let section_mods: TokenStream = sections
        .iter()
        .map(|s| {
            let m = format_ident!("{s}");
            quote!(mod #m; pub use #m::*;)
        })
        .collect();
    let doc = " Layouts, leaves, status codes and metadata fields generated from the spec tables.";
    let root = quote! {
        #![doc = #doc]
        #items
        #section_mods
        #[doc = " Every generated layout, in name order."]
        pub const LAYOUTS: &[::tdx_abi::LayoutSpec] = &[#specs];
    };
    let contents = format_file(&banner::rust("spec-tables", &model.tables.combined_sha256()), root)?;
    files.push(GeneratedFile { path: format!("{dir}/mod.rs"), contents });
    Ok(files)
}
