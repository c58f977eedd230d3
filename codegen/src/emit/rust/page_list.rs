//! The `PageList` impl of a list type, derived from its table roles. The
//! singleton rule and the release-input rule live here, in one generated place.

use crate::model::{CountEncoding, Layout, ReleaseInput};
use crate::names::{type_name, FieldAccessors};
use crate::resolved::{Entry, ListType};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(layout: &Layout, r: &ListType) -> TokenStream {
    let ty = format_ident!("{}", type_name(&layout.name));
    let capacity = r.capacity as usize;
    let singleton = r.singleton.is_some();
    let resumable = r.cursor.is_some();
    // The checked setters: an address or count the fields cannot hold is an error, never another page.
    let (with_addr, get_addr) = (format_ident!("{}", r.address_view.try_with), format_ident!("{}", r.address_view.get));
    let count = FieldAccessors::of_field(&r.count);
    let (get_count, with_count) = (format_ident!("{}", count.get), format_ident!("{}", count.try_with));
    let count_ty = super::types::field_type(&r.count);
    let (stored, decoded) = match r.encoding {
        CountEncoding::MinusOne => (quote!((count - 1) as #count_ty), quote!(self.#get_count() as usize + 1)),
        CountEncoding::Exact => (quote!(count as #count_ty), quote!(self.#get_count() as usize)),
    };
    let single_stored = proc_macro2::Literal::u32_unsuffixed(r.encoding.stored(1));
    let (entry_ty, entry_bits) = match &r.entry {
        Entry::PageHpa => (quote!(::tdx_abi::PhysAddr), quote!(entry.as_u64())),
        Entry::Layout(rust) => {
            // Entry layouts are 64 bits wide (list_roles checks it), so `into_bits` is a u64.
            // The generated `mod.rs` re-exports every layout, so siblings are reachable via `super`.
            let e = format_ident!("{rust}");
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
    let (release_count, release) = match r.singleton {
        Some(ReleaseInput::Zero) => (quote!(count), quote!(if count == 1 { 0 } else { list_page.as_u64() })),
        Some(ReleaseInput::ListPage) | None => (quote!(_count), quote!(list_page.as_u64())),
    };
    let (cursor, with_cursor) = match &r.cursor {
        Some(c) => {
            let names = FieldAccessors::of_field(c);
            let (get, with) = (format_ident!("{}", names.get), format_ident!("{}", names.with));
            let cursor_ty = super::types::field_type(c);
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
