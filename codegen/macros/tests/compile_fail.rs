//! Bad tables fail to compile, with the generator's message at the call site
//! (checked-in `.stderr` files; `TRYBUILD=overwrite` rewrites them).

#[test]
fn bad_tables_fail_to_compile_with_a_clear_message() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
