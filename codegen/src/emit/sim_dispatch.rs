//! The simulator's side of every typed leaf and TDG.VP.VMCALL sub-function:
//! a reply struct (the outputs, in the stub's types), a handler trait with one
//! method per leaf, and a dispatch function that reads RAX, decodes each input
//! from the register its table entry names, calls the handler and writes each
//! output back to its register. The stubs in tdx-abi are generated from the
//! same entries, so the simulator and the stubs cannot disagree on a register.

use super::rust::leaf_stub::{arg_doc, arg_type_from, register_value};
use super::{banner, rust::format_file, EmitError};
use crate::model::Model;
use crate::resolved::{Arg, ArgType, Instruction, Leaf, Subfunction};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

fn root() -> TokenStream {
    quote!(::tdx_abi)
}

/// The input field's value read from `regs`; an address that cannot be one is
/// refused with `invalid` (the instruction's "operand invalid" for that register).
fn decode(a: &Arg, invalid: &dyn Fn(&Arg) -> TokenStream) -> TokenStream {
    let reg = format_ident!("{}", a.reg.name());
    let raw = quote!(regs.#reg);
    let bad = invalid(a);
    match &a.ty {
        ArgType::U64 => raw,
        ArgType::Hpa => quote!(::tdx_abi::PhysAddr::new(#raw).ok_or(#bad)?),
        ArgType::Gpa => quote!(::tdx_abi::GuestPhysAddr::new(#raw).ok_or(#bad)?),
        ArgType::StructAddr { .. } => {
            quote!(::tdx_abi::PhysAddr::new(#raw).and_then(|a| ::tdx_abi::StructAddr::new(a).ok()).ok_or(#bad)?)
        }
        ArgType::Layout { rust, .. } => {
            let t = format_ident!("{rust}");
            quote!(::tdx_abi::#t::from_bits(#raw))
        }
    }
}

/// `struct <Name>Reply { .. }` with the outputs' fields.
fn reply_struct(name: &str, doc: &str, outputs: &[Arg]) -> TokenStream {
    let ty = format_ident!("{name}");
    let doc = super::rust::docs::attrs(doc);
    let fields: TokenStream = outputs
        .iter()
        .map(|a| {
            let (f, t, d) = (format_ident!("{}", a.name), arg_type_from(&a.ty, &root()), arg_doc(a));
            quote!(#d pub #f: #t,)
        })
        .collect();
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #ty { #fields }
    }
}

/// One typed entry (leaf or sub-function) as its dispatch arm serves it.
struct Entry<'a> {
    /// The function of `crate::dispatch` that serves it.
    serve: &'static str,
    inputs: Vec<&'a Arg>,
    outputs: &'a [Arg],
    /// The input struct's path.
    in_path: TokenStream,
    method: proc_macro2::Ident,
    /// Arguments after the input (a resume flag).
    extra_args: TokenStream,
    /// Input fields not read from a register of their own (the version).
    extra_fields: TokenStream,
}

/// The serve call for one typed entry: decode, handle, encode.
fn serve_call(entry: &Entry, invalid: &dyn Fn(&Arg) -> TokenStream) -> TokenStream {
    let Entry { serve, inputs, outputs, in_path, method, extra_args, extra_fields } = entry;
    let fields: TokenStream = inputs
        .iter()
        .map(|a| {
            let f = format_ident!("{}", a.name);
            let v = decode(a, invalid);
            quote!(#f: #v,)
        })
        .collect();
    let writes: TokenStream = outputs
        .iter()
        .map(|a| {
            let reg = format_ident!("{}", a.reg.name());
            let f = format_ident!("{}", a.name);
            let v = register_value(a, quote!(reply.#f));
            quote!(regs.#reg = #v;)
        })
        .collect();
    let read = if inputs.is_empty() && extra_fields.is_empty() { quote!(_) } else { quote!(regs) };
    let write = if outputs.is_empty() { quote!(|_, _| {}) } else { quote!(|reply, regs| { #writes }) };
    let serve = format_ident!("{serve}");
    quote! {
        crate::dispatch::#serve(
            regs,
            |#read| Ok(#in_path { #fields #extra_fields }),
            |input| handler.#method(input #extra_args),
            #write,
        )
    }
}

/// Reply structs, handler trait and dispatch of one instruction's typed leaves.
fn instruction_module(model: &Model, instruction: Instruction) -> TokenStream {
    let leaves: Vec<&Leaf> = model.leaves_of(instruction).values().filter(|l| l.inputs.is_some()).collect();
    let (tree, consts) = (format_ident!("{}", instruction.tree()), format_ident!("{}", instruction.consts_module()));
    let variant = instruction.variant();
    let trait_name = format_ident!("{variant}Leaves");
    let dispatch_doc = super::rust::docs::attrs(&format!(
        "Serves one {} call: RAX names the leaf and version; a typed leaf of a version the tables list goes \
         to its handler method with its inputs decoded, anything else to [`{trait_name}::untyped`]. On success \
         every register is cleared and each output written to its register; on a refusal the status is \
         returned and the registers are left as they were, unless the refusal carries outputs (an \
         interrupted leaf's moved cursor), which are written as on success.",
        variant.to_ascii_uppercase()
    ));
    let invalid = |a: &Arg| {
        let op = format_ident!("{}", a.reg.name().to_ascii_uppercase());
        quote!(crate::dispatch::operand_invalid(::tdx_abi::operand::#op))
    };
    let (mut replies, mut methods, mut arms) = (TokenStream::new(), TokenStream::new(), TokenStream::new());
    for leaf in leaves {
        let reply_name = crate::names::sim_reply(&leaf.names.output);
        let reply_ty = format_ident!("{reply_name}");
        let outputs = leaf.outputs.as_deref().unwrap_or_default();
        let outputs_doc = if leaf.outputs.is_some() { "" } else { " The tables do not name its outputs." };
        replies.extend(reply_struct(
            &reply_name,
            &format!("What a simulated `{}` returns: the registers of its output struct.{outputs_doc}", leaf.name),
            outputs,
        ));
        let (area, input) = (format_ident!("{}", leaf.names.area), format_ident!("{}", leaf.names.input));
        let in_path = quote!(::tdx_abi::#tree::#area::#input);
        let method = format_ident!("{}", leaf.names.func);
        // A leaf whose resume flag the stub sets itself tells its handler whether the call is a resumption.
        let flag = leaf.engine_owned().map(|r| format_ident!("{}", r.name()));
        let flag_doc = leaf.engine_owned().map_or(String::new(), |r| {
            format!(
                " `resumed`: its resume flag ({}) is set, so this call resumes an interrupted one.",
                r.name().to_ascii_uppercase()
            )
        });
        let doc = super::rust::docs::attrs(&format!(
            "`{}` (leaf {}): {}{flag_doc} The default refuses it as the module refuses a leaf it does not know.",
            leaf.name,
            leaf.number,
            leaf.description.trim()
        ));
        let (param, pass, unused) = match &flag {
            Some(_) => (quote!(, resumed: bool), quote!(, resumed), quote!((input, resumed))),
            None => (TokenStream::new(), TokenStream::new(), quote!(input)),
        };
        methods.extend(quote! {
            #doc
            fn #method(&mut self, input: &#in_path #param) -> crate::dispatch::Outcome<#reply_ty> {
                let _ = #unused;
                Err(crate::dispatch::UNKNOWN_LEAF.into())
            }
        });
        let konst = format_ident!("{}", leaf.names.konst);
        let versions: Vec<Literal> = leaf.versions.iter().map(|v| Literal::u8_unsuffixed(*v)).collect();
        let version_field = if leaf.multi_version() { quote!(version,) } else { TokenStream::new() };
        let entry = Entry {
            serve: "serve_leaf",
            inputs: leaf.user_inputs(),
            outputs,
            in_path,
            method,
            extra_args: pass,
            extra_fields: version_field,
        };
        let call = serve_call(&entry, &invalid);
        let call = match &flag {
            Some(reg) => quote!({ let resumed = regs.#reg != 0; #call }),
            None => call,
        };
        arms.extend(quote!(::tdx_abi::#consts::#konst if matches!(version, #(#versions)|*) => #call,));
    }
    let trait_doc = super::rust::docs::attrs(&format!(
        "A simulated module's {variant} leaves: one method per typed leaf, with its inputs decoded from the \
         registers the tables name. Every method defaults to the module's answer to an unknown leaf, so an \
         implementation serves only the leaves it simulates."
    ));
    quote! {
        #replies
        #trait_doc
        pub trait #trait_name {
            #methods
            /// A leaf the tables do not type (or a version they do not list), with the raw registers.
            fn untyped(&mut self, leaf: u16, version: u8, regs: &mut ::tdx_abi::Registers) -> ::tdx_abi::TdxStatus {
                let _ = (leaf, version, regs);
                crate::dispatch::UNKNOWN_LEAF
            }
        }
        #dispatch_doc
        pub fn dispatch<H: #trait_name + ?Sized>(handler: &mut H, rax: u64, regs: &mut ::tdx_abi::Registers) -> ::tdx_abi::TdxStatus {
            let call = ::tdx_abi::LeafAndVersion::from_bits(rax);
            let (leaf, version) = (call.leaf(), call.version());
            match leaf {
                #arms
                _ => handler.untyped(leaf, version, regs),
            }
        }
    }
}

/// Reply structs, host trait and dispatch of the TDG.VP.VMCALL sub-functions.
fn tdvmcall_module(model: &Model) -> TokenStream {
    let subs: Vec<&Subfunction> = model.tdvmcalls.values().collect();
    let invalid = |_: &Arg| quote!(::tdx_abi::TdvmcallStatus::INVALID_OPERAND);
    let (mut replies, mut methods, mut arms) = (TokenStream::new(), TokenStream::new(), TokenStream::new());
    for t in subs {
        let reply_name = crate::names::sim_reply(&t.names.output);
        let reply_ty = format_ident!("{reply_name}");
        replies.extend(reply_struct(
            &reply_name,
            &format!("What a simulated VMM answers to `TDG.VP.VMCALL<{}>`: its output registers.", t.ghci),
            &t.outputs,
        ));
        let input = format_ident!("{}", t.names.input);
        let in_path = quote!(::tdx_abi::tdvmcalls::#input);
        let method = format_ident!("{}", t.names.func);
        let doc = super::rust::docs::attrs(&format!(
            "`TDG.VP.VMCALL<{}>` (sub-function {:#x}): {} The default answers SUBFUNC_UNSUPPORTED.",
            t.ghci,
            t.code,
            t.description.trim()
        ));
        methods.extend(quote! {
            #doc
            fn #method(&mut self, input: &#in_path) -> Result<#reply_ty, ::tdx_abi::TdvmcallStatus> {
                let _ = input;
                Err(::tdx_abi::TdvmcallStatus::SUBFUNC_UNSUPPORTED)
            }
        });
        let konst = format_ident!("{}", t.names.konst);
        let entry = Entry {
            serve: "serve",
            inputs: t.inputs.iter().collect(),
            outputs: &t.outputs,
            in_path,
            method,
            extra_args: TokenStream::new(),
            extra_fields: TokenStream::new(),
        };
        let call = serve_call(&entry, &invalid);
        arms.extend(quote!(::tdx_abi::tdvmcall::#konst => #call,));
    }
    quote! {
        #replies
        /// A simulated VMM's answers to TDG.VP.VMCALL: one method per sub-function the tables
        /// define, with its inputs decoded from the registers its map names. Every method
        /// defaults to SUBFUNC_UNSUPPORTED, so a host answers only what it simulates.
        pub trait TdvmcallHost {
            #methods
            /// A sub-function the tables do not define (R11 `code`), or a vendor-specific call
            /// (R10 not zero), with the registers the guest exposed.
            fn other(&mut self, code: u64, regs: &mut ::tdx_abi::Registers) -> ::tdx_abi::TdvmcallStatus {
                let _ = (code, regs);
                ::tdx_abi::TdvmcallStatus::SUBFUNC_UNSUPPORTED
            }
        }
        /// Serves one TDG.VP.VMCALL as the VMM sees it (`regs` holds only the registers the guest
        /// exposed): R10 = 0 and R11 a sub-function of the tables go to its method, anything else
        /// to [`TdvmcallHost::other`]. Returns the status the VMM puts in R10; on success every
        /// output is written to its register.
        pub fn dispatch_tdvmcall<H: TdvmcallHost + ?Sized>(handler: &mut H, regs: &mut ::tdx_abi::Registers) -> ::tdx_abi::TdvmcallStatus {
            if regs.r10 != 0 {
                return handler.other(regs.r11, regs);
            }
            let served = match regs.r11 {
                #arms
                code => return handler.other(code, regs),
            };
            served.err().unwrap_or(::tdx_abi::TdvmcallStatus::SUCCESS)
        }
    }
}

/// The whole file.
pub fn emit(model: &Model) -> Result<String, EmitError> {
    let seamcall = instruction_module(model, Instruction::Seamcall);
    let tdcall = instruction_module(model, Instruction::Tdcall);
    let tdvmcall = tdvmcall_module(model);
    let tokens = quote! {
        //! Generated from the tables: for each instruction a handler trait, reply structs and a dispatch function.
        /// SEAMCALL leaves (the host's).
        pub mod seamcall { #seamcall }
        /// TDCALL leaves (the guest's).
        pub mod tdcall { #tdcall }
        /// TDG.VP.VMCALL sub-functions (the VMM's side of the guest's calls).
        pub mod tdvmcall { #tdvmcall }
    };
    format_file(&banner::rust("spec-tables"), tokens)
}

/// The reply a test handler returns: each output `output_value(its register)`.
fn test_reply(reply: &str, outputs: &[Arg]) -> TokenStream {
    let ty = format_ident!("{reply}");
    let fields: TokenStream = outputs
        .iter()
        .map(|a| {
            let (f, reg) = (format_ident!("{}", a.name), format_ident!("{}", a.reg.variant()));
            let raw = quote!(output_value(Reg::#reg));
            // Layouts by their bare names (the test file imports tdx_abi::*).
            let v = match &a.ty {
                ArgType::Layout { rust, .. } => {
                    let t = format_ident!("{rust}");
                    quote!(#t::from_bits(#raw))
                }
                _ => raw,
            };
            quote!(#f: #v,)
        })
        .collect();
    quote!(#ty { #fields })
}

/// The checks that each output the stub returns is the handler's.
fn output_checks(outputs: &[Arg]) -> TokenStream {
    outputs
        .iter()
        .map(|a| {
            let (f, reg) = (format_ident!("{}", a.name), format_ident!("{}", a.reg.variant()));
            let got = super::leaf_tests::raw(a, quote!(out.#f));
            let what = format!("output `{}`", a.name);
            quote!(assert_eq!(#got, output_value(Reg::#reg), #what);)
        })
        .collect()
}

/// A test file: every typed leaf and TDG.VP.VMCALL sub-function issued through
/// its tdx-abi stub against the simulator's dispatch, with a handler that
/// records the input it was given and answers a known reply: the handler must
/// see the stub's input, and the stub must read the handler's outputs.
pub fn emit_tests(model: &Model) -> Result<String, EmitError> {
    let mut impls = TokenStream::new();
    let mut tests = TokenStream::new();
    for instruction in Instruction::ALL {
        let (tree, variant) = (format_ident!("{}", instruction.tree()), instruction.variant());
        let (trait_name, module) =
            (format_ident!("{variant}Leaves"), format_ident!("{}", variant.to_ascii_lowercase()));
        let mut methods = TokenStream::new();
        for leaf in model.leaves_of(instruction).values().filter(|l| l.inputs.is_some()) {
            let (area, method) = (format_ident!("{}", leaf.names.area), format_ident!("{}", leaf.names.func));
            let in_ty = format_ident!("{}", leaf.names.input);
            let reply = crate::names::sim_reply(&leaf.names.output);
            let outputs = leaf.outputs.as_deref().unwrap_or_default();
            let (value, reply_ty) = (test_reply(&reply, outputs), format_ident!("{reply}"));
            // A first call: the resume flag the stub owns is clear.
            let (param, check) = match leaf.engine_owned() {
                Some(_) => (quote!(, resumed: bool), quote!(assert!(!resumed, "a first call is no resumption");)),
                None => (TokenStream::new(), TokenStream::new()),
            };
            methods.extend(quote! {
                fn #method(&mut self, input: &#tree::#area::#in_ty #param) -> Outcome<#module::#reply_ty> {
                    #check
                    self.seen = format!("{input:?}");
                    Ok(#module::#value)
                }
            });
            let test = format_ident!("{}_is_served_as_its_stub_issues_it", leaf.names.func);
            let version = *leaf.versions.iter().max().unwrap_or(&0);
            let mut fields: TokenStream = leaf
                .user_inputs()
                .iter()
                .enumerate()
                .map(|(k, a)| {
                    let f = format_ident!("{}", a.name);
                    let v = super::leaf_tests::construct(a, super::leaf_tests::input_value(k));
                    quote!(#f: #v,)
                })
                .collect();
            if leaf.multi_version() {
                let v = Literal::u8_unsuffixed(version);
                fields.extend(quote!(version: #v,));
            }
            let bound = (leaf.resume != crate::resolved::Resume::None).then(|| quote!(, DEFAULT_MAX_RESUMES));
            let checks = output_checks(outputs);
            let expected: TokenStream = outputs
                .iter()
                .map(|a| {
                    let reg = format_ident!("{}", a.reg.variant());
                    quote!(expected.set(Reg::#reg, output_value(Reg::#reg));)
                })
                .collect();
            tests.extend(quote! {
                #[test]
                fn #test() {
                    let input = #tree::#area::#in_ty { #fields };
                    let mut handler = Handler::default();
                    let out = #tree::#area::#method(&mut Served(&mut handler as &mut dyn #module::#trait_name), &input #bound).unwrap();
                    assert_eq!(handler.seen, format!("{input:?}"));
                    #checks
                    // Served: every register cleared, then each output written.
                    #[allow(unused_mut)]
                    let mut expected = Registers::default();
                    #expected
                    assert_eq!((out.completion.status, out.completion.regs), (TdxStatus::SUCCESS, expected));
                }
            });
        }
        impls.extend(quote!(impl #module::#trait_name for Handler { #methods }));
    }
    let mut methods = TokenStream::new();
    for t in model.tdvmcalls.values() {
        let (method, in_ty) = (format_ident!("{}", t.names.func), format_ident!("{}", t.names.input));
        let reply = crate::names::sim_reply(&t.names.output);
        let (value, reply_ty) = (test_reply(&reply, &t.outputs), format_ident!("{reply}"));
        methods.extend(quote! {
            fn #method(&mut self, input: &tdvmcalls::#in_ty) -> Result<tdvmcall::#reply_ty, TdvmcallStatus> {
                self.seen = format!("{input:?}");
                Ok(tdvmcall::#value)
            }
        });
        let test = format_ident!("{}_is_served_as_its_stub_issues_it", t.names.func);
        let fields: TokenStream = t
            .inputs
            .iter()
            .enumerate()
            .map(|(k, a)| {
                let f = format_ident!("{}", a.name);
                let v = super::leaf_tests::construct(a, super::leaf_tests::input_value(k));
                quote!(#f: #v,)
            })
            .collect();
        let checks: TokenStream = t
            .outputs
            .iter()
            .map(|a| {
                let reg = format_ident!("{}", a.reg.name());
                let variant = format_ident!("{}", a.reg.variant());
                let what = format!("output `{}`", a.name);
                quote!(assert_eq!(out.regs.#reg, output_value(Reg::#variant), #what);)
            })
            .collect();
        tests.extend(quote! {
            #[test]
            fn #test() {
                let input = tdvmcalls::#in_ty { #fields };
                let mut handler = Handler::default();
                let out = tdvmcalls::#method(&mut Vmcalls(&mut handler), &input).unwrap();
                assert_eq!(handler.seen, format!("{input:?}"));
                assert_eq!(out.regs.r10, 0, "the VMM's status");
                #checks
            }
        });
    }
    impls.extend(quote!(impl tdvmcall::TdvmcallHost for Handler { #methods }));
    let doc = " Every typed leaf and TDG.VP.VMCALL sub-function, issued through its stub, served by the simulator's dispatch (generated, one test each).";
    let tokens = quote! {
        #![doc = #doc]
        use super::support::{output_value, Handler, Served, Vmcalls};
        use tdx_abi::*;
        use tdx_sim::dispatch::{seamcall, tdcall, tdvmcall, Outcome};
        #impls
        #tests
    };
    format_file(&banner::rust("spec-tables"), tokens)
}
