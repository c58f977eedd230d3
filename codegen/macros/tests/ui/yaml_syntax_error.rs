tdx_codegen_macros::tables!(r#"
layouts:
  - name: VENDOR_WORD
    width: 64
    summary: "a summary that never ends
    source: {document: Vendor draft, section: "2.1"}
"#);

fn main() {}
