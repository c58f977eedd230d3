//! The generator comparisons' synthetic inputs have the field count they claim, in both forms.

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

#[test]
fn both_inputs_have_the_field_count() {
    let y = String::from_utf8(synthetic::tables(40).bytes).unwrap();
    assert_eq!(y.matches("{name: F").count(), 40);
    assert_eq!(synthetic::svd(40).matches("<field>").count(), 40);
    assert_eq!(synthetic::svd(40).matches("<register>").count(), 3);
    // The tables load and validate.
    let model = tdx_codegen::load::load(&[synthetic::tables(40)]).and_then(tdx_codegen::validate::validate);
    assert!(model.is_ok());
}
