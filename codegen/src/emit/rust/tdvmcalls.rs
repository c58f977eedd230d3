//! The `tdvmcalls` module: TDG.VP.VMCALL sub-function codes and exposure
//! bitmaps (`tdvmcall`), the `TDVMCALLS` registry, the `TdvmcallStatus`
//! constants and `TDVMCALL_STATUSES`, and one typed stub per sub-function.

use super::leaf_stub::{arg_doc, arg_type_from, pack, unpack_from};
use super::{docs, types};
use crate::model::Model;
use crate::names::tdvmcall_status_const;
use crate::resolved::Subfunction;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Layouts are reached from `tdvmcalls` through the generated root.
fn root() -> TokenStream {
    quote!(super)
}

fn regs_text(args: &[crate::resolved::Arg]) -> String {
    if args.is_empty() {
        return "none".into();
    }
    args.iter().map(|a| format!("{} `{}`", a.reg.name().to_ascii_uppercase(), a.name)).collect::<Vec<_>>().join(", ")
}

fn stub(t: &Subfunction) -> TokenStream {
    let (in_ty, out_ty, func) =
        (format_ident!("{}", t.names.input), format_ident!("{}", t.names.output), format_ident!("{}", t.names.func));
    let (konst, expose) = (format_ident!("{}", t.names.konst), format_ident!("{}", t.names.expose));
    let root = root();
    let field = |a: &crate::resolved::Arg| {
        let (f, ty, d) = (format_ident!("{}", a.name), arg_type_from(&a.ty, &root), arg_doc(a));
        quote!(#d pub #f: #ty,)
    };
    let in_fields: TokenStream = t.inputs.iter().map(field).collect();
    let out_fields: TokenStream = t.outputs.iter().map(field).collect();
    let packing: TokenStream = t
        .inputs
        .iter()
        .map(|a| {
            let (f, r) = (format_ident!("{}", a.name), format_ident!("{}", a.reg.name()));
            let value = pack(a, &f);
            quote!(#r: #value,)
        })
        .collect();
    let unpacking: TokenStream = t
        .outputs
        .iter()
        .map(|a| {
            let (f, r) = (format_ident!("{}", a.name), format_ident!("{}", a.reg.name()));
            let value = unpack_from(a, &quote!(regs.#r), &root);
            quote!(#f: #value,)
        })
        .collect();
    let call = format!("`TDG.VP.VMCALL<{}>` (sub-function {:#x})", t.ghci, t.code);
    let in_doc = docs::attrs(&format!("Inputs of [`{func}`]: {call}."));
    let out_doc = docs::attrs(&format!("Outputs of [`{func}`]: {call}."));
    let mut doc = format!(
        "{call}: {}\n\nInputs: {}. Outputs: {}. Exposes RCX = {:#x} (R10, R11 and the registers above).",
        t.description.trim(),
        regs_text(&t.inputs),
        regs_text(&t.outputs),
        t.expose
    );
    doc += &format!("\n\nSince: {}. Source: {}.", t.since.trim(), docs::citation(&t.source));
    if let Some(n) = &t.note {
        doc += &format!("\n\nNote: {}", n.trim());
    }
    let fn_doc = docs::attrs(&doc);
    let input = if t.inputs.is_empty() { quote!(_input) } else { quote!(input) };
    quote! {
        #in_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #in_ty { #in_fields }

        #out_doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct #out_ty {
            #out_fields
            #[doc = " Every register after the call (R10 is the VMM's status, zero here)."]
            pub regs: ::tdx_abi::Registers,
        }

        #fn_doc
        pub fn #func<T: ::tdx_abi::Tdcall + ?Sized>(backend: &mut T, #input: &#in_ty) -> Result<#out_ty, ::tdx_abi::TdvmcallError> {
            let regs = ::tdx_abi::Registers { #packing ..::tdx_abi::Registers::default() };
            let regs = ::tdx_abi::run_tdvmcall(backend, tdvmcall::#konst, tdvmcall::#expose, regs)?;
            Ok(#out_ty { #unpacking regs })
        }
    }
}

/// The items of `generated/tdvmcalls.rs`.
pub fn emit(model: &Model) -> TokenStream {
    let (mut consts, mut infos, mut stubs) = (TokenStream::new(), TokenStream::new(), TokenStream::new());
    for t in model.tdvmcalls.values() {
        let (konst, expose) = (format_ident!("{}", t.names.konst), format_ident!("{}", t.names.expose));
        let (code, bits) = (types::hex(t.code, 64), types::hex(t.expose, 64));
        let doc = docs::attrs(&format!("`TDG.VP.VMCALL<{}>` ({}): {}", t.ghci, t.names.c_macro, t.description.trim()));
        let expose_doc = docs::attrs(&format!(
            "RCX for [`{}`]: the registers `TDG.VP.VMCALL<{}>` exposes to the VMM, derived from its register map.",
            t.names.konst, t.ghci
        ));
        consts.extend(quote! { #doc pub const #konst: u64 = #code; #expose_doc pub const #expose: u64 = #bits; });
        let (name, ghci, since) = (&t.name, &t.ghci, &t.since);
        let (inputs, outputs) = (super::leaf_stub::arg_infos(&t.inputs), super::leaf_stub::arg_infos(&t.outputs));
        let availability = super::leaf_stub::availability_tokens(t.availability);
        infos.extend(quote! {
            ::tdx_abi::TdvmcallInfo {
                name: #name, code: tdvmcall::#konst, ghci: #ghci, since: #since, availability: #availability,
                expose: tdvmcall::#expose, inputs: #inputs, outputs: #outputs,
            },
        });
        stubs.extend(stub(t));
    }
    let (mut status_consts, mut status_infos) = (TokenStream::new(), TokenStream::new());
    for s in model.tdvmcall_statuses.values() {
        let ident = format_ident!("{}", tdvmcall_status_const(&s.name));
        let value = types::hex(s.value, 64);
        let doc = docs::attrs(&super::status::status_doc(s));
        status_consts.extend(quote! { #doc pub const #ident: TdvmcallStatus = TdvmcallStatus::from_bits(#value); });
        let name = &s.name;
        status_infos.extend(quote! { ::tdx_abi::TdvmcallStatusInfo { name: #name, status: TdvmcallStatus::#ident }, });
    }
    // Statuses extend `TdvmcallStatus`, which only tdx-abi may do (downstream tables are refused them).
    let statuses = (!model.tdvmcall_statuses.is_empty()).then(|| {
        quote! {
            impl TdvmcallStatus {
                #status_consts
            }
        }
    });
    quote! {
        #[allow(unused_imports)]
        use ::tdx_abi::TdvmcallStatus;

        /// TDG.VP.VMCALL sub-function codes (R11) and the RCX exposure bitmap of each (`<NAME>_EXPOSE`).
        pub mod tdvmcall {
            #consts
        }

        #[doc = " Every TDG.VP.VMCALL sub-function the tables define, in code order."]
        pub const TDVMCALLS: &[::tdx_abi::TdvmcallInfo] = &[#infos];

        #[doc = " The name of TDG.VP.VMCALL sub-function `code` (without `TDVMCALL_`), if the tables define it."]
        pub fn tdvmcall_name(code: u64) -> Option<&'static str> {
            TDVMCALLS.iter().find(|t| t.code == code).map(|t| t.name)
        }

        #statuses

        #[doc = " Every named TDG.VP.VMCALL status, in value order."]
        pub const TDVMCALL_STATUSES: &[::tdx_abi::TdvmcallStatusInfo] = &[#status_infos];

        #stubs
    }
}
