//! Expanding tables for a crate other than tdx-abi: the proc-macro and the
//! build-script API both come through here, with the same emitter as
//! `cargo xtask regen`.

use crate::diag::{Diagnostic, Diagnostics};
use crate::emit::rust::expand;
use crate::load::{load, TableSource};
use crate::model::Model;
use crate::validate::validate;
use proc_macro2::TokenStream;

/// Status codes and operand IDs extend `tdx_abi::TdxStatus`, which only tdx-abi can do.
fn only_tdx_abi_tables(model: &Model) -> Result<(), Diagnostics> {
    let mut diags = Vec::new();
    let origins = model.tables.status_codes.iter().map(|s| (&s.origin, format!("status code `{}`", s.name)));
    let origins =
        origins.chain(model.tables.operand_ids.iter().map(|o| (&o.origin, format!("operand ID `{}`", o.name))));
    for (origin, entry) in origins {
        let d: Diagnostic = model.tables.entry_diag(
            entry,
            origin,
            None,
            None,
            "status codes and operand IDs belong to tdx-abi's own tables",
        );
        diags.push(d.with_help(
            "they extend tdx_abi::TdxStatus; a downstream crate may define layouts, leaves and metadata fields",
        ));
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(diags).sorted())
    }
}

/// Loads, validates and expands `sources` into items for a downstream crate
/// (layout modules, leaves, metadata fields, as inline modules). Nothing is
/// written on this path: render a failure with `render("nothing was generated")`.
pub fn expand_downstream(sources: &[TableSource]) -> Result<TokenStream, Diagnostics> {
    let model = load(sources).and_then(validate)?;
    only_tdx_abi_tables(&model)?;
    Ok(expand(&model))
}

/// What a downstream front end says when the tables are refused.
pub const NOTHING_GENERATED: &str = "nothing was generated";

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Vec<TableSource> {
        vec![TableSource { display_path: "t.yaml".into(), bytes: text.as_bytes().to_vec() }]
    }

    #[test]
    fn status_tables_are_refused_outside_tdx_abi() {
        let err =
            expand_downstream(&source("source: {repo: a/b, path: c}\nstatus_codes:\n  - {name: TDX_X, value: 1}\n"))
                .unwrap_err()
                .render(NOTHING_GENERATED);
        assert!(err.contains("status codes and operand IDs belong to tdx-abi's own tables"), "{err}");
        assert!(err.contains("t.yaml:3:5"), "{err}");
    }

    #[test]
    fn invalid_tables_come_back_as_rendered_diagnostics() {
        let err = expand_downstream(&source("layouts: [{name: X}]\n")).unwrap_err().render(NOTHING_GENERATED);
        assert!(err.starts_with("error: missing field `width`"), "{err}");
    }
}
