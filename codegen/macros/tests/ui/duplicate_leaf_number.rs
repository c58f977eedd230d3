tdx_codegen_macros::tables!(r#"
source: {document: Vendor draft, section: "4"}
leaves:
  - {name: TDH.VENDOR.OPEN, number: 300, since: "vendor 0.1", description: Open., inputs: []}
  - {name: TDH.VENDOR.CLOSE, number: 300, since: "vendor 0.1", description: Close., inputs: []}
"#);

fn main() {}
