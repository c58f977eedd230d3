//! The `LinkedPageList` impl of a linked list of list pages, from its table
//! roles: how many page addresses a node holds and what ends the chain.

use crate::model::Layout;
use crate::names::type_name;
use crate::resolved::LinkedType;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(layout: &Layout, r: &LinkedType) -> TokenStream {
    let ty = format_ident!("{}", type_name(&layout.name));
    let per_node = r.data_per_node as usize;
    let terminator = super::page_list::lit(r.terminator);
    let (with_addr, get_addr) = (format_ident!("{}", r.address.view.try_with), format_ident!("{}", r.address.view.get));
    quote! {
        impl ::tdx_abi::LinkedPageList for #ty {
            const DATA_PER_NODE: usize = #per_node;
            const TERMINATOR: u64 = #terminator;

            fn encode_first_node(node: ::tdx_abi::PhysAddr) -> Result<Self, ::tdx_abi::ListError> {
                if !node.is_page_aligned() {
                    return Err(::tdx_abi::ListError::Misaligned { list: Self::NAME, addr: node.as_u64() });
                }
                Ok(Self::new().#with_addr(node)?)
            }

            fn first_node(self) -> ::tdx_abi::PhysAddr { self.#get_addr() }
        }
    }
}
