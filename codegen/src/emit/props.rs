//! A property-test module covering every generated field of every layout.
//! The hand-written test root `tests/field_props.rs` includes it after the
//! `tests/support` module, whose `field_props!` / `flag_props!` / `addr_props!`
//! macros check each accessor against an independent bitvec oracle.

use super::rust::{address_type_text, field_value_type_text, format_file, macro_call, splice, Texts};
use super::{banner, EmitError};
use crate::model::{FieldKind, Model};
use crate::names::{list_test, prop_test, struct_test, type_name, FieldAccessors};
use crate::resolved::Entry;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The generated test file.
pub fn emit(model: &Model) -> Result<String, EmitError> {
    let mut texts = Texts::spliced();
    let tokens = file_tokens(model, &mut texts);
    splice(&format_file(&banner::rust("spec-tables"), tokens)?, &texts.into_spliced())
}

/// The file with every text lexed and formatted (what [`emit`] must equal).
#[cfg(test)]
pub(crate) fn formatted_from_tokens(model: &Model) -> Result<String, EmitError> {
    format_file(&banner::rust("spec-tables"), file_tokens(model, &mut Texts::lexed()))
}

/// The file's tokens, each field's test macro call written as text.
fn file_tokens(model: &Model, texts: &mut Texts) -> TokenStream {
    let mut cases = TokenStream::new();
    for layout in model.layouts.values() {
        let ty = type_name(&layout.name);
        for f in layout.fields_by_position() {
            let n = FieldAccessors::of_field(f);
            let (hi, lo) = (format!("{}usize", f.bits.hi), format!("{}usize", f.bits.lo));
            let test = prop_test(&layout.name, &n.get);
            if f.kind == FieldKind::Flag {
                cases.extend(texts.top_items(macro_call("flag_props", &[test, ty.clone(), n.get, n.with, n.set, lo])));
                continue;
            }
            let ty_val = field_value_type_text(f);
            let args = [
                test,
                ty.clone(),
                n.get.clone(),
                n.with.clone(),
                n.try_with.clone(),
                n.set,
                ty_val,
                hi.clone(),
                lo.clone(),
            ];
            cases.extend(texts.top_items(macro_call("field_props", &args)));
            if let (Some(a), Some(addr_ty)) = (n.addr, address_type_text(f.kind)) {
                let test = prop_test(&layout.name, &a.get);
                let args = [test, ty.clone(), addr_ty.to_owned(), a.get, a.with, a.try_with, hi, lo];
                cases.extend(texts.top_items(macro_call("addr_props", &args)));
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
    quote! {
        #![doc = #doc]
        use super::support;
        use tdx_abi::*;
        #cases
    }
}
