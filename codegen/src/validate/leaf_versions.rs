//! Rule: a leaf lists its versions once each, each fitting RAX bits 23:16,
//! and an argument's `since_version` is one of them.

use crate::diag::Diagnostic;
use crate::model::Tables;
use std::collections::BTreeSet;

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for leaf in &tables.leaves {
        let entry = format!("leaf `{}`", leaf.name);
        let mut seen = BTreeSet::new();
        if leaf.versions.is_empty() {
            let d =
                tables.entry_diag(entry.clone(), &leaf.origin, Some("versions"), None, "the leaf lists no versions");
            out.push(d.with_help("every leaf has at least version 0: write `versions: [0]` or drop the key"));
        }
        for v in &leaf.versions {
            if *v > 0xFF {
                let d = tables.entry_diag(
                    entry.clone(),
                    &leaf.origin,
                    Some("versions"),
                    None,
                    format!("version {v} does not fit RAX bits 23:16"),
                );
                out.push(d.with_help("versions are 0..=255"));
            } else if !seen.insert(*v) {
                let d = tables.entry_diag(
                    entry.clone(),
                    &leaf.origin,
                    Some("versions"),
                    None,
                    format!("version {v} is listed twice"),
                );
                out.push(d.with_help("list each version once"));
            }
        }
        let args = leaf.inputs.iter().chain(leaf.outputs.iter()).flatten();
        for a in args.filter(|a| a.since_version.is_some_and(|v| !leaf.versions.contains(&v))) {
            let v = a.since_version.unwrap_or_default();
            let msg = format!("`{}` is used since version {v}, which the leaf does not list", a.name);
            let field = Some(format!("argument `{}`", a.name));
            let help = format!("list version {v} under `versions`, or fix `since_version`");
            out.push(tables.entry_diag(entry.clone(), &a.origin, Some("since_version"), field, msg).with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{leaves_yaml, run};

    fn leaf(versions: &str, since: &str) -> String {
        leaves_yaml(&format!(
            "  - name: TDH.VP.INIT\n    number: 22\n    versions: {versions}\n    since: \"1.0\"\n    description: d\n    inputs: [{{reg: r8, name: x2apic_id, type: u64, since_version: {since}}}]\n"
        ))
    }

    #[test]
    fn listed_versions_pass() {
        assert!(run(super::check, &[&leaf("[0, 1]", "1")]).is_empty());
    }

    #[test]
    fn out_of_range_repeated_and_unlisted_versions_are_reported() {
        assert_eq!(
            run(super::check, &[&leaf("[0, 0, 256]", "2")]),
            [
                "5:15 version 0 is listed twice",
                "5:15 version 256 does not fit RAX bits 23:16",
                "8:67 `x2apic_id` is used since version 2, which the leaf does not list",
            ]
        );
        assert_eq!(run(super::check, &[&leaf("[]", "0")]).len(), 2, "no versions, and since_version 0 unlisted");
    }
}
