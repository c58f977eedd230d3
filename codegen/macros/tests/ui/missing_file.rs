tdx_codegen_macros::include_tables!("tables/does_not_exist.yaml");

fn main() {}
