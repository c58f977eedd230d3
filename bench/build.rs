//! Compiles the C populate loop the list-page benchmark compares against.
fn main() {
    println!("cargo:rerun-if-changed=c/populate.c");
    cc::Build::new().file("c/populate.c").opt_level(2).warnings_into_errors(true).compile("tdx_bench_populate");
}
