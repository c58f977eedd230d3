tdx_codegen_macros::tables!(r#"
layouts:
  - name: VENDOR_WORD
    width: 8
    summary: "A vendor \u202Eword."
    source: {document: Vendor draft, section: "2.1"}
    fields:
      - {name: A, bits: "7:0", description: d, ref: r}
"#);

fn main() {}
