//! The `PageList` impl of a list type, derived from its table roles. The
//! singleton rule and the release-input rule live here, in one generated place.

use crate::model::{CountEncoding, Layout, ReleaseInput};
use crate::names::{type_name, FieldAccessors};
use crate::resolved::{Entry, EntryLayout, FrameField, FrameSpace, ListType};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `PhysAddr`, `GuestPhysAddr` or `GuestLinearAddr`, as the frame field names.
fn addr_type(f: &FrameField) -> TokenStream {
    match f.space {
        FrameSpace::Host => quote!(::tdx_abi::PhysAddr),
        FrameSpace::Guest => quote!(::tdx_abi::GuestPhysAddr),
        FrameSpace::GuestLinear => quote!(::tdx_abi::GuestLinearAddr),
    }
}

/// `0x..._u64`: masks read best in hex.
pub(super) fn lit(v: u64) -> proc_macro2::Literal {
    format!("{v:#x}_u64").parse().unwrap_or_else(|_| proc_macro2::Literal::u64_suffixed(v))
}

/// `T::new()`, or `T::from_bits(fixed)` when the layout has fixed fields to set.
fn base(ty: TokenStream, fixed: u64) -> TokenStream {
    if fixed == 0 {
        quote!(#ty::new())
    } else {
        let fixed = lit(fixed);
        quote!(#ty::from_bits(#fixed))
    }
}

/// `encode_entry` / `decode_entry` and the entry's types, from the entry roles.
struct EntryCode {
    ty: TokenStream,
    addr_ty: TokenStream,
    max_pages: TokenStream,
    bits: TokenStream,
    encode: TokenStream,
    decode: TokenStream,
}

fn entry_code(entry: &Entry) -> EntryCode {
    let pages_guard = quote! {
        if pages == 0 || pages > Self::MAX_ENTRY_PAGES {
            return Err(::tdx_abi::ListError::PagesOutOfRange { list: Self::NAME, pages, max: Self::MAX_ENTRY_PAGES });
        }
        if !addr.is_page_aligned() {
            return Err(::tdx_abi::ListError::Misaligned { list: Self::NAME, addr: addr.as_u64() });
        }
    };
    match entry {
        Entry::PageHpa => EntryCode {
            ty: quote!(::tdx_abi::PhysAddr),
            addr_ty: quote!(::tdx_abi::PhysAddr),
            max_pages: quote!(1),
            bits: quote!(entry.as_u64()),
            encode: quote! { #pages_guard Ok(addr.as_u64()) },
            decode: quote! {
                match ::tdx_abi::PhysAddr::new(bits) {
                    Some(addr) if addr.is_page_aligned() => Ok(::tdx_abi::ListEntry { addr, pages: 1 }),
                    _ => Err(::tdx_abi::ListError::EntryMalformed { list: Self::NAME, bits }),
                }
            },
        },
        Entry::Layout(layout) => {
            let EntryLayout { rust, address, pages, reserved, fixed, .. } = layout.as_ref();
            // Entry layouts are 64 bits wide (list_roles checks it), so their raw value is a u64.
            // The generated `mod.rs` re-exports every layout, so siblings are reachable via `super`.
            let e = format_ident!("{rust}");
            let (with_addr, get_addr) =
                (format_ident!("{}", address.view.try_with), format_ident!("{}", address.view.get));
            let start = base(quote!(super::#e), fixed.bits);
            // Only the checks this entry layout needs, so the output has no always-false tests.
            let mut bad = Vec::new();
            if *reserved != 0 {
                let reserved = lit(*reserved);
                bad.push(quote!(bits & #reserved != 0));
            }
            if fixed.mask != 0 {
                let (mask, value) = (lit(fixed.mask), lit(fixed.bits));
                bad.push(quote!(bits & #mask != #value));
            }
            if matches!(pages, Some((_, CountEncoding::Exact))) {
                bad.push(quote!(pages == 0));
            }
            let malformed = (!bad.is_empty()).then(|| {
                quote! {
                    if #(#bad)||* {
                        return Err(::tdx_abi::ListError::EntryMalformed { list: Self::NAME, bits });
                    }
                }
            });
            // Validated: the field holds at least 2 bits under `exact`, so the maximum fits a usize.
            let max_pages = proc_macro2::Literal::u64_unsuffixed(entry.max_pages());
            let max_pages = quote!(#max_pages);
            let (set_pages, get_pages) = match pages {
                None => (quote!(), quote!(1)),
                Some((f, enc)) => {
                    let n = FieldAccessors::of_field(f);
                    let (try_with, get) = (format_ident!("{}", n.try_with), format_ident!("{}", n.get));
                    let ty = super::types::field_type(f);
                    match enc {
                        CountEncoding::MinusOne => {
                            (quote!(.#try_with((pages - 1) as #ty)?), quote!(e.#get() as usize + 1))
                        }
                        CountEncoding::Exact => (quote!(.#try_with(pages as #ty)?), quote!(e.#get() as usize)),
                    }
                }
            };
            EntryCode {
                ty: quote!(super::#e),
                addr_ty: addr_type(address),
                max_pages,
                bits: quote!(entry.into_bits()),
                encode: quote! {
                    #pages_guard
                    Ok(#start.#with_addr(addr)? #set_pages .into_bits())
                },
                decode: quote! {
                    let e = super::#e::from_bits(bits);
                    let pages = #get_pages;
                    #malformed
                    Ok(::tdx_abi::ListEntry { addr: e.#get_addr(), pages })
                },
            }
        }
    }
}

pub fn emit(layout: &Layout, r: &ListType) -> TokenStream {
    let ty = format_ident!("{}", type_name(&layout.name));
    let capacity = r.capacity as usize;
    let singleton = r.singleton.is_some();
    let resumable = r.cursor.is_some();
    let entry_is_addr = matches!(r.entry, Entry::PageHpa);
    // The checked setters: an address or count the fields cannot hold is an error, never another page.
    let (with_addr, get_addr) = (format_ident!("{}", r.address.view.try_with), format_ident!("{}", r.address.view.get));
    let list_addr = addr_type(&r.address);
    let base = base(quote!(Self), r.fixed.bits);
    let count = FieldAccessors::of_field(&r.count);
    let (get_count, with_count) = (format_ident!("{}", count.get), format_ident!("{}", count.try_with));
    let count_ty = super::types::field_type(&r.count);
    let (stored, decoded) = match r.encoding {
        CountEncoding::MinusOne => (quote!((count - 1) as #count_ty), quote!(self.#get_count() as usize + 1)),
        CountEncoding::Exact => (quote!(count as #count_ty), quote!(self.#get_count() as usize)),
    };
    let single_stored = proc_macro2::Literal::u32_unsuffixed(r.encoding.stored(1));
    let EntryCode { ty: entry_ty, addr_ty: entry_addr, max_pages, bits: entry_bits, encode, decode } =
        entry_code(&r.entry);
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
            Ok(#base.#with_addr(page)?.#with_count(#single_stored)?)
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
            type ListAddr = #list_addr;
            type EntryAddr = #entry_addr;
            const CAPACITY: usize = #capacity;
            const MAX_ENTRY_PAGES: usize = #max_pages;
            const SINGLETON: bool = #singleton;
            const RESUMABLE: bool = #resumable;
            const ENTRY_IS_PAGE_ADDRESS: bool = #entry_is_addr;

            fn entry_bits(entry: Self::Entry) -> u64 { #entry_bits }

            fn encode_entry(addr: Self::EntryAddr, pages: usize) -> Result<u64, ::tdx_abi::ListError> { #encode }

            fn decode_entry(bits: u64) -> Result<::tdx_abi::ListEntry<Self::EntryAddr>, ::tdx_abi::ListError> { #decode }

            fn placement(#placement_count: usize) -> ::tdx_abi::Placement { #placement }

            fn encode_list(list_page: Self::ListAddr, count: usize) -> Result<Self, ::tdx_abi::ListError> {
                if count == 0 || count > Self::CAPACITY {
                    return Err(::tdx_abi::ListError::CountOutOfRange { list: Self::NAME, count, capacity: Self::CAPACITY });
                }
                #singleton_guard
                if !list_page.is_page_aligned() {
                    return Err(::tdx_abi::ListError::Misaligned { list: Self::NAME, addr: list_page.as_u64() });
                }
                // `count` is at most CAPACITY, which validation proved the count field holds.
                Ok(#base.#with_addr(list_page)?.#with_count(#stored)?)
            }

            fn encode_in_place(#page: Self::ListAddr) -> Result<Self, ::tdx_abi::ListError> { #in_place }

            fn release_input(list_page: Self::ListAddr, #release_count: usize) -> u64 { #release }

            fn address(self) -> Self::ListAddr { self.#get_addr() }

            fn count(self) -> usize { #decoded }

            fn cursor(self) -> Option<usize> { #cursor }

            #with_cursor
        }
    }
}
