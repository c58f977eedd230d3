//! Rule: a `since` (of a leaf, sub-function, layout field or metadata field)
//! that names a TDX_FEATURES0 bit
//! names one the TDX_FEATURES0 layout has, at the bit it states, so the
//! generated availability test reads the right bit.

use crate::diag::Diagnostic;
use crate::model::{Since, Tables};

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    let features = tables.features0();
    let leaves = tables.leaves.iter().map(|l| (format!("leaf `{}`", l.name), &l.since, &l.origin));
    let subfunctions =
        tables.tdvmcalls.iter().map(|t| (format!("TDVMCALL sub-function `{}`", t.name), &t.since, &t.origin));
    let fields = tables.layouts.iter().flat_map(|l| {
        l.fields.iter().filter_map(move |f| {
            f.since.as_ref().map(|s| (format!("field `{}` of layout `{}`", f.name, l.name), s, &f.origin))
        })
    });
    let metadata = tables
        .metadata_fields
        .iter()
        .filter_map(|m| m.since.as_ref().map(|s| (format!("metadata field `{}`", m.name), s, &m.origin)));
    let entries = leaves.chain(subfunctions).chain(fields).chain(metadata);
    for (entry, since, origin) in entries {
        let Since::Feature0 { name, bit } = Since::parse(since) else { continue };
        let diag = |msg: String, help: String| {
            tables.entry_diag(entry.clone(), origin, Some("since"), None, msg).with_help(help)
        };
        let Some(layout) = features else {
            if bit.is_none() {
                let help = "write the bit, `TDX_FEATURES0.NAME (bit N)`, or add the TDX_FEATURES0 layout".to_string();
                out.push(diag(
                    format!("`TDX_FEATURES0.{name}` names no bit number, and no TDX_FEATURES0 layout says it"),
                    help,
                ));
            }
            continue;
        };
        match layout.fields.iter().find(|f| f.name == name) {
            None => {
                let guess = crate::suggest::did_you_mean(&name, layout.fields.iter().map(|f| f.name.as_str()));
                out.push(diag(
                    format!("TDX_FEATURES0 has no bit `{name}`"),
                    format!("{guess}name a field of the TDX_FEATURES0 layout"),
                ));
            }
            Some(f) if bit.is_some_and(|b| b != f.bits.lo || f.bits.hi != f.bits.lo) => {
                let at = if f.bits.hi == f.bits.lo { format!("bit {}", f.bits.lo) } else { format!("bits {}", f.bits) };
                out.push(diag(
                    format!(
                        "`since` says TDX_FEATURES0.{name} is bit {}, but the layout puts it at {at}",
                        bit.unwrap_or_default()
                    ),
                    "fix the bit number or the layout".into(),
                ));
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, leaves_yaml, run};

    #[test]
    fn feature_bits_must_exist_where_stated() {
        let features =
            layout_yaml("TDX_FEATURES0", 64, &[("TD_MIGRATION", "0", ""), ("SERVICE_TD", "2", "")], &["63:3", "1"], "");
        let leaves = leaves_yaml(
            "  - {name: TDH.EXPORT.MEM, number: 70, since: \"TDX_FEATURES0.TD_MIGRATION (bit 0)\", description: d}\n  - {name: TDH.SERVTD.BIND, number: 48, since: \"TDX_FEATURES0.SERVICE_TD (bit 1)\", description: d}\n  - {name: TDH.X.Y, number: 49, since: \"TDX_FEATURES0.TD_MIGRATON\", description: d}\n",
        );
        let found = run(super::check, &[&features, &leaves]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].ends_with("`since` says TDX_FEATURES0.SERVICE_TD is bit 1, but the layout puts it at bit 2"),
            "{found:?}"
        );
        assert!(found[1].ends_with("TDX_FEATURES0 has no bit `TD_MIGRATON`"), "{found:?}");
    }
}
