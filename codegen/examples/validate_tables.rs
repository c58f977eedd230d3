//! Loads and validates a table directory: `cargo run -p tdx-codegen --example validate_tables -- spec-tables`.
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "spec-tables".into());
    let dir = std::path::Path::new(&dir);
    let sources = tdx_codegen::load::read_dir(dir, dir.parent().unwrap_or(dir)).expect("read tables");
    match tdx_codegen::load::load(&sources).and_then(tdx_codegen::validate::validate) {
        Ok(m) => println!("{} layouts valid", m.layouts.len()),
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(1)
        }
    }
}
