//! Expanding tables for a crate other than tdx-abi: the proc-macro and the
//! build-script API both come through here, with the same emitter as
//! `cargo xtask regen`.

use crate::diag::{Diagnostic, Diagnostics};
use crate::emit::rust::expand;
use crate::load::{load, TableSource};
use crate::model::Model;
use crate::validate::validate;
use proc_macro2::TokenStream;

/// Status codes, operand IDs and TDG.VP.VMCALL statuses extend `tdx_abi::TdxStatus` and
/// `tdx_abi::TdvmcallStatus`, which only tdx-abi can do.
fn only_tdx_abi_tables(model: &Model) -> Result<(), Diagnostics> {
    let mut diags = Vec::new();
    let origins = model.tables.status_codes.iter().map(|s| (&s.origin, format!("status code `{}`", s.name)));
    let origins =
        origins.chain(model.tables.operand_ids.iter().map(|o| (&o.origin, format!("operand ID `{}`", o.name))));
    let origins = origins
        .chain(model.tables.tdvmcall_statuses.iter().map(|s| (&s.origin, format!("TDVMCALL status `{}`", s.name))));
    for (origin, entry) in origins {
        let d: Diagnostic = model.tables.entry_diag(
            entry,
            origin,
            None,
            None,
            "status codes, operand IDs and TDVMCALL statuses belong to tdx-abi's own tables",
        );
        diags.push(d.with_help(
            "they extend tdx_abi::TdxStatus or TdvmcallStatus; a downstream crate may define layouts, leaves, sub-functions and metadata fields",
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
        assert!(
            err.contains("status codes, operand IDs and TDVMCALL statuses belong to tdx-abi's own tables"),
            "{err}"
        );
        assert!(err.contains("t.yaml:3:5"), "{err}");
    }

    #[test]
    fn invalid_tables_come_back_as_rendered_diagnostics() {
        let err = expand_downstream(&source("layouts: [{name: X}]\n")).unwrap_err().render(NOTHING_GENERATED);
        assert!(err.starts_with("error: missing field `width`"), "{err}");
    }

    #[test]
    fn tdvmcall_statuses_are_refused_and_sub_functions_expand_without_extending_tdx_abi() {
        let statuses = "source: {repo: a/b, path: c}\ntdvmcall_statuses:\n  - {name: TDVMCALL_STATUS_X, value: 5}\n";
        let err = expand_downstream(&source(statuses)).unwrap_err().to_string();
        assert!(err.contains("TDVMCALL status `TDVMCALL_STATUS_X`"), "{err}");
        let sub = "source: {repo: a/b, path: c}\ntdvmcalls:\n  - {name: MY_CALL, code: 0x20001, ghci: MyCall, since: GHCI 1.5, description: d, inputs: [{reg: r12, name: a, type: u64}], outputs: []}\n";
        let tokens = expand_downstream(&source(sub)).unwrap().to_string();
        assert!(tokens.contains("fn my_call"), "{tokens}");
        assert!(!tokens.contains("impl TdvmcallStatus"), "a downstream crate cannot extend tdx-abi's type: {tokens}");
    }
}
