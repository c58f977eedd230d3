//! The `PageList` impl of a list type, derived from its table roles. The
//! singleton rule and the release-input rule live here, in one generated place.

use crate::model::{CountEncoding, EntryFormat, Layout, ListRoles, ReleaseInput};
use crate::names::{addr_getter, fn_name, type_name};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(layout: &Layout, r: &ListRoles) -> TokenStream {
    let ty = format_ident!("{}", type_name(&layout.name));
    let capacity = r.capacity as usize;
    let singleton = r.singleton.is_some();
    let resumable = r.cursor_field.is_some();
    // The checked setters: an address or count the fields cannot hold is an error, never another page.
    let with_addr = format_ident!("try_with_{}", addr_getter(&r.address_field));
    let get_addr = format_ident!("{}", addr_getter(&r.address_field));
    let get_count = format_ident!("{}", fn_name(&r.count_field));
    let with_count = format_ident!("try_with_{}", fn_name(&r.count_field));
    let count_ty = match layout.field(&r.count_field) {
        Some(f) => super::types::field_type(f),
        None => quote!(u64), // unreachable for a validated model: list_roles checks the field exists
    };
    let (stored, decoded) = match r.count_encoding {
        CountEncoding::MinusOne => (quote!((count - 1) as #count_ty), quote!(self.#get_count() as usize + 1)),
        CountEncoding::Exact => (quote!(count as #count_ty), quote!(self.#get_count() as usize)),
    };
    let single_stored = proc_macro2::Literal::u32_unsuffixed(r.count_encoding.stored(1));
    let (entry_ty, entry_bits) = match &r.entry {
        EntryFormat::PageHpa => (quote!(::tdx_abi::PhysAddr), quote!(entry.as_u64())),
        EntryFormat::Layout(name) => {
            // Entry layouts are 64 bits wide (list_roles checks it), so `into_bits` is a u64.
            // The generated `mod.rs` re-exports every layout, so siblings are reachable via `super`.
            let e = format_ident!("{}", type_name(name));
            (quote!(super::#e), quote!(entry.into_bits()))
        }
    };
    // Parameters a rule does not read are named `_x`, so the output has no unused variables.
    let (placement_count, placement) = if singleton {
        (quote!(count), quote!(if count == 1 { ::tdx_abi::Placement::InPlace } else { ::tdx_abi::Placement::ListPage }))
    } else {
        (quote!(_count), quote!(::tdx_abi::Placement::ListPage))
    };
    let singleton_guard = singleton.then(|| {
        quote! {
            if count == 1 {
                return Err(::tdx_abi::ListError::SingletonRequired { list: Self::NAME });
            }
        }
    });
    let page = if singleton { quote!(page) } else { quote!(_page) };
    let in_place = if singleton {
        quote! {
            if !page.is_page_aligned() {
                return Err(::tdx_abi::ListError::Misaligned { list: Self::NAME, addr: page.as_u64() });
            }
            Ok(Self::new().#with_addr(page)?.#with_count(#single_stored)?)
        }
    } else {
        quote!(Err(::tdx_abi::ListError::NoSingletonRule { list: Self::NAME }))
    };
    let (release_count, release) = match r.singleton.as_ref().map(|s| s.release_input) {
        Some(ReleaseInput::Zero) => (quote!(count), quote!(if count == 1 { 0 } else { list_page.as_u64() })),
        Some(ReleaseInput::ListPage) | None => (quote!(_count), quote!(list_page.as_u64())),
    };
    let (cursor, with_cursor) = match &r.cursor_field {
        Some(c) => {
            let get = format_ident!("{}", fn_name(c));
            let with = format_ident!("with_{}", fn_name(c));
            let cursor_ty = layout.field(c).map_or(quote!(u64), super::types::field_type);
            // Validated: the cursor field can index every entry, so below CAPACITY the cast keeps the value.
            (
                quote!(Some(self.#get() as usize)),
                quote!(
                    fn with_cursor(self, cursor: usize) -> Result<Self, ::tdx_abi::ListError> {
                        if cursor >= Self::CAPACITY {
                            return Err(::tdx_abi::ListError::CursorOutOfRange { list: Self::NAME, cursor, capacity: Self::CAPACITY });
                        }
                        Ok(self.#with(cursor as #cursor_ty))
                    }
                ),
            )
        }
        None => (
            quote!(None),
            quote!(
                fn with_cursor(self, _cursor: usize) -> Result<Self, ::tdx_abi::ListError> {
                    Ok(self)
                }
            ),
        ),
    };
    quote! {
        impl ::tdx_abi::PageList for #ty {
            type Entry = #entry_ty;
            const CAPACITY: usize = #capacity;
            const SINGLETON: bool = #singleton;
            const RESUMABLE: bool = #resumable;

            fn entry_bits(entry: Self::Entry) -> u64 { #entry_bits }

            fn placement(#placement_count: usize) -> ::tdx_abi::Placement { #placement }

            fn encode_list(list_page: ::tdx_abi::PhysAddr, count: usize) -> Result<Self, ::tdx_abi::ListError> {
                if count == 0 || count > Self::CAPACITY {
                    return Err(::tdx_abi::ListError::CountOutOfRange { list: Self::NAME, count, capacity: Self::CAPACITY });
                }
                #singleton_guard
                if !list_page.is_page_aligned() {
                    return Err(::tdx_abi::ListError::Misaligned { list: Self::NAME, addr: list_page.as_u64() });
                }
                // `count` is at most CAPACITY, which validation proved the count field holds.
                Ok(Self::new().#with_addr(list_page)?.#with_count(#stored)?)
            }

            fn encode_in_place(#page: ::tdx_abi::PhysAddr) -> Result<Self, ::tdx_abi::ListError> { #in_place }

            fn release_input(list_page: ::tdx_abi::PhysAddr, #release_count: usize) -> u64 { #release }

            fn address(self) -> ::tdx_abi::PhysAddr { self.#get_addr() }

            fn count(self) -> usize { #decoded }

            fn cursor(self) -> Option<usize> { #cursor }

            #with_cursor
        }
    }
}
