//! A test module with one test per typed leaf: a recording backend checks that
//! the stub puts each input in the register its table entry names (and leaves
//! every other register zero), issues the right RAX, and reads each output
//! from the right register.

use super::{banner, rust::format_file, EmitError};
use crate::model::Model;
use crate::resolved::{Arg, ArgType, Resume};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The value the test feeds the k-th input: page aligned, so valid for every input type.
pub(super) fn input_value(k: usize) -> u64 {
    ((k as u64) + 1) << 12
}

pub(super) fn construct(a: &Arg, value: u64) -> TokenStream {
    let v = Literal::u64_suffixed(value);
    match &a.ty {
        ArgType::U64 => quote!(#v),
        ArgType::Hpa => quote!(PhysAddr::new(#v).unwrap()),
        ArgType::Gpa => quote!(GuestPhysAddr::new(#v).unwrap()),
        // Page aligned, so aligned for every struct (validation caps alignment at 4096).
        ArgType::StructAddr { rust, .. } => {
            let t = format_ident!("{rust}");
            quote!(StructAddr::<#t>::new(PhysAddr::new(#v).unwrap()).unwrap())
        }
        ArgType::Layout { rust, .. } => {
            let t = format_ident!("{rust}");
            quote!(#t::from_bits(#v))
        }
    }
}

pub(super) fn raw(a: &Arg, expr: TokenStream) -> TokenStream {
    match a.ty {
        ArgType::U64 => expr,
        ArgType::Hpa | ArgType::Gpa | ArgType::StructAddr { .. } | ArgType::Layout { .. } => {
            quote!(#expr.into_bits())
        }
    }
}

/// One test per TDG.VP.VMCALL sub-function: TDCALL leaf 0 with RCX the exposure
/// bitmap (checked against one the test support derives on its own), R10 = 0,
/// R11 the code, each input in its register, each output from its register.
fn tdvmcall_tests(model: &Model) -> TokenStream {
    let mut tests = TokenStream::new();
    for t in model.tdvmcalls.values() {
        let test = format_ident!("{}", crate::names::tdvmcall_test(&t.name));
        let (func, in_ty) = (format_ident!("{}", t.names.func), format_ident!("{}", t.names.input));
        let (konst, expose) = (format_ident!("{}", t.names.konst), format_ident!("{}", t.names.expose));
        let (mut fields, mut expected) = (TokenStream::new(), TokenStream::new());
        for (k, a) in t.inputs.iter().enumerate() {
            let f = format_ident!("{}", a.name);
            let value = construct(a, input_value(k));
            fields.extend(quote!(#f: #value,));
            let reg = format_ident!("{}", a.reg.variant());
            let v = Literal::u64_suffixed(input_value(k));
            expected.extend(quote!((Reg::#reg, #v),));
        }
        let (code, bits) = (Literal::u64_suffixed(t.code), Literal::u64_suffixed(t.expose));
        let named: Vec<TokenStream> = t
            .inputs
            .iter()
            .chain(&t.outputs)
            .map(|a| {
                let r = format_ident!("{}", a.reg.variant());
                quote!(Reg::#r)
            })
            .collect();
        let checks: TokenStream = t
            .outputs
            .iter()
            .map(|a| {
                let (f, reg) = (format_ident!("{}", a.name), format_ident!("{}", a.reg.variant()));
                let got = raw(a, quote!(out.#f));
                let name = format!("output `{}`", a.name);
                quote!(assert_eq!(#got, output_value(Reg::#reg), #name);)
            })
            .collect();
        tests.extend(quote! {
            #[test]
            fn #test() {
                let input = tdvmcalls::#in_ty { #fields };
                let mut rec = Recorder::vmm();
                let out = tdvmcalls::#func(&mut rec, &input).unwrap();
                assert_eq!((tdvmcall::#konst, tdvmcall::#expose), (#code, #bits));
                assert_eq!(#bits, exposing(&[#(#named),*]), "RCX exposes R10, R11 and the registers of the map");
                rec.assert_one_call(Instruction::Tdcall, rax(tdcall::TDG_VP_VMCALL, 0), &[
                    (Reg::Rcx, #bits), (Reg::R11, #code), #expected
                ]);
                assert_eq!(out.regs, rec.outputs());
                #checks
            }
        });
    }
    tests
}

/// The generated test module.
pub fn emit(model: &Model) -> Result<String, EmitError> {
    let mut tests = TokenStream::new();
    let all = crate::resolved::Instruction::ALL.into_iter().flat_map(|i| model.leaves_of(i).values());
    for leaf in all.filter(|l| l.inputs.is_some()) {
        let test = format_ident!("{}", crate::names::leaf_test(&leaf.name));
        // The stubs live in their area's public module: `leaves::mng::tdh_mng_rd`, `tdcalls::vp::tdg_vp_info`.
        let (tree, area) = (format_ident!("{}", leaf.instruction.tree()), format_ident!("{}", leaf.names.area));
        let (func_name, in_name) = (format_ident!("{}", leaf.names.func), format_ident!("{}", leaf.names.input));
        let (func, in_ty) = (quote!(#tree::#area::#func_name), quote!(#tree::#area::#in_name));
        let (variant, consts) =
            (format_ident!("{}", leaf.instruction.variant()), format_ident!("{}", leaf.instruction.consts_module()));
        let version = *leaf.versions.iter().max().unwrap_or(&0);
        let inputs = leaf.user_inputs();
        let mut fields = TokenStream::new();
        let mut expected = TokenStream::new();
        for (k, a) in inputs.iter().enumerate() {
            let f = format_ident!("{}", a.name);
            let value = construct(a, input_value(k));
            fields.extend(quote!(#f: #value,));
            let reg = format_ident!("{}", a.reg.variant());
            let v = Literal::u64_suffixed(input_value(k));
            expected.extend(quote!((Reg::#reg, #v),));
        }
        if let Some(flag) = leaf.engine_owned() {
            let reg = format_ident!("{}", flag.variant());
            expected.extend(quote!((Reg::#reg, 0u64),));
        }
        if leaf.multi_version() {
            let v = Literal::u8_unsuffixed(version);
            fields.extend(quote!(version: #v,));
        }
        let rax = Literal::u64_suffixed(leaf.rax(version));
        let bound = (leaf.resume != Resume::None).then(|| quote!(, DEFAULT_MAX_RESUMES));
        let checks: TokenStream = leaf
            .outputs
            .iter()
            .flatten()
            .map(|a| {
                let f = format_ident!("{}", a.name);
                let reg = format_ident!("{}", a.reg.variant());
                let got = raw(a, quote!(out.#f));
                let name = format!("output `{}`", a.name);
                quote!(assert_eq!(#got, output_value(Reg::#reg), #name);)
            })
            .collect();
        let konst = format_ident!("{}", leaf.names.konst);
        let version_lit = Literal::u8_unsuffixed(version);
        let name = &leaf.name;
        tests.extend(quote! {
            #[test]
            fn #test() {
                let input = #in_ty { #fields };
                let mut rec = Recorder::default();
                let out = #func(&mut rec, &input #bound).unwrap();
                rec.assert_one_call(Instruction::#variant, #rax, &[#expected]);
                assert_eq!(rax(#consts::#konst, #version_lit), #rax, "the leaf constant of {}", #name);
                assert_eq!(out.completion.regs, rec.outputs());
                #checks
            }
        });
    }
    tests.extend(tdvmcall_tests(model));
    let doc = " Every typed leaf and TDG.VP.VMCALL stub against a recording backend (generated, one test each).";
    let exposing = (!model.tdvmcalls.is_empty()).then(|| quote!(exposing,));
    let tokens = quote! {
        #![doc = #doc]
        use super::support::{#exposing output_value, Recorder};
        use tdx_abi::*;
        #tests
    };
    format_file(&banner::rust("spec-tables"), tokens)
}
