tdx_codegen_macros::tables!(r#"
source: {repo: vendor/tdx, path: include/vendor.h, commit: main}
leaves:
  - {name: TDH.VENDOR.RD, number: 250, since: "vendor 0.1", description: Read.}
"#);

fn main() {}
