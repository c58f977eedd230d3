//! A test module with one test per typed leaf: a recording backend checks that
//! the stub puts each input in the register its table entry names (and leaves
//! every other register zero), issues the right RAX, and reads each output
//! from the right register.

use super::rust::leaf_stub;
use super::{banner, rust::format_file, EmitError};
use crate::model::{Model, RegArg};
use crate::names::{leaf_const, leaf_fn, leaf_type, type_name};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The value the test feeds the k-th input: page aligned, so valid for every input type.
fn input_value(k: usize) -> u64 {
    ((k as u64) + 1) << 12
}

fn construct(a: &RegArg, value: u64) -> TokenStream {
    let v = Literal::u64_suffixed(value);
    match a.ty.as_str() {
        "u64" => quote!(#v),
        "hpa" => quote!(PhysAddr::new(#v).unwrap()),
        "gpa" => quote!(GuestPhysAddr::new(#v).unwrap()),
        layout => {
            let t = format_ident!("{}", type_name(layout));
            quote!(#t::from_bits(#v))
        }
    }
}

fn raw(a: &RegArg, expr: TokenStream) -> TokenStream {
    match a.ty.as_str() {
        "u64" => expr,
        _ => quote!(#expr.into_bits()),
    }
}

/// The generated test module.
pub fn emit(model: &Model) -> Result<String, EmitError> {
    let mut tests = TokenStream::new();
    for leaf in model.leaves.values().filter(|l| l.inputs.is_some()) {
        let test = format_ident!("{}_uses_its_registers", leaf_fn(&leaf.name));
        let func = format_ident!("{}", leaf_fn(&leaf.name));
        let in_ty = format_ident!("{}In", leaf_type(&leaf.name));
        let version = *leaf.versions.iter().max().unwrap_or(&0);
        let inputs = leaf_stub::user_inputs(leaf);
        let mut fields = TokenStream::new();
        let mut expected = TokenStream::new();
        for (k, a) in inputs.iter().enumerate() {
            let f = format_ident!("{}", a.name);
            let value = construct(a, input_value(k));
            fields.extend(quote!(#f: #value,));
            let reg = format_ident!("{}", leaf_stub::register_variant(&a.reg));
            let v = Literal::u64_suffixed(input_value(k));
            expected.extend(quote!((Reg::#reg, #v),));
        }
        if let Some(flag) = leaf_stub::engine_owned(leaf) {
            let reg = format_ident!("{}", leaf_stub::register_variant(flag));
            expected.extend(quote!((Reg::#reg, 0u64),));
        }
        if leaf.versions.len() > 1 {
            let v = Literal::u8_unsuffixed(version as u8);
            fields.extend(quote!(version: #v,));
        }
        let rax = Literal::u64_suffixed(u64::from(leaf.number) | (u64::from(version) << 16));
        let bound = (leaf.resume != crate::model::ResumeRule::None).then(|| quote!(, DEFAULT_MAX_RESUMES));
        let checks: TokenStream = leaf
            .outputs
            .iter()
            .flatten()
            .map(|a| {
                let f = format_ident!("{}", a.name);
                let reg = format_ident!("{}", leaf_stub::register_variant(&a.reg));
                let got = raw(a, quote!(out.#f));
                let name = format!("output `{}`", a.name);
                quote!(assert_eq!(#got, output_value(Reg::#reg), #name);)
            })
            .collect();
        // The constant for the version under test: `leaf::TDH_X` or `leaf::TDH_X_V1`.
        let konst = match version {
            0 => format_ident!("{}", leaf_const(&leaf.name)),
            v => format_ident!("{}_V{v}", leaf_const(&leaf.name)),
        };
        let name = &leaf.name;
        tests.extend(quote! {
            #[test]
            fn #test() {
                let input = #in_ty { #fields };
                let mut rec = Recorder::default();
                let out = #func(&mut rec, &input #bound).unwrap();
                rec.assert_one_call(#rax, &[#expected]);
                assert_eq!(leaf::#konst, #rax, "the leaf constant of {}", #name);
                assert_eq!(out.completion.regs, rec.outputs());
                #checks
            }
        });
    }
    let doc = " Every typed leaf stub against a recording backend (generated, one test per leaf).";
    let tokens = quote! {
        #![doc = #doc]
        use super::support::{output_value, Recorder};
        use tdx_abi::*;
        #tests
    };
    format_file(&banner::rust("spec-tables"), tokens)
}
