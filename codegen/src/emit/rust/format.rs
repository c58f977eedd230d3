//! Formatting generated Rust in-process: prettyplease for the file, and the
//! item inside a struct-wrapping macro (`__memory_struct! { aligned; <item> }`)
//! formatted as the item it is, since prettyplease prints a macro's body as
//! raw tokens.

use super::EmitError;

/// The macro whose body is an item to format like one.
const ITEM_MACRO: &str = "__memory_struct";

/// Formats `tokens` as a file, in-process, under a banner.
pub fn format_file(banner: &str, tokens: proc_macro2::TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError(format!("emitted tokens do not parse: {e}")))?;
    let mut text = prettyplease::unparse(&file);
    // Each macro's block is found after the previous one's, in item order.
    let mut from = 0;
    for item in &file.items {
        if let syn::Item::Macro(m) = item {
            if m.mac.path.segments.last().is_some_and(|s| s.ident == ITEM_MACRO) {
                (text, from) = reformat_body(&text, from, &m.mac)?;
            }
        }
    }
    Ok(format!("{banner}\n{text}"))
}

/// `text` with the first raw-token block of `mac` at or after byte `from` (from
/// its `path! {` line to the next line that is only `}`) replaced by its item,
/// formatted; and where the replaced block ends.
fn reformat_body(text: &str, from: usize, mac: &syn::Macro) -> Result<(String, usize), EmitError> {
    let bad = |why: &str| EmitError(format!("a `{ITEM_MACRO}!` body {why}"));
    let (mode, item) = mac
        .parse_body_with(|input: syn::parse::ParseStream<'_>| {
            let mode: syn::Ident = input.parse()?;
            input.parse::<syn::Token![;]>()?;
            Ok((mode, input.parse::<syn::Item>()?))
        })
        .map_err(|e| bad(&format!("does not parse: {e}")))?;
    let segments: Vec<String> = mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let lead = if mac.path.leading_colon.is_some() { "::" } else { "" };
    let opener = format!("{lead}{}! {{\n", segments.join("::"));
    let start = text[from..].find(&opener).map(|i| from + i).ok_or_else(|| bad("is not where prettyplease put it"))?;
    let end = text[start..].find("\n}\n").map(|i| start + i + 3).ok_or_else(|| bad("does not end"))?;
    let mut alone: syn::File = syn::parse_str("").map_err(|e| bad(&format!("cannot stand alone: {e}")))?;
    alone.items.push(item);
    let body = prettyplease::unparse(&alone);
    let indented: String =
        body.lines().map(|l| if l.is_empty() { "\n".into() } else { format!("    {l}\n") }).collect();
    let block = format!("{opener}    {mode};\n{indented}}}\n");
    let block_end = start + block.len();
    Ok((format!("{}{block}{}", &text[..start], &text[end..]), block_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_inside_the_struct_macro_is_formatted_as_an_item() {
        let tokens = quote::quote! {
            ::tdx_abi::__memory_struct! {
                unaligned;
                #[doc = " A doc line."]
                #[repr(C)]
                pub struct S { bytes: [u8; 4] }
            }
            const X: u8 = 1;
        };
        let text = format_file("// banner", tokens).unwrap();
        assert_eq!(
            text,
            "// banner\n::tdx_abi::__memory_struct! {\n    unaligned;\n    /// A doc line.\n    #[repr(C)]\n    pub struct S {\n        bytes: [u8; 4],\n    }\n}\nconst X: u8 = 1;\n"
        );
        // The formatted text is still the same tokens.
        let reparsed: syn::File = syn::parse_str(text.trim_start_matches("// banner\n")).unwrap();
        assert_eq!(reparsed.items.len(), 2);
    }

    #[test]
    fn two_struct_macros_in_one_file_are_each_formatted() {
        let tokens = quote::quote! {
            ::tdx_abi::__memory_struct! { unaligned; #[repr(C)] pub struct A { bytes: [u8; 1] } }
            ::tdx_abi::__memory_struct! { aligned; #[repr(C, align(8))] pub struct B { bytes: [u8; 8] } }
        };
        let text = format_file("//", tokens).unwrap();
        assert!(
            text.contains("    unaligned;\n    #[repr(C)]\n    pub struct A {\n        bytes: [u8; 1],\n    }\n}"),
            "{text}"
        );
        assert!(
            text.contains(
                "    aligned;\n    #[repr(C, align(8))]\n    pub struct B {\n        bytes: [u8; 8],\n    }\n}"
            ),
            "{text}"
        );
    }
}
