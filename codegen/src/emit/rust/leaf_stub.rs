//! One leaf's typed stub: input and output structs, and a function that packs
//! registers, issues the leaf through a backend (applying its resume style) and
//! unpacks the outputs.

use super::docs;
use crate::resolved::{Arg, ArgType, Leaf, Register, Resume};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The Rust type of an argument in a leaf area module; layouts are reached
/// through the generated root (`super::super`).
fn arg_type(ty: &ArgType) -> TokenStream {
    arg_type_from(ty, &quote!(super::super))
}

/// The Rust type of an argument, layouts and structs reached through `root`.
pub(crate) fn arg_type_from(ty: &ArgType, root: &TokenStream) -> TokenStream {
    match ty {
        ArgType::U64 => quote!(u64),
        ArgType::Hpa => quote!(::tdx_abi::PhysAddr),
        ArgType::Gpa => quote!(::tdx_abi::GuestPhysAddr),
        ArgType::StructAddr { rust, .. } => {
            let t = format_ident!("{rust}");
            quote!(::tdx_abi::StructAddr<#root::#t>)
        }
        ArgType::Layout { rust, .. } => {
            let t = format_ident!("{rust}");
            quote!(#root::#t)
        }
    }
}

/// The raw register value of an input field.
pub(super) fn pack(a: &Arg, field: &Ident) -> TokenStream {
    register_value(a, quote!(input.#field))
}

/// The raw register value of `value`, a field of `a`'s type (an input the stub
/// packs, or a reply the simulator writes back).
pub(crate) fn register_value(a: &Arg, value: TokenStream) -> TokenStream {
    match a.ty {
        ArgType::U64 => value,
        ArgType::Hpa | ArgType::Gpa | ArgType::StructAddr { .. } => quote!(#value.as_u64()),
        ArgType::Layout { .. } => quote!(#value.into_bits()),
    }
}

/// The output field's value from register `reg` of the completion.
fn unpack(a: &Arg, reg: &Ident) -> TokenStream {
    unpack_from(a, &quote!(done.regs.#reg), &quote!(super::super))
}

/// The output field's value from the raw register value `raw`, layouts reached through `root`.
pub(super) fn unpack_from(a: &Arg, raw: &TokenStream, root: &TokenStream) -> TokenStream {
    match &a.ty {
        ArgType::Layout { rust, .. } => {
            let t = format_ident!("{rust}");
            quote!(#root::#t::from_bits(#raw))
        }
        // Validation types outputs `u64` or a layout: module outputs are untrusted, never addresses.
        ArgType::U64 | ArgType::Hpa | ArgType::Gpa | ArgType::StructAddr { .. } => raw.clone(),
    }
}

/// The `tdx_abi::Availability` value of a resolved availability.
pub fn availability_tokens(a: crate::resolved::Availability) -> TokenStream {
    availability_text(a).parse().unwrap_or_default()
}

/// [`availability_tokens`] as (unformatted) text.
pub fn availability_text(a: crate::resolved::Availability) -> String {
    use crate::resolved::Availability as A;
    match a {
        A::Module { major, minor } => {
            format!("::tdx_abi::Availability::Module(::tdx_abi::ModuleVersion::new({major}, {minor}))")
        }
        A::Feature0 { bit } => format!("::tdx_abi::Availability::Feature0 {{ bit: {} }}", bit as u8),
        A::Ghci { major, minor } => format!("::tdx_abi::Availability::Ghci {{ major: {major}, minor: {minor} }}"),
        A::Unstated => "::tdx_abi::Availability::Unstated".to_owned(),
    }
}

/// `&[tdx_abi::ArgInfo { .. }, ..]`: the registry's view of a register list.
pub fn arg_infos(args: &[Arg]) -> TokenStream {
    let each = args.iter().map(|a| {
        let (name, reg, ty) = (&a.name, reg_tokens(a.reg), a.ty.spelling());
        quote!(::tdx_abi::ArgInfo { name: #name, reg: #reg, ty: #ty })
    });
    quote!(&[#(#each),*])
}

/// `tdx_abi::Reg::Rcx` for a register.
pub fn reg_tokens(r: Register) -> TokenStream {
    let v = format_ident!("{}", r.variant());
    quote!(::tdx_abi::Reg::#v)
}

/// The `tdx_abi::Resume` value of a resume rule.
pub fn resume_tokens(resume: Resume) -> TokenStream {
    match resume {
        Resume::None => quote!(::tdx_abi::Resume::None),
        Resume::ReissueOutputs { .. } => quote!(::tdx_abi::Resume::ReissueOutputs),
        Resume::ReissueInputs => quote!(::tdx_abi::Resume::ReissueInputs),
        Resume::ResumeFlag { flag } => {
            let r = reg_tokens(flag);
            quote!(::tdx_abi::Resume::ResumeFlag(#r))
        }
    }
}

pub(crate) fn arg_doc(a: &Arg) -> TokenStream {
    let reg = a.reg.name().to_ascii_uppercase();
    let mut text = match &a.description {
        Some(d) => format!("{reg}: {}", d.trim()),
        None => format!("{reg}."),
    };
    if let Some(v) = a.since_version {
        text += &format!(" Used from version {v} on.");
    }
    docs::attrs(&text)
}

/// Input struct, output struct and stub of a leaf whose inputs are public.
pub fn emit(leaf: &Leaf) -> TokenStream {
    let (in_ty, out_ty) = (format_ident!("{}", leaf.names.input), format_ident!("{}", leaf.names.output));
    let func = format_ident!("{}", leaf.names.func);
    let konst = format_ident!("{}", leaf.names.konst);
    let (variant, run_fn, consts_mod) = (
        format_ident!("{}", leaf.instruction.variant()),
        format_ident!("{}", leaf.instruction.run_fn()),
        format_ident!("{}", leaf.instruction.consts_module()),
    );
    let name = &leaf.name;
    let number = proc_macro2::Literal::u16_unsuffixed(leaf.number);
    let multi_version = leaf.multi_version();
    let inputs = leaf.user_inputs();

    let in_fields: TokenStream = inputs
        .iter()
        .map(|a| {
            let (f, t, d) = (format_ident!("{}", a.name), arg_type(&a.ty), arg_doc(a));
            quote!(#d pub #f: #t,)
        })
        .collect();
    let version_field = multi_version.then(|| {
        let d = docs::attrs(&format!("Leaf version; the tables list {}.", versions_text(leaf)));
        quote!(#d pub version: u8,)
    });
    let packing: TokenStream = inputs
        .iter()
        .map(|a| {
            let (f, r) = (format_ident!("{}", a.name), format_ident!("{}", a.reg.name()));
            let value = pack(a, &f);
            match a.since_version {
                Some(v) if v > 0 && multi_version => {
                    let v = proc_macro2::Literal::u8_unsuffixed(v);
                    quote!(#r: if input.version >= #v { #value } else { 0 },)
                }
                _ => quote!(#r: #value,),
            }
        })
        .collect();
    let outputs = leaf.outputs.as_deref().unwrap_or_default();
    let out_fields: TokenStream = outputs
        .iter()
        .map(|a| {
            let (f, t, d) = (format_ident!("{}", a.name), arg_type(&a.ty), arg_doc(a));
            quote!(#d pub #f: #t,)
        })
        .collect();
    let unpacking: TokenStream = outputs
        .iter()
        .map(|a| {
            let (f, r) = (format_ident!("{}", a.name), format_ident!("{}", a.reg.name()));
            let value = unpack(a, &r);
            quote!(#f: #value,)
        })
        .collect();
    let (rax, version_check) = if multi_version {
        let allowed: Vec<proc_macro2::Literal> =
            leaf.versions.iter().map(|v| proc_macro2::Literal::u8_unsuffixed(*v)).collect();
        (
            quote!(::tdx_abi::rax(super::#consts_mod::#konst, input.version)),
            quote! {
                if !matches!(input.version, #(#allowed)|*) {
                    return Err(::tdx_abi::unsupported_version(::tdx_abi::Instruction::#variant, #number, input.version));
                }
            },
        )
    } else {
        // The one version the tables list: a leaf that exists only as version 1
        // must issue 1 in RAX bits 23:16, never the bare number (version 0).
        let version = proc_macro2::Literal::u8_unsuffixed(leaf.versions.first().copied().unwrap_or(0));
        (quote!(::tdx_abi::rax(super::#consts_mod::#konst, #version)), TokenStream::new())
    };
    let resumable = leaf.resume != Resume::None;
    let resume = resume_tokens(leaf.resume);
    let (bound_param, bound) =
        if resumable { (quote!(, max_resumes: u32), quote!(max_resumes)) } else { (TokenStream::new(), quote!(0)) };
    let in_doc = docs::attrs(&format!("Inputs of [`{func}`] (`{name}`, leaf {}).", leaf.number));
    let out_doc = docs::attrs(&format!("Outputs of [`{func}`] (`{name}`)."));
    let fn_doc = docs::attrs(&stub_doc(leaf));
    // A leaf without caller-supplied inputs still takes its (empty) input struct, for a uniform API.
    let input = if inputs.is_empty() && !multi_version { quote!(_input) } else { quote!(input) };
    quote! {
        #in_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #in_ty {
            #in_fields
            #version_field
        }

        #out_doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct #out_ty {
            #out_fields
            #[doc = " Final status (success or a warning), every output register, and how often the leaf was resumed."]
            pub completion: ::tdx_abi::Completion,
        }

        #fn_doc
        pub fn #func<S: ::tdx_abi::#variant + ?Sized>(backend: &mut S, #input: &#in_ty #bound_param) -> Result<#out_ty, ::tdx_abi::LeafError> {
            #version_check
            let regs = ::tdx_abi::Registers { #packing ..::tdx_abi::Registers::default() };
            let done = ::tdx_abi::#run_fn(backend, #rax, regs, #resume, #bound)?;
            Ok(#out_ty { #unpacking completion: done })
        }
    }
}

fn versions_text(leaf: &Leaf) -> String {
    leaf.versions.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

fn stub_doc(leaf: &Leaf) -> String {
    let plural = if leaf.versions.len() > 1 { "versions" } else { "version" };
    let mut s = format!(
        "`{}` (leaf {}, {plural} {}): {}",
        leaf.name,
        leaf.number,
        versions_text(leaf),
        leaf.description.trim()
    );
    let list = |args: &[Arg]| {
        args.iter()
            .map(|a| format!("{} `{}`", a.reg.name().to_ascii_uppercase(), a.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    s += &format!(
        "\n\nInputs: {}.",
        if let Some(i) = &leaf.inputs {
            if i.is_empty() {
                "none".into()
            } else {
                list(i)
            }
        } else {
            String::new()
        }
    );
    match &leaf.outputs {
        Some(o) if !o.is_empty() => s += &format!(" Outputs: {}.", list(o)),
        Some(_) => s += " Outputs: none besides the status.",
        None => s += " Outputs are not tabulated; read them from `completion.regs`.",
    }
    s += match &leaf.resume {
        Resume::None => "",
        Resume::ReissueOutputs { .. } => "\n\nResumable: when interrupted it is re-issued with the registers the module returned (its cursor), at most `max_resumes` times.",
        Resume::ReissueInputs => "\n\nResumable: when interrupted it is re-issued with the original inputs, at most `max_resumes` times.",
        Resume::ResumeFlag { .. } => "\n\nResumable: when interrupted it is re-issued with the resume flag set, at most `max_resumes` times; the flag is not an input you supply.",
    };
    if leaf.serialized {
        s += "\n\nSerialised: the module accepts one caller at a time; a concurrent call fails with BUSY, which is returned, not retried.";
    }
    s += &format!("\n\nSince: {}. Source: {}.", leaf.since.trim(), docs::citation(&leaf.source));
    if let Some(n) = &leaf.note {
        s += &format!("\n\nNote: {}", n.trim());
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{leaves_yaml, model_of};

    fn stub(versions: &str) -> String {
        let y = leaves_yaml(&format!(
            "  - {{name: TDH.DEMO.RD, number: 7, versions: {versions}, since: t, description: d, inputs: [{{reg: rcx, name: field, type: u64}}]}}\n"
        ));
        let m = model_of(&y);
        super::emit(m.leaves.values().next().unwrap()).to_string()
    }

    #[test]
    fn a_leaf_with_only_version_1_issues_version_1() {
        let s = stub("[1]");
        assert!(s.contains(":: tdx_abi :: rax (super :: leaf :: TDH_DEMO_RD , 1)"), "{s}");
        assert!(!s.contains("input . version"), "no version field for one version: {s}");
        assert!(stub("[0]").contains(":: tdx_abi :: rax (super :: leaf :: TDH_DEMO_RD , 0)"));
    }
}
