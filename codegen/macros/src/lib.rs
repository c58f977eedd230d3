//! Generate tdx-abi-style code from your own YAML tables at compile time,
//! with exactly the emitter `cargo xtask regen` uses for tdx-abi.
//!
//! ```
//! // Or from a file or directory of `*.yaml`, relative to your Cargo.toml:
//! // tdx_codegen_macros::include_tables!("tables/vendor.yaml");
//! tdx_codegen_macros::tables!(r#"
//! layouts:
//!   - name: VENDOR_WORD
//!     width: 64
//!     summary: A vendor's prototype word.
//!     source: {document: Vendor TDX extension draft, section: "2.1"}
//!     fields:
//!       - {name: ENTRIES, bits: "3:0", description: Entries., ref: "Table 2-1"}
//!       - {name: PFN, bits: "51:12", kind: hpa_pfn, description: List page., ref: "Table 2-1"}
//!     reserved: ["11:4", "63:52"]
//! "#);
//!
//! fn main() {
//!     let w = VendorWord::new().with_entries(3).with_pfn(0x42);
//!     assert_eq!(w.into_bits(), 0x42003);
//!     assert!(w.try_with_entries(16).is_err(), "ENTRIES is 4 bits");
//! }
//! ```
//!
//! Invoke the macros at module level (not inside a function body): the
//! generated modules refer to each other through `super`. The items land
//! where the macro is invoked: one type per layout (with the
//! same accessors, `Layout` and `PageList` impls as tdx-abi's), `leaf::*`
//! constants and typed stubs for leaves, `metadata::*` field IDs, and a
//! `LAYOUTS` registry. The generated code names `::tdx_abi`, so the crate
//! using the macro depends on `tdx-abi`. A bad table is a `compile_error!`
//! at the call site naming the file, line:column, entry and field.

mod expansion;
#[cfg(test)]
mod ui_cases;

use proc_macro::TokenStream;

/// Generates code from a table file or directory, given relative to the
/// invoking crate's `CARGO_MANIFEST_DIR`. Cargo rebuilds when the file changes.
#[proc_macro]
pub fn include_tables(input: TokenStream) -> TokenStream {
    expansion::include_tables(input.into()).into()
}

/// Generates code from a table written inline, as a string literal.
#[proc_macro]
pub fn tables(input: TokenStream) -> TokenStream {
    expansion::inline_tables(input.into()).into()
}
