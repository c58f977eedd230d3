//! A property-test module covering every generated field of every layout.
//! The hand-written test root `tests/field_props.rs` includes it after the
//! `tests/support` module, whose `field_props!` / `flag_props!` / `addr_props!`
//! macros check each accessor against an independent bitvec oracle.

use super::{banner, rust::format_file, EmitError};
use crate::model::{FieldKind, Model};
use crate::names::{list_test, prop_test, struct_test, type_name, FieldAccessors};
use crate::resolved::Entry;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The generated test file.
pub fn emit(model: &Model) -> Result<String, EmitError> {
    let mut cases = TokenStream::new();
    for layout in model.layouts.values() {
        let ty = format_ident!("{}", type_name(&layout.name));
        for f in layout.fields_by_position() {
            let n = FieldAccessors::of_field(f);
            let test = format_ident!("{}", prop_test(&layout.name, &n.get));
            let (get, with, set) =
                (format_ident!("{}", n.get), format_ident!("{}", n.with), format_ident!("{}", n.set));
            let (hi, lo) = (f.bits.hi as usize, f.bits.lo as usize);
            if f.kind == FieldKind::Flag {
                cases.extend(quote!(flag_props!(#test, #ty, #get, #with, #set, #lo);));
                continue;
            }
            let try_with = format_ident!("{}", n.try_with);
            let ty_val = super::rust::field_value_type(f);
            cases.extend(quote!(field_props!(#test, #ty, #get, #with, #try_with, #set, #ty_val, #hi, #lo);));
            if let (Some(a), Some(addr_ty)) = (&n.addr, super::rust::address_type(f.kind)) {
                let test = format_ident!("{}", prop_test(&layout.name, &a.get));
                let (get, with, try_with) =
                    (format_ident!("{}", a.get), format_ident!("{}", a.with), format_ident!("{}", a.try_with));
                cases.extend(quote!(addr_props!(#test, #ty, #addr_ty, #get, #with, #try_with, #hi, #lo);));
            }
        }
    }
    for (name, list) in &model.lists {
        let (ty, test) = (format_ident!("{}", type_name(name)), format_ident!("{}", list_test(name)));
        let (hi, lo) = (list.address.field.bits.hi as usize, list.address.field.bits.lo as usize);
        // A bare page address is a 52-bit PhysAddr (bits 51:12 name the frame).
        let (ehi, elo, entry_fields) = match &list.entry {
            Entry::PageHpa => (51usize, 12usize, quote!(&[])),
            Entry::Layout(e) => {
                let ety = format_ident!("{}", e.rust);
                let bits = e.address.field.bits;
                (bits.hi as usize, bits.lo as usize, quote!(<#ety as Layout>::FIELDS))
            }
        };
        cases.extend(quote!(list_props!(#test, #ty, #hi, #lo, #ehi, #elo, #entry_fields);));
    }
    for s in model.structs.values() {
        let (ty, test) = (format_ident!("{}", type_name(&s.name)), format_ident!("{}", struct_test(&s.name)));
        cases.extend(quote!(struct_props!(#test, #ty);));
    }
    let doc =
        " Property tests of every generated field accessor against a bitvec oracle, and of every list type's encoding.";
    let tokens = quote! {
        #![doc = #doc]
        use super::support;
        use tdx_abi::*;
        #cases
    };
    format_file(&banner::rust("spec-tables"), tokens)
}
