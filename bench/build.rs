//! Compiles the C populate loops the list-page benchmark compares against
//! (with feature `peers`, the default).
fn main() {
    #[cfg(feature = "peers")]
    {
        println!("cargo:rerun-if-changed=c/populate.c");
        cc::Build::new().file("c/populate.c").opt_level(2).warnings_into_errors(true).compile("tdx_bench_populate");
    }
}
