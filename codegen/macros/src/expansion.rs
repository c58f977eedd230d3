//! The macros' work on `proc_macro2` tokens, so it can be unit tested.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use tdx_codegen::downstream::{expand_downstream, NOTHING_GENERATED};
use tdx_codegen::load::{read_dir, TableSource};

fn error(span: Span, message: &str) -> TokenStream {
    // rustc prints its own "error: " before the message.
    let message = message.strip_prefix("error: ").unwrap_or(message);
    syn::Error::new(span, message).to_compile_error()
}

fn literal(input: TokenStream) -> Result<syn::LitStr, TokenStream> {
    syn::parse2::<syn::LitStr>(input).map_err(|e| {
        let msg = format!("{e}: expected one string literal");
        error(Span::call_site(), &msg)
    })
}

/// `include_tables!("path")`.
pub fn include_tables(input: TokenStream) -> TokenStream {
    let lit = match literal(input) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    expand_path(&manifest, &lit.value(), lit.span())
}

/// Expands the table file or directory at `rel` under `manifest`.
pub fn expand_path(manifest: &Path, rel: &str, span: Span) -> TokenStream {
    let path = manifest.join(rel);
    let (sources, files) = if path.is_dir() {
        match read_dir(&path, manifest) {
            Ok(s) => {
                let files: Vec<PathBuf> = s.iter().map(|t| manifest.join(&t.display_path)).collect();
                (s, files)
            }
            // The path as written, relative to Cargo.toml: the same message wherever the crate is built.
            Err(e) => {
                return error(
                    span,
                    &format!("cannot read tables under `{rel}` (relative to the crate's Cargo.toml): {e}"),
                )
            }
        }
    } else {
        match std::fs::read(&path) {
            Ok(bytes) => (vec![TableSource { display_path: rel.to_owned(), bytes }], vec![path.clone()]),
            Err(e) => return error(span, &format!("cannot read `{rel}` (relative to the crate's Cargo.toml): {e}")),
        }
    };
    match expand_downstream(&sources) {
        Ok(items) => {
            // Naming each file in include_bytes! makes cargo rebuild when a table changes.
            let deps = files.iter().map(|f| {
                let f = f.to_string_lossy().into_owned();
                quote!(
                    const _: &[u8] = include_bytes!(#f);
                )
            });
            quote!(#(#deps)* #items)
        }
        Err(diagnostics) => error(span, &diagnostics.render(NOTHING_GENERATED)),
    }
}

/// `tables!(r#"..."#)`.
pub fn inline_tables(input: TokenStream) -> TokenStream {
    let lit = match literal(input) {
        Ok(l) => l,
        Err(e) => return e,
    };
    // Positions in diagnostics count lines from the start of the string literal.
    let sources = [TableSource { display_path: "<inline table>".into(), bytes: lit.value().into_bytes() }];
    match expand_downstream(&sources) {
        Ok(items) => items,
        Err(diagnostics) => error(lit.span(), &diagnostics.render(NOTHING_GENERATED)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORD: &str = "layouts:\n  - name: W\n    width: 8\n    summary: s\n    source: {repo: a/b, path: c}\n    fields:\n      - {name: A, bits: \"7:0\", description: d, ref: r}\n";

    #[test]
    fn inline_tables_expand_to_the_emitter_output() {
        let out = inline_tables(quote!(#WORD)).to_string();
        assert!(out.contains("pub struct W (u8)"), "{out}");
        assert!(out.contains("impl :: tdx_abi :: Layout for W"), "{out}");
    }

    #[test]
    fn bad_tables_become_compile_errors_with_position() {
        let bad = WORD.replace("\"7:0\"", "\"8:0\"");
        let out = inline_tables(quote!(#bad)).to_string();
        assert!(out.starts_with(":: core :: compile_error !"), "{out}");
        assert!(out.contains("{ \"range 8:0 reaches bit 8"), "no doubled error prefix: {out}");
        assert!(out.contains("<inline table>:7:25"), "{out}");
        assert!(out.contains("nothing was generated"), "{out}");
    }

    #[test]
    fn files_are_tracked_with_include_bytes() {
        let dir = std::env::temp_dir().join(format!("tdx-macros-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.yaml"), WORD).unwrap();
        let out = expand_path(&dir, "t.yaml", Span::call_site()).to_string();
        assert!(out.contains("include_bytes !"), "{out}");
        assert!(out.contains("t.yaml"), "{out}");
        let missing = expand_path(&dir, "nope.yaml", Span::call_site()).to_string();
        assert!(missing.contains("cannot read"), "{missing}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_non_literal_argument_is_a_clear_error() {
        let out = include_tables(quote!(some_ident)).to_string();
        assert!(out.contains("expected one string literal"), "{out}");
    }
}
