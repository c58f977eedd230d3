tdx_codegen_macros::include_tables!(tables::vendor);

fn main() {}
