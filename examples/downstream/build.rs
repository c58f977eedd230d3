//! Generates `$OUT_DIR/tdx_tables.rs` from tables/config.yaml.

fn main() {
    if let Err(e) = tdx_codegen::Builder::new().table("tables/config.yaml").generate() {
        // A bad table fails the build with the generator's message.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
