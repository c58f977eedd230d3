//! Rule: a singleton rule applies to exactly one entry, and only to lists of
//! page addresses (the value then holds that page's frame number).

use crate::diag::Diagnostic;
use crate::model::{EntryFormat, Tables};

pub fn check(tables: &Tables, out: &mut Vec<Diagnostic>) {
    for l in &tables.layouts {
        let Some(roles) = &l.list else { continue };
        let Some(s) = &roles.singleton else { continue };
        let field = Some("list role `singleton`".to_string());
        if s.count != 1 {
            let msg = format!("a singleton rule applies to one entry, not {}", s.count);
            let help = "write `count: 1`: with one page the value holds that page and no list page is used";
            out.push(tables.layout_diag(l, &s.origin, Some("count"), field.clone(), msg).with_help(help));
        }
        if let EntryFormat::Layout(name) = &roles.entry {
            let msg = format!("a singleton holds a page in place, but entries are `{name}` values");
            out.push(
                tables
                    .layout_diag(l, &s.origin, None, field, msg)
                    .with_help("use `entry: page_hpa`, or drop the singleton rule"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{layout_yaml, run};

    fn list(entry: &str, singleton: &str) -> String {
        let roles = format!(
            "list:\n  address_field: PFN\n  count_field: SIZE\n  count_encoding: minus_one\n  capacity: 512\n{entry}  singleton:\n{singleton}"
        );
        let e = layout_yaml("E", 64, &[("V", "63:0", "")], &[], "");
        let l = layout_yaml(
            "L",
            64,
            &[("PFN", "51:12", "kind: hpa_pfn"), ("SIZE", "63:55", "")],
            &["11:0", "54:52"],
            &roles,
        );
        format!("{l}{}", e.trim_start_matches("layouts:\n"))
    }

    #[test]
    fn a_one_page_rule_on_page_lists_passes() {
        assert!(
            run(super::check, &[&list("  entry: page_hpa\n", "    count: 1\n    release_input: zero\n")]).is_empty()
        );
    }

    #[test]
    fn other_counts_and_layout_entries_are_reported() {
        let y = list("  entry: layout\n  entry_layout: E\n", "    count: 2\n    release_input: zero\n");
        assert_eq!(
            run(super::check, &[&y]),
            [
                "29:16 a singleton rule applies to one entry, not 2",
                "29:9 a singleton holds a page in place, but entries are `E` values"
            ]
        );
    }
}
