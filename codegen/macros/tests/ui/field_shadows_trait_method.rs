tdx_codegen_macros::tables!(r#"
layouts:
  - name: VENDOR_LIST
    width: 64
    summary: A vendor list type.
    source: {document: Vendor draft, section: "2.1"}
    fields:
      - {name: PFN, bits: "51:12", kind: hpa_pfn, description: List page., ref: r}
      - {name: COUNT, bits: "63:55", description: Entries minus one., ref: r}
    reserved: ["11:0", "54:52"]
    list: {address_field: PFN, count_field: COUNT, count_encoding: minus_one, capacity: 512, entry: page_hpa}
"#);

fn main() {}
