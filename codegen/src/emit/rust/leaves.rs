//! Leaf constants (RAX values, versions encoded in bits 23:16), the `LEAVES`
//! (`TDCALLS`) registry, and the typed stubs, one module per leaf area
//! (`TDH.MEM.*` → `leaves::mem`, `TDG.VP.*` → `tdcalls::vp`).

use super::docs;
use super::leaf_stub;
use crate::model::Model;
use crate::resolved::Instruction;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// Tokens of `generated/leaves/mod.rs` (`tdcalls/mod.rs`), and each area module's tokens by area name.
pub fn emit(model: &Model, instruction: Instruction) -> (TokenStream, BTreeMap<String, TokenStream>) {
    let mut consts = TokenStream::new();
    let mut infos = TokenStream::new();
    let mut areas: BTreeMap<String, TokenStream> = BTreeMap::new();
    for leaf in model.leaves_of(instruction).values() {
        let konst = &leaf.names.konst;
        let number = Literal::u16_unsuffixed(leaf.number);
        let typed = leaf.inputs.is_some();
        let mut doc = format!("`{}`, leaf {}: {}", leaf.name, leaf.number, leaf.description.trim());
        if !typed {
            doc += &format!(
                "\n\nNo typed stub: the tables do not name its registers; issue it with `tdx_abi::{}`.",
                instruction.run_fn()
            );
        }
        if let Some(n) = &leaf.note {
            doc += &format!("\n\nNote: {}", n.trim());
        }
        let doc = docs::attrs(&doc);
        let ident = format_ident!("{konst}");
        consts.extend(quote! { #doc pub const #ident: u16 = #number; });
        for (alias, konst) in &leaf.aliases {
            let doc = docs::attrs(&format!(
                "`{alias}`: another public name of leaf {} ([`{}`]); see its note.",
                leaf.number, leaf.names.konst
            ));
            let alias_ident = format_ident!("{konst}");
            consts.extend(quote! { #doc pub const #alias_ident: u16 = #number; });
        }
        let aliases: Vec<&String> = leaf.aliases.iter().map(|(a, _)| a).collect();
        let versions: Vec<Literal> = leaf.versions.iter().map(|v| Literal::u8_unsuffixed(*v)).collect();
        let (name, since, serialized) = (&leaf.name, &leaf.since, leaf.serialized);
        let number16 = Literal::u16_unsuffixed(leaf.number);
        let resume = leaf_stub::resume_tokens(leaf.resume);
        let availability = leaf_stub::availability_tokens(leaf.availability);
        let args = |list: &Option<Vec<crate::resolved::Arg>>| leaf_stub::arg_infos(list.as_deref().unwrap_or_default());
        let (inputs, outputs) = (args(&leaf.inputs), args(&leaf.outputs));
        infos.extend(quote! {
            ::tdx_abi::LeafInfo {
                name: #name, aliases: &[#(#aliases),*], number: #number16, versions: &[#(#versions),*], since: #since,
                availability: #availability, resume: #resume,
                serialized: #serialized, typed: #typed, inputs: #inputs, outputs: #outputs,
            },
        });
        if typed {
            areas.entry(leaf.names.area.clone()).or_default().extend(leaf_stub::emit(leaf));
        }
    }
    let (consts_mod, registry, name_fn) = (
        format_ident!("{}", instruction.consts_module()),
        format_ident!("{}", instruction.registry()),
        format_ident!("{}", instruction.name_fn()),
    );
    let consts_doc = format!(
        " {} leaf numbers (RAX bits 15:0); [`rax`](::tdx_abi::rax) adds a version in bits 23:16.",
        instruction.mnemonic()
    );
    let registry_doc = format!(" Every {} leaf the tables define, in number order.", instruction.mnemonic());
    let name_doc =
        format!(" The spec name of {} leaf `number` (RAX bits 15:0), if the tables define it.", instruction.mnemonic());
    let root = quote! {
        #[doc = #consts_doc]
        pub mod #consts_mod {
            #consts
        }

        #[doc = #registry_doc]
        pub const #registry: &[::tdx_abi::LeafInfo] = &[#infos];

        #[doc = #name_doc]
        pub fn #name_fn(number: u16) -> Option<&'static str> {
            #registry.iter().find(|l| l.number == number).map(|l| l.name)
        }
    };
    (root, areas)
}
