tdx_codegen_macros::tables!(r#"
layouts:
  - name: VENDOR_WORD
    width: 64
    summary: A vendor word.
    source: {document: Vendor draft, section: "2.1"}
    fields:
      - {name: PFN, bits: "51:12", kind: hpa_pfn, description: d, ref: r}
      - {name: LAST, bits: "63:55", description: d, ref: r}
    reserved: ["11:0", "54:52"]
    list: {address_field: PFN, count_field: COUNT, count_encoding: minus_one, capacity: 512, entry: page_hpa}
"#);

fn main() {}
