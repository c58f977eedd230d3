tdx_codegen_macros::tables!(r#"
source: {document: Vendor draft, section: "3"}
status_codes:
  - {name: TDX_VENDOR_BUSY, value: 0x8000AA0000000000}
"#);

fn main() {}
