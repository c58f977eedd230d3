tdx_codegen_macros::tables!(r#"
layouts:
  - name: VENDOR_WORD
    width: 64
    summary: A vendor word.
    source: {document: Vendor draft, section: "2.1"}
    fields:
      - {name: A, bits: "64:0", description: d, ref: r}
"#);

fn main() {}
